/**
 * The engine's public API (src/engine/index.ts) agrees with itself across the catalog: the KV detail
 * sums to the KV bytes, and the tensor list adds up to the parameter count by group.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { countParams, kvCacheBytes, kvCacheDetail, modelTensors } from "../../src/engine/index.js";

const models = getCatalog().models;

describe("engine public API", () => {
	it("kvCacheDetail(model).bytes is kvCacheBytes(model) for every catalog model", () => {
		for (const model of models) {
			for (const contextTokens of [512, 8192, 131072]) {
				const opts = { contextTokens, kvCacheType: "f16" as const, runtime: "llama.cpp" as const, ubatch: 512, parallel: 1, flashAttention: true };
				const detail = kvCacheDetail(model, opts);
				expect(detail.bytes).toBe(kvCacheBytes(model, opts));
				expect(detail.bytes).toBeGreaterThanOrEqual(0);
			}
		}
	});

	it("modelTensors(model) of the text layers adds up to countParams(model)'s groups", () => {
		for (const model of models) {
			let elements = 0;
			// nextn (MTP) blocks past the text layers are counted apart, as Hugging Face counts them
			for (const t of modelTensors(model)) if (t.layer === null || t.layer < model.layers) elements += t.shape.reduce((a, d) => a * d, 1);
			const groups = Object.values(countParams(model).byGroup).reduce((a, n) => a + n, 0);
			expect(elements).toBe(groups);
			expect(countParams(model).total).toBeGreaterThanOrEqual(groups);
		}
	});
});
