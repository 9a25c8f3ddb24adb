/**
 * config.json (transformers' PretrainedConfig as saved on the Hub) → the architecture fields of a
 * catalog Model. Field names and defaults follow the transformers `configuration_<type>.py` of each
 * family (llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, qwen3_next, gemma2, gemma3,
 * phi3, deepseek_v2/v3, glm4, glm4_moe, gpt_oss, granite, granitemoehybrid, olmo2, llama4, lfm2,
 * lfm2_moe, kimi_linear, …). Whatever the config
 * leaves out and we fill in is listed in `assumed`, in words the answer can show.
 */
import { z } from "zod";
import type { LayerType, Model } from "../catalog/schema.js";
import { HubError } from "./errors.js";

export type ConfigFacts = Pick<
	Model,
	| "architecture"
	| "modelType"
	| "layers"
	| "mtpLayers"
	| "hiddenSize"
	| "vocabSize"
	| "tiedEmbeddings"
	| "contextLength"
	| "nativeDtype"
	| "attention"
	| "ffn"
	| "moe"
	| "blockPattern"
	| "perLayerEmbedding"
>;

export interface ConfigMapping {
	facts: ConfigFacts;
	assumed: string[];
}

/** The outer shape we rely on; every field is read through the typed getters below. */
export const HubConfigSchema = z.looseObject({
	model_type: z.string().optional(),
	architectures: z.array(z.string()).nullish(),
});
export type HubConfig = z.infer<typeof HubConfigSchema>;

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

function int(cfg: Record<string, unknown>, ...keys: string[]): number | undefined {
	for (const key of keys) {
		const parsed = positiveInt.safeParse(cfg[key]);
		if (parsed.success) return parsed.data;
	}
	return undefined;
}

function intOrZero(cfg: Record<string, unknown>, ...keys: string[]): number | undefined {
	for (const key of keys) {
		const parsed = nonNegativeInt.safeParse(cfg[key]);
		if (parsed.success) return parsed.data;
	}
	return undefined;
}

/**
 * A count that some configs give per layer (Hunyuan-A13B: `moe_topk: [8, 8, …]`, `num_shared_expert: [1, …]`):
 * the value when it is one number or a list of one repeated number, else undefined.
 */
function uniformInt(cfg: Record<string, unknown>, allowZero: boolean, ...keys: string[]): number | undefined {
	const one = allowZero ? nonNegativeInt : positiveInt;
	for (const key of keys) {
		const single = one.safeParse(cfg[key]);
		if (single.success) return single.data;
		const list = z.array(one).min(1).safeParse(cfg[key]);
		if (list.success) {
			const first = list.data[0] as number;
			if (list.data.every((v) => v === first)) return first;
			throw new HubError("unsupported_architecture", `config.json gives ${key} per layer with different values, which canirun cannot size yet.`);
		}
	}
	return undefined;
}

function bool(cfg: Record<string, unknown>, key: string): boolean | undefined {
	const parsed = z.boolean().safeParse(cfg[key]);
	return parsed.success ? parsed.data : undefined;
}

function str(cfg: Record<string, unknown>, key: string): string | undefined {
	const parsed = z.string().safeParse(cfg[key]);
	return parsed.success ? parsed.data : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
	const parsed = z.record(z.string(), z.unknown()).safeParse(value);
	return parsed.success ? parsed.data : undefined;
}

/** Families whose MLP is up/down with no gate (GPT-2 style). */
const PLAIN_MLP_TYPES = new Set([
	"nemotron_h", // relu2 MLPs and experts: up and down only (modeling_nemotron_h.py NemotronHMLP)
	"gpt2",
	"gpt_neox",
	"gptj",
	"phi",
	"falcon",
	"starcoder2",
	"gpt_bigcode",
	"bloom",
	"opt",
	"mpt",
	"codegen",
]);
/** Families whose config class defaults tie_word_embeddings to True (PretrainedConfig default kept). */
const TIED_BY_DEFAULT_TYPES = new Set([
	"gemma",
	"gemma2",
	"gemma3",
	"gemma3_text",
	"gemma3n",
	"gemma3n_text",
	"gemma4",
	"gemma4_text",
	"lfm2", // configuration_lfm2.py: tie_word_embeddings=True
	"lfm2_moe",
	"gpt2",
	"gpt_bigcode",
	"bloom",
	"opt",
	"falcon",
]);
/** Families that put biases on q/k/v without an attention_bias key (modeling_qwen2.py: bias=True). */
const QKV_BIAS_TYPES = new Set(["qwen2", "qwen2_moe", "qwen2_vl", "qwen2_5_vl", "qwen2_audio"]);
/** Every family this module maps field by field; others are tried generically and say so. */
const KNOWN_TYPES = new Set([
	"llama",
	"mistral",
	"mixtral",
	"ministral",
	"ministral3",
	"mistral4",
	"qwen2",
	"qwen2_moe",
	"qwen3",
	"qwen3_moe",
	"qwen3_next",
	"gemma",
	"gemma2",
	"gemma3",
	"gemma3_text",
	"phi3",
	"phimoe",
	"deepseek_v2",
	"deepseek_v3",
	"glm4",
	"glm4_moe",
	"gpt_oss",
	"granite",
	"granitemoe",
	"olmo2",
	"olmo3",
	"olmo",
	"olmoe",
	"llama4",
	"llama4_text",
	"cohere",
	"cohere2",
	"exaone",
	"internlm2",
	"minimax",
	"smollm3",
	"hunyuan_v1_dense",
	"hunyuan_v1_moe",
	"exaone4",
	"ernie4_5",
	"ernie4_5_moe",
	"seed_oss",
	"apertus",
	"arcee",
	"qwen2_vl",
	"qwen2_5_vl",
	"qwen3_vl",
	"qwen3_vl_moe",
	"mistral3",
	"glm4v",
	"stablelm",
	"starcoder2",
	"phi",
	"gpt2",
	"gpt_neox",
	"falcon",
	"nemotron",
	"kimi_k2",
	"dots1",
	"bailing_moe",
	"minimax_m2",
	"qwen3_5",
	"qwen3_5_text",
	"qwen3_5_moe",
	"qwen3_5_moe_text",
	"qwen3_vl_text",
	"qwen3_vl_moe_text",
	"gemma4",
	"gemma4_text",
	"mimo",
	"deepseek_v4",
	"minimax_m3",
	"glm4_moe_lite",
	"glm_moe_dsa",
	"deepseek_v32",
	"nemotron_h",
	"granitemoehybrid",
	"lfm2",
	"lfm2_moe",
	"kimi_linear",
	...PLAIN_MLP_TYPES,
]);
/** Not decoder LMs, or state-space models with no attention at all: nothing for the KV engine to size. */
const UNSUPPORTED_TYPES = new Set([
	"bert",
	"roberta",
	"xlm-roberta",
	"deberta",
	"deberta-v2",
	"distilbert",
	"electra",
	"albert",
	"t5",
	"mt5",
	"umt5",
	"bart",
	"mbart",
	"pegasus",
	"marian",
	"whisper",
	"wav2vec2",
	"clip",
	"siglip",
	"vit",
	"mamba",
	"mamba2",
	"falcon_mamba",
	"rwkv",
	"rwkv5",
	"rwkv6",
	"rwkv7",
	"xlstm",
]);
/** Architectures (HF class names) that generate text: a causal LM or a VLM wrapping one. */
const GENERATIVE_ARCH = /(CausalLM|LMHeadModel|ForConditionalGeneration)$|^ChatGLMModel$/;

const DTYPES: Record<string, Model["nativeDtype"]> = {
	bfloat16: "bf16",
	bf16: "bf16",
	float16: "fp16",
	fp16: "fp16",
	half: "fp16",
	float32: "fp32",
	fp32: "fp32",
	float: "fp32",
};

/** Multimodal configs keep the language model in a sub-config (transformers `get_text_config()`). */
function textConfigOf(cfg: Record<string, unknown>): Record<string, unknown> {
	for (const key of ["text_config", "llm_config", "language_config", "thinker_config"]) {
		const sub = record(cfg[key]);
		if (sub && (int(sub, "num_hidden_layers", "n_layer", "num_layers") !== undefined || record(sub["text_config"]))) {
			return { ...cfg, ...textConfigOf(sub) };
		}
	}
	return cfg;
}

function mapLayerType(name: string): LayerType | null {
	switch (name) {
		case "full_attention":
		case "attention":
		case "global":
			return "full";
		case "sliding_attention":
		case "chunked_attention": // Llama 4: llama.cpp sizes chunked layers like SWA with the chunk as window
		case "local":
			return "sliding";
		case "linear_attention":
		case "mamba":
		case "mamba2":
			return "linear";
		case "conv": // LFM2 short-conv layers: a small fixed conv state (attention.linear kind shortconv), no KV
			return "linear";
		case "mlp":
			return "none";
		default:
			return null;
	}
}

/**
 * compressed-tensors INT4 as Kimi K2.5 ships it (its config.json quantization_config): one config group of
 * symmetric int weights, 4 bits, group 32, pack-quantized. Other compressed-tensors schemes (FP8, NVFP4,
 * W4A16 at group 128) are not this release format.
 */
function isInt4Group32(quant: Record<string, unknown>): boolean {
	const groups = record(quant["config_groups"]);
	if (groups === undefined) return false;
	return Object.values(groups).some((g) => {
		const w = record(record(g)?.["weights"]);
		return w !== undefined && w["num_bits"] === 4 && w["type"] === "int" && w["group_size"] === 32 && w["symmetric"] === true;
	});
}

function dtypeOf(cfg: Record<string, unknown>, assumed: string[]): Model["nativeDtype"] {
	const quant = record(cfg["quantization_config"]);
	const method = quant ? str(quant, "quant_method")?.toLowerCase() : undefined;
	// DeepSeek V4: FP8 checkpoint whose routed experts are FP4 (expert_dtype, inference/model.py MoE)
	if (method === "fp8" && str(cfg, "expert_dtype") === "fp4") return "fp4";
	if (method === "fp8") return "fp8";
	if (method === "mxfp4") return "mxfp4";
	if (method === "compressed-tensors" && quant !== undefined && isInt4Group32(quant)) return "int4";
	const raw = str(cfg, "torch_dtype") ?? str(cfg, "dtype");
	const mapped = raw ? DTYPES[raw.toLowerCase()] : undefined;
	if (method) assumed.push(`the checkpoint is ${method}-quantized; its native dtype is taken as ${mapped ?? "bf16"}`);
	if (mapped) return mapped;
	assumed.push("native dtype = bf16 (config has no torch_dtype)");
	return "bf16";
}

function layerTypesOf(cfg: Record<string, unknown>, modelType: string, layers: number, slidingWindow: number | null, assumed: string[]): LayerType[] | null {
	// Nemotron-H: hybrid_override_pattern, one letter per block (M Mamba-2, * attention, E MoE, - MLP)
	const hybrid = blockPatternOf(cfg, layers);
	if (hybrid !== undefined) return Array.from(hybrid, (c) => (c === "M" ? "linear" : c === "*" ? "full" : "none"));
	// MiMo-V2-Flash: hybrid_layer_pattern lists 1 for a sliding-window layer, 0 for full attention
	const hybridList = z.array(z.union([z.literal(0), z.literal(1)])).safeParse(cfg["hybrid_layer_pattern"]);
	if (hybridList.success && hybridList.data.length === layers) return hybridList.data.map((x) => (x === 1 ? "sliding" : "full"));
	// Kimi-Linear: linear_attn_config lists the 1-based KDA and full-attention (MLA) layers
	const kimi = kimiLayerTypes(cfg, layers);
	if (kimi !== undefined) return kimi;
	// the first LFM2 checkpoints list the attention layers (full_attn_idxs, 0-based); the rest are short convs
	const attnIdxs = z.array(nonNegativeInt).safeParse(cfg["full_attn_idxs"]);
	if (modelType.startsWith("lfm2") && attnIdxs.success && z.array(z.string()).safeParse(cfg["layer_types"]).success !== true) {
		if (attnIdxs.data.some((i) => i >= layers)) throw new HubError("unsupported_architecture", `full_attn_idxs names a layer past the ${layers} layers.`);
		const attn = new Set(attnIdxs.data);
		return Array.from({ length: layers }, (_, i) => (attn.has(i) ? "full" : "linear"));
	}
	const listed = z.array(z.string()).safeParse(cfg["layer_types"]);
	if (listed.success && listed.data.length > 0) {
		const mapped = listed.data.slice(0, layers).map(mapLayerType);
		if (mapped.length !== layers || mapped.some((t) => t === null)) {
			const unknown = listed.data.find((t) => mapLayerType(t) === null);
			throw new HubError(
				"unsupported_architecture",
				unknown !== undefined
					? `This model has "${unknown.slice(0, 40)}" layers, which canirun cannot size yet.`
					: `config.json lists ${listed.data.length} layer_types for ${layers} layers.`,
			);
		}
		const types = mapped as LayerType[];
		return types.every((t) => t === "full") ? null : types;
	}
	// Qwen3-Next: every full_attention_interval-th layer is full attention, the rest Gated DeltaNet
	const interval = int(cfg, "full_attention_interval");
	if (interval !== undefined) {
		return Array.from({ length: layers }, (_, i) => ((i + 1) % interval === 0 ? "full" : "linear"));
	}
	if (slidingWindow === null) return null;
	// configuration_gemma2.py: layer i is sliding iff i % 2 == 0; gemma3 / cohere2: every
	// sliding_window_pattern-th layer is global (gemma3 default 6, cohere2 4)
	const patternDefault = modelType === "gemma2" ? 2 : modelType.startsWith("gemma3") ? 6 : modelType === "cohere2" ? 4 : null;
	// EXAONE 4 (configuration_exaone4.py) spells the pattern as letters, "LLLG": L local (sliding), G global,
	// repeated over the layers — the 32B's 3 sliding layers per global one (llama.cpp src/llama-model.cpp
	// LLM_ARCH_EXAONE4: n_swa 4096, set_swa_pattern(4))
	const letters = str(cfg, "sliding_window_pattern");
	if (letters !== undefined && /^[LG]+$/.test(letters) && letters.includes("G")) {
		return Array.from({ length: layers }, (_, i) => (letters[i % letters.length] === "G" ? "full" : "sliding"));
	}
	const pattern = int(cfg, "sliding_window_pattern") ?? patternDefault;
	if (pattern !== null) {
		if (int(cfg, "sliding_window_pattern") === undefined) {
			assumed.push(`every ${pattern}th layer is global attention, the others use the ${slidingWindow}-token window (${modelType} default)`);
		}
		return Array.from({ length: layers }, (_, i) => ((i + 1) % pattern === 0 ? "full" : "sliding"));
	}
	// Qwen2-style: use_sliding_window with max_window_layers (layers from that index on slide)
	const maxWindowLayers = intOrZero(cfg, "max_window_layers");
	if (bool(cfg, "use_sliding_window") === true && maxWindowLayers !== undefined && maxWindowLayers < layers) {
		return Array.from({ length: layers }, (_, i) => (i >= maxWindowLayers ? "sliding" : "full"));
	}
	// Mistral-style: sliding_window applies to every layer
	assumed.push(`every layer uses the ${slidingWindow}-token sliding window (config has sliding_window and no layer pattern)`);
	return Array.from({ length: layers }, () => "sliding");
}

/**
 * Kimi-Linear's linear_attn_config: kda_layers and full_attn_layers are 1-based (configuration_kimi.py
 * is_kda_layer: (layer_idx + 1) in kda_layers); llama.cpp marks the KDA layers recurrent and gives the
 * others the MLA cache (src/models/kimi-linear.cpp load_arch_hparams).
 */
function kimiLayerTypes(cfg: Record<string, unknown>, layers: number): LayerType[] | undefined {
	const lac = record(cfg["linear_attn_config"]);
	if (lac === undefined) return undefined;
	const kda = z.array(positiveInt).safeParse(lac["kda_layers"]);
	const full = z.array(positiveInt).safeParse(lac["full_attn_layers"]);
	if (!kda.success && !full.success) return undefined;
	const kdaSet = new Set(kda.success ? kda.data : []);
	const fullSet = new Set(full.success ? full.data : []);
	const types: LayerType[] = [];
	for (let i = 1; i <= layers; i++) {
		// a layer neither list names: the one the other list leaves (configs may carry only one of the two)
		const isKda = kda.success ? kdaSet.has(i) : !fullSet.has(i);
		if (kda.success && full.success && isKda === fullSet.has(i)) {
			throw new HubError("unsupported_architecture", `linear_attn_config names layer ${i} as both or neither KDA and full attention.`);
		}
		types.push(isKda ? "linear" : "full");
	}
	return types;
}

/** Newer Nemotron-H configs list the blocks by name (layers_block_type) instead of a pattern string. */
const BLOCK_LETTERS: Record<string, string> = { mamba: "M", attention: "*", moe: "E", mlp: "-" };

function blockPatternOf(cfg: Record<string, unknown>, layers: number): string | undefined {
	const listed = z.array(z.string()).safeParse(cfg["layers_block_type"]);
	const pattern = str(cfg, "hybrid_override_pattern") ?? (listed.success ? listed.data.map((b) => BLOCK_LETTERS[b] ?? "?").join("") : undefined);
	if (pattern === undefined) return undefined;
	if (pattern.length !== layers || !/^[M*E-]+$/.test(pattern)) {
		throw new HubError("unsupported_architecture", `hybrid_override_pattern has ${pattern.length} blocks of kinds canirun cannot read for ${layers} layers.`);
	}
	return pattern;
}

function slidingWindowOf(cfg: Record<string, unknown>): number | null {
	// Qwen2/Qwen3 ship sliding_window with use_sliding_window: false (window disabled)
	if (bool(cfg, "use_sliding_window") === false) return null;
	return int(cfg, "sliding_window", "attention_chunk_size") ?? null;
}

function linearOf(cfg: Record<string, unknown>, layerTypes: LayerType[] | null, modelType: string, hiddenSize: number): Model["attention"]["linear"] {
	if (!layerTypes?.includes("linear")) return null;
	// LFM2: gated short convolution over hidden_size channels (conv_dim), conv_L_cache taps
	if (modelType.startsWith("lfm2")) {
		const taps = int(cfg, "conv_L_cache");
		if (taps === undefined) throw new HubError("unsupported_architecture", `${modelType}: short-conv layers without conv_L_cache.`);
		const channels = int(cfg, "conv_dim") ?? hiddenSize;
		return { kind: "shortconv", convKernel: taps, numKeyHeads: 1, numValueHeads: 1, keyHeadDim: channels, valueHeadDim: channels };
	}
	// Kimi-Linear KDA: num_heads × head_dim for q, k and v alike, short_conv_kernel_size taps
	const lac = record(cfg["linear_attn_config"]);
	if (lac !== undefined) {
		const heads = int(lac, "num_heads");
		const dim = int(lac, "head_dim");
		const taps = intOrZero(lac, "short_conv_kernel_size");
		if (!heads || !dim || taps === undefined)
			throw new HubError("unsupported_architecture", `${modelType}: KDA layers without num_heads, head_dim or short_conv_kernel_size.`);
		return { kind: "kda", convKernel: taps, numKeyHeads: heads, numValueHeads: heads, keyHeadDim: dim, valueHeadDim: dim };
	}
	const kernel = intOrZero(cfg, "linear_conv_kernel_dim");
	const nk = int(cfg, "linear_num_key_heads");
	const nv = int(cfg, "linear_num_value_heads");
	const dk = int(cfg, "linear_key_head_dim");
	const dv = int(cfg, "linear_value_head_dim");
	if (kernel !== undefined && nk && nv && dk && dv) {
		return { kind: "gated_deltanet", convKernel: kernel, numKeyHeads: nk, numValueHeads: nv, keyHeadDim: dk, valueHeadDim: dv };
	}
	// Mamba2 hybrids (granitemoehybrid, falcon_h1, nemotron_h): mamba_* fields
	const heads = int(cfg, "mamba_n_heads", "mamba_num_heads");
	const groups = int(cfg, "mamba_n_groups", "n_groups");
	const state = int(cfg, "mamba_d_state", "ssm_state_size");
	// granitemoehybrid allows mamba_d_head "auto": mamba_expand × hidden_size / mamba_n_heads
	const expand = int(cfg, "mamba_expand");
	const headDim = int(cfg, "mamba_d_head", "mamba_head_dim") ?? (heads && expand ? Math.floor((expand * hiddenSize) / heads) : undefined);
	const conv = intOrZero(cfg, "mamba_d_conv", "conv_kernel");
	if (heads && groups && state && headDim && conv !== undefined) {
		return { kind: "mamba2", convKernel: conv, numKeyHeads: groups, numValueHeads: heads, keyHeadDim: state, valueHeadDim: headDim };
	}
	throw new HubError("unsupported_architecture", `${modelType} has recurrent layers whose state canirun cannot size from its config.`);
}

/**
 * LFM2's dense MLP width (transformers modeling_lfm2.py Lfm2MLP): with block_auto_adjust_ff_dim (the
 * config default) the stated width becomes int(2/3 · ff), times block_ffn_dim_multiplier (default 1.0),
 * rounded up to block_multiple_of (default 256): LFM2-1.2B's 12288 → 8192. Checked exactly against the
 * safetensors counts of LFM2-350M/700M/1.2B in the catalog tests.
 */
function lfm2FeedForward(cfg: Record<string, unknown>, stated: number, assumed: string[]): number {
	const adjust = bool(cfg, "block_auto_adjust_ff_dim");
	if (adjust === undefined) assumed.push("block_auto_adjust_ff_dim = true (the LFM2 default): the MLP is 2/3 of the stated width");
	if (adjust === false) return stated;
	let ff = Math.trunc((2 * stated) / 3);
	const multiplier = z.number().positive().safeParse(cfg["block_ffn_dim_multiplier"]);
	if (multiplier.success) ff = Math.trunc(multiplier.data * ff);
	const multipleOf = int(cfg, "block_multiple_of") ?? 256;
	return multipleOf * Math.ceil(ff / multipleOf);
}

function moeOf(cfg: Record<string, unknown>, modelType: string, assumed: string[]): Model["moe"] {
	const experts = int(cfg, "num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts");
	if (!experts || experts < 2) return null;
	// ERNIE 4.5 (configuration_ernie4_5_moe.py) names the routed count moe_k; Hunyuan-A13B lists moe_topk per layer;
	// Kimi-Linear spells it num_experts_per_token
	const activeExperts = uniformInt(
		cfg,
		false,
		"num_experts_per_tok",
		"num_experts_per_token",
		"experts_per_token",
		"moe_topk",
		"num_selected_experts",
		"top_k_experts",
		"moe_k",
	);
	if (!activeExperts) {
		throw new HubError("unsupported_architecture", `${modelType}: config.json names ${experts} experts but not how many each token uses.`);
	}
	const isLlama4 = modelType.startsWith("llama4");
	const expertIntermediateSize = uniformInt(cfg, false, "moe_intermediate_size", "expert_intermediate_size") ?? int(cfg, "intermediate_size");
	if (!expertIntermediateSize) {
		throw new HubError("unsupported_architecture", `${modelType}: config.json has experts but no expert width (moe_intermediate_size).`);
	}
	// Hunyuan-A13B (modeling_hunyuan_v1_moe.py; llama.cpp src/models/hunyuan-moe.cpp n_ff_shexp): the shared MLP
	// is intermediate_size × num_shared_expert wide. ERNIE 4.5's (modeling_ernie4_5_moe.py) is
	// moe_intermediate_size × moe_num_shared_experts, the default below.
	const hunyuanShared = modelType === "hunyuan_v1_moe" ? uniformInt(cfg, true, "num_shared_expert") : undefined;
	const hunyuanWidth = hunyuanShared !== undefined ? (int(cfg, "intermediate_size") ?? expertIntermediateSize) * hunyuanShared : undefined;
	const sharedIntermediateSize =
		int(cfg, "shared_expert_intermediate_size", "moe_shared_expert_intermediate_size", "shared_intermediate_size") ??
		(hunyuanWidth !== undefined && hunyuanWidth > 0 ? hunyuanWidth : null) ??
		(isLlama4 ? expertIntermediateSize : null);
	// Llama 4 always has one shared expert (modeling_llama4.py Llama4TextMoe.shared_expert)
	const sharedExperts =
		uniformInt(cfg, true, "n_shared_experts", "num_shared_experts", "moe_num_shared_experts", "num_shared_expert") ?? (sharedIntermediateSize !== null ? 1 : 0);
	const mlpOnly = z.array(nonNegativeInt).safeParse(cfg["mlp_only_layers"]);
	if (mlpOnly.success && mlpOnly.data.length > 0) {
		assumed.push("mlp_only_layers are treated as MoE layers (only their count of dense layers differs)");
	}
	const endIndex = intOrZero(cfg, "moe_layer_end_index");
	const layerCount = int(cfg, "num_hidden_layers");
	if (endIndex !== undefined && layerCount !== undefined && endIndex < layerCount - 1) {
		throw new HubError("unsupported_architecture", `${modelType}: dense layers after the MoE layers (moe_layer_end_index) are not sized by canirun yet.`);
	}
	const latentSize = int(cfg, "moe_latent_size");
	// moe_layer_freq may be a per-layer 0/1 list (MiMo-V2-Flash, MiniMax-M3): leading dense layers, then MoE
	const freqList = z.array(z.union([z.literal(0), z.literal(1)])).safeParse(cfg["moe_layer_freq"]);
	let listedDense: number | undefined;
	if (freqList.success) {
		listedDense = freqList.data.indexOf(1);
		if (listedDense < 0 || freqList.data.slice(listedDense).includes(0)) {
			throw new HubError("unsupported_architecture", `${modelType}: dense layers between MoE layers (moe_layer_freq) are not sized by canirun yet.`);
		}
	}
	return {
		experts,
		activeExperts,
		sharedExperts,
		expertIntermediateSize,
		sharedIntermediateSize,
		// ERNIE 4.5: experts from moe_layer_start_index on, every moe_layer_interval-th layer (llama.cpp
		// src/models/ernie4-5-moe.cpp: il >= n_layer_dense_lead && (il + 1) % n_moe_layer_step == 0);
		// LFM2-MoE: num_dense_layers leading dense blocks
		firstDenseLayers: listedDense ?? intOrZero(cfg, "first_k_dense_replace", "moe_layer_start_index", "num_dense_layers") ?? 0,
		layerFrequency: int(cfg, "interleave_moe_layer_step", "moe_layer_freq", "decoder_sparse_step", "moe_layer_interval") ?? 1,
		...(latentSize !== undefined ? { latentSize } : {}),
		// Gemma 4 (configuration_gemma4.py enable_moe_block): the experts run beside the dense MLP
		...(bool(cfg, "enable_moe_block") === true ? { parallelDense: true } : {}),
	};
}

/** Maps a parsed config.json to the architecture part of a Model. Throws HubError for what cannot be sized. */
export function mapConfig(raw: HubConfig): ConfigMapping {
	const assumed: string[] = [];
	const top = raw as Record<string, unknown>;
	const cfg = textConfigOf(top);
	const modelType = (str(cfg, "model_type") ?? raw.model_type ?? "").trim();
	const architecture = raw.architectures?.[0] ?? (modelType !== "" ? modelType : "unknown");
	if (UNSUPPORTED_TYPES.has(modelType)) {
		throw new HubError("unsupported_architecture", `${modelType} models are not text-generation transformers canirun can size.`);
	}
	if (raw.architectures && raw.architectures.length > 0 && !raw.architectures.some((a) => GENERATIVE_ARCH.test(a))) {
		throw new HubError("unsupported_architecture", `${architecture} is not a text-generation model.`);
	}

	const blockList = z.array(z.string()).safeParse(cfg["layers_block_type"]);
	const layersRaw =
		int(cfg, "num_hidden_layers", "n_layer", "num_layers", "n_layers") ?? (blockList.success && blockList.data.length > 0 ? blockList.data.length : undefined);
	const hiddenSize = int(cfg, "hidden_size", "n_embd", "d_model", "dim");
	const heads = int(cfg, "num_attention_heads", "n_head", "n_heads", "num_heads");
	if (!layersRaw || !hiddenSize || !heads) {
		throw new HubError(
			"unsupported_architecture",
			`${modelType || architecture}: config.json lacks the layer count, hidden size or attention heads canirun needs.`,
		);
	}
	if (!KNOWN_TYPES.has(modelType)) {
		assumed.push(`"${modelType || architecture}" is not a family canirun knows; it was read as a standard decoder`);
	}
	const mtpLayers = intOrZero(cfg, "num_nextn_predict_layers", "mtp_num_hidden_layers") ?? 0;
	const layers = layersRaw;

	let kvHeads = int(cfg, "num_key_value_heads", "multi_query_group_num", "n_head_kv", "num_kv_heads");
	if (kvHeads === undefined) {
		if (bool(cfg, "multi_query") === true) kvHeads = 1;
		else {
			kvHeads = heads;
			assumed.push("num_key_value_heads = num_attention_heads (config has none: plain multi-head attention)");
		}
	}

	const kvLoraRank = int(cfg, "kv_lora_rank");
	let mla: Model["attention"]["mla"] = null;
	let headDim: number;
	let valueHeadDim: number;
	if (kvLoraRank !== undefined) {
		const rope = int(cfg, "qk_rope_head_dim");
		const nope = int(cfg, "qk_nope_head_dim");
		const v = int(cfg, "v_head_dim");
		if (!rope || !nope || !v) {
			throw new HubError("unsupported_architecture", `${modelType}: MLA config without qk_rope_head_dim / qk_nope_head_dim / v_head_dim.`);
		}
		mla = { kvLoraRank, qLoraRank: int(cfg, "q_lora_rank") ?? null, qkRopeHeadDim: rope, qkNopeHeadDim: nope, vHeadDim: v };
		headDim = nope + rope;
		valueHeadDim = v;
	} else {
		const explicit = int(cfg, "head_dim", "attention_head_dim", "kv_channels");
		if (explicit !== undefined) headDim = explicit;
		else {
			headDim = Math.floor(hiddenSize / heads);
			assumed.push(`head_dim = hidden_size / num_attention_heads = ${headDim}`);
		}
		valueHeadDim = int(cfg, "v_head_dim") ?? headDim;
	}

	const slidingWindow = slidingWindowOf(cfg);
	const layerTypes = layerTypesOf(cfg, modelType, layers, slidingWindow, assumed);
	const linear = linearOf(cfg, layerTypes, modelType || architecture, hiddenSize);

	// Gemma 4: global layers have their own KV heads and head size, and may share K as V
	// Gemma 4 E-models: per-layer embedding tables, and the last num_kv_shared_layers layers reuse KV
	const pleWidth = int(cfg, "hidden_size_per_layer_input");
	const perLayerEmbedding =
		pleWidth !== undefined ? { width: pleWidth, vocab: int(cfg, "vocab_size_per_layer_input") ?? int(cfg, "vocab_size") ?? 0 } : undefined;
	if (perLayerEmbedding !== undefined && perLayerEmbedding.vocab === 0) {
		throw new HubError("unsupported_architecture", `${modelType}: per-layer embeddings without a vocabulary size.`);
	}
	const sharedKvLayers = int(cfg, "num_kv_shared_layers");
	if (sharedKvLayers !== undefined && sharedKvLayers >= layers) {
		throw new HubError("unsupported_architecture", `${modelType}: ${sharedKvLayers} shared-KV layers of ${layers}.`);
	}
	const globalHeadDim = int(cfg, "global_head_dim");
	// configuration_gemma4.py: num_global_key_value_heads null means the same KV heads as the sliding layers
	const globalKvHeads = int(cfg, "num_global_key_value_heads") ?? (globalHeadDim !== undefined ? kvHeads : undefined);
	let global: { kvHeads: number; headDim: number; valueHeadDim?: number } | undefined =
		globalKvHeads !== undefined && globalHeadDim !== undefined ? { kvHeads: globalKvHeads, headDim: globalHeadDim } : undefined;
	// MiMo-V2-Flash: the plain fields describe the full-attention layers, swa_* the sliding ones
	const swaKvHeads = int(cfg, "swa_num_key_value_heads");
	if (swaKvHeads !== undefined && mla === null) {
		if ((int(cfg, "swa_num_attention_heads") ?? heads) !== heads) {
			throw new HubError("unsupported_architecture", `${modelType}: sliding and full layers with different query heads are not sized by canirun yet.`);
		}
		global = { kvHeads, headDim, valueHeadDim };
		kvHeads = swaKvHeads;
		headDim = int(cfg, "swa_head_dim") ?? headDim;
		valueHeadDim = int(cfg, "swa_v_head_dim") ?? headDim;
	}
	const kEqV = bool(cfg, "attention_k_eq_v");
	// DeepSeek sparse attention's lightning indexer (DeepSeek-V3.2, GLM-5)
	const ixHeads = int(cfg, "index_n_heads");
	const ixDim = int(cfg, "index_head_dim");
	const ixTopK = int(cfg, "index_topk");
	// GLM-5.2: index_topk_freq N / indexer_types — only 1 layer in N runs its own indexer, the others reuse
	// its top-k. The keys are still sized on every MLA layer (llama.cpp's DSA cache, src/llama-kv-cache-dsa.cpp,
	// keeps them for each layer); whether a runtime skips the shared layers is not in the sources: an upper bound
	const ixFreq = int(cfg, "index_topk_freq") ?? 1;
	if (ixHeads !== undefined && ixFreq !== 1) {
		assumed.push(
			`only 1 layer in ${ixFreq} computes its own sparse-attention indexer (index_topk_freq); its keys are counted on every layer, as llama.cpp's DSA cache allocates them (an upper bound)`,
		);
	}
	const indexer =
		ixHeads !== undefined && ixDim !== undefined && ixTopK !== undefined && mla !== null ? { heads: ixHeads, headDim: ixDim, topK: ixTopK } : undefined;

	// DeepSeek V4 (modeling_deepseek_v4 / vLLM models/deepseek_v4.py): compress_ratios names each layer's
	// compression (0 = window only, 4 with the indexer, 128); q and o are low-rank, one K = V head per token
	const ratios = z.array(nonNegativeInt).safeParse(cfg["compress_ratios"]);
	let compressed: Model["attention"]["compressed"];
	if (ratios.success && ratios.data.length >= layers) {
		const ropeDim = int(cfg, "qk_rope_head_dim");
		const qLoraRank = int(cfg, "q_lora_rank");
		const oLoraRank = int(cfg, "o_lora_rank");
		const oGroups = int(cfg, "o_groups");
		if (!ropeDim || !qLoraRank || !oLoraRank || !oGroups || ixHeads === undefined || ixDim === undefined || slidingWindow === null) {
			throw new HubError("unsupported_architecture", `${modelType}: compressed attention without its rope, low-rank, indexer or window fields.`);
		}
		const hcMult = int(cfg, "hc_mult");
		compressed = {
			ratios: ratios.data.slice(0, layers),
			ropeDim,
			indexerHeadDim: ixDim,
			indexerHeads: ixHeads,
			qLoraRank,
			oLoraRank,
			oGroups,
			...(hcMult !== undefined ? { hcMult } : {}),
		};
		// the window note mapConfig adds for a bare sliding_window is right here, but say what the layers are
		const note = assumed.findIndex((a) => a.startsWith("every layer uses the"));
		if (note >= 0) assumed.splice(note, 1);
	}

	// MiniMax-M3 (sglang models/minimax_m3.py; configuration sparse_attention_config): per-layer sparse flags
	const sparseCfg = record(cfg["sparse_attention_config"]);
	let sparseIndex: Model["attention"]["sparseIndex"];
	if (sparseCfg !== undefined && bool(sparseCfg, "use_sparse_attention") === true) {
		const flags = z.array(z.union([z.literal(0), z.literal(1)])).safeParse(sparseCfg["sparse_attention_freq"]);
		const noValue = z.array(z.union([z.literal(0), z.literal(1)])).safeParse(sparseCfg["sparse_disable_index_value"]);
		const dim = int(sparseCfg, "sparse_index_dim");
		const heads = int(sparseCfg, "sparse_num_index_heads");
		if (!flags.success || flags.data.length < layers || !dim || !heads) {
			throw new HubError("unsupported_architecture", `${modelType}: sparse attention without per-layer flags or an index width.`);
		}
		const kOnly = noValue.success ? noValue.data : [];
		sparseIndex = { headDim: dim, heads, perLayer: flags.data.slice(0, layers).map((f, il) => (f === 0 ? "none" : kOnly[il] === 1 ? "k" : "kv")) };
	}

	const explicitBias = bool(cfg, "attention_bias") ?? bool(cfg, "qkv_bias") ?? bool(cfg, "bias");
	const qkvBias = explicitBias ?? QKV_BIAS_TYPES.has(modelType);

	const moe = moeOf(cfg, modelType || architecture, assumed);
	const allMoe = moe !== null && moe.firstDenseLayers === 0 && moe.layerFrequency === 1;
	let intermediateSize =
		(modelType === "granitemoehybrid" ? int(cfg, "shared_intermediate_size") : undefined) ??
		// dense_intermediate_size: the leading dense layers' MLP where intermediate_size is the expert width
		// (MiniMax-M3: 12288 vs 3072; mlx-lm models/minimax_m3.py DecoderLayer DenseMLP(args.dense_intermediate_size))
		int(cfg, "dense_intermediate_size", "intermediate_size_mlp", "block_ff_dim", "intermediate_size", "n_inner", "ffn_hidden_size", "ffn_dim") ??
		0;
	if (modelType === "lfm2" && intermediateSize > 0) intermediateSize = lfm2FeedForward(cfg, intermediateSize, assumed);
	if (allMoe && moe?.parallelDense !== true) intermediateSize = 0;
	else if (intermediateSize === 0) {
		intermediateSize = 4 * hiddenSize;
		assumed.push(`intermediate_size = 4 × hidden_size = ${intermediateSize} (config has none)`);
	}
	const gated = !PLAIN_MLP_TYPES.has(modelType);

	let vocabSize = int(cfg, "vocab_size", "padded_vocab_size", "n_vocab");
	if (!vocabSize) {
		vocabSize = 32_000;
		assumed.push("vocab_size = 32000 (config has none)");
	}
	let tiedEmbeddings = bool(cfg, "tie_word_embeddings") ?? bool(top, "tie_word_embeddings") ?? bool(cfg, "tie_embedding");
	if (tiedEmbeddings === undefined) {
		tiedEmbeddings = TIED_BY_DEFAULT_TYPES.has(modelType);
		assumed.push(`tie_word_embeddings = ${tiedEmbeddings} (the ${modelType || "transformers"} default)`);
	}
	let contextLength = int(cfg, "max_position_embeddings", "n_positions", "seq_length", "max_sequence_length", "n_ctx", "model_max_length");
	if (!contextLength) {
		contextLength = 4096;
		assumed.push("context length = 4096 (config has no max_position_embeddings)");
	}

	return {
		facts: {
			architecture,
			modelType: modelType || architecture,
			layers,
			mtpLayers,
			hiddenSize,
			vocabSize,
			tiedEmbeddings,
			contextLength,
			nativeDtype: dtypeOf({ ...cfg, quantization_config: top["quantization_config"] ?? cfg["quantization_config"] }, assumed),
			attention: {
				heads,
				kvHeads,
				headDim,
				valueHeadDim,
				mla,
				slidingWindow: layerTypes?.includes("sliding") ? slidingWindow : null,
				layerTypes,
				linear,
				qkvBias,
				...(global !== undefined ? { global } : {}),
				...(kEqV === true ? { kEqV } : {}),
				...(indexer !== undefined ? { indexer } : {}),
				...(sharedKvLayers !== undefined ? { sharedKvLayers } : {}),
				...(compressed !== undefined ? { compressed } : {}),
				...(sparseIndex !== undefined ? { sparseIndex } : {}),
			},
			ffn: { intermediateSize, gated, ...(bool(cfg, "use_double_wide_mlp") === true && sharedKvLayers !== undefined ? { doubleWideShared: true } : {}) },
			moe,
			...(blockPatternOf(cfg, layers) !== undefined ? { blockPattern: blockPatternOf(cfg, layers) } : {}),
			...(perLayerEmbedding !== undefined ? { perLayerEmbedding } : {}),
		},
		assumed,
	};
}
