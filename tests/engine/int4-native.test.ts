/**
 * Native INT4 releases (Kimi K2 Thinking, K2.5, K2.6): the checkpoint's own quantization_config decides
 * the bytes — compressed-tensors int4, symmetric, one bf16 scale per 32 weights, routed experts only;
 * lm_head, self_attn, shared_experts and the dense MLP stay bf16 (Kimi-K2.5's config, vendored).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/services-from-catalog.js";
import { defaultQuant } from "../../commands/lib/request.js";
import { autoLadder } from "../../commands/lib/quant-ladder.js";
import { REPO_DIR } from "../../scripts/build-catalog.js";
import { getCatalog } from "../../src/catalog/index.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import { EngineInputError } from "../../src/engine/errors.js";
import { countParams, modelTensors, weightsFor } from "../../src/engine/index.js";
import { type HubConfig, mapConfig } from "../../src/hub/config-model.js";
import { parseQueryText } from "../../src/query/parse.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
function model(id: string): Model {
	const m = cat.modelById.get(id);
	if (m === undefined) throw new Error(`no model ${id}`);
	return m;
}
function quant(id: string): Quant {
	const q = cat.quantById.get(id);
	if (q === undefined) throw new Error(`no quant ${id}`);
	return q;
}

describe("native INT4 (compressed-tensors, group 32, routed experts)", () => {
	it("Kimi-K2.5's own quantization_config marks the release int4; a group-128 or float scheme does not", () => {
		const cfg = JSON.parse(readFileSync(join(REPO_DIR, "catalog", "sources", "models", "configs", "moonshotai--Kimi-K2.5.json"), "utf8")) as Record<
			string,
			unknown
		>;
		expect(mapConfig(cfg as HubConfig).facts.nativeDtype).toBe("int4");
		const text = cfg["text_config"] as Record<string, unknown>;
		const q = text["quantization_config"] as { config_groups: { group_0: { weights: Record<string, unknown> } } };
		const g128 = structuredClone(cfg) as Record<string, unknown>;
		((g128["text_config"] as typeof text)["quantization_config"] as typeof q).config_groups.group_0.weights["group_size"] = 128;
		expect(mapConfig(g128 as HubConfig).facts.nativeDtype).not.toBe("int4");
		expect(["kimi-k2-thinking", "kimi-k2.5", "kimi-k2.6"].map((id) => model(id).nativeDtype)).toEqual(["int4", "int4", "int4"]);
		// the FP8 release of Kimi K2 stays FP8, gpt-oss stays MXFP4
		expect([model("kimi-k2-instruct").nativeDtype, model("gpt-oss-120b").nativeDtype]).toEqual(["fp8", "mxfp4"]);
	});

	it("sizes the routed experts at 4 + 16/32 bits and everything else at bf16", () => {
		const m = model("kimi-k2-thinking");
		const w = weightsFor(m, quant("NATIVE-INT4"));
		const groups = countParams(m).byGroup;
		// hand count from the config: 60 MoE layers × 384 experts × 3 × 7168 × 2048
		expect(groups.routedExperts).toBe(60 * 384 * 3 * 7168 * 2048);
		expect(w.weights.routedExperts).toBe(Math.ceil((60 * 384 * 3 * 7168 * 2048 * 4.5) / 8));
		const rest = Object.entries(groups).reduce((s, [g, n]) => (g === "routedExperts" ? s : s + n), 0);
		expect(w.weights.total - w.weights.routedExperts).toBe(rest * 2);
		// about 594 GB: 1.01T expert weights at 4.5 bits + 11.7B bf16 weights
		expect(w.fileBytes / 1e9).toBeGreaterThan(590);
		expect(w.fileBytes / 1e9).toBeLessThan(600);
		// smaller than the FP8 release of the same architecture, larger than a group-128 int4 of it
		expect(w.weightsBytes).toBeLessThan(weightsFor(model("kimi-k2-instruct"), quant("FP8")).weightsBytes * 0.6);
		expect(w.weightsBytes).toBeGreaterThan(weightsFor(m, quant("AWQ-INT4")).weightsBytes);
		// no expert is named outside the routed-expert group (the tensors the ignore list keeps bf16)
		expect(
			modelTensors(m)
				.filter((t) => t.group === "routedExperts")
				.every((t) => t.name.includes("_exps")),
		).toBe(true);
	});

	it("exists only for models released that way", () => {
		expect(() => weightsFor(model("llama-3.1-8b-instruct"), quant("NATIVE-INT4"))).toThrow(EngineInputError);
		// each release format for its own models only: DeepSeek V4's FP4 + FP8 is not Kimi's INT4, nor the reverse
		expect(() => weightsFor(model("deepseek-v4-flash"), quant("NATIVE-INT4"))).toThrow(/its own format \(NATIVE-FP4\)/);
		expect(() => weightsFor(model("kimi-k2.5"), quant("NATIVE-FP4"))).toThrow(EngineInputError);
		expect(() => weightsFor(model("kimi-k2-instruct"), quant("NATIVE-INT4"))).toThrow(/not released as a NATIVE-INT4 checkpoint/);
	});

	it("is vLLM's default and top automatic rung for those models, and on no other model's ladder", () => {
		expect(defaultQuant(services, "vllm", model("kimi-k2.5")).id).toBe("NATIVE-INT4");
		expect(defaultQuant(services, "vllm", model("kimi-k2-instruct")).id).not.toBe("NATIVE-INT4");
		const int4 = autoLadder(services.quants, "vllm", "int4").filter((q) => q.format === "safetensors");
		expect(int4[0]?.id).toBe("NATIVE-INT4");
		expect(int4.every((q) => q.bitsPerWeight <= 4.5)).toBe(true);
		expect(autoLadder(services.quants, "vllm", "bf16").some((q) => q.id === "NATIVE-INT4")).toBe(false);
	});

	it("two-word quant names are read as one ('native int4', 'int4 qat', 'awq int4'); 'int4' alone stays GPTQ", () => {
		const quantOf = (text: string): string | null => {
			const p = parseQueryText(text, services.resolvers, services.limits);
			if (!p.ok) throw new Error(p.error.message);
			return p.query.quant?.id ?? null;
		};
		expect(quantOf("kimi k2 thinking native int4 on 8x h100")).toBe("NATIVE-INT4");
		expect(quantOf("kimi k2.5 int4 qat 8x h200 vllm")).toBe("NATIVE-INT4");
		expect(quantOf("llama 3.1 8b awq int4 on a 3090")).toBe("AWQ-INT4");
		expect(quantOf("llama 3.1 8b int4 on a 3090")).toBe("GPTQ-INT4");
	});
});
