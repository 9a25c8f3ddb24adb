/**
 * Free text in, an Answer out, never an exception: the part of the command layer the one-shot CLI
 * needs. No zod here (issue 8: zod's import alone costs about a CLI run's worth of node start-up);
 * `layer.ts` adds the slash-command path (option schemas, allCommands) on top of it for the bots.
 */
import type { Answer } from "../src/answer/answer.js";
import { parseQueryText } from "../src/query/parse.js";
import { echoWord } from "../src/query/sanitize.js";
import type { ParseResult } from "../src/query/types.js";
import { bestfitSpec } from "./bestfit.js";
import { canirunSpec } from "./canirun.js";
import { gpusSpec } from "./gpus.js";
import { helpSpec } from "./help.js";
import { errorAnswer } from "./lib/answers.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import type { CommandContext, CommandName } from "./types.js";
import { vramSpec } from "./vram.js";

export const COMMAND_SPECS: readonly CommandSpec[] = [canirunSpec, vramSpec, gpusSpec, bestfitSpec, helpSpec];

function isEngineInputError(err: unknown): err is Error {
	return err instanceof Error && err.name === "EngineInputError";
}

/** Run a parsed query; every failure becomes an error Answer. */
export async function runParsed(parsed: ParseResult, services: Services, forced: CommandName | null, ctx: CommandContext): Promise<Answer> {
	if (!parsed.ok) return errorAnswer(parsed.error.message, parsed.error.didYouMean);
	const q = parsed.query;
	const name = forced ?? q.command;
	const spec = COMMAND_SPECS.find((s) => s.name === name);
	if (spec === undefined) return errorAnswer(`Unknown command "${echoWord(name)}".`, COMMAND_SPECS.map((s) => s.name));
	try {
		return await spec.run({ ...q, command: name }, services, ctx);
	} catch (err) {
		if (isEngineInputError(err)) return errorAnswer(err.message.slice(0, 300));
		return errorAnswer("I could not compute that estimate. This is a bug on my side; please report the query.", [], "internal");
	}
}

/** The services, or the error Answer saying why they could not be built (a broken catalog). */
export function servicesOrError(getServices: () => Services): Services | Answer {
	try {
		return getServices();
	} catch (err) {
		const why = err instanceof Error ? err.message.split("\n")[0]?.slice(0, 200) : "unknown error";
		return errorAnswer(`The catalog could not be loaded: ${why}`, [], "internal");
	}
}

/**
 * Slash words or a plain-English question: "deepseek-r1 q4_k_m 2x4090 32k", "vram llama 3.1 70b",
 * "gpus deepseek-r1 q4", "bestfit 2x3090", "help", "can my 3090 run qwen3 32b?".
 */
export type AnswerQuery = (text: string, ctx: CommandContext) => Promise<Answer>;

export function createQueryAnswerer(getServices: () => Services): AnswerQuery {
	return async function answerQuery(text: string, ctx: CommandContext): Promise<Answer> {
		try {
			const s = servicesOrError(getServices);
			if ("kind" in s) return s;
			const input = typeof text === "string" ? text : "";
			if (input.trim() === "") return errorAnswer('Ask me about a model, e.g. "can my 3090 run qwen3 32b?", or say "help".');
			return await runParsed(parseQueryText(input, s.resolvers, s.limits), s, null, ctx);
		} catch {
			return errorAnswer("I could not answer that. This is a bug on my side.", [], "internal");
		}
	};
}
