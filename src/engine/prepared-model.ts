/**
 * The per model × quant numbers every estimate reads (built by prepare(), prepared.ts). The type alone,
 * apart from prepared.ts so that the Workspace (workspace.ts), which keeps the last one, and prepare(),
 * which builds it, do not import each other.
 */
import type { Model, Quant } from "../catalog/schema.js";
import type { ModelKvFacts } from "./kvCache.js";
import type { LayerKinds } from "./layerKinds.js";
import type { WeightsResult } from "./weights.js";

export interface PreparedModel {
	model: Model;
	quant: Quant;
	weights: WeightsResult;
	/** GGUF blocks the runtime runs (hidden layers; nextn blocks are loaded with the last one) */
	layers: number;
	/** routed-expert bytes of block il (nextn blocks folded into the last layer) */
	layerExpertBytes: Float64Array;
	/** largest routed-expert tensor of block il (copied to the GPU under op offload) */
	layerMaxExpertTensor: Float64Array;
	/** output.weight + output_norm (on the last GPU in llama.cpp) */
	outputBytes: number;
	/** token_embd (always in host memory in llama.cpp) */
	embeddingBytes: number;
	/** bytes read per decoded token outside the routed experts, and the active share of routed experts */
	expertActiveFraction: number;
	/** cumLayerBytes[i] = Σ bytes of blocks 0 … i−1 (length layers + 1; nextn blocks folded into the last) */
	cumLayerBytes: Float64Array;
	/** cumExpertBytes[i] = Σ layerExpertBytes[0 … i−1] */
	cumExpertBytes: Float64Array;
	/** cumMoeLayers[i] = the blocks among 0 … i−1 with routed experts (a range's MoE layers without a loop over it) */
	cumMoeLayers: Float64Array;
	/** maxTensorBefore[i] = the largest tensor of blocks 0 … i−1 (0 for i = 0) */
	maxTensorBefore: Float64Array;
	/** maxExpertTensorBefore[i] = max layerMaxExpertTensor[0 … i−1]; the expert arrays are read-only and shared between the models without routed experts (prepared.ts) */
	maxExpertTensorBefore: Float64Array;
	/** layer attention kinds as prefix counts (KV of a range, KV reads at decode) */
	kinds: LayerKinds;
	/** text parameters touched per token (tensors.ts countParams: the routed experts not selected left out) */
	activeParams: number;
	/** all parameters and those of the routed experts (countParams), for vLLM's MXFP4 layout (vllm.ts) */
	totalParams: number;
	routedExpertParams: number;
	/** FLOPs per prompt token (2 per active matmul weight + attention over half of a pp512 prompt) */
	flopsPerPromptToken: number;
	/** the model's KV facts (kvCache.ts), read once instead of per estimate */
	kvFacts: ModelKvFacts;
	/**
	 * What the speed model reads of the model (estimate.ts speedInputs, the decode terms), read here once:
	 * catalog models and their attention come in several object shapes, so each of these reads per
	 * estimate was a slow (megamorphic) load. Routed experts per MoE layer and those active per token
	 * (0 for a dense model), the query width per layer, the hidden size, the sliding window (null: none).
	 */
	experts: number;
	activeExperts: number;
	qDim: number;
	hiddenSize: number;
	slidingWindow: number | null;
	/** whether prefill runs quantized kernels (estimate.ts isQuantized), a fact of model × quant */
	quantized: boolean;
}

/** The expert arrays of the models without routed experts: zeros, one set per layer count (prepared.ts). */
export interface NoExperts {
	/** length layers + 1 (cumExpertBytes, cumMoeLayers, maxExpertTensorBefore) */
	readonly prefix: Float64Array;
	/** length layers (layerExpertBytes, layerMaxExpertTensor) */
	readonly perLayer: Float64Array;
}
