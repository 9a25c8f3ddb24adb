/**
 * vram's full-context column reuses one full-context estimate for every rung (the KV cache, compute
 * buffers and overhead do not depend on the weights' quantization without hardware). Guard that
 * shortcut: for every catalog model and runtime, each row equals a direct estimate to the byte.
 */
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { getCatalog } from "../../src/catalog/index.js";
import { ENGINE_DEFAULTS, estimate, Workspace } from "../../src/engine/index.js";
import type { Runtime } from "../../src/engine/types.js";

type Json = Record<string, unknown>;

describe("vram full-context column", () => {
	it("equals a direct estimate at the full context for every model, quant and runtime", async () => {
		const cat = getCatalog();
		// the direct estimates' own memo (tensor lists, weights, prepared models), apart from the answers'
		const ws = new Workspace();
		let rows = 0;
		for (const runtime of ["llama.cpp", "ollama", "vllm", "mlx"] as Runtime[]) {
			for (const model of cat.models) {
				const a = await answerQuery(`vram ${model.id} 8k ${runtime}`, { platform: "cli" });
				if (a.kind !== "vram") continue;
				const j = a.json as Json;
				expect(j.runtime).toBe(runtime);
				// with Ollama as the runtime a library name means what `ollama run` pulls ("deepseek-r1" is the 8B distill)
				const answered = cat.modelById.get((j.model as Json).id as string) ?? model;
				for (const q of j.quants as Json[]) {
					const quant = cat.quants.find((x) => x.id === q.id);
					if (quant === undefined) throw new Error(`unknown quant ${String(q.id)}`);
					const direct = estimate(
						{
							model: answered,
							quant,
							contextTokens: q.fullContextTokens as number,
							kvCacheType: j.kvCacheType as "f16",
							runtime,
							hardware: null,
							ubatch: ENGINE_DEFAULTS.ubatch,
							flashAttention: ENGINE_DEFAULTS.flashAttention,
							parallel: ENGINE_DEFAULTS.parallel,
							tensors: undefined,
						},
						ws,
					);
					expect(q.totalBytesAtFullContext).toBe(direct.memory.totalBytes);
					rows++;
				}
			}
		}
		expect(rows).toBeGreaterThan(1000);
	});
});
