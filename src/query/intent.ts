/**
 * Intent words pick the command from a plain-English question: "how much vram" → vram, "which
 * gpus" → gpus, "what can I run on …" / "best model for …" → bestfit, "download size" → vram with the
 * file size highlighted. The first word may also name the command outright ("vram llama 3.1 70b").
 */
import { COMMAND_NAMES, type CommandName, type Highlight } from "../answer/question.js";

interface IntentPhrase {
	words: readonly string[];
	command: CommandName;
	highlight: Highlight;
}

// Longer phrases first, so "what gpu" inside "what gpus" is not what matched.
const PHRASES: readonly IntentPhrase[] = [
	{ words: ["what", "can", "i", "run"], command: "bestfit", highlight: null },
	{ words: ["what", "should", "i", "run"], command: "bestfit", highlight: null },
	{ words: ["what", "could", "i", "run"], command: "bestfit", highlight: null },
	{ words: ["what", "can", "run", "on"], command: "bestfit", highlight: null },
	{ words: ["what", "runs", "on"], command: "bestfit", highlight: null },
	{ words: ["how", "much", "vram"], command: "vram", highlight: null },
	{ words: ["how", "much", "memory"], command: "vram", highlight: null },
	{ words: ["how", "much", "ram"], command: "vram", highlight: null },
	{ words: ["how", "much", "gpu", "memory"], command: "vram", highlight: null },
	{ words: ["how", "much", "disk"], command: "vram", highlight: "download" },
	{ words: ["how", "much", "space"], command: "vram", highlight: "download" },
	{ words: ["how", "much", "storage"], command: "vram", highlight: "download" },
	{ words: ["how", "big"], command: "vram", highlight: "download" },
	{ words: ["how", "large"], command: "vram", highlight: "download" },
	{ words: ["download", "size"], command: "vram", highlight: "download" },
	{ words: ["file", "size"], command: "vram", highlight: "download" },
	{ words: ["disk", "size"], command: "vram", highlight: "download" },
	{ words: ["disk", "space"], command: "vram", highlight: "download" },
	{ words: ["size", "of"], command: "vram", highlight: "download" },
	{ words: ["vram", "requirements"], command: "vram", highlight: null },
	{ words: ["memory", "requirements"], command: "vram", highlight: null },
	{ words: ["vram", "needed"], command: "vram", highlight: null },
	{ words: ["vram", "table"], command: "vram", highlight: null },
	{ words: ["vram", "for"], command: "vram", highlight: null },
	{ words: ["vram", "of"], command: "vram", highlight: null },
	// "which graphics card should i get", "what video card to buy": the buyer's question (gpus ranks cards by price)
	{ words: ["which", "graphics", "cards"], command: "gpus", highlight: null },
	{ words: ["which", "graphics", "card"], command: "gpus", highlight: null },
	{ words: ["what", "graphics", "cards"], command: "gpus", highlight: null },
	{ words: ["what", "graphics", "card"], command: "gpus", highlight: null },
	{ words: ["which", "video", "card"], command: "gpus", highlight: null },
	{ words: ["what", "video", "card"], command: "gpus", highlight: null },
	{ words: ["best", "graphics", "card"], command: "gpus", highlight: null },
	{ words: ["best", "gpus"], command: "gpus", highlight: null },
	{ words: ["best", "gpu"], command: "gpus", highlight: null },
	{ words: ["best", "card"], command: "gpus", highlight: null },
	{ words: ["gpu", "should", "i", "buy"], command: "gpus", highlight: null },
	{ words: ["gpu", "should", "i", "get"], command: "gpus", highlight: null },
	{ words: ["card", "should", "i", "buy"], command: "gpus", highlight: null },
	{ words: ["card", "should", "i", "get"], command: "gpus", highlight: null },
	{ words: ["which", "gpus"], command: "gpus", highlight: null },
	{ words: ["which", "gpu"], command: "gpus", highlight: null },
	{ words: ["what", "gpus"], command: "gpus", highlight: null },
	{ words: ["what", "gpu"], command: "gpus", highlight: null },
	{ words: ["which", "cards"], command: "gpus", highlight: null },
	{ words: ["which", "card"], command: "gpus", highlight: null },
	{ words: ["what", "cards"], command: "gpus", highlight: null },
	{ words: ["what", "card"], command: "gpus", highlight: null },
	{ words: ["which", "hardware"], command: "gpus", highlight: null },
	{ words: ["what", "hardware"], command: "gpus", highlight: null },
	{ words: ["which", "devices"], command: "gpus", highlight: null },
	{ words: ["which", "macs"], command: "gpus", highlight: null },
	{ words: ["which", "mac"], command: "gpus", highlight: null },
	{ words: ["how", "many", "gpus"], command: "gpus", highlight: null },
	{ words: ["best", "models"], command: "bestfit", highlight: null },
	{ words: ["best", "model"], command: "bestfit", highlight: null },
	{ words: ["best", "llm"], command: "bestfit", highlight: null },
	{ words: ["best", "llms"], command: "bestfit", highlight: null },
	{ words: ["which", "models"], command: "bestfit", highlight: null },
	{ words: ["which", "model"], command: "bestfit", highlight: null },
	{ words: ["what", "models"], command: "bestfit", highlight: null },
	{ words: ["what", "model"], command: "bestfit", highlight: null },
	{ words: ["strongest", "model"], command: "bestfit", highlight: null },
	{ words: ["biggest", "model"], command: "bestfit", highlight: null },
	{ words: ["largest", "model"], command: "bestfit", highlight: null },
];

/**
 * Command words accepted as the first word: every command's name with or without a slash (from the one
 * list of names, src/answer/question.ts), and the other words people use for one.
 */
export const COMMAND_WORDS: ReadonlyMap<string, CommandName> = new Map<string, CommandName>([
	...COMMAND_NAMES.flatMap((name): [string, CommandName][] => [
		[name, name],
		[`/${name}`, name],
	]),
	["best-fit", "bestfit"],
	["usage", "help"],
	["--help", "help"],
	["-h", "help"],
	["?", "help"],
]);

export interface IntentMatch {
	command: CommandName | null;
	highlight: Highlight;
	/** indices of the words the intent used (they are not model words) */
	consumed: ReadonlySet<number>;
}

/** Most questions name no command and no intent phrase: they all get this one answer (issue 8). */
const NO_INTENT: IntentMatch = Object.freeze({ command: null, highlight: null, consumed: new Set<number>() });

/** Find the command named by the first word or by an intent phrase anywhere in the words. */
export function detectIntent(words: readonly string[]): IntentMatch {
	const first = words[0];
	if (first !== undefined) {
		const named = COMMAND_WORDS.get(first);
		if (named !== undefined) {
			const consumed = new Set<number>([0]);
			// "vram download size of x" still highlights the download
			const rest = detectPhrase(words, 1);
			if (rest !== null) for (const i of rest.indices) consumed.add(i);
			return { command: named, highlight: rest?.phrase.command === named ? rest.phrase.highlight : null, consumed };
		}
	}
	const found = detectPhrase(words, 0);
	if (found === null) return NO_INTENT;
	return { command: found.phrase.command, highlight: found.phrase.highlight, consumed: new Set(found.indices) };
}

/**
 * PHRASES by first word, each with its position in PHRASES (issue 8: a question is scanned once,
 * word by word, instead of once per phrase).
 */
const PHRASES_BY_FIRST: ReadonlyMap<string, readonly { phrase: IntentPhrase; order: number }[]> = (() => {
	const m = new Map<string, { phrase: IntentPhrase; order: number }[]>();
	PHRASES.forEach((phrase, order) => {
		const first = phrase.words[0] ?? "";
		const list = m.get(first);
		if (list === undefined) m.set(first, [{ phrase, order }]);
		else list.push({ phrase, order });
	});
	return m;
})();

function matchesAt(words: readonly string[], start: number, phrase: IntentPhrase): boolean {
	if (start + phrase.words.length > words.length) return false;
	for (let k = 1; k < phrase.words.length; k++) if (words[start + k] !== phrase.words[k]) return false;
	return true;
}

/** The earliest phrase of PHRASES found anywhere from `from` on, at its first position. */
function detectPhrase(words: readonly string[], from: number): { phrase: IntentPhrase; indices: number[] } | null {
	let best: { phrase: IntentPhrase; order: number; start: number } | null = null;
	for (let start = from; start < words.length; start++) {
		const list = PHRASES_BY_FIRST.get(words[start] ?? "");
		if (list === undefined) continue;
		for (const { phrase, order } of list) {
			// a later start only wins with an earlier phrase (the order PHRASES are tried in)
			if (best !== null && order >= best.order) break;
			if (matchesAt(words, start, phrase)) best = { phrase, order, start };
		}
	}
	if (best === null) return null;
	const at = best.start;
	return { phrase: best.phrase, indices: best.phrase.words.map((_, k) => at + k) };
}
