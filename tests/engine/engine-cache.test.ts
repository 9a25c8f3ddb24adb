/**
 * The model-keyed memos (tensor lists, parameter counts, the quant mix statics, weight breakdowns) are
 * owned by an EngineCache (issue 13): with one they hit (the same object back), give what a call
 * without one computes afresh, stay within their bound, and two caches share nothing.
 */
import { describe, expect, it } from "vitest";
import { ggufQuant } from "../../bench/accuracy/evaluate.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import { getCatalog } from "../../src/catalog/index.js";
import type { Model } from "../../src/catalog/schema.js";
import { countParams, EngineCache, modelTensors, weightsFor } from "../../src/engine/index.js";
import { staticsOf } from "../../src/engine/quantMix.js";
import { TENSOR_CACHE_MODELS } from "../../src/engine/tensors.js";

const models = Object.values(FIXTURE_MODELS) as Model[];

describe("EngineCache: the model-keyed memos", () => {
	it("hands back the memoized object, equal to a fresh computation", () => {
		const cache = new EngineCache();
		for (const m of models) {
			const tensors = modelTensors(m, cache);
			expect(modelTensors(m, cache)).toBe(tensors);
			expect(modelTensors(m)).not.toBe(tensors);
			expect(modelTensors(m)).toEqual(tensors);
			expect(staticsOf(tensors, cache)).toBe(staticsOf(tensors, cache));
			expect(staticsOf(tensors, cache)).toEqual(staticsOf(tensors));
			expect(countParams(m, cache)).toEqual(countParams(m));
			for (const q of ["Q4_K_M", "Q8_0", "IQ2_XXS"]) {
				const w = weightsFor(m, ggufQuant(q), undefined, cache);
				expect(weightsFor(m, ggufQuant(q), undefined, cache)).toBe(w);
				const fresh = weightsFor(m, ggufQuant(q));
				expect([w.fileBytes, w.weightsBytes, w.weights]).toEqual([fresh.fileBytes, fresh.weightsBytes, fresh.weights]);
			}
		}
	});

	it("a count read from the memo cannot be changed through what it returned", () => {
		const cache = new EngineCache();
		const m = models[0] as Model;
		const first = countParams(m, cache);
		first.byGroup.attention = -1;
		first.total = -1;
		expect(countParams(m, cache)).toEqual(countParams(m));
	});

	it("keeps at most TENSOR_CACHE_MODELS tensor lists, and two caches share nothing", () => {
		const a = new EngineCache();
		const b = new EngineCache();
		const all = getCatalog().models;
		expect(all.length).toBeGreaterThan(TENSOR_CACHE_MODELS + 10);
		for (const m of all.slice(0, TENSOR_CACHE_MODELS + 10)) modelTensors(m, a);
		expect(a.tensors.size).toBe(TENSOR_CACHE_MODELS);
		expect(b.tensors.size).toBe(0);
		const m = all[0] as Model;
		countParams(m, a);
		expect(a.params.has(m)).toBe(true);
		expect(b.params.has(m)).toBe(false);
	});
});
