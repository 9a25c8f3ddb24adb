/**
 * zod schemas of the catalog files (catalog/models.json, devices.json, quants.json, systems.json).
 * The schema is the single source of truth: the loader validates the JSON with it at start-up and
 * the rest of the code uses the inferred types, so runtime validation and static types cannot drift.
 * Field meanings follow Hugging Face config.json names (see ../shared/catalog-sources/SOURCES.md).
 */
import { z } from "zod";

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "ids are lowercase letters, digits, '.', '_' and '-'");
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** Per-layer attention kind, as HF `layer_types` says it (expanded from patterns by the catalog builder). */
export const LayerTypeSchema = z.enum([
	"full", // full (global) attention: KV grows with the context
	"sliding", // sliding-window attention: KV capped at the window (llama.cpp iSWA cache)
	"linear", // recurrent / linear attention (Gated DeltaNet, Mamba2, lightning): fixed state per sequence
	"none", // no KV of its own (shared-KV layers such as gemma3n)
]);
export type LayerType = z.infer<typeof LayerTypeSchema>;

/** Multi-head latent attention (DeepSeek V2/V3/R1, Kimi K2): the cache holds kv_lora_rank + qk_rope_head_dim per token. */
export const MlaSchema = z.strictObject({
	kvLoraRank: positiveInt,
	qLoraRank: positiveInt.nullable(),
	qkRopeHeadDim: positiveInt,
	qkNopeHeadDim: positiveInt,
	vHeadDim: positiveInt,
});

/** Recurrent / linear-attention layers of hybrids: enough to size their fixed state and their weights. */
export const LinearAttentionSchema = z.strictObject({
	/**
	 * gated_deltanet (Qwen3-Next, Qwen3.5), mamba2 (Nemotron-H, Granite 4.0 H), lightning (MiniMax-01),
	 * kda (Kimi Delta Attention: Kimi-Linear; q, k and v each through their own short conv) and shortconv
	 * (LFM2's gated short convolution: no attention state, only the last conv_L_cache − 1 inputs).
	 */
	kind: z.enum(["gated_deltanet", "mamba2", "lightning", "kda", "shortconv"]),
	/** Causal conv kernel width (d_conv / linear_conv_kernel_dim / short_conv_kernel_size / conv_L_cache); 0 when the layer has no conv. */
	convKernel: nonNegativeInt,
	/** gated_deltanet: linear_num_key_heads; mamba2: n_groups; lightning, kda: heads; shortconv: 1. */
	numKeyHeads: positiveInt,
	/** gated_deltanet: linear_num_value_heads; mamba2: mamba heads; lightning, kda: heads; shortconv: 1. */
	numValueHeads: positiveInt,
	/** gated_deltanet: linear_key_head_dim; mamba2: d_state; lightning, kda: head_dim; shortconv: conv channels (hidden_size). */
	keyHeadDim: positiveInt,
	/** gated_deltanet: linear_value_head_dim; mamba2: head_dim (d_inner / heads); lightning, kda: head_dim; shortconv: conv channels. */
	valueHeadDim: positiveInt,
});

export const AttentionSchema = z.strictObject({
	/** num_attention_heads */
	heads: positiveInt,
	/** num_key_value_heads (equal to heads for MHA; 1 for MLA in llama.cpp's cache layout is derived, not stored) */
	kvHeads: positiveInt,
	/** head_dim of keys (and queries); hidden_size / heads only when the config has no head_dim */
	headDim: positiveInt,
	/** head dim of values (equal to headDim except MLA and a few others) */
	valueHeadDim: positiveInt,
	mla: MlaSchema.nullable(),
	/** sliding_window in tokens, when some layers use it */
	slidingWindow: positiveInt.nullable(),
	/** one entry per layer; null means every layer is full attention */
	layerTypes: z.array(LayerTypeSchema).nullable(),
	linear: LinearAttentionSchema.nullable(),
	/** q/k/v projections carry a bias (Qwen2, Qwen2.5) */
	qkvBias: z.boolean(),
	/**
	 * Geometry of the full-attention layers when it differs from the sliding ones (Gemma 4:
	 * num_global_key_value_heads × global_head_dim). llama.cpp sizes each layer with its own
	 * n_head_kv(il) × n_embd_head_k(il) (src/llama-hparams.cpp; src/models/gemma4-iswa.cpp).
	 */
	global: z.strictObject({ kvHeads: positiveInt, headDim: positiveInt, valueHeadDim: positiveInt.optional() }).optional(),
	/** full-attention layers have no v_proj: V is the K projection (Gemma 4 attention_k_eq_v) */
	kEqV: z.boolean().optional(),
	/**
	 * DeepSeek sparse attention's lightning indexer (DeepSeek-V3.2, GLM-5): index_n_heads × index_head_dim
	 * queries and one index_head_dim key per token, cached beside the MLA latent (src/llama-kv-cache-dsa.cpp).
	 */
	indexer: z.strictObject({ heads: positiveInt, headDim: positiveInt, topK: positiveInt }).optional(),
	/**
	 * The last N layers hold no KV of their own and read an earlier layer's (Gemma 4 E2B/E4B
	 * num_kv_shared_layers; llama.cpp n_layer_kv_from_start = n_layer - N, has_kv(il) false, no attn_k/attn_v).
	 */
	sharedKvLayers: positiveInt.optional(),
	/**
	 * DeepSeek V4's compressed attention (config compress_ratios, one per layer): every layer attends a
	 * sliding window of single-head entries (K = V, head_dim wide, no V of its own); a layer with ratio r > 0
	 * also keeps one compressed entry per r tokens, and the ratio-4 layers a lightning-indexer key per
	 * compressed entry. q and o go through low-rank projections (q_lora_rank; o_groups × o_lora_rank).
	 * Sized as SGLang's DSV4PoolConfigurator allocates it (src/engine/kvCache.ts cites it).
	 */
	/**
	 * MiniMax-M3's block-sparse attention: the layers flagged in sparse_attention_freq also cache a
	 * single-head lightning-indexer key (and value, unless sparse_disable_index_value) of indexHeadDim per
	 * token beside their K/V, in the model dtype (SGLang MiniMaxSparseKVPool, cited in kvCache.ts).
	 */
	sparseIndex: z.strictObject({ headDim: positiveInt, heads: positiveInt, perLayer: z.array(z.enum(["none", "k", "kv"])) }).optional(),
	compressed: z
		.strictObject({
			ratios: z.array(nonNegativeInt),
			ropeDim: positiveInt,
			indexerHeadDim: positiveInt,
			indexerHeads: positiveInt,
			qLoraRank: positiveInt,
			oLoraRank: positiveInt,
			oGroups: positiveInt,
			/** hc_mult: the residual stream is that many copies wide (manifold hyper-connections), mixed by small per-block matrices */
			hcMult: positiveInt.optional(),
		})
		.optional(),
});

export const MoeSchema = z.strictObject({
	/** num_experts / n_routed_experts */
	experts: positiveInt,
	/** num_experts_per_tok */
	activeExperts: positiveInt,
	/** n_shared_experts (0 when none) */
	sharedExperts: nonNegativeInt,
	/** moe_intermediate_size: width of one routed expert */
	expertIntermediateSize: positiveInt,
	/** shared_expert_intermediate_size (total width of the shared expert(s)); null = sharedExperts × expertIntermediateSize */
	sharedIntermediateSize: positiveInt.nullable(),
	/** first_k_dense_replace: the first N layers use a dense FFN of ffn.intermediateSize */
	firstDenseLayers: nonNegativeInt,
	/** every Nth layer is MoE (Llama 4 Maverick interleaves); 1 = every layer past the dense ones */
	layerFrequency: positiveInt,
	/** routed experts run in a smaller latent width (Nemotron 3 Super moe_latent_size), with projections in and out */
	latentSize: positiveInt.optional(),
	/** the MoE block runs beside a dense MLP of ffn.intermediateSize in the same layer (Gemma 4 enable_moe_block) */
	parallelDense: z.boolean().optional(),
});

export const ModelSchema = z.strictObject({
	id,
	name: z.string().min(1),
	family: z.string().min(1),
	publisher: z.string().min(1),
	/** every other name people type: HF repo ids, short names; Ollama tags go in ollamaTags */
	aliases: z.array(z.string().min(1)),
	/** Ollama library tags that are this exact model (`deepseek-r1:14b` is R1-Distill-Qwen-14B) */
	ollamaTags: z.array(z.string().min(1)),
	hfRepo: z.string().nullable(),
	/** HF architectures[0], e.g. LlamaForCausalLM */
	architecture: z.string().min(1),
	/** HF model_type, e.g. llama, qwen3_moe, deepseek_v3 */
	modelType: z.string().min(1),
	totalParams: positiveInt,
	activeParams: positiveInt,
	/** num_hidden_layers (without MTP / nextn layers) */
	layers: positiveInt,
	/** MTP / nextn layers shipped in the checkpoint (DeepSeek V3: 1); llama.cpp loads no KV for them */
	mtpLayers: nonNegativeInt,
	hiddenSize: positiveInt,
	vocabSize: positiveInt,
	tiedEmbeddings: z.boolean(),
	/**
	 * Nemotron-H style hybrids: one letter per block (HF hybrid_override_pattern): M = Mamba-2 mixer,
	 * * = attention, E = MoE FFN, - = dense FFN. A block holds a mixer or an FFN, never both.
	 */
	blockPattern: z
		.string()
		.regex(/^[M*E-]+$/)
		.optional(),
	/**
	 * Per-layer embedding tables (Gemma 4 E2B/E4B hidden_size_per_layer_input): a [width · layers, vocab]
	 * table looked up per token plus a projection from the hidden state, both in llama.cpp's input layer.
	 */
	perLayerEmbedding: z.strictObject({ width: positiveInt, vocab: positiveInt }).optional(),
	/** native (trained) context length in tokens */
	contextLength: positiveInt,
	/**
	 * the checkpoint's own precision; "int4": routed experts shipped as compressed-tensors INT4 (group 32,
	 * bf16 scales), the rest bf16 (Kimi K2 Thinking / K2.5 / K2.6 QAT releases; quant NATIVE-INT4); "fp4": routed
	 * experts FP4 with a ue8m0 scale per 32, the rest FP8 (DeepSeek V4; quant NATIVE-FP4) — src/engine/nativeRelease.ts
	 */
	nativeDtype: z.enum(["bf16", "fp16", "fp32", "fp8", "mxfp4", "int4", "fp4"]),
	attention: AttentionSchema,
	ffn: z.strictObject({
		/** intermediate_size of dense layers (0 when every layer is MoE) */
		intermediateSize: nonNegativeInt,
		/** gated (SwiGLU/GeGLU: gate, up, down) or plain (up, down: Falcon, Phi-2, GPT-2 style) */
		gated: z.boolean(),
		/** the shared-KV layers' MLP is twice as wide (Gemma 4 use_double_wide_mlp) */
		doubleWideShared: z.boolean().optional(),
	}),
	moe: MoeSchema.nullable(),
	/** the model also has a vision/audio tower whose parameters are in totalParams (not in the text GGUF) */
	visionParams: nonNegativeInt,
	license: z.string().min(1),
	releaseDate: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
	relations: z.strictObject({
		/** ids of models this one was distilled / fine-tuned from (teacher for distills) */
		distilledFrom: z.array(id),
		/** id of the base architecture model (R1-Distill-Qwen-14B → qwen2.5-14b) */
		baseModel: id.nullable(),
		/** smaller siblings worth suggesting when this one does not fit, largest first */
		smallerSiblings: z.array(id),
	}),
	/** where the facts come from: repo@commit:path or documentation page */
	source: z.array(z.string().min(1)).min(1),
	notes: z.string().nullable(),
	/** (added by the catalog) picked when only the family is named ("qwen3" → Qwen3-235B-A22B); at most one per family */
	flagship: z.boolean().optional(),
});
export type Model = z.infer<typeof ModelSchema>;

export const DeviceSchema = z.strictObject({
	id,
	name: z.string().min(1),
	vendor: z.enum(["nvidia", "amd", "intel", "apple", "google", "qualcomm", "generic"]),
	/** discrete GPU, unified-memory machine/SoC, or a CPU-only box */
	kind: z.enum(["gpu", "unified", "cpu"]),
	formFactor: z.enum(["desktop", "laptop", "workstation", "datacenter", "soc", "system", "generic"]),
	/** the llama.cpp backend this device runs on: decides the efficiency used for speed */
	backend: z.enum(["cuda", "rocm", "metal", "sycl", "vulkan", "cpu"]),
	aliases: z.array(z.string().min(1)),
	memoryBytes: positiveInt,
	bandwidthBytesPerSecond: positiveInt,
	/** dense FP16 tensor throughput (FLOP/s), null when the vendor does not publish it cleanly */
	fp16Flops: z.number().positive().nullable(),
	unifiedMemory: z.boolean(),
	/** devices sold in several memory sizes share a group (apple-m3-max, rtx-3060) */
	group: id.nullable(),
	releaseYear: z.number().int().min(2010).max(2030).nullable(),
	source: z.array(z.string().min(1)).min(1),
	notes: z.string().nullable(),
	/**
	 * The memory behind `bandwidthBytesPerSecond` when it follows from the bus (CPUs: channels × 8 bytes ×
	 * transfer rate; LPDDR SoCs: bus bits / 8 × transfer rate). Absent when a page states the bandwidth.
	 */
	memory: z
		.strictObject({
			type: z.string().min(1),
			/** 64-bit DDR channels (CPUs) */
			channels: positiveInt.optional(),
			/** bus width in bits (GPUs, LPDDR SoCs) */
			busBits: positiveInt.optional(),
			/** MT/s */
			transferMTs: positiveInt,
		})
		.optional(),
	/**
	 * How much of a unified pool the GPU may use by default, per platform (src/engine/unified.ts):
	 * Apple's working set, GB10's CUDA-visible pool, Strix Halo's graphics-memory share, or an
	 * integrated GPU's driver share. Absent on discrete GPUs and CPUs.
	 */
	unifiedRule: z.enum(["apple", "gb10", "strix-halo", "igpu"]).optional(),
	/**
	 * kind "cpu" only: the RAM is the user's, not a fact of the CPU. The row's memoryBytes is a
	 * placeholder the answer never uses (hardware.ts sizes a named CPU with the RAM typed after it and
	 * asks for it when none is given).
	 */
	ramFromUser: z.literal(true).optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

/** Whole systems people name by product: `dgx h100`, `mac studio m3 ultra 512gb`. */
export const SystemSchema = z.strictObject({
	id,
	name: z.string().min(1),
	aliases: z.array(z.string().min(1)),
	devices: z.array(z.strictObject({ device: id, count: positiveInt })).min(1),
	systemMemoryBytes: positiveInt.nullable(),
	source: z.array(z.string().min(1)).min(1),
});
export type System = z.infer<typeof SystemSchema>;

export const QuantSchema = z.strictObject({
	/** canonical id as people write it: Q4_K_M, IQ2_XXS, F16, FP8, AWQ-INT4, MLX-4BIT, EXL2-4.0 */
	id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
	name: z.string().min(1),
	format: z.enum(["gguf", "safetensors", "mlx", "exl2", "exl3"]),
	aliases: z.array(z.string().min(1)),
	/** nominal bits per weight of the main tensors (Q8_0 = 8.5: 34 bytes / 32 weights) */
	bitsPerWeight: z.number().positive(),
	/** the ggml tensor type of the bulk of the weights (GGUF only), e.g. q4_K for Q4_K_M */
	ggmlType: z.string().nullable(),
	/** which runtimes load it */
	runtimes: z.array(z.enum(["llama.cpp", "ollama", "vllm", "mlx", "exllama"])).min(1),
	/** perplexity increase on Llama-3-8B where llama.cpp's quantize.cpp publishes it */
	pplDelta: z.number().nullable(),
	/** (added by the catalog) whole-file bits per weight of this GGUF mix measured on Llama-3.1-8B (tools/quantize/README.md), null when unpublished */
	measuredBitsPerWeight: z.number().positive().nullable().optional(),
	quality: z.string().min(1),
	source: z.array(z.string().min(1)).min(1),
});
export type Quant = z.infer<typeof QuantSchema>;
