/**
 * A command as data: its name, description, slash options, the zod schema of those options, and
 * `run`, which answers an already parsed and resolved query. `../layer.ts` turns specs into the
 * BotCommands adapters register, binding the services.
 */
import { z } from "zod";
import type { Answer } from "../../src/answer/answer.js";
import type { ParsedQuery } from "../../src/query/types.js";
import type { CommandContext, CommandName, CommandOption } from "../types.js";
import type { Services } from "./services.js";

export interface CommandSpec {
	name: CommandName;
	description: string;
	options: CommandOption[];
	schema: z.ZodType<Record<string, string | undefined>>;
	/** `ctx` tells which platform asks (the CLI may wait longer for the Hub) */
	run(q: ParsedQuery, services: Services, ctx?: CommandContext): Promise<Answer>;
}

/** Slash-command values are short strings; anything longer is refused before parsing. */
export const OPTION_MAX_CHARS = 200;

export const optionText = z.string().trim().max(OPTION_MAX_CHARS, `at most ${OPTION_MAX_CHARS} characters`).optional();
