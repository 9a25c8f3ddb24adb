/**
 * Free text in, an Answer out, never an exception: the part of the command layer the one-shot CLI
 * needs. No zod here (issue 8: zod's import alone costs about a CLI run's worth of node start-up);
 * `layer.ts` adds the slash-command path (option schemas, allCommands) on top of it for the bots.
 */
import type { Answer } from "../src/answer/answer.js";
import { parseQueryText } from "../src/query/parse.js";
import { echoWord } from "../src/query/sanitize.js";
import type { ParseResult } from "../src/query/types.js";
import { errorAnswer } from "./lib/answers.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import { COMMAND_LIST } from "./list.js";
import type { CommandContext, CommandName } from "./types.js";

/**
 * Each command's spec (list.ts), imported when a query asks for it: a one-shot "canirun …" does not
 * load bestfit, gpus and help (~6 ms of module loading, issue 8). `layer.ts` loads them all for the bots.
 */
const SPEC_LOADERS: ReadonlyMap<CommandName, () => Promise<CommandSpec>> = new Map(COMMAND_LIST.map((c) => [c.name, c.load]));

/** The command names, in the order they are listed to users. */
export const COMMAND_NAMES: readonly CommandName[] = [...SPEC_LOADERS.keys()];

/**
 * Specs already loaded: a long-running bot imports each once, then answers without an `await
 * import()` per query (issue 8: the dynamic import's module-map lookup and promises cost ~20 µs).
 */
const loadedSpecs = new Map<CommandName, CommandSpec>();

/** Every command's spec, in list order (help lists them). */
export async function loadAllSpecs(): Promise<readonly CommandSpec[]> {
	const out: CommandSpec[] = [];
	for (const c of COMMAND_LIST) {
		let spec = loadedSpecs.get(c.name);
		if (spec === undefined) {
			spec = await c.load();
			loadedSpecs.set(c.name, spec);
		}
		out.push(spec);
	}
	return out;
}

function isEngineInputError(err: unknown): err is Error {
	return err instanceof Error && err.name === "EngineInputError";
}

/** Run a parsed query; every failure becomes an error Answer. */
export async function runParsed(parsed: ParseResult, services: Services, forced: CommandName | null, ctx: CommandContext): Promise<Answer> {
	if (!parsed.ok) return errorAnswer(parsed.error.message, parsed.error.didYouMean);
	const q = parsed.query;
	const name = forced ?? q.command;
	const load = SPEC_LOADERS.get(name);
	if (load === undefined) return errorAnswer(`Unknown command "${echoWord(name)}".`, [...COMMAND_NAMES]);
	try {
		let spec = loadedSpecs.get(name);
		if (spec === undefined) {
			spec = await load();
			loadedSpecs.set(name, spec);
		}
		// the parsed query is this call's own: copied only when a slash command forces another name
		return await spec.run(q.command === name ? q : { ...q, command: name }, services, ctx, loadAllSpecs);
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
