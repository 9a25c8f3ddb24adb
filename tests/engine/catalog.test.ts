/** The engine over the real catalog: every model × quant gives finite numbers, and params agree with the catalog. */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { EngineInputError } from "../../src/engine/errors.js";
import { isNativeReleaseQuant, nativeReleaseQuantId } from "../../src/engine/nativeRelease.js";
import { countParams, estimate, weightsFor } from "../../src/engine/index.js";

const cat = loadCatalog();

describe("engine over catalog/*.json", () => {
	it("estimates every model (in four quants) and every quant (on three models) with finite positive numbers", () => {
		const device = cat.devices.find((d) => d.kind === "gpu") ?? cat.devices[0];
		if (device === undefined) throw new Error("catalog has no devices");
		const someQuants = cat.quants.filter((q, i) => ["Q4_K_M", "Q8_0"].includes(q.id) || i === cat.quants.findIndex((x) => x.format === q.format));
		const someModels = cat.models.filter((_, i) => i % Math.ceil(cat.models.length / 3) === 0);
		const pairs = [...cat.models.flatMap((m) => someQuants.map((q) => [m, q] as const)), ...someModels.flatMap((m) => cat.quants.map((q) => [m, q] as const))];
		for (const [model, quant] of pairs) {
			// a release format exists only for the models released in it: refused for the others
			if (isNativeReleaseQuant(quant.id) && nativeReleaseQuantId(model.nativeDtype) !== quant.id) {
				expect(() => weightsFor(model, quant)).toThrow(EngineInputError);
				continue;
			}
			{
				const runtime = quant.format === "gguf" ? "llama.cpp" : quant.format === "mlx" ? "mlx" : "vllm";
				const e = estimate({
					model,
					quant,
					contextTokens: 4096,
					kvCacheType: "f16",
					runtime,
					hardware: { devices: [{ device, count: 1 }], systemMemoryBytes: null },
					ubatch: 512,
					flashAttention: "auto",
					parallel: 1,
				});
				expect(Number.isFinite(e.memory.totalBytes) && e.memory.weightsBytes > 0).toBe(true);
				expect(e.memory.kvCacheBytes).toBeGreaterThanOrEqual(0);
			}
		}
	});
	it("countParams is within 3 % of totalParams for nearly every catalog model", () => {
		const off = cat.models.filter((m) => Math.abs(countParams(m).total / m.totalParams - 1) > 0.03).map((m) => m.id);
		// glm-4.5-air: the catalog has the card's "106B"; the HF checkpoint (incl. its MTP block) holds ~110B
		expect(off.filter((id) => id !== "glm-4.5-air")).toEqual([]);
	});
});
