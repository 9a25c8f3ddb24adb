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

/**
 * In keys[lo, hi), sorted and sharing their first `depth` characters, the first index whose character
 * at `depth` is above `c` (hi when none): a binary search. firstAbove(c − 1) … firstAbove(c) is the
 * run of keys continuing with c.
 */
function firstAbove(keys: readonly string[], lo: number, hi: number, depth: number, c: number): number {
	let a = lo;
	let b = hi;
	while (a < b) {
		const mid = (a + b) >> 1;
		if (charAt(keys[mid] ?? "", depth) <= c) a = mid + 1;
		else b = mid;
	}
	return a;
}

export class FoldedKeys<V> {
	readonly #keys: string[];
	readonly #values: V[];
	/**
	 * The keys starting with ASCII character c are #keys[#firstAt[c], #firstAt[c + 1]): the first
	 * character read narrows the range in one step instead of two binary searches over every key
	 * (the most expensive step of a lookup, and most lookups stop there or one character later).
	 */
	readonly #firstAt = new Int32Array(129);
	/** getWordPrefixes' text as a run of one word */
	readonly #one: string[] = [""];
	constructor(private readonly byKey: ReadonlyMap<string, V>) {
		this.#keys = [...byKey.keys()].sort();
		this.#values = this.#keys.map((k) => byKey.get(k) as V);
		let at = 0;
		for (let c = 0; c <= 128; c++) {
			while (at < this.#keys.length && charAt(this.#keys[at] ?? "", 0) < c) at++;
			this.#firstAt[c] = at;
		}
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
	 * `get` of the text and of each of its prefixes that ends just before a space, in one pass:
	 * values[k] answers text.slice(0, ends[k]) (the whole text last). Returns the length read before
	 * no key continued (prefixes longer than that name nothing and are not listed), or -1 when the
	 * text is not ASCII (then `get` folds it the ordinary way and nothing is listed).
	 */
	getWordPrefixes(text: string, ends: number[], values: (V | undefined)[]): number {
		this.#one[0] = text;
		return this.getRunPrefixes(this.#one, 0, 1, ends, values);
	}

	/**
	 * getWordPrefixes of words[start, start + count) joined by single spaces, read word by word without
	 * joining them (issue 8: the parser asks at a word about the run of words after it, and most runs
	 * stop matching within their first word). `ends` are offsets in the joined text.
	 */
	getRunPrefixes(words: readonly string[], start: number, count: number, ends: number[], values: (V | undefined)[]): number {
		ends.length = 0;
		values.length = 0;
		const keys = this.#keys;
		let lo = 0;
		let hi = keys.length;
		let depth = 0;
		// offset of the current word in the joined text
		let at = 0;
		for (let k = start; k < start + count; k++) {
			const word = words[k] ?? "";
			if (k > start) {
				// the space joining the words: the same test #find ends with, for the prefix read so far
				ends.push(at - 1);
				values.push(this.#valueOfPrefix(lo, hi, depth));
			}
			for (let j = 0; j < word.length; j++) {
				let c = word.charCodeAt(j);
				if (c === 32) {
					ends.push(at + j);
					values.push(this.#valueOfPrefix(lo, hi, depth));
					continue;
				}
				if (c > 0x7f) {
					ends.length = 0;
					values.length = 0;
					return -1;
				}
				if (c >= 65 && c <= 90) c += 32;
				else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46)) continue;
				// the narrowing of #find, step for step
				if (depth === 0) {
					lo = this.#firstAt[c] ?? 0;
					hi = this.#firstAt[c + 1] ?? 0;
					if (lo >= hi) return at + j;
					depth++;
					continue;
				}
				const first = charAt(keys[lo] ?? "", depth);
				const last = charAt(keys[hi - 1] ?? "", depth);
				if (c < first || c > last) return at + j;
				if (first === last) {
					depth++;
					continue;
				}
				lo = firstAbove(keys, lo, hi, depth, c - 1);
				hi = firstAbove(keys, lo, hi, depth, c);
				if (lo >= hi) return at + j;
				depth++;
			}
			at += word.length + 1;
		}
		// (no words: the empty text)
		const end = Math.max(at - 1, 0);
		ends.push(end);
		values.push(this.#valueOfPrefix(lo, hi, depth));
		return end;
	}

	/**
	 * The value of the key that is exactly the prefix read so far (the keys in [lo, hi) share its first
	 * `depth` characters, sorted, so only the first can be that short), undefined when none is: the
	 * test #find ends with, asked by getRunPrefixes at each word's end.
	 */
	#valueOfPrefix(lo: number, hi: number, depth: number): V | undefined {
		return lo < hi && (this.#keys[lo] ?? "").length === depth ? this.#values[lo] : undefined;
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
			// the first character: the keys starting with it, from the table
			if (depth === 0) {
				lo = this.#firstAt[c] ?? 0;
				hi = this.#firstAt[c + 1] ?? 0;
				if (lo >= hi) return -1;
				depth++;
				continue;
			}
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
			lo = firstAbove(keys, lo, hi, depth, c - 1);
			hi = firstAbove(keys, lo, hi, depth, c);
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

/**
 * `FoldedKeys.get` answered from one pass over the last text asked, for that text and its prefixes
 * ending before a space. The query parser asks about a run of words and then about each shorter run,
 * longest first ("deepseek-r1 q4_k_m 2x4090", "deepseek-r1 q4_k_m", "deepseek-r1"): all prefixes of
 * the first, so one pass answers them all instead of one pass each (issue 8). Holds one text.
 */
export class WordPrefixLookup<V> {
	/** the text of the last pass, null when there is none to reuse */
	#text: string | null = null;
	/** how far #text was read before no key continued */
	#read = 0;
	readonly #ends: number[] = [];
	readonly #values: (V | undefined)[] = [];
	constructor(private readonly keys: FoldedKeys<V>) {}

	get(text: string): V | undefined {
		const last = this.#text;
		if (last !== null && text.length <= last.length && last.startsWith(text)) {
			// a prefix running past where the last text stopped matching names nothing
			if (text.length > this.#read) return undefined;
			const ends = this.#ends;
			for (let k = 0; k < ends.length; k++) if (ends[k] === text.length) return this.#values[k];
		}
		if (!this.#pass(text)) return this.keys.get(text);
		// the whole text was listed last, unless no key continued before its end
		return this.#read === text.length ? this.#values[this.#values.length - 1] : undefined;
	}

	/**
	 * The one pass over words[start, start + count) joined by spaces (FoldedKeys.getRunPrefixes):
	 * ends[k] is where its (k+1)-th word prefix ends in the joined text and values[k] what that prefix
	 * names (listed only up to where no key continued). null when a word holds a character the pass
	 * does not read (ask get() per prefix then). Not kept for get(): the joined text was never made.
	 */
	prefixesOfRun(
		words: readonly string[],
		start: number,
		count: number,
	): { readonly ends: readonly number[]; readonly values: readonly (V | undefined)[] } | null {
		this.#text = null;
		return this.keys.getRunPrefixes(words, start, count, this.#ends, this.#values) < 0 ? null : { ends: this.#ends, values: this.#values };
	}

	/** FoldedKeys.getWordPrefixes over `text` into #ends/#values, remembered; false when it cannot read the text. */
	#pass(text: string): boolean {
		const read = this.keys.getWordPrefixes(text, this.#ends, this.#values);
		if (read < 0) {
			this.#text = null;
			return false;
		}
		this.#text = text;
		this.#read = read;
		return true;
	}
}
