/**
 * The names of what can be asked, at the bottom layer with the Answer (issue 13 items 1 and 5), so
 * every layer above (engine, catalog, query, commands, adapters) can name them without importing up:
 * - CommandName and CompletionKind, the commands' names and the kinds of autocomplete;
 * - Completion, one autocomplete choice.
 */

export type CommandName = "canirun" | "vram" | "gpus" | "bestfit" | "help";

/** Which catalog resolver answers autocomplete for an option. */
export type CompletionKind = "model" | "quant" | "hardware";

export interface Completion {
	/** shown to the user, ≤ 100 characters */
	name: string;
	/** sent back when picked, ≤ 100 characters */
	value: string;
}
