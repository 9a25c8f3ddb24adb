import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_DIR } from "../../scripts/build-catalog.js";
import { parseConfigJson } from "../../scripts/build-catalog-configs.js";
import { type Model, ModelSchema } from "../../src/catalog/schema.js";
import { countParams } from "../../src/engine/tensorTable.js";
import { type HubConfig, mapConfig } from "../../src/hub/config-model.js";
import { HubError } from "../../src/hub/index.js";

// Field values typed from the public config.json of each repo (Hub, main branch).
const LLAMA_31_8B = {
	architectures: ["LlamaForCausalLM"],
	model_type: "llama",
	hidden_size: 4096,
	intermediate_size: 14336,
	max_position_embeddings: 131072,
	num_attention_heads: 32,
	num_hidden_layers: 32,
	num_key_value_heads: 8,
	tie_word_embeddings: false,
	torch_dtype: "bfloat16",
	vocab_size: 128256,
};
const QWEN25_7B = {
	architectures: ["Qwen2ForCausalLM"],
	model_type: "qwen2",
	hidden_size: 3584,
	intermediate_size: 18944,
	max_position_embeddings: 131072,
	max_window_layers: 28,
	num_attention_heads: 28,
	num_hidden_layers: 28,
	num_key_value_heads: 4,
	sliding_window: 131072,
	tie_word_embeddings: false,
	torch_dtype: "bfloat16",
	use_sliding_window: false,
	vocab_size: 152064,
};
const GEMMA3_27B = {
	architectures: ["Gemma3ForConditionalGeneration"],
	model_type: "gemma3",
	torch_dtype: "bfloat16",
	text_config: {
		model_type: "gemma3_text",
		head_dim: 128,
		hidden_size: 5376,
		intermediate_size: 21504,
		num_attention_heads: 32,
		num_hidden_layers: 62,
		num_key_value_heads: 16,
		sliding_window: 1024,
		sliding_window_pattern: 6,
		max_position_embeddings: 131072,
		vocab_size: 262208,
	},
	vision_config: { model_type: "siglip_vision_model", hidden_size: 1152, num_hidden_layers: 27 },
};
const DEEPSEEK_V3 = {
	architectures: ["DeepseekV3ForCausalLM"],
	model_type: "deepseek_v3",
	hidden_size: 7168,
	intermediate_size: 18432,
	kv_lora_rank: 512,
	max_position_embeddings: 163840,
	moe_intermediate_size: 2048,
	moe_layer_freq: 1,
	first_k_dense_replace: 3,
	n_routed_experts: 256,
	n_shared_experts: 1,
	num_attention_heads: 128,
	num_experts_per_tok: 8,
	num_hidden_layers: 61,
	num_key_value_heads: 128,
	num_nextn_predict_layers: 1,
	q_lora_rank: 1536,
	qk_nope_head_dim: 128,
	qk_rope_head_dim: 64,
	v_head_dim: 128,
	tie_word_embeddings: false,
	torch_dtype: "bfloat16",
	vocab_size: 129280,
	quantization_config: { quant_method: "fp8", fmt: "e4m3", weight_block_size: [128, 128] },
};
const QWEN3_30B_A3B = {
	architectures: ["Qwen3MoeForCausalLM"],
	model_type: "qwen3_moe",
	head_dim: 128,
	hidden_size: 2048,
	intermediate_size: 6144,
	moe_intermediate_size: 768,
	num_experts: 128,
	num_experts_per_tok: 8,
	decoder_sparse_step: 1,
	mlp_only_layers: [],
	num_attention_heads: 32,
	num_hidden_layers: 48,
	num_key_value_heads: 4,
	vocab_size: 151936,
	max_position_embeddings: 40960,
	tie_word_embeddings: false,
	use_sliding_window: false,
	sliding_window: null,
	torch_dtype: "bfloat16",
};
const GPT_OSS_20B = {
	architectures: ["GptOssForCausalLM"],
	model_type: "gpt_oss",
	head_dim: 64,
	hidden_size: 2880,
	intermediate_size: 2880,
	layer_types: Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? "sliding_attention" : "full_attention")),
	num_attention_heads: 64,
	num_hidden_layers: 24,
	num_key_value_heads: 8,
	num_local_experts: 32,
	experts_per_token: 4,
	sliding_window: 128,
	vocab_size: 201088,
	tie_word_embeddings: false,
	attention_bias: true,
	max_position_embeddings: 131072,
	quantization_config: { quant_method: "mxfp4" },
};
const QWEN3_NEXT = {
	architectures: ["Qwen3NextForCausalLM"],
	model_type: "qwen3_next",
	head_dim: 256,
	hidden_size: 2048,
	intermediate_size: 5120,
	moe_intermediate_size: 512,
	shared_expert_intermediate_size: 512,
	num_experts: 512,
	num_experts_per_tok: 10,
	decoder_sparse_step: 1,
	full_attention_interval: 4,
	linear_conv_kernel_dim: 4,
	linear_key_head_dim: 128,
	linear_num_key_heads: 16,
	linear_num_value_heads: 32,
	linear_value_head_dim: 128,
	num_attention_heads: 16,
	num_hidden_layers: 48,
	num_key_value_heads: 2,
	vocab_size: 151936,
	max_position_embeddings: 262144,
	tie_word_embeddings: false,
	torch_dtype: "bfloat16",
};

/** A Model around mapped facts, for the engine's countParams and the schema. */
function asModel(config: Record<string, unknown>): Model {
	const { facts } = mapConfig(config as HubConfig);
	return ModelSchema.parse({
		id: "test",
		name: "test",
		family: facts.modelType,
		publisher: "test",
		aliases: [],
		ollamaTags: [],
		hfRepo: null,
		...facts,
		totalParams: 1,
		activeParams: 1,
		visionParams: 0,
		license: "x",
		releaseDate: "2025-01-01",
		relations: { distilledFrom: [], baseModel: null, smallerSiblings: [] },
		source: ["test"],
		notes: null,
	});
}

describe("mapConfig", () => {
	it("reads a Llama config and says it assumed head_dim", () => {
		const { facts, assumed } = mapConfig(LLAMA_31_8B);
		expect(facts.attention).toMatchObject({ heads: 32, kvHeads: 8, headDim: 128, valueHeadDim: 128, mla: null, layerTypes: null, qkvBias: false });
		expect(facts).toMatchObject({ layers: 32, hiddenSize: 4096, vocabSize: 128256, tiedEmbeddings: false, contextLength: 131072, nativeDtype: "bf16" });
		expect(facts.ffn).toEqual({ intermediateSize: 14336, gated: true });
		expect(assumed).toContain("head_dim = hidden_size / num_attention_heads = 128");
	});

	it("gives the HF parameter count of Llama-3.1-8B and Qwen2.5-7B through the engine's tensor list", () => {
		// 8,030,261,248 and 7,615,616,512: the safetensors totals the Hub shows for these repos
		expect(countParams(asModel(LLAMA_31_8B)).total).toBe(8_030_261_248);
		expect(countParams(asModel(QWEN25_7B)).total).toBe(7_615_616_512);
	});

	it("knows Qwen2 has q/k/v biases and that use_sliding_window=false disables the window", () => {
		const { facts } = mapConfig(QWEN25_7B);
		expect(facts.attention.qkvBias).toBe(true);
		expect(facts.attention.slidingWindow).toBeNull();
		expect(facts.attention.layerTypes).toBeNull();
	});

	it("reads Gemma 3 from text_config: explicit head_dim, 10 global layers of 62, 1024-token window", () => {
		const { facts, assumed } = mapConfig(GEMMA3_27B);
		expect(facts.architecture).toBe("Gemma3ForConditionalGeneration");
		expect(facts.modelType).toBe("gemma3_text");
		expect(facts.attention.headDim).toBe(128);
		expect(facts.attention.slidingWindow).toBe(1024);
		expect(facts.attention.layerTypes?.filter((t) => t === "full")).toHaveLength(10);
		expect(facts.attention.layerTypes?.[5]).toBe("full");
		expect(facts.attention.layerTypes?.[0]).toBe("sliding");
		expect(facts.tiedEmbeddings).toBe(true);
		expect(assumed.some((a) => a.startsWith("tie_word_embeddings = true"))).toBe(true);
	});

	it("reads DeepSeek-V3's MLA, dense-first MoE, MTP layer and FP8 checkpoint", () => {
		const { facts } = mapConfig(DEEPSEEK_V3);
		expect(facts.attention.mla).toEqual({ kvLoraRank: 512, qLoraRank: 1536, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128 });
		expect(facts.attention.headDim).toBe(192);
		expect(facts.moe).toEqual({
			experts: 256,
			activeExperts: 8,
			sharedExperts: 1,
			expertIntermediateSize: 2048,
			sharedIntermediateSize: null,
			firstDenseLayers: 3,
			layerFrequency: 1,
		});
		expect(facts.ffn.intermediateSize).toBe(18432);
		expect(facts.mtpLayers).toBe(1);
		expect(facts.nativeDtype).toBe("fp8");
		// 671B text + the 14B MTP block = the "685B" the Hub shows
		const params = countParams(asModel(DEEPSEEK_V3));
		expect(params.total / 1e9).toBeGreaterThan(684);
		expect(params.total / 1e9).toBeLessThan(686);
		expect(params.active / 1e9).toBeGreaterThan(36);
		expect(params.active / 1e9).toBeLessThan(38);
	});

	it("makes every Qwen3-MoE layer MoE (no dense FFN width) and counts 30.5B / 3.3B", () => {
		const model = asModel(QWEN3_30B_A3B);
		expect(model.ffn.intermediateSize).toBe(0);
		expect(model.moe).toMatchObject({ experts: 128, activeExperts: 8, expertIntermediateSize: 768, sharedExperts: 0 });
		const params = countParams(model);
		// Hub safetensors total of Qwen/Qwen3-30B-A3B: 30,532,122,624
		expect(Math.abs(params.total - 30_532_122_624) / 30_532_122_624).toBeLessThan(1e-4);
	});

	it("takes gpt-oss layer_types as given and knows the MXFP4 checkpoint", () => {
		const { facts } = mapConfig(GPT_OSS_20B);
		expect(facts.attention.layerTypes).toHaveLength(24);
		expect(facts.attention.layerTypes?.filter((t) => t === "sliding")).toHaveLength(12);
		expect(facts.attention.slidingWindow).toBe(128);
		expect(facts.nativeDtype).toBe("mxfp4");
		expect(facts.moe).toMatchObject({ experts: 32, activeExperts: 4, expertIntermediateSize: 2880 });
		expect(facts.attention.qkvBias).toBe(true);
	});

	it("reads Qwen3-Next's hybrid layout: every 4th layer full attention, Gated DeltaNet elsewhere", () => {
		const { facts } = mapConfig(QWEN3_NEXT);
		expect(facts.attention.layerTypes?.filter((t) => t === "full")).toHaveLength(12);
		expect(facts.attention.layerTypes?.[3]).toBe("full");
		expect(facts.attention.linear).toEqual({ kind: "gated_deltanet", convKernel: 4, numKeyHeads: 16, numValueHeads: 32, keyHeadDim: 128, valueHeadDim: 128 });
		expect(facts.moe).toMatchObject({ experts: 512, activeExperts: 10, sharedExperts: 1, sharedIntermediateSize: 512 });
	});

	it("treats Mistral-7B-v0.1's sliding_window as every layer sliding, and says so", () => {
		const { facts, assumed } = mapConfig({
			architectures: ["MistralForCausalLM"],
			model_type: "mistral",
			hidden_size: 4096,
			intermediate_size: 14336,
			num_attention_heads: 32,
			num_hidden_layers: 32,
			num_key_value_heads: 8,
			sliding_window: 4096,
			vocab_size: 32000,
			max_position_embeddings: 32768,
			tie_word_embeddings: false,
			torch_dtype: "bfloat16",
		});
		expect(facts.attention.layerTypes?.every((t) => t === "sliding")).toBe(true);
		expect(facts.attention.slidingWindow).toBe(4096);
		expect(assumed.some((a) => a.includes("every layer uses the 4096-token sliding window"))).toBe(true);
	});

	it("tries an unknown family generically and lists every assumption", () => {
		const { facts, assumed } = mapConfig({
			architectures: ["FooForCausalLM"],
			model_type: "foo",
			hidden_size: 512,
			num_attention_heads: 8,
			num_hidden_layers: 4,
			vocab_size: 1000,
		});
		expect(facts.attention.kvHeads).toBe(8);
		expect(facts.attention.headDim).toBe(64);
		expect(assumed.join("\n")).toMatch(/"foo" is not a family canirun knows/);
		expect(assumed.join("\n")).toMatch(/num_key_value_heads = num_attention_heads/);
		expect(assumed.join("\n")).toMatch(/intermediate_size = 4 × hidden_size/);
		expect(assumed.join("\n")).toMatch(/context length = 4096/);
		expect(assumed.join("\n")).toMatch(/native dtype = bf16/);
	});

	it.each([
		["an encoder", { architectures: ["BertForMaskedLM"], model_type: "bert", hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12 }],
		["a state-space model", { architectures: ["MambaForCausalLM"], model_type: "mamba", hidden_size: 768, num_hidden_layers: 24 }],
		["a config without layers", { architectures: ["FooForCausalLM"], model_type: "foo", hidden_size: 768 }],
		["unknown layer kinds", { ...LLAMA_31_8B, layer_types: Array.from({ length: 32 }, () => "quantum_attention") }],
	])("refuses %s with unsupported_architecture", (_, config) => {
		let caught: unknown;
		try {
			mapConfig(config as HubConfig);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(HubError);
		expect((caught as HubError).code).toBe("unsupported_architecture");
	});
});
// Gemma 4 E2B's text fields (as two public transcriptions of google/gemma-4-E2B's config.json give them)
const GEMMA4_TEXT = {
	architectures: ["Gemma4ForCausalLM"],
	model_type: "gemma4_text",
	hidden_size: 1536,
	intermediate_size: 6144,
	num_attention_heads: 8,
	num_hidden_layers: 35,
	num_key_value_heads: 1,
	head_dim: 256,
	global_head_dim: 512,
	vocab_size: 262144,
	sliding_window: 512,
};

describe("mapConfig on the 2026 architectures (vendored configs in catalog/sources/models/configs)", () => {
	const vendored = (file: string): HubConfig =>
		parseConfigJson(readFileSync(join(REPO_DIR, "catalog", "sources", "models", "configs", file), "utf8")) as HubConfig;

	it("Gemma 4: global layers' heads and head size, K = V, MoE beside the dense MLP", () => {
		const { facts } = mapConfig(vendored("google--gemma-4-26B-A4B.json"));
		expect(facts.attention.global).toEqual({ kvHeads: 2, headDim: 512 });
		expect(facts.attention.kEqV).toBe(true);
		expect(facts.attention.slidingWindow).toBe(1024);
		expect(facts.moe).toMatchObject({ experts: 128, activeExperts: 8, expertIntermediateSize: 704, parallelDense: true });
		expect(facts.ffn.intermediateSize).toBe(2112);
	});

	it("GLM-5: MLA with the lightning indexer; Nemotron 3: the hybrid pattern and latent experts", () => {
		expect(mapConfig(vendored("zai-org--GLM-5.json")).facts.attention.indexer).toEqual({ heads: 32, headDim: 128, topK: 2048 });
		const nano = mapConfig(vendored("nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.json")).facts;
		expect(nano.blockPattern?.length).toBe(52);
		expect(nano.attention.layerTypes?.filter((t) => t === "full")).toHaveLength(6);
		expect(nano.attention.linear).toEqual({ kind: "mamba2", convKernel: 4, numKeyHeads: 8, numValueHeads: 64, keyHeadDim: 128, valueHeadDim: 64 });
		expect(nano.ffn.gated).toBe(false);
		const ultra = mapConfig(vendored("nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16.json")).facts;
		expect(ultra.layers).toBe(108);
		expect(ultra.moe?.latentSize).toBe(2048);
	});

	it("Gemma 4 E2B: per-layer embeddings, 20 shared-KV layers with a double-wide MLP, global layers with the sliding KV heads", () => {
		const { facts } = mapConfig({
			...GEMMA4_TEXT,
			hidden_size_per_layer_input: 256,
			vocab_size_per_layer_input: 262144,
			num_kv_shared_layers: 20,
			use_double_wide_mlp: true,
		} as HubConfig);
		expect(facts.perLayerEmbedding).toEqual({ width: 256, vocab: 262144 });
		expect(facts.attention.sharedKvLayers).toBe(20);
		expect(facts.attention.global).toEqual({ kvHeads: 1, headDim: 512 });
		expect(facts.ffn.doubleWideShared).toBe(true);
	});

	it("GLM-5.2: indexers shared across layers (index_topk_freq 4) keep the MLA + indexer geometry and say the keys are an upper bound", () => {
		const { facts, assumed } = mapConfig(vendored("zai-org--GLM-5.2.json"));
		expect(facts.attention.mla?.kvLoraRank).toBe(512);
		expect(facts.attention.indexer).toEqual({ heads: 32, headDim: 128, topK: 2048 });
		expect(assumed.some((a) => a.includes("1 layer in 4") && a.includes("upper bound"))).toBe(true);
	});

	it.each([
		["shared-KV layers covering every layer", { ...GEMMA4_TEXT, num_kv_shared_layers: 35 }],
		[
			"a block pattern of the wrong length",
			{
				architectures: ["NemotronHForCausalLM"],
				model_type: "nemotron_h",
				hidden_size: 64,
				num_attention_heads: 4,
				num_hidden_layers: 4,
				hybrid_override_pattern: "M*E",
			},
		],
	])("refuses %s rather than sizing it wrong", (_, config) => {
		expect(() => mapConfig(config as HubConfig)).toThrow(HubError);
	});
	it("LFM2: full_attn_idxs (first checkpoints) and layer_types (later ones) give the same layout; the MLP is auto-adjusted unless the config says not to", () => {
		const base = {
			architectures: ["Lfm2ForCausalLM"],
			model_type: "lfm2",
			hidden_size: 256,
			num_attention_heads: 4,
			num_key_value_heads: 2,
			num_hidden_layers: 4,
			vocab_size: 1000,
			conv_L_cache: 3,
		};
		const byIdx = mapConfig({ ...base, full_attn_idxs: [1, 3], block_ff_dim: 1536 } as HubConfig);
		const byTypes = mapConfig({
			...base,
			layer_types: ["conv", "full_attention", "conv", "full_attention"],
			intermediate_size: 1536,
			block_auto_adjust_ff_dim: true,
		} as HubConfig);
		expect(byIdx.facts.attention.layerTypes).toEqual(["linear", "full", "linear", "full"]);
		expect(byTypes.facts.attention.layerTypes).toEqual(byIdx.facts.attention.layerTypes);
		expect(byIdx.facts.attention.linear).toEqual({ kind: "shortconv", convKernel: 3, numKeyHeads: 1, numValueHeads: 1, keyHeadDim: 256, valueHeadDim: 256 });
		// int(2/3 · 1536) = 1024, already a multiple of 256; the default is said in `assumed`
		expect(byIdx.facts.ffn.intermediateSize).toBe(1024);
		expect(byIdx.assumed.some((a) => a.includes("block_auto_adjust_ff_dim"))).toBe(true);
		// multiplier and rounding: int(2/3 · 1000) = 666 → ×1.5 = 999 → next multiple of 256 = 1024
		const odd = mapConfig({ ...base, full_attn_idxs: [1], block_ff_dim: 1000, block_ffn_dim_multiplier: 1.5 } as HubConfig);
		expect(odd.facts.ffn.intermediateSize).toBe(1024);
		expect(mapConfig({ ...base, full_attn_idxs: [1], intermediate_size: 1000, block_auto_adjust_ff_dim: false } as HubConfig).facts.ffn.intermediateSize).toBe(
			1000,
		);
		expect(byIdx.facts.tiedEmbeddings).toBe(true);
		// an index past the layers, or conv layers without conv_L_cache, are refused rather than guessed
		expect(() => mapConfig({ ...base, full_attn_idxs: [4] } as HubConfig)).toThrow(HubError);
		expect(() => mapConfig({ ...base, conv_L_cache: undefined, full_attn_idxs: [1] } as HubConfig)).toThrow(HubError);
	});

	it("Kimi-Linear: 1-based kda_layers / full_attn_layers, KDA state geometry, MLA without q-lora, num_experts_per_token", () => {
		const cfg = {
			architectures: ["KimiLinearForCausalLM"],
			model_type: "kimi_linear",
			hidden_size: 512,
			num_hidden_layers: 4,
			num_attention_heads: 8,
			num_key_value_heads: 8,
			vocab_size: 1000,
			intermediate_size: 1024,
			q_lora_rank: null,
			kv_lora_rank: 64,
			qk_nope_head_dim: 32,
			qk_rope_head_dim: 16,
			v_head_dim: 32,
			num_experts: 16,
			num_experts_per_token: 2,
			num_shared_experts: 1,
			moe_intermediate_size: 128,
			first_k_dense_replace: 1,
			linear_attn_config: { kda_layers: [1, 2, 3], full_attn_layers: [4], num_heads: 8, head_dim: 64, short_conv_kernel_size: 4 },
		};
		const { facts } = mapConfig(cfg as HubConfig);
		expect(facts.attention.layerTypes).toEqual(["linear", "linear", "linear", "full"]);
		expect(facts.attention.linear).toEqual({ kind: "kda", convKernel: 4, numKeyHeads: 8, numValueHeads: 8, keyHeadDim: 64, valueHeadDim: 64 });
		expect(facts.attention.mla).toMatchObject({ kvLoraRank: 64, qLoraRank: null });
		expect(facts.moe).toMatchObject({ experts: 16, activeExperts: 2, sharedExperts: 1, firstDenseLayers: 1 });
		// only one list given: the other layers are the rest; a layer in both lists is refused
		const onlyFull = mapConfig({
			...cfg,
			linear_attn_config: { full_attn_layers: [2, 4], num_heads: 8, head_dim: 64, short_conv_kernel_size: 4 },
		} as HubConfig);
		expect(onlyFull.facts.attention.layerTypes).toEqual(["linear", "full", "linear", "full"]);
		expect(() =>
			mapConfig({
				...cfg,
				linear_attn_config: { kda_layers: [1, 2, 3, 4], full_attn_layers: [4], num_heads: 8, head_dim: 64, short_conv_kernel_size: 4 },
			} as HubConfig),
		).toThrow(HubError);
	});

	it("granitemoehybrid: shared_intermediate_size is the shared expert beside the MoE, or the dense MLP without experts; mamba_d_head 'auto' is expand × hidden / heads", () => {
		const base = {
			architectures: ["GraniteMoeHybridForCausalLM"],
			model_type: "granitemoehybrid",
			hidden_size: 256,
			num_hidden_layers: 4,
			num_attention_heads: 4,
			num_key_value_heads: 2,
			vocab_size: 1000,
			intermediate_size: 64,
			shared_intermediate_size: 512,
			mamba_n_heads: 8,
			mamba_d_head: "auto",
			mamba_expand: 2,
			mamba_d_state: 16,
			mamba_n_groups: 1,
			mamba_d_conv: 4,
			layer_types: ["mamba", "attention", "mamba", "mamba"],
		};
		const moe = mapConfig({ ...base, num_local_experts: 8, num_experts_per_tok: 2 } as HubConfig).facts;
		expect(moe.moe).toMatchObject({ experts: 8, activeExperts: 2, expertIntermediateSize: 64, sharedIntermediateSize: 512, sharedExperts: 1 });
		expect(moe.ffn.intermediateSize).toBe(0);
		expect(moe.attention.linear).toEqual({ kind: "mamba2", convKernel: 4, numKeyHeads: 1, numValueHeads: 8, keyHeadDim: 16, valueHeadDim: 64 });
		const dense = mapConfig({ ...base, num_local_experts: 0, num_experts_per_tok: 0 } as HubConfig).facts;
		expect(dense.moe).toBeNull();
		expect(dense.ffn.intermediateSize).toBe(512);
		expect(dense.attention.layerTypes).toEqual(["linear", "full", "linear", "linear"]);
	});
});
