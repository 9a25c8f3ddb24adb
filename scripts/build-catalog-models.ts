/**
 * Models: catalog/sources/models/models.json (93 verified entries, HF config.json field names)
 * converted to the catalog schema, plus per-entry curation (ids, aliases, Ollama tags, totals where
 * the source only has a rounded figure, facts the source left null) and the additions of
 * build-catalog-model-additions.ts. Every curated fact names its source in `source`.
 */
import type { LayerType, Model } from "../src/catalog/schema.js";
import { LITGPT, LLMFIT } from "./build-catalog-sources.js";

/** One entry of catalog-sources/models.json (only the fields we read). */
export interface SourceModel {
	name: string;
	family: string;
	hf_repo: string;
	ollama_tag: string | null;
	architecture: string;
	model_type: string | null;
	total_params: string | null;
	total_params_exact: number | null;
	active_params: string | null;
	num_hidden_layers: number | null;
	hidden_size: number | null;
	num_attention_heads: number | null;
	num_key_value_heads: number | null;
	head_dim: number | null;
	intermediate_size: number | null;
	vocab_size: number | null;
	max_position_embeddings: number | null;
	context_length: number | null;
	tie_word_embeddings: boolean | null;
	torch_dtype: string | null;
	num_experts: number | null;
	num_experts_per_tok: number | null;
	n_shared_experts: number | null;
	moe_intermediate_size: number | null;
	shared_expert_intermediate_size: number | null;
	first_k_dense_replace: number | null;
	kv_lora_rank: number | null;
	q_lora_rank: number | null;
	qk_rope_head_dim: number | null;
	qk_nope_head_dim: number | null;
	v_head_dim: number | null;
	sliding_window: number | null;
	license: string;
	release_date: string | null;
	source: string[];
	notes: string | null;
}

/** Curation of one source entry. Anything set here wins over the source field. */
export interface Curation {
	id: string;
	name?: string;
	family: string;
	publisher: string;
	aliases: string[];
	ollamaTags?: string[];
	totalParams?: number;
	activeParams?: number;
	contextLength?: number;
	nativeDtype?: Model["nativeDtype"];
	tiedEmbeddings?: boolean;
	intermediateSize?: number;
	gated?: boolean;
	kvHeads?: number;
	headDim?: number;
	layerTypes?: LayerType[] | null;
	slidingWindow?: number | null;
	qkvBias?: boolean;
	/** DeepSeek sparse attention's lightning indexer (index_n_heads, index_head_dim, index_topk) */
	indexer?: NonNullable<Model["attention"]["indexer"]>;
	moe?: Partial<NonNullable<Model["moe"]>> | null;
	linear?: Model["attention"]["linear"];
	mtpLayers?: number;
	visionParams?: number;
	releaseDate?: string;
	relations?: Partial<Model["relations"]>;
	flagship?: boolean;
	extraSource?: string[];
	notes?: string;
}

const B = 1e9;

/** Repeat a per-layer pattern to `layers` entries. */
export function pattern(layers: number, unit: readonly LayerType[]): LayerType[] {
	return Array.from({ length: layers }, (_, i) => unit[i % unit.length] as LayerType);
}

const GEMMA3_WINDOW_NOTE =
	"layer_types: 5 sliding : 1 full (HF Gemma3 sliding_window_pattern 6: layer i is full iff (i+1) % 6 == 0)";
const QWEN_TIE = "tie_word_embeddings per catalog-sources/models.json";
const R1_DISTILL_SOURCE = "DeepSeek-R1 model card distilled-model table (base models) as summarised in catalog-sources/models.json notes";
/** Gemma 3 SigLIP tower (+ projector 1152×hidden): 4,300,079,472 (google/gemma-3-4b-it HF count) − 3,880,263,168 (text-only Gemma3ForCausalLM 4B copy twinkle-ai/gemma-3-4B-T1-it) = 419,816,304 at hidden 2560, i.e. 416,867,184 + 1152·hidden. Both counts from llmfit's HF scrape. */
const gemma3Vision = (hidden: number): number => 416_867_184 + 1152 * hidden;

export const CURATION: Record<string, Curation> = {
	"DeepSeek-R1": {
		id: "deepseek-r1",
		family: "DeepSeek R1",
		publisher: "DeepSeek",
		aliases: ["DeepSeek R1", "R1", "deepseek-ai/DeepSeek-R1", "deepseek reasoner", "DeepSeek", "DeepSeek R1 671B"],
		// the library's deepseek-r1 (:latest = :8b) is the Qwen3 8B distill and :671b is R1-0528 (catalog/ollama.json)
		ollamaTags: [],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
		flagship: true,
		relations: { smallerSiblings: ["deepseek-r1-distill-llama-70b", "deepseek-r1-distill-qwen-32b", "deepseek-r1-distill-qwen-14b"] },
		notes: "HF config torch_dtype bfloat16 but the checkpoint ships FP8 e4m3 block-quantized weights (quantization_config quant_method fp8).",
	},
	"DeepSeek-R1-0528": {
		id: "deepseek-r1-0528",
		family: "DeepSeek R1",
		publisher: "DeepSeek",
		aliases: ["DeepSeek R1 0528", "R1-0528", "deepseek-ai/DeepSeek-R1-0528"],
		ollamaTags: [],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
	},
	"DeepSeek-V3": {
		id: "deepseek-v3",
		family: "DeepSeek V3",
		publisher: "DeepSeek",
		aliases: ["DeepSeek V3", "deepseek-ai/DeepSeek-V3", "deepseek chat"],
		ollamaTags: ["deepseek-v3", "deepseek-v3:671b"],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
	},
	"DeepSeek-V3-0324": {
		id: "deepseek-v3-0324",
		family: "DeepSeek V3",
		publisher: "DeepSeek",
		aliases: ["DeepSeek V3 0324", "deepseek-ai/DeepSeek-V3-0324"],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
	},
	"DeepSeek-V3.1": {
		id: "deepseek-v3.1",
		family: "DeepSeek V3",
		publisher: "DeepSeek",
		aliases: ["DeepSeek V3.1", "deepseek-ai/DeepSeek-V3.1"],
		ollamaTags: ["deepseek-v3.1", "deepseek-v3.1:671b"],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
		releaseDate: "2025-08-21",
		extraSource: ["release date: deepseek-ai/DeepSeek-V3.1 model card (2025-08-21 announcement)"],
	},
	"DeepSeek-V3.2": {
		id: "deepseek-v3.2",
		family: "DeepSeek V3",
		publisher: "DeepSeek",
		aliases: ["DeepSeek V3.2", "deepseek-ai/DeepSeek-V3.2"],
		totalParams: 671 * B,
		activeParams: 37 * B,
		nativeDtype: "fp8",
		mtpLayers: 1,
		flagship: true,
		indexer: { heads: 64, headDim: 128, topK: 2048 },
		extraSource: ["indexer: ai-dynamo/aiconfigurator@095f58a51c4ca8e61b66ec108d86f223f8d559ce:aic-core/src/aiconfigurator_core/model_configs/deepseek-ai--DeepSeek-V3.2_config.json (index_n_heads 64, index_head_dim 128, index_topk 2048)"],
		notes: "DeepSeek Sparse Attention: a lightning indexer per layer whose keys (128 per token per layer) are cached beside the MLA latent (llama.cpp src/llama-kv-cache-dsa.cpp).",
	},
	"DeepSeek-R1-Distill-Llama-8B": {
		id: "deepseek-r1-distill-llama-8b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Llama 8B", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"],
		ollamaTags: ["deepseek-r1:8b-llama-distill"],
		nativeDtype: "bf16",
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "llama-3.1-8b-instruct" },
		extraSource: [R1_DISTILL_SOURCE],
	},
	"DeepSeek-R1-Distill-Llama-70B": {
		id: "deepseek-r1-distill-llama-70b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Llama 70B", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"],
		ollamaTags: ["deepseek-r1:70b"],
		nativeDtype: "bf16",
		flagship: true,
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "llama-3.3-70b-instruct", smallerSiblings: ["deepseek-r1-distill-qwen-32b", "deepseek-r1-distill-qwen-14b"] },
		extraSource: [R1_DISTILL_SOURCE],
	},
	"DeepSeek-R1-Distill-Qwen-1.5B": {
		id: "deepseek-r1-distill-qwen-1.5b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Qwen 1.5B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"],
		ollamaTags: ["deepseek-r1:1.5b"],
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "qwen2.5-1.5b-instruct" },
		notes: "Distilled into Qwen2.5-Math-1.5B (untied embeddings, unlike Qwen2.5-1.5B-Instruct). Qwen2 attention has q/k/v bias.",
		extraSource: [R1_DISTILL_SOURCE],
	},
	"DeepSeek-R1-Distill-Qwen-7B": {
		id: "deepseek-r1-distill-qwen-7b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Qwen 7B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"],
		ollamaTags: ["deepseek-r1:7b"],
		nativeDtype: "bf16",
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "qwen2.5-7b-instruct" },
		extraSource: [R1_DISTILL_SOURCE],
	},
	"DeepSeek-R1-Distill-Qwen-14B": {
		id: "deepseek-r1-distill-qwen-14b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Qwen 14B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B"],
		ollamaTags: ["deepseek-r1:14b"],
		nativeDtype: "bf16",
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "qwen2.5-14b-instruct" },
		extraSource: [R1_DISTILL_SOURCE],
	},
	"DeepSeek-R1-Distill-Qwen-32B": {
		id: "deepseek-r1-distill-qwen-32b",
		family: "DeepSeek R1 Distill",
		publisher: "DeepSeek",
		aliases: ["R1 Distill Qwen 32B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"],
		ollamaTags: ["deepseek-r1:32b"],
		nativeDtype: "bf16",
		relations: { distilledFrom: ["deepseek-r1"], baseModel: "qwen2.5-32b-instruct", smallerSiblings: ["deepseek-r1-distill-qwen-14b", "deepseek-r1-distill-qwen-7b"] },
		extraSource: [R1_DISTILL_SOURCE],
	},
	"Llama-3.1-8B-Instruct": {
		id: "llama-3.1-8b-instruct",
		family: "Llama 3.1",
		publisher: "Meta",
		aliases: ["Llama 3.1 8B", "Meta-Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B", "Llama-3.1-8B"],
		ollamaTags: ["llama3.1", "llama3.1:8b", "llama3.1:latest"],
		relations: { smallerSiblings: ["llama-3.2-3b-instruct", "llama-3.2-1b-instruct"] },
	},
	"Llama-3.1-70B-Instruct": {
		id: "llama-3.1-70b-instruct",
		family: "Llama 3.1",
		publisher: "Meta",
		aliases: ["Llama 3.1 70B", "Meta-Llama-3.1-70B-Instruct", "meta-llama/Meta-Llama-3.1-70B-Instruct", "meta-llama/Llama-3.1-70B", "Llama-3.1-70B"],
		ollamaTags: ["llama3.1:70b"],
		flagship: true,
		relations: { smallerSiblings: ["llama-3.1-8b-instruct"] },
		notes: "Family flagship is the 70B (the size people run locally), not the 405B.",
	},
	"Llama-3.1-405B-Instruct": {
		id: "llama-3.1-405b-instruct",
		family: "Llama 3.1",
		publisher: "Meta",
		aliases: ["Llama 3.1 405B", "Meta-Llama-3.1-405B-Instruct", "meta-llama/Meta-Llama-3.1-405B-Instruct", "Llama-3.1-405B"],
		ollamaTags: ["llama3.1:405b"],
		relations: { smallerSiblings: ["llama-3.1-70b-instruct", "llama-3.1-8b-instruct"] },
	},
	"Llama-3.2-1B-Instruct": {
		id: "llama-3.2-1b-instruct",
		family: "Llama 3.2",
		publisher: "Meta",
		aliases: ["Llama 3.2 1B", "Llama-3.2-1B"],
		ollamaTags: ["llama3.2:1b"],
		nativeDtype: "bf16",
	},
	"Llama-3.2-3B-Instruct": {
		id: "llama-3.2-3b-instruct",
		family: "Llama 3.2",
		publisher: "Meta",
		aliases: ["Llama 3.2 3B", "Llama-3.2-3B"],
		ollamaTags: ["llama3.2", "llama3.2:3b", "llama3.2:latest"],
		flagship: true,
		relations: { smallerSiblings: ["llama-3.2-1b-instruct"] },
	},
	"Llama-3.3-70B-Instruct": {
		id: "llama-3.3-70b-instruct",
		family: "Llama 3.3",
		publisher: "Meta",
		aliases: ["Llama 3.3 70B", "Llama 3.3", "Llama-3.3-70B"],
		ollamaTags: ["llama3.3", "llama3.3:70b", "llama3.3:latest"],
		nativeDtype: "bf16",
		flagship: true,
		relations: { smallerSiblings: ["llama-3.1-8b-instruct"] },
	},
	"Llama-4-Scout-17B-16E-Instruct": {
		id: "llama-4-scout-17b-16e-instruct",
		name: "Llama 4 Scout 17B-16E",
		family: "Llama 4",
		publisher: "Meta",
		aliases: ["Llama 4 Scout", "Llama-4-Scout", "Llama-4-Scout-17B-16E", "scout"],
		ollamaTags: ["llama4:scout", "llama4:16x17b", "llama4"],
		totalParams: 109 * B,
		activeParams: 17 * B,
		tiedEmbeddings: false,
		intermediateSize: 16384,
		moe: { experts: 16, activeExperts: 1, sharedExperts: 1, expertIntermediateSize: 8192, sharedIntermediateSize: 8192, firstDenseLayers: 0, layerFrequency: 1 },
		flagship: true,
		extraSource: ["Ollama library llama4 tags (scout = 16x17b, maverick = 128x17b)"],
		notes:
			"Every layer MoE: 16 routed experts (1 active) + a shared expert of 8192. intermediate_size_mlp 16384 is the dense MLP width (used only by Maverick's non-MoE layers). totalParams includes the vision tower (size not published separately, so visionParams is 0). tie_word_embeddings absent from text_config (default false).",
	},
	"Llama-4-Maverick-17B-128E-Instruct": {
		id: "llama-4-maverick-17b-128e-instruct",
		name: "Llama 4 Maverick 17B-128E",
		family: "Llama 4",
		publisher: "Meta",
		aliases: ["Llama 4 Maverick", "Llama-4-Maverick", "Llama-4-Maverick-17B-128E", "maverick"],
		ollamaTags: ["llama4:maverick", "llama4:128x17b"],
		totalParams: 401_583_781_376,
		activeParams: 17 * B,
		tiedEmbeddings: false,
		intermediateSize: 16384,
		moe: { experts: 128, activeExperts: 1, sharedExperts: 1, expertIntermediateSize: 8192, sharedIntermediateSize: 8192, firstDenseLayers: 0, layerFrequency: 2 },
		extraSource: [`${LLMFIT} (meta-llama/Llama-4-Maverick-17B-128E-Instruct parameters_raw 401,583,781,376)`],
		notes: "interleave_moe_layer_step 2: every 2nd layer MoE (128 experts, 1 active + shared 8192), the others dense 16384. totalParams is the HF count incl. the vision tower.",
	},
	"Qwen2.5-0.5B-Instruct": { id: "qwen2.5-0.5b-instruct", family: "Qwen2.5", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 0.5B"], ollamaTags: ["qwen2.5:0.5b"], qkvBias: true },
	"Qwen2.5-1.5B-Instruct": { id: "qwen2.5-1.5b-instruct", family: "Qwen2.5", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 1.5B"], ollamaTags: ["qwen2.5:1.5b"], qkvBias: true },
	"Qwen2.5-3B-Instruct": { id: "qwen2.5-3b-instruct", family: "Qwen2.5", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 3B"], ollamaTags: ["qwen2.5:3b"], qkvBias: true },
	"Qwen2.5-7B-Instruct": {
		id: "qwen2.5-7b-instruct",
		family: "Qwen2.5",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen2.5 7B", "Qwen2.5-7B"],
		ollamaTags: ["qwen2.5", "qwen2.5:7b", "qwen2.5:latest"],
		qkvBias: true,
		contextLength: 32768,
		notes: "config max_position_embeddings 32768; 128K via YaRN rope_scaling per the model card.",
	},
	"Qwen2.5-14B-Instruct": { id: "qwen2.5-14b-instruct", family: "Qwen2.5", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 14B", "Qwen2.5-14B"], ollamaTags: ["qwen2.5:14b"], qkvBias: true, contextLength: 32768 },
	"Qwen2.5-32B-Instruct": { id: "qwen2.5-32b-instruct", family: "Qwen2.5", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 32B", "Qwen2.5-32B"], ollamaTags: ["qwen2.5:32b"], qkvBias: true, contextLength: 32768 },
	"Qwen2.5-72B-Instruct": {
		id: "qwen2.5-72b-instruct",
		family: "Qwen2.5",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen2.5 72B", "Qwen2.5-72B"],
		ollamaTags: ["qwen2.5:72b"],
		qkvBias: true,
		contextLength: 32768,
		flagship: true,
		relations: { smallerSiblings: ["qwen2.5-32b-instruct", "qwen2.5-14b-instruct", "qwen2.5-7b-instruct"] },
	},
	"Qwen2.5-Coder-0.5B-Instruct": { id: "qwen2.5-coder-0.5b-instruct", family: "Qwen2.5-Coder", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 Coder 0.5B"], ollamaTags: ["qwen2.5-coder:0.5b"], qkvBias: true, nativeDtype: "bf16" },
	"Qwen2.5-Coder-1.5B-Instruct": { id: "qwen2.5-coder-1.5b-instruct", family: "Qwen2.5-Coder", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 Coder 1.5B"], ollamaTags: ["qwen2.5-coder:1.5b"], qkvBias: true, nativeDtype: "bf16" },
	"Qwen2.5-Coder-3B-Instruct": { id: "qwen2.5-coder-3b-instruct", family: "Qwen2.5-Coder", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 Coder 3B"], ollamaTags: ["qwen2.5-coder:3b"], qkvBias: true, nativeDtype: "bf16" },
	"Qwen2.5-Coder-7B-Instruct": {
		id: "qwen2.5-coder-7b-instruct",
		family: "Qwen2.5-Coder",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen2.5 Coder 7B"],
		ollamaTags: ["qwen2.5-coder", "qwen2.5-coder:7b", "qwen2.5-coder:latest"],
		qkvBias: true,
		nativeDtype: "bf16",
	},
	"Qwen2.5-Coder-14B-Instruct": { id: "qwen2.5-coder-14b-instruct", family: "Qwen2.5-Coder", publisher: "Alibaba Qwen", aliases: ["Qwen2.5 Coder 14B"], ollamaTags: ["qwen2.5-coder:14b"], qkvBias: true, nativeDtype: "bf16" },
	"Qwen2.5-Coder-32B-Instruct": {
		id: "qwen2.5-coder-32b-instruct",
		family: "Qwen2.5-Coder",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen2.5 Coder 32B"],
		ollamaTags: ["qwen2.5-coder:32b"],
		qkvBias: true,
		nativeDtype: "bf16",
		flagship: true,
		relations: { smallerSiblings: ["qwen2.5-coder-14b-instruct", "qwen2.5-coder-7b-instruct"] },
	},
	"QwQ-32B": {
		id: "qwq-32b",
		family: "QwQ",
		publisher: "Alibaba Qwen",
		aliases: ["QwQ", "QwQ 32B"],
		ollamaTags: ["qwq", "qwq:32b", "qwq:latest"],
		qkvBias: true,
		nativeDtype: "bf16",
		flagship: true,
		releaseDate: "2025-03-05",
		relations: { baseModel: "qwen2.5-32b-instruct" },
		extraSource: ["release date: Qwen blog 'QwQ-32B: Embracing the Power of Reinforcement Learning' (2025-03-05)"],
	},
	"Qwen3-0.6B": { id: "qwen3-0.6b", family: "Qwen3", publisher: "Alibaba Qwen", aliases: ["Qwen3 0.6B"], ollamaTags: ["qwen3:0.6b"] },
	"Qwen3-1.7B": { id: "qwen3-1.7b", family: "Qwen3", publisher: "Alibaba Qwen", aliases: ["Qwen3 1.7B"], ollamaTags: ["qwen3:1.7b"] },
	"Qwen3-4B": { id: "qwen3-4b", family: "Qwen3", publisher: "Alibaba Qwen", aliases: ["Qwen3 4B"], ollamaTags: ["qwen3:4b"] },
	"Qwen3-8B": { id: "qwen3-8b", family: "Qwen3", publisher: "Alibaba Qwen", aliases: ["Qwen3 8B"], ollamaTags: ["qwen3", "qwen3:8b", "qwen3:latest"] },
	"Qwen3-14B": { id: "qwen3-14b", family: "Qwen3", publisher: "Alibaba Qwen", aliases: ["Qwen3 14B"], ollamaTags: ["qwen3:14b"] },
	"Qwen3-32B": {
		id: "qwen3-32b",
		family: "Qwen3",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen3 32B"],
		ollamaTags: ["qwen3:32b"],
		relations: { smallerSiblings: ["qwen3-14b", "qwen3-8b"] },
	},
	"Qwen3-30B-A3B": {
		id: "qwen3-30b-a3b",
		family: "Qwen3",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen3 30B A3B", "Qwen3-30B", "qwen3 30b moe"],
		ollamaTags: ["qwen3:30b", "qwen3:30b-a3b"],
		totalParams: 30.5 * B,
		activeParams: 3.3 * B,
		extraSource: ["total/active: Qwen3-30B-A3B model card ('30.5B in total and 3.3B activated')"],
		moe: { sharedExperts: 0 },
	},
	"Qwen3-235B-A22B": {
		id: "qwen3-235b-a22b",
		family: "Qwen3",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen3 235B A22B", "Qwen3-235B"],
		ollamaTags: ["qwen3:235b", "qwen3:235b-a22b"],
		totalParams: 235_093_634_560,
		activeParams: 22 * B,
		flagship: true,
		moe: { sharedExperts: 0 },
		relations: { smallerSiblings: ["qwen3-32b", "qwen3-30b-a3b", "qwen3-14b"] },
		extraSource: [`${LLMFIT} (Qwen/Qwen3-235B-A22B parameters_raw 235,093,634,560)`, "active: Qwen3-235B-A22B model card (22B activated)"],
		notes: "Family flagship of Qwen3 (the largest open Qwen3 model; the answer says so when only 'qwen3' is typed).",
	},
	"Qwen3-Coder-480B-A35B-Instruct": {
		id: "qwen3-coder-480b-a35b-instruct",
		family: "Qwen3-Coder",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen3 Coder 480B", "Qwen3-Coder-480B-A35B"],
		ollamaTags: ["qwen3-coder:480b"],
		totalParams: 480_154_875_392,
		activeParams: 35 * B,
		flagship: true,
		moe: { sharedExperts: 0 },
		relations: { smallerSiblings: ["qwen3-coder-30b-a3b-instruct"] },
		extraSource: [`${LLMFIT} (parameters_raw 480,154,875,392)`],
	},
	"Qwen3-Next-80B-A3B-Instruct": {
		id: "qwen3-next-80b-a3b-instruct",
		family: "Qwen3-Next",
		publisher: "Alibaba Qwen",
		aliases: ["Qwen3 Next 80B", "Qwen3-Next", "Qwen3-Next-80B-A3B"],
		ollamaTags: ["qwen3-next", "qwen3-next:80b"],
		totalParams: 80 * B,
		activeParams: 3 * B,
		nativeDtype: "bf16",
		intermediateSize: 0,
		mtpLayers: 1,
		flagship: true,
		layerTypes: pattern(48, ["linear", "linear", "linear", "full"]),
		linear: { kind: "gated_deltanet", convKernel: 4, numKeyHeads: 16, numValueHeads: 32, keyHeadDim: 128, valueHeadDim: 128 },
		moe: { experts: 512, activeExperts: 10, sharedExperts: 1, expertIntermediateSize: 512, sharedIntermediateSize: 512, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: ["docs.vllm.ai Qwen3NextConfig defaults (linear_conv_kernel_dim 4, linear_key_head_dim 128, linear_value_head_dim 128, linear_num_key_heads 16, linear_num_value_heads 32, full_attention_interval 4)"],
		notes: "Hybrid: 12 × (3 Gated DeltaNet + 1 gated full attention). 80B total excludes the MTP module (81.3B on HF).",
	},
	"gemma-2-2b-it": { id: "gemma-2-2b-it", name: "Gemma 2 2B", family: "Gemma 2", publisher: "Google", aliases: ["Gemma 2 2B", "gemma-2-2b", "gemma2 2b"], ollamaTags: ["gemma2:2b"], nativeDtype: "bf16" },
	"gemma-2-9b-it": { id: "gemma-2-9b-it", name: "Gemma 2 9B", family: "Gemma 2", publisher: "Google", aliases: ["Gemma 2 9B", "gemma-2-9b"], ollamaTags: ["gemma2", "gemma2:9b", "gemma2:latest"], nativeDtype: "bf16" },
	"gemma-2-27b-it": {
		id: "gemma-2-27b-it",
		name: "Gemma 2 27B",
		family: "Gemma 2",
		publisher: "Google",
		aliases: ["Gemma 2 27B", "gemma-2-27b"],
		ollamaTags: ["gemma2:27b"],
		nativeDtype: "bf16",
		flagship: true,
		relations: { smallerSiblings: ["gemma-2-9b-it", "gemma-2-2b-it"] },
	},
	"gemma-3-1b-it": { id: "gemma-3-1b-it", name: "Gemma 3 1B", family: "Gemma 3", publisher: "Google", aliases: ["Gemma 3 1B", "gemma-3-1b"], ollamaTags: ["gemma3:1b"], nativeDtype: "bf16" },
	"gemma-3-4b-it": {
		id: "gemma-3-4b-it",
		name: "Gemma 3 4B",
		family: "Gemma 3",
		publisher: "Google",
		aliases: ["Gemma 3 4B", "gemma-3-4b"],
		ollamaTags: ["gemma3", "gemma3:4b", "gemma3:latest"],
		nativeDtype: "bf16",
		visionParams: gemma3Vision(2560),
	},
	"gemma-3-12b-it": { id: "gemma-3-12b-it", name: "Gemma 3 12B", family: "Gemma 3", publisher: "Google", aliases: ["Gemma 3 12B", "gemma-3-12b"], ollamaTags: ["gemma3:12b"], nativeDtype: "bf16", visionParams: gemma3Vision(3840) },
	"gemma-3-27b-it": {
		id: "gemma-3-27b-it",
		name: "Gemma 3 27B",
		family: "Gemma 3",
		publisher: "Google",
		aliases: ["Gemma 3 27B", "gemma-3-27b"],
		ollamaTags: ["gemma3:27b"],
		nativeDtype: "bf16",
		visionParams: gemma3Vision(5376),
		flagship: true,
		relations: { smallerSiblings: ["gemma-3-12b-it", "gemma-3-4b-it"] },
	},
	"gpt-oss-20b": {
		id: "gpt-oss-20b",
		family: "gpt-oss",
		publisher: "OpenAI",
		aliases: ["gpt oss 20b", "openai gpt-oss-20b"],
		ollamaTags: ["gpt-oss:20b", "gpt-oss", "gpt-oss:latest"],
		totalParams: 20.9 * B,
		activeParams: 3.6 * B,
		nativeDtype: "mxfp4",
		qkvBias: true,
		intermediateSize: 0,
		moe: { experts: 32, activeExperts: 4, sharedExperts: 0, expertIntermediateSize: 2880, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: ["gpt-oss model card (arXiv 2508.10925): 20.9B total / 3.6B active; 116.8B / 5.1B"],
	},
	"gpt-oss-120b": {
		id: "gpt-oss-120b",
		family: "gpt-oss",
		publisher: "OpenAI",
		aliases: ["gpt oss 120b", "openai gpt-oss-120b"],
		ollamaTags: ["gpt-oss:120b"],
		totalParams: 116.8 * B,
		activeParams: 5.1 * B,
		nativeDtype: "mxfp4",
		qkvBias: true,
		intermediateSize: 0,
		flagship: true,
		moe: { experts: 128, activeExperts: 4, sharedExperts: 0, expertIntermediateSize: 2880, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		relations: { smallerSiblings: ["gpt-oss-20b"] },
		extraSource: ["gpt-oss model card (arXiv 2508.10925): 20.9B total / 3.6B active; 116.8B / 5.1B"],
	},
	"Mistral-7B-Instruct-v0.3": {
		id: "mistral-7b-instruct-v0.3",
		family: "Mistral 7B",
		publisher: "Mistral AI",
		aliases: ["Mistral 7B v0.3", "Mistral 7B", "mistral-7b", "Mistral-7B-v0.3"],
		ollamaTags: ["mistral", "mistral:7b", "mistral:latest"],
		nativeDtype: "bf16",
		flagship: true,
	},
	"Mistral-Small-24B-Instruct-2501": {
		id: "mistral-small-24b-instruct-2501",
		family: "Mistral Small",
		publisher: "Mistral AI",
		aliases: ["Mistral Small 3", "Mistral Small 24B", "Mistral-Small-3-24B"],
		ollamaTags: ["mistral-small:24b", "mistral-small"],
		nativeDtype: "bf16",
	},
	"Mistral-Small-3.1-24B-Instruct-2503": {
		id: "mistral-small-3.1-24b-instruct-2503",
		family: "Mistral Small",
		publisher: "Mistral AI",
		aliases: ["Mistral Small 3.1", "Mistral-Small-3.1-24B"],
		ollamaTags: ["mistral-small3.1", "mistral-small3.1:24b"],
		totalParams: 23_572_403_200,
		nativeDtype: "bf16",
		extraSource: ["text decoder identical in shape to Mistral-Small-24B-Instruct-2501 (23,572,403,200) per catalog-sources/models.json notes"],
		notes: "totalParams is the text decoder (what llama.cpp loads); the Pixtral vision encoder (~0.4B) ships as a separate mmproj.",
	},
	"Mistral-Small-3.2-24B-Instruct-2506": {
		id: "mistral-small-3.2-24b-instruct-2506",
		family: "Mistral Small",
		publisher: "Mistral AI",
		aliases: ["Mistral Small 3.2", "Mistral-Small-3.2-24B"],
		ollamaTags: ["mistral-small3.2", "mistral-small3.2:24b"],
		totalParams: 23_572_403_200,
		nativeDtype: "bf16",
		flagship: true,
		extraSource: ["text decoder identical in shape to Mistral-Small-24B-Instruct-2501 (23,572,403,200) per catalog-sources/models.json notes"],
		notes: "totalParams is the text decoder (what llama.cpp loads); the Pixtral vision encoder (~0.4B) ships as a separate mmproj.",
	},
	"Mistral-Nemo-Base-2407": {
		id: "mistral-nemo-2407",
		name: "Mistral NeMo 12B (2407)",
		family: "Mistral NeMo",
		publisher: "Mistral AI",
		aliases: ["Mistral Nemo", "Mistral NeMo 12B", "Mistral-Nemo-Instruct-2407", "mistralai/Mistral-Nemo-Instruct-2407", "Mistral-Nemo-Base-2407"],
		ollamaTags: ["mistral-nemo", "mistral-nemo:12b", "mistral-nemo:latest"],
		flagship: true,
	},
	"Mixtral-8x7B-v0.1": {
		id: "mixtral-8x7b",
		name: "Mixtral 8x7B",
		family: "Mixtral",
		publisher: "Mistral AI",
		aliases: ["Mixtral 8x7B", "Mixtral-8x7B-Instruct-v0.1", "mistralai/Mixtral-8x7B-Instruct-v0.1", "Mixtral-8x7B-v0.1", "mixtral instruct"],
		ollamaTags: ["mixtral", "mixtral:8x7b", "mixtral:latest"],
		totalParams: 46_702_792_704,
		activeParams: 12.9 * B,
		intermediateSize: 0,
		moe: { experts: 8, activeExperts: 2, sharedExperts: 0, expertIntermediateSize: 14336, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: [`${LLMFIT} (mistralai/Mixtral-8x7B-Instruct-v0.1 parameters_raw 46,702,792,704; Instruct has the same shape)`, "active: Mixtral paper (12.9B active)"],
	},
	"Mixtral-8x22B-v0.1": {
		id: "mixtral-8x22b",
		name: "Mixtral 8x22B",
		family: "Mixtral",
		publisher: "Mistral AI",
		aliases: ["Mixtral 8x22B", "Mixtral-8x22B-v0.1", "Mixtral-8x22B-Instruct-v0.1"],
		ollamaTags: ["mixtral:8x22b"],
		totalParams: 141 * B,
		activeParams: 39 * B,
		intermediateSize: 0,
		flagship: true,
		moe: { experts: 8, activeExperts: 2, sharedExperts: 0, expertIntermediateSize: 16384, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		relations: { smallerSiblings: ["mixtral-8x7b"] },
	},
	"Mistral-Large-Instruct-2407": {
		id: "mistral-large-instruct-2407",
		family: "Mistral Large",
		publisher: "Mistral AI",
		aliases: ["Mistral Large 2", "Mistral Large 2407"],
		ollamaTags: [],
		nativeDtype: "bf16",
	},
	"Mistral-Large-Instruct-2411": {
		id: "mistral-large-instruct-2411",
		family: "Mistral Large",
		publisher: "Mistral AI",
		aliases: ["Mistral Large", "Mistral Large 2411", "Mistral Large 123B"],
		ollamaTags: ["mistral-large", "mistral-large:123b", "mistral-large:latest"],
		nativeDtype: "bf16",
		flagship: true,
	},
	"Phi-3-mini-4k-instruct": { id: "phi-3-mini-4k-instruct", family: "Phi-3", publisher: "Microsoft", aliases: ["Phi-3 mini", "Phi 3 mini 4k", "phi3 mini"], ollamaTags: ["phi3", "phi3:mini", "phi3:3.8b", "phi3:latest"], nativeDtype: "bf16" },
	"Phi-3-mini-128k-instruct": { id: "phi-3-mini-128k-instruct", family: "Phi-3", publisher: "Microsoft", aliases: ["Phi 3 mini 128k"], ollamaTags: [], nativeDtype: "bf16" },
	"Phi-3.5-mini-instruct": { id: "phi-3.5-mini-instruct", family: "Phi-3.5", publisher: "Microsoft", aliases: ["Phi 3.5 mini", "phi-3.5"], ollamaTags: ["phi3.5", "phi3.5:3.8b", "phi3.5:latest"], nativeDtype: "bf16", flagship: true, contextLength: 131072, extraSource: ["Phi-3.5-mini model card: 128K context"] },
	"phi-4": {
		id: "phi-4",
		name: "Phi-4 14B",
		family: "Phi-4",
		publisher: "Microsoft",
		aliases: ["Phi 4", "phi4 14b", "microsoft/phi-4"],
		ollamaTags: ["phi4", "phi4:14b", "phi4:latest"],
		nativeDtype: "bf16",
		flagship: true,
		relations: { smallerSiblings: ["phi-4-mini-instruct"] },
	},
	"Phi-4-mini-instruct": { id: "phi-4-mini-instruct", family: "Phi-4", publisher: "Microsoft", aliases: ["Phi 4 mini"], ollamaTags: ["phi4-mini", "phi4-mini:3.8b"], nativeDtype: "bf16" },
	"Phi-4-reasoning": { id: "phi-4-reasoning", family: "Phi-4", publisher: "Microsoft", aliases: ["Phi 4 reasoning"], ollamaTags: ["phi4-reasoning", "phi4-reasoning:14b"], nativeDtype: "bf16" },
	"Phi-3-medium-4k-instruct": { id: "phi-3-medium-4k-instruct", family: "Phi-3", publisher: "Microsoft", aliases: ["Phi 3 medium", "phi3 medium"], ollamaTags: ["phi3:14b", "phi3:medium"], nativeDtype: "bf16", flagship: true },
	"Phi-3.5-MoE-instruct": {
		id: "phi-3.5-moe-instruct",
		family: "Phi-3.5",
		publisher: "Microsoft",
		aliases: ["Phi 3.5 MoE"],
		ollamaTags: [],
		totalParams: 41.9 * B,
		activeParams: 6.6 * B,
		tiedEmbeddings: false,
		intermediateSize: 0,
		nativeDtype: "bf16",
		moe: { experts: 16, activeExperts: 2, sharedExperts: 0, expertIntermediateSize: 6400, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		notes: "Every layer MoE (16 experts of 6400, 2 active). tie_word_embeddings false: the model card's 41.9B total is only reached with a separate lm_head.",
	},
	"Kimi-K2-Instruct": {
		id: "kimi-k2-instruct",
		family: "Kimi K2",
		publisher: "Moonshot AI",
		aliases: ["Kimi K2", "Kimi-K2", "moonshotai/Kimi-K2-Instruct"],
		ollamaTags: ["kimi-k2"],
		totalParams: 1_026_470_731_056,
		activeParams: 32 * B,
		nativeDtype: "fp8",
		flagship: true,
		extraSource: [`${LLMFIT} (parameters_raw 1,026,470,731,056)`],
	},
	"Kimi-K2-Instruct-0905": {
		id: "kimi-k2-instruct-0905",
		family: "Kimi K2",
		publisher: "Moonshot AI",
		aliases: ["Kimi K2 0905", "Kimi-K2-0905"],
		ollamaTags: [],
		totalParams: 1_026_470_735_448,
		activeParams: 32 * B,
		nativeDtype: "fp8",
		contextLength: 262144,
		extraSource: [`${LLMFIT} (parameters_raw 1,026,470,735,448; context 262,144)`],
	},
	"GLM-4.5": {
		id: "glm-4.5",
		family: "GLM-4.5",
		publisher: "Zhipu AI (Z.ai)",
		aliases: ["GLM 4.5", "zai-org/GLM-4.5", "THUDM/GLM-4.5"],
		ollamaTags: [],
		totalParams: 355 * B,
		activeParams: 32 * B,
		mtpLayers: 1,
		qkvBias: true,
		flagship: true,
		relations: { smallerSiblings: ["glm-4.5-air"] },
	},
	"GLM-4.5-Air": {
		id: "glm-4.5-air",
		family: "GLM-4.5",
		publisher: "Zhipu AI (Z.ai)",
		aliases: ["GLM 4.5 Air", "zai-org/GLM-4.5-Air"],
		ollamaTags: [],
		totalParams: 106 * B,
		activeParams: 12 * B,
		mtpLayers: 1,
		qkvBias: true,
	},
	"MiniMax-M2": {
		id: "minimax-m2",
		family: "MiniMax M2",
		publisher: "MiniMax",
		aliases: ["MiniMax M2", "MiniMaxAI/MiniMax-M2"],
		ollamaTags: [],
		totalParams: 228_703_644_928,
		activeParams: 10 * B,
		intermediateSize: 0,
		contextLength: 196608,
		nativeDtype: "fp8",
		mtpLayers: 0,
		moe: { experts: 256, activeExperts: 8, sharedExperts: 0, expertIntermediateSize: 1536, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: [`${LLMFIT} (MiniMaxAI/MiniMax-M2 parameters_raw 228,703,644,928; context 196,608)`],
	},
	"MiniMax-M2.5": {
		id: "minimax-m2.5",
		family: "MiniMax M2",
		publisher: "MiniMax",
		aliases: ["MiniMax M2.5", "MiniMaxAI/MiniMax-M2.5"],
		ollamaTags: [],
		totalParams: 228_703_644_928,
		activeParams: 10 * B,
		intermediateSize: 0,
		nativeDtype: "fp8",
		flagship: true,
		moe: { experts: 256, activeExperts: 8, sharedExperts: 0, expertIntermediateSize: 1536, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: [`${LLMFIT} (MiniMaxAI/MiniMax-M2.5 parameters_raw 228,703,644,928, active 10,000,000,000)`],
		notes: "MTP modules (use_mtp) are not counted: llama.cpp does not load them.",
	},
	"MiniMax-M1-80k": {
		id: "minimax-m1-80k",
		family: "MiniMax M1",
		publisher: "MiniMax",
		aliases: ["MiniMax M1", "MiniMax-M1", "MiniMax-M1-40k", "MiniMaxAI/MiniMax-M1-40k"],
		ollamaTags: [],
		totalParams: 456 * B,
		activeParams: 45.9 * B,
		tiedEmbeddings: false,
		intermediateSize: 0,
		headDim: 128,
		contextLength: 1_000_000,
		nativeDtype: "bf16",
		flagship: true,
		layerTypes: pattern(80, ["linear", "linear", "linear", "linear", "linear", "linear", "linear", "full"]),
		linear: { kind: "lightning", convKernel: 0, numKeyHeads: 64, numValueHeads: 64, keyHeadDim: 128, valueHeadDim: 128 },
		moe: { experts: 32, activeExperts: 2, sharedExperts: 0, expertIntermediateSize: 9216, sharedIntermediateSize: null, firstDenseLayers: 0, layerFrequency: 1 },
		extraSource: [
			`${LLMFIT} (MiniMaxAI/MiniMax-M1-40k and MiniMax-Text-01: head_dim 128, 32 experts, 2 active, expert FFN 9216)`,
			"MiniMax-M1 model card: 456B total, 45.9B activated, 1M-token context; softmax attention after every 7 lightning layers",
		],
	},
	"falcon-7b-instruct": {
		id: "falcon-7b-instruct",
		name: "Falcon 7B Instruct",
		family: "Falcon",
		publisher: "TII",
		aliases: ["Falcon 7B", "falcon-7b", "tiiuae/falcon-7b"],
		ollamaTags: ["falcon", "falcon:7b", "falcon:latest"],
		totalParams: 7_217_189_760,
		activeParams: 7_217_189_760,
		kvHeads: 1,
		intermediateSize: 4 * 4544,
		gated: false,
		contextLength: 2048,
		tiedEmbeddings: false,
		nativeDtype: "bf16",
		extraSource: [`${LLMFIT} (tiiuae/falcon-7b parameters_raw 7,217,189,760)`, `${LITGPT} (falcon-7b: n_query_groups 1, MLP 4*n_embd, block_size 2048)`],
		notes: "Multi-query attention (1 KV head); plain GELU MLP 4×hidden. The HF checkpoint stores lm_head (the 7.22B count only adds up with it), so tiedEmbeddings is false.",
	},
	"falcon-40b-instruct": {
		id: "falcon-40b-instruct",
		name: "Falcon 40B Instruct",
		family: "Falcon",
		publisher: "TII",
		aliases: ["Falcon 40B", "falcon-40b", "tiiuae/falcon-40b"],
		ollamaTags: ["falcon:40b"],
		totalParams: 41_835_970_560,
		activeParams: 41_835_970_560,
		kvHeads: 8,
		intermediateSize: 4 * 8192,
		gated: false,
		contextLength: 2048,
		tiedEmbeddings: false,
		nativeDtype: "bf16",
		flagship: true,
		extraSource: [`${LLMFIT} (tiiuae/falcon-40b parameters_raw 41,835,970,560)`, `${LITGPT} (falcon-40b: n_query_groups 8, MLP 4*n_embd)`],
	},
	"Falcon3-7B-Instruct": { id: "falcon3-7b-instruct", family: "Falcon3", publisher: "TII", aliases: ["Falcon3 7B", "Falcon 3 7B"], ollamaTags: ["falcon3", "falcon3:7b", "falcon3:latest"], nativeDtype: "bf16" },
	"Falcon3-10B-Instruct": { id: "falcon3-10b-instruct", family: "Falcon3", publisher: "TII", aliases: ["Falcon3 10B", "Falcon 3 10B"], ollamaTags: ["falcon3:10b"], nativeDtype: "bf16", flagship: true },
	"granite-3.3-8b-instruct": {
		id: "granite-3.3-8b-instruct",
		name: "Granite 3.3 8B Instruct",
		family: "Granite 3.3",
		publisher: "IBM",
		aliases: ["Granite 3.3 8B", "granite 8b"],
		ollamaTags: ["granite3.3", "granite3.3:8b", "granite3.3:latest"],
		totalParams: 8_170_864_640,
		activeParams: 8_170_864_640,
		tiedEmbeddings: true,
		nativeDtype: "bf16",
		flagship: true,
		extraSource: [`${LLMFIT} (ibm-granite/granite-3.3-8b-instruct parameters_raw 8,170,864,640: only adds up with tied embeddings)`],
	},
	"granite-3.3-2b-instruct": {
		id: "granite-3.3-2b-instruct",
		name: "Granite 3.3 2B Instruct",
		family: "Granite 3.3",
		publisher: "IBM",
		aliases: ["Granite 3.3 2B", "granite 2b"],
		ollamaTags: ["granite3.3:2b"],
		totalParams: 2_533_539_840,
		activeParams: 2_533_539_840,
		tiedEmbeddings: true,
		nativeDtype: "bf16",
		extraSource: ["ibm-granite/granite-3.3-2b-instruct model card (2.5B parameters); architecture per catalog-sources/models.json"],
	},
	"OLMo-2-1124-7B-Instruct": {
		id: "olmo-2-1124-7b-instruct",
		name: "OLMo 2 7B Instruct",
		family: "OLMo 2",
		publisher: "Allen AI",
		aliases: ["OLMo 2 7B", "olmo2 7b"],
		ollamaTags: ["olmo2", "olmo2:7b", "olmo2:latest"],
		totalParams: 7_298_617_344,
		activeParams: 7_298_617_344,
		nativeDtype: "bf16",
		extraSource: [`${LLMFIT} (allenai/OLMo-2-1124-7B-Instruct parameters_raw 7,298,617,344)`],
	},
	"OLMo-2-1124-13B-Instruct": {
		id: "olmo-2-1124-13b-instruct",
		name: "OLMo 2 13B Instruct",
		family: "OLMo 2",
		publisher: "Allen AI",
		aliases: ["OLMo 2 13B", "olmo2 13b"],
		ollamaTags: ["olmo2:13b"],
		totalParams: 13_716_198_400,
		activeParams: 13_716_198_400,
		nativeDtype: "bf16",
		extraSource: [`${LLMFIT} (allenai/OLMo-2-1124-13B-Instruct parameters_raw 13,716,198,400)`],
	},
	"OLMo-2-0325-32B-Instruct": {
		id: "olmo-2-0325-32b-instruct",
		name: "OLMo 2 32B Instruct",
		family: "OLMo 2",
		publisher: "Allen AI",
		aliases: ["OLMo 2 32B", "olmo2 32b"],
		ollamaTags: [],
		totalParams: 32_234_279_936,
		activeParams: 32_234_279_936,
		intermediateSize: 27648,
		tiedEmbeddings: false,
		contextLength: 4096,
		nativeDtype: "bf16",
		flagship: true,
		extraSource: [`${LLMFIT} (allenai/OLMo-2-0325-32B-Instruct: FFN 27648 in the intermediate-size column, context 4096)`],
	},
	"SmolLM2-135M-Instruct": { id: "smollm2-135m-instruct", family: "SmolLM2", publisher: "Hugging Face", aliases: ["SmolLM2 135M"], ollamaTags: ["smollm2:135m"], nativeDtype: "bf16" },
	"SmolLM2-360M-Instruct": { id: "smollm2-360m-instruct", family: "SmolLM2", publisher: "Hugging Face", aliases: ["SmolLM2 360M"], ollamaTags: ["smollm2:360m"], nativeDtype: "bf16" },
	"SmolLM2-1.7B-Instruct": { id: "smollm2-1.7b-instruct", family: "SmolLM2", publisher: "Hugging Face", aliases: ["SmolLM2 1.7B", "SmolLM2"], ollamaTags: ["smollm2", "smollm2:1.7b", "smollm2:latest"], nativeDtype: "bf16", flagship: true },
	"SmolLM3-3B": {
		id: "smollm3-3b",
		name: "SmolLM3 3B",
		family: "SmolLM3",
		publisher: "Hugging Face",
		aliases: ["SmolLM3", "HuggingFaceTB/SmolLM3-3B"],
		ollamaTags: [],
		totalParams: 3_075_098_624,
		activeParams: 3_075_098_624,
		intermediateSize: 11008,
		tiedEmbeddings: true,
		contextLength: 65536,
		nativeDtype: "bf16",
		flagship: true,
		extraSource: [`${LLMFIT} (HuggingFaceTB/SmolLM3-3B: FFN 11008 in the intermediate-size column, context 65536; 3,075,098,624 only adds up with tied embeddings)`],
	},
};

/** Source entries we leave out, with the reason (reported by the build). */
export const SKIPPED: Record<string, string> = {
	"c4ai-command-r-v01": "architecture fields all null in models.json; curated as an addition (build-catalog-model-additions.ts) from a verbatim config copy",
	"c4ai-command-r-plus-08-2024": "no architecture facts in the sources (every field null)",
	"c4ai-command-r7b-12-2024": "no architecture facts in the sources (every field null)",
};

function parseDtype(s: string | null): Model["nativeDtype"] | null {
	if (s === null) return null;
	if (s.startsWith("bfloat16") || s.startsWith("bf16")) return "bf16";
	if (s.startsWith("float16")) return "fp16";
	if (s.startsWith("fp8")) return "fp8";
	if (s.startsWith("float32")) return "fp32";
	return null;
}

function req<T>(value: T | null | undefined, entry: string, field: string): T {
	if (value === null || value === undefined) throw new Error(`models.json entry ${entry}: missing ${field} and no curation`);
	return value;
}

/** Expand the sliding-window layout the source describes in words. */
function slidingLayout(src: SourceModel, layers: number): LayerType[] | null {
	if (src.sliding_window === null) return null;
	const mt = src.model_type ?? "";
	// HF Gemma2Config: layer_types[i] = "sliding_attention" if (i + 1) % 2 else "full_attention".
	if (mt === "gemma2") return pattern(layers, ["sliding", "full"]);
	// HF Gemma3 sliding_window_pattern 6: layer i is full iff (i + 1) % 6 == 0.
	if (mt.startsWith("gemma3")) return pattern(layers, ["sliding", "sliding", "sliding", "sliding", "sliding", "full"]);
	// gpt-oss config.json layer_types: [sliding_attention, full_attention] * N.
	if (mt === "gpt_oss") return pattern(layers, ["sliding", "full"]);
	throw new Error(`models.json entry ${src.name}: sliding_window set but no layout rule for ${mt}`);
}

export function convertSourceModel(src: SourceModel, cur: Curation): Model {
	const e = src.name;
	const layers = req(src.num_hidden_layers, e, "num_hidden_layers");
	const hidden = req(src.hidden_size, e, "hidden_size");
	const heads = req(src.num_attention_heads, e, "num_attention_heads");
	const isMla = src.kv_lora_rank !== null;
	const headDim = cur.headDim ?? src.head_dim ?? (isMla ? req(src.qk_nope_head_dim, e, "qk_nope_head_dim") + req(src.qk_rope_head_dim, e, "qk_rope_head_dim") : hidden / heads);
	const kvHeads = cur.kvHeads ?? req(src.num_key_value_heads, e, "num_key_value_heads");
	const isMoe = src.num_experts !== null || cur.moe !== undefined;
	const total = cur.totalParams ?? req(src.total_params_exact, e, "total params");
	const active = cur.activeParams ?? (isMoe ? req<number>(null, e, "active params") : total);
	let moe: Model["moe"] = null;
	if (isMoe && cur.moe !== null) {
		const first = src.first_k_dense_replace ?? 0;
		moe = {
			experts: cur.moe?.experts ?? req(src.num_experts, e, "num_experts"),
			activeExperts: cur.moe?.activeExperts ?? req(src.num_experts_per_tok, e, "num_experts_per_tok"),
			sharedExperts: cur.moe?.sharedExperts ?? src.n_shared_experts ?? 0,
			expertIntermediateSize: cur.moe?.expertIntermediateSize ?? req(src.moe_intermediate_size, e, "moe_intermediate_size"),
			sharedIntermediateSize: cur.moe?.sharedIntermediateSize !== undefined ? cur.moe.sharedIntermediateSize : src.shared_expert_intermediate_size,
			firstDenseLayers: cur.moe?.firstDenseLayers ?? first,
			layerFrequency: cur.moe?.layerFrequency ?? 1,
		};
	}
	const layerTypes = cur.layerTypes !== undefined ? cur.layerTypes : slidingLayout(src, layers);
	const mla = isMla
		? {
				kvLoraRank: req(src.kv_lora_rank, e, "kv_lora_rank"),
				qLoraRank: src.q_lora_rank,
				qkRopeHeadDim: req(src.qk_rope_head_dim, e, "qk_rope_head_dim"),
				qkNopeHeadDim: req(src.qk_nope_head_dim, e, "qk_nope_head_dim"),
				vHeadDim: req(src.v_head_dim, e, "v_head_dim"),
			}
		: null;
	const mt = src.model_type ?? "";
	const qkvBias = cur.qkvBias ?? (mt === "qwen2");
	const releaseDate = cur.releaseDate ?? req(src.release_date, e, "release_date");
	const sources = [...src.source, ...(cur.extraSource ?? [])];
	const notes = [src.notes, cur.notes].filter((n): n is string => n !== null && n !== undefined && n !== "").join(" ");
	return {
		id: cur.id,
		name: cur.name ?? src.name,
		family: cur.family,
		publisher: cur.publisher,
		aliases: dedupe([src.name, ...cur.aliases]),
		ollamaTags: bareTagPolicy(cur.ollamaTags ?? [], cur.flagship === true),
		hfRepo: src.hf_repo,
		architecture: src.architecture,
		modelType: req(src.model_type, e, "model_type"),
		totalParams: Math.round(total),
		activeParams: Math.round(active),
		layers,
		mtpLayers: cur.mtpLayers ?? 0,
		hiddenSize: hidden,
		vocabSize: req(src.vocab_size, e, "vocab_size"),
		tiedEmbeddings: cur.tiedEmbeddings ?? req(src.tie_word_embeddings, e, "tie_word_embeddings"),
		contextLength: cur.contextLength ?? req(src.context_length ?? src.max_position_embeddings, e, "context length"),
		nativeDtype: cur.nativeDtype ?? req(parseDtype(src.torch_dtype), e, "native dtype"),
		attention: {
			heads,
			kvHeads,
			headDim,
			valueHeadDim: mla !== null ? mla.vHeadDim : headDim,
			mla,
			slidingWindow: cur.slidingWindow !== undefined ? cur.slidingWindow : src.sliding_window,
			layerTypes,
			linear: cur.linear ?? null,
			qkvBias,
			...(cur.indexer !== undefined ? { indexer: cur.indexer } : {}),
		},
		ffn: {
			intermediateSize: cur.intermediateSize ?? req(src.intermediate_size, e, "intermediate_size"),
			gated: cur.gated ?? true,
		},
		moe,
		visionParams: cur.visionParams ?? 0,
		license: src.license,
		releaseDate,
		relations: {
			distilledFrom: cur.relations?.distilledFrom ?? [],
			baseModel: cur.relations?.baseModel ?? null,
			smallerSiblings: cur.relations?.smallerSiblings ?? [],
		},
		...(cur.flagship === true ? { flagship: true } : {}),
		source: sources,
		notes: notes === "" ? null : notes,
	};
}

/**
 * A bare family tag ("qwen3", "gemma3:latest") names the family, not Ollama's default size: a family
 * name resolves to the family flagship (and the answer says so), as the issue asks for `deepseek-r1`.
 * So bare tags stay only on the flagship.
 */
export function bareTagPolicy(tags: readonly string[], flagship: boolean): string[] {
	return tags.filter((t) => flagship || (t.includes(":") && !t.endsWith(":latest")));
}

export function dedupe(values: readonly string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const v of values) {
		const k = v.toLowerCase();
		if (seen.has(k)) continue;
		seen.add(k);
		out.push(v);
	}
	return out;
}

export { QWEN_TIE, GEMMA3_WINDOW_NOTE };
