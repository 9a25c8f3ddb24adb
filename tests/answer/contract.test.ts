/**
 * The JSON contract (DESIGN §2 and its additions) is typed at the bottom layer (src/answer/contract.ts)
 * from the Request and the engine's Estimate, and built from them: every answer's object carries the
 * typed fields with the types the contract names; the measured figures arrive as an input chosen by the
 * engine's one rule (llama-bench rows are shown for llama.cpp and Ollama answers only).
 */
import { describe, expect, it } from "vitest";
import { createCommandLayer } from "../../commands/layer.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import type { ContractJson } from "../../src/answer/contract.js";
import { getCatalog } from "../../src/catalog/index.js";
import { measuredForRequest } from "../../src/engine/measured.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
const layer = createCommandLayer(() => services);
const CTX = { platform: "cli" } as const;

async function json(text: string): Promise<ContractJson> {
	const a = await layer.answerQuery(text, CTX);
	expect(a.kind, text).not.toBe("error");
	return a.json as ContractJson;
}

const isNumber = (x: unknown) => typeof x === "number" && Number.isFinite(x);

describe("the JSON contract", () => {
	for (const text of [
		"deepseek-r1-distill-qwen-14b q4_k_m rtx 3060 12gb",
		"qwen3 32b 2x3090 32k kv=q8_0",
		"llama 3.1 70b 4090 +64gb ram",
		"vram gemma 3 27b",
		"gpus qwen3 32b",
		"qwen3 8b h100 vllm",
	]) {
		it(`carries every typed field for "${text}"`, async () => {
			const j = await json(text);
			expect(j.version).toBe(1);
			expect(Object.keys(j.model).sort()).toEqual(["activeParams", "contextLength", "id", "layers", "name", "totalParams"]);
			expect(typeof j.quant.id).toBe("string");
			expect(isNumber(j.quant.bitsPerWeight)).toBe(true);
			expect(isNumber(j.contextTokens)).toBe(true);
			expect(["llama.cpp", "ollama", "vllm", "mlx"]).toContain(j.runtime);
			for (const k of ["fileBytes", "weightsBytes", "kvCacheBytes", "computeBytes", "overheadBytes", "totalBytes"] as const)
				expect(isNumber(j.memory[k]), k).toBe(true);
			expect(Object.keys(j.memory)).toHaveLength(6);
			if (j.hardware !== null) {
				for (const d of j.hardware.devices)
					expect(isNumber(d.memoryBytes) && isNumber(d.bandwidthBytesPerSecond) && typeof d.unifiedMemory === "boolean").toBe(true);
				expect(j.fit).not.toBeNull();
			}
			if (j.fit !== null) {
				expect(["fits", "offload", "no"]).toContain(j.fit.verdict);
				for (const d of j.fit.devices) expect(Object.keys(d).sort()).toEqual(["capacityBytes", "id", "usedBytes"]);
			}
			expect(Array.isArray(j.measured)).toBe(true);
			expect(Array.isArray(j.suggestions)).toBe(true);
			// the resolution field of the Request (what the words matched)
			expect(j.resolution?.asked).toBe(false);
			expect(j.resolution?.model?.matched).toBe(j.model.id);
		});
	}

	it("shows measured llama-bench figures for llama.cpp and Ollama answers, never for vLLM or MLX ones", async () => {
		const asked = "deepseek-r1-distill-qwen-14b q4_k_m rtx 3060 12gb";
		const llama = await json(asked);
		expect(llama.measured.length).toBeGreaterThan(0);
		expect(llama.measured.every((m) => m.unit === "tokens/s" && isNumber(m.value) && m.source.length > 0)).toBe(true);
		expect((await json(`${asked} ollama`)).measured).toEqual(llama.measured);
		const model = cat.models.find((m) => m.id === "deepseek-r1-distill-qwen-14b");
		const quant = cat.quants.find((q) => q.id === "Q4_K_M");
		const device = cat.devices.find((d) => d.id === "rtx-3060-12gb");
		if (model === undefined || quant === undefined || device === undefined) throw new Error("catalog entries of the reference row are missing");
		const hardware = { devices: [{ device, count: 1 }], systemMemoryBytes: null };
		expect(measuredForRequest({ model, quant, runtime: "vllm", hardware })).toEqual([]);
		expect(measuredForRequest({ model, quant, runtime: "mlx", hardware })).toEqual([]);
		expect(measuredForRequest({ model, quant, runtime: "llama.cpp", hardware })).toEqual(llama.measured);
	});
});
