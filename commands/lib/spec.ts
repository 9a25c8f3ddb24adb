/**
 * A command as data: its name, description, slash options and `run(request, plan, env)`, which answers a
 * Request (the Question resolved against the catalog, src/answer/question.ts) from the engine's plan of
 * it (src/engine/plan.ts, built once per question by the pipeline, query-layer.ts) and the catalog.
 * The zod schemas of the options live in `../option-schemas.ts`, imported only by the slash-command path (`../layer.ts`), so the one-shot CLI never loads zod (issue 8). `../layer.ts`
 * turns specs into the BotCommands adapters register, binding the services.
 */
import type { Answer } from "../../src/answer/answer.js";
import type { Request } from "../../src/answer/question.js";
import type { Plan } from "../../src/engine/plan.js";
import type { CommandContext, CommandName, CommandOption } from "../types.js";
import type { Services } from "./services.js";

/** A command's line in help's Commands table. */
export interface CommandHelp {
	/** how it is written, e.g. "vram model [context]" */
	usage: string;
	/** what it answers, in a sentence */
	answers: string;
	/** the same in a few words, for narrow screens */
	brief: string;
}

/**
 * What a command reads besides the question and the plan: the catalog, the Hub and the defaults
 * (`services`: never the engine, which is the plan's), which platform asks (`ctx`: the CLI may wait
 * longer for the Hub), and every command's spec (`commands`: help lists them, without a command
 * importing the list that imports it).
 */
export interface CommandEnv {
	services: Services;
	ctx: CommandContext;
	commands: () => Promise<readonly CommandSpec[]>;
}

export interface CommandSpec {
	name: CommandName;
	description: string;
	options: CommandOption[];
	help: CommandHelp;
	/** The answer to `request`; every number in it is a view of `plan`. */
	run(request: Request, plan: Plan, env: CommandEnv): Promise<Answer>;
}

/** Slash-command values are short strings; anything longer is refused before parsing. */
export const OPTION_MAX_CHARS = 200;
