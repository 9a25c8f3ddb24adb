/**
 * Quantization names → catalog quants: "q4km", "Q4_K_M", "q4-k-m", "4bit" (→ Q4_K_M: GGUF is the
 * default runtime's format), "int4" (→ GPTQ int4), "awq", "fp8", "mlx 4bit", "f16"/"fp16", "bf16", "q8".
 * EXL2/EXL3 take any bits per weight ("exl2 4.65bpw"): the resolver returns a synthetic entry with it.
 * The fuzzy index (fuse.js) is built on the first name that is not exact, and answers are memoized
 * per text: the query parser asks about every word of every question.
 */
import type FuseType from "fuse.js";
import { compactKey } from "./fold.js";
import { FoldedKeys } from "./folded-keys.js";
import { fuseConstructor, lazy } from "./lazy-fuse.js";
import type { Catalog } from "./read.js";
import { BoundedMemo, MEMO_MAX_ENTRIES } from "./memo.js";
import type { Resolution } from "./resolution.js";
import type { Quant } from "./schema.js";

/** EXL2 accepts 2–8 bpw and EXL3 1–8 bpw (exllamav2/exllamav3 convert.py limits). */
export const EXL_BPW_RANGE = { exl2: [2, 8], exl3: [1, 8] } as const;
/** A text that may name an EXL2/EXL3 quant (EXL, after any leading space). */
const EXL_START = /^\s*exl/i;
const EXL = /^exl([23])[\s_-]*(\d+(?:\.\d+)?)\s*(?:bpw|bits?|b)?$/i;
const QUANT_FUZZ_THRESHOLD = 0.3;
const MAX_CANDIDATES = 5;

interface QuantKey {
	key: string;
	quant: Quant;
}

export interface QuantIndex {
	exact: Map<string, Quant>;
	/** `exact` looked up as typed, without folding the text into a new string (the parser asks every word) */
	exactKeys: FoldedKeys<Quant>;
	fuse: () => FuseType<QuantKey>;
	answers: BoundedMemo<Resolution<Quant>>;
}

export function buildQuantIndex(cat: Catalog): QuantIndex {
	const exact = new Map<string, Quant>();
	const keys: QuantKey[] = [];
	for (const q of cat.quants) {
		for (const n of [q.id, q.name, ...q.aliases]) {
			exact.set(compactKey(n), q);
			keys.push({ key: compactKey(n), quant: q });
		}
	}
	const fuse = lazy(() => new (fuseConstructor())(keys, { keys: ["key"], includeScore: true, threshold: QUANT_FUZZ_THRESHOLD }));
	return { exact, exactKeys: new FoldedKeys(exact), fuse, answers: new BoundedMemo<Resolution<Quant>>(MEMO_MAX_ENTRIES, (r) => r.match !== null) };
}

function exlQuant(cat: Catalog, kind: "2" | "3", bpw: number): Quant | string {
	const format = kind === "2" ? "exl2" : "exl3";
	const [lo, hi] = EXL_BPW_RANGE[format];
	if (!(bpw >= lo && bpw <= hi)) return `${format.toUpperCase()} takes ${lo}–${hi} bits per weight, not ${bpw}`;
	const template = cat.quants.find((q) => q.format === format);
	if (template === undefined) return `${format.toUpperCase()} is not in the catalog`;
	const id = `${format.toUpperCase()}-${bpw}`;
	return {
		...template,
		id,
		name: `${format.toUpperCase()} ${bpw} bpw`,
		aliases: [],
		bitsPerWeight: bpw,
		quality: `${template.quality.split(";")[0] ?? ""}; ${bpw} bpw as asked.`,
	};
}

/** Only an exact name (or an EXL2/EXL3 bits-per-weight name): what the query parser tries on every word (and pair of words). */
export function resolveQuantExactWith(cat: Catalog, index: QuantIndex, text: string): Quant | null {
	const direct = index.exactKeys.get(text);
	if (direct !== undefined) return direct;
	if (!EXL_START.test(text)) return null;
	const r = resolveQuantWith(cat, index, text, true);
	return r.confidence === "exact" ? r.match : null;
}

/**
 * Whether resolveQuantExactWith may name `text` or a text starting with it: some exact name's folded key
 * starts with the text's (a key is the folded words run together, so a run's key starts with its first
 * word's), or the text starts an EXL name. The parser asks this once per word instead of looking up
 * the word and the word with the next one (issue 8: almost no word of a question starts a quant name).
 */
export function mayStartQuantWith(index: QuantIndex, text: string): boolean {
	return index.exactKeys.hasPrefix(text) || startsAnExlName(text);
}

/** EXL_START.test(text), without the regex for a text starting with a letter or digit other than "e" (no space to skip). */
function startsAnExlName(text: string): boolean {
	const c = text.charCodeAt(0);
	const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	if (alnum && c !== 101 && c !== 69) return false;
	return EXL_START.test(text);
}

export function resolveQuantWith(cat: Catalog, index: QuantIndex, text: string, exactOnly = false): Resolution<Quant> {
	const trimmed = text.trim();
	const direct = index.exact.get(compactKey(trimmed));
	if (direct !== undefined) return { match: direct, confidence: "exact", note: null, candidates: [direct] };
	const r = index.answers.get(`${exactOnly ? "=" : "~"}${trimmed}`, () => resolveUncached(cat, index, trimmed, exactOnly));
	return { ...r, candidates: [...r.candidates] };
}

function resolveUncached(cat: Catalog, index: QuantIndex, trimmed: string, exactOnly: boolean): Resolution<Quant> {
	if (trimmed === "") return { match: null, confidence: "none", note: "no quantization given", candidates: [] };
	const exl = EXL.exec(trimmed.replace(/\s+/g, " "));
	if (exl !== null) {
		const q = exlQuant(cat, exl[1] === "3" ? "3" : "2", Number(exl[2]));
		if (typeof q === "string") return { match: null, confidence: "none", note: q, candidates: [] };
		return { match: q, confidence: "exact", note: null, candidates: [q] };
	}
	if (exactOnly) return { match: null, confidence: "none", note: `unknown quantization “${trimmed}”`, candidates: [] };
	const hits = index.fuse().search(compactKey(trimmed), { limit: 20 });
	const seen = new Set<string>();
	const candidates: Quant[] = [];
	for (const h of hits) {
		if (seen.has(h.item.quant.id)) continue;
		seen.add(h.item.quant.id);
		candidates.push(h.item.quant);
		if (candidates.length >= MAX_CANDIDATES) break;
	}
	const best = hits[0];
	const runnerUp = hits.find((h) => h.item.quant.id !== best?.item.quant.id);
	// accept the best fuzzy hit only when it is clearly ahead of the next different quant
	if (best !== undefined && (runnerUp === undefined || (runnerUp.score ?? 1) - (best.score ?? 0) > 0.05)) {
		return { match: best.item.quant, confidence: "fuzzy", note: `read “${trimmed}” as ${best.item.quant.id}`, candidates };
	}
	return { match: null, confidence: "none", note: `unknown quantization “${trimmed}”`, candidates };
}
