/**
 * Per model × quant numbers every estimate needs, computed once (estimate() is called ~40 times per
 * answer): bytes per layer, routed-expert bytes per layer, the largest expert tensor, output/embedding.
 */
import type { Model, Quant } from "../catalog/schema.js";
import type { TensorInfo } from "./types.js";
import { type WeightsResult, weightsFor } from "./weights.js";

export interface PreparedModel {
	model: Model;
	quant: Quant;
	weights: WeightsResult;
	/** GGUF blocks the runtime runs (hidden layers; nextn blocks are loaded with the last one) */
	layers: number;
	/** all weights of block il (nextn blocks folded into the last layer) */
	layerBytes: number[];
	/** routed-expert bytes of block il */
	layerExpertBytes: number[];
	/** largest routed-expert tensor of block il (copied to the GPU under op offload) */
	layerMaxExpertTensor: number[];
	/** largest tensor of block il */
	layerMaxTensor: number[];
	/** output.weight + output_norm (on the last GPU in llama.cpp) */
	outputBytes: number;
	/** token_embd (always in host memory in llama.cpp) */
	embeddingBytes: number;
	/** bytes read per decoded token outside the routed experts, and the active share of routed experts */
	expertActiveFraction: number;
}

const cache = new Map<string, PreparedModel>();

export function prepare(model: Model, quant: Quant, tensors?: TensorInfo[]): PreparedModel {
	const exact = tensors !== undefined && tensors.length > 0;
	const key = `${model.id}\u0000${quant.id}`;
	if (!exact) {
		const hit = cache.get(key);
		if (hit !== undefined && hit.model === model && hit.quant === quant) return hit;
	}
	const weights = weightsFor(model, quant, tensors);
	const L = model.layers;
	const layerBytes = new Array<number>(L).fill(0);
	const layerExpertBytes = new Array<number>(L).fill(0);
	const layerMaxExpertTensor = new Array<number>(L).fill(0);
	const layerMaxTensor = new Array<number>(L).fill(0);
	let outputBytes = 0;
	let embeddingBytes = 0;
	for (const t of weights.tensors) {
		if (t.layer === null) {
			if (t.group === "embedding") embeddingBytes += t.bytes;
			else outputBytes += t.bytes;
			continue;
		}
		const il = Math.min(t.layer, L - 1);
		layerBytes[il] = (layerBytes[il] ?? 0) + t.bytes;
		layerMaxTensor[il] = Math.max(layerMaxTensor[il] ?? 0, t.bytes);
		if (t.group === "routedExperts") {
			layerExpertBytes[il] = (layerExpertBytes[il] ?? 0) + t.bytes;
			layerMaxExpertTensor[il] = Math.max(layerMaxExpertTensor[il] ?? 0, t.bytes);
		}
	}
	// non-GGUF formats also load the vision tower (vLLM/MLX): put it with the output
	outputBytes += Math.max(0, weights.weightsBytes - weights.weights.total);
	// tied embeddings: llama.cpp loads token_embd a second time as the output on the output device
	// (A26 gemma-2-2b: ROCm0 1548.29 MiB includes it, CPU_Mapped 461.43 MiB is the input copy; A22 likewise)
	if (model.tiedEmbeddings && quant.format === "gguf") outputBytes += embeddingBytes;
	const moe = model.moe;
	const expertActiveFraction = moe === null ? 1 : Math.min(1, moe.activeExperts / moe.experts);
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
	};
	if (!exact) cache.set(key, prepared);
	return prepared;
}
