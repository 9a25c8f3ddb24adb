/**
 * The commands, in the order they are listed to users (help, Discord's command list). Adding a command
 * is its file — one CommandSpec: name, description, options, help line and `run` — and one line here.
 * Each is imported when a question first asks for it, so the one-shot CLI loads only the command it
 * answers (issue 8); the bots load them all once (layer.ts).
 */
import type { CommandSpec } from "./lib/spec.js";
import type { CommandName } from "./types.js";

export interface CommandEntry {
	name: CommandName;
	load(): Promise<CommandSpec>;
}

export const COMMAND_LIST: readonly CommandEntry[] = [
	{ name: "canirun", load: async () => (await import("./canirun.js")).canirunSpec },
	{ name: "vram", load: async () => (await import("./vram.js")).vramSpec },
	{ name: "gpus", load: async () => (await import("./gpus.js")).gpusSpec },
	{ name: "bestfit", load: async () => (await import("./bestfit.js")).bestfitSpec },
	{ name: "help", load: async () => (await import("./help.js")).helpSpec },
];
