/**
 * The commands, in the order they are listed to users (help, Discord's command list). Adding a command
 * is its file — one CommandSpec: name, description, options, help line and `run` — and its entry here:
 * the words that ask for it and what a question must name for it (the parser reads them, issue 13).
 * Each file is imported when a question first asks for it, so the one-shot CLI loads only the command
 * it answers (issue 8); the bots load them all once (layer.ts).
 */
import { commandVocabulary } from "../src/query/intent.js";
import type { CommandVocabulary, CommandWords } from "../src/query/types.js";
import type { CommandSpec } from "./lib/spec.js";

export interface CommandEntry extends CommandWords {
	load(): Promise<CommandSpec>;
}

/*
 * Phrases: among phrases of one length the earlier entry's rank first, so within an entry keep the
 * order in which two phrases of one question should win ("what gpu" inside "what gpus" is ranked by
 * length already).
 */
export const COMMAND_LIST: readonly CommandEntry[] = [
	{ name: "canirun", needs: "model", readsHardware: true, load: async () => (await import("./canirun.js")).canirunSpec },
	{
		name: "vram",
		needs: "model",
		// the VRAM table of every quantization answers without hardware: a hardware word it cannot read is no error
		readsHardware: false,
		phrases: [
			{ words: ["how", "much", "vram"] },
			{ words: ["how", "much", "memory"] },
			{ words: ["how", "much", "ram"] },
			{ words: ["how", "much", "gpu", "memory"] },
			{ words: ["how", "much", "disk"], highlight: "download" },
			{ words: ["how", "much", "space"], highlight: "download" },
			{ words: ["how", "much", "storage"], highlight: "download" },
			{ words: ["how", "big"], highlight: "download" },
			{ words: ["how", "large"], highlight: "download" },
			{ words: ["download", "size"], highlight: "download" },
			{ words: ["file", "size"], highlight: "download" },
			{ words: ["disk", "size"], highlight: "download" },
			{ words: ["disk", "space"], highlight: "download" },
			{ words: ["size", "of"], highlight: "download" },
			{ words: ["vram", "requirements"] },
			{ words: ["memory", "requirements"] },
			{ words: ["vram", "needed"] },
			{ words: ["vram", "table"] },
			{ words: ["vram", "for"] },
			{ words: ["vram", "of"] },
		],
		load: async () => (await import("./vram.js")).vramSpec,
	},
	{
		name: "gpus",
		needs: "model",
		readsHardware: true,
		phrases: [
			// "which graphics card should i get", "what video card to buy": the buyer's question (gpus ranks cards by price)
			{ words: ["which", "graphics", "cards"] },
			{ words: ["which", "graphics", "card"] },
			{ words: ["what", "graphics", "cards"] },
			{ words: ["what", "graphics", "card"] },
			{ words: ["which", "video", "card"] },
			{ words: ["what", "video", "card"] },
			{ words: ["best", "graphics", "card"] },
			{ words: ["best", "gpus"] },
			{ words: ["best", "gpu"] },
			{ words: ["best", "card"] },
			{ words: ["gpu", "should", "i", "buy"] },
			{ words: ["gpu", "should", "i", "get"] },
			{ words: ["card", "should", "i", "buy"] },
			{ words: ["card", "should", "i", "get"] },
			{ words: ["which", "gpus"] },
			{ words: ["which", "gpu"] },
			{ words: ["what", "gpus"] },
			{ words: ["what", "gpu"] },
			{ words: ["which", "cards"] },
			{ words: ["which", "card"] },
			{ words: ["what", "cards"] },
			{ words: ["what", "card"] },
			{ words: ["which", "hardware"] },
			{ words: ["what", "hardware"] },
			{ words: ["which", "devices"] },
			{ words: ["which", "macs"] },
			{ words: ["which", "mac"] },
			{ words: ["how", "many", "gpus"] },
		],
		load: async () => (await import("./gpus.js")).gpusSpec,
	},
	{
		name: "bestfit",
		needs: "hardware",
		readsHardware: true,
		aliases: ["best-fit"],
		phrases: [
			{ words: ["what", "can", "i", "run"] },
			{ words: ["what", "should", "i", "run"] },
			{ words: ["what", "could", "i", "run"] },
			{ words: ["what", "can", "run", "on"] },
			{ words: ["what", "runs", "on"] },
			{ words: ["best", "models"] },
			{ words: ["best", "model"] },
			{ words: ["best", "llm"] },
			{ words: ["best", "llms"] },
			{ words: ["which", "models"] },
			{ words: ["which", "model"] },
			{ words: ["what", "models"] },
			{ words: ["what", "model"] },
			{ words: ["strongest", "model"] },
			{ words: ["biggest", "model"] },
			{ words: ["largest", "model"] },
		],
		load: async () => (await import("./bestfit.js")).bestfitSpec,
	},
	{ name: "help", needs: "nothing", readsHardware: false, aliases: ["usage", "--help", "-h", "?"], load: async () => (await import("./help.js")).helpSpec },
];

/**
 * The parser's view of the list: every command's words, and which command answers a question that
 * names none (a model → canirun, only hardware → bestfit, "on a Mac" with no machine → gpus).
 */
export const COMMAND_VOCABULARY: CommandVocabulary = commandVocabulary({
	commands: COMMAND_LIST,
	forModel: "canirun",
	forHardware: "bestfit",
	forDevices: "gpus",
	help: "help",
});
