/**
 * The tensors of a model's text stack, named and shaped as llama.cpp's GGUF holds them
 * (gguf-py/gguf/constants.py TENSOR_NAMES; convert_hf_to_gguf.py), built from the catalog's
 * architecture fields alone. Weights, quantization mixes (quantMix.ts), layer placement and the bytes
 * read per token all start from this list (kept per model as its table of block layouts, tensorTable.ts).
 *
 * Shapes are in ggml order: ne0 (the row length, the dimension a quant block runs along) first.
 * A Linear(in → out) is [in, out]; stacked experts are [in, out, n_expert].
 */
import type { Model } from "../catalog/schema.js";

export type TensorGroup = "embedding" | "attention" | "denseFfn" | "routedExperts" | "sharedExperts" | "output" | "norms" | "linear";

export const TENSOR_GROUPS: readonly TensorGroup[] = ["embedding", "attention", "denseFfn", "routedExperts", "sharedExperts", "output", "norms", "linear"];

export interface ModelTensor {
	/** llama.cpp GGUF name: token_embd.weight, output.weight, blk.N.attn_q.weight, blk.N.ffn_down_exps.weight … */
	name: string;
	/**
	 * embedding / output head; attention projections (incl. MLA's q_a/q_b/kv_a/k_b/v_b); denseFfn = every
	 * always-active FFN weight incl. the MoE router (ffn_gate_inp stays on the GPU under `-ot exps=CPU`);
	 * routedExperts = the *_exps tensors; sharedExperts = *_shexp; norms = 1-D norms and biases;
	 * linear = recurrent / linear-attention blocks of hybrids.
	 */
	group: TensorGroup;
	/** block index, null for token_embd / output / output_norm */
	layer: number | null;
	/** ggml order: ne0 = row length first; experts 3-D [ne0, ne1, n_expert] */
	shape: number[];
}

export type LayerAttentionKind = "full" | "sliding" | "linear" | "none";

/** Per-layer attention kind (HF `layer_types`); every layer full when the catalog gives none. */
export function layerAttentionKind(model: Model, layer: number): LayerAttentionKind {
	return model.attention.layerTypes?.[layer] ?? "full";
}

/** Nemotron-H block letter of `layer` (M, *, E, -), or null for ordinary blocks (mixer + FFN). */
function blockLetter(model: Model, layer: number): string | null {
	if (model.blockPattern === undefined || layer >= model.layers) return null;
	return model.blockPattern[layer] ?? null;
}

/**
 * Whether block `layer` has a MoE FFN: past `first_k_dense_replace`, and on the interleave step
 * (Llama 4 Maverick: HF `moe_layers = range(step - 1, n_layer, step)`).
 */
export function isMoeLayer(model: Model, layer: number): boolean {
	const moe = model.moe;
	if (moe === null) return false;
	const letter = blockLetter(model, layer);
	if (letter !== null) return letter === "E";
	if (layer < moe.firstDenseLayers) return false;
	// MTP / nextn blocks (index ≥ layers) are MoE blocks in DeepSeek V3 and GLM-4.5.
	if (layer >= model.layers) return true;
	return layer % moe.layerFrequency === moe.layerFrequency - 1;
}

/**
 * Architectures whose GGUF keeps the MTP / nextn blocks as extra `blk.N` (GLM-4.5: block_count includes
 * them). DeepSeek V3/R1's converter drops its MTP layer (convert_hf_to_gguf.py DeepseekV2Model skips
 * `model.layers.61`), as does Qwen3-Next's.
 */
const GGUF_KEEPS_NEXTN: ReadonlySet<string> = new Set(["glm4_moe", "glm4_moe_lite"]);

/** Blocks in the GGUF: the hidden layers plus the nextn blocks some converters keep. */
export function ggufBlockCount(model: Model): number {
	return model.layers + (GGUF_KEEPS_NEXTN.has(model.modelType) ? model.mtpLayers : 0);
}

function hasQkNorm(model: Model): boolean {
	// Qwen3 family (incl. Qwen3.5, Qwen3-VL), Gemma 3/4, OLMo 2 and 3 normalise q and k per head (attn_q_norm / attn_k_norm [head_dim]),
	// as do EXAONE 4 (llama.cpp src/models/exaone4.cpp), Hunyuan (src/models/hunyuan-moe.cpp; config use_qk_norm)
	// and LFM2 (q_layernorm / k_layernorm).
	return /^(qwen3|gemma3|gemma4|olmo2|olmo3|exaone4|hunyuan_v1|lfm2|minimax_m3)/.test(model.modelType);
}

/**
 * Qwen3-Next and Qwen3.5 gate the attention output per head (attn_output_gate): q_proj emits the query and
 * the gate, so llama.cpp's attn_q is [n_embd, 2 · n_head · head_dim] (src/models/qwen3next.cpp splits it).
 */
function hasGatedQuery(model: Model): boolean {
	return /^(qwen3_next|qwen3_5)/.test(model.modelType);
}

function hasFusedQkv(model: Model): boolean {
	return model.modelType === "phi3";
}

function hasSandwichNorms(model: Model): boolean {
	// Gemma 2/3/4 add post_attention_norm and post_ffw_norm to every block.
	return /^gemma[234]/.test(model.modelType);
}

function attentionTensors(model: Model, il: number, out: ModelTensor[]): void {
	const a = model.attention;
	const h = model.hiddenSize;
	const push = (name: string, shape: number[], group: TensorGroup = "attention"): void => {
		out.push({ name: `blk.${il}.${name}`, group, layer: il, shape });
	};
	if (a.compressed !== undefined) {
		// DeepSeek V4 (vLLM models/deepseek_v4.py DeepseekV4Attention; the reference inference/model.py):
		// wq_a [h, q_lora] + q_norm, wq_b [q_lora, heads·head_dim], one K = V head wkv [h, head_dim] + kv_norm,
		// per-head attention sinks, grouped low-rank output wo_a (o_groups blocks of [heads·head_dim/g, o_lora])
		// and wo_b [g·o_lora, h]; then the compressor of a layer of ratio r > 0 and the indexer of a ratio-4 layer
		// (compressedExtras below).
		const c = a.compressed;
		push("attn_q_a.weight", [h, c.qLoraRank]);
		push("attn_q_a_norm.weight", [c.qLoraRank], "norms");
		push("attn_q_b.weight", [c.qLoraRank, a.heads * a.headDim]);
		push("attn_kv.weight", [h, a.headDim]);
		push("attn_kv_norm.weight", [a.headDim], "norms");
		push("attn_sinks.weight", [a.heads], "norms");
		push("attn_output_a.weight", [(a.heads * a.headDim) / c.oGroups, c.oGroups * c.oLoraRank]);
		push("attn_output_b.weight", [c.oGroups * c.oLoraRank, h]);
		compressedExtras(model, il, push);
		return;
	}
	if (a.mla !== null) {
		const m = a.mla;
		const qHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
		if (m.qLoraRank !== null) {
			push("attn_q_a.weight", [h, m.qLoraRank]);
			push("attn_q_a_norm.weight", [m.qLoraRank], "norms");
			push("attn_q_b.weight", [m.qLoraRank, a.heads * qHead]);
		} else {
			// DeepSeek-V2-Lite: no q compression
			push("attn_q.weight", [h, a.heads * qHead]);
		}
		push("attn_kv_a_mqa.weight", [h, m.kvLoraRank + m.qkRopeHeadDim]);
		push("attn_kv_a_norm.weight", [m.kvLoraRank], "norms");
		// kv_b_proj split for weight absorption (convert_hf_to_gguf.py DeepseekV2Model): k_b transposed
		// [qk_nope, kv_lora, n_head], v_b [kv_lora, v_head, n_head].
		push("attn_k_b.weight", [m.qkNopeHeadDim, m.kvLoraRank, a.heads]);
		push("attn_v_b.weight", [m.kvLoraRank, m.vHeadDim, a.heads]);
		push("attn_output.weight", [a.heads * m.vHeadDim, h]);
		if (a.indexer !== undefined) {
			// DSA lightning indexer (src/models/glm-dsa.cpp load_arch_tensors): q from the q-lora latent, one key head
			const ix = a.indexer;
			push("indexer.attn_q_b.weight", [m.qLoraRank ?? h, ix.heads * ix.headDim]);
			push("indexer.attn_k.weight", [h, ix.headDim]);
			push("indexer.proj.weight", [h, ix.heads]);
			push("indexer.k_norm.weight", [ix.headDim], "norms");
			push("indexer.k_norm.bias", [ix.headDim], "norms");
		}
		return;
	}
	// Gemma 4 global layers: their own KV heads and head size (Q uses the same head size), no v_proj
	const globalLayer = a.global !== undefined && il < model.layers && layerAttentionKind(model, il) === "full";
	const headDim = globalLayer && a.global !== undefined ? a.global.headDim : a.headDim;
	const kvHeads = globalLayer && a.global !== undefined ? a.global.kvHeads : a.kvHeads;
	const valueHeadDim = globalLayer && a.global !== undefined ? (a.global.valueHeadDim ?? headDim) : a.valueHeadDim;
	const qDim = a.heads * headDim;
	const kDim = kvHeads * headDim;
	const vDim = kvHeads * valueHeadDim;
	// Gemma 4 shared-KV layers load only attn_q / attn_output (gemma4.cpp: attn_k, attn_k_norm not required)
	const sharedKv = il >= model.layers - (a.sharedKvLayers ?? 0) && il < model.layers;
	if (sharedKv) {
		push("attn_q.weight", [h, qDim]);
		push("attn_output.weight", [a.heads * valueHeadDim, h]);
		push("attn_q_norm.weight", [headDim], "norms");
		return;
	}
	if (hasFusedQkv(model)) {
		// Phi-3/Phi-4 keep qkv_proj fused (convert_hf_to_gguf.py Phi3MiniModel → attn_qkv)
		push("attn_qkv.weight", [h, qDim + kDim + vDim]);
	} else {
		push("attn_q.weight", [h, hasGatedQuery(model) ? 2 * qDim : qDim]);
		push("attn_k.weight", [h, kDim]);
		// attention_k_eq_v: no attn_v on global layers (gemma4-iswa.cpp: "if v_proj is not present, use Kcur")
		if (!(globalLayer && a.kEqV === true)) push("attn_v.weight", [h, vDim]);
	}
	push("attn_output.weight", [a.heads * valueHeadDim, h]);
	if (a.qkvBias) {
		push("attn_q.bias", [qDim], "norms");
		push("attn_k.bias", [kDim], "norms");
		push("attn_v.bias", [vDim], "norms");
	}
	if (hasQkNorm(model)) {
		push("attn_q_norm.weight", [headDim], "norms");
		push("attn_k_norm.weight", [headDim], "norms");
	}
	if (model.modelType === "gpt_oss") {
		// gpt-oss: learned attention sinks, one per head
		push("attn_sinks.weight", [a.heads], "norms");
	}
	const sparse = a.sparseIndex;
	if (sparse !== undefined && il < model.layers && sparse.perLayer[il] !== undefined && sparse.perLayer[il] !== "none") {
		// MiniMax-M3's lightning indexer on its sparse layers (mlx-lm models/minimax_m3.py Indexer): index_q_proj
		// [h → index_heads · index_dim], one index_k_proj head, and their per-head norms (selection only, no value path)
		push("indexer.attn_q.weight", [h, sparse.heads * sparse.headDim]);
		push("indexer.attn_k.weight", [h, sparse.headDim]);
		push("indexer.q_norm.weight", [sparse.headDim], "norms");
		push("indexer.k_norm.weight", [sparse.headDim], "norms");
	}
}

/**
 * DeepSeek V4's per-layer extras, as the reference inference/model.py builds them (Compressor, Indexer,
 * Block; code-index copy id 52448677091): a layer of compress ratio r > 0 has a compressor — ape
 * [r, coff·head_dim], wkv and wgate [h → coff·head_dim], an RMSNorm of head_dim, with coff = 2 when r = 4
 * (overlapping windows) else 1; a ratio-4 layer also has the lightning indexer — wq_b [q_lora →
 * index_heads·index_head_dim], weights_proj [h → index_heads] and its own (overlapping, ratio-4) compressor
 * of index_head_dim. With hc_mult residual copies every block mixes them with hc_attn_fn / hc_ffn_fn
 * [(2 + hc)·hc, hc·h] plus their base ((2 + hc)·hc) and scale (3) vectors. Added to the tensor list they
 * bring V4-Flash's count to DeepSeek-V4-Flash-Base's safetensors count within 0.01 % (tests/catalog).
 * The MTP block (il ≥ layers) has ratio 0: only the hyper-connection mixers.
 */
function compressedExtras(model: Model, il: number, push: (name: string, shape: number[], group?: TensorGroup) => void): void {
	const a = model.attention;
	const c = a.compressed;
	if (c === undefined) return;
	const h = model.hiddenSize;
	const compressor = (prefix: string, ratio: number, dim: number): void => {
		const coff = ratio === 4 ? 2 : 1;
		push(`${prefix}.ape`, [coff * dim, ratio], "norms");
		push(`${prefix}.wkv.weight`, [h, coff * dim]);
		push(`${prefix}.wgate.weight`, [h, coff * dim]);
		push(`${prefix}.norm.weight`, [dim], "norms");
	};
	const ratio = il < model.layers ? (c.ratios[il] ?? 0) : 0;
	if (ratio > 0) compressor("attn_compressor", ratio, a.headDim);
	if (ratio === 4) {
		push("indexer.attn_q_b.weight", [c.qLoraRank, c.indexerHeads * c.indexerHeadDim]);
		push("indexer.proj.weight", [h, c.indexerHeads]);
		compressor("indexer.compressor", 4, c.indexerHeadDim);
	}
	if (c.hcMult !== undefined) {
		const mix = (2 + c.hcMult) * c.hcMult;
		for (const part of ["attn", "ffn"]) {
			push(`hc_${part}_fn`, [c.hcMult * h, mix], "norms");
			push(`hc_${part}_base`, [mix], "norms");
			push(`hc_${part}_scale`, [3], "norms");
		}
	}
}

/**
 * Recurrent / linear-attention block of a hybrid, in the shapes llama.cpp's GGUF uses
 * (qwen3next: ssm_in/ssm_ba/ssm_conv1d/ssm_out; mamba2: ssm_in/ssm_conv1d/ssm_out/ssm_a/ssm_d;
 * lfm2: shortconv.in_proj/conv/out_proj; kimi-linear: q/k/v, their ssm_conv1d_q/k/v, the f/g low-rank
 * gates, beta, A, dt bias, the output norm and projection).
 */
function linearTensors(model: Model, il: number, out: ModelTensor[]): void {
	const lin = model.attention.linear;
	const h = model.hiddenSize;
	const push = (name: string, shape: number[], group: TensorGroup = "linear"): void => {
		out.push({ name: `blk.${il}.${name}`, group, layer: il, shape });
	};
	if (lin === null) {
		// layerTypes says linear but no shape is known: size it like an attention block (documented fallback).
		attentionTensors(model, il, out);
		return;
	}
	const keyDim = lin.numKeyHeads * lin.keyHeadDim;
	const valueDim = lin.numValueHeads * lin.valueHeadDim;
	if (lin.kind === "gated_deltanet") {
		// in_proj_qkvz + in_proj_ba (Qwen3-Next / Qwen3.5), conv over q,k,v, out_proj, per-head A/dt
		push("ssm_in.weight", [h, 2 * keyDim + 2 * valueDim]);
		push("ssm_ba.weight", [h, 2 * lin.numValueHeads]);
		if (lin.convKernel > 0) push("ssm_conv1d.weight", [lin.convKernel, 2 * keyDim + valueDim], "norms");
		push("ssm_a", [lin.numValueHeads], "norms");
		push("ssm_dt.bias", [lin.numValueHeads], "norms");
		push("ssm_norm.weight", [lin.valueHeadDim], "norms");
		push("ssm_out.weight", [valueDim, h]);
	} else if (lin.kind === "shortconv") {
		// LFM2 (src/models/lfm2.cpp; HF Lfm2ShortConv): in_proj to B, C and x (3 × n_embd), a depthwise conv of
		// conv_L_cache taps over n_embd channels, out_proj; no bias (conv_bias false in the released configs)
		const c = lin.valueHeadDim * lin.numValueHeads;
		push("shortconv.in_proj.weight", [h, 3 * c]);
		if (lin.convKernel > 0) push("shortconv.conv.weight", [lin.convKernel, c], "norms");
		push("shortconv.out_proj.weight", [c, h]);
	} else if (lin.kind === "kda") {
		// Kimi Delta Attention (llama.cpp src/models/kimi-linear.cpp load tensors; HF modeling_kimi.py
		// KimiDeltaAttention): q/k/v projections, a short conv on each, the rank-head_dim decay (f) and
		// output-gate (g) projections, the per-head beta, A_log, dt bias, output norm and projection.
		// Checked exactly against Kimi-Linear-48B-A3B's safetensors count in the catalog tests.
		const d = lin.keyHeadDim;
		push("attn_q.weight", [h, keyDim]);
		push("attn_k.weight", [h, keyDim]);
		push("attn_v.weight", [h, valueDim]);
		if (lin.convKernel > 0) {
			push("ssm_conv1d_q.weight", [lin.convKernel, keyDim], "norms");
			push("ssm_conv1d_k.weight", [lin.convKernel, keyDim], "norms");
			push("ssm_conv1d_v.weight", [lin.convKernel, valueDim], "norms");
		}
		push("ssm_f_a.weight", [h, d]);
		push("ssm_f_b.weight", [d, keyDim]);
		push("ssm_g_a.weight", [h, d]);
		push("ssm_g_b.weight", [d, valueDim]);
		push("ssm_beta.weight", [h, lin.numValueHeads]);
		push("ssm_a", [lin.numValueHeads], "norms");
		push("ssm_dt.bias", [keyDim], "norms");
		push("ssm_norm.weight", [lin.valueHeadDim], "norms");
		push("attn_output.weight", [valueDim, h]);
	} else if (lin.kind === "mamba2") {
		// d_inner = valueDim; in_proj → [z, x, B, C, dt]
		const groupsState = 2 * lin.numKeyHeads * lin.keyHeadDim;
		push("ssm_in.weight", [h, 2 * valueDim + groupsState + lin.numValueHeads]);
		if (lin.convKernel > 0) {
			push("ssm_conv1d.weight", [lin.convKernel, valueDim + groupsState], "norms");
			// llama.cpp loads the conv bias as a required tensor for every Mamba-2 arch (mamba2, nemotron_h,
			// granitehybrid: src/llama-model.cpp LLM_TENSOR_SSM_CONV1D "bias"); granite-4.0-h-tiny's safetensors
			// count (6,939,037,248, llmfit scrape) holds its 36 × 3,328 values
			push("ssm_conv1d.bias", [valueDim + groupsState], "norms");
		}
		push("ssm_a", [lin.numValueHeads], "norms");
		push("ssm_d", [lin.numValueHeads], "norms");
		push("ssm_dt.bias", [lin.numValueHeads], "norms");
		push("ssm_norm.weight", [valueDim], "norms");
		push("ssm_out.weight", [valueDim, h]);
	} else {
		// lightning attention (MiniMax-01): q, k, v, output gate and out projections
		push("attn_q.weight", [h, keyDim]);
		push("attn_k.weight", [h, keyDim]);
		push("attn_v.weight", [h, valueDim]);
		push("attn_gate.weight", [h, valueDim]);
		push("attn_output.weight", [valueDim, h]);
		push("attn_norm_out.weight", [valueDim], "norms");
	}
}

/** Dense FFN width of block `il`: doubled on Gemma 4's shared-KV layers when use_double_wide_mlp. */
function denseFfnWidth(model: Model, il: number): number {
	const shared = model.attention.sharedKvLayers ?? 0;
	const doubled = model.ffn.doubleWideShared === true && il >= model.layers - shared && il < model.layers;
	return model.ffn.intermediateSize * (doubled ? 2 : 1);
}

/** The dense MLP of a block (gate, up, down). */
function denseFfnTensors(model: Model, il: number, out: ModelTensor[]): void {
	const h = model.hiddenSize;
	const ff = denseFfnWidth(model, il);
	if (ff === 0) return;
	if (model.ffn.gated) out.push({ name: `blk.${il}.ffn_gate.weight`, group: "denseFfn", layer: il, shape: [h, ff] });
	out.push({ name: `blk.${il}.ffn_up.weight`, group: "denseFfn", layer: il, shape: [h, ff] });
	out.push({ name: `blk.${il}.ffn_down.weight`, group: "denseFfn", layer: il, shape: [ff, h] });
}

function ffnTensors(model: Model, il: number, out: ModelTensor[]): void {
	const h = model.hiddenSize;
	const gated = model.ffn.gated;
	const push = (name: string, shape: number[], group: TensorGroup): void => {
		out.push({ name: `blk.${il}.${name}`, group, layer: il, shape });
	};
	const moe = model.moe;
	const letter = blockLetter(model, il);
	if (letter === "M" || letter === "*") return; // Nemotron-H: a mixer block has no FFN
	if (moe !== null && isMoeLayer(model, il) && moe.parallelDense === true) {
		// Gemma 4 MoE layers also run the dense MLP (gemma4-iswa.cpp "MLP (shared exp)") with its own norms
		denseFfnTensors(model, il, out);
		push("ffn_post_norm_1.weight", [h], "norms");
		push("ffn_pre_norm_2.weight", [h], "norms");
		push("ffn_post_norm_2.weight", [h], "norms");
	}
	if (moe === null || !isMoeLayer(model, il)) {
		const ff = denseFfnWidth(model, il);
		if (ff === 0) return;
		if (gated && hasFusedQkv(model)) {
			// Phi-3/Phi-4: gate_up_proj stays fused as ffn_up [hidden, 2·ff]
			push("ffn_up.weight", [h, 2 * ff], "denseFfn");
			push("ffn_down.weight", [ff, h], "denseFfn");
			return;
		}
		if (gated) push("ffn_gate.weight", [h, ff], "denseFfn");
		push("ffn_up.weight", [h, ff], "denseFfn");
		push("ffn_down.weight", [ff, h], "denseFfn");
		return;
	}
	// router (kept F32 by convert_hf_to_gguf.py and never quantized: llama-quant.cpp skips ffn_gate_inp)
	push("ffn_gate_inp.weight", [h, moe.experts], "denseFfn");
	if (/^(deepseek_v3|deepseek_v4|glm4_moe|glm_moe_dsa|nemotron_h|ernie4_5_moe|kimi_linear|minimax_m3)/.test(model.modelType) || model.modelType === "kimi_k2") {
		// aux-loss-free routing bias (exp_probs_b; ERNIE 4.5: moe_statics.e_score_correction_bias, src/models/ernie4-5-moe.cpp;
		// Kimi-Linear: gate.e_score_correction_bias)
		push("exp_probs_b.bias", [moe.experts], "norms");
	}
	const eff = moe.expertIntermediateSize;
	// Nemotron 3 Super: experts work in a latent width, with one projection in and one out per layer
	const ew = moe.latentSize ?? h;
	if (moe.latentSize !== undefined) {
		push("ffn_latent_in.weight", [h, moe.latentSize], "denseFfn");
		push("ffn_latent_out.weight", [moe.latentSize, h], "denseFfn");
	}
	if (gated) push("ffn_gate_exps.weight", [ew, eff, moe.experts], "routedExperts");
	push("ffn_up_exps.weight", [ew, eff, moe.experts], "routedExperts");
	push("ffn_down_exps.weight", [eff, ew, moe.experts], "routedExperts");
	if (model.modelType === "gpt_oss") {
		if (gated) push("ffn_gate_exps.bias", [eff, moe.experts], "norms");
		push("ffn_up_exps.bias", [eff, moe.experts], "norms");
		push("ffn_down_exps.bias", [h, moe.experts], "norms");
		push("ffn_gate_inp.bias", [moe.experts], "norms");
	}
	const sharedFf = moe.sharedIntermediateSize ?? moe.sharedExperts * eff;
	if (sharedFf > 0) {
		if (gated) push("ffn_gate_shexp.weight", [h, sharedFf], "sharedExperts");
		push("ffn_up_shexp.weight", [h, sharedFf], "sharedExperts");
		push("ffn_down_shexp.weight", [sharedFf, h], "sharedExperts");
		if (model.modelType.startsWith("qwen2_moe") || model.modelType === "qwen3_next") {
			// Qwen2-MoE / Qwen3-Next gate the shared expert with a sigmoid of a [hidden] projection
			push("ffn_gate_inp_shexp.weight", [h], "sharedExperts");
		}
	}
}

function blockTensors(model: Model, il: number, out: ModelTensor[]): void {
	const h = model.hiddenSize;
	const push = (name: string, shape: number[], group: TensorGroup): void => {
		out.push({ name: `blk.${il}.${name}`, group, layer: il, shape });
	};
	push("attn_norm.weight", [h], "norms");
	const letter = blockLetter(model, il);
	if (letter !== null) {
		// Nemotron-H (src/models/nemotron-h.cpp): one norm, then a Mamba-2 mixer, attention or an FFN
		if (letter === "M") linearTensors(model, il, out);
		else if (letter === "*") attentionTensors(model, il, out);
		else ffnTensors(model, il, out);
		return;
	}
	// nextn blocks (il ≥ layers) are ordinary attention blocks
	const kind = il < model.layers ? layerAttentionKind(model, il) : "full";
	if (kind === "linear") linearTensors(model, il, out);
	else attentionTensors(model, il, out);
	if (hasSandwichNorms(model)) push("post_attention_norm.weight", [h], "norms");
	push("ffn_norm.weight", [h], "norms");
	ffnTensors(model, il, out);
	if (hasSandwichNorms(model)) push("post_ffw_norm.weight", [h], "norms");
	const ple = model.perLayerEmbedding;
	if (ple !== undefined && il < model.layers) {
		// Gemma 4 per-layer embedding: gate from the hidden state, project back, norm (gemma4.cpp load_arch_tensors)
		push("per_layer_inp_gate.weight", [h, ple.width], "denseFfn");
		push("per_layer_proj.weight", [ple.width, h], "denseFfn");
		push("per_layer_post_norm.weight", [h], "norms");
	}
	if (il >= model.layers) {
		// GLM-4.5 nextn block: eh_proj over [embedding; hidden] and its norms
		push("nextn.eh_proj.weight", [2 * h, h], "attention");
		push("nextn.enorm.weight", [h], "norms");
		push("nextn.hnorm.weight", [h], "norms");
		push("nextn.shared_head_norm.weight", [h], "norms");
	}
}

/** A model's parameter counts (countParams). */
export interface ParamCount {
	total: number;
	active: number;
	byGroup: Record<TensorGroup, number>;
}

/**
 * Where the parameter counts are memoized: the engine's per-catalog EngineCache
 * (src/engine/workspace.ts), one per model (a WeakMap: an entry lives as long as its model). Callers
 * without one (the Hub client, the catalog checks, the scripts: one count per model) compute afresh.
 */
export interface TensorMemo {
	readonly params: WeakMap<Model, ParamCount>;
}

/**
 * The text model as llama.cpp's GGUF holds it: token_embd, every block (incl. the nextn blocks a
 * converter keeps), output_norm and, unless tied, output. Built afresh: ~1,000 objects for a
 * 60-layer model, so what is kept per model is its table of repeated block layouts (tensorTable.ts)
 * and its parameter count.
 */
export function modelTensors(model: Model): ModelTensor[] {
	const h = model.hiddenSize;
	const out: ModelTensor[] = [{ name: "token_embd.weight", group: "embedding", layer: null, shape: [h, model.vocabSize] }];
	const ple = model.perLayerEmbedding;
	if (ple !== undefined) {
		// llama.cpp keeps both in the input layer (on the host): the table is looked up per token
		out.push({ name: "per_layer_token_embd.weight", group: "embedding", layer: null, shape: [ple.width * model.layers, ple.vocab] });
		out.push({ name: "per_layer_model_proj.weight", group: "embedding", layer: null, shape: [h, ple.width * model.layers] });
		out.push({ name: "per_layer_proj_norm.weight", group: "embedding", layer: null, shape: [ple.width] });
	}
	const blocks = ggufBlockCount(model);
	for (let il = 0; il < blocks; il++) blockTensors(model, il, out);
	out.push({ name: "output_norm.weight", group: "norms", layer: null, shape: [h] });
	const hc = model.attention.compressed?.hcMult;
	if (hc !== undefined) {
		// DeepSeek V4's head folds the hc residual copies into one (Transformer.hc_head_fn / base / scale)
		out.push({ name: "output_hc_fn", group: "norms", layer: null, shape: [hc * h, hc] });
		out.push({ name: "output_hc_base", group: "norms", layer: null, shape: [hc] });
		out.push({ name: "output_hc_scale", group: "norms", layer: null, shape: [1] });
	}
	if (!model.tiedEmbeddings) out.push({ name: "output.weight", group: "output", layer: null, shape: [h, model.vocabSize] });
	return out;
}

export function tensorElements(t: ModelTensor): number {
	let n = 1;
	for (const d of t.shape) n *= d;
	return n;
}

export function emptyGroups(): Record<TensorGroup, number> {
	return { embedding: 0, attention: 0, denseFfn: 0, routedExperts: 0, sharedExperts: 0, output: 0, norms: 0, linear: 0 };
}

/**
 * Parameters of one MTP block as the HF checkpoint stores it (DeepSeek V3 `model.layers.61`): a full MoE
 * decoder block plus enorm/hnorm/eh_proj, its own embed_tokens and shared_head (norm + head). That is
 * how DeepSeek-V3's 671B becomes "685B" on the Hub.
 */
function hfMtpBlockParams(model: Model): number {
	const block: ModelTensor[] = [];
	blockTensors(model, model.layers, block);
	let n = 0;
	for (const t of block) n += tensorElements(t);
	// Qwen3.5 (mtp_use_dedicated_embeddings: false) and MiMo-7B reuse the model's embeddings and head
	// (MiMo-7B-Base's safetensors count, 7,833,409,536 in the llmfit scrape, holds no second copy)
	if (/^(qwen3_5|mimo$)/.test(model.modelType)) return n;
	// nextn.shared_head_norm already counted above; add embed_tokens and shared_head.head
	return n + 2 * model.hiddenSize * model.vocabSize;
}

/**
 * Parameter count of the HF checkpoint from its text tensors' (`byGroup`, summing to `text`: every
 * tensor of modelTensors but the nextn blocks, counted by tensorTable.ts countParams): those, the MTP
 * blocks the GGUF drops (as HF counts them), and the vision/audio tower (`model.visionParams`), so it
 * compares with `model.totalParams` (within 3 %, checked by the catalog's consistency test).
 * `active` = text parameters touched per token: all of them minus the routed experts not selected
 * (DeepSeek-V3: 671B → 37B), excluding MTP and vision.
 */
export function paramsOfText(model: Model, byGroup: Record<TensorGroup, number>, text: number): ParamCount {
	const mtp = model.mtpLayers > 0 ? model.mtpLayers * hfMtpBlockParams(model) : 0;
	let inactive = 0;
	if (model.moe !== null && model.moe.experts > 0) {
		inactive = byGroup.routedExperts * (1 - Math.min(model.moe.activeExperts, model.moe.experts) / model.moe.experts);
	}
	return { total: text + mtp + model.visionParams, active: Math.round(text - inactive), byGroup };
}
