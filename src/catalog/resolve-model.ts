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
import { compactKey, isSizeToken, tokens } from "./fold.js";
import { FoldedKeys, WordPrefixLookup } from "./folded-keys.js";
import { fuseConstructor, lazy } from "./lazy-fuse.js";
import type { Catalog } from "./read.js";
import { BoundedMemo } from "./memo.js";
import { modelNames } from "./names.js";
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
}

function split(name: string): NameTokens {
	const t = tokens(name);
	const words = t.filter((w) => !isSizeToken(w));
	return { words, wordSet: new Set(words), sizes: t.filter(isSizeToken) };
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
 * The exact-name map is built at once (the parser tries it on every run of words); the word/size
 * tables only when a name is not exact (issue 8: a one-shot "deepseek-r1 …" never tokenizes the
 * catalog's ~1000 names).
 */
class LazyModelIndex implements ModelIndex {
	readonly exact = new Map<string, Model>();
	readonly repairs = new BoundedMemo<string>();
	readonly answers = new BoundedMemo<Resolution<Model>>();
	readonly exactKeys: FoldedKeys<Model>;
	readonly exactRuns: WordPrefixLookup<Model>;
	#tables: ScoringTables | null = null;
	constructor(private readonly cat: Catalog) {
		for (const m of cat.models) for (const n of namesWithRepoTail(m)) this.exact.set(compactKey(n), m);
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

export function buildModelIndex(cat: Catalog): ModelIndex {
	return new LazyModelIndex(cat);
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

/** Score a model: share of query words found in its best name, minus a little for extra words (shorter names win). */
function score(entry: ModelEntry, qWords: readonly string[], qSizes: readonly string[]): number {
	for (const s of qSizes) if (!entry.sizes.has(s)) return 0;
	let best = 0;
	for (const n of entry.names) {
		let hit = 0;
		for (const w of qWords) if (n.wordSet.has(w)) hit++;
		if (hit < qWords.length) continue;
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

function rank(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): Scored[] {
	const out: Scored[] = [];
	for (const entry of scorable(index, qWords, qSizes)) {
		const s = score(entry, qWords, qSizes);
		if (s > 0) out.push({ entry, score: s });
	}
	return out.sort((a, b) => b.score - a.score || b.entry.model.totalParams - a.entry.model.totalParams || a.entry.order - b.entry.order);
}

/** Candidates when nothing matched: models sharing any word with the query, biggest overlap first. */
function looseCandidates(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): Model[] {
	const overlap = new Map<ModelEntry, number>();
	for (const w of qWords) for (const e of index.byWord.get(w) ?? []) overlap.set(e, (overlap.get(e) ?? 0) + 1);
	for (const s of qSizes) for (const e of index.bySize.get(s) ?? []) overlap.set(e, (overlap.get(e) ?? 0) + 0.5);
	return [...overlap]
		.sort(([a, oa], [b, ob]) => ob - oa || (b.model.flagship === true ? 1 : 0) - (a.model.flagship === true ? 1 : 0) || a.order - b.order)
		.slice(0, MAX_CANDIDATES)
		.map(([e]) => e.model);
}

/** Only the exact name lookup (step 1): what the query parser tries on every run of words. */
export function resolveModelExactWith(index: ModelIndex, text: string): Model | null {
	const trimmed = text.trim();
	if (trimmed === "") return null;
	// exactKeys.get(t) is exact.get(compactKey(t)) without building the folded copy (issue 8: the
	// parser asks about every run of words, and almost all of them name no model); exactRuns answers
	// the shorter runs after a longer one from that one's pass
	const hit = index.exactRuns.get(trimmed);
	if (hit !== undefined) return hit;
	// the Ollama default tag: looked up again only when there is one (tested at the ":" first, not by
	// a regex search through every run of words)
	if (trimmed.charCodeAt(trimmed.length - 7) !== 58 /* ":" */) return null;
	const untagged = trimmed.replace(/:latest$/i, "");
	return untagged === trimmed ? null : (index.exactKeys.get(untagged) ?? null);
}

export function resolveModelWith(index: ModelIndex, text: string): Resolution<Model> {
	const r = index.answers.get(text.trim(), (trimmed) => resolveUncached(index, trimmed));
	// callers get their own candidates array; the memoized answer stays as computed
	return { ...r, candidates: [...r.candidates] };
}

/** "llama 70b" names Llama 2, 3, 3.1 and 3.3 70B: the typed words lead every one's family name. */
function startsWithWords(familyWords: readonly string[], qWords: readonly string[]): boolean {
	return qWords.length > 0 && qWords.length < familyWords.length && qWords.every((w, i) => familyWords[i] === w);
}

function resolveUncached(index: ModelIndex, trimmed: string): Resolution<Model> {
	if (trimmed === "") return { match: null, confidence: "none", note: "no model name given", candidates: [] };
	const direct = resolveModelExactWith(index, trimmed);
	if (direct !== null) return { match: direct, confidence: "exact", note: null, candidates: [direct] };

	const t = tokens(trimmed);
	const qSizes = t.filter(isSizeToken);
	const repaired = repairWords(index, t.filter((w) => !isSizeToken(w)));
	const qWords = repaired.words;
	const fixedText = [...qWords, ...qSizes].join(" ");
	const viaFix = index.exact.get(compactKey(fixedText)) ?? index.exact.get(compactKey([...qWords].join("") + qSizes.join("")));
	if (viaFix !== undefined) {
		return { match: viaFix, confidence: "fuzzy", note: repaired.changed ? `read “${trimmed}” as ${viaFix.name}` : null, candidates: [viaFix] };
	}

	if (qSizes.length === 0) {
		const fam = index.families.get(qWords.join(" "));
		if (fam !== undefined) {
			const pick = fam.flagship ?? [...fam.members].sort((a, b) => b.totalParams - a.totalParams)[0] ?? null;
			if (pick !== null) {
				const others = fam.members.filter((m) => m !== pick).sort((a, b) => b.totalParams - a.totalParams);
				return {
					match: pick,
					confidence: "family",
					note: `“${trimmed}” is a family; picked the flagship ${pick.name}${others.length > 0 ? ` (add a size for another: ${others.slice(0, 4).map((m) => m.name).join(", ")})` : ""}`,
					candidates: [pick, ...others].slice(0, MAX_CANDIDATES),
				};
			}
		}
	}

	const ranked = rank(index, qWords, qSizes);
	const top = ranked[0];
	if (top === undefined) {
		const cands = looseCandidates(index, qWords, qSizes);
		const sizeNote = qSizes.length > 0 && cands.length > 0 ? ` (no ${qSizes.join(" ")} size of it in the catalog)` : "";
		return { match: null, confidence: "none", note: `no model matches “${trimmed}”${sizeNote}`, candidates: cands };
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
			return { match: flagship.entry.model, confidence: "fuzzy", note: `“${trimmed}” could be several versions; picked ${flagship.entry.model.name} (others: ${others.slice(0, 3).join(", ")})`, candidates };
		}
		if (qSizes.length > 0) {
			const generational = pickGeneration(index, trimmed, qWords, tied, candidates);
			if (generational !== null) return generational;
		}
		return { match: null, confidence: "none", note: `“${trimmed}” matches several models`, candidates };
	}
	return { match: top.entry.model, confidence: "fuzzy", note: repaired.changed ? `read “${trimmed}” as ${top.entry.model.name}` : null, candidates };
}

/**
 * A family word plus a size that several generations share: "deepseek 671b" is what "deepseek"
 * alone names (R1) when that model has the size; otherwise "llama 70b", "gemma 27b", "qwen 32b" take
 * the newest release among the tied models whose family name starts with the typed words (Llama
 * 3.3 70B, Gemma 3 27B, Qwen3-32B), and the note names the others. Models of other families that
 * merely mention the word (QwQ's repo is Qwen/QwQ-32B) are not generations of it.
 */
function pickGeneration(index: ModelIndex, trimmed: string, qWords: readonly string[], tied: readonly Scored[], candidates: readonly Model[]): Resolution<Model> | null {
	const bare = index.exact.get(compactKey(qWords.join("")));
	const named = bare !== undefined ? tied.find((r) => r.entry.model === bare) : undefined;
	const generations = tied.filter((r) => startsWithWords(r.entry.familyWords, qWords));
	const pick =
		named?.entry.model ??
		[...generations].sort((a, b) => (b.entry.model.releaseDate < a.entry.model.releaseDate ? -1 : b.entry.model.releaseDate > a.entry.model.releaseDate ? 1 : 0))[0]?.entry.model;
	if (pick === undefined) return null;
	const others = (named !== undefined ? tied : generations).map((r) => r.entry.model).filter((m) => m !== pick);
	const why = named !== undefined ? "" : "the newest, ";
	return {
		match: pick,
		confidence: "family",
		note: `“${trimmed}” names several models; picked ${why}${pick.name}${others.length > 0 ? ` (others: ${others.slice(0, 3).map((m) => m.name).join(", ")})` : ""}`,
		candidates: [pick, ...candidates.filter((m) => m !== pick)].slice(0, MAX_CANDIDATES),
	};
}
