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
 * bound holds for all of them. Within the bound, a pattern is scored only against the documents that
 * share enough characters and character pairs with it to be matched at all (CandidateScreen below):
 * the same answers as a search of the whole index, at a fraction of the cost and of the allocation.
 */
import { createRequire } from "node:module";
import type FuseType from "fuse.js";
import type { FuseIndex, FuseSearchOptions, IFuseOptions } from "fuse.js";

type FuseConstructor = typeof FuseType;
/** one document's entry in a fuse.js index (its own record, as FuseIndex.toJSON gives it) */
type IndexRecord = ReturnType<FuseIndex<unknown>["toJSON"]>["records"][number];

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
 * Each document's key texts as fuse.js compares them (lowercased, `isCaseSensitive` off): a plain
 * string, or the string / string-list values of its keys. null when a key holds anything else (a
 * nested path, an object): such a document is always a candidate.
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

/** fuse.js's Bitap chunks of a pattern: 32 characters each, the last one ending at the pattern's end (its BitapSearch). */
function chunksOf(pattern: string): string[] {
	if (pattern.length <= FUSE_CHUNK) return [pattern];
	const out: string[] = [];
	const remainder = pattern.length % FUSE_CHUNK;
	for (let i = 0; i < pattern.length - remainder; i += FUSE_CHUNK) out.push(pattern.slice(i, i + FUSE_CHUNK));
	if (remainder > 0) out.push(pattern.slice(pattern.length - FUSE_CHUNK));
	return out;
}

/** The most errors fuse.js's Bitap accepts in a match of an m-character chunk: its own test, errors / m ≤ threshold. */
export function maxBitapErrors(m: number, threshold: number): number {
	let e = 0;
	while (e < m && (e + 1) / m <= threshold) e++;
	return e;
}

const ASCII = 128;

/**
 * The candidate screen: which documents may match a pattern, from the characters and the character
 * pairs they share with it. Exact, not a heuristic: fuse.js's Bitap accepts a match of an m-character
 * pattern (m ≤ 32, one chunk) with e errors — substitutions, insertions, deletions against some
 * stretch of the text — only when e / m (plus a location penalty that only adds) is at most the
 * threshold. Such a match
 * - aligns at least m − e of the pattern's characters with equal characters of the text, so the text
 *   shares at least m − e characters with the pattern (as multisets);
 * - leaves at least (m − 1) − 2e of the pattern's m − 1 character pairs untouched (an edit breaks at
 *   most the two pairs around it), and each untouched pair occurs in the text as it is.
 * A text below either count cannot match, whatever else fuse.js would compute; fuse.js then scores
 * only the documents with a text that passes, and its results are the same (a document's score never
 * depends on the others, and ties keep catalog order). A pattern longer than a chunk is searched by
 * fuse.js chunk by chunk, any chunk matching: a document passes when it passes for some chunk.
 * Characters outside ASCII are counted as shared (kept conservative).
 *
 * Why (issue 18): every odd word of a hostile line was a typo search scored against every catalog
 * word (~1,000) or device key (610), each score allocating Bitap rows: ~20 % of a hostile corpus's
 * CPU and half of what it allocated. Random words share a pair of characters with few names.
 */
export class CandidateScreen {
	/** text → the document it belongs to */
	private readonly textDoc: Int32Array;
	/** per text, how often each ASCII character occurs (capped at 255): texts × 128 */
	private readonly chars: Uint8Array;
	/** texts holding each ASCII pair a·128+b: pairTexts[pairStart[code] … pairStart[code + 1]) */
	private readonly pairStart: Int32Array;
	private readonly pairTexts: Int32Array;
	/** documents with a key the screen cannot read: always candidates */
	private readonly unread: readonly number[];
	/** per-search scratch, reused (a search allocates only its answer) */
	private readonly pairHits: Uint8Array;
	private readonly touched: Int32Array;
	private readonly docMark: Uint8Array;
	private readonly patternCounts = new Uint8Array(ASCII);

	constructor(texts: readonly (readonly string[] | null)[]) {
		let total = 0;
		const unread: number[] = [];
		texts.forEach((t, doc) => {
			if (t === null) unread.push(doc);
			else total += t.length;
		});
		this.unread = unread;
		this.textDoc = new Int32Array(total);
		this.chars = new Uint8Array(total * ASCII);
		const pairCount = new Int32Array(ASCII * ASCII + 1);
		const pairsOf: number[][] = [];
		let at = 0;
		texts.forEach((t, doc) => {
			for (const text of t ?? []) {
				this.textDoc[at] = doc;
				const pairs: number[] = [];
				for (let i = 0; i < text.length; i++) {
					const c = text.charCodeAt(i);
					if (c >= ASCII) continue;
					const k = at * ASCII + c;
					if ((this.chars[k] ?? 0) < 255) this.chars[k] = (this.chars[k] ?? 0) + 1;
					const d = text.charCodeAt(i + 1);
					if (d < ASCII && !pairs.includes(c * ASCII + d)) pairs.push(c * ASCII + d);
				}
				for (const code of pairs) pairCount[code + 1] = (pairCount[code + 1] ?? 0) + 1;
				pairsOf.push(pairs);
				at++;
			}
		});
		for (let code = 1; code <= ASCII * ASCII; code++) pairCount[code] = (pairCount[code] ?? 0) + (pairCount[code - 1] ?? 0);
		this.pairStart = pairCount;
		this.pairTexts = new Int32Array(pairCount[ASCII * ASCII] ?? 0);
		const fill = pairCount.slice(0, ASCII * ASCII);
		pairsOf.forEach((pairs, text) => {
			for (const code of pairs) {
				const at = fill[code] ?? 0;
				this.pairTexts[at] = text;
				fill[code] = at + 1;
			}
		});
		this.pairHits = new Uint8Array(total);
		this.touched = new Int32Array(total);
		this.docMark = new Uint8Array(texts.length);
	}

	/** The documents that may match `pattern` (lowercased) under `threshold`, in catalog order. */
	candidates(pattern: string, threshold: number): number[] {
		const out: number[] = [...this.unread];
		for (const doc of this.unread) this.docMark[doc] = 1;
		for (const chunk of chunksOf(pattern)) this.screenChunk(chunk, threshold, out);
		for (const doc of out) this.docMark[doc] = 0;
		return out.sort((a, b) => a - b);
	}

	private screenChunk(chunk: string, threshold: number, out: number[]): void {
		const m = chunk.length;
		const errors = maxBitapErrors(m, threshold);
		const counts = this.patternCounts;
		const distinct: number[] = [];
		let nonAscii = 0;
		for (let i = 0; i < m; i++) {
			const c = chunk.charCodeAt(i);
			if (c >= ASCII) nonAscii++;
			else {
				if (counts[c] === 0) distinct.push(c);
				counts[c] = (counts[c] ?? 0) + 1;
			}
		}
		const needChars = m - errors - nonAscii;
		let needPairs = m - 1 - 2 * errors;
		const pairs: number[] = [];
		for (let i = 0; i + 1 < m; i++) {
			const a = chunk.charCodeAt(i);
			const b = chunk.charCodeAt(i + 1);
			// a pair with a character outside ASCII is counted as shared
			if (a >= ASCII || b >= ASCII) needPairs--;
			else pairs.push(a * ASCII + b);
		}
		const total = this.textDoc.length;
		const consider = (text: number) => {
			const doc = this.textDoc[text] ?? 0;
			if (this.docMark[doc] === 1) return;
			let shared = 0;
			const base = text * ASCII;
			for (const c of distinct) shared += Math.min(counts[c] ?? 0, this.chars[base + c] ?? 0);
			if (shared < needChars) return;
			this.docMark[doc] = 1;
			out.push(doc);
		};
		if (needPairs <= 0) {
			for (let text = 0; text < total; text++) consider(text);
		} else {
			// count, per text, the pattern's pairs it holds (each pair position once), from the pair postings
			let touched = 0;
			for (const code of pairs) {
				const end = this.pairStart[code + 1] ?? 0;
				for (let k = this.pairStart[code] ?? 0; k < end; k++) {
					const text = this.pairTexts[k] ?? 0;
					if (this.pairHits[text] === 0) this.touched[touched++] = text;
					this.pairHits[text] = (this.pairHits[text] ?? 0) + 1;
				}
			}
			for (let k = 0; k < touched; k++) {
				const text = this.touched[k] ?? 0;
				if ((this.pairHits[text] ?? 0) >= needPairs) consider(text);
				this.pairHits[text] = 0;
			}
		}
		for (const c of distinct) counts[c] = 0;
	}
}

/**
 * Fuzzy work done so far in this process: searches that reached fuse.js's scoring, and documents it
 * scored. Read by tests that bound the work per question (a count, not a time: tests/query).
 */
export const fuzzyWork = { searches: 0, scored: 0 };

let ctor: FuseConstructor | null = null;

function load(): FuseConstructor {
	const Fuse = createRequire(import.meta.url)("fuse.js") as FuseConstructor;
	/**
	 * fuse.js with `search` bounded (see the file comment): a pattern longer than any key plus
	 * FUZZY_LENGTH_SLACK matches nothing, and a pattern is scored only against the documents the
	 * candidate screen lets through (fuse.js's own index records of them, searched by a second fuse.js
	 * over the same documents: same scores, same order, same refIndex as a search of the whole index).
	 */
	class BoundedFuse<T> extends Fuse<T> {
		readonly maxPatternLength: number;
		private readonly threshold: number;
		private readonly screen: CandidateScreen | null;
		/** each document's fuse.js index record, by its position in the list (blank strings have none) */
		private readonly recordOf: (IndexRecord | undefined)[] = [];
		private readonly recordCount: number;
		/** fuse.js over the same documents, given the candidates' records before each search */
		private readonly within: FuseType<T> | null = null;
		private readonly withinIndex: FuseIndex<T> | null = null;
		constructor(docs: readonly T[], options?: IFuseOptions<T>, index?: FuseIndex<T>) {
			super(docs, options, index);
			const names = keyNames(options?.keys);
			this.maxPatternLength = Math.max(0, ...docs.map((d) => keyLength(d, names))) + FUZZY_LENGTH_SLACK;
			this.threshold = options?.threshold ?? FUSE_DEFAULT_THRESHOLD;
			const { keys, records } = this.getIndex().toJSON();
			for (const r of records) this.recordOf[r.i] = r;
			this.recordCount = records.length;
			// the screen reads plain key texts as fuse.js's Bitap compares them; other searches go without it
			const plain =
				options?.isCaseSensitive !== true && options?.ignoreDiacritics !== true && options?.useExtendedSearch !== true && options?.useTokenSearch !== true;
			this.screen = plain ? new CandidateScreen(docs.map((d) => keyTexts(d, names))) : null;
			if (this.screen !== null) {
				const indexOptions: { getFn?: IFuseOptions<T>["getFn"]; fieldNormWeight?: number } = {};
				if (options?.getFn !== undefined) indexOptions.getFn = options.getFn;
				if (options?.fieldNormWeight !== undefined) indexOptions.fieldNormWeight = options.fieldNormWeight;
				this.withinIndex = Fuse.parseIndex<T>({ keys, records: [] }, indexOptions);
				this.within = new Fuse(docs, options, this.withinIndex);
			}
		}
		override search(pattern: Parameters<FuseType<T>["search"]>[0], options?: FuseSearchOptions) {
			if (typeof pattern !== "string") return super.search(pattern, options);
			if (pattern.length > this.maxPatternLength) return [];
			if (this.screen === null || this.within === null || this.withinIndex === null || pattern.trim() === "") {
				fuzzyWork.searches++;
				fuzzyWork.scored += this.recordCount;
				return super.search(pattern, options);
			}
			const docs = this.screen.candidates(pattern.toLowerCase(), this.threshold);
			if (docs.length === 0) return [];
			const records: IndexRecord[] = [];
			for (const doc of docs) {
				const r = this.recordOf[doc];
				if (r !== undefined) records.push(r);
			}
			fuzzyWork.searches++;
			fuzzyWork.scored += records.length;
			if (records.length === this.recordCount) return super.search(pattern, options);
			this.withinIndex.setIndexRecords(records);
			return this.within.search(pattern, options);
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
