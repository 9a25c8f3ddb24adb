/**
 * Intent words pick the command from a plain-English question: "how much vram" → vram, "which
 * gpus" → gpus, "what can I run on …" / "best model for …" → bestfit, "download size" → vram with the
 * file size highlighted. The first word may also name the command outright ("vram llama 3.1 70b").
 * The words are each command's own (its entry in commands/list.ts, issue 13): this file only reads
 * them, so a new command brings its words with it and the parser does not change.
 */
import type { CommandName, Highlight } from "../answer/question.js";
import type { CommandRoles, CommandVocabulary, CommandWords, IntentPhrase, RankedPhrase } from "./types.js";

export interface IntentMatch {
	command: CommandName | null;
	highlight: Highlight;
	/** indices of the words the intent used (they are not model words) */
	consumed: ReadonlySet<number>;
}

/** Most questions name no command and no intent phrase: they all get this one answer (issue 8). */
const NO_INTENT: IntentMatch = Object.freeze({ command: null, highlight: null, consumed: new Set<number>() });

/**
 * The parser's vocabulary from the commands' words and roles, built once per command list.
 * Longer phrases rank first, so "what gpu" inside "what gpus" is not what matched; among phrases of
 * one length, the list's order of commands, then each command's order.
 */
export function commandVocabulary(roles: CommandRoles): CommandVocabulary {
	const named = new Map<string, CommandName>();
	const all: { phrase: IntentPhrase; command: CommandName; listed: number }[] = [];
	for (const c of roles.commands) {
		for (const word of [c.name, `/${c.name}`, ...(c.aliases ?? [])]) if (!named.has(word)) named.set(word, c.name);
		for (const phrase of c.phrases ?? []) all.push({ phrase, command: c.name, listed: all.length });
	}
	all.sort((a, b) => b.phrase.words.length - a.phrase.words.length || a.listed - b.listed);
	const phrasesByFirst = new Map<string, RankedPhrase[]>();
	all.forEach(({ phrase, command }, order) => {
		const first = phrase.words[0] ?? "";
		const list = phrasesByFirst.get(first);
		if (list === undefined) phrasesByFirst.set(first, [{ phrase, command, order }]);
		else list.push({ phrase, command, order });
	});
	return { ...roles, named, phrasesByFirst };
}

/** The command a first word names outright ("vram", "/gpus", "best-fit", "-h"), or null. */
export function commandNamedBy(word: string, commands: CommandVocabulary): CommandName | null {
	return commands.named.get(word) ?? null;
}

/** Find the command named by the first word or by an intent phrase anywhere in the words. */
export function detectIntent(words: readonly string[], commands: CommandVocabulary): IntentMatch {
	const first = words[0];
	if (first !== undefined) {
		const named = commands.named.get(first);
		if (named !== undefined) {
			const consumed = new Set<number>([0]);
			// "vram download size of x" still highlights the download
			const rest = detectPhrase(commands, words, 1);
			if (rest !== null) for (const i of rest.indices) consumed.add(i);
			return { command: named, highlight: rest?.found.command === named ? (rest.found.phrase.highlight ?? null) : null, consumed };
		}
	}
	const found = detectPhrase(commands, words, 0);
	if (found === null) return NO_INTENT;
	return { command: found.found.command, highlight: found.found.phrase.highlight ?? null, consumed: new Set(found.indices) };
}

function matchesAt(words: readonly string[], start: number, phrase: IntentPhrase): boolean {
	if (start + phrase.words.length > words.length) return false;
	for (let k = 1; k < phrase.words.length; k++) if (words[start + k] !== phrase.words[k]) return false;
	return true;
}

/** The best-ranked phrase found anywhere from `from` on, at its first position. */
function detectPhrase(commands: CommandVocabulary, words: readonly string[], from: number): { found: RankedPhrase; indices: number[] } | null {
	let best: { found: RankedPhrase; start: number } | null = null;
	for (let start = from; start < words.length; start++) {
		const list = commands.phrasesByFirst.get(words[start] ?? "");
		if (list === undefined) continue;
		for (const candidate of list) {
			// a later start only wins with a better-ranked phrase
			if (best !== null && candidate.order >= best.found.order) break;
			if (matchesAt(words, start, candidate.phrase)) best = { found: candidate, start };
		}
	}
	if (best === null) return null;
	const at = best.start;
	return { found: best.found, indices: best.found.phrase.words.map((_, k) => at + k) };
}

/** A command's entry as the parser reads it, by name (null when the list has no such command). */
export function commandWordsOf(name: CommandName, commands: CommandVocabulary): CommandWords | null {
	return commands.commands.find((c) => c.name === name) ?? null;
}
