/**
 * Commands as data (GAIA style): each command is a plain object with its name, description, options
 * and a handler returning a platform-neutral Answer. Adapters build slash commands from these, so
 * there is one source of truth for names, descriptions and options.
 */
import type { z } from "zod";
import type { Answer } from "../src/answer/answer.js";
import type { Platform } from "../src/log/request-log.js";

import type { CompletionKind } from "../src/answer/question.js";

// the names, completion kinds and choices live with the Answer at the bottom layer (src/answer/question.ts)
export type { CommandName, Completion, CompletionKind } from "../src/answer/question.js";
import type { CommandName } from "../src/answer/question.js";

export interface CommandOption {
	/** lowercase, 1–32 characters (Discord's rule) */
	name: string;
	/** 1–100 characters */
	description: string;
	required: boolean;
	autocomplete: CompletionKind | null;
	/** fixed choices (never together with autocomplete) */
	choices: string[] | null;
}

export interface CommandContext {
	platform: Platform;
}

export interface BotCommand<Args = Record<string, unknown>> {
	name: CommandName;
	description: string;
	options: CommandOption[];
	/** validates the options (from slash-command fields or the free-text parser) */
	schema: z.ZodType<Args>;
	handler: (args: Args, ctx: CommandContext) => Promise<Answer>;
}
