/**
 * Quantization words the catalog has no entry for but people type from Hugging Face file names:
 * Unsloth's dynamic mixes ("UD-Q4_K_XL", "ud-q3_k_xl", "UD-IQ1_S"). A dynamic mix keeps some tensors
 * above its base type and drops others below it; its file lands within a few per cent of the base
 * llama.cpp type (Unsloth's model cards list both, e.g. Qwen3-30B-A3B UD-Q4_K_XL 17.7 GB vs Q4_K_M 18.6 GB),
 * so canirun sizes and times it as that base type and says so. Lookups go through a Map built from
 * literals and one anchored pattern, never object indexing with user text.
 */

/** Unsloth's "_XL" suffix on a k-quant → the llama.cpp file type it is built on (the "_M" mix; Q2 has no _M, Q8 is Q8_0). */
const XL_BASE: ReadonlyMap<string, string> = new Map([
	["q2_k_xl", "q2_k"],
	["q3_k_xl", "q3_k_m"],
	["q4_k_xl", "q4_k_m"],
	["q5_k_xl", "q5_k_m"],
	["q6_k_xl", "q6_k"],
	["q8_k_xl", "q8_0"],
]);

/** "ud-q4_k_xl", "UD-Q4_K_XL", "ud_iq1_s", "q4_k_xl": the word without Unsloth's prefix, and whether it had one. */
const DYNAMIC = /^(ud[-_])?((?:i?q\d|tq\d)_[a-z0-9_]+)$/;

export interface DynamicQuant {
	/** the llama.cpp type to estimate with (a catalog quant id or alias, lower case) */
	base: string;
	/** the note the answer carries */
	note: string;
}

/**
 * The base type of a dynamic-mix word, or null when the word is not one. `isQuant` says whether the
 * catalog knows a word as a quantization (exactly); a plain catalog quant ("q4_k_m") is not a dynamic
 * mix and gives null, so it keeps its own path.
 */
export function dynamicQuant(word: string, isQuant: (w: string) => boolean): DynamicQuant | null {
	const w = word.toLowerCase();
	if (w.length > 16) return null;
	const m = DYNAMIC.exec(w);
	if (m === null) return null;
	const prefixed = m[1] !== undefined;
	const rest = m[2] ?? "";
	const base = XL_BASE.get(rest) ?? (prefixed && isQuant(rest) ? rest : null);
	if (base === null || !isQuant(base)) return null;
	const typed = word.toUpperCase();
	return {
		base,
		note: `${typed} is an Unsloth dynamic mix: sized and timed as ${base.toUpperCase()}, its base type (the file is within a few per cent of it)`,
	};
}
