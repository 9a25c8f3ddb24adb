/**
 * The quantizations a runtime loads, largest first: the rungs tried for "the best quant that fits"
 * and for the next smaller/larger suggestion.
 */
import type { Quant } from "../../src/catalog/schema.js";
import type { Runtime } from "../../src/engine/types.js";
import { runtimeLoads } from "./request.js";
import { nativeReleaseQuantId } from "../../src/engine/nativeRelease.js";

/**
 * The largest GGUF mix worth recommending automatically is Q8_0: llama.cpp's quantize.cpp lists
 * +0.0026 ppl for Q8_0 against +0.0020 for F16 on Llama-3-8B (noise), at about half the memory and
 * twice the decode speed. Unquantized checkpoints (bf16) remain the natural top for vLLM and MLX.
 */
const AUTO_MAX_BITS_GGUF = 8.5;
const AUTO_MAX_BITS_OTHER = 16;

/** Below about 3.5 bits the quality loss is steep (quantize.cpp: Q3_K_S +1.63, Q2_K +3.52 ppl at 8B). */
export const LOW_QUALITY_BITS = 3.5;

/**
 * The quantizations people actually publish and download, per format: the set Unsloth and
 * bartowski upload for nearly every GGUF model (BF16 … IQ1_S), the usual vLLM checkpoints (the
 * original BF16, FP8, GPTQ/AWQ) and the mlx-community n-bit conversions. The catalog holds more
 * (legacy Q4_0/Q5_1, IQ3_S, TQ …); they are answered when named but not offered in tables and
 * ladders, which would otherwise run to 50 rows. MXFP4 is offered for models released in it (gpt-oss).
 */
export const COMMON_QUANT_IDS: ReadonlySet<string> = new Set([
	"BF16",
	"Q8_0",
	"Q6_K",
	"Q5_K_M",
	"Q4_K_M",
	"IQ4_XS",
	"Q3_K_M",
	"IQ3_XXS",
	"Q2_K",
	"IQ2_XXS",
	"IQ1_M",
	"IQ1_S",
	"BF16-SAFETENSORS",
	"FP8",
	"GPTQ-INT8",
	"AWQ-INT4",
	"GPTQ-INT4",
	"MLX-8BIT",
	"MLX-6BIT",
	"MLX-4BIT",
	"MLX-3BIT",
]);

/** Larger first; at equal nominal bits the smaller perplexity loss first (Q4_K_M before Q4_0). */
function byBits(a: Quant, b: Quant): number {
	return b.bitsPerWeight - a.bitsPerWeight || (a.pplDelta ?? Number.POSITIVE_INFINITY) - (b.pplDelta ?? Number.POSITIVE_INFINITY) || a.id.localeCompare(b.id);
}

/** The ladders of one quant list, per runtime and "released in MXFP4" (8 keys at most). */
interface Ladders {
	all: readonly Quant[];
	auto: readonly Quant[];
	/** the ids on `auto` */
	autoIds: ReadonlySet<string>;
	/** neighbours per quant id on `all` (bounded by the quant list's length) */
	neighbours: Map<string, { quant: Quant; result: Neighbours }>;
}

export interface Neighbours {
	smaller: Quant | null;
	larger: Quant | null;
}

/**
 * Ladders per quant list (the catalog's, built once): answers ask for them several times each, and
 * filtering + sorting 50 quants is most of what a cheap answer costs. Keyed by the array itself, so
 * a test catalog with changed quants gets its own ladders. Callers get the cached arrays, read-only.
 */
const ladders = new WeakMap<readonly Quant[], Map<string, Ladders>>();

function laddersFor(quants: readonly Quant[], runtime: Runtime, nativeDtype: string | undefined): Ladders {
	let byKey = ladders.get(quants);
	if (byKey === undefined) {
		byKey = new Map();
		ladders.set(quants, byKey);
	}
	const mxfp4 = nativeDtype === "mxfp4";
	// a mixed low-bit release (Kimi K2 Thinking's INT4, DeepSeek V4's FP4 + FP8) is a rung of its own, for those models only
	const release = nativeReleaseQuantId(nativeDtype);
	const key = mxfp4 ? `${runtime}|mxfp4` : release !== null ? `${runtime}|${release}` : runtime;
	let entry = byKey.get(key);
	if (entry === undefined) {
		const all = quants.filter((q) => runtimeLoads(runtime, q) && (COMMON_QUANT_IDS.has(q.id) || (mxfp4 && q.id === "MXFP4") || q.id === release)).sort(byBits);
		const auto = autoRungs(all, mxfp4, release);
		entry = { all, auto, autoIds: new Set(auto.map((q) => q.id)), neighbours: new Map() };
		byKey.set(key, entry);
	}
	return entry;
}

/** The common quants the runtime loads, largest first (plus the model's own MXFP4 when it has one). */
export function ladder(quants: readonly Quant[], runtime: Runtime, nativeDtype?: string): readonly Quant[] {
	return laddersFor(quants, runtime, nativeDtype).all;
}

function autoRungs(all: readonly Quant[], releasedInMxfp4: boolean, releaseQuantId: string | null): readonly Quant[] {
	// A mixed low-bit release is the reference checkpoint (Kimi K2 Thinking was trained for its INT4): larger
	// checkpoints of its format are not the release, so the automatic pick for that format tops out there.
	const release = releaseQuantId !== null ? all.find((q) => q.id === releaseQuantId) : undefined;
	if (release !== undefined) {
		return all.filter((q) =>
			q.format === release.format
				? q === release || q.bitsPerWeight < release.bitsPerWeight
				: q.bitsPerWeight <= (q.format === "gguf" ? AUTO_MAX_BITS_GGUF : AUTO_MAX_BITS_OTHER),
		);
	}
	// A model released in MXFP4 (gpt-oss) was trained for it: its GGUF reference is the MXFP4 file
	// (ggml-org/gpt-oss-*-GGUF), so larger GGUF mixes only add memory; the automatic pick tops out there.
	const mxfp4 = releasedInMxfp4 ? all.find((q) => q.id === "MXFP4") : undefined;
	if (mxfp4 !== undefined) {
		return all.filter((q) => (q.format === "gguf" ? q === mxfp4 || q.bitsPerWeight < mxfp4.bitsPerWeight : q.bitsPerWeight <= AUTO_MAX_BITS_OTHER));
	}
	return all.filter((q) => q.bitsPerWeight <= (q.format === "gguf" ? AUTO_MAX_BITS_GGUF : AUTO_MAX_BITS_OTHER));
}

/** The rungs tried automatically when no quant is named. */
export function autoLadder(quants: readonly Quant[], runtime: Runtime, nativeDtype?: string): readonly Quant[] {
	return laddersFor(quants, runtime, nativeDtype).auto;
}

/** The ids of the rungs tried automatically (see autoLadder). */
export function autoLadderIds(quants: readonly Quant[], runtime: Runtime, nativeDtype?: string): ReadonlySet<string> {
	return laddersFor(quants, runtime, nativeDtype).autoIds;
}

/** The neighbours of `quant` on the runtime's ladder (same format), for "smaller / larger quant" actions. */
export function neighbours(quants: readonly Quant[], runtime: Runtime, quant: Quant, nativeDtype?: string): Neighbours {
	const entry = laddersFor(quants, runtime, nativeDtype);
	const known = entry.neighbours.get(quant.id);
	// by identity: a Hub model's quant is the catalog's object, anything else is computed afresh
	if (known !== undefined && known.quant === quant) return known.result;
	const rungs = entry.all.filter((q) => q.format === quant.format && q.id !== quant.id);
	// The named quant may be off the common ladder (Q4_0): its neighbours are the nearest common rungs.
	const larger = rungs.filter((q) => byBits(q, quant) < 0);
	const smaller = rungs.filter((q) => byBits(q, quant) > 0);
	const result = { smaller: smaller[0] ?? null, larger: larger[larger.length - 1] ?? null };
	if (entry.neighbours.size < quants.length) entry.neighbours.set(quant.id, { quant, result });
	return result;
}
