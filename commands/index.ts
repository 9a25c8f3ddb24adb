/**
 * The command layer's public API (GAIA style barrel): the commands as data for adapters to register,
 * and the three entry points every platform uses. Nothing here throws: failures are Answers of kind
 * "error" with did-you-mean names. See ../../shared/DESIGN.md §1.
 */
import type { Answer } from "../src/answer/answer.js";
import { defaultServices } from "./lib/bind.js";
import { createCommandLayer } from "./layer.js";
import type { BotCommand, CommandContext, CommandName, Completion, CompletionKind } from "./types.js";

const layer = createCommandLayer(defaultServices);

/** canirun, vram, gpus, bestfit, help */
export const allCommands: readonly BotCommand[] = layer.allCommands;

/**
 * Slash words or a plain-English question: "deepseek-r1 q4_k_m 2x4090 32k", "vram llama 3.1 70b",
 * "gpus deepseek-r1 q4", "bestfit 2x3090", "help", "can my 3090 run qwen3 32b?".
 */
export function answerQuery(text: string, ctx: CommandContext): Promise<Answer> {
	return layer.answerQuery(text, ctx);
}

/** Slash-command options by name (canirun: model, quant, hardware, context, runtime). */
export function answerCommand(name: CommandName, options: Readonly<Record<string, string | undefined>>, ctx: CommandContext): Promise<Answer> {
	return layer.answerCommand(name, options, ctx);
}

/** Autocomplete for an option, from the catalog resolver (≤ 25). */
export function completeOption(kind: CompletionKind, partial: string, limit?: number): Completion[] {
	return layer.completeOption(kind, partial, limit);
}

export { createCommandLayer } from "./layer.js";
