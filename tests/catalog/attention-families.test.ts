/**
 * The attention-architecture families of 2025–2026 added for issue 14 (Ministral 3, Mistral Small 4,
 * Devstral 2, ERNIE 4.5, EXAONE 4.0, Hunyuan): KV bytes against llama.cpp's and vLLM's arithmetic worked
 * out here from the raw config.json fields (never from the catalog entry), parameter counts against the
 * published counts, the config reader's new field spellings, and how the names people type resolve —
 * the named model or a question, never another model.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/services-from-catalog.js";
import { REPO_DIR } from "../../scripts/build-catalog.js";
import { parseConfigJson } from "../../scripts/build-catalog-configs.js";
import { getCatalog, resolveModel } from "../../src/catalog/index.js";
import type { Model } from "../../src/catalog/schema.js";
import { countParams, kvCacheDetail, modelTensors } from "../../src/engine/index.js";
import { HubError } from "../../src/hub/errors.js";
import { mapConfig } from "../../src/hub/config-model.js";
import { parseQueryText } from "../../src/query/parse.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
const configsDir = join(REPO_DIR, "catalog", "sources", "models", "configs");

// biome-ignore lint/suspicious/noExplicitAny: raw config.json fields, each used as the number or list the config holds
type Fields = Record<string, any>;
function text(file: string): Fields {
	const cfg = parseConfigJson(readFileSync(join(configsDir, file), "utf8")) as Fields;
	return (cfg["text_config"] as Fields | undefined) ?? cfg;
}
function model(id: string): Model {
	const m = cat.models.find((x) => x.id === id);
	if (m === undefined) throw new Error(`no catalog model ${id}`);
	return m;
}
const pad256 = (n: number): number => Math.ceil(n / 256) * 256;
const pages = (n: number): number => Math.ceil(n / 16) * 16;
const kv = (m: Model, ctx: number, runtime: "llama.cpp" | "vllm" = "llama.cpp", ubatch = 512) =>
	kvCacheDetail(m, { contextTokens: ctx, kvCacheType: "f16", runtime, ubatch, parallel: 1, flashAttention: true }).bytes;
/** K + V bytes of one f16 cache cell of a GQA layer */
const gqaCell = (t: Fields): number => 2 * t["num_key_value_heads"] * (t["head_dim"] ?? t["hidden_size"] / t["num_attention_heads"]) * 2;

describe("KV cache of the new families, from the raw config fields", () => {
	it("EXAONE 4.0 32B: 3 sliding (4096) layers per global one; a sliding layer holds pad256(window + ubatch) cells in llama.cpp, the window plus a page in vLLM", () => {
		const t = text("LGAI-EXAONE--EXAONE-4.0-32B.json");
		const letters = t["sliding_window_pattern"] as string;
		const L = t["num_hidden_layers"] as number;
		// configuration_exaone4.py: the letters repeat over the layers, G = global, L = local (sliding)
		const nGlobal = Array.from({ length: L }, (_, i) => letters[i % letters.length]).filter((c) => c === "G").length;
		const nSwa = L - nGlobal;
		expect([nGlobal, nSwa]).toEqual([16, 48]);
		const w = t["sliding_window"] as number;
		const cell = gqaCell(t);
		for (const ctx of [2048, 32768, 131072]) {
			expect(kv(model("exaone-4.0-32b"), ctx)).toBe(nGlobal * cell * pad256(ctx) + nSwa * cell * Math.min(pad256(ctx), pad256(w + 512)));
			expect(kv(model("exaone-4.0-32b"), ctx, "vllm")).toBe(nGlobal * cell * pages(ctx) + nSwa * cell * Math.min(pages(ctx), pages(w + 16)));
		}
		// the window binds: at 128K the sliding layers hold 4608 cells, not 131072
		expect(kv(model("exaone-4.0-32b"), 131072)).toBeLessThan(L * cell * 131072 * 0.3);
		// a bigger ubatch widens the sliding layers' cells (llama-kv-cache-iswa.cpp: n_swa + n_ubatch)
		expect(kv(model("exaone-4.0-32b"), 65536, "llama.cpp", 2048)).toBe(nGlobal * cell * 65536 + nSwa * cell * pad256(w + 2048));
	});

	it("EXAONE 4.0 1.2B: no sliding window (llama.cpp sets SWA only for the 64-layer model), every layer full", () => {
		const t = text("LGAI-EXAONE--EXAONE-4.0-1.2B.json");
		expect(t["sliding_window"]).toBeUndefined();
		expect(model("exaone-4.0-1.2b").attention.layerTypes).toBeNull();
		for (const ctx of [4096, 65536]) expect(kv(model("exaone-4.0-1.2b"), ctx)).toBe(t["num_hidden_layers"] * gqaCell(t) * pad256(ctx));
	});

	it("ERNIE 4.5 (21B-A3B, 300B-A47B), Hunyuan (7B, A13B), Ministral 3, Devstral 2: plain GQA on every layer", () => {
		for (const [file, id] of [
			["baidu--ERNIE-4.5-21B-A3B-PT.json", "ernie-4.5-21b-a3b"],
			["baidu--ERNIE-4.5-300B-A47B-PT.json", "ernie-4.5-300b-a47b"],
			["tencent--Hunyuan-7B-Instruct.json", "hunyuan-7b-instruct"],
			["tencent--Hunyuan-A13B-Instruct.json", "hunyuan-a13b-instruct"],
			["mistralai--Ministral-3-3B-Instruct-2512.json", "ministral-3-3b"],
			["mistralai--Ministral-3-14B-Instruct-2512.json", "ministral-3-14b"],
			["mistralai--Devstral-2-123B-Instruct-2512.json", "devstral-2-123b"],
		] as const) {
			const t = text(file);
			for (const ctx of [8192, 32768]) {
				expect(kv(model(id), ctx), id).toBe(t["num_hidden_layers"] * gqaCell(t) * pad256(ctx));
				expect(kv(model(id), ctx, "vllm"), id).toBe(t["num_hidden_layers"] * gqaCell(t) * pages(ctx));
			}
		}
		// ERNIE-4.5-21B-A3B: 28 layers × 4 KV heads × 128 × (K + V) × 2 B = 57,344 B per token
		expect(kv(model("ernie-4.5-21b-a3b"), 4096) / 4096).toBe(57_344);
	});

	it("Mistral Small 4: MLA caches the kv_lora latent + rope key per layer and no V (llama.cpp PR #19067); vLLM pages the same latent", () => {
		const t = text("mistralai--Mistral-Small-4-119B-2603.json");
		const latent = t["kv_lora_rank"] + t["qk_rope_head_dim"];
		expect(latent).toBe(320);
		const L = t["num_hidden_layers"];
		for (const ctx of [8192, 262144]) {
			expect(kv(model("mistral-small-4-119b"), ctx)).toBe(L * latent * 2 * pad256(ctx));
			expect(kv(model("mistral-small-4-119b"), ctx, "vllm")).toBe(L * latent * 2 * pages(ctx));
		}
		// 23,040 B per token: a tenth of what 32 full K+V heads of 128 would take
		expect(kv(model("mistral-small-4-119b"), 8192) / 8192).toBe(23_040);
	});
});

describe("parameter counts of the new families against published counts", () => {
	it("equal the safetensors counts where they are published (llmfit scrape of the Hub API)", () => {
		// AlexsJones/llmfit hf_models.json parameters_raw: baidu/ERNIE-4.5-21B-A3B-Thinking (same architecture as -PT),
		// LGAI-EXAONE/EXAONE-4.0-32B, LGAI-EXAONE/EXAONE-4.0-1.2B, lmstudio-community/Devstral-Small-2507-MLX-bf16
		expect(countParams(model("ernie-4.5-21b-a3b")).total).toBe(21_825_437_888);
		expect(countParams(model("exaone-4.0-32b")).total).toBe(32_003_216_384);
		expect(countParams(model("exaone-4.0-1.2b")).total).toBe(1_279_391_488);
		expect(countParams(model("devstral-small-2507")).total).toBe(23_572_403_200);
	});

	it("are within 1 % of the published language-model sizes (Megatron-Bridge Ministral 3 provider, Mistral Small 4 and ERNIE / Hunyuan names)", () => {
		const within = (id: string, published: number, tol = 0.01) => expect(Math.abs(countParams(model(id)).total / published - 1), id).toBeLessThan(tol);
		// the provider's sizes are truncated to one decimal (3.43B → "3.4B", 8.49B → "8.4B")
		within("ministral-3-3b", 3.4e9, 0.015);
		within("ministral-3-8b", 8.4e9, 0.015);
		within("ministral-3-14b", 13.5e9);
		within("mistral-small-4-119b", 119e9);
		within("ernie-4.5-300b-a47b", 300e9);
		within("hunyuan-a13b-instruct", 80e9);
		within("ministral-8b-instruct-2410", 8.02e9);
		// active: ERNIE 300B-A47B routes 8 of 64 experts; Hunyuan-A13B 8 of 64 plus the shared MLP
		expect(Math.abs(model("ernie-4.5-300b-a47b").activeParams / 47e9 - 1)).toBeLessThan(0.01);
		expect(Math.abs(model("hunyuan-a13b-instruct").activeParams / 13e9 - 1)).toBeLessThan(0.03);
	});

	it("tensors as llama.cpp loads them: ERNIE's shared experts and routing bias, Hunyuan's shared MLP, EXAONE's and Hunyuan's QK-norm", () => {
		const shape = (id: string, name: string) => modelTensors(model(id)).find((x) => x.name === name)?.shape;
		// modeling_ernie4_5_moe.py: one shared MLP of moe_intermediate_size × moe_num_shared_experts
		expect(shape("ernie-4.5-21b-a3b", "blk.1.ffn_up_shexp.weight")).toEqual([2560, 1536 * 2]);
		expect(shape("ernie-4.5-21b-a3b", "blk.1.exp_probs_b.bias")).toEqual([64]);
		// moe_layer_start_index 1: block 0 is the dense FFN of intermediate_size
		expect(shape("ernie-4.5-21b-a3b", "blk.0.ffn_up.weight")).toEqual([2560, 12288]);
		expect(shape("ernie-4.5-21b-a3b", "blk.0.ffn_up_exps.weight")).toBeUndefined();
		// the 300B has no shared expert and three dense blocks
		expect(shape("ernie-4.5-300b-a47b", "blk.3.ffn_up_shexp.weight")).toBeUndefined();
		expect(shape("ernie-4.5-300b-a47b", "blk.2.ffn_up.weight")).toEqual([8192, 28672]);
		expect(shape("ernie-4.5-300b-a47b", "blk.3.ffn_up_exps.weight")).toEqual([8192, 3584, 64]);
		// src/models/hunyuan-moe.cpp: ffn_*_shexp of n_ff_shexp, attn_q_norm / attn_k_norm of the head size
		expect(shape("hunyuan-a13b-instruct", "blk.0.ffn_up_shexp.weight")).toEqual([4096, 3072]);
		expect(shape("hunyuan-a13b-instruct", "blk.0.attn_k_norm.weight")).toEqual([128]);
		expect(shape("exaone-4.0-32b", "blk.0.attn_q_norm.weight")).toEqual([128]);
		expect(shape("ministral-3-8b", "blk.0.attn_q_norm.weight")).toBeUndefined();
	});
});

describe("config.json spellings of the new families", () => {
	const base = {
		architectures: ["XForCausalLM"],
		hidden_size: 64,
		num_attention_heads: 4,
		num_key_value_heads: 2,
		head_dim: 16,
		num_hidden_layers: 8,
		vocab_size: 1000,
	};

	it("EXAONE 4's letter pattern: LLLG with a window gives 3 sliding layers per global; without a window every layer is global", () => {
		const swa = mapConfig({ ...base, model_type: "exaone4", sliding_window: 128, sliding_window_pattern: "LLLG" }).facts.attention;
		expect(swa.layerTypes).toEqual(["sliding", "sliding", "sliding", "full", "sliding", "sliding", "sliding", "full"]);
		expect(swa.slidingWindow).toBe(128);
		const none = mapConfig({ ...base, model_type: "exaone4", sliding_window_pattern: "LLLG" }).facts.attention;
		expect(none.layerTypes).toBeNull();
	});

	it("per-layer MoE lists (Hunyuan) are read when every layer agrees and refused when they differ", () => {
		const cfg = {
			...base,
			model_type: "hunyuan_v1_moe",
			intermediate_size: 32,
			num_experts: 8,
			moe_topk: Array(8).fill(2),
			moe_intermediate_size: Array(8).fill(32),
			num_shared_expert: Array(8).fill(1),
		};
		const moe = mapConfig(cfg).facts.moe;
		expect(moe).toMatchObject({ experts: 8, activeExperts: 2, expertIntermediateSize: 32, sharedExperts: 1, sharedIntermediateSize: 32 });
		expect(() => mapConfig({ ...cfg, moe_topk: [2, 2, 2, 2, 2, 2, 2, 4] })).toThrow(HubError);
	});

	it("ERNIE's MoE keys: moe_k, moe_num_shared_experts, moe_layer_start_index; MoE layers that stop before the last layer are refused", () => {
		const cfg = {
			...base,
			model_type: "ernie4_5_moe",
			intermediate_size: 96,
			moe_num_experts: 8,
			moe_k: 2,
			moe_num_shared_experts: 2,
			moe_intermediate_size: 16,
			moe_layer_start_index: 1,
			moe_layer_interval: 1,
		};
		const { facts } = mapConfig(cfg);
		expect(facts.moe).toMatchObject({ experts: 8, activeExperts: 2, sharedExperts: 2, expertIntermediateSize: 16, firstDenseLayers: 1, layerFrequency: 1 });
		expect(facts.ffn.intermediateSize).toBe(96);
		// moe_layer_end_index at the last layer (ERNIE-4.5-21B-A3B: 27 of 28) is every layer from the start index on
		expect(mapConfig({ ...cfg, moe_layer_end_index: 7 }).facts.moe?.firstDenseLayers).toBe(1);
		expect(() => mapConfig({ ...cfg, moe_layer_end_index: 5 })).toThrow(HubError);
	});
});

type Outcome = string;
function viaResolver(typed: string): Outcome {
	const r = resolveModel(cat, typed);
	return r.match !== null ? r.match.id : typeof r.hubRepo === "string" ? `hub:${r.hubRepo}` : "ask";
}
function viaParser(typed: string): Outcome {
	const p = parseQueryText(`can my 4090 run ${typed}?`, services.resolvers, services.limits);
	if (!p.ok) return "ask";
	return p.query.model !== null ? p.query.model.model.id : p.query.hubRef !== null ? `hub:${p.query.hubRef}` : "ask";
}

/** Names as people type them → the catalog id; every word binding. */
const NAMED: [string, string][] = [
	["ministral 3 8b", "ministral-3-8b"],
	["Ministral 3 14B", "ministral-3-14b"],
	["ministral3 3b", "ministral-3-3b"],
	["mistralai/Ministral-3-14B-Instruct-2512", "ministral-3-14b"],
	["Ministral-3-8B-Reasoning-2512", "ministral-3-8b"],
	["ministral 3 14b reasoning", "ministral-3-14b"],
	["ministral 8b", "ministral-8b-instruct-2410"],
	["Ministral-8B-Instruct-2410", "ministral-8b-instruct-2410"],
	["mistral small 4", "mistral-small-4-119b"],
	["Mistral Small 4 119B", "mistral-small-4-119b"],
	["mistral-small-4-119b-2603", "mistral-small-4-119b"],
	["devstral 2 123b", "devstral-2-123b"],
	["Devstral-2-123B-Instruct-2512", "devstral-2-123b"],
	["devstral small 1.1", "devstral-small-2507"],
	["ernie 4.5 21b", "ernie-4.5-21b-a3b"],
	["ernie 4.5 21b a3b", "ernie-4.5-21b-a3b"],
	["ERNIE-4.5-21B-A3B-Thinking", "ernie-4.5-21b-a3b"],
	["baidu/ERNIE-4.5-21B-A3B-PT", "ernie-4.5-21b-a3b"],
	["ernie 4.5 300b", "ernie-4.5-300b-a47b"],
	["ernie 4.5 300b a47b", "ernie-4.5-300b-a47b"],
	["baidu/ERNIE-4.5-300B-A47B-Paddle", "ernie-4.5-300b-a47b"],
	["exaone 4 32b", "exaone-4.0-32b"],
	["EXAONE 4.0 32B", "exaone-4.0-32b"],
	["EXAONE-4.0.1-32B", "exaone-4.0-32b"],
	["LGAI-EXAONE/EXAONE-4.0-32B", "exaone-4.0-32b"],
	["exaone 4.0 1.2b", "exaone-4.0-1.2b"],
	["hunyuan a13b", "hunyuan-a13b-instruct"],
	["Hunyuan-A13B-Instruct", "hunyuan-a13b-instruct"],
	["tencent/Hunyuan-A13B-Instruct", "hunyuan-a13b-instruct"],
	["hunyuan 7b", "hunyuan-7b-instruct"],
	["tencent/Hunyuan-7B-Instruct", "hunyuan-7b-instruct"],
];

/** Near misses: a size, version or sibling the catalog does not have — the bot asks, never answers another model. */
const ASK: string[] = [
	"ministral 3 24b",
	"ministral 3 7b",
	"ministral",
	"mistral large 3",
	"mistral small 5",
	"mistral small 4 24b",
	"mistral medium 3.5",
	"magistral",
	"magistral small",
	"devstral small 2",
	"devstral 2 24b",
	"ernie 4.5 0.3b",
	"ernie 4.5 vl 28b",
	"ernie 4.5 21b a4b",
	"ernie 4.5 424b",
	"ernie 5",
	"ernie",
	"exaone 4.5 33b",
	"exaone 3.5 32b",
	"exaone deep 32b",
	"exaone 4 30b",
	"exaone",
	"k-exaone",
	"hunyuan a52b",
	"hunyuan 4b",
	"hunyuan 13b",
	"hy3 preview",
];

describe("names of the new families: the named model or a question", () => {
	it.each(NAMED)("%s → %s", (typed, id) => {
		expect(viaResolver(typed)).toBe(id);
		expect(viaParser(typed)).toBe(id);
	});
	it.each(ASK)("%s → ask", (typed) => {
		expect(viaResolver(typed)).toBe("ask");
		expect(viaParser(typed)).toBe("ask");
	});
});
