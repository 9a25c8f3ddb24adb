import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { weightsFor } from "../../src/engine/index.js";

const cat = getCatalog();
const GB = 1e9;

/**
 * Published gpt-oss GGUF sizes keep the MXFP4 experts whatever the file type (unsloth/gpt-oss-*-GGUF
 * listings as quoted in llmfit PR #1059: 120B "Q8_0" and MXFP4 both 63.4 GB; F16 65.4 GB; 20B Q8_0
 * 12.1 GB, Q4_K_M 11.6 GB).
 */
describe("models released in MXFP4 keep MXFP4 experts in every GGUF mix", () => {
	const cases: [string, string, number][] = [
		["gpt-oss-120b", "MXFP4", 63.4],
		["gpt-oss-120b", "Q8_0", 63.4],
		["gpt-oss-120b", "F16", 65.4],
		["gpt-oss-20b", "Q8_0", 12.1],
		["gpt-oss-20b", "Q4_K_M", 11.6],
	];
	it.each(cases)("%s %s ≈ %s GB", (modelId, quantId, gb) => {
		const model = cat.modelById.get(modelId);
		const quant = cat.quantById.get(quantId);
		if (model === undefined || quant === undefined) throw new Error(`missing ${modelId} or ${quantId}`);
		const w = weightsFor(model, quant);
		expect(Math.abs(w.fileBytes / GB - gb) / gb).toBeLessThan(0.02);
	});

	it("still quantizes the experts of other MoE models with the mix", () => {
		const model = cat.modelById.get("qwen3-30b-a3b");
		const q8 = cat.quantById.get("Q8_0");
		const q4 = cat.quantById.get("Q4_K_M");
		if (model === undefined || q8 === undefined || q4 === undefined) throw new Error("missing catalog entries");
		expect(weightsFor(model, q8).fileBytes).toBeGreaterThan(1.6 * weightsFor(model, q4).fileBytes);
	});
});
