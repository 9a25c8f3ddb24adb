/**
 * The models built from vendored config.json copies (catalog/sources/models/): each new architecture's
 * KV / recurrent-state bytes against llama.cpp's (and vLLM's) arithmetic worked out here from the raw
 * config fields, never from the catalog entry, and parameter counts against the published sizes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_DIR } from "../../scripts/build-catalog.js";
import { type ConfigRow, parseConfigJson, qwenVisionParams } from "../../scripts/build-catalog-configs.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Model } from "../../src/catalog/schema.js";
import { countParams, kvCacheDetail, modelTensors, weightsFor } from "../../src/engine/index.js";
import { kvPerLayer } from "../../src/engine/kvCache.js";

const cat = loadCatalog();
const modelsDir = join(REPO_DIR, "catalog", "sources", "models");
const rows = JSON.parse(readFileSync(join(modelsDir, "hub-models.json"), "utf8")) as ConfigRow[];

type Cfg = Record<string, unknown>;
function config(file: string): Cfg {
	return parseConfigJson(readFileSync(join(modelsDir, "configs", file), "utf8")) as Cfg;
}
/** The language model's fields (multimodal configs keep them in text_config); read as plain JSON values. */
// biome-ignore lint/suspicious/noExplicitAny: raw config.json fields, each used as the number or list the config holds
type Fields = Record<string, any>;
function text(cfg: Cfg): Fields {
	return ((cfg["text_config"] as Cfg | undefined) ?? cfg) as Fields;
}
function model(id: string): Model {
	const m = cat.models.find((x) => x.id === id);
	if (m === undefined) throw new Error(`no catalog model ${id}`);
	return m;
}
const pad256 = (n: number): number => Math.ceil(n / 256) * 256;
const kv = (m: Model, ctx: number, opts: Partial<{ runtime: "llama.cpp" | "vllm"; kvCacheType: "f16" | "q8_0"; ubatch: number; parallel: number }> = {}) =>
	kvCacheDetail(m, {
		contextTokens: ctx,
		kvCacheType: opts.kvCacheType ?? "f16",
		runtime: opts.runtime ?? "llama.cpp",
		ubatch: opts.ubatch ?? 512,
		parallel: opts.parallel ?? 1,
		flashAttention: true,
	}).bytes;

describe("models from vendored configs", () => {
	it("every row has its config file, and provenance names the repo and commit", () => {
		const prov = JSON.parse(readFileSync(join(modelsDir, "configs", "PROVENANCE.json"), "utf8")) as Record<string, string>;
		for (const r of rows) {
			expect(prov[r.config], r.config).toBe(r.configSource);
			// a repo at a commit, or (until catalog:sync replaces it) a transcription that says so
			expect(r.configSource).toMatch(/^([\w.-]+\/[\w.-]+@[0-9a-f]{40}:|transcription of [\w.-]+\/[\w.-]+'s config\.json)/);
			expect(model(r.id).source[0]).toContain(r.configSource);
		}
	});

	it("Qwen3-VL vision tower + text = the published safetensors count of Qwen3-VL-2B-Instruct, exactly", () => {
		const cfg = config("Qwen--Qwen3-VL-2B-Instruct.json");
		// 2,127,532,032: HF API parameter count of Qwen/Qwen3-VL-2B-Instruct (llmfit scrape, parameters_raw)
		expect(model("qwen3-vl-2b-instruct").totalParams).toBe(2_127_532_032);
		expect(countParams(model("qwen3-vl-2b-instruct")).total).toBe(2_127_532_032);
		expect(qwenVisionParams(cfg["vision_config"] as Cfg)).toBe(model("qwen3-vl-2b-instruct").visionParams);
	});

	it.each(rows.map((r) => ({ id: r.id, r })))("$id: parameters agree with the size in its name (4 %, 7 % under 5B; active 20 %)", ({ id, r }) => {
		const m = model(id);
		const counted = countParams(m);
		// the name's size leaves out the vision tower and the MTP block(s) the checkpoint also ships
		const mtp = m.mtpLayers > 0 ? counted.total - m.visionParams - Object.values(counted.byGroup).reduce((s, n) => s + n, 0) : 0;
		const textParams = counted.total - m.visionParams - mtp;
		// names round: "2B" is 2.13B with its vision tower; some count the tower (Qwen3.5), some do not (Qwen3-VL-8B)
		// Gemma's "E4B" counts the effective parameters: without the token and per-layer embedding tables
		const effective = m.perLayerEmbedding !== undefined ? textParams - counted.byGroup.embedding : textParams;
		const off = Math.min(
			Math.abs(textParams / r.nominalParams - 1),
			Math.abs((textParams + m.visionParams) / r.nominalParams - 1),
			Math.abs(effective / r.nominalParams - 1),
		);
		expect(off).toBeLessThan(r.nominalParams < 5e9 ? 0.07 : 0.04);
		if (r.activeNominal !== undefined) {
			// "A3B" figures usually leave out the embedding table and the output head
			const embeddings = counted.byGroup.embedding + counted.byGroup.output;
			const activeOff = Math.min(Math.abs(m.activeParams / r.activeNominal - 1), Math.abs((m.activeParams - embeddings) / r.activeNominal - 1));
			expect(activeOff).toBeLessThan(0.2);
		} else if (m.moe === null) expect(m.activeParams).toBe(m.totalParams);
		// a MoE whose published active figure is too loose to check (IBM's "7B-A1B" for 1.47B): the engine's count, below the total
		else expect([m.activeParams, m.activeParams < m.totalParams]).toEqual([counted.active, true]);
	});

	it("Gated DeltaNet (Qwen3.5-27B): only full-attention layers hold KV; linear layers hold llama.cpp's r + s state", () => {
		const t = text(config("Qwen--Qwen3.5-27B.json"));
		const types = t["layer_types"] as string[];
		const nFull = types.filter((x) => x === "full_attention").length;
		const nLin = types.length - nFull;
		const kvPerCell = 2 * t["num_key_value_heads"] * t["head_dim"] * 2; // K + V, f16
		// llama-hparams.cpp n_embd_r = (d_conv - 1) · (2·n_k_heads·d_k + n_v_heads·d_v); n_embd_s = n_v_heads·d_k·d_v; F32
		const r =
			(t["linear_conv_kernel_dim"] - 1) * (2 * t["linear_num_key_heads"] * t["linear_key_head_dim"] + t["linear_num_value_heads"] * t["linear_value_head_dim"]);
		const s = t["linear_num_value_heads"] * t["linear_key_head_dim"] * t["linear_value_head_dim"];
		for (const ctx of [4096, 32768, 100_000]) {
			expect(kv(model("qwen3.5-27b"), ctx)).toBe(nFull * kvPerCell * pad256(ctx) + nLin * (r + s) * 4);
		}
		// two sequences: two states, and the full layers' cells for both
		expect(kv(model("qwen3.5-27b"), 8192, { parallel: 2 })).toBe(nFull * kvPerCell * pad256(2 * 8192) + 2 * nLin * (r + s) * 4);
	});

	it("Gated DeltaNet MoE (Qwen3.6-35B-A3B): same rule with its own heads", () => {
		const t = text(config("Qwen--Qwen3.6-35B-A3B.json"));
		const nFull = (t["layer_types"] as string[]).filter((x) => x === "full_attention").length;
		const nLin = t["num_hidden_layers"] - nFull;
		const r = 3 * (2 * t["linear_num_key_heads"] * t["linear_key_head_dim"] + t["linear_num_value_heads"] * t["linear_value_head_dim"]);
		const s = t["linear_num_value_heads"] * t["linear_key_head_dim"] * t["linear_value_head_dim"];
		expect(kv(model("qwen3.6-35b-a3b"), 65536)).toBe(nFull * 2 * t["num_key_value_heads"] * t["head_dim"] * 2 * 65536 + nLin * (r + s) * 4);
		// attn_q carries the output gate: 2 · heads · head_dim rows
		const q = modelTensors(model("qwen3.6-35b-a3b")).find((x) => x.name === "blk.3.attn_q.weight");
		expect(q?.shape).toEqual([t["hidden_size"], 2 * t["num_attention_heads"] * t["head_dim"]]);
	});

	it("Gemma 4 31B: sliding layers cap at the window (+ ubatch), global layers use their own KV heads × head size, K = V stored twice", () => {
		const t = text(config("nvidia--Gemma-4-31B-IT-NVFP4.json"));
		const types = t["layer_types"] as string[];
		const nGlobal = types.filter((x) => x === "full_attention").length;
		const nSliding = types.length - nGlobal;
		const sliding = 2 * t["num_key_value_heads"] * t["head_dim"] * 2;
		const global = 2 * t["num_global_key_value_heads"] * t["global_head_dim"] * 2;
		for (const [ctx, ubatch] of [
			[32768, 512],
			[131072, 2048],
			[1000, 512],
		] as const) {
			const swaCells = Math.min(pad256(ctx), pad256(t["sliding_window"] + ubatch));
			expect(kv(model("gemma-4-31b"), ctx, { ubatch })).toBe(nGlobal * global * pad256(ctx) + nSliding * sliding * swaCells);
		}
		// attention_k_eq_v: global layers load no attn_v (gemma4-iswa.cpp uses Kcur as Vcur)
		const firstGlobal = types.indexOf("full_attention");
		const names = new Set(modelTensors(model("gemma-4-31b")).map((x) => x.name));
		expect(names.has(`blk.${firstGlobal}.attn_v.weight`)).toBe(false);
		expect(names.has("blk.0.attn_v.weight")).toBe(true);
	});

	it("MiMo-V2-Flash: sliding layers use the swa_* heads, full layers the plain ones, K and V of different widths", () => {
		const t = text(config("XiaomiMiMo--MiMo-V2-Flash.json"));
		const pattern = t["hybrid_layer_pattern"] as number[];
		const nSliding = pattern.filter((x) => x === 1).length;
		const nFull = pattern.length - nSliding;
		const sliding = t["swa_num_key_value_heads"] * (t["swa_head_dim"] + t["swa_v_head_dim"]) * 2;
		const full = t["num_key_value_heads"] * (t["head_dim"] + t["v_head_dim"]) * 2;
		for (const ctx of [16384, 262144]) {
			expect(kv(model("mimo-v2-flash"), ctx)).toBe(nFull * full * pad256(ctx) + nSliding * sliding * Math.min(pad256(ctx), pad256(t["sliding_window"] + 512)));
		}
		// vLLM pages of 16 tokens and the window plus one page
		expect(kv(model("mimo-v2-flash"), 10000, { runtime: "vllm" })).toBe(nFull * full * 10000 + nSliding * sliding * (t["sliding_window"] + 16));
	});

	it("Gemma 4 E4B / E2B: the shared-KV layers hold no KV and load no attn_k/attn_v; the per-layer tables sit in the input layer", () => {
		for (const [file, id] of [
			["google--gemma-4-E4B-it.json", "gemma-4-e4b"],
			["google--gemma-4-E2B-it.json", "gemma-4-e2b"],
		] as const) {
			const t = text(config(file));
			const types = t["layer_types"] as string[];
			const owners = types.slice(0, t["num_hidden_layers"] - t["num_kv_shared_layers"]);
			const nGlobal = owners.filter((x) => x === "full_attention").length;
			const nSliding = owners.length - nGlobal;
			const kvHeads = t["num_global_key_value_heads"] ?? t["num_key_value_heads"];
			for (const ctx of [8192, 131072]) {
				const swaCells = Math.min(pad256(ctx), pad256(t["sliding_window"] + 512));
				const expected =
					nGlobal * 2 * kvHeads * t["global_head_dim"] * 2 * pad256(ctx) + nSliding * 2 * t["num_key_value_heads"] * t["head_dim"] * 2 * swaCells;
				expect(kv(model(id), ctx), `${id} at ${ctx}`).toBe(expected);
			}
			const tensors = modelTensors(model(id));
			const last = t["num_hidden_layers"] - 1;
			expect(tensors.some((x) => x.name === `blk.${last}.attn_k.weight`)).toBe(false);
			expect(tensors.some((x) => x.name === "blk.0.attn_k.weight")).toBe(true);
			const table = tensors.find((x) => x.name === "per_layer_token_embd.weight");
			expect(table?.shape).toEqual([t["hidden_size_per_layer_input"] * t["num_hidden_layers"], t["vocab_size_per_layer_input"]]);
			expect(table?.layer).toBeNull();
			// use_double_wide_mlp: the shared layers' MLP is twice as wide
			const up = tensors.find((x) => x.name === `blk.${last}.ffn_up.weight`);
			expect(up?.shape[1]).toBe(t["intermediate_size"] * (t["use_double_wide_mlp"] ? 2 : 1));
		}
	});

	it("Gemma 4 26B-A4B: the MoE block runs beside the dense MLP in every layer", () => {
		const t = text(config("google--gemma-4-26B-A4B.json"));
		const names = modelTensors(model("gemma-4-26b-a4b")).map((x) => x.name);
		expect(names).toContain("blk.0.ffn_up.weight");
		expect(names).toContain("blk.0.ffn_down_exps.weight");
		const exps = modelTensors(model("gemma-4-26b-a4b")).find((x) => x.name === "blk.0.ffn_down_exps.weight");
		expect(exps?.shape).toEqual([t["moe_intermediate_size"], t["hidden_size"], t["num_experts"]]);
	});

	it("MLA + DSA (GLM-5): every layer caches the 576-wide latent K plus the indexer's keys; vLLM stores the keys as fp8 + scales", () => {
		const t = text(config("zai-org--GLM-5.json"));
		const latent = t["kv_lora_rank"] + t["qk_rope_head_dim"];
		const L = t["num_hidden_layers"];
		const ctx = 65536;
		expect(kv(model("glm-5"), ctx)).toBe(L * (latent + t["index_head_dim"]) * 2 * pad256(ctx));
		expect(kv(model("glm-5"), ctx, { kvCacheType: "q8_0" })).toBe(L * (latent + t["index_head_dim"]) * (34 / 32) * pad256(ctx));
		// vLLM: MLA latent in the KV dtype; indexer keys fp8 with one f32 scale per 128 values
		expect(kv(model("glm-5"), ctx, { runtime: "vllm" })).toBe(L * (latent * 2 + t["index_head_dim"] + (t["index_head_dim"] / 128) * 4) * ctx);
		// DeepSeek-V3.2 carries the same indexer (64 heads × 128)
		expect(kv(model("deepseek-v3.2"), 4096)).toBe(61 * (576 + 128) * 2 * 4096);
	});

	it("Mamba-2 hybrid (Nemotron 3 Nano): attention blocks hold KV, Mamba blocks llama.cpp's conv + ssm state, MoE blocks nothing", () => {
		const t = text(config("nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.json"));
		const pattern = t["hybrid_override_pattern"] as string;
		const nAttn = [...pattern].filter((c) => c === "*").length;
		const nMamba = [...pattern].filter((c) => c === "M").length;
		const dInner = t["mamba_num_heads"] * t["mamba_head_dim"];
		// llama-hparams.cpp: n_embd_r = (d_conv - 1) · (d_inner + 2·n_group·d_state); n_embd_s = d_state · d_inner; F32
		const r = (t["conv_kernel"] - 1) * (dInner + 2 * t["n_groups"] * t["ssm_state_size"]);
		const s = t["ssm_state_size"] * dInner;
		for (const ctx of [8192, 262144]) {
			expect(kv(model("nemotron-3-nano-30b-a3b"), ctx)).toBe(nAttn * 2 * t["num_key_value_heads"] * t["head_dim"] * 2 * pad256(ctx) + nMamba * (r + s) * 4);
		}
		// a mixer block has no FFN, an E block no attention
		const tensors = modelTensors(model("nemotron-3-nano-30b-a3b"));
		const inBlock = (il: number) => tensors.filter((x) => x.layer === il).map((x) => x.name.split(".")[2]);
		expect(inBlock(pattern.indexOf("M"))).not.toContain("ffn_up_exps");
		expect(inBlock(pattern.indexOf("E"))).not.toContain("attn_q");
		expect(inBlock(pattern.indexOf("*"))).toContain("attn_q");
	});

	it("Nemotron 3 Super: latent MoE experts are [latent, expert width], with projections in and out", () => {
		const t = text(config("nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-FP8.json"));
		const il = (t["hybrid_override_pattern"] as string).indexOf("E");
		const up = modelTensors(model("nemotron-3-super-120b-a12b")).find((x) => x.name === `blk.${il}.ffn_up_exps.weight`);
		expect(up?.shape).toEqual([t["moe_latent_size"], t["moe_intermediate_size"], t["n_routed_experts"]]);
	});

	it.each([
		// config, catalog id, published safetensors count (llmfit scrape of the Hub API, parameters_raw)
		["Qwen--Qwen3.5-9B.json", "qwen3.5-9b", 9_653_104_368],
		["Qwen--Qwen3.5-4B.json", "qwen3.5-4b", 4_659_865_088],
		["Qwen--Qwen3.5-2B.json", "qwen3.5-2b", 2_274_069_824],
		["Qwen--Qwen3.5-0.8B.json", "qwen3.5-0.8b", 873_438_784],
		["XiaomiMiMo--MiMo-7B-Base.json", "mimo-7b-base", 7_833_409_536],
	] as const)("%s: text + vision tower + MTP = the published count of %s, to the parameter", (file, id, published) => {
		expect(model(id).totalParams).toBe(published);
		expect(countParams(model(id)).total).toBe(published);
		const cfg = config(file);
		if (cfg["vision_config"] !== undefined) expect(model(id).visionParams).toBe(qwenVisionParams(cfg["vision_config"] as Cfg));
	});

	it("Gated DeltaNet at the small Qwen3.5 sizes: 1 KV layer in 4, each linear layer llama.cpp's r + s state", () => {
		for (const [file, id] of [
			["Qwen--Qwen3.5-9B.json", "qwen3.5-9b"],
			["Qwen--Qwen3.5-0.8B.json", "qwen3.5-0.8b"],
		] as const) {
			const t = text(config(file));
			const nFull = t["num_hidden_layers"] / t["full_attention_interval"];
			const nLin = t["num_hidden_layers"] - nFull;
			const r =
				(t["linear_conv_kernel_dim"] - 1) *
				(2 * t["linear_num_key_heads"] * t["linear_key_head_dim"] + t["linear_num_value_heads"] * t["linear_value_head_dim"]);
			const s = t["linear_num_value_heads"] * t["linear_key_head_dim"] * t["linear_value_head_dim"];
			for (const ctx of [4096, 131072]) {
				expect(kv(model(id), ctx)).toBe(nFull * 2 * t["num_key_value_heads"] * t["head_dim"] * 2 * pad256(ctx) + nLin * (r + s) * 4);
			}
		}
	});

	it("OLMo 3 (olmo3): 3 sliding-window layers per full layer; a sliding layer holds pad256(window + ubatch) cells in llama.cpp, the window plus a page in vLLM", () => {
		for (const [file, id] of [
			["allenai--Olmo-3-7B-Instruct.json", "olmo-3-7b-instruct"],
			["allenai--Olmo-3-32B-Think.json", "olmo-3-32b-think"],
		] as const) {
			const t = text(config(file));
			const types = t["layer_types"] as string[];
			const nFull = types.filter((x) => x === "full_attention").length;
			const nSwa = types.length - nFull;
			const perCell = 2 * t["num_key_value_heads"] * t["head_dim"] * 2;
			const w = t["sliding_window"];
			for (const ctx of [2048, 65536]) {
				expect(kv(model(id), ctx, { ubatch: 512 })).toBe(nFull * perCell * pad256(ctx) + nSwa * perCell * Math.min(pad256(ctx), pad256(w + 512)));
				const pages = (n: number) => Math.ceil(n / 16) * 16;
				expect(kv(model(id), ctx, { runtime: "vllm" })).toBe(nFull * perCell * pages(ctx) + nSwa * perCell * Math.min(pages(ctx), pages(w + 16)));
			}
		}
	});

	it("Nemotron-H 56B: the 10 attention blocks hold KV, the 54 Mamba-2 blocks a fixed state, the MLP blocks nothing", () => {
		const t = text(config("nvidia--Nemotron-H-56B-Base-8K.json"));
		const pattern = t["hybrid_override_pattern"] as string;
		const nAttn = [...pattern].filter((c) => c === "*").length;
		const nMamba = [...pattern].filter((c) => c === "M").length;
		const dInner = t["mamba_num_heads"] * t["mamba_head_dim"];
		const r = (t["conv_kernel"] - 1) * (dInner + 2 * t["n_groups"] * t["ssm_state_size"]);
		const s = t["ssm_state_size"] * dInner;
		expect([nAttn, nMamba]).toEqual([10, 54]);
		expect(kv(model("nemotron-h-56b-base"), 8192)).toBe(
			nAttn * 2 * t["num_key_value_heads"] * t["attention_head_dim"] * 2 * pad256(8192) + nMamba * (r + s) * 4,
		);
	});

	it("DeepSeek V4 compressed attention: window entries on every layer, one entry per r tokens on compressed layers, indexer keys on ratio-4 layers (SGLang DSV4PoolConfigurator)", () => {
		for (const [file, id] of [
			["deepseek-ai--DeepSeek-V4-Flash.json", "deepseek-v4-flash"],
			["deepseek-ai--DeepSeek-V4-Pro.json", "deepseek-v4-pro"],
		] as const) {
			const t = text(config(file));
			const ratios = (t["compress_ratios"] as number[]).slice(0, t["num_hidden_layers"]);
			const n4 = ratios.filter((r) => r === 4).length;
			const n128 = ratios.filter((r) => r === 128).length;
			// pool_configurator.py: kv_bytes = qk_nope_head_dim + qk_rope_head_dim * 2 + 8 (FP8 nope, BF16 rope, scales);
			// indexer_bytes = index_head_dim + index_head_dim / 128 * 4; nope = head_dim - rope
			const entry = t["head_dim"] - t["qk_rope_head_dim"] + 2 * t["qk_rope_head_dim"] + 8;
			const indexer = t["index_head_dim"] + (t["index_head_dim"] / 128) * 4;
			expect([entry, indexer]).toEqual([584, 132]);
			const pages = (n: number) => Math.ceil(n / 16) * 16;
			for (const ctx of [8192, 131072, 1_048_576]) {
				const window = Math.min(pages(ctx), pages(t["sliding_window"] + 16));
				const want = ratios.length * entry * window + n4 * Math.ceil(ctx / 4) * (entry + indexer) + n128 * Math.ceil(ctx / 128) * entry;
				const kvFp8 = kvCacheDetail(model(id), { contextTokens: ctx, kvCacheType: "fp8", runtime: "vllm", ubatch: 512, parallel: 1, flashAttention: true });
				expect(kvFp8.bytes).toBe(want);
				// the per-layer split adds up (placement uses it)
				expect(kvPerLayer(kvFp8).reduce((a, b) => a + b, 0)).toBe(want);
			}
			// a BF16 cache stores head_dim × 2 bytes per entry; two sequences hold two of everything
			const bf16 = kvCacheDetail(model(id), {
				contextTokens: 65536,
				kvCacheType: "bf16",
				runtime: "vllm",
				ubatch: 512,
				parallel: 2,
				flashAttention: true,
			}).bytes;
			const e16 = t["head_dim"] * 2;
			expect(bf16).toBe(2 * (ratios.length * e16 * pages(t["sliding_window"] + 16) + n4 * (65536 / 4) * (e16 + indexer) + n128 * (65536 / 128) * e16));
		}
		// 1M tokens of V4-Flash stay under 4 GiB (DeepSeek-V3.2's MLA + indexer cache would need ~40 GiB)
		expect(
			kvCacheDetail(model("deepseek-v4-flash"), {
				contextTokens: 1_048_576,
				kvCacheType: "fp8",
				runtime: "vllm",
				ubatch: 512,
				parallel: 1,
				flashAttention: true,
			}).bytes,
		).toBeLessThan(4 * 2 ** 30);
	});

	it("DeepSeek V4 tensors: low-rank q, one K = V head, grouped low-rank output; the count is within 3 % of the published totals, active within 5 %", () => {
		const t = text(config("deepseek-ai--DeepSeek-V4-Flash.json"));
		const names = modelTensors(model("deepseek-v4-flash")).filter((x) => x.layer === 0);
		const shape = (n: string) => names.find((x) => x.name === `blk.0.${n}`)?.shape;
		expect(shape("attn_q_b.weight")).toEqual([t["q_lora_rank"], t["num_attention_heads"] * t["head_dim"]]);
		expect(shape("attn_kv.weight")).toEqual([t["hidden_size"], t["head_dim"]]);
		expect(shape("attn_output_b.weight")).toEqual([t["o_groups"] * t["o_lora_rank"], t["hidden_size"]]);
		for (const [id, total, active] of [
			["deepseek-v4-flash", 284e9, 13e9],
			["deepseek-v4-pro", 1.6e12, 49e9],
		] as const) {
			const c = countParams(model(id));
			expect(Math.abs(c.total / total - 1)).toBeLessThan(0.03);
			// "13B activated" leaves out the embedding table, as the "A3B" figures of the nominal-size test do
			const activeOff = Math.min(Math.abs(c.active / active - 1), Math.abs((c.active - c.byGroup.embedding) / active - 1));
			expect(activeOff).toBeLessThan(0.05);
		}
	});

	it("DeepSeek V4 parameter gap: the compressors, indexers and hyper-connection mixers are counted; 284B is the count without the MTP layer", () => {
		// llmfit scrape (HF safetensors element counts): DeepSeek-V4-Flash-Base 292,021,347,282 (with the MTP
		// layer), mlx-community/deepseek-ai-DeepSeek-V4-Flash-8bit 284,299,262,080 (the conversion drops it),
		// DeepSeek-V4-Pro-Base 1,600,790,440,862
		const flash = countParams(model("deepseek-v4-flash"));
		const flashText = Object.values(flash.byGroup).reduce((s, n) => s + n, 0);
		expect(Math.abs(flash.total / 292_021_347_282 - 1)).toBeLessThan(1e-4);
		expect(Math.abs(flashText / 284_299_262_080 - 1)).toBeLessThan(2e-4);
		expect(Math.abs(countParams(model("deepseek-v4-pro")).total / 1_600_790_440_862 - 1)).toBeLessThan(1e-4);
		// the published 284B is the text without the MTP layer; the catalog keeps it, the engine's count is within 0.2 %
		expect(model("deepseek-v4-flash").totalParams).toBe(284e9);
		expect(Math.abs(flashText / 284e9 - 1)).toBeLessThan(0.002);
		// what was missing: a ratio-4 layer's compressor (overlapping: 2 × head_dim wide) and indexer, a ratio-128 layer's compressor
		const t = text(config("deepseek-ai--DeepSeek-V4-Flash.json"));
		const ratios = t["compress_ratios"] as number[];
		const at = (il: number, n: string) => modelTensors(model("deepseek-v4-flash")).find((x) => x.name === `blk.${il}.${n}`)?.shape;
		const r4 = ratios.indexOf(4);
		const r128 = ratios.indexOf(128);
		expect(at(r4, "attn_compressor.wkv.weight")).toEqual([t["hidden_size"], 2 * t["head_dim"]]);
		expect(at(r128, "attn_compressor.wkv.weight")).toEqual([t["hidden_size"], t["head_dim"]]);
		expect(at(r4, "indexer.attn_q_b.weight")).toEqual([t["q_lora_rank"], t["index_n_heads"] * t["index_head_dim"]]);
		expect(at(r4, "indexer.compressor.wkv.weight")).toEqual([t["hidden_size"], 2 * t["index_head_dim"]]);
		expect(at(r128, "indexer.attn_q_b.weight")).toBeUndefined();
		expect(at(0, "attn_compressor.wkv.weight")).toBeUndefined();
		const mix = (2 + t["hc_mult"]) * t["hc_mult"];
		expect(at(0, "hc_attn_fn")).toEqual([t["hc_mult"] * t["hidden_size"], mix]);
	});

	it("MiniMax-M3 parameter gap: dense layers at dense_intermediate_size, the sparse layers' indexer projections; 428B excludes the MTP module", () => {
		const cfg = config("MiniMaxAI--MiniMax-M3.json") as Fields;
		const m = model("minimax-m3");
		expect(m.ffn.intermediateSize).toBe(cfg["dense_intermediate_size"]);
		const names = modelTensors(m);
		const sp = cfg["sparse_attention_config"];
		const firstSparse = (sp["sparse_attention_freq"] as number[]).indexOf(1);
		const at = (il: number, n: string) => names.find((x) => x.name === `blk.${il}.${n}`)?.shape;
		expect(at(firstSparse, "indexer.attn_q.weight")).toEqual([cfg["hidden_size"], sp["sparse_num_index_heads"] * sp["sparse_index_dim"]]);
		expect(at(firstSparse, "indexer.attn_k.weight")).toEqual([cfg["hidden_size"], sp["sparse_index_dim"]]);
		expect(at(0, "indexer.attn_q.weight")).toBeUndefined();
		expect(at(0, "ffn_up.weight")).toEqual([cfg["hidden_size"], cfg["dense_intermediate_size"]]);
		const c = countParams(m);
		const textParams = Object.values(c.byGroup).reduce((s, n) => s + n, 0);
		// without the MTP module the count is within 0.5 % of the published 428B (the vision tower is not counted)
		expect(Math.abs(textParams / 428e9 - 1)).toBeLessThan(0.005);
		expect(m.totalParams).toBe(428e9);
	});

	it("NATIVE-FP4 (DeepSeek V4's release): routed experts at 4 + 8/32 bits, other linear weights FP8, embeddings and head 16-bit; ~160 GB for V4-Flash", () => {
		const m = model("deepseek-v4-flash");
		expect(m.nativeDtype).toBe("fp4");
		const q = cat.quants.find((x) => x.id === "NATIVE-FP4");
		if (q === undefined) throw new Error("no NATIVE-FP4");
		const w = weightsFor(m, q);
		const g = countParams(m).byGroup;
		expect(w.weights.routedExperts).toBe(Math.ceil((g.routedExperts * 4.25) / 8));
		expect(w.weights.embedding + w.weights.output).toBe((g.embedding + g.output) * 2);
		// the Hub checkpoint: 158,069,433,298 stored elements (FP4 packed two per byte; llmfit scrape), about 160 GB
		expect(w.fileBytes / 1e9).toBeGreaterThan(155);
		expect(w.fileBytes / 1e9).toBeLessThan(165);
	});

	it("MiniMax-M3 block-sparse attention: GQA K + V on every layer plus the indexer pool on the sparse layers (SGLang MiniMaxSparseKVPool)", () => {
		const cfg = config("MiniMaxAI--MiniMax-M3.json") as Fields;
		const sp = cfg["sparse_attention_config"];
		const sparse = (sp["sparse_attention_freq"] as number[]).map((f, il): number =>
			f === 1 ? ((sp["sparse_disable_index_value"] as number[])[il] === 1 ? 1 : 2) : 0,
		);
		const nSparse = sparse.filter((x) => x > 0).length;
		expect(nSparse).toBe(57);
		// pool_configurator.py: main (dense + sparse) · 2 · kv_heads · head_dim · kv_size + (kv · 2 + k_only) · index_dim · model dtype size
		const main = cfg["num_hidden_layers"] * 2 * cfg["num_key_value_heads"] * cfg["head_dim"] * 2;
		const indexer = sparse.reduce((a, b) => a + b, 0) * sp["sparse_index_dim"] * 2;
		const pages = (n: number) => Math.ceil(n / 16) * 16;
		for (const ctx of [8192, 1_048_576]) {
			expect(kv(model("minimax-m3"), ctx, { runtime: "vllm" })).toBe((main + indexer) * pages(ctx));
			expect(kv(model("minimax-m3"), ctx)).toBe((main + indexer) * pad256(ctx));
		}
		// the dense first layers hold no indexer keys
		const perLayer = kvPerLayer(
			kvCacheDetail(model("minimax-m3"), { contextTokens: 4096, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true }),
		);
		expect((perLayer[3] ?? 0) - (perLayer[0] ?? 0)).toBe(sp["sparse_index_dim"] * 2 * 4096);
	});

	it("LFM2 short-conv hybrids: only the attention blocks hold KV; each conv block holds llama.cpp's n_embd × (conv_L_cache − 1) F32 state, no SSM state", () => {
		const cases = [
			{ id: "lfm2-1.2b", file: "LiquidAI--LFM2-1.2B.json", published: 1_170_340_608 },
			{ id: "lfm2-350m", file: "LiquidAI--LFM2-350M.json", published: 354_483_968 },
			{ id: "lfm2-2.6b", file: "LiquidAI--LFM2-2.6B.json", published: 2_569_272_320 },
			{ id: "lfm2-8b-a1b", file: "LiquidAI--LFM2-8B-A1B.json", published: 8_339_929_856 },
			{ id: "lfm2.5-1.2b-instruct", file: "LiquidAI--LFM2.5-1.2B-Instruct.json", published: 1_170_340_608 },
		];
		for (const { id, file, published } of cases) {
			const t = text(config(file));
			const types: boolean[] = Array.isArray(t["layer_types"])
				? (t["layer_types"] as string[]).map((x) => x === "full_attention")
				: Array.from({ length: t["num_hidden_layers"] }, (_, i) => (t["full_attn_idxs"] as number[]).includes(i));
			const nAttn = types.filter(Boolean).length;
			const nConv = types.length - nAttn;
			const headDim = t["hidden_size"] / t["num_attention_heads"];
			const perToken = nAttn * 2 * t["num_key_value_heads"] * headDim * 2; // K + V, f16
			const state = t["hidden_size"] * (t["conv_L_cache"] - 1) * 4; // F32, per sequence and conv block
			for (const ctx of [4096, 32768, 128_000]) expect(kv(model(id), ctx), id).toBe(perToken * pad256(ctx) + nConv * state);
			expect(kv(model(id), 8192, { parallel: 4 }), id).toBe(perToken * pad256(4 * 8192) + 4 * nConv * state);
			// the tensor list is the checkpoint's: the count equals the HF safetensors count (llmfit scrape) exactly
			expect(countParams(model(id)).total, id).toBe(published);
			expect(model(id).totalParams, id).toBe(published);
		}
		// hand-computed for LFM2-1.2B: 6 attention blocks × 8 KV heads × 64 × (K + V) × 2 bytes = 12 KiB per token;
		// 10 conv blocks × 2048 × 2 × 4 bytes = 160 KiB for one sequence
		expect(kv(model("lfm2-1.2b"), 4096)).toBe(12_288 * 4096 + 10 * 16_384);
		const kinds = kvCacheDetail(model("lfm2-1.2b"), {
			contextTokens: 4096,
			kvCacheType: "f16",
			runtime: "llama.cpp",
			ubatch: 512,
			parallel: 1,
			flashAttention: true,
		});
		expect(kinds.linearLayerBytes).toBe(16_384);
		// auto-adjusted MLP: LFM2-1.2B's block_ff_dim 12288 → 8192; LFM2-2.6B's (no adjust) stays 10752
		expect(model("lfm2-1.2b").ffn.intermediateSize).toBe(8192);
		expect(model("lfm2-350m").ffn.intermediateSize).toBe(4608);
		expect(model("lfm2-2.6b").ffn.intermediateSize).toBe(10752);
		// a conv block loads the short-conv tensors, no attention; an attention block the attention with q/k norms
		const names = new Set(modelTensors(model("lfm2-1.2b")).map((x) => x.name));
		expect(names.has("blk.0.shortconv.in_proj.weight") && names.has("blk.0.shortconv.conv.weight")).toBe(true);
		expect(names.has("blk.0.attn_q.weight")).toBe(false);
		expect(names.has("blk.2.attn_q_norm.weight") && names.has("blk.2.attn_k.weight")).toBe(true);
		expect(names.has("blk.2.shortconv.in_proj.weight")).toBe(false);
		// LFM2-8B-A1B: 2 dense blocks (7168), then 32 experts of 1792, 4 per token
		expect(model("lfm2-8b-a1b").moe).toMatchObject({ experts: 32, activeExperts: 4, expertIntermediateSize: 1792, firstDenseLayers: 2 });
	});

	it("Granite 4.0 H (granitemoehybrid): 4 attention blocks hold KV, 36 Mamba-2 blocks llama.cpp's conv + ssm state, every block also runs its MLP / MoE", () => {
		const t = text(config("ibm-granite--granite-4.0-h-tiny.json"));
		const types = t["layer_types"] as string[];
		const nAttn = types.filter((x) => x === "attention").length;
		const nMamba = types.length - nAttn;
		expect([nAttn, nMamba]).toEqual([4, 36]);
		const headDim = t["hidden_size"] / t["num_attention_heads"];
		const perToken = nAttn * 2 * t["num_key_value_heads"] * headDim * 2;
		const dInner = t["mamba_n_heads"] * t["mamba_d_head"];
		// llama-hparams.cpp: n_embd_r = (d_conv − 1)(d_inner + 2·n_group·d_state), n_embd_s = d_state·d_inner, F32
		const r = (t["mamba_d_conv"] - 1) * (dInner + 2 * t["mamba_n_groups"] * t["mamba_d_state"]);
		const sState = t["mamba_d_state"] * dInner;
		for (const id of ["granite-4.0-h-tiny", "granite-4.0-h-1b"]) {
			for (const ctx of [8192, 131_072]) expect(kv(model(id), ctx), id).toBe(perToken * pad256(ctx) + nMamba * (r + sState) * 4);
			expect(kv(model(id), 8192, { parallel: 3 }), id).toBe(perToken * pad256(3 * 8192) + 3 * nMamba * (r + sState) * 4);
		}
		// hand-computed: 4 × 4 KV heads × 128 × 2 × 2 = 8 KiB per token; (3 × 3328 + 128 × 3072) × 4 = 1,612,800 bytes per Mamba block
		expect(perToken).toBe(8192);
		expect((r + sState) * 4).toBe(1_612_800);
		// MoE on every block beside the shared MLP; the count (with the conv bias llama.cpp loads) equals the safetensors count
		expect(model("granite-4.0-h-tiny").moe).toMatchObject({
			experts: 64,
			activeExperts: 6,
			expertIntermediateSize: 512,
			sharedIntermediateSize: 1024,
			firstDenseLayers: 0,
		});
		expect(countParams(model("granite-4.0-h-tiny")).total).toBe(6_939_037_248);
		// the same conv bias brings Nemotron 3 Nano within 3,000 parameters (1e-7) of its safetensors count,
		// 31,577,937,344 (llmfit scrape; 138,368 short without it)
		expect(Math.abs(countParams(model("nemotron-3-nano-30b-a3b")).total - 31_577_937_344)).toBeLessThan(3_000);
		const tiny = modelTensors(model("granite-4.0-h-tiny"));
		const inBlock = (il: number) => new Set(tiny.filter((x) => x.layer === il).map((x) => x.name.split(".").slice(2).join(".")));
		expect(inBlock(0).has("ssm_in.weight") && inBlock(0).has("ffn_up_exps.weight") && inBlock(0).has("ffn_up_shexp.weight")).toBe(true);
		expect(inBlock(5).has("attn_k.weight") && inBlock(5).has("ffn_up_exps.weight") && !inBlock(5).has("ssm_in.weight")).toBe(true);
		// the dense 1B: no experts, the shared MLP width is the FFN
		expect(model("granite-4.0-h-1b").moe).toBeNull();
		expect(model("granite-4.0-h-1b").ffn.intermediateSize).toBe(4096);
	});

	it("Kimi-Linear (KDA + MLA): 7 MLA layers hold the 576-wide latent, 20 KDA layers llama.cpp's 3-conv + head_dim² state", () => {
		const t = text(config("moonshotai--Kimi-Linear-48B-A3B-Instruct.json"));
		const lac = t["linear_attn_config"];
		const nFull = (lac["full_attn_layers"] as number[]).length;
		const nKda = (lac["kda_layers"] as number[]).length;
		expect(nFull + nKda).toBe(t["num_hidden_layers"]);
		const latent = t["kv_lora_rank"] + t["qk_rope_head_dim"]; // V-less MLA cache (llama.cpp since PR #19067, vLLM)
		const d = lac["head_dim"];
		const h = lac["num_heads"];
		// llama-hparams.cpp KDA branch: n_embd_r = 3·(d_conv − 1)·n_head·head_dim, n_embd_s = head_dim²·n_head
		const state = (3 * (lac["short_conv_kernel_size"] - 1) * h * d + d * d * h) * 4;
		expect(state).toBe(2_244_608);
		const m = model("kimi-linear-48b-a3b-instruct");
		for (const ctx of [4096, 120_000, 1_048_576]) expect(kv(m, ctx)).toBe(nFull * latent * 2 * pad256(ctx) + nKda * state);
		expect(kv(m, 120_000, { runtime: "vllm" })).toBe(nFull * latent * 2 * Math.ceil(120_000 / 16) * 16 + nKda * state);
		// MLA layers are the 1-based full_attn_layers: layer index 3 (the 4th) and 26 (the 27th), not 0
		const kinds = (m.attention.layerTypes ?? []).map((x, i) => (x === "full" ? i : -1)).filter((i) => i >= 0);
		expect(kinds).toEqual((lac["full_attn_layers"] as number[]).map((x) => x - 1));
		// the tensor list equals the published safetensors count to the parameter (llmfit scrape)
		expect(countParams(m).total).toBe(49_122_681_728);
		const names = new Set(modelTensors(m).map((x) => x.name));
		expect(names.has("blk.0.ssm_conv1d_q.weight") && names.has("blk.0.ssm_f_b.weight") && names.has("blk.3.attn_kv_a_mqa.weight")).toBe(true);
		expect(names.has("blk.0.attn_kv_a_mqa.weight") || names.has("blk.3.ssm_f_a.weight")).toBe(false);
	});

	it("the catalog has 200 models and every new family is present", () => {
		expect(cat.models.length).toBeGreaterThanOrEqual(200);
		for (const family of ["OLMo 3", "GLM-4.6", "Qwen2", "Nemotron-H", "MiMo-7B", "DeepSeek V4", "MiniMax M3"])
			expect(
				cat.models.some((m) => m.family === family),
				family,
			).toBe(true);
		for (const family of ["Qwen3.5", "Qwen3.6", "Qwen3-VL", "GLM-4.7", "GLM-5", "Kimi K2.5", "MiniMax M2", "Nemotron 3", "Gemma 4", "MiMo"]) {
			expect(
				cat.models.some((m) => m.family === family),
				family,
			).toBe(true);
		}
	});
});
