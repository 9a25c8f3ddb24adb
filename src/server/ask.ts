/**
 * The one per-question pipeline every adapter calls (issue 13 item 4, issue 18 items 4 and 6):
 * Discord (slash commands, buttons, mentions), Slack (slash command, buttons, app_mention) and the
 * console hand it a question and only render what comes back. In order:
 * 1. stopping → "stopping" (the adapter says it is restarting);
 * 2. load shedding: past `maxInFlight` answers in progress → "busy" at once, so a flood costs each
 *    extra question almost nothing and the acks of everyone else are not held up (issue 18: at 200
 *    in flight ~2 % of Slack acks took 3–11 s);
 * 3. rate limit (per user and per channel) → "rate_limited";
 * 4. the answer, after yielding to the event loop once (acks and I/O already waiting go out first),
 *    within a time budget → "answer", with every echo of user text cleaned (answer/clean-echo.ts);
 *    a throw or a blown budget → "failed";
 * 5. one request log line with the same fields and outcomes on every platform (an internal fault is
 *    "failed" everywhere: it was "failed" on Discord and "error" on Slack).
 * Never throws; raw user text never reaches the log, only resolved ids.
 */
import type { Logger } from "pino";
import type { Answer } from "../answer/answer.js";
import { cleanAnswer } from "../answer/clean-echo.js";
import { logRequest, type RequestLogFields } from "../log/request-log.js";
import type { RateLimiter } from "./adapter.js";

/** Answers in progress (computing or being delivered) past which new questions are told "busy". */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** An answer is computed in milliseconds; one that takes this long is a fault, not a slow answer. */
export const DEFAULT_ANSWER_BUDGET_MS = 10_000;

export const BUSY_MESSAGE = "canirun is busy answering a lot of questions right now; try again in a moment.";

export type AskOutcome =
	| { kind: "answer"; answer: Answer }
	| { kind: "rate_limited"; retryAfterMs: number }
	| { kind: "busy" }
	| { kind: "stopping" }
	| { kind: "failed" };

export interface AskRequest {
	platform: RequestLogFields["platform"];
	/** logged as `command`: "canirun", "button", "mention", "/canirun", "app_mention", "console" */
	command: string;
	/** rate-limit keys, namespaced by the adapter ("slack:T1:U1"); null: not rate limited (console) */
	rateKeys: readonly [user: string, channel: string] | null;
	/** what computes the Answer (the command layer); may throw, may hang: both are handled here */
	produce: () => Promise<Answer>;
	/**
	 * renders and sends the outcome (reply, respond, print); awaited inside the in-flight window, so
	 * slow deliveries count toward load shedding. A throw is logged ("delivery failed"), not passed on.
	 */
	deliver?: (outcome: AskOutcome) => Promise<void>;
}

export interface AskPipelineOptions {
	logger?: Logger;
	rateLimiter?: RateLimiter;
	maxInFlight?: number;
	budgetMs?: number;
	isStopping?: () => boolean;
	/** monotonic milliseconds */
	now?: () => number;
}

export interface AskPipeline {
	ask(request: AskRequest): Promise<AskOutcome>;
	/** questions currently being answered by this pipeline */
	readonly inFlight: number;
}

/** The resolved ids of an answer, read from its JSON contract object (DESIGN.md §2); never raw text. */
export function logIdsOf(answer: Answer): Record<string, string | null> | undefined {
	const json = answer.json as Record<string, unknown> | null;
	if (json === null || typeof json !== "object") return undefined;
	const id = (v: unknown): string | null => {
		const value = typeof v === "object" && v !== null ? (v as { id?: unknown }).id : undefined;
		return typeof value === "string" ? value.slice(0, 64) : null;
	};
	const model = id(json.model);
	const quant = id(json.quant);
	const hw = json.hardware as { devices?: unknown } | null | undefined;
	const devices = Array.isArray(hw?.devices)
		? (hw.devices as { id?: unknown; count?: unknown }[])
				.filter((d) => typeof d?.id === "string")
				.map((d) => (typeof d.count === "number" && d.count > 1 ? `${d.count}x${String(d.id)}` : String(d.id)))
				.join("+")
				.slice(0, 64)
		: "";
	const hardware = devices === "" ? null : devices;
	if (model === null && quant === null && hardware === null) return undefined;
	const runtime = typeof json.runtime === "string" ? json.runtime.slice(0, 64) : null;
	return { model, quant, hardware, runtime };
}

/** The log outcome of an Answer: an internal fault is "failed", a question we could not use "error". */
export function outcomeOf(answer: Answer): "answered" | "error" | "failed" {
	if (answer.kind !== "error") return "answered";
	return answer.errorKind === "internal" ? "failed" : "error";
}

const TIMED_OUT = Symbol("timed out");

function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

export function createAskPipeline(opts: AskPipelineOptions = {}): AskPipeline {
	const maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
	const budgetMs = opts.budgetMs ?? DEFAULT_ANSWER_BUDGET_MS;
	const now = opts.now ?? (() => performance.now());
	let inFlight = 0;

	function log(request: AskRequest, started: number, outcome: RequestLogFields["outcome"], answer?: Answer): void {
		if (opts.logger === undefined) return;
		const ids = answer !== undefined ? logIdsOf(answer) : undefined;
		const fields: RequestLogFields = {
			platform: request.platform,
			command: request.command,
			outcome,
			latencyMs: Math.round(now() - started),
			...(ids !== undefined && { ids }),
		};
		logRequest(opts.logger, fields);
	}

	async function answerWithin(request: AskRequest): Promise<Answer | typeof TIMED_OUT> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
			timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
		});
		try {
			return await Promise.race([request.produce(), timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	async function decide(request: AskRequest, started: number, busy: boolean): Promise<AskOutcome> {
		try {
			if (opts.isStopping?.() === true) {
				log(request, started, "stopping");
				return { kind: "stopping" };
			}
			if (busy) {
				log(request, started, "busy");
				return { kind: "busy" };
			}
			if (request.rateKeys !== null && opts.rateLimiter !== undefined) {
				const decision = opts.rateLimiter.take(request.rateKeys[0], request.rateKeys[1]);
				if (!decision.ok) {
					log(request, started, "rate_limited");
					return { kind: "rate_limited", retryAfterMs: decision.retryAfterMs };
				}
			}
		} catch (error) {
			opts.logger?.error({ err: errorFields(error), command: request.command }, "request pipeline fault");
			log(request, started, "failed");
			return { kind: "failed" };
		}
		try {
			await yieldToEventLoop();
			const answer = await answerWithin(request);
			if (answer === TIMED_OUT) {
				opts.logger?.error({ command: request.command, budgetMs }, "answer took longer than its budget");
				log(request, started, "failed");
				return { kind: "failed" };
			}
			const clean = cleanAnswer(answer);
			log(request, started, outcomeOf(clean), clean);
			return { kind: "answer", answer: clean };
		} catch (error) {
			opts.logger?.error({ err: errorFields(error), command: request.command }, "answer failed");
			log(request, started, "failed");
			return { kind: "failed" };
		}
	}

	async function deliver(request: AskRequest, outcome: AskOutcome): Promise<void> {
		if (request.deliver === undefined) return;
		try {
			await request.deliver(outcome);
		} catch (error) {
			opts.logger?.warn({ err: errorFields(error), command: request.command, platform: request.platform }, "delivery failed");
		}
	}

	async function ask(request: AskRequest): Promise<AskOutcome> {
		const started = now();
		// refusals are decided before the in-flight count goes up: they cost no answer
		const busy = inFlight >= maxInFlight;
		if (busy) {
			const outcome = await decide(request, started, true);
			await deliver(request, outcome);
			return outcome;
		}
		inFlight++;
		try {
			const outcome = await decide(request, started, false);
			await deliver(request, outcome);
			return outcome;
		} finally {
			inFlight--;
		}
	}

	return {
		ask,
		get inFlight() {
			return inFlight;
		},
	};
}

/** Name, message and code of an error: no stack, no request data. */
function errorFields(error: unknown): Record<string, unknown> {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code;
		return { name: error.name, message: error.message.slice(0, 300), ...(typeof code === "string" && { code }) };
	}
	return { message: String(error).slice(0, 300) };
}
