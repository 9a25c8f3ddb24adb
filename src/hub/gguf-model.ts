/**
 * A GGUF header (metadata keys + tensor table) → the architecture part of a Model. Keys are
 * llama.cpp's (src/llama-arch.cpp LLM_KV_NAMES: `<arch>.block_count`, `.embedding_length`,
 * `.attention.head_count[_kv]`, `.attention.key_length`, `.attention.kv_lora_rank`, `.expert_count`,
 * `.attention.sliding_window`, …); what llama.cpp itself derives per architecture (the SWA layer
 * pattern, src/llama-model.cpp `set_swa_pattern`) is derived the same way and listed in `assumed`.
 * Tensor shapes decide what keys cannot: vocab (token_embd), tied output (no output.weight),
 * q/k/v bias and a gated FFN.
 */
import type { MetadataValue } from "@huggingface/gguf";
import type { LayerType, Model } from "../catalog/schema.js";
import type { TensorInfo } from "../engine/types.js";
import type { ConfigFacts } from "./config-model.js";
import { HubError } from "./errors.js";
import { LLAMA_FILE_TYPES } from "./ggml-types.js";

export interface GgufMapping {
	facts: ConfigFacts;
	assumed: string[];
	/** general.file_type by name, e.g. "Q4_K_M" */
	fileType: string | null;
	/** general.name, when the file has one */
	name: string | null;
	license: string | null;
}

/** llama.cpp architecture names → the HF model_type people know (the rest keep their GGUF name). */
const ARCH_TO_MODEL_TYPE: Record<string, string> = {
	qwen2moe: "qwen2_moe",
	qwen3moe: "qwen3_moe",
	qwen3next: "qwen3_next",
	qwen2vl: "qwen2_vl",
	qwen3vl: "qwen3_vl",
	qwen3vlmoe: "qwen3_vl_moe",
	deepseek2: "deepseek_v3",
	"gpt-oss": "gpt_oss",
	glm4moe: "glm4_moe",
	"command-r": "cohere",
	granitemoe: "granitemoe",
	granitehybrid: "granitemoehybrid",
	nemotron_h: "nemotron_h",
	phimoe: "phimoe",
};
/** set_swa_pattern(n) per architecture in src/llama-model.cpp: layer il slides iff il % n < n − 1. */
const SWA_PATTERN: Record<string, number> = { gemma2: 2, gemma3: 6, gemma3n: 5, cohere2: 4, "gpt-oss": 2, exaone4: 4 };
/** Fused gate+up in one ffn_up tensor (llama.cpp LLM_FFN_SWIGLU on a 2·n_ff tensor). */
const FUSED_GATED_ARCHES = new Set(["phi3", "chatglm", "glm4"]);
/** Plain up/down MLPs (LLM_FFN_GELU without gate) */
const PLAIN_MLP_ARCHES = new Set(["gpt2", "gptneox", "phi2", "falcon", "starcoder", "starcoder2", "bloom", "mpt", "gptj"]);

function num(value: MetadataValue | undefined): number | undefined {
	if (typeof value === "number" && Number.isFinite(value)) return value;
	if (typeof value === "bigint" && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
	return undefined;
}

function posInt(value: MetadataValue | undefined): number | undefined {
	const n = num(value);
	return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A scalar, or a per-layer array (head_count_kv of hybrids, feed_forward_length of OpenELM). */
function perLayer(value: MetadataValue | undefined, layers: number): number[] | undefined {
	if (Array.isArray(value)) {
		const out = value.map((v) => num(v as MetadataValue));
		if (out.length !== layers || out.some((v) => v === undefined || v < 0 || !Number.isInteger(v))) return undefined;
		return out as number[];
	}
	const n = num(value);
	return n !== undefined && Number.isInteger(n) && n >= 0 ? Array.from({ length: layers }, () => n) : undefined;
}

function text(value: MetadataValue | undefined): string | null {
	return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 200) : null;
}

export function mapGguf(metadata: Record<string, MetadataValue>, tensors: TensorInfo[]): GgufMapping {
	const assumed: string[] = [];
	const arch = text(metadata["general.architecture"]);
	if (!arch) throw new HubError("malformed", "The GGUF file has no general.architecture.");
	const key = (k: string): MetadataValue | undefined => metadata[`${arch}.${k}`];
	const names = new Set(tensors.map((t) => t.name));
	const hasTensor = (re: RegExp): boolean => tensors.some((t) => re.test(t.name));

	const blockCount = posInt(key("block_count"));
	const hiddenSize = posInt(key("embedding_length"));
	if (!blockCount || !hiddenSize) {
		throw new HubError("unsupported_architecture", `GGUF architecture "${arch}" has no block_count / embedding_length canirun can size.`);
	}
	// GLM-4.5 / DeepSeek MTP: block_count includes nextn layers, which get no KV (llama.cpp n_layer_kv_from_start)
	const mtpLayers = posInt(key("nextn_predict_layers")) ?? 0;
	const layers = blockCount - mtpLayers;
	if (layers < 1) throw new HubError("malformed", "The GGUF file's nextn_predict_layers exceeds its block_count.");

	const headsPerLayer = perLayer(key("attention.head_count"), blockCount);
	const heads = headsPerLayer ? Math.max(...headsPerLayer) : 0;
	if (heads < 1) {
		throw new HubError("unsupported_architecture", `GGUF architecture "${arch}" has no attention heads (a pure state-space model canirun cannot size yet).`);
	}
	const kvPerLayer = perLayer(key("attention.head_count_kv"), blockCount);
	let kvHeads: number;
	if (kvPerLayer) kvHeads = Math.max(...kvPerLayer.slice(0, layers));
	else {
		kvHeads = heads;
		assumed.push("head_count_kv = head_count (the GGUF has no head_count_kv: plain multi-head attention)");
	}
	if (kvHeads < 1) throw new HubError("unsupported_architecture", `GGUF architecture "${arch}" has no layer with a KV cache.`);

	// MLA (deepseek2, glm4moe-lite, kimi): the kv_lora_rank key
	const kvLoraRank = posInt(key("attention.kv_lora_rank"));
	let mla: Model["attention"]["mla"] = null;
	let headDim: number;
	let valueHeadDim: number;
	const keyLength = posInt(key("attention.key_length"));
	const valueLength = posInt(key("attention.value_length"));
	if (kvLoraRank) {
		const rope = posInt(key("rope.dimension_count"));
		// newer converters store the absorbed (MLA) lengths in key_length and the per-head ones in *_mla
		const kMla = posInt(key("attention.key_length_mla")) ?? keyLength;
		const vMla = posInt(key("attention.value_length_mla")) ?? valueLength;
		if (!rope || !kMla || !vMla || kMla <= rope) {
			throw new HubError("malformed", "The GGUF file has kv_lora_rank but no usable key/value/rope lengths.");
		}
		mla = { kvLoraRank, qLoraRank: posInt(key("attention.q_lora_rank")) ?? null, qkRopeHeadDim: rope, qkNopeHeadDim: kMla - rope, vHeadDim: vMla };
		headDim = kMla;
		valueHeadDim = vMla;
	} else {
		if (keyLength) headDim = keyLength;
		else {
			headDim = Math.floor(hiddenSize / heads);
			assumed.push(`head_dim = embedding_length / head_count = ${headDim} (the GGUF has no key_length)`);
		}
		valueHeadDim = valueLength ?? headDim;
	}

	// layer kinds: recurrent layers have head_count_kv 0; SWA per the file's pattern or llama.cpp's
	const slidingWindow = posInt(key("attention.sliding_window")) ?? null;
	let layerTypes: LayerType[] | null = null;
	const hasSsm = posInt(key("ssm.state_size")) !== undefined;
	// LFM2's short-conv blocks (shortconv.l_cache) and Kimi-Linear's KDA blocks (kda.head_dim) are the
	// recurrent layers of those GGUFs: head_count_kv 0 (llama.cpp src/llama-arch.cpp LLM_KV_SHORTCONV_L_CACHE,
	// LLM_KV_KDA_HEAD_DIM; src/models/kimi-linear.cpp marks is_recr where n_head_kv(il) == 0)
	const shortconvTaps = posInt(key("shortconv.l_cache"));
	const kdaHeadDim = posInt(key("kda.head_dim"));
	const recurrent = hasSsm || shortconvTaps !== undefined || kdaHeadDim !== undefined || arch === "kimi-linear";
	const interval = posInt(key("full_attention_interval"));
	if (interval) {
		layerTypes = Array.from({ length: layers }, (_, i) => ((i + 1) % interval === 0 ? "full" : "linear"));
	} else if (kvPerLayer?.slice(0, layers).some((n) => n === 0)) {
		layerTypes = kvPerLayer.slice(0, layers).map((n) => (n > 0 ? "full" : recurrent ? "linear" : "none"));
	}
	if (slidingWindow !== null) {
		const patternKey = key("attention.sliding_window_pattern");
		let sliding: boolean[] | null = null;
		if (Array.isArray(patternKey) && patternKey.length >= layers) {
			sliding = patternKey.slice(0, layers).map((v) => v === true || v === 1);
		} else {
			const n = posInt(patternKey) ?? SWA_PATTERN[arch];
			if (n) {
				sliding = Array.from({ length: layers }, (_, i) => i % n < n - 1);
				if (posInt(patternKey) === undefined) assumed.push(`SWA layers follow llama.cpp's ${arch} pattern: every ${n}th layer is global`);
			} else {
				sliding = Array.from({ length: layers }, () => true);
				assumed.push(`every layer uses the ${slidingWindow}-token sliding window (the GGUF has no layer pattern)`);
			}
		}
		const base: LayerType[] = layerTypes ?? Array.from({ length: layers }, () => "full");
		layerTypes = base.map((t, i) => (t === "full" && sliding?.[i] ? "sliding" : t));
	}
	if (layerTypes?.every((t) => t === "full")) layerTypes = null;

	let linear: Model["attention"]["linear"] = null;
	if (layerTypes?.includes("linear") && shortconvTaps !== undefined) {
		// llama-hparams.cpp n_embd_r = n_embd × (l_cache − 1) for LFM2, no SSM state
		linear = { kind: "shortconv", convKernel: shortconvTaps, numKeyHeads: 1, numValueHeads: 1, keyHeadDim: hiddenSize, valueHeadDim: hiddenSize };
	} else if (layerTypes?.includes("linear") && arch === "kimi-linear") {
		// kimi-linear.cpp: the KDA state is n_head × head_dim² with q, k and v convs of ssm.conv_kernel taps;
		// older GGUFs store the KDA head dim as ssm.state_size
		const conv = num(key("ssm.conv_kernel"));
		const dim = kdaHeadDim ?? posInt(key("ssm.state_size"));
		if (conv === undefined || !dim)
			throw new HubError("unsupported_architecture", "The Kimi-Linear GGUF has no ssm.conv_kernel / kda.head_dim to size its KDA state.");
		linear = { kind: "kda", convKernel: conv, numKeyHeads: heads, numValueHeads: heads, keyHeadDim: dim, valueHeadDim: dim };
	} else if (layerTypes?.includes("linear")) {
		const conv = num(key("ssm.conv_kernel"));
		const state = posInt(key("ssm.state_size"));
		const groups = posInt(key("ssm.group_count"));
		const rank = posInt(key("ssm.time_step_rank"));
		const inner = posInt(key("ssm.inner_size"));
		if (conv === undefined || !state || !groups || !rank || !inner || inner % rank !== 0) {
			throw new HubError("unsupported_architecture", `GGUF architecture "${arch}" has recurrent layers whose state canirun cannot size.`);
		}
		// llama.cpp maps Qwen3-Next's linear_num_key_heads → ssm.group_count, value heads → time_step_rank,
		// key head dim → ssm.state_size, value dim total → ssm.inner_size; Mamba2 uses the same keys
		linear = {
			kind: arch === "qwen3next" ? "gated_deltanet" : "mamba2",
			convKernel: conv,
			numKeyHeads: groups,
			numValueHeads: rank,
			keyHeadDim: state,
			valueHeadDim: inner / rank,
		};
	}

	// MoE
	const experts = posInt(key("expert_count"));
	let moe: Model["moe"] = null;
	const ffPerLayer = perLayer(key("feed_forward_length"), blockCount);
	const ffMax = ffPerLayer ? Math.max(...ffPerLayer) : 0;
	if (experts && experts > 1) {
		const used = posInt(key("expert_used_count"));
		const expertFf = posInt(key("expert_feed_forward_length")) ?? ffMax;
		if (!used || !expertFf) throw new HubError("malformed", "The GGUF file has experts but no expert_used_count / expert width.");
		const sharedCount = num(key("expert_shared_count")) ?? (hasTensor(/\.ffn_(gate|up)_shexp\.weight$/) ? 1 : 0);
		moe = {
			experts,
			activeExperts: used,
			sharedExperts: sharedCount,
			expertIntermediateSize: expertFf,
			sharedIntermediateSize: posInt(key("expert_shared_feed_forward_length")) ?? null,
			firstDenseLayers: num(key("leading_dense_block_count")) ?? 0,
			layerFrequency: posInt(key("interleave_moe_layer_step")) ?? 1,
		};
	}
	const allMoe = moe !== null && moe.firstDenseLayers === 0 && moe.layerFrequency === 1;
	const intermediateSize = allMoe ? 0 : ffMax;

	const embedding = tensors.find((t) => t.name === "token_embd.weight");
	let vocabSize = embedding?.shape[1] ?? posInt(key("vocab_size"));
	if (!vocabSize) {
		const tokens = metadata["tokenizer.ggml.tokens"];
		vocabSize = Array.isArray(tokens) && tokens.length > 0 ? tokens.length : undefined;
	}
	if (!vocabSize) throw new HubError("malformed", "The GGUF file has no token embedding and no vocabulary.");

	let contextLength = posInt(key("context_length"));
	if (!contextLength) {
		contextLength = 4096;
		assumed.push("context length = 4096 (the GGUF has no context_length)");
	}
	const fileTypeId = num(metadata["general.file_type"]);
	const fileType = fileTypeId !== undefined ? (LLAMA_FILE_TYPES.get(fileTypeId) ?? null) : null;
	const nativeDtype: Model["nativeDtype"] = fileType === "F16" ? "fp16" : fileType === "F32" ? "fp32" : "bf16";
	if (fileType !== "F16" && fileType !== "F32" && fileType !== "BF16") {
		assumed.push("the original checkpoint's dtype is taken as bf16 (a GGUF does not record it)");
	}

	// a gate tensor, or an architecture whose ffn_up holds gate and up fused; plain GELU MLPs have neither
	const gated = !PLAIN_MLP_ARCHES.has(arch) && (hasTensor(/\.ffn_gate(_exps|_shexp)?\.weight$/) || FUSED_GATED_ARCHES.has(arch));

	return {
		facts: {
			architecture: arch,
			modelType: ARCH_TO_MODEL_TYPE[arch] ?? arch.replace(/-/g, "_"),
			layers,
			mtpLayers,
			hiddenSize,
			vocabSize,
			tiedEmbeddings: !names.has("output.weight"),
			contextLength,
			nativeDtype,
			attention: {
				heads,
				kvHeads,
				headDim,
				valueHeadDim,
				mla,
				slidingWindow: layerTypes?.includes("sliding") ? slidingWindow : null,
				layerTypes,
				linear,
				qkvBias: names.has("blk.0.attn_q.bias") || names.has("blk.0.attn_qkv.bias"),
			},
			ffn: { intermediateSize, gated },
			moe,
		},
		assumed,
		fileType,
		name: text(metadata["general.name"]),
		license: text(metadata["general.license"]),
	};
}
