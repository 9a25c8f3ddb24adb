/**
 * Model names as people type them → catalog models. Order of attempts:
 * 1. exact: the folded text equals a folded id, name, alias, HF repo or Ollama tag;
 * 2. typo repair: each word is snapped to the nearest catalog word (fuse.js), then exact again;
 * 3. token scoring: every query word must appear in one of the model's names; parameter sizes
 *    ("32b", "a3b", "8x7b") must match exactly, never fuzzily (qwen3 32b ≠ qwen3 30b a3b);
 * 4. a family name without a size ("qwen3", "gemma 3") picks the family flagship and says so;
 * 5. a family word and a size that several generations share ("llama 70b", "gemma 27b") picks the
 *    newest generation of that size and says so;
 * 6. otherwise candidates for "did you mean".
 *
 * Speed (issue 8): the exact-name map is built with the index; everything else per model (token
 * sets, word → models and size → models postings) on the first name that is not exact, so scoring looks only at models that share the query's words, never at the whole
 * catalog; fuse.js is loaded and its word index built only when a word is not a catalog word, and each
 * typed word is repaired once per process; whole answers are memoized per text.
 */
import type FuseType from "fuse.js";
import { compactKey, isSizeToken, namesOnlyFamily, tokens } from "./fold.js";
import { FoldedKeys, WordPrefixLookup } from "./folded-keys.js";
import { fuseConstructor, lazy } from "./lazy-fuse.js";
import type { Catalog } from "./read.js";
import { BoundedMemo, MEMO_MAX_ENTRIES } from "./memo.js";
import { modelNames } from "./names.js";
import type { OllamaIndex, OllamaLookup } from "./ollama.js";
import type { Resolution } from "./resolution.js";
import type { Model } from "./schema.js";

/** Most "did you mean" candidates returned. */
export const MAX_CANDIDATES = 5;
/** fuse.js threshold for snapping one typed word to a catalog word (0 exact … 1 anything): "deepsek", "lama", "quen" pass, unrelated words do not. */
const WORD_FUZZ_THRESHOLD = 0.34;
/** Words shorter than this are never typo-corrected (too many near neighbours: "r", "v", "oss"). */
const MIN_FUZZY_WORD = 4;
/** Scores within this of each other are a tie (scores are sums of multiples of 0.02 and 0.05). */
const TIE_EPSILON = 1e-9;

interface NameTokens {
	words: string[];
	wordSet: Set<string>;
	sizes: string[];
	/** "word|number" for each word followed by a version number ("qwen|3", "r|1", "v|3.1"): versions bind to their word */
	pairs: Set<string>;
}

interface ModelEntry {
	/** position in the catalog: ties keep catalog order */
	order: number;
	model: Model;
	names: NameTokens[];
	/** every word of every name */
	allWords: Set<string>;
	sizes: Set<string>;
	familyKey: string;
	familyWords: string[];
}

interface Family {
	name: string;
	flagship: Model | null;
	members: Model[];
}

/** The word/size tables of step 3–6, built on the first name that is not an exact one. */
interface ScoringTables {
	entries: ModelEntry[];
	/** word → entries having it in some name (catalog order) */
	byWord: Map<string, ModelEntry[]>;
	/** size token → entries of that size (catalog order) */
	bySize: Map<string, ModelEntry[]>;
	/** fuse.js over the catalog's words, built on the first typo */
	vocabulary: () => FuseType<string>;
	words: Set<string>;
	families: Map<string, Family>;
}

export interface ModelIndex extends ScoringTables {
	exact: Map<string, Model>;
	/** `exact`, looked up without folding the text into a new string (see FoldedKeys) */
	exactKeys: FoldedKeys<Model>;
	/** `exactKeys` for a run of words and then its shorter runs, as the query parser asks them */
	exactRuns: WordPrefixLookup<Model>;
	/** typed word → catalog word (or itself) */
	repairs: BoundedMemo<string>;
	/** trimmed text → answer */
	answers: BoundedMemo<Resolution<Model>>;
	/** the Ollama tag table joined to this catalog (built on first use) */
	ollama: () => OllamaIndex | null;
	/** every word|version pair of every name (built on first use) */
	allPairs(): ReadonlySet<string>;
	versionedWords(): ReadonlySet<string>;
}

const VERSION_NUMBER = /^\d+(?:\.\d+)*$/;

/** "word|number" pairs of a token list: a version number and the word right before it ("qwen 3.5" → qwen|3.5). */
function versionPairs(t: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 1; i < t.length; i++) {
		const w = t[i - 1] ?? "";
		if (VERSION_NUMBER.test(t[i] ?? "") && /^[a-z]+$/.test(w)) out.push(`${w}|${t[i]}`);
	}
	return out;
}

function split(name: string): NameTokens {
	const t = tokens(name);
	const words = t.filter((w) => !isSizeToken(w));
	return { words, wordSet: new Set(words), sizes: t.filter(isSizeToken), pairs: new Set(versionPairs(t)) };
}

/** Sizes people derive from the parameter count ("glm 4.5 air 106b", "kimi k2 1t", "qwen3 30b a3b"). */
function derivedSizes(m: Model): string[] {
	const out: string[] = [];
	const t = m.totalParams;
	if (t >= 1e12) out.push(`${Math.round(t / 1e12)}t`);
	if (t >= 1e9) out.push(`${Math.round(t / 1e9)}b`, `${(t / 1e9).toFixed(1).replace(/\.0$/, "")}b`);
	else out.push(`${Math.round(t / 1e6)}m`);
	if (m.activeParams < t) out.push(`a${Math.round(m.activeParams / 1e9)}b`);
	return out;
}

function post(map: Map<string, ModelEntry[]>, key: string, e: ModelEntry): void {
	const list = map.get(key);
	if (list === undefined) map.set(key, [e]);
	else if (list[list.length - 1] !== e) list.push(e);
}

/** Every name of a model, plus the repo part of "org/repo" names (people type "DeepSeek-R1" for deepseek-ai/DeepSeek-R1). */
function namesWithRepoTail(m: Model): string[] {
	return modelNames(m).flatMap((n) => {
		const slash = n.lastIndexOf("/");
		return slash >= 0 ? [n, n.slice(slash + 1)] : [n];
	});
}

function buildScoringTables(cat: Catalog): ScoringTables {
	const entries: ModelEntry[] = [];
	const words = new Set<string>();
	const byWord = new Map<string, ModelEntry[]>();
	const bySize = new Map<string, ModelEntry[]>();
	const families = new Map<string, Family>();
	for (const [order, m] of cat.models.entries()) {
		const nameTokens = namesWithRepoTail(m).map(split);
		const sizes = new Set([...nameTokens.flatMap((n) => n.sizes), ...derivedSizes(m)]);
		const allWords = new Set(nameTokens.flatMap((n) => n.words));
		for (const w of allWords) words.add(w);
		const familyWords = tokens(m.family);
		const familyKey = familyWords.join(" ");
		const entry: ModelEntry = { order, model: m, names: nameTokens, allWords, sizes, familyKey, familyWords };
		entries.push(entry);
		for (const w of allWords) post(byWord, w, entry);
		for (const s of sizes) post(bySize, s, entry);
		const fam = families.get(familyKey) ?? { name: m.family, flagship: null, members: [] };
		fam.members.push(m);
		if (m.flagship === true) fam.flagship = m;
		families.set(familyKey, fam);
	}
	const fuzzyWords = [...words].filter((w) => w.length >= MIN_FUZZY_WORD - 1 && !/^\d/.test(w));
	const vocabulary = lazy(() => new (fuseConstructor())(fuzzyWords, { includeScore: true, threshold: WORD_FUZZ_THRESHOLD }));
	return { entries, byWord, bySize, vocabulary, words, families };
}

/**
 * One name of one model, in the order the exact-name map is filled (a later name with the same key
 * wins): its folded key, and the name itself when it is one of the model's own Ollama tags (kept only
 * when the tag table does not have its library name, which is looked up when the map is filled).
 * Data over cat.models alone: the bundled CLI reads them prebuilt (src/catalog/prebuilt.ts) instead of
 * folding ~1,700 names per run (issue 8).
 */
export interface ExactNameStep {
	key: string;
	model: Model;
	ownTag: string | null;
}

export function exactNameSteps(cat: Catalog): ExactNameStep[] {
	const steps: ExactNameStep[] = [];
	for (const m of cat.models) {
		const ownTags = new Set(m.ollamaTags);
		for (const n of namesWithRepoTail(m)) steps.push({ key: compactKey(n), model: m, ownTag: ownTags.has(n) ? n : null });
	}
	return steps;
}

/**
 * The exact-name map is built at once (the parser tries it on every run of words); the word/size
 * tables only when a name is not exact (issue 8: a one-shot "deepseek-r1 …" never tokenizes the
 * catalog's ~1000 names).
 */
class LazyModelIndex implements ModelIndex {
	readonly exact = new Map<string, Model>();
	/** a word's nearest catalog word; a word near none is answered by itself (a miss) */
	readonly repairs = new BoundedMemo<string>(MEMO_MAX_ENTRIES, (fixed, typed) => fixed !== typed);
	readonly answers = new BoundedMemo<Resolution<Model>>(MEMO_MAX_ENTRIES, (r) => r.match !== null);
	readonly exactKeys: FoldedKeys<Model>;
	readonly exactRuns: WordPrefixLookup<Model>;
	#tables: ScoringTables | null = null;
	#pairs: Set<string> | null = null;
	#versioned: Set<string> | null = null;
	allPairs(): ReadonlySet<string> {
		this.#pairs ??= new Set(this.entries.flatMap((e) => e.names.flatMap((n) => [...n.pairs])));
		return this.#pairs;
	}
	/** words a version number follows in some catalog name ("llama" 3, "large" 2, "phi" 4) */
	versionedWords(): ReadonlySet<string> {
		this.#versioned ??= new Set([...this.allPairs()].map((p) => p.slice(0, p.indexOf("|"))));
		return this.#versioned;
	}
	constructor(
		private readonly cat: Catalog,
		readonly ollama: () => OllamaIndex | null = () => null,
		steps: Iterable<ExactNameStep> = exactNameSteps(cat),
	) {
		// a model's own Ollama tags are names too, except those of a library name the tag table has:
		// there the table says what `ollama run` pulls ("qwen3.5" alone is not the 397B flagship)
		const table = ollama();
		const tableName = (n: string) =>
			table !== null && n.includes(":") ? table.byName.has(n.slice(0, n.indexOf(":")).toLowerCase()) : table?.byName.has(n.toLowerCase()) === true;
		for (const { key, model, ownTag } of steps) if (!(ownTag !== null && tableName(ownTag))) this.exact.set(key, model);
		this.exactKeys = new FoldedKeys(this.exact);
		this.exactRuns = new WordPrefixLookup(this.exactKeys);
	}
	private get tables(): ScoringTables {
		this.#tables ??= buildScoringTables(this.cat);
		return this.#tables;
	}
	get entries(): ModelEntry[] {
		return this.tables.entries;
	}
	get byWord(): Map<string, ModelEntry[]> {
		return this.tables.byWord;
	}
	get bySize(): Map<string, ModelEntry[]> {
		return this.tables.bySize;
	}
	get vocabulary(): () => FuseType<string> {
		return this.tables.vocabulary;
	}
	get words(): Set<string> {
		return this.tables.words;
	}
	get families(): Map<string, Family> {
		return this.tables.families;
	}
}

/** `steps`: exactNameSteps(cat), or the same prebuilt (src/catalog/prebuilt.ts). */
export function buildModelIndex(cat: Catalog, ollama: () => OllamaIndex | null = () => null, steps?: Iterable<ExactNameStep>): ModelIndex {
	return new LazyModelIndex(cat, ollama, steps);
}

/** Snap each alphabetic word to the nearest catalog word (typos); digits and sizes stay as typed. */
function repairWords(index: ModelIndex, ws: readonly string[]): { words: string[]; changed: boolean } {
	let changed = false;
	const out = ws.map((w) => {
		if (index.words.has(w) || w.length < MIN_FUZZY_WORD || /\d/.test(w)) return w;
		const fixed = index.repairs.get(w, (typed) => index.vocabulary().search(typed, { limit: 1 })[0]?.item ?? typed);
		if (fixed !== w) changed = true;
		return fixed;
	});
	return { words: out, changed };
}

interface Scored {
	entry: ModelEntry;
	score: number;
}

/**
 * Score a model: share of query words found in its best name, minus a little for extra words
 * (shorter names win). A version typed after a word must follow that word in the name too: "deepseek
 * r3" is not DeepSeek-R1-0528-Qwen3-8B although that name has "r" and "3".
 */
function score(entry: ModelEntry, qWords: readonly string[], qSizes: readonly string[], qPairs: readonly string[] = []): number {
	for (const s of qSizes) if (!entry.sizes.has(s)) return 0;
	// a word in none of its names is in no one name: the model scores 0 without reading each name (the
	// starting list of rank has only one of the words; the typo path scores ~1 in 10 questions)
	for (const w of qWords) if (!entry.allWords.has(w)) return 0;
	let best = 0;
	for (const n of entry.names) {
		// a name missing one word is out: the count stops at the first missing word
		let hit = 0;
		while (hit < qWords.length && n.wordSet.has(qWords[hit] ?? "")) hit++;
		if (hit < qWords.length) continue;
		let paired = true;
		for (const p of qPairs) if (!n.pairs.has(p)) paired = false;
		if (!paired) continue;
		// counted, not filtered into a new array: this runs for every name of every candidate (issue 8)
		let sizeExtra = 0;
		if (qSizes.length > 0) for (const ns of n.sizes) if (!qSizes.includes(ns)) sizeExtra++;
		const s = 1 - 0.02 * (n.words.length - hit) - 0.02 * sizeExtra - (qSizes.length > 0 && n.sizes.length === 0 ? 0.05 : 0);
		if (s > best) best = s;
	}
	return best;
}

/**
 * Models that can score above 0: those having every query word (in some name) and every size.
 * The shortest posting list is the starting set; the rest are checked per entry.
 */
function scorable(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): readonly ModelEntry[] {
	let start: readonly ModelEntry[] | null = null;
	for (const w of qWords) {
		const list = index.byWord.get(w) ?? [];
		if (start === null || list.length < start.length) start = list;
	}
	for (const s of qSizes) {
		const list = index.bySize.get(s) ?? [];
		if (start === null || list.length < start.length) start = list;
	}
	return start ?? index.entries;
}

function rank(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[], qPairs: readonly string[] = []): Scored[] {
	const out: Scored[] = [];
	for (const entry of scorable(index, qWords, qSizes)) {
		const s = score(entry, qWords, qSizes, qPairs);
		if (s > 0) out.push({ entry, score: s });
	}
	return out.sort((a, b) => b.score - a.score || b.entry.model.totalParams - a.entry.model.totalParams || a.entry.order - b.entry.order);
}

/** Per index, each entry's overlap with the query (by catalog position): looseCandidates' scratch, reused. */
const OVERLAP = new WeakMap<ModelIndex, Float64Array>();

/** Whether entry a (overlap oa) ranks before entry b (overlap ob): biggest overlap, then flagships, then catalog order. */
function before(a: ModelEntry, oa: number, b: ModelEntry, ob: number): boolean {
	if (oa !== ob) return oa > ob;
	const fa = a.model.flagship === true ? 1 : 0;
	const fb = b.model.flagship === true ? 1 : 0;
	return fa !== fb ? fa > fb : a.order < b.order;
}

/**
 * Candidates when nothing matched: models sharing any word with the query, biggest overlap first.
 * Counted in a reused array and the first MAX_CANDIDATES picked without sorting every model that
 * shares a word (issue 18: a hostile line's digits and one-letter fragments each share a word with
 * hundreds of models, and the whole list was sorted for five of them; the order is a total one, so
 * the five are the same).
 */
function looseCandidates(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): Model[] {
	let overlap = OVERLAP.get(index);
	if (overlap === undefined) {
		overlap = new Float64Array(index.entries.length);
		OVERLAP.set(index, overlap);
	}
	const touched: ModelEntry[] = [];
	const add = (list: readonly ModelEntry[] | undefined, by: number) => {
		for (const e of list ?? []) {
			if (overlap[e.order] === 0) touched.push(e);
			overlap[e.order] = (overlap[e.order] ?? 0) + by;
		}
	};
	for (const w of qWords) add(index.byWord.get(w), 1);
	for (const s of qSizes) add(index.bySize.get(s), 0.5);
	const best: ModelEntry[] = [];
	for (const e of touched) {
		const o = overlap[e.order] ?? 0;
		let at = best.length;
		while (at > 0 && before(e, o, best[at - 1] as ModelEntry, overlap[(best[at - 1] as ModelEntry).order] ?? 0)) at--;
		if (at < MAX_CANDIDATES) {
			best.splice(at, 0, e);
			if (best.length > MAX_CANDIDATES) best.pop();
		}
	}
	for (const e of touched) overlap[e.order] = 0;
	return best.map((e) => e.model);
}

/** Only the exact name lookup (step 1): what the query parser tries on every run of words. */
export function resolveModelExactWith(index: ModelIndex, text: string): Model | null {
	const trimmed = text.trim();
	if (trimmed === "") return null;
	// exactKeys.get(t) is exact.get(compactKey(t)) without building the folded copy (issue 8: the
	// parser asks about every run of words, and almost all of them name no model); exactRuns answers
	// the shorter runs after a longer one from that one's pass
	// an Ollama tag means what the library serves, whatever a model's own name list says
	// ("deepseek-r1:8b" is the R1-0528 Qwen3 distill since May 2025); looked up by its colon, never
	// folded into the name map, where "deepseek r1 671b" would become the tag's R1-0528
	if (trimmed.includes(":") && !trimmed.includes(" ")) {
		const found = index.ollama()?.lookup(trimmed) ?? null;
		if (found !== null) return found.kind === "tag" ? found.tag.model : null;
	}
	const hit = index.exactRuns.get(trimmed);
	if (hit !== undefined) return sizesAgree(trimmed, hit) ? hit : null;
	// the Ollama default tag: looked up again only when there is one (tested at the ":" first, not by
	// a regex search through every run of words)
	if (trimmed.charCodeAt(trimmed.length - 7) !== 58 /* ":" */) return null;
	const untagged = trimmed.replace(/:latest$/i, "");
	return untagged === trimmed ? null : (index.exactKeys.get(untagged) ?? null);
}

/** A word of printable ASCII with no space and no colon: its runs need none of the Ollama-tag steps. */
function isPlainWord(w: string): boolean {
	if (w.length === 0) return false;
	for (let i = 0; i < w.length; i++) {
		const c = w.charCodeAt(i);
		if (c <= 0x20 || c > 0x7e || c === 58) return false;
	}
	return true;
}

/**
 * The longest run words[start, start + len), 1 ≤ len ≤ max, joined by spaces, that
 * resolveModelExactWith names a model, with that model and text; null when none does. The parser
 * asks it at every word. Runs of plain words are answered from one pass over the longest run's
 * characters, word by word (exactRuns.prefixesOfRun, FoldedKeys.getRunPrefixes: the words are not
 * joined, and the pass ends at the first character no name continues with, mostly within the first
 * word): resolveModelExactWith of such a run is that pass's answer with its typed sizes checked (no
 * colon, so none of its Ollama-tag steps apply); only a run that names a model is joined. Other runs
 * are looked up one by one, longest first.
 */
export function longestExactModelRunWith(
	index: ModelIndex,
	words: readonly string[],
	start: number,
	max: number,
): { length: number; model: Model; text: string } | null {
	if (max <= 0) return null;
	let plain = true;
	for (let k = start; k < start + max && plain; k++) plain = isPlainWord(words[k] ?? "");
	const listed = plain ? index.exactRuns.prefixesOfRun(words, start, max) : null;
	if (listed !== null) {
		// values[len - 1] answers the first len words (listed only up to where no name continued)
		for (let len = Math.min(max, listed.values.length); len >= 1; len--) {
			const model = listed.values[len - 1];
			if (model === undefined) continue;
			const text = len === 1 ? (words[start] ?? "") : words.slice(start, start + len).join(" ");
			if (sizesAgree(text, model)) return { length: len, model, text };
		}
		return null;
	}
	const full = words.slice(start, start + max).join(" ");
	let end = full.length;
	for (let len = max; len >= 1; len--) {
		const text = end === full.length ? full : full.slice(0, end);
		end -= (words[start + len - 1] ?? "").length + 1;
		const model = resolveModelExactWith(index, text);
		if (model !== null) return { length: len, model, text };
	}
	return null;
}

/** Each model's size words across its names ("gemma-3-1b-it" → {"1b"}), made on first use. */
const SIZE_WORDS = new WeakMap<Model, ReadonlySet<string>>();

function sizeWordsOf(m: Model): ReadonlySet<string> {
	let set = SIZE_WORDS.get(m);
	if (set === undefined) {
		const words = [m.id, m.name, ...m.aliases, ...m.ollamaTags].flatMap((n) => n.toLowerCase().split(/[^a-z0-9.]+/));
		set = new Set(words.filter((w) => /^\d+(?:\.\d+)?b$/.test(w)));
		SIZE_WORDS.set(m, set);
	}
	return set;
}

/**
 * An exact name matched with its words folded together must keep the size as typed: "gemma 31b" folds
 * like "gemma3 1b" and "qwen 38b" like "qwen3 8b", but a 31B is not Gemma 3 1B (issue 14: a typed size
 * is binding). A size word is accepted when one of the model's names has it, or when it is the model's
 * total or active size within 10 % ("deepseek r1 671b", "llama 4 scout 109b").
 */
export function sizesAgree(text: string, m: Model): boolean {
	// Each size word as typed ("31b", "1.5B", "qwen3:32b") between word boundaries, i.e. the matches of
	// /(?:^|[\s:_/-])(\d+(?:\.\d+)?)b(?=$|[\s:_/-])/gi, found from their "b" back (issue 8: every exact
	// name the parser finds is checked, and the regex's match objects were most of the cost)
	let sizes: ReadonlySet<string> | null = null;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if ((c !== 98 && c !== 66) || (i + 1 < text.length && !isSizeEdge(text.charCodeAt(i + 1)))) continue;
		// digits, or digits "." digits, right before the "b", and an edge or the start before them
		let j = i;
		while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
		if (j === i) continue;
		if (j > 1 && text.charCodeAt(j - 1) === 46 && isDigit(text.charCodeAt(j - 2))) {
			j--;
			while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
		}
		if (j > 0 && !isSizeEdge(text.charCodeAt(j - 1))) continue;
		const typed = text.slice(j, i);
		sizes ??= sizeWordsOf(m);
		if (sizes.has(`${typed}b`)) continue;
		const billions = Number(typed) * 1e9;
		const near = (p: number) => Math.abs(p - billions) <= 0.1 * billions;
		if (!near(m.totalParams) && !near(m.activeParams)) return false;
	}
	return true;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** The edges around a typed size: \s (JavaScript's whitespace), ":", "_", "/" or "-". */
function isSizeEdge(c: number): boolean {
	if (c === 32 || c === 58 || c === 95 || c === 47 || c === 45 || (c >= 9 && c <= 13)) return true;
	return (
		c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
	);
}

export function resolveModelWith(index: ModelIndex, text: string): Resolution<Model> {
	const r = memoizedModelAnswer(index, text);
	// callers get their own candidates array; the memoized answer stays as computed
	return { ...r, candidates: [...r.candidates] };
}

/** resolveModelWith's answer as memoized, not copied: for callers that only read it (and copy what they keep). */
export function memoizedModelAnswer(index: ModelIndex, text: string): Readonly<Resolution<Model>> {
	return index.answers.get(text.trim(), (trimmed) => resolveUncached(index, trimmed));
}

/** "llama 70b" names Llama 2, 3, 3.1 and 3.3 70B: the typed words lead every one's family name. */
function startsWithWords(familyWords: readonly string[], qWords: readonly string[]): boolean {
	return qWords.length > 0 && qWords.length < familyWords.length && qWords.every((w, i) => familyWords[i] === w);
}

/**
 * Words that describe a variant or a size but never name a model by themselves ("flash", "small",
 * "mini", "instruct"): a query made only of these, of numbers and of sizes is not a model name.
 */
const GENERIC_WORDS: ReadonlySet<string> = new Set([
	"a",
	"an",
	"the",
	"v",
	"e",
	"b",
	"m",
	"x",
	"flash",
	"small",
	"mini",
	"medium",
	"large",
	"nano",
	"micro",
	"tiny",
	"pro",
	"max",
	"plus",
	"ultra",
	"air",
	"lite",
	"light",
	"base",
	"instruct",
	"instruction",
	"chat",
	"it",
	"coder",
	"code",
	"coding",
	"vision",
	"vl",
	"thinking",
	"think",
	"reasoning",
	"reasoner",
	"distill",
	"distilled",
	"turbo",
	"next",
	"preview",
	"moe",
	"hf",
	"latest",
	"super",
	"omni",
	"exp",
	"experimental",
	"new",
	"old",
	"dense",
	"sparse",
	"model",
	"version",
	"edition",
	"release",
	"full",
	"original",
	"official",
	"text",
	"math",
	"embedding",
	"embed",
]);

/**
 * Families people ask about that a catalog may not have (yet): a word of these next to a catalog
 * name is part of the model name, never filler ("nemotron llama 70b" is not Llama 70B).
 */
const KNOWN_FAMILY_WORDS: ReadonlySet<string> = new Set([
	"nemotron",
	"gemma",
	"qwen",
	"llama",
	"mistral",
	"ministral",
	"magistral",
	"devstral",
	"codestral",
	"pixtral",
	"mixtral",
	"glm",
	"kimi",
	"minimax",
	"ernie",
	"olmo",
	"hermes",
	"seed",
	"granite",
	"exaone",
	"internlm",
	"intern",
	"baichuan",
	"yi",
	"command",
	"aya",
	"jamba",
	"dbrx",
	"grok",
	"starcoder",
	"llava",
	"moondream",
	"dolphin",
	"wizardlm",
	"vicuna",
	"orca",
	"zephyr",
	"solar",
	"stablelm",
	"tinyllama",
	"openchat",
	"nous",
	"phi",
	"falcon",
	"deepseek",
	"qwq",
	"smollm",
	"gpt",
	"oss",
	"cohere",
	"apertus",
	"lfm",
	"liquid",
	"hunyuan",
	"step",
	"longcat",
	"ling",
	"ring",
	"kanana",
	"trinity",
	"arcee",
	"marin",
	"reka",
	"sarvam",
	"jais",
	"k2",
	"r1",
	"r2",
	"v4",
	"v3",
	"m2",
	"m3",
]);

const NUMBER_WORD = /^v?\d+(?:\.\d+)*$/;
/** Longer than any word of a model name (the longest catalog words are ~15 letters). */
const MAX_MODEL_WORD = 40;

/** A word that can name a model on its own part: not a number, a version or a generic variant word. */
function isDistinctive(w: string): boolean {
	return !NUMBER_WORD.test(w) && !GENERIC_WORDS.has(w);
}

/** Single-digit versions typed with a dash ("qwen3-5", "glm-4-5-air", "llama-3-1-8b") read as "3.5", "4.5", "3.1"; sizes stay ("llama3-8b", "gemma-3-1b"). */
function dottedVersions(text: string): string {
	return text.replace(/([a-z]\d)[-_](\d)(?=$|[\s\-_:/])/gi, "$1.$2").replace(/(^|[\s\-_])(\d)[-_](\d)(?=$|[\s\-_:/])/g, "$1$2.$3");
}

/** Organisations that re-publish other people's models as GGUF/MLX/AWQ: "unsloth/Qwen3-32B-GGUF" names Qwen3-32B. */
const REPACKAGERS: ReadonlySet<string> = new Set([
	"unsloth",
	"bartowski",
	"lmstudio-community",
	"mlx-community",
	"thebloke",
	"quantfactory",
	"maziyarpanahi",
	"mradermacher",
	"second-state",
	"gaianet",
	"ggml-org",
	"cortexso",
	"neuralmagic",
	"redhatai",
	"nm-testing",
	"casperhansen",
	"study-hjt",
	"turboderp",
	"bullerwins",
	"ubergarm",
]);

/** Packaging suffixes of repo and file names, each with the catalog quant it implies (null: says nothing of the bits). */
const PACKAGING: ReadonlyArray<[RegExp, string | null]> = [
	[/^gguf$/i, null],
	[/^awq$/i, "AWQ-INT4"],
	[/^gptq(?:-int4)?$/i, "GPTQ-INT4"],
	[/^gptq-int8$/i, "GPTQ-INT8"],
	[/^(?:int4|w4a16)$/i, null],
	[/^fp8(?:-dynamic)?$/i, "FP8"],
	[/^(?:bf16)$/i, "BF16-SAFETENSORS"],
	[/^mlx$/i, null],
	[/^(\d)-?bit$/i, "MLX-$1BIT"],
	[/^(?:exl2|exl3)$/i, null],
	[/^(?:dynamic|ud|imatrix|i1)$/i, null],
];

/** "-Q4_K_M", "-UD-Q4_K_XL", "-IQ2_XXS" at the end of a file or repo name (a size or a version never looks like this). */
const GGUF_QUANT_SUFFIX = /[-_.@:](ud-)?(i?q\d(?:_[a-z0-9]+){1,2})$/i;
/** llama.cpp's file types (catalog/quants.json ids): a dynamic mix ("Q4_K_XL") names no quant here. */
const GGUF_TYPES: ReadonlySet<string> = new Set([
	"F32",
	"F16",
	"BF16",
	"Q8_0",
	"Q6_K",
	"Q5_K_M",
	"Q5_K_S",
	"Q5_1",
	"Q5_0",
	"Q4_K_M",
	"Q4_K_S",
	"Q4_1",
	"Q4_0",
	"IQ4_XS",
	"IQ4_NL",
	"Q3_K_L",
	"Q3_K_M",
	"Q3_K_S",
	"IQ3_M",
	"IQ3_S",
	"IQ3_XS",
	"IQ3_XXS",
	"Q2_K",
	"Q2_K_S",
	"IQ2_M",
	"IQ2_S",
	"IQ2_XS",
	"IQ2_XXS",
	"IQ1_M",
	"IQ1_S",
]);

/** "unsloth/Qwen3-32B-GGUF" → "Qwen3-32B", "Qwen/Qwen3-32B-AWQ" → "Qwen3-32B" + AWQ, "mlx-community/Qwen3-8B-4bit" → "Qwen3-8B" + MLX 4-bit. */
function stripPackaging(text: string): { text: string; quantId: string | null; changed: boolean; urlOnly: boolean } {
	let t = text.replace(/^(?:https?:\/\/)?(?:www\.)?(?:hf\.co|huggingface\.co)\//i, "");
	const url = t !== text;
	let changed = url;
	const slash = t.indexOf("/");
	if (slash > 0 && REPACKAGERS.has(t.slice(0, slash).toLowerCase())) {
		t = t.slice(slash + 1);
		changed = true;
	}
	let quantId: string | null = null;
	// a GGUF file or tag named with its quant ("Qwen3-32B-Q4_K_M.gguf", "qwen3.5-27b-q4_k_m",
	// "Qwen3-32B-UD-Q4_K_XL"): the quant is taken when it is a llama.cpp type, the rest is the name
	const gguf = GGUF_QUANT_SUFFIX.exec(t.replace(/\.gguf$/i, ""));
	if (gguf !== null) {
		const q = (gguf[2] ?? "").toUpperCase();
		t = t.replace(/\.gguf$/i, "").slice(0, gguf.index);
		changed = true;
		if (GGUF_TYPES.has(q)) quantId = q;
	}
	const mlx = /mlx/i.test(text);
	for (let guard = 0; guard < 4; guard++) {
		const m = /[-_.]([a-z0-9]+(?:-[a-z0-9]+)?)$/i.exec(t) ?? null;
		if (m === null) break;
		let hit = false;
		for (const part of [m[1] ?? "", (m[1] ?? "").split("-").pop() ?? ""]) {
			for (const [re, q] of PACKAGING) {
				const mm = re.exec(part);
				if (mm === null) continue;
				const cut = part === m[1] ? (m[0] ?? "").length : part.length + 1;
				t = t.slice(0, t.length - cut);
				if (q !== null && quantId === null) quantId = q.includes("$1") ? (mlx ? q.replace("$1", mm[1] ?? "") : null) : q;
				hit = true;
				break;
			}
			if (hit) break;
		}
		if (!hit) break;
		changed = true;
	}
	return { text: t, quantId, changed, urlOnly: url && t === text.replace(/^(?:https?:\/\/)?(?:www\.)?(?:hf\.co|huggingface\.co)\//i, "") };
}

function none(note: string, candidates: Model[] = [], suggest: string[] = []): Resolution<Model> {
	return { match: null, confidence: "none", note, candidates: candidates.slice(0, MAX_CANDIDATES), ...(suggest.length > 0 ? { suggest } : {}) };
}

/** What an Ollama reference names, through the tag table (never fuzzily). */
function ollamaAnswer(index: ModelIndex, trimmed: string, found: OllamaLookup): Resolution<Model> {
	if (found.kind === "tag") {
		const t = found.tag;
		const quantId = found.quant?.id ?? null;
		const asTyped = trimmed.includes(":") ? "" : ` (${t.ref}, what \`ollama run ${t.name}\` pulls)`;
		if (t.model === null) {
			return { ...none(`Ollama's ${t.ref} is ${t.hfRepo}, which the catalog does not have yet`), hubRepo: t.hfRepo, quantId };
		}
		const confidence = trimmed.includes(":") ? "exact" : "family";
		const others = (index.ollama()?.byName.get(t.name) ?? []).filter((x) => x.model !== null && x.model !== t.model).map((x) => x.model as Model);
		const note = asTyped === "" ? null : `“${trimmed}” in Ollama is ${t.model.name}${asTyped}; add a size for another`;
		return { match: t.model, confidence, note, candidates: [t.model, ...new Set(others)].slice(0, MAX_CANDIDATES), quantId };
	}
	const known = found.tags.filter((x) => x.model !== null).map((x) => x.model as Model);
	const what =
		found.typedTag === "latest"
			? `which size of ${found.name}? Ollama's default for it is not known here`
			: `Ollama's ${found.name} has no “${found.typedTag}” tag`;
	const tags = found.tags.map((x) => x.tag);
	return none(
		`${what}; its tags: ${tags.slice(0, 10).join(", ")}${tags.length > 10 ? " …" : ""}`,
		[...new Set(known)],
		found.tags.map((x) => x.ref),
	);
}

/**
 * Whether resolveModelWith(text) may carry a hubRepo: only an Ollama reference does (ollamaAnswer for a
 * tag whose model the catalog lacks), reached at step 1 (a colon) or step 3 (a bare library name)
 * below; false for any other text, which the parser then need not look up to find out.
 */
export function mayNameHubRepoWith(index: ModelIndex, text: string): boolean {
	const trimmed = text.trim();
	if (trimmed.includes(":")) return true;
	const ollama = index.ollama();
	return ollama !== null && !/\s/.test(trimmed) && ollama.nameOf(trimmed) !== null;
}

function resolveUncached(index: ModelIndex, trimmed: string): Resolution<Model> {
	if (trimmed === "") return none("no model name given");
	const ollama = index.ollama();
	// 1. an Ollama reference with a tag: the library's meaning, never a fuzzy one
	if (ollama !== null && trimmed.includes(":") && !trimmed.includes(" ")) {
		const found = ollama.lookup(trimmed);
		if (found !== null) return ollamaAnswer(index, trimmed, found);
	}
	// 2. an exact name
	const direct = resolveModelExactWith(index, trimmed);
	if (direct !== null) {
		// "deepseek-r1" is DeepSeek-R1's name, and also an Ollama name that pulls something else: say so
		const name = ollama?.nameOf(trimmed) ?? null;
		const pulled = name !== null ? ollama?.lookup(name) : null;
		if (pulled?.kind === "tag" && pulled.tag.model !== null && pulled.tag.model !== direct) {
			const other = pulled.tag.model;
			return {
				match: direct,
				confidence: "exact",
				note: `in Ollama, “${trimmed}” pulls ${other.name}; this answer is about ${direct.name}`,
				candidates: [direct, other],
			};
		}
		// a family name that the catalog keeps as the flagship's alias ("Qwen3.5", "Gemma 4") is still a
		// family: the answer says which member it picked and names the others
		if (namesOnlyFamily(trimmed, direct)) {
			const fam = index.families.get(tokens(direct.family).join(" "));
			const others = (fam?.members ?? []).filter((m) => m !== direct).sort((a, b) => b.totalParams - a.totalParams);
			if (others.length > 0) {
				const note = `“${trimmed}” is a family; picked the flagship ${direct.name} (add a size for another: ${others
					.slice(0, 4)
					.map((m) => m.name)
					.join(", ")})`;
				return { match: direct, confidence: "family", note, candidates: [direct, ...others].slice(0, MAX_CANDIDATES) };
			}
		}
		return { match: direct, confidence: "exact", note: null, candidates: [direct] };
	}
	// 3. a bare Ollama library name as Ollama spells it ("qwen3", "gemma3", "gpt-oss"): what `ollama run`
	// pulls, and the answer says so; spaced words ("gemma 3") are a family, step 7
	if (ollama !== null && !/\s/.test(trimmed)) {
		const name = ollama.nameOf(trimmed);
		const found = name !== null ? ollama.lookup(name) : null;
		if (found !== null) return ollamaAnswer(index, trimmed, found);
	}
	// 4. a repo or file name with packaging ("unsloth/Qwen3-32B-GGUF", "Qwen3-32B-AWQ", "Qwen3-8B-4bit")
	const packed = stripPackaging(trimmed);
	if (packed.changed && packed.text !== "") {
		const inner = resolveModelExactWith(index, packed.text) ?? resolveModelExactWith(index, dottedVersions(packed.text));
		// not "exact": "unsloth/Qwen3-32B-GGUF" is a repo of its own (the Hub reads its files), "Qwen3-32B-AWQ" a packaging of Qwen3-32B
		// a link to the repo itself ("huggingface.co/Qwen/Qwen3-8B") is its name
		if (inner !== null) return { match: inner, confidence: packed.urlOnly ? "exact" : "fuzzy", note: null, candidates: [inner], quantId: packed.quantId };
	}
	const text = dottedVersions(packed.changed && packed.text !== "" ? packed.text : trimmed);
	if (text !== trimmed) {
		const dotted = resolveModelExactWith(index, text);
		if (dotted !== null) return { match: dotted, confidence: "exact", note: null, candidates: [dotted], quantId: packed.quantId };
	}
	const answer = resolveWords(index, trimmed, text);
	return packed.quantId !== null && answer.match !== null ? { ...answer, quantId: packed.quantId } : answer;
}

/** Steps 5–9 over the words of the name: every word must be accounted for, sizes and versions bind. */
function resolveWords(index: ModelIndex, trimmed: string, text: string): Resolution<Model> {
	const t = tokens(text);
	const qSizes = t.filter(isSizeToken);
	const typedWords = t.filter((w) => !isSizeToken(w));
	// 5. a size, a version or a variant word never names a model by itself ("27b", "3.5", "flash", "mini")
	if (!typedWords.some(isDistinctive)) {
		return none(`“${trimmed}” does not name a model by itself; add the model's name (e.g. qwen3 ${qSizes[0] ?? "32b"})`);
	}
	const repaired = repairWords(index, typedWords);
	// 6. typo repair only suggests: "deepsek r1" asks "did you mean DeepSeek-R1?", it never answers about it
	if (repaired.changed) {
		const fixedText = [...repaired.words, ...qSizes].join(" ");
		const fixed = index.answers.get(`\u0000${fixedText}`, () => resolveWords(index, fixedText, fixedText));
		const cands = fixed.match !== null ? [fixed.match, ...fixed.candidates.filter((m) => m !== fixed.match)] : fixed.candidates;
		return none(`I don't know “${trimmed}”${cands[0] !== undefined ? `; did you mean ${cands[0].name}?` : ""}`, cands);
	}
	const qWords = typedWords;
	// (the words with or without spaces between them fold to the same key: one lookup, without the folded copy)
	const viaFix = index.exactKeys.get(qWords.join("") + qSizes.join(""));
	if (viaFix !== undefined && sizesAgree(trimmed, viaFix)) return { match: viaFix, confidence: "exact", note: null, candidates: [viaFix] };

	// 7. a family name alone ("qwen3", "gemma 3") picks the family flagship and says so
	if (qSizes.length === 0) {
		const fam = index.families.get(qWords.join(" "));
		if (fam !== undefined) {
			const pick = fam.flagship ?? [...fam.members].sort((a, b) => b.totalParams - a.totalParams)[0] ?? null;
			if (pick !== null) {
				const others = fam.members.filter((m) => m !== pick).sort((a, b) => b.totalParams - a.totalParams);
				return {
					match: pick,
					confidence: "family",
					note: `“${trimmed}” is a family; picked the flagship ${pick.name}${
						others.length > 0
							? ` (add a size for another: ${others
									.slice(0, 4)
									.map((m) => m.name)
									.join(", ")})`
							: ""
					}`,
					candidates: [pick, ...others].slice(0, MAX_CANDIDATES),
				};
			}
		}
	}

	// 8. every word in one of a model's names, every size among its sizes; a bare count typed where a
	// size goes ("gpt oss 120", "llama 3 70") is that size when nothing matches it as a word
	const qPairs = versionPairs(t);
	let ranked = rank(index, qWords, qSizes, qPairs);
	if (ranked.length === 0) {
		const counts = qWords.filter((w) => /^\d+$/.test(w) && Number(w) >= 7);
		if (counts.length === 1) {
			const asSize = rank(
				index,
				qWords.filter((w) => w !== counts[0]),
				[...qSizes, `${counts[0]}b`],
				qPairs.filter((p) => !p.endsWith(`|${counts[0]}`)),
			);
			if (asSize.length > 0) ranked = asSize;
		}
	}
	const top = ranked[0];
	if (top === undefined && qSizes.length > 0) {
		// the words name models, the size none of them: say which sizes there are ("qwen3 70b")
		const sameWords = rank(index, qWords, [], qPairs).filter((r) => r.score >= 0.9);
		if (sameWords.length > 0) {
			const want = Number.parseFloat(qSizes[0] ?? "0");
			const sized = [...new Set(sameWords.map((r) => r.entry.model))].sort(
				(a, b) => Math.abs(a.totalParams / 1e9 - want) - Math.abs(b.totalParams / 1e9 - want),
			);
			const sizes = [...new Set(sized.map((m) => `${+(m.totalParams / 1e9).toPrecision(3)}B`))];
			return none(`no ${qSizes.join(" ")} “${qWords.join(" ")}” in the catalog (it has ${sizes.slice(0, 8).join(", ")})`, sized);
		}
	}
	if (top === undefined) {
		const cands = looseCandidates(index, qWords, qSizes);
		const sizeNote = qSizes.length > 0 && cands.length > 0 ? ` (no ${qSizes.join(" ")} size of it in the catalog)` : "";
		return none(`no model matches “${trimmed}”${sizeNote}`, cands);
	}
	const second = ranked[1];
	const candidates = ranked.slice(0, MAX_CANDIDATES).map((s) => s.entry.model);
	// A tie between different models means the text does not pick one ("llama 8b": Llama 3 or 3.1?).
	if (second !== undefined && second.score >= top.score - TIE_EPSILON) {
		// a tie inside one family goes to its flagship ("mistral 7b instruct" → v0.3); across families it is ambiguous
		const tied = ranked.filter((r) => r.score >= top.score - TIE_EPSILON);
		const oneFamily = tied.every((r) => r.entry.familyKey === top.entry.familyKey);
		const flagship = tied.find((r) => r.entry.model.flagship === true);
		if (oneFamily && flagship !== undefined && qSizes.length > 0) {
			const others = tied.filter((r) => r !== flagship).map((r) => r.entry.model.name);
			return {
				match: flagship.entry.model,
				confidence: "fuzzy",
				note: `“${trimmed}” could be several versions; picked ${flagship.entry.model.name} (others: ${others.slice(0, 3).join(", ")})`,
				candidates,
			};
		}
		if (qSizes.length > 0) {
			const generational = pickGeneration(index, trimmed, qWords, tied, candidates);
			if (generational !== null) return generational;
		}
		return none(`“${trimmed}” matches several models`, candidates);
	}
	return { match: top.entry.model, confidence: "fuzzy", note: null, candidates };
}

/**
 * The name has something the catalog has never seen: a word of no catalog name that is not a typo
 * of one ("nemotron", "blorptron"), or a version after a word that no name has ("qwen 3.8", "v4").
 * Only such names are worth a Hub search; a typo or a missing size has its answer in the catalog.
 */
export function isNewToCatalogWith(index: ModelIndex, text: string): boolean {
	const t = tokens(dottedVersions(text.slice(0, 200)));
	const words = t.filter((w) => !isSizeToken(w) && !NUMBER_WORD.test(w));
	for (const w of words) {
		if (index.words.has(w) || GENERIC_WORDS.has(w) || w.length < 2) continue;
		if (w.length >= MIN_FUZZY_WORD && repairWords(index, [w]).changed) continue;
		return true;
	}
	const pairs = versionPairs(t);
	if (pairs.length === 0) return false;
	const known = index.allPairs();
	return pairs.some((p) => !known.has(p));
}

/**
 * A word that belongs to a model name rather than to the sentence around it: a number or size, a
 * word of a catalog name, a variant word, a family the catalog may lack, or a typo of a catalog word.
 * Such a word left over next to a model name means the name was not fully understood (ask back).
 */
/** A word some catalog name follows with a version number ("llama" in Llama 3, "large" in Mistral Large 2). */
export function isVersionedWordWith(index: ModelIndex, word: string): boolean {
	const t = tokens(word);
	return t.length === 1 && index.versionedWords().has(t[0] ?? "");
}

export function isModelWordWith(index: ModelIndex, word: string): boolean {
	const w = word.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9.]+$/g, "");
	if (w === "") return false;
	if (/\d/.test(w)) return true;
	// no model name has a word this long: not one, and not worth a typo search (issue 18's bound)
	if (w.length > MAX_MODEL_WORD) return false;
	for (const part of tokens(w)) {
		if (isSizeToken(part) || NUMBER_WORD.test(part) || index.words.has(part) || KNOWN_FAMILY_WORDS.has(part)) return true;
		if (GENERIC_WORDS.has(part) && part.length > 1) return true;
		if (part.length >= MIN_FUZZY_WORD && repairWords(index, [part]).changed) return true;
		if (part.length >= 2 && part.length < MIN_FUZZY_WORD && nearShortWord(index, part)) return true;
	}
	return false;
}

/** A short word one edit (or one swap) from a catalog word of the same length ±1: "itt" ~ "it", "gtp" ~ "gpt". */
function nearShortWord(index: ModelIndex, w: string): boolean {
	for (const v of index.words) {
		if (v.length < 2 || Math.abs(v.length - w.length) > 1 || /\d/.test(v)) continue;
		if (withinOneEdit(w, v)) return true;
	}
	return false;
}

function withinOneEdit(a: string, b: string): boolean {
	if (a === b) return true;
	if (a.length === b.length) {
		const diff: number[] = [];
		for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
		if (diff.length === 1) return true;
		// one transposition of neighbours
		const [i, j] = diff;
		return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
	}
	const [s, l] = a.length < b.length ? [a, b] : [b, a];
	for (let i = 0; i < l.length; i++) if (l.slice(0, i) + l.slice(i + 1) === s) return true;
	return false;
}

/**
 * A family word plus a size that several generations share: "deepseek 671b" is what "deepseek"
 * alone names (R1) when that model has the size; otherwise "llama 70b", "gemma 27b", "qwen 32b" take
 * the newest release among the tied models whose family name starts with the typed words (Llama
 * 3.3 70B, Gemma 3 27B, Qwen3-32B), and the note names the others. Models of other families that
 * merely mention the word (QwQ's repo is Qwen/QwQ-32B) are not generations of it.
 */
function pickGeneration(
	index: ModelIndex,
	trimmed: string,
	qWords: readonly string[],
	tied: readonly Scored[],
	candidates: readonly Model[],
): Resolution<Model> | null {
	const bare = index.exact.get(compactKey(qWords.join("")));
	const named = bare !== undefined ? tied.find((r) => r.entry.model === bare) : undefined;
	const generations = tied.filter((r) => startsWithWords(r.entry.familyWords, qWords));
	const pick =
		named?.entry.model ??
		[...generations].sort((a, b) =>
			b.entry.model.releaseDate < a.entry.model.releaseDate ? -1 : b.entry.model.releaseDate > a.entry.model.releaseDate ? 1 : 0,
		)[0]?.entry.model;
	if (pick === undefined) return null;
	const others = (named !== undefined ? tied : generations).map((r) => r.entry.model).filter((m) => m !== pick);
	const why = named !== undefined ? "" : "the newest, ";
	return {
		match: pick,
		confidence: "family",
		note: `“${trimmed}” names several models; picked ${why}${pick.name}${
			others.length > 0
				? ` (others: ${others
						.slice(0, 3)
						.map((m) => m.name)
						.join(", ")})`
				: ""
		}`,
		candidates: [pick, ...candidates.filter((m) => m !== pick)].slice(0, MAX_CANDIDATES),
	};
}
