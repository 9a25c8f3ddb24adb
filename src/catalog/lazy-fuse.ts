/**
 * fuse.js, loaded on first use, behind one bound on what it is asked (issue 18).
 *
 * Loaded lazily: typo repair is the rare path (an exact lookup answers most names), so the one-shot
 * CLI should not pay for loading fuse.js, nor for building fuzzy indexes, when every word was spelled
 * right. `createRequire` gives a synchronous load, which the resolvers need (they are synchronous);
 * fuse.js ships a CommonJS build for exactly this ("require" in its package exports).
 *
 * Bounded: fuse.js's Bitap search costs grow with the pattern (it splits patterns longer than 32
 * characters into chunks and scores each against every key), so one 490-character word tried as a
 * device name took up to ~0.8 s and held every other user's answer (the stress campaign of issue 18,
 * 87 % of its profile). No typo of a name is much longer than the name, so every index built here
 * refuses (answers "no match" for) a pattern longer than its longest key plus FUZZY_LENGTH_SLACK.
 * This is the one entry every resolver (models, devices, quants) builds its index through, so the
 * bound holds for all of them.
 */
import { createRequire } from "node:module";
import type FuseType from "fuse.js";
import type { FuseIndex, FuseSearchOptions, IFuseOptions } from "fuse.js";

type FuseConstructor = typeof FuseType;

/**
 * A typo adds a character or two ("deepseeek", "rtx 40900"); a few more are allowed so a doubled
 * letter plus a stray suffix still reaches typo repair. Anything longer than this past the longest
 * name is not a typo of any name.
 */
export const FUZZY_LENGTH_SLACK = 4;

/** fuse.js's default `threshold` (fusejs.io/api/options.html), for indexes that do not set one. */
const FUSE_DEFAULT_THRESHOLD = 0.6;
/** fuse.js's Bitap searches patterns in chunks of at most this many characters (its MAX_BITS). */
const FUSE_CHUNK = 32;

/** The key names of fuse.js `keys` options ("key", ["a", "b"], { name }). */
function keyNames<T>(keys: IFuseOptions<T>["keys"]): string[] {
	return (keys ?? []).map((k) =>
		typeof k === "string"
			? k
			: Array.isArray(k)
				? k.join(".")
				: typeof k === "object" && k !== null && "name" in k
					? String((k as { name: unknown }).name)
					: "",
	);
}

/** The longest string a document holds under `names` (or the document itself, for a string list). */
function keyLength<T>(doc: T, names: readonly string[]): number {
	if (typeof doc === "string") return doc.length;
	let longest = 0;
	for (const name of names) {
		const value = (doc as Record<string, unknown>)[name];
		if (typeof value === "string") longest = Math.max(longest, value.length);
	}
	return longest;
}

/**
 * The shortest key a pattern of `length` characters can match. A Bitap match scores errors ÷ pattern
 * length (plus a distance penalty, which only adds), and a key d characters shorter than a chunk of
 * the pattern leaves at least d of its characters unmatched; fuse.js calls a chunk a match when the
 * score is ≤ threshold, and the pattern a match when any chunk is. So no key shorter than
 * chunk − floor(threshold × chunk) can match; one character less is kept as a margin for rounding.
 */
function shortestMatchable(length: number, threshold: number): number {
	const chunk = Math.min(length, FUSE_CHUNK);
	return chunk - Math.floor(threshold * chunk) - 1;
}

/**
 * Each document's key texts as fuse.js compares them (lowercased, `isCaseSensitive` off): a plain
 * string, or the string / string-list values of its keys. null when a key holds anything else (a
 * nested path, an object): such an index is searched without the shared-characters screen.
 */
function keyTexts<T>(doc: T, names: readonly string[]): string[] | null {
	if (typeof doc === "string") return [doc.toLowerCase()];
	const out: string[] = [];
	for (const name of names) {
		if (name.includes(".")) return null;
		const value = (doc as Record<string, unknown>)[name];
		if (typeof value === "string") out.push(value.toLowerCase());
		else if (Array.isArray(value)) {
			for (const v of value) {
				if (typeof v !== "string") return null;
				out.push(v.toLowerCase());
			}
		} else if (value !== undefined && value !== null) return null;
	}
	return out;
}

/** How many times each ASCII character occurs in `text` (capped at 255). */
function asciiCounts(text: string): Uint8Array {
	const counts = new Uint8Array(128);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 128 && (counts[c] ?? 0) < 255) counts[c] = (counts[c] ?? 0) + 1;
	}
	return counts;
}

/**
 * The shared-characters screen. fuse.js's Bitap accepts a match of an m-character pattern (m ≤ 32,
 * one chunk) with e errors — substitutions, insertions, deletions — only when e / m (plus a location
 * penalty that only adds) is at most the threshold, so e ≤ floor(threshold × m); and such a match
 * aligns at least m − e of the pattern's characters with equal characters of the text. A text that
 * shares fewer than m − floor(threshold × m) characters with the pattern (as multisets) cannot match,
 * whatever else fuse.js would compute. Non-ASCII pattern characters are counted as shared (kept
 * conservative). A word no name shares enough characters with (a hostile line's random words) is
 * answered "no match" without a Bitap pass over every key: same result, a fraction of the cost.
 */
class SharedCharsScreen {
	private readonly counts: (Uint8Array[] | null)[] = [];
	constructor(private readonly texts: readonly (string[] | null)[]) {}

	/** Whether any document may match `pattern` (already lowercased, at most FUSE_CHUNK characters). */
	anyMayMatch(pattern: string, threshold: number, candidates: readonly number[] | null): boolean {
		const p = asciiCounts(pattern);
		const chars: number[] = [];
		let nonAscii = 0;
		for (let i = 0; i < pattern.length; i++) {
			const c = pattern.charCodeAt(i);
			if (c >= 128) nonAscii++;
			else if (!chars.includes(c)) chars.push(c);
		}
		const need = pattern.length - Math.floor(threshold * pattern.length);
		const check = (i: number): boolean => {
			const texts = this.texts[i];
			if (texts === null || texts === undefined) return true;
			let counts = this.counts[i];
			if (counts === undefined || counts === null) {
				counts = texts.map(asciiCounts);
				this.counts[i] = counts;
			}
			for (const t of counts) {
				let shared = nonAscii;
				for (const c of chars) shared += Math.min(p[c] ?? 0, t[c] ?? 0);
				if (shared >= need) return true;
			}
			return false;
		};
		if (candidates !== null) return candidates.some(check);
		for (let i = 0; i < this.texts.length; i++) if (check(i)) return true;
		return false;
	}
}

let ctor: FuseConstructor | null = null;

function load(): FuseConstructor {
	const Fuse = createRequire(import.meta.url)("fuse.js") as FuseConstructor;
	/**
	 * fuse.js with `search` bounded (see the file comment): a pattern longer than any key plus
	 * FUZZY_LENGTH_SLACK matches nothing, and a pattern is searched only among the keys long enough to
	 * match it (an index per shortest length, built on first use; same results, same order, since
	 * fuse.js's scores do not depend on the other documents). A 40-character word then scores the
	 * few long names instead of all 610 device keys.
	 */
	class BoundedFuse<T> extends Fuse<T> {
		readonly maxPatternLength: number;
		private readonly docs: readonly T[];
		private readonly lengths: readonly number[];
		private readonly threshold: number;
		private readonly fuseOptions: IFuseOptions<T> | undefined;
		private readonly byShortest = new Map<number, { fuse: FuseType<T>; refs: number[] } | null>();
		private readonly screen: SharedCharsScreen | null;
		constructor(docs: readonly T[], options?: IFuseOptions<T>, index?: FuseIndex<T>) {
			super(docs, options, index);
			const names = keyNames(options?.keys);
			this.docs = docs;
			this.lengths = docs.map((d) => keyLength(d, names));
			this.maxPatternLength = Math.max(0, ...this.lengths) + FUZZY_LENGTH_SLACK;
			this.threshold = options?.threshold ?? FUSE_DEFAULT_THRESHOLD;
			this.fuseOptions = options;
			// the screen reads plain key texts only; an index with other keys, or case-sensitive, goes without
			const texts =
				options?.isCaseSensitive === true || options?.ignoreDiacritics === true || options?.useExtendedSearch === true
					? null
					: docs.map((d) => keyTexts(d, names));
			this.screen = texts === null ? null : new SharedCharsScreen(texts);
		}
		override search(pattern: Parameters<FuseType<T>["search"]>[0], options?: FuseSearchOptions) {
			if (typeof pattern !== "string") return super.search(pattern, options);
			if (pattern.length > this.maxPatternLength) return [];
			if (this.screen !== null && pattern.length <= FUSE_CHUNK && !this.screen.anyMayMatch(pattern.toLowerCase(), this.threshold, null)) return [];
			const shortest = shortestMatchable(pattern.length, this.threshold);
			let sub = this.byShortest.get(shortest);
			if (sub === undefined) {
				const refs: number[] = [];
				this.lengths.forEach((length, i) => {
					if (length >= shortest) refs.push(i);
				});
				// no saving when (nearly) every key is long enough: search the whole index
				sub =
					refs.length > this.docs.length * 0.8
						? null
						: {
								fuse: new Fuse(
									refs.map((i) => this.docs[i] as T),
									this.fuseOptions,
								),
								refs,
							};
				this.byShortest.set(shortest, sub);
			}
			if (sub === null) return super.search(pattern, options);
			const { refs } = sub;
			return sub.fuse.search(pattern, options).map((r) => ({ ...r, refIndex: refs[r.refIndex] ?? r.refIndex }));
		}
	}
	return BoundedFuse as unknown as FuseConstructor;
}

/** fuse.js's constructor, bounded: every index built with it answers [] for a pattern no name is near. */
export function fuseConstructor(): FuseConstructor {
	ctor ??= load();
	return ctor;
}

/** A value built on first use and kept (e.g. one Fuse index per catalog). */
export function lazy<T>(build: () => T): () => T {
	let value: { v: T } | null = null;
	return () => {
		value ??= { v: build() };
		return value.v;
	};
}
