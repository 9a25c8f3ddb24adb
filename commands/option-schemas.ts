/**
 * The zod schema of a command's slash options, built from its options: what `answerCommand` checks
 * option values with, and what `allCommands[i].schema` exposes to adapters. Kept out of the command
 * specs so only the slash-command path loads zod; the one-shot CLI answers free text and never
 * imports this (issue 8).
 */
import { z } from "zod";
import { OPTION_MAX_CHARS } from "./lib/spec.js";
import type { CommandOption } from "./types.js";

const optionText = z.string().trim().max(OPTION_MAX_CHARS, `at most ${OPTION_MAX_CHARS} characters`).optional();

export type OptionSchema = z.ZodType<Record<string, string | undefined>>;

/** The schema of a command's slash options: each one an optional short text, nothing else accepted. */
export function optionSchema(options: readonly CommandOption[]): OptionSchema {
	const shape: Record<string, typeof optionText> = {};
	for (const o of options) shape[o.name] = optionText;
	return z.strictObject(shape);
}
