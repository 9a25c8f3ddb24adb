/**
 * Free text in, an Answer out, never an exception: the part of the command layer the one-shot CLI
 * needs. No zod here (issue 8: zod's import alone costs about a CLI run's worth of node start-up);
 * `layer.ts` adds the slash-command path (option schemas, allCommands) on top of it for the bots.
 */
import type { Answer } from "../src/answer/answer.js";
import type { Question } from "../src/answer/question.js";
import { parseQuestion } from "../src/query/parse.js";
import { questionOfText } from "../src/query/question.js";
import { resolutionOfQuery } from "../src/query/resolution.js";
import { echoWord } from "../src/query/sanitize.js";
import type { ParsedQuery, ParseResult, QueryError } from "../src/query/types.js";
import { errorAnswer } from "./lib/answers.js";
import { hubTimeoutMs } from "./lib/model-step.js";
import { withCandidateActions } from "./lib/candidates.js";
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

/**
 * The JSON `resolution` field added to an answer's JSON object (an error's too). Every command builds
 * its answer's JSON object fresh for this answer, so the key is added to it (last, as the copy had it)
 * rather than spread into a copy: copying a canirun answer's ~20 keys was ~1.5 % of the warm bench.
 */
function withResolution(a: Answer, q: ParsedQuery | undefined, opts: { asked: boolean; modelText?: string }): Answer {
	if (a.json !== null && !("resolution" in a.json)) a.json.resolution = resolutionOfQuery(q, opts);
	return a;
}

/** The query with the words typed for the model replaced by a Hub repo: the follow-up that estimates it. */
function withModel(text: string, modelText: string, repo: string): string {
	const at = text.toLowerCase().indexOf(modelText.toLowerCase());
	return at < 0 ? repo : `${text.slice(0, at)}${repo}${text.slice(at + modelText.length)}`;
}

/**
 * A query that could not be answered as asked: the parser's question back, and, when the model name
 * was not understood, the repos the Hub's model search finds for it ("I don't know qwen3.8 27b; on
 * the Hub: Qwen/Qwen3.8-27B — estimate it?"). The search is bounded by the platform's Hub budget and
 * finds nothing when offline; nothing is estimated until the user picks a repo.
 */
async function askBack(e: QueryError, services: Services, ctx: CommandContext, text: string | undefined): Promise<Answer> {
	let a = errorAnswer(e.message, e.didYouMean);
	const modelText = e.modelText;
	// only a name with something the catalog has never seen is looked up: a typo or a missing size
	// has its answer in the catalog (and the Hub is not asked about every mistyped word)
	if (modelText !== undefined && e.newToCatalog === true && services.searchHub !== undefined) {
		let repos: string[] = [];
		try {
			repos = await services.searchHub(modelText, { timeoutMs: hubTimeoutMs(ctx) });
		} catch {
			repos = [];
		}
		if (repos.length > 0) {
			const echoed = modelText.split(/\s+/).map(echoWord).join(" ");
			a = errorAnswer(`I don't know “${echoed}”; on the Hugging Face Hub: ${repos.join(", ")} — estimate it?`, [...repos, ...e.didYouMean]);
			a.suggestions = a.didYouMean.map((name) => ({
				text: repos.includes(name) ? `Estimate ${name} (Hugging Face Hub)` : `Did you mean ${name}?`,
				query: repos.includes(name) && text !== undefined ? withModel(text, modelText, name) : null,
			}));
		}
	}
	const opts = modelText !== undefined ? { asked: true, modelText } : { asked: a.didYouMean.length > 0 };
	return withResolution(a, e.partial, opts);
}

/** Run a parsed query; every failure becomes an error Answer. `text`: the query as typed, for follow-up suggestions. */
export async function runParsed(parsed: ParseResult, services: Services, forced: CommandName | null, ctx: CommandContext, text?: string): Promise<Answer> {
	if (!parsed.ok) return askBack(parsed.error, services, ctx, text);
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
		const request = q.command === name ? q : { ...q, command: name };
		// the engine's plan of this question, built once: the command reads every number from it
		const a = await spec.run(request, services.plan(request), { services, ctx, commands: loadAllSpecs });
		// help answers no question about a model or hardware: no resolution to report
		return a.kind === "help" ? a : withResolution(a, q, { asked: a.kind === "error" && a.didYouMean.length > 0 });
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

/** A Question in, an Answer out, never an exception: what every platform's question comes to. */
export type AnswerQuestion = (question: Question, ctx: CommandContext) => Promise<Answer>;

/**
 * Slash words or a plain-English question: "deepseek-r1 q4_k_m 2x4090 32k", "vram llama 3.1 70b",
 * "gpus deepseek-r1 q4", "bestfit 2x3090", "help", "can my 3090 run qwen3 32b?".
 */
export type AnswerQuery = (text: string, ctx: CommandContext) => Promise<Answer>;

/**
 * Answer a Question over the services: resolved by the parser, run by its command (named outright, or
 * chosen by its words); "did you mean" buttons re-ask the question's text with each candidate.
 */
export function createQuestionAnswerer(getServices: () => Services): AnswerQuestion {
	return async function answerQuestion(question: Question, ctx: CommandContext): Promise<Answer> {
		try {
			const s = servicesOrError(getServices);
			if ("kind" in s) return s;
			if (question.command === null && question.text.trim() === "")
				return errorAnswer('Ask me about a model, e.g. "can my 3090 run qwen3 32b?", or say "help".');
			const parsed = parseQuestion(question, s.resolvers, s.limits);
			return withCandidateActions(await runParsed(parsed, s, question.command, ctx, question.text), question.text);
		} catch {
			return errorAnswer("I could not answer that. This is a bug on my side.", [], "internal");
		}
	};
}

/** Free text (a chat message, a --batch line) as a Question. */
export function createQueryAnswerer(getServices: () => Services): AnswerQuery {
	const answerQuestion = createQuestionAnswerer(getServices);
	return (text: string, ctx: CommandContext): Promise<Answer> => answerQuestion(questionOfText(typeof text === "string" ? text : ""), ctx);
}
