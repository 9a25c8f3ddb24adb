/**
 * What was asked, at the bottom layer with the Answer (issue 13 item 1), so every layer above
 * (engine, catalog, query, commands, adapters) can name it without importing upward:
 * - CommandName and CompletionKind, the commands' names and the kinds of autocomplete;
 * - Completion, one autocomplete choice;
 * - Question: what a user asked, before anything was resolved — free words (a mention, a line of the
 *   console or a batch, a button's query) or a command with its named options (a slash command, the
 *   CLI's flags). The adapters build Questions; the command layer resolves them.
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

export type Platform = "discord" | "slack" | "cli";

export type Question =
	/** free text: "can my 3090 run qwen3 32b at 32k?" */
	| { kind: "words"; text: string; platform: Platform }
	/** a command with named options, as a slash command (or the CLI's flags) gives them */
	| { kind: "options"; command: CommandName; options: Readonly<Record<string, string>>; platform: Platform };
