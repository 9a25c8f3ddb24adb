/**
 * Ollama loads a multimodal model's vision projector on the first GPU (ollama/ollama llm/memory.go
 * EstimateGPULayers: gpuZeroOverhead = projectorWeights + projectorGraph), F16; llama-server loads none
 * without --mmproj. The estimate's first GPU carries it beside that GPU's overhead.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { estimate } from "../../src/engine/index.js";
import type { EstimateRequest, Runtime } from "../../src/engine/types.js";

const cat = getCatalog();

function req(modelId: string, deviceId: string, count: number, runtime: Runtime): EstimateRequest {
	const model = cat.modelById.get(modelId);
	const device = cat.deviceById.get(deviceId);
	const quant = cat.quantById.get("Q4_K_M");
	if (model === undefined || device === undefined || quant === undefined) throw new Error(`missing ${modelId} / ${deviceId}`);
	return {
		model,
		quant,
		contextTokens: 8192,
		kvCacheType: "f16",
		runtime,
		hardware: { devices: [{ device, count }], systemMemoryBytes: null },
		ubatch: 512,
		flashAttention: "auto",
		parallel: 1,
	};
}

describe("Ollama's vision projector", () => {
	it.each([
		["qwen3-vl-8b-instruct", "rtx-4090", 1],
		["gemma-3-27b-it", "rtx-3090", 2],
		["qwen3.5-9b", "rtx-4080", 1],
	] as const)("%s on %s × %i: Ollama's total is llama.cpp's plus visionParams × 2 bytes, on the first GPU", (modelId, deviceId, count) => {
		const ollama = estimate(req(modelId, deviceId, count, "ollama"));
		const llama = estimate(req(modelId, deviceId, count, "llama.cpp"));
		const model = cat.modelById.get(modelId);
		const proj = (model?.visionParams ?? 0) * 2;
		expect(proj).toBeGreaterThan(0);
		expect(ollama.memory.overheadBytes - llama.memory.overheadBytes).toBe(proj);
		const first = ollama.fit?.devices[0];
		const firstLlama = llama.fit?.devices[0];
		if (first !== undefined && firstLlama !== undefined) expect(first.usedBytes).toBeGreaterThanOrEqual(firstLlama.usedBytes + proj - 1);
		expect(ollama.assumptions.some((a) => a.includes("vision projector"))).toBe(true);
	});

	it("a text-only model carries none", () => {
		const a = estimate(req("qwen3-8b", "rtx-4090", 1, "ollama"));
		const b = estimate(req("qwen3-8b", "rtx-4090", 1, "llama.cpp"));
		expect(a.memory.overheadBytes).toBe(b.memory.overheadBytes);
		expect(a.assumptions.some((x) => x.includes("vision projector"))).toBe(false);
	});
});
