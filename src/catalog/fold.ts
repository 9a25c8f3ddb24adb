/**
 * Name folding shared by the loader (duplicate checks) and the resolvers: what people type differs in
 * case, spacing, dashes, underscores, colons and slashes, never in digits or dots ("qwen2.5" ≠ "qwen25").
 */

import type { Model } from "./schema.js";

/** What compactKey drops. */
const NOT_KEY = /[^a-z0-9.]+/g;

/** Compact key: lowercase letters, digits and dots only. "Llama-3.1_8B" and "llama3.1:8b" → "llama3.18b". */
export function compactKey(text: string): string {
	// Already folded (one word like "q4km", "4090", "qwen3"): returned as is, without the lowercase copy and
	// the regex pass (issue 8: resolvers fold every word and run of words of every question).
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46)) return text.toLowerCase().replace(NOT_KEY, "");
	}
	return text;
}

/**
 * compactKey(text) === key, without building the folded copy: the text's characters are folded and
 * compared one by one (a name checked against one key, most often not it, issue 8).
 */
export function foldsTo(text: string, key: string): boolean {
	let j = 0;
	for (let i = 0; i < text.length; i++) {
		let c = text.charCodeAt(i);
		// lowercasing may turn a non-ASCII character into key characters ("K" → "k"): fold it the ordinary way
		if (c > 0x7f) return compactKey(text) === key;
		if (c >= 65 && c <= 90) c += 32;
		else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46)) continue;
		if (j >= key.length || key.charCodeAt(j) !== c) return false;
		j++;
	}
	return j === key.length;
}

/**
 * Whether `text` names `m`'s family and not `m` itself: a family name the catalog keeps as the
 * flagship's alias ("Qwen3.5", "Gemma 4"), which folds to the family's key and to neither the
 * model's id nor its name. The resolver and the parser's exact names both ask it.
 */
export function namesOnlyFamily(text: string, m: Pick<Model, "family" | "id" | "name">): boolean {
	const family = compactKey(m.family);
	return foldsTo(text, family) && family !== compactKey(m.id) && family !== compactKey(m.name);
}

const LETTER_DIGIT = /([a-z])(\d)/g;
/** LETTER_DIGIT without its global flag, for a stateless test. */
const HAS_LETTER_DIGIT = /[a-z]\d/;
const SEPARATORS = /[\s\-_/:,()[\]]+/;
/** "a3b" (active parameters) and "8x7b" (experts × size) stay one token. */
const EXPERTS_X_SIZE = /^\d+x\d+(?:\.\d+)?b$/;
const KEEP_A_SIZE = /(^|[\s\-_/:])a(\d+(?:\.\d+)?b)\b/g;

/**
 * Word tokens: lowercase, split at separators and at letter→digit boundaries ("qwen3" → qwen 3,
 * "llama3.1" → llama 3.1, "r1" → r 1), keeping size tokens whole ("8b", "1.5b", "135m", "a3b", "8x7b").
 */
export function tokens(text: string): string[] {
	const lower = text
		.toLowerCase()
		.replace(/\.(?!\d)/g, " ")
		.replace(KEEP_A_SIZE, "$1@$2");
	// one output array, no array per part (issue 18: every run of words a question tries is tokenized,
	// and a hostile line's parts are many)
	const out: string[] = [];
	for (const t of lower.split(SEPARATORS)) {
		if (t === "") continue;
		if (t.startsWith("@")) out.push(`a${t.slice(1)}`);
		else if (EXPERTS_X_SIZE.test(t) || !HAS_LETTER_DIGIT.test(t)) out.push(t);
		else for (const part of t.replace(LETTER_DIGIT, "$1 $2").split(" ")) if (part !== "") out.push(part);
	}
	return out;
}

/** A parameter-size token: 8b, 1.5b, 135m, 1t, a3b (active), 8x7b (experts × size), 16e (experts). */
export const SIZE_TOKEN = /^(?:a?\d+(?:\.\d+)?[bmt]|\d+x\d+(?:\.\d+)?b|\d+e)$/;

export function isSizeToken(t: string): boolean {
	return SIZE_TOKEN.test(t);
}

/**
 * Characters no model, device or system name has, inside a word or as punctuation around one (names use
 * letters, digits, spaces and - _ . : / ( ) + , ×; counts and sizes add x and *; people add ? ! , around
 * them). A word holding one is never part of a name (issue 18: a hostile line's "9skfz_+ik=ak1" and
 * "<@123>" words each started up to 8 hardware parses and a dozen model lookups).
 */
export const NEVER_IN_A_NAME = /[=@<>#$%^{}[\]|\\`]/;
