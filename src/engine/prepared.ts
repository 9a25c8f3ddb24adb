/**
 * Per model × quant numbers every estimate needs, computed once (estimate() is called ~40 times per
 * answer): bytes per layer, routed-expert bytes per layer, the largest expert tensor, output/embedding,
 * and their prefix sums / prefix maxima so that the bytes of any contiguous layer range (what one
 * device holds) cost O(1) and a split point is a binary search (fit.ts).
 */
import type { Model, Quant } from "../catalog/schema.js";
import { type ModelKvFacts, modelKvFacts } from "./kvCache.js";
import type { LayerKinds } from "./layerKinds.js";
import { countParams } from "./tensors.js";
import type { TensorInfo } from "./types.js";
import { weightsWithTensors } from "./weights.js";
import { Workspace } from "./workspace.js";
import type { PreparedModel } from "./prepared-model.js";

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

/** FLOPs per prompt token: 2 per active matmul weight (not the embedding lookup) + attention over half the prompt. */
function promptFlops(model: Model, kinds: LayerKinds, activeParams: number): number {
	const embed = model.hiddenSize * model.vocabSize;
	const a = model.attention;
	const qDim = a.mla !== null ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
	// layers that attend over the prompt: all but the recurrent / linear ones
	const attending = model.layers - (kinds.linear[kinds.layers] ?? 0);
	return 2 * (activeParams - embed) + 4 * attending * qDim * (PREFILL_TOKENS / 2);
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
	const { result: weights, placed } = weightsWithTensors(model, quant, tensors, ws.cache);
	const L = model.layers;
	const layerBytes = new Array<number>(L).fill(0);
	const layerExpertBytes = new Array<number>(L).fill(0);
	const layerMaxExpertTensor = new Array<number>(L).fill(0);
	const layerMaxTensor = new Array<number>(L).fill(0);
	let outputBytes = 0;
	let embeddingBytes = 0;
	const placedTensors = placed.tensors;
	const placedBytes = placed.bytes;
	for (let i = 0; i < placedTensors.length; i++) {
		const t = placedTensors[i] as (typeof placedTensors)[number];
		const bytes = placedBytes[i] ?? 0;
		if (t.layer === null) {
			if (t.group === "embedding") embeddingBytes += bytes;
			else outputBytes += bytes;
			continue;
		}
		const il = Math.min(t.layer, L - 1);
		layerBytes[il] = (layerBytes[il] ?? 0) + bytes;
		layerMaxTensor[il] = Math.max(layerMaxTensor[il] ?? 0, bytes);
		if (t.group === "routedExperts") {
			layerExpertBytes[il] = (layerExpertBytes[il] ?? 0) + bytes;
			layerMaxExpertTensor[il] = Math.max(layerMaxExpertTensor[il] ?? 0, bytes);
		}
	}
	// non-GGUF formats also load the vision tower (vLLM/MLX): put it with the output
	outputBytes += Math.max(0, weights.weightsBytes - weights.weights.total);
	// tied embeddings: llama.cpp loads token_embd a second time as the output on the output device
	// (A26 gemma-2-2b: ROCm0 1548.29 MiB includes it, CPU_Mapped 461.43 MiB is the input copy; A22 likewise)
	if (model.tiedEmbeddings && quant.format === "gguf") outputBytes += embeddingBytes;
	const moe = model.moe;
	const expertActiveFraction = moe === null ? 1 : Math.min(1, moe.activeExperts / moe.experts);
	const cumLayerBytes = new Float64Array(L + 1);
	const cumExpertBytes = new Float64Array(L + 1);
	const maxTensorBefore = new Float64Array(L + 1);
	const maxExpertTensorBefore = new Float64Array(L + 1);
	for (let il = 0; il < L; il++) {
		cumLayerBytes[il + 1] = (cumLayerBytes[il] ?? 0) + (layerBytes[il] ?? 0);
		cumExpertBytes[il + 1] = (cumExpertBytes[il] ?? 0) + (layerExpertBytes[il] ?? 0);
		maxTensorBefore[il + 1] = Math.max(maxTensorBefore[il] ?? 0, layerMaxTensor[il] ?? 0);
		maxExpertTensorBefore[il + 1] = Math.max(maxExpertTensorBefore[il] ?? 0, layerMaxExpertTensor[il] ?? 0);
	}
	// the layer kinds are the model's KV facts' (one per model in the per-catalog cache)
	const kvFacts = kvFactsOf(ws, model);
	const kinds = kvFacts.kinds;
	const params = countParams(model, ws.cache);
	const activeParams = params.active;
	const prepared: PreparedModel = {
		model,
		quant,
		weights,
		layers: L,
		layerBytes,
		layerExpertBytes,
		layerMaxExpertTensor,
		layerMaxTensor,
		outputBytes,
		embeddingBytes,
		expertActiveFraction,
		cumLayerBytes,
		cumExpertBytes,
		maxTensorBefore,
		maxExpertTensorBefore,
		kinds,
		activeParams,
		totalParams: params.total,
		routedExpertParams: params.byGroup.routedExperts,
		flopsPerPromptToken: promptFlops(model, kinds, activeParams),
		kvFacts,
	};
	if (!exact) {
		ws.cache.prepared.set(model, quant, prepared);
		ws.lastPrepared = prepared;
	}
	return prepared;
}
