/**
 * The models behind ../shared/reference/ rows, built from the metadata llama.cpp prints for them
 * (n_layer, n_head, n_head_kv, n_embd_head_k/v, n_swa, n_expert …, copied in llamacpp-logs.md) and from
 * their HF config.json (../shared/catalog-sources/models.json, raw/aiconfigurator_model_configs).
 * The accuracy bench and tests/engine use these so they do not depend on the catalog being complete;
 * tests/engine/catalog.test.ts checks that the catalog's entries agree with them where both exist.
 */
import type { Model } from "../../src/catalog/schema.js";

type Attention = Model["attention"];
type Moe = NonNullable<Model["moe"]>;

interface Spec {
	id: string;
	modelType: string;
	layers: number;
	hidden: number;
	heads: number;
	kvHeads: number;
	headDim?: number;
	valueHeadDim?: number;
	ff: number;
	vocab: number;
	tied?: boolean;
	qkvBias?: boolean;
	context?: number;
	totalParams: number;
	activeParams?: number;
	moe?: Partial<Moe> & Pick<Moe, "experts" | "activeExperts" | "expertIntermediateSize">;
	mla?: Attention["mla"];
	slidingWindow?: number;
	layerTypes?: Attention["layerTypes"];
	mtpLayers?: number;
	visionParams?: number;
	gated?: boolean;
}

function model(s: Spec): Model {
	const headDim = s.headDim ?? s.hidden / s.heads;
	return {
		id: s.id,
		name: s.id,
		family: "fixture",
		publisher: "fixture",
		aliases: [],
		ollamaTags: [],
		hfRepo: null,
		architecture: "fixture",
		modelType: s.modelType,
		totalParams: s.totalParams,
		activeParams: s.activeParams ?? s.totalParams,
		layers: s.layers,
		mtpLayers: s.mtpLayers ?? 0,
		hiddenSize: s.hidden,
		vocabSize: s.vocab,
		tiedEmbeddings: s.tied ?? false,
		contextLength: s.context ?? 131072,
		nativeDtype: "bf16",
		attention: {
			heads: s.heads,
			kvHeads: s.kvHeads,
			headDim,
			valueHeadDim: s.valueHeadDim ?? headDim,
			mla: s.mla ?? null,
			slidingWindow: s.slidingWindow ?? null,
			layerTypes: s.layerTypes ?? null,
			linear: null,
			qkvBias: s.qkvBias ?? false,
		},
		ffn: { intermediateSize: s.ff, gated: s.gated ?? true },
		moe:
			s.moe === undefined
				? null
				: {
						sharedExperts: 0,
						sharedIntermediateSize: null,
						firstDenseLayers: 0,
						layerFrequency: 1,
						...s.moe,
					},
		visionParams: s.visionParams ?? 0,
		license: "fixture",
		releaseDate: "2024-01-01",
		relations: { distilledFrom: [], baseModel: null, smallerSiblings: [] },
		source: ["../shared/reference/llamacpp-logs.md (printed metadata) and HF config.json"],
		notes: null,
	};
}

/** Gemma 3: 5 sliding layers then 1 global (HF sliding_window_pattern 6; llama.cpp set_swa_pattern(6)). */
function pattern(layers: number, every: number): Attention["layerTypes"] {
	return Array.from({ length: layers }, (_, il) => (il % every < every - 1 ? "sliding" : "full"));
}

export const FIXTURE_MODELS = {
	"llama-3-8b": model({ id: "llama-3-8b", modelType: "llama", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ff: 14336, vocab: 128256, totalParams: 8_030_261_248 }),
	"llama-3-70b": model({ id: "llama-3-70b", modelType: "llama", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ff: 28672, vocab: 128256, totalParams: 70_553_706_496 }),
	"llama-3.2-3b": model({ id: "llama-3.2-3b", modelType: "llama", layers: 28, hidden: 3072, heads: 24, kvHeads: 8, headDim: 128, ff: 8192, vocab: 128256, tied: true, totalParams: 3_212_749_824 }),
	"llama-2-7b": model({ id: "llama-2-7b", modelType: "llama", layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ff: 11008, vocab: 32000, context: 4096, totalParams: 6_738_415_616 }),
	"llama-2-13b": model({ id: "llama-2-13b", modelType: "llama", layers: 40, hidden: 5120, heads: 40, kvHeads: 40, ff: 13824, vocab: 32000, context: 4096, totalParams: 13_015_864_320 }),
	"llama-2-70b": model({ id: "llama-2-70b", modelType: "llama", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ff: 28672, vocab: 32000, context: 4096, totalParams: 68_976_648_192 }),
	"llama-1-30b": model({ id: "llama-1-30b", modelType: "llama", layers: 60, hidden: 6656, heads: 52, kvHeads: 52, ff: 17920, vocab: 32000, context: 2048, totalParams: 32_528_943_616 }),
	"llama-1-65b": model({ id: "llama-1-65b", modelType: "llama", layers: 80, hidden: 8192, heads: 64, kvHeads: 64, ff: 22016, vocab: 32000, context: 2048, totalParams: 65_285_660_672 }),
	"codellama-34b": model({ id: "codellama-34b", modelType: "llama", layers: 48, hidden: 8192, heads: 64, kvHeads: 8, ff: 22016, vocab: 32001, context: 16384, totalParams: 33_743_970_304 }),
	"mistral-7b-v0.1": model({ id: "mistral-7b-v0.1", modelType: "mistral", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ff: 14336, vocab: 32000, context: 32768, totalParams: 7_241_732_096 }),
	"qwen2.5-7b": model({ id: "qwen2.5-7b", modelType: "qwen2", layers: 28, hidden: 3584, heads: 28, kvHeads: 4, ff: 18944, vocab: 152064, qkvBias: true, context: 32768, totalParams: 7_615_616_512 }),
	"qwen2.5-32b": model({ id: "qwen2.5-32b", modelType: "qwen2", layers: 64, hidden: 5120, heads: 40, kvHeads: 8, ff: 27648, vocab: 152064, qkvBias: true, context: 32768, totalParams: 32_763_876_352 }),
	"qwen3-8b-embedding": model({ id: "qwen3-8b-embedding", modelType: "qwen3", layers: 36, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, ff: 12288, vocab: 151665, tied: true, context: 32768, totalParams: 7_567_295_488 }),
	"qwen3-32b": model({ id: "qwen3-32b", modelType: "qwen3", layers: 64, hidden: 5120, heads: 64, kvHeads: 8, headDim: 128, ff: 25600, vocab: 151936, context: 40960, totalParams: 32_762_123_264 }),
	"qwen3-30b-a3b": model({
		id: "qwen3-30b-a3b", modelType: "qwen3_moe", layers: 48, hidden: 2048, heads: 32, kvHeads: 4, headDim: 128, ff: 6144, vocab: 151936, context: 40960,
		totalParams: 30_532_122_624, activeParams: 3_300_000_000, moe: { experts: 128, activeExperts: 8, expertIntermediateSize: 768 },
	}),
	"qwen3-235b-a22b": model({
		id: "qwen3-235b-a22b", modelType: "qwen3_moe", layers: 94, hidden: 4096, heads: 64, kvHeads: 4, headDim: 128, ff: 12288, vocab: 151936, context: 40960,
		totalParams: 235_093_634_560, activeParams: 22_000_000_000, moe: { experts: 128, activeExperts: 8, expertIntermediateSize: 1536 },
	}),
	"deepseek-v3": model({
		id: "deepseek-v3", modelType: "deepseek_v3", layers: 61, hidden: 7168, heads: 128, kvHeads: 128, headDim: 192, valueHeadDim: 128, ff: 18432, vocab: 129280, context: 163840,
		totalParams: 684_531_386_000, activeParams: 37_000_000_000, mtpLayers: 1,
		mla: { kvLoraRank: 512, qLoraRank: 1536, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128 },
		moe: { experts: 256, activeExperts: 8, sharedExperts: 1, expertIntermediateSize: 2048, firstDenseLayers: 3 },
	}),
	"deepseek-v2-lite": model({
		id: "deepseek-v2-lite", modelType: "deepseek_v2", layers: 27, hidden: 2048, heads: 16, kvHeads: 16, headDim: 192, valueHeadDim: 128, ff: 10944, vocab: 102400, context: 163840,
		totalParams: 15_706_484_224, activeParams: 2_400_000_000,
		mla: { kvLoraRank: 512, qLoraRank: null, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128 },
		moe: { experts: 64, activeExperts: 6, sharedExperts: 2, expertIntermediateSize: 1408, firstDenseLayers: 1 },
	}),
	"glm-4-32b-0414": model({ id: "glm-4-32b-0414", modelType: "glm4", layers: 61, hidden: 6144, heads: 48, kvHeads: 2, headDim: 128, ff: 23040, vocab: 151552, qkvBias: true, context: 32768, totalParams: 32_566_081_536 }),
	"gemma-3-27b": model({
		id: "gemma-3-27b", modelType: "gemma3", layers: 62, hidden: 5376, heads: 32, kvHeads: 16, headDim: 128, ff: 21504, vocab: 262208, tied: true,
		slidingWindow: 1024, layerTypes: pattern(62, 6), totalParams: 27_432_406_640, visionParams: 416_866_032,
	}),
	"gemma-3-1b": model({
		id: "gemma-3-1b", modelType: "gemma3_text", layers: 26, hidden: 1152, heads: 4, kvHeads: 1, headDim: 256, ff: 6912, vocab: 262144, tied: true, context: 32768,
		slidingWindow: 512, layerTypes: pattern(26, 6), totalParams: 999_885_952,
	}),
	"gemma-2-2b": model({
		id: "gemma-2-2b", modelType: "gemma2", layers: 26, hidden: 2304, heads: 8, kvHeads: 4, headDim: 256, ff: 9216, vocab: 256000, tied: true, context: 8192,
		slidingWindow: 4096, layerTypes: pattern(26, 2), totalParams: 2_614_341_888,
	}),
	"gpt-oss-20b": model({
		id: "gpt-oss-20b", modelType: "gpt_oss", layers: 24, hidden: 2880, heads: 64, kvHeads: 8, headDim: 64, ff: 0, vocab: 201088,
		slidingWindow: 128, layerTypes: Array.from({ length: 24 }, (_, il) => (il % 2 === 0 ? "sliding" : "full")),
		totalParams: 20_914_757_184, activeParams: 3_610_000_000, moe: { experts: 32, activeExperts: 4, expertIntermediateSize: 2880 },
	}),
	"gpt-oss-120b": model({
		id: "gpt-oss-120b", modelType: "gpt_oss", layers: 36, hidden: 2880, heads: 64, kvHeads: 8, headDim: 64, ff: 0, vocab: 201088,
		slidingWindow: 128, layerTypes: Array.from({ length: 36 }, (_, il) => (il % 2 === 0 ? "sliding" : "full")),
		totalParams: 116_829_156_672, activeParams: 5_130_000_000, moe: { experts: 128, activeExperts: 4, expertIntermediateSize: 2880 },
	}),
	"mixtral-8x7b": model({
		id: "mixtral-8x7b", modelType: "mixtral", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ff: 0, vocab: 32000, context: 32768,
		totalParams: 46_702_792_704, activeParams: 12_900_000_000, moe: { experts: 8, activeExperts: 2, expertIntermediateSize: 14336 },
	}),
	"phi-4": model({ id: "phi-4", modelType: "phi3", layers: 40, hidden: 5120, heads: 40, kvHeads: 10, headDim: 128, ff: 17920, vocab: 100352, context: 16384, totalParams: 14_659_507_200 }),
} satisfies Record<string, Model>;

export type FixtureModelId = keyof typeof FIXTURE_MODELS;
