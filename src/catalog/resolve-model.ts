/**
 * Model names as people type them → catalog models. Order of attempts:
 * 1. exact: the folded text equals a folded id, name, alias, HF repo or Ollama tag;
 * 2. typo repair: each word is snapped to the nearest catalog word (fuse.js), then exact again;
 * 3. token scoring: every query word must appear in one of the model's names; parameter sizes
 *    ("32b", "a3b", "8x7b") must match exactly, never fuzzily (qwen3 32b ≠ qwen3 30b a3b);
 * 4. a family name without a size ("qwen3", "gemma 3") picks the family flagship and says so;
 * 5. otherwise candidates for "did you mean".
 */
import Fuse from "fuse.js";
import { compactKey, isSizeToken, tokens } from "./fold.js";
import type { Catalog } from "./load.js";
import type { Resolution } from "./resolution.js";
import type { Model } from "./schema.js";
import { modelNames } from "./validate.js";

/** Most "did you mean" candidates returned. */
export const MAX_CANDIDATES = 5;
/** fuse.js threshold for snapping one typed word to a catalog word (0 exact … 1 anything): "deepsek", "lama", "quen" pass, unrelated words do not. */
const WORD_FUZZ_THRESHOLD = 0.34;
/** Words shorter than this are never typo-corrected (too many near neighbours: "r", "v", "oss"). */
const MIN_FUZZY_WORD = 4;

interface NameTokens {
	words: string[];
	sizes: string[];
}

interface ModelEntry {
	model: Model;
	names: NameTokens[];
	sizes: Set<string>;
	familyKey: string;
}

export interface ModelIndex {
	exact: Map<string, Model>;
	entries: ModelEntry[];
	vocabulary: Fuse<string>;
	words: Set<string>;
	families: Map<string, { name: string; flagship: Model | null; members: Model[] }>;
}

function split(name: string): NameTokens {
	const t = tokens(name);
	return { words: t.filter((w) => !isSizeToken(w)), sizes: t.filter(isSizeToken) };
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

export function buildModelIndex(cat: Catalog): ModelIndex {
	const exact = new Map<string, Model>();
	const entries: ModelEntry[] = [];
	const words = new Set<string>();
	const families = new Map<string, { name: string; flagship: Model | null; members: Model[] }>();
	for (const m of cat.models) {
		const names = modelNames(m).flatMap((n) => {
			const base = [n];
			const slash = n.lastIndexOf("/");
			if (slash >= 0) base.push(n.slice(slash + 1));
			return base;
		});
		for (const n of names) exact.set(compactKey(n), m);
		const nameTokens = names.map(split);
		const sizes = new Set([...nameTokens.flatMap((n) => n.sizes), ...derivedSizes(m)]);
		for (const n of nameTokens) for (const w of n.words) words.add(w);
		const familyKey = tokens(m.family).join(" ");
		entries.push({ model: m, names: nameTokens, sizes, familyKey });
		const fam = families.get(familyKey) ?? { name: m.family, flagship: null, members: [] };
		fam.members.push(m);
		if (m.flagship === true) fam.flagship = m;
		families.set(familyKey, fam);
	}
	const vocabulary = new Fuse([...words].filter((w) => w.length >= MIN_FUZZY_WORD - 1 && !/^\d/.test(w)), { includeScore: true, threshold: WORD_FUZZ_THRESHOLD });
	return { exact, entries, vocabulary, words, families };
}

/** Snap each alphabetic word to the nearest catalog word (typos); digits and sizes stay as typed. */
function repairWords(index: ModelIndex, ws: readonly string[]): { words: string[]; changed: boolean } {
	let changed = false;
	const out = ws.map((w) => {
		if (index.words.has(w) || w.length < MIN_FUZZY_WORD || /\d/.test(w)) return w;
		const best = index.vocabulary.search(w, { limit: 1 })[0];
		if (best === undefined) return w;
		changed = true;
		return best.item;
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
		const set = new Set(n.words);
		const hit = qWords.filter((w) => set.has(w)).length;
		if (hit < qWords.length) continue;
		const sizeExtra = qSizes.length > 0 ? n.sizes.filter((s) => !qSizes.includes(s)).length : 0;
		const s = 1 - 0.02 * (n.words.length - hit) - 0.02 * sizeExtra - (qSizes.length > 0 && n.sizes.length === 0 ? 0.05 : 0);
		if (s > best) best = s;
	}
	return best;
}

function rank(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): Scored[] {
	return index.entries
		.map((entry) => ({ entry, score: score(entry, qWords, qSizes) }))
		.filter((s) => s.score > 0)
		.sort((a, b) => b.score - a.score || b.entry.model.totalParams - a.entry.model.totalParams);
}

/** Candidates when nothing matched: models sharing any word with the query, biggest overlap first. */
function looseCandidates(index: ModelIndex, qWords: readonly string[], qSizes: readonly string[]): Model[] {
	const scored = index.entries
		.map((e) => {
			const all = new Set(e.names.flatMap((n) => n.words));
			const overlap = qWords.filter((w) => all.has(w)).length + qSizes.filter((s) => e.sizes.has(s)).length * 0.5;
			return { m: e.model, overlap };
		})
		.filter((s) => s.overlap > 0)
		.sort((a, b) => b.overlap - a.overlap || (b.m.flagship === true ? 1 : 0) - (a.m.flagship === true ? 1 : 0));
	return scored.slice(0, MAX_CANDIDATES).map((s) => s.m);
}

export function resolveModelWith(index: ModelIndex, text: string): Resolution<Model> {
	const trimmed = text.trim();
	if (trimmed === "") return { match: null, confidence: "none", note: "no model name given", candidates: [] };
	const direct = index.exact.get(compactKey(trimmed)) ?? index.exact.get(compactKey(trimmed.replace(/:latest$/i, "")));
	if (direct !== undefined) return { match: direct, confidence: "exact", note: null, candidates: [direct] };

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
	if (second !== undefined && second.score >= top.score - 1e-9) {
		// a tie inside one family goes to its flagship ("mistral 7b instruct" → v0.3); across families it is ambiguous
		const tied = ranked.filter((r) => r.score >= top.score - 1e-9);
		const oneFamily = tied.every((r) => r.entry.familyKey === top.entry.familyKey);
		const flagship = tied.find((r) => r.entry.model.flagship === true);
		if (oneFamily && flagship !== undefined && qSizes.length > 0) {
			const others = tied.filter((r) => r !== flagship).map((r) => r.entry.model.name);
			return { match: flagship.entry.model, confidence: "fuzzy", note: `“${trimmed}” could be several versions; picked ${flagship.entry.model.name} (others: ${others.slice(0, 3).join(", ")})`, candidates };
		}
		return { match: null, confidence: "none", note: `“${trimmed}” matches several models`, candidates };
	}
	return { match: top.entry.model, confidence: "fuzzy", note: repaired.changed ? `read “${trimmed}” as ${top.entry.model.name}` : null, candidates };
}
