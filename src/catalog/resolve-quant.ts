/**
 * Quantization names → catalog quants: "q4km", "Q4_K_M", "q4-k-m", "4bit" (→ Q4_K_M: GGUF is the
 * default runtime's format), "int4" (→ GPTQ int4), "awq", "fp8", "mlx 4bit", "f16"/"fp16", "bf16", "q8".
 * EXL2/EXL3 take any bits per weight ("exl2 4.65bpw"): the resolver returns a synthetic entry with it.
 */
import Fuse from "fuse.js";
import { compactKey } from "./fold.js";
import type { Catalog } from "./load.js";
import type { Resolution } from "./resolution.js";
import type { Quant } from "./schema.js";

/** EXL2 accepts 2–8 bpw and EXL3 1–8 bpw (exllamav2/exllamav3 convert.py limits). */
export const EXL_BPW_RANGE = { exl2: [2, 8], exl3: [1, 8] } as const;
const EXL = /^exl([23])[\s_-]*(\d+(?:\.\d+)?)\s*(?:bpw|bits?|b)?$/i;
const QUANT_FUZZ_THRESHOLD = 0.3;
const MAX_CANDIDATES = 5;

export interface QuantIndex {
	exact: Map<string, Quant>;
	fuse: Fuse<{ key: string; quant: Quant }>;
}

export function buildQuantIndex(cat: Catalog): QuantIndex {
	const exact = new Map<string, Quant>();
	const keys: { key: string; quant: Quant }[] = [];
	for (const q of cat.quants) {
		for (const n of [q.id, q.name, ...q.aliases]) {
			exact.set(compactKey(n), q);
			keys.push({ key: compactKey(n), quant: q });
		}
	}
	return { exact, fuse: new Fuse(keys, { keys: ["key"], includeScore: true, threshold: QUANT_FUZZ_THRESHOLD }) };
}

function exlQuant(cat: Catalog, kind: "2" | "3", bpw: number): Quant | string {
	const format = kind === "2" ? "exl2" : "exl3";
	const [lo, hi] = EXL_BPW_RANGE[format];
	if (!(bpw >= lo && bpw <= hi)) return `${format.toUpperCase()} takes ${lo}–${hi} bits per weight, not ${bpw}`;
	const template = cat.quants.find((q) => q.format === format);
	if (template === undefined) return `${format.toUpperCase()} is not in the catalog`;
	const id = `${format.toUpperCase()}-${bpw}`;
	return { ...template, id, name: `${format.toUpperCase()} ${bpw} bpw`, aliases: [], bitsPerWeight: bpw, quality: `${template.quality.split(";")[0] ?? ""}; ${bpw} bpw as asked.` };
}

export function resolveQuantWith(cat: Catalog, index: QuantIndex, text: string): Resolution<Quant> {
	const trimmed = text.trim();
	if (trimmed === "") return { match: null, confidence: "none", note: "no quantization given", candidates: [] };
	const key = compactKey(trimmed);
	const direct = index.exact.get(key);
	if (direct !== undefined) return { match: direct, confidence: "exact", note: null, candidates: [direct] };
	const exl = EXL.exec(trimmed.replace(/\s+/g, " "));
	if (exl !== null) {
		const q = exlQuant(cat, exl[1] === "3" ? "3" : "2", Number(exl[2]));
		if (typeof q === "string") return { match: null, confidence: "none", note: q, candidates: [] };
		return { match: q, confidence: "exact", note: null, candidates: [q] };
	}
	const hits = index.fuse.search(key, { limit: 20 });
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
