/**
 * Which ggml type each tensor gets in a GGUF "mix" (Q4_K_M, Q2_K, IQ3_M, MXFP4_MOE …).
 *
 * Re-expresses llama.cpp's `src/llama-quant.cpp` (ggml-org/llama.cpp @007dbbf, functions
 * `tensor_allows_quantization`, `llama_tensor_get_type_impl`, `tensor_type_fallback`,
 * `llama_ftype_get_default_type`) in our own terms: the default type of the file type, the per-category
 * bumps (output head → Q6_K, attn_v / ffn_down on `use_more_bits` layers → Q6_K for Q4_K_M, Q2_K's
 * Q3_K/Q4_K exceptions, the 8-expert and 70B tweaks), then the fallback when a row length is not a
 * multiple of the block (q4_K → q5_0, iq* → iq4_nl …). Tensors are visited in llama.cpp's order
 * (weights_map sorts by block index, then name), so the attn_v counter equals the attention-layer index.
 */
import type { Model } from "../catalog/schema.js";
import { type GgmlType, ggmlRowFits, GGML_TYPES } from "./ggml.js";
import { ggufBlockCount, type ModelTensor, tensorElements, TENSOR_GROUPS } from "./tensors.js";

/** llama.cpp file types (LLAMA_FTYPE_MOSTLY_*) the engine simulates. */
export const GGUF_FTYPES = [
	"F32",
	"F16",
	"BF16",
	"Q4_0",
	"Q4_1",
	"Q5_0",
	"Q5_1",
	"Q8_0",
	"Q2_K",
	"Q2_K_S",
	"Q3_K_S",
	"Q3_K_M",
	"Q3_K_L",
	"Q4_K_S",
	"Q4_K_M",
	"Q5_K_S",
	"Q5_K_M",
	"Q6_K",
	"IQ1_S",
	"IQ1_M",
	"IQ2_XXS",
	"IQ2_XS",
	"IQ2_S",
	"IQ2_M",
	"IQ3_XXS",
	"IQ3_XS",
	"IQ3_S",
	"IQ3_M",
	"IQ4_NL",
	"IQ4_XS",
	"TQ1_0",
	"TQ2_0",
	"MXFP4_MOE",
] as const;
export type GgufFtype = (typeof GGUF_FTYPES)[number];

/** A file type plus bartowski's "_L"/"_XL" convention: token_embd and output kept at Q8_0. */
export interface GgufMix {
	ftype: GgufFtype;
	embedOutputOverride: GgmlType | null;
}

const FTYPE_DEFAULT: Record<GgufFtype, GgmlType> = {
	F32: "f32",
	F16: "f16",
	BF16: "bf16",
	Q4_0: "q4_0",
	Q4_1: "q4_1",
	Q5_0: "q5_0",
	Q5_1: "q5_1",
	Q8_0: "q8_0",
	Q2_K: "q2_K",
	Q2_K_S: "q2_K",
	Q3_K_S: "q3_K",
	Q3_K_M: "q3_K",
	Q3_K_L: "q3_K",
	Q4_K_S: "q4_K",
	Q4_K_M: "q4_K",
	Q5_K_S: "q5_K",
	Q5_K_M: "q5_K",
	Q6_K: "q6_K",
	IQ1_S: "iq1_s",
	IQ1_M: "iq1_m",
	IQ2_XXS: "iq2_xxs",
	IQ2_XS: "iq2_xs",
	IQ2_S: "iq2_xs",
	IQ2_M: "iq2_s",
	IQ3_XXS: "iq3_xxs",
	IQ3_XS: "iq3_s",
	IQ3_S: "iq3_s",
	IQ3_M: "iq3_s",
	IQ4_NL: "iq4_nl",
	IQ4_XS: "iq4_xs",
	TQ1_0: "tq1_0",
	TQ2_0: "tq2_0",
	MXFP4_MOE: "mxfp4",
};

/** Resolve a quant id (catalog `Quant.id`, e.g. "Q4_K_M", "Q4_K_L", "MXFP4", "FP16") to a GGUF mix, or null. */
export function ggufMixFromQuantId(quantId: string): GgufMix | null {
	const id = quantId.toUpperCase().replace(/-/g, "_");
	const alias: Record<string, GgufFtype> = { FP16: "F16", FP32: "F32", MXFP4: "MXFP4_MOE", Q4_K: "Q4_K_M", Q5_K: "Q5_K_M", Q3_K: "Q3_K_M" };
	const direct = alias[id] ?? id;
	if ((GGUF_FTYPES as readonly string[]).includes(direct)) return { ftype: direct as GgufFtype, embedOutputOverride: null };
	// bartowski-style Q4_K_L / Q3_K_XL / Q2_K_L: the base mix with embeddings and output at Q8_0
	const m = /^(Q[2-6]_K)_X?L$/.exec(id);
	if (m?.[1] !== undefined) {
		// Q3_K_XL is Q3_K_L's mix with Q8_0 embed/output; Q2_K_L, Q4_K_L, Q5_K_L, Q6_K_L extend Q2_K, *_M, Q6_K
		const xl = id.endsWith("_XL");
		const base = m[1] === "Q6_K" || m[1] === "Q2_K" ? m[1] : xl ? `${m[1]}_L` : `${m[1]}_M`;
		if ((GGUF_FTYPES as readonly string[]).includes(base)) return { ftype: base as GgufFtype, embedOutputOverride: "q8_0" };
	}
	return null;
}

type Category = "tokenEmbd" | "output" | "attnQ" | "attnK" | "attnV" | "attnQkv" | "attnKvB" | "attnOutput" | "ffnUp" | "ffnGate" | "ffnDown" | "other";

/** tensor_get_category: substring tests in llama.cpp's order. */
function category(name: string): Category {
	if (name === "output.weight") return "output";
	if (name === "token_embd.weight" || name === "per_layer_token_embd.weight") return "tokenEmbd";
	if (name.includes("attn_qkv.weight")) return "attnQkv";
	if (name.includes("attn_kv_b.weight")) return "attnKvB";
	if (name.includes("attn_v.weight")) return "attnV";
	if (name.includes("attn_k.weight")) return "attnK";
	if (name.includes("attn_q.weight")) return "attnQ";
	if (name.includes("attn_output.weight")) return "attnOutput";
	if (name.includes("ffn_up")) return "ffnUp";
	if (name.includes("ffn_gate")) return "ffnGate";
	if (name.includes("ffn_down")) return "ffnDown";
	return "other";
}

const isAttnVLike = (c: Category): boolean => c === "attnV" || c === "attnQkv" || c === "attnKvB";

/** tensor_allows_quantization: 2-D+ weights, not norms, not the router, not conv1d. */
function quantizable(t: ModelTensor): boolean {
	if (t.shape.length < 2) return false;
	if (!t.name.endsWith("weight")) return false;
	if (t.name.includes("_norm.weight")) return false;
	if (t.name.includes("ffn_gate_inp")) return false;
	if (t.name.includes("ssm_conv1d")) return false;
	return true;
}

/** Type of a tensor the quantizer leaves alone: what convert_hf_to_gguf.py wrote (F32 for 1-D, router, conv). */
function sourceType(t: ModelTensor, floatType: GgmlType): GgmlType {
	if (t.shape.length < 2 || t.name.includes("ffn_gate_inp") || t.name.includes("ssm_conv1d") || !t.name.endsWith("weight")) return "f32";
	return floatType;
}

/** use_more_bits: the first and last eighth of the layers and every third in between. */
function useMoreBits(i: number, n: number): boolean {
	return i < Math.trunc(n / 8) || i >= Math.trunc((7 * n) / 8) || (i - Math.trunc(n / 8)) % 3 === 2;
}

/** tensor_type_fallback: a compatible type when ne0 is not a multiple of the block size. */
function fallback(type: GgmlType, ne0: number): GgmlType {
	if (ggmlRowFits(type, ne0)) return type;
	let next: GgmlType;
	switch (type) {
		case "iq1_s":
		case "iq1_m":
		case "iq2_xxs":
		case "iq2_xs":
		case "iq2_s":
		case "iq3_xxs":
		case "iq3_s":
		case "iq4_xs":
			next = "iq4_nl";
			break;
		case "q2_K":
		case "q3_K":
		case "tq1_0":
		case "tq2_0":
			next = "q4_0";
			break;
		case "q4_K":
			next = "q5_0";
			break;
		case "q5_K":
			next = "q5_1";
			break;
		case "q6_K":
			next = "q8_0";
			break;
		default:
			next = "f16";
	}
	return ggmlRowFits(next, ne0) ? next : "f16";
}

interface MixContext {
	ftype: GgufFtype;
	nGqa: number;
	nExpert: number;
	is70B: boolean;
	hasImatrix: boolean;
	tiedEmbeddings: boolean;
	nLayerAll: number;
	nAttnV: number;
}

const IQ_LOW: ReadonlySet<GgufFtype> = new Set<GgufFtype>(["IQ2_XXS", "IQ2_XS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M"]);
/** output head at Q5_K for these (llama_tensor_get_type_impl, the output.weight branch) */
const OUTPUT_Q5K_FTYPES: ReadonlySet<GgufFtype> = new Set<GgufFtype>(["IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M"]);
/** attn_output bumped to Q5_K for 8-expert models with these file types (same function) */
const ATTN_OUTPUT_8_EXPERT_BUMP: ReadonlySet<GgufFtype> = new Set<GgufFtype>([
	"Q2_K",
	"IQ3_XS",
	"IQ3_XXS",
	"Q3_K_S",
	"Q3_K_M",
	"IQ4_NL",
	"Q4_K_S",
	"Q4_K_M",
	"IQ3_S",
	"IQ3_M",
	"IQ4_XS",
]);

/**
 * llama_tensor_get_type_impl, re-expressed. `iAttnV` is the attn_v-like counter before this tensor;
 * `layer` its block (0 outside the blocks), `ne0` / `ne2` its first and third dimension.
 */
function mixedType(ctx: MixContext, cat: Category, iAttnV: number, base: GgmlType, layer: number, ne0: number, ne2: number): GgmlType {
	const f = ctx.ftype;
	if (cat === "output" || (ctx.tiedEmbeddings && cat === "tokenEmbd")) {
		if (f === "MXFP4_MOE") return "q8_0";
		if (!ggmlRowFits(base, ne0)) return "q8_0";
		if (OUTPUT_Q5K_FTYPES.has(f)) return "q5_K";
		return base === "q8_0" ? base : "q6_K";
	}
	if (f === "MXFP4_MOE") return ne2 > 1 ? "mxfp4" : "q8_0";
	if (cat === "tokenEmbd") {
		if (f === "IQ2_XXS" || f === "IQ2_XS" || f === "IQ1_S" || f === "IQ1_M") return "q2_K";
		if (f === "IQ2_S" || f === "IQ2_M" || f === "IQ3_XXS") return "iq3_s";
		if (f === "TQ1_0" || f === "TQ2_0") return "q4_K";
		return base;
	}
	const nLayer = ctx.nLayerAll;
	if (IQ_LOW.has(f)) {
		if (isAttnVLike(cat)) {
			if (ctx.nGqa >= 4 || ctx.nExpert >= 4) return "q4_K";
			return f === "IQ2_S" || f === "IQ2_M" ? "iq3_s" : "q2_K";
		}
		if (ctx.nExpert === 8 && cat === "attnK") return "q4_K";
		if (cat === "ffnDown") {
			if (layer < Math.trunc(nLayer / 8)) return f === "IQ2_S" || f === "IQ2_M" ? "iq3_s" : "q2_K";
			return base;
		}
		if (cat === "attnOutput") {
			if (ctx.nExpert === 8) return "q5_K";
			if (f === "IQ1_S" || f === "IQ1_M") return "iq2_xxs";
			if (f === "IQ2_S" || f === "IQ2_M") return "iq3_s";
		}
		return base;
	}
	if (isAttnVLike(cat)) {
		let type = base;
		if (f === "Q2_K") type = ctx.nGqa >= 4 ? "q4_K" : "q3_K";
		else if (f === "Q2_K_S" && ctx.nGqa >= 4) type = "q4_K";
		else if (f === "IQ3_XXS") type = ctx.nGqa >= 4 ? "q4_K" : !ctx.hasImatrix ? "iq3_s" : "iq3_xxs";
		else if ((f === "IQ3_XS" || f === "IQ3_S") && ctx.nGqa >= 4) type = "q4_K";
		else if (f === "IQ3_M") type = "q4_K";
		else if (f === "Q3_K_M") type = iAttnV < 2 ? "q5_K" : "q4_K";
		else if (f === "Q3_K_L") type = "q5_K";
		else if ((f === "IQ4_NL" || f === "IQ4_XS") && ctx.nGqa >= 4) type = "q5_K";
		else if ((f === "Q4_K_M" || f === "Q5_K_M") && useMoreBits(iAttnV, ctx.nAttnV)) type = "q6_K";
		else if (f === "Q4_K_S" && iAttnV < 4) type = "q5_K";
		// 70B: attn_v is 8× smaller than attn_q, so more bits cost little
		if (ctx.is70B && (type === "q3_K" || type === "q4_K")) type = "q5_K";
		if (ctx.nExpert === 8) type = "q8_0";
		return type;
	}
	if (cat === "attnK") {
		if (ctx.nExpert === 8) return "q8_0";
		if (f === "IQ3_XS") return "iq3_xxs";
		if (f === "IQ3_XXS") return "iq2_s";
		return base;
	}
	if (cat === "attnQ") {
		if (f === "IQ3_XS") return "iq3_xxs";
		if (f === "IQ3_XXS") return "iq2_s";
		return base;
	}
	if (cat === "ffnDown") {
		if (f === "Q2_K") return "q3_K";
		if (f === "Q2_K_S") return layer < Math.trunc(nLayer / 8) ? "q4_K" : base;
		if (f === "IQ3_XXS" && !ctx.hasImatrix) return layer < Math.trunc(nLayer / 8) ? "q4_K" : "q3_K";
		if (f === "Q3_K_M") return layer < Math.trunc(nLayer / 16) ? "q5_K" : "q4_K";
		if (f === "IQ3_M" && (layer < Math.trunc(nLayer / 8) || (ctx.nExpert === 8 && useMoreBits(layer, nLayer)))) return "q4_K";
		if (f === "Q3_K_L") return "q5_K";
		if (f === "Q4_K_M") return useMoreBits(layer, nLayer) ? "q6_K" : base;
		if (layer < Math.trunc(nLayer / 8) && (f === "IQ4_NL" || f === "IQ4_XS") && !ctx.hasImatrix) return "q5_K";
		if (f === "Q5_K_M") return useMoreBits(layer, nLayer) ? "q6_K" : base;
		if (f === "Q4_K_S" && layer < Math.trunc(nLayer / 8)) return "q5_K";
		if ((f === "Q4_0" || f === "Q5_0") && ctx.hasImatrix && layer < Math.trunc(nLayer / 8)) return f === "Q4_0" ? "q4_1" : "q5_1";
		return base;
	}
	if (cat === "attnOutput") {
		if (ctx.nExpert === 8) {
			return ATTN_OUTPUT_8_EXPERT_BUMP.has(f) ? "q5_K" : base;
		}
		if (f === "Q2_K") return "q3_K";
		if (f === "IQ3_XXS") return "iq3_s";
		if (f === "Q3_K_M") return "q4_K";
		if (f === "Q3_K_L") return "q5_K";
		if (f === "IQ3_M") return "q4_K";
		return base;
	}
	if (cat === "attnQkv") {
		if (f === "Q3_K_M" || f === "Q3_K_L" || f === "IQ3_M") return "q4_K";
		if (f === "Q4_K_M") return "q5_K";
		if (f === "Q5_K_M") return "q6_K";
		return base;
	}
	if ((cat === "ffnGate" || cat === "ffnUp") && f === "IQ3_XS" && layer >= Math.trunc(nLayer / 8) && layer < Math.trunc((7 * nLayer) / 8)) {
		return "iq3_xxs";
	}
	return base;
}

/** llama.cpp's LLM_TYPE_70B: 80 blocks with grouped-query attention (Llama 2/3 70B, Qwen2 72B); 65B (MHA) is not. */
function isLlamaType70B(model: Model): boolean {
	return model.layers === 80 && model.attention.kvHeads < model.attention.heads && /^(llama|qwen2|mistral)$/.test(model.modelType);
}

/**
 * IQ mixes are made with an importance matrix in practice (IQ1/IQ2 cannot be made without one, and
 * bartowski/unsloth ship all IQ files with one); llama-quant.cpp then skips the Q5_K bump of the first
 * ffn_down eighth for IQ4_XS/IQ4_NL. Fitted on bartowski Llama-3.1-8B IQ4_XS, GLM-Z1-32B and
 * Qwen3-30B-A3B IQ4_XS rows (+0.6…0.9 % without it).
 */
export function mixUsesImatrix(mix: GgufMix): boolean {
	return mix.ftype.startsWith("IQ");
}

/**
 * What the mix rules read of each tensor that does not depend on the mix: category, whether the
 * quantizer touches it, whether its source type is F32, ne0 and the expert count — plus the element
 * count and group index weights.ts sums bytes with. Computed once per run of a model's tensor table
 * (tensorTable.ts, memoized per model) so preparing another quant of the same model is one pass over
 * flat arrays, without string tests or a new object per tensor.
 */
export interface TensorStatics {
	categories: Category[];
	quantizable: Uint8Array;
	/** 1 when sourceType() is F32 (1-D, router, conv1d, non-weight) */
	sourceF32: Uint8Array;
	ne0: Float64Array;
	/** shape[2] ?? 1: stacked experts when > 1 */
	ne2: Float64Array;
	/** tensorElements() of each tensor (weights.ts: bytes per tensor) */
	elements: Float64Array;
	/** index of the tensor's group in TENSOR_GROUPS (weights.ts: per-group sums) */
	group: Uint8Array;
	/** attn_v-like tensors among them */
	nAttnV: number;
	/** none of them is output.weight */
	tiedEmbeddings: boolean;
}

export function staticsOf(tensors: readonly ModelTensor[]): TensorStatics {
	const n = tensors.length;
	const categories = new Array<Category>(n);
	const quantizableFlags = new Uint8Array(n);
	const sourceF32 = new Uint8Array(n);
	const ne0 = new Float64Array(n);
	const ne2 = new Float64Array(n);
	const elements = new Float64Array(n);
	const group = new Uint8Array(n);
	let nAttnV = 0;
	let tiedEmbeddings = true;
	for (let i = 0; i < n; i++) {
		const t = tensors[i] as ModelTensor;
		const cat = category(t.name);
		categories[i] = cat;
		if (isAttnVLike(cat)) nAttnV++;
		if (t.name === "output.weight") tiedEmbeddings = false;
		quantizableFlags[i] = quantizable(t) ? 1 : 0;
		sourceF32[i] = sourceType(t, "f16") === "f32" ? 1 : 0;
		ne0[i] = t.shape[0] ?? 1;
		ne2[i] = t.shape[2] ?? 1;
		elements[i] = tensorElements(t);
		group[i] = TENSOR_GROUPS.indexOf(t.group);
	}
	return { categories, quantizable: quantizableFlags, sourceF32, ne0, ne2, elements, group, nAttnV, tiedEmbeddings };
}

const ROUTED_EXPERTS = TENSOR_GROUPS.indexOf("routedExperts");

/**
 * The ggml type of each tensor of a model under `mix`, asked in the tensor list's order (the attn_v
 * counter runs along it): one per weights computation, over the model's tensor table (tensorTable.ts)
 * or any list with its statics.
 */
export class GgufTyper {
	private readonly ctx: MixContext;
	private readonly base: GgmlType;
	private readonly isQuantized: boolean;
	private readonly floatType: GgmlType;
	private readonly override: GgmlType | null;
	/**
	 * Models released with MXFP4 experts (gpt-oss) keep them in MXFP4 in every published GGUF:
	 * convert_hf_to_gguf.py repacks them as MXFP4 and the "Q8_0"/"F16" files keep them, so the
	 * 120B "Q8_0" file is 63.4 GB like the MXFP4 one (llmfit PR #1059, citing the released GGUFs).
	 */
	private readonly keepMxfp4Experts: boolean;
	private iAttnV = 0;

	/** `nAttnV` / `tiedEmbeddings`: of the whole list (TensorTable, or staticsOf the list) */
	constructor(model: Model, mix: GgufMix, nAttnV: number, tiedEmbeddings: boolean, hasImatrix = mixUsesImatrix(mix)) {
		this.base = FTYPE_DEFAULT[mix.ftype];
		this.isQuantized = GGML_TYPES[this.base].blockSize > 1;
		this.floatType = mix.ftype === "BF16" ? "bf16" : mix.ftype === "F32" ? "f32" : "f16";
		this.override = mix.embedOutputOverride;
		this.keepMxfp4Experts = model.nativeDtype === "mxfp4";
		this.ctx = {
			ftype: mix.ftype,
			nGqa: model.attention.heads / model.attention.kvHeads,
			nExpert: model.moe?.experts ?? 0,
			is70B: isLlamaType70B(model),
			hasImatrix,
			tiedEmbeddings,
			nLayerAll: ggufBlockCount(model),
			nAttnV,
		};
	}

	/** Type of tensor `i` of a run with statics `st`, in block `layer` (null: outside the blocks); the next tensor in list order. */
	typeOf(st: TensorStatics, i: number, layer: number | null): GgmlType {
		if (this.keepMxfp4Experts && st.group[i] === ROUTED_EXPERTS && (st.ne2[i] ?? 1) > 1) return "mxfp4";
		if (st.quantizable[i] !== 1) return st.sourceF32[i] === 1 ? "f32" : this.floatType;
		const cat = st.categories[i] as Category;
		let type: GgmlType;
		if (this.override !== null && (cat === "tokenEmbd" || cat === "output")) type = this.override;
		else if (!this.isQuantized) type = this.base;
		else type = fallback(mixedType(this.ctx, cat, this.iAttnV, this.base, layer ?? 0, st.ne0[i] ?? 1, st.ne2[i] ?? 1), st.ne0[i] ?? 1);
		if (this.isQuantized && isAttnVLike(cat)) this.iAttnV++;
		return type;
	}
}
