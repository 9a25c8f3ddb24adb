/**
 * Every model's parameter count, computed from its architecture facts by the engine, must be within
 * 3 % of the listed total: a wrong layer count, FFN width or expert count shows up here.
 * countParams counts what the HF checkpoint holds (text + MTP blocks + vision tower). Publishers quote
 * totals either with the MTP module (Kimi K2, HF counts) or without it (DeepSeek 671B, GLM-4.5-Air 106B),
 * so a model passes when either reading is within 3 %.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { countParams } from "../../src/engine/tensorTable.js";

const TOLERANCE = 0.03;
const cat = getCatalog();

describe("catalog facts agree with parameter totals", () => {
	it.each(cat.models.map((m) => [m.id, m] as const))("%s: architecture adds up to totalParams within 3 %%", (_id, m) => {
		const withMtp = countParams(m).total;
		const withoutMtp = countParams({ ...m, mtpLayers: 0 }).total;
		const error = Math.min(Math.abs(withMtp / m.totalParams - 1), Math.abs(withoutMtp / m.totalParams - 1));
		expect(error).toBeLessThan(TOLERANCE);
	});
	it("the active count of MoE models is below the total and dense models are fully active", () => {
		for (const m of cat.models) {
			if (m.moe === null) expect(m.activeParams).toBe(m.totalParams);
			else expect(m.activeParams).toBeLessThan(m.totalParams);
		}
	});
});
