/**
 * Per model × quant numbers every estimate needs, computed once (estimate() is called ~40 times per
 * answer): bytes per layer, routed-expert bytes per layer, the largest expert tensor, output/embedding,
 * and their prefix sums / prefix maxima so that the bytes of any contiguous layer range (what one
 * device holds) cost O(1) and a split point is a binary search (fit.ts).
 */
import type { Model, Quant } from "../catalog/schema.js";
import { type ModelKvFacts, modelKvFacts } from "./kvCache.js";
import type { LayerKinds } from "./layerKinds.js";
import { countParams } from "./tensorTable.js";
import type { TensorInfo } from "./types.js";
import { TENSOR_GROUPS, type WeightsResult, weightsWithTensors } from "./weights.js";
import { Workspace } from "./workspace.js";
import type { NoExperts, PreparedModel } from "./prepared-model.js";

/** Prompt length of the reported prefill rate (llama-bench pp512). */
export const PREFILL_TOKENS = 512;

export type { PreparedModel } from "./prepared-model.js";

/**
 * One KV-facts object per model (not per model × quant): the facts depend on the model alone, and
 * estimate.ts reuses the last KV detail while the facts object is the same (vram's quants of one model).
 */
function kvFactsOf(ws: Workspace, model: Model): ModelKvFacts {
	let facts = ws.cache.kvFacts.get(model);
	if (facts === undefined) {
		facts = modelKvFacts(model);
		ws.cache.kvFacts.set(model, facts);
	}
	return facts;
}

/** Query elements per token of one attention layer (MLA: the no-RoPE and RoPE parts of each head). */
function queryDim(model: Model): number {
	const a = model.attention;
	return a.mla !== null ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
}

/**
 * Whether prefill runs quantized kernels (MMQ) or float GEMM: float files (F16/BF16/F32) run GEMM unless
 * their routed experts, which carry most of a MoE's FLOPs, stay quantized (gpt-oss "F16" GGUFs keep the
 * MXFP4 experts: their expert bytes are ~4.25 bits per weight).
 */
function isQuantized(model: Model, quant: Quant, weights: WeightsResult): boolean {
	if (!/^(F32|F16|BF16)/i.test(quant.id)) return true;
	const moe = model.moe;
	if (moe === null) return false;
	const expertParams = (model.layers - moe.firstDenseLayers) * moe.experts * 3 * model.hiddenSize * moe.expertIntermediateSize;
	return expertParams > 0 && (weights.weights.routedExperts * 8) / expertParams < 9;
}

/** FLOPs per prompt token: 2 per active matmul weight (not the embedding lookup) + attention over half the prompt. */
function promptFlops(model: Model, kinds: LayerKinds, activeParams: number, qDim: number): number {
	const embed = model.hiddenSize * model.vocabSize;
	// layers that attend over the prompt: all but the recurrent / linear ones
	const attending = model.layers - (kinds.linear[kinds.layers] ?? 0);
	return 2 * (activeParams - embed) + 4 * attending * qDim * (PREFILL_TOKENS / 2);
}

const EMBEDDING = TENSOR_GROUPS.indexOf("embedding");
const ROUTED_EXPERTS = TENSOR_GROUPS.indexOf("routedExperts");

type LayerArrays = Pick<
	PreparedModel,
	"cumLayerBytes" | "maxTensorBefore" | "cumExpertBytes" | "cumMoeLayers" | "maxExpertTensorBefore" | "layerExpertBytes" | "layerMaxExpertTensor"
>;

/**
 * The entry's per-layer arrays from the per-block sums in `acc` (bytes, largest tensor, expert bytes,
 * largest expert tensor; L each): views into one buffer, so an entry is one allocation of 2 (dense) or
 * 6 arrays of ~L numbers instead of eight arrays. A model without routed experts (most of the catalog)
 * shares one set of zero arrays per layer count (the EngineCache's) for its four expert arrays; nothing
 * writes into a prepared model's arrays (fit.ts, estimate.ts and vllm.ts only read them).
 */
function layerArrays(ws: Workspace, acc: Float64Array, L: number): LayerArrays {
	let experts = false;
	for (let il = 0; il < L; il++) if ((acc[2 * L + il] ?? 0) > 0 || (acc[3 * L + il] ?? 0) > 0) experts = true;
	const n = L + 1;
	const buffer = new ArrayBuffer(8 * (experts ? 5 * n + 2 * L : 2 * n));
	const cumLayerBytes = new Float64Array(buffer, 0, n);
	const maxTensorBefore = new Float64Array(buffer, 8 * n, n);
	for (let il = 0; il < L; il++) {
		cumLayerBytes[il + 1] = (cumLayerBytes[il] ?? 0) + (acc[il] ?? 0);
		maxTensorBefore[il + 1] = Math.max(maxTensorBefore[il] ?? 0, acc[L + il] ?? 0);
	}
	if (!experts) {
		const zeros = noExperts(ws, L);
		return {
			cumLayerBytes,
			maxTensorBefore,
			cumExpertBytes: zeros.prefix,
			cumMoeLayers: zeros.prefix,
			maxExpertTensorBefore: zeros.prefix,
			layerExpertBytes: zeros.perLayer,
			layerMaxExpertTensor: zeros.perLayer,
		};
	}
	const cumExpertBytes = new Float64Array(buffer, 16 * n, n);
	const maxExpertTensorBefore = new Float64Array(buffer, 24 * n, n);
	const cumMoeLayers = new Float64Array(buffer, 32 * n, n);
	const layerExpertBytes = new Float64Array(buffer, 40 * n, L);
	const layerMaxExpertTensor = new Float64Array(buffer, 40 * n + 8 * L, L);
	for (let il = 0; il < L; il++) {
		const e = acc[2 * L + il] ?? 0;
		const eMax = acc[3 * L + il] ?? 0;
		layerExpertBytes[il] = e;
		layerMaxExpertTensor[il] = eMax;
		cumExpertBytes[il + 1] = (cumExpertBytes[il] ?? 0) + e;
		cumMoeLayers[il + 1] = (cumMoeLayers[il] ?? 0) + (e > 0 ? 1 : 0);
		maxExpertTensorBefore[il + 1] = Math.max(maxExpertTensorBefore[il] ?? 0, eMax);
	}
	return { cumLayerBytes, maxTensorBefore, cumExpertBytes, cumMoeLayers, maxExpertTensorBefore, layerExpertBytes, layerMaxExpertTensor };
}

/**
 * Routed-expert bytes of blocks first … end−1 (0 when end ≤ first): a difference of the prefix sums,
 * the same number as a sum over the layers (whole bytes, so every partial sum is exact).
 */
export function expertBytesIn(p: PreparedModel, first: number, end: number): number {
	const e = Math.min(end, p.layers);
	return e > first ? (p.cumExpertBytes[e] ?? 0) - (p.cumExpertBytes[first] ?? 0) : 0;
}

/** The blocks among first … end−1 with routed experts (0 when end ≤ first), from the prefix counts. */
export function moeLayersIn(p: PreparedModel, first: number, end: number): number {
	const e = Math.min(end, p.layers);
	return e > first ? (p.cumMoeLayers[e] ?? 0) - (p.cumMoeLayers[first] ?? 0) : 0;
}

/** The zero expert arrays of an L-layer model without routed experts, one per layer count in the cache. */
function noExperts(ws: Workspace, L: number): NoExperts {
	let zeros = ws.cache.noExperts.get(L);
	if (zeros === undefined) {
		const prefix = new Float64Array(L + 1);
		zeros = { prefix, perLayer: prefix.subarray(0, L) };
		ws.cache.noExperts.set(L, zeros);
	}
	return zeros;
}

/**
 * The prepared numbers of model × quant (exact tensors from a GGUF header when given), memoized in the
 * workspace's per-catalog cache by object identity, model then quant (catalog objects are shared and
 * never mutated): a hit costs no key string (it is read ~18 times per answer).
 */
export function prepare(model: Model, quant: Quant, tensors?: TensorInfo[], ws: Workspace = new Workspace()): PreparedModel {
	const exact = tensors !== undefined && tensors.length > 0;
	// scans (gpus: one estimate per device) ask for the same pair many times in a row: skip the memo lookup
	// and its recency update then
	const last = ws.lastPrepared;
	if (!exact && last !== undefined && last.model === model && last.quant === quant) return last;
	if (!exact) {
		const hit = ws.cache.prepared.get(model, quant);
		if (hit !== undefined) {
			ws.lastPrepared = hit;
			return hit;
		}
	}
	const L = model.layers;
	// per block: all bytes, the largest tensor, routed-expert bytes, the largest expert tensor (nextn
	// blocks folded into the last layer); scratch of this computation, the entry keeps prefix arrays
	const acc = new Float64Array(4 * L);
	let outputBytes = 0;
	let embeddingBytes = 0;
	const weights = weightsWithTensors(model, quant, tensors, ws.cache, (group, layer, bytes) => {
		if (layer < 0) {
			if (group === EMBEDDING) embeddingBytes += bytes;
			else outputBytes += bytes;
			return;
		}
		const il = Math.min(layer, L - 1);
		acc[il] = (acc[il] ?? 0) + bytes;
		acc[L + il] = Math.max(acc[L + il] ?? 0, bytes);
		if (group === ROUTED_EXPERTS) {
			acc[2 * L + il] = (acc[2 * L + il] ?? 0) + bytes;
			acc[3 * L + il] = Math.max(acc[3 * L + il] ?? 0, bytes);
		}
	});
	// non-GGUF formats also load the vision tower (vLLM/MLX): put it with the output
	outputBytes += Math.max(0, weights.weightsBytes - weights.weights.total);
	// tied embeddings: llama.cpp loads token_embd a second time as the output on the output device
	// (A26 gemma-2-2b: ROCm0 1548.29 MiB includes it, CPU_Mapped 461.43 MiB is the input copy; A22 likewise)
	if (model.tiedEmbeddings && quant.format === "gguf") outputBytes += embeddingBytes;
	const moe = model.moe;
	const expertActiveFraction = moe === null ? 1 : Math.min(1, moe.activeExperts / moe.experts);
	const arrays = layerArrays(ws, acc, L);
	// the layer kinds are the model's KV facts' (one per model in the per-catalog cache)
	const kvFacts = kvFactsOf(ws, model);
	const kinds = kvFacts.kinds;
	const params = countParams(model, ws.cache);
	const activeParams = params.active;
	const qDim = queryDim(model);
	const prepared: PreparedModel = {
		model,
		quant,
		weights,
		layers: L,
		layerExpertBytes: arrays.layerExpertBytes,
		layerMaxExpertTensor: arrays.layerMaxExpertTensor,
		outputBytes,
		embeddingBytes,
		expertActiveFraction,
		cumLayerBytes: arrays.cumLayerBytes,
		cumExpertBytes: arrays.cumExpertBytes,
		cumMoeLayers: arrays.cumMoeLayers,
		maxTensorBefore: arrays.maxTensorBefore,
		maxExpertTensorBefore: arrays.maxExpertTensorBefore,
		kinds,
		activeParams,
		totalParams: params.total,
		routedExpertParams: params.byGroup.routedExperts,
		flopsPerPromptToken: promptFlops(model, kinds, activeParams, qDim),
		kvFacts,
		experts: moe === null ? 0 : moe.experts,
		activeExperts: moe === null ? 0 : moe.activeExperts,
		qDim,
		hiddenSize: model.hiddenSize,
		slidingWindow: model.attention.slidingWindow ?? null,
		quantized: isQuantized(model, quant, weights),
	};
	if (!exact) {
		ws.cache.prepared.set(model, quant, prepared);
		ws.lastPrepared = prepared;
	}
	return prepared;
}
