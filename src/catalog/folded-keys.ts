/**
 * A name map looked up with the text as typed, without folding it into a new string first. The
 * folded keys (compactKey) are kept sorted; the text is folded one character at a time while the
 * range of keys starting with what was read so far narrows. Nothing is allocated, and a text stops
 * being read at the first character no key continues with: "deepseek-r1 q4_k_m 2x4090 32k" is
 * rejected at its "q" (issue 8: the query parser looks up every run of up to 7 words of every
 * question, longest first, and almost all of them name nothing).
 */
import { compactKey } from "./fold.js";

/** The text holds a character that lowercasing might turn into a key character. */
const FALLBACK = -2;

/** The character of `key` at `depth`, or -1 past its end (a key that ends there sorts before the others). */
function charAt(key: string, depth: number): number {
	return depth < key.length ? key.charCodeAt(depth) : -1;
}

export class FoldedKeys<V> {
	readonly #keys: string[];
	readonly #values: V[];
	constructor(private readonly byKey: ReadonlyMap<string, V>) {
		this.#keys = [...byKey.keys()].sort();
		this.#values = this.#keys.map((k) => byKey.get(k) as V);
	}

	/** Same as `byKey.get(compactKey(text))`. */
	get(text: string): V | undefined {
		const at = this.#find(text, false);
		if (at === FALLBACK) return this.byKey.get(compactKey(text));
		return at >= 0 ? this.#values[at] : undefined;
	}

	/** Some key starts with compactKey(text) (every key does when the text folds to ""). */
	hasPrefix(text: string): boolean {
		const at = this.#find(text, true);
		if (at === FALLBACK) {
			const key = compactKey(text);
			return key === "" || this.#keys.some((k) => k.startsWith(key));
		}
		return at >= 0;
	}

	/**
	 * The index of the key equal to the folded text (or, with `prefix`, of some key starting with it);
	 * -1 when there is none, FALLBACK for non-ASCII text. compactKey lowercases the whole text, and a
	 * few non-ASCII letters lowercase to ASCII ones ("İ" → "i̇", "K" → "k"): those texts are folded the
	 * ordinary way.
	 */
	#find(text: string, prefix: boolean): number {
		const keys = this.#keys;
		let lo = 0;
		let hi = keys.length;
		let depth = 0;
		for (let i = 0; i < text.length; i++) {
			let c = text.charCodeAt(i);
			if (c > 0x7f) return FALLBACK;
			if (c >= 65 && c <= 90) c += 32;
			else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46)) continue;
			// Keys in [lo, hi) share the first `depth` characters and are sorted by the next one, so the
			// first and last bound it; when they agree (inside a name, or one key left) nothing narrows.
			const first = charAt(keys[lo] ?? "", depth);
			const last = charAt(keys[hi - 1] ?? "", depth);
			if (c < first || c > last) return -1;
			if (first === last) {
				depth++;
				continue;
			}
			// otherwise keep those whose next character is c
			let a = lo;
			let b = hi;
			while (a < b) {
				const mid = (a + b) >> 1;
				if (charAt(keys[mid] ?? "", depth) < c) a = mid + 1;
				else b = mid;
			}
			lo = a;
			b = hi;
			while (a < b) {
				const mid = (a + b) >> 1;
				if (charAt(keys[mid] ?? "", depth) <= c) a = mid + 1;
				else b = mid;
			}
			hi = a;
			if (lo >= hi) return -1;
			depth++;
		}
		// "".startsWith("") holds even with no keys, as a startsWith test over the list would say
		if (prefix && depth === 0) return 0;
		if (lo >= hi) return -1;
		if (prefix) return lo;
		return (keys[lo] ?? "").length === depth ? lo : -1;
	}
}
