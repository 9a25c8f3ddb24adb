/**
 * The command layer: free text or slash-command options in, an Answer out, never an exception.
 * Built over injected services so tests can answer from a changed catalog; `index.ts` exposes the
 * default layer bound to the real catalog and engine.
 */
import type { Answer } from "../src/answer/answer.js";
import type { Question, SettingName } from "../src/answer/question.js";
import { echoWord } from "../src/query/sanitize.js";
import { USE_WORDS } from "../src/query/use-words.js";
import { answerHelp } from "./help.js";
import { errorAnswer } from "./lib/answers.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import { type OptionSchema, optionSchema } from "./option-schemas.js";
import { createQueryAnswerer, createQuestionAnswerer, loadAllSpecs, servicesOrError } from "./query-layer.js";
import type { BotCommand, CommandContext, CommandName, Completion, CompletionKind } from "./types.js";

/** Every command (list.ts), loaded once for the bots: they register all of them at start-up. */
export const COMMAND_SPECS: readonly CommandSpec[] = await loadAllSpecs();

/** Each command's option schema, from its options (every option is a short text until the parser reads it). */
const OPTION_SCHEMAS: ReadonlyMap<CommandName, OptionSchema> = new Map(COMMAND_SPECS.map((spec) => [spec.name, optionSchema(spec.options)]));

/** Autocomplete answers at most this many (Discord's limit is 25). */
export const DEFAULT_COMPLETION_LIMIT = 25;

/** Slash-option name → the Question's setting it gives (the same settings as the CLI's flags, DESIGN §2). */
const OPTION_SETTINGS: ReadonlyMap<string, SettingName> = new Map<string, SettingName>([
	["model", "model"],
	["quant", "quant"],
	["hardware", "hardware"],
	["context", "ctx"],
	["runtime", "runtime"],
	["kv", "kv"],
	["ram", "ram"],
	["use", "use"],
]);

export interface CommandLayer {
	allCommands: readonly BotCommand[];
	answerQuery(text: string, ctx: CommandContext): Promise<Answer>;
	answerCommand(name: CommandName, options: Readonly<Record<string, string | undefined>>, ctx: CommandContext): Promise<Answer>;
	completeOption(kind: CompletionKind, partial: string, limit?: number): Completion[];
}

export function createCommandLayer(getServices: () => Services): CommandLayer {
	function services(): Services | Answer {
		return servicesOrError(getServices);
	}

	const answerQuery = createQueryAnswerer(getServices);
	const answerQuestion = createQuestionAnswerer(getServices);

	async function answerCommand(name: CommandName, options: Readonly<Record<string, string | undefined>>, ctx: CommandContext): Promise<Answer> {
		try {
			const s = services();
			if ("kind" in s) return s;
			const spec = COMMAND_SPECS.find((x) => x.name === name);
			if (spec === undefined)
				return errorAnswer(
					`Unknown command "${echoWord(String(name))}".`,
					COMMAND_SPECS.map((x) => x.name),
				);
			if (spec.name === "help") return await answerHelp(s, loadAllSpecs);
			const schema = OPTION_SCHEMAS.get(spec.name);
			if (schema === undefined)
				return errorAnswer(
					`Unknown command "${echoWord(String(name))}".`,
					COMMAND_SPECS.map((x) => x.name),
				);
			// Only the command's own options, as plain strings: never index objects with user-chosen keys.
			const known = new Map<string, string>();
			for (const opt of spec.options) {
				const v = Object.hasOwn(options, opt.name) ? options[opt.name] : undefined;
				if (typeof v === "string" && v.trim() !== "") known.set(opt.name, v);
			}
			const checked = schema.safeParse(Object.fromEntries(known));
			if (!checked.success) {
				const issue = checked.error.issues[0];
				return errorAnswer(`Option ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}.`);
			}
			// the options are the Question's settings as they are: nothing is turned back into text and parsed again
			const settings: Partial<Record<SettingName, string>> = {};
			for (const [key, value] of known) {
				const setting = OPTION_SETTINGS.get(key);
				if (setting === undefined) continue;
				// a use that is none of the four is refused before anything is looked up
				if (setting === "use" && !USE_WORDS.has(value.trim().toLowerCase())) {
					return errorAnswer(`"use" is chat, code, reasoning or vision, not "${echoWord(value)}".`, ["chat", "code", "reasoning", "vision"]);
				}
				settings[setting] = value;
			}
			// "did you mean" buttons re-ask in words: the command, then each option's value
			const question: Question = { command: spec.name, words: [], settings, text: [spec.name, ...known.values()].join(" ") };
			return await answerQuestion(question, ctx);
		} catch {
			return errorAnswer("I could not answer that. This is a bug on my side.", [], "internal");
		}
	}

	function completeOption(kind: CompletionKind, partial: string, limit: number = DEFAULT_COMPLETION_LIMIT): Completion[] {
		try {
			const s = services();
			if ("kind" in s) return [];
			const text = typeof partial === "string" ? partial.slice(0, 100) : "";
			const n = Math.max(0, Math.min(Math.floor(Number.isFinite(limit) ? limit : DEFAULT_COMPLETION_LIMIT), DEFAULT_COMPLETION_LIMIT));
			return s.complete(kind, text, n).slice(0, n);
		} catch {
			return [];
		}
	}

	const allCommands: BotCommand[] = COMMAND_SPECS.map((spec) => ({
		name: spec.name,
		description: spec.description,
		options: spec.options,
		schema: OPTION_SCHEMAS.get(spec.name) ?? optionSchema(spec.options),
		handler: (args: Record<string, unknown>, ctx: CommandContext) => {
			const strings: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
			for (const opt of spec.options) {
				const v = Object.hasOwn(args, opt.name) ? args[opt.name] : undefined;
				if (typeof v === "string") strings[opt.name] = v;
			}
			return answerCommand(spec.name, strings, ctx);
		},
	}));

	return { allCommands, answerQuery, answerCommand, completeOption };
}
