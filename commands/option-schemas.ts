/**
 * The zod schemas of every command's slash options: what `answerCommand` checks option values with,
 * and what `allCommands[i].schema` exposes to adapters. Kept out of the command specs so only the
 * slash-command path loads zod; the one-shot CLI answers free text and never imports this (issue 8).
 */
import { z } from "zod";
import { OPTION_MAX_CHARS } from "./lib/spec.js";
import type { CommandName } from "./types.js";

export const optionText = z.string().trim().max(OPTION_MAX_CHARS, `at most ${OPTION_MAX_CHARS} characters`).optional();

export const canirunSchema = z.strictObject({
	model: optionText,
	quant: optionText,
	hardware: optionText,
	context: optionText,
	runtime: optionText,
});
export const vramSchema = z.strictObject({ model: optionText, context: optionText, quant: optionText });
export const gpusSchema = z.strictObject({ model: optionText, quant: optionText, context: optionText });
export const bestfitSchema = z.strictObject({ hardware: optionText, context: optionText, use: optionText });
export const helpSchema = z.strictObject({});

export type OptionSchema = z.ZodType<Record<string, string | undefined>>;

export const OPTION_SCHEMAS: Readonly<Record<CommandName, OptionSchema>> = {
	canirun: canirunSchema,
	vram: vramSchema,
	gpus: gpusSchema,
	bestfit: bestfitSchema,
	help: helpSchema,
};
