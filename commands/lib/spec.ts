/**
 * A command as data: its name, description, slash options and `run`, which answers a Request (the
 * Question resolved against the catalog, src/answer/question.ts) with the services' catalog and plans.
 * The zod schemas of the options live in `../option-schemas.ts`, imported only by the slash-command path (`../layer.ts`), so the one-shot CLI never loads zod (issue 8). `../layer.ts`
 * turns specs into the BotCommands adapters register, binding the services.
 */
import type { Answer } from "../../src/answer/answer.js";
import type { Request } from "../../src/answer/question.js";
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

export interface CommandSpec {
	name: CommandName;
	description: string;
	options: CommandOption[];
	help: CommandHelp;
	/**
	 * `ctx` tells which platform asks (the CLI may wait longer for the Hub); `commands` loads every
	 * command's spec (help lists them) without a command importing the list that imports it.
	 */
	run(request: Request, services: Services, ctx?: CommandContext, commands?: () => Promise<readonly CommandSpec[]>): Promise<Answer>;
}

/** Slash-command values are short strings; anything longer is refused before parsing. */
export const OPTION_MAX_CHARS = 200;
