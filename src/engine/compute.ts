/**
 * llama.cpp compute buffers. The scheduler reserves the worst-case graph (n_ubatch tokens against n_kv
 * cells) and the allocator reuses memory between ops, so a device's buffer is the largest of a few
 * phases that are never live together (ggml-alloc.c; ../shared/ENGINE.md §3.3):
 *  - attention: the KQ mask (F32 n_kv × n_ubatch; with flash attention also its F16 copy) plus, without
 *    flash attention, the F32 score matrix n_kv × n_ubatch × n_head, plus a few hidden-sized tensors;
 *    MLA adds the per-head q and k of the absorbed attention;
 *  - FFN: the mask (a graph input, alive throughout) + the FFN activations + the copy of a CPU-resident
 *    weight when the GPU computes a layer whose weights stay in RAM (op offload at n_ubatch ≥ 32);
 *  - logits: F32 n_vocab × n_ubatch, on the device holding the output layer.
 * Constants below were fitted across reference rows (../shared/reference/llamacpp-buffers.csv) and say on
 * which ones.
 */
import type { Model } from "../catalog/schema.js";

/**
 * Hidden-sized F32 activations live next to the attention scores: 4 × n_embd × n_ubatch × 4 bytes.
 * Fitted on A02/A06/A34/A38/A40 (CUDA/Metal, 560 MiB = 16 mask + 512 KQ + 32), A41 (CPU, 296.01 =
 * 8 + 256 + 32) and A27 (RPC, 588 vs 584): all within 1 %.
 */
export const ATTN_HIDDEN_TENSORS = 4;
/**
 * Graph-input copies kept per GPU with pipeline parallelism (GGML_SCHED_MAX_COPIES = 4,
 * ggml-backend.cpp): each extra copy holds the mask and the hidden input. A03/A04/A39: 640.01 vs 560 MiB
 * single-GPU = 3 × (16 + 8) + 8.
 */
export const GGML_SCHED_MAX_COPIES = 4;
/** ggml only offloads an op on CPU-resident weights to the GPU for batches of at least 32 (GGML_OP_OFFLOAD_MIN_BATCH). */
export const OP_OFFLOAD_MIN_BATCH = 32;

const F32 = 4;

export interface ComputeInputs {
	model: Model;
	/** cells the attention runs over (n_kv: all streams of a full-attention layer) */
	kvCells: number;
	ubatch: number;
	flashAttention: boolean;
	/** heads as the cache stores them: MLA absorbed attention still scores all n_head heads */
	expandedMla: boolean;
	/** backend of the device (the flash-attention mask differs) */
	backend?: "cuda" | "rocm" | "metal" | "sycl" | "vulkan" | "cpu";
}

/**
 * Bytes per (cell, token) of the KQ mask on the device: F32 without flash attention; with it, the F32
 * input plus its F16 cast and padding on CUDA-like backends (8 B: A14/A15 774/1024 MiB), the F32 input
 * alone on Metal/CPU (A24: Metal 1672 MiB at 131072 × 2048, where 8 B would give 2 GiB+).
 */
function maskBytes(i: ComputeInputs): number {
	const perCell = !i.flashAttention ? F32 : i.backend === "metal" || i.backend === "cpu" ? F32 : 2 * F32;
	return i.kvCells * i.ubatch * perCell;
}

function hiddenAct(i: ComputeInputs): number {
	return i.model.hiddenSize * i.ubatch * F32;
}

/** Attention phase of one device. */
export function attentionPhaseBytes(i: ComputeInputs): number {
	const a = i.model.attention;
	const scores = i.flashAttention ? 0 : i.kvCells * i.ubatch * a.heads * F32;
	// MLA: q and k per head (nope + rope) for the absorbed product; fitted on A09/A16 (R1 CPU, 1186/670 MiB within 1 %)
	const mla = a.mla !== null ? 2 * a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) * i.ubatch * F32 : 0;
	return maskBytes(i) + scores + ATTN_HIDDEN_TENSORS * hiddenAct(i) + mla;
}

/**
 * FFN phase: hidden + 3 intermediate activations (gate, up, their product) of the widest FFN, for MoE
 * n_expert_used × expert width + shared. A14/A15 (Qwen3-235B, FA, experts in RAM): 774 / 1024 MiB =
 * mask + copied expert tensor (630 / 816 MiB) + 80 MiB of activations.
 */
export function ffnPhaseBytes(i: ComputeInputs, copiedWeightBytes: number): number {
	const m = i.model;
	let width = m.ffn.intermediateSize;
	if (m.moe !== null) {
		const shared = m.moe.sharedIntermediateSize ?? m.moe.sharedExperts * m.moe.expertIntermediateSize;
		width = Math.max(width, m.moe.activeExperts * m.moe.expertIntermediateSize + shared);
	}
	return maskBytes(i) + hiddenAct(i) + 3 * width * i.ubatch * F32 + copiedWeightBytes;
}

/** Logits phase: F32 n_vocab × n_ubatch plus the final hidden state (A05: 250.5 + 8 = 258.5 MiB; A30, A11, A18 exact). */
export function logitsPhaseBytes(i: ComputeInputs): number {
	return (i.model.vocabSize + i.model.hiddenSize) * i.ubatch * F32;
}

export interface DeviceComputeRole {
	/** the device holds at least one layer */
	hasLayers: boolean;
	/** the device holds the output layer (computes logits) */
	hasOutput: boolean;
	/** largest CPU-resident matmul weight this device must copy in (0 when none) */
	copiedWeightBytes: number;
	/** pipeline parallelism is on (several GPUs, everything offloaded, no weights in RAM) */
	pipeline: boolean;
}

/** Compute buffer of one device. */
export function deviceComputeBytes(i: ComputeInputs, role: DeviceComputeRole): number {
	let bytes = 0;
	if (role.hasLayers) bytes = Math.max(attentionPhaseBytes(i), ffnPhaseBytes(i, i.ubatch >= OP_OFFLOAD_MIN_BATCH ? role.copiedWeightBytes : 0));
	if (role.hasOutput) bytes = Math.max(bytes, logitsPhaseBytes(i));
	if (role.pipeline) bytes += (GGML_SCHED_MAX_COPIES - 1) * (i.kvCells * i.ubatch * F32 + hiddenAct(i)) + hiddenAct(i);
	return bytes;
}

/**
 * The terms of the phases above for one (model, n_kv, n_ubatch, flash attention), computed once per
 * layout so that each device's buffer is a few max/adds without allocating (deviceComputeFrom). Same
 * formulas as the functions above, which remain the readable reference and are checked equal in tests.
 */
export interface ComputeTerms {
	/** attention phase without the mask */
	attentionNoMask: number;
	/** mask bytes on CUDA-like backends / on Metal and CPU */
	maskOther: number;
	maskMetalCpu: number;
	/** FFN phase without the mask and without a copied weight */
	ffnNoMask: number;
	logits: number;
	/** F32 n_kv × n_ubatch (one mask copy; pipeline and host buffers) */
	maskF32: number;
	hidden: number;
	ubatch: number;
	/**
	 * What the terms above that grow with the cells are per cell, and the rest of the attention phase:
	 * termsAtCells() builds the terms of another cell count from them (the largest-context search's probes)
	 */
	scoresPerCell: number;
	maskOtherPerCell: number;
	attentionFixed: number;
}

export function computeTerms(i: ComputeInputs): ComputeTerms {
	const a = i.model.attention;
	const hidden = hiddenAct(i);
	const scores = i.flashAttention ? 0 : i.kvCells * i.ubatch * a.heads * F32;
	const mla = a.mla !== null ? 2 * a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) * i.ubatch * F32 : 0;
	const m = i.model;
	let width = m.ffn.intermediateSize;
	if (m.moe !== null) {
		const shared = m.moe.sharedIntermediateSize ?? m.moe.sharedExperts * m.moe.expertIntermediateSize;
		width = Math.max(width, m.moe.activeExperts * m.moe.expertIntermediateSize + shared);
	}
	return {
		attentionNoMask: scores + ATTN_HIDDEN_TENSORS * hidden + mla,
		// maskBytes() per backend, without building a ComputeInputs for each
		maskOther: i.kvCells * i.ubatch * (i.flashAttention ? 2 * F32 : F32),
		maskMetalCpu: i.kvCells * i.ubatch * F32,
		ffnNoMask: hidden + 3 * width * i.ubatch * F32,
		logits: logitsPhaseBytes(i),
		maskF32: i.kvCells * i.ubatch * F32,
		hidden,
		ubatch: i.ubatch,
		scoresPerCell: i.flashAttention ? 0 : i.ubatch * a.heads * F32,
		maskOtherPerCell: i.ubatch * (i.flashAttention ? 2 * F32 : F32),
		attentionFixed: ATTN_HIDDEN_TENSORS * hidden + mla,
	};
}

/**
 * computeTerms() of the same inputs at `kvCells` cells, written into `out` (a search's scratch), from
 * the terms at any cell count: the largest-context search probes a handful of contexts of one request,
 * and only the mask and score terms depend on the cells. Every term is a whole number of bytes far
 * below 2^53, so the products and sums are exact in any order: the same numbers as computeTerms()
 * (tests/engine/fastpaths.test.ts holds them equal).
 */
export function termsAtCells(t: ComputeTerms, kvCells: number, out: ComputeTerms): ComputeTerms {
	out.attentionNoMask = kvCells * t.scoresPerCell + t.attentionFixed;
	out.maskOther = kvCells * t.maskOtherPerCell;
	out.maskMetalCpu = kvCells * t.ubatch * F32;
	out.ffnNoMask = t.ffnNoMask;
	out.logits = t.logits;
	out.maskF32 = kvCells * t.ubatch * F32;
	out.hidden = t.hidden;
	out.ubatch = t.ubatch;
	out.scoresPerCell = t.scoresPerCell;
	out.maskOtherPerCell = t.maskOtherPerCell;
	out.attentionFixed = t.attentionFixed;
	return out;
}

/** deviceComputeBytes from precomputed terms (no allocation). */
export function deviceComputeFrom(
	t: ComputeTerms,
	backend: ComputeInputs["backend"],
	hasLayers: boolean,
	hasOutput: boolean,
	copiedWeightBytes: number,
	pipeline: boolean,
): number {
	let bytes = 0;
	if (hasLayers) {
		const mask = backend === "metal" || backend === "cpu" ? t.maskMetalCpu : t.maskOther;
		const attention = mask + t.attentionNoMask;
		const ffn = mask + t.ffnNoMask + (t.ubatch >= OP_OFFLOAD_MIN_BATCH ? copiedWeightBytes : 0);
		bytes = Math.max(attention, ffn);
	}
	if (hasOutput) bytes = Math.max(bytes, t.logits);
	if (pipeline) bytes += (GGML_SCHED_MAX_COPIES - 1) * (t.maskF32 + t.hidden) + t.hidden;
	return bytes;
}

/** hostComputeBytes from precomputed terms. */
export function hostComputeFrom(t: ComputeTerms, pipeline: boolean): number {
	const b = t.hidden + t.maskF32;
	return pipeline ? b * (GGML_SCHED_MAX_COPIES - 1) : b;
}

/**
 * Host-side compute buffer (CUDA_Host / CPU next to a GPU): the hidden input and the F32 mask, three
 * copies with pipeline parallelism. A02 24.01 (8 + 16), A05 9.01, A19 76.01, A15 72.01, A14 40.01,
 * A31 36.01, A03 72.02 MiB — all exact to 0.01 MiB.
 */
export function hostComputeBytes(i: ComputeInputs, pipeline: boolean): number {
	const b = hiddenAct(i) + i.kvCells * i.ubatch * F32;
	return pipeline ? b * (GGML_SCHED_MAX_COPIES - 1) : b;
}
