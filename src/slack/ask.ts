/**
 * One question from Slack, whatever surface it came from (slash command, button, mention): take a
 * rate-limit token, get the Answer, and write the one structured request line (platform, command,
 * resolved ids, outcome, latency). Never throws; raw user text never reaches the log.
 */
import type { Logger } from "pino";
import { z } from "zod";
import type { CommandContext } from "../../commands/types.js";
import type { Answer } from "../answer/answer.js";
import type { RateLimiter, RequestLogFields } from "../server/adapter.js";

/** What answers a query: `answerQuery` from commands/index.ts, injectable for tests. */
export type AnswerFn = (text: string, ctx: CommandContext) => Promise<Answer>;

export interface Asker {
	answer: AnswerFn;
	rateLimiter: RateLimiter;
	logger: Logger;
	now?: () => number;
}

export interface Question {
	/** the surface, logged as `command`: "/canirun", "button", "app_mention" */
	command: string;
	teamId: string;
	userId: string;
	channelId: string;
	text: string;
}

export type Outcome =
	| { kind: "answer"; answer: Answer }
	| { kind: "rate_limited"; retryAfterMs: number }
	| { kind: "failed" };

/** The resolved ids we log, read from the Answer's JSON contract object (../shared/DESIGN.md §2). */
const answerIds = z.object({
	model: z.object({ id: z.string() }).partial().optional(),
	quant: z.object({ id: z.string() }).partial().optional(),
	runtime: z.string().optional(),
	hardware: z
		.object({ devices: z.array(z.object({ id: z.string(), count: z.number().optional() })) })
		.nullable()
		.optional(),
});

function idsOf(answer: Answer): Record<string, string | null> | undefined {
	const parsed = answerIds.safeParse(answer.json ?? {});
	if (!parsed.success || answer.json === null) return undefined;
	const devices = parsed.data.hardware?.devices.map((d) => (d.count && d.count > 1 ? `${d.count}x${d.id}` : d.id));
	return {
		model: parsed.data.model?.id ?? null,
		quant: parsed.data.quant?.id ?? null,
		runtime: parsed.data.runtime ?? null,
		hardware: devices && devices.length > 0 ? devices.join("+") : null,
	};
}

export async function ask(asker: Asker, q: Question): Promise<Outcome> {
	const now = asker.now ?? (() => performance.now());
	const started = now();
	const log = (outcome: RequestLogFields["outcome"], ids?: Record<string, string | null>): void => {
		const fields: RequestLogFields = {
			platform: "slack",
			command: q.command,
			outcome,
			latencyMs: Math.round(now() - started),
			...(ids !== undefined && { ids }),
		};
		if (outcome === "failed") asker.logger.warn(fields, "request");
		else asker.logger.info(fields, "request");
	};

	// keys are namespaced so a shared limiter never confuses a Slack id with a Discord one
	const decision = asker.rateLimiter.take(`slack:${q.teamId}:${q.userId}`, `slack:${q.teamId}:${q.channelId}`);
	if (!decision.ok) {
		log("rate_limited");
		return { kind: "rate_limited", retryAfterMs: decision.retryAfterMs };
	}
	try {
		const answer = await asker.answer(q.text === "" ? "help" : q.text, { platform: "slack" });
		log(answer.kind === "error" ? "error" : "answered", idsOf(answer));
		return { kind: "answer", answer };
	} catch (error) {
		// answerQuery promises never to throw; if it does, the user still gets a friendly line
		asker.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "slack answer failed");
		log("failed");
		return { kind: "failed" };
	}
}
