/**
 * The model-keyed memos (tensor tables, parameter counts, prepared models and the weights they hold)
 * are owned by an EngineCache (issue 13): with one they hit (the same object back), give what a call
 * without one computes afresh, and two caches share nothing.
 */
import { describe, expect, it } from "vitest";
import { ggufQuant } from "../../bench/accuracy/evaluate.js";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import { getCatalog } from "../../src/catalog/index.js";
import type { Model } from "../../src/catalog/schema.js";
import { countParams, EngineCache, modelTensors, weightsFor, Workspace } from "../../src/engine/index.js";
import { gpuSlots } from "../../src/engine/fit.js";
import { prepare } from "../../src/engine/prepared.js";
import { staticsOf } from "../../src/engine/quantMix.js";
import { tensorTable } from "../../src/engine/tensorTable.js";

const models = Object.values(FIXTURE_MODELS) as Model[];

describe("EngineCache: the model-keyed memos", () => {
	it("hands back the memoized object, equal to a fresh computation", () => {
		const cache = new EngineCache();
		for (const m of models) {
			const table = tensorTable(m, cache);
			expect(tensorTable(m, cache)).toBe(table);
			expect(tensorTable(m)).not.toBe(table);
			expect(tensorTable(m)).toEqual(table);
			expect(countParams(m, cache)).toEqual(countParams(m));
			for (const q of ["Q4_K_M", "Q8_0", "IQ2_XXS"]) {
				const quant = ggufQuant(q);
				const before = weightsFor(m, quant, undefined, cache);
				// the prepared entry holds the weights: weightsFor answers from it once it exists
				const p = prepare(m, quant, undefined, new Workspace(cache));
				expect(weightsFor(m, quant, undefined, cache)).toBe(p.weights);
				const fresh = weightsFor(m, quant);
				expect([before.fileBytes, before.weightsBytes, before.weights]).toEqual([fresh.fileBytes, fresh.weightsBytes, fresh.weights]);
				expect([p.weights.fileBytes, p.weights.weightsBytes, p.weights.weights]).toEqual([fresh.fileBytes, fresh.weightsBytes, fresh.weights]);
			}
		}
	});

	it("a table walks the tensor list: its runs are the list's tensors in order, block by block", () => {
		for (const m of getCatalog().models) {
			const list = modelTensors(m);
			const t = tensorTable(m);
			const walked = [...t.head.tensors];
			t.blockTemplate.forEach((index, il) => {
				for (const x of t.templates[index]?.tensors ?? []) walked.push({ ...x, name: x.name.replace(/^blk\.\d+\./, `blk.${il}.`), layer: il });
			});
			walked.push(...t.tail.tensors);
			expect(walked, m.id).toEqual(list);
			expect(t.count).toBe(list.length);
			const whole = staticsOf(list);
			expect([t.nAttnV, t.tiedEmbeddings]).toEqual([whole.nAttnV, whole.tiedEmbeddings]);
			// what the table is for: far fewer distinct block layouts than blocks
			expect(t.templates.length).toBeLessThanOrEqual(t.blockTemplate.length);
			// one template per distinct layout (names after blk.N., groups, shapes), first seen first
			const keys: string[] = [];
			for (let il = 0; il < t.blockTemplate.length; il++) {
				const prefix = `blk.${il}.`;
				keys.push(
					list
						.filter((x) => x.layer === il)
						.map((x) => `${x.name.slice(prefix.length)}:${x.group}:${x.shape.join("x")}`)
						.join(";"),
				);
			}
			const distinct = [...new Set(keys)];
			expect(t.templates.length, m.id).toBe(distinct.length);
			expect([...t.blockTemplate], m.id).toEqual(keys.map((k) => distinct.indexOf(k)));
		}
	});

	it("counts parameters off the table as over the tensor list (every catalog model)", () => {
		for (const m of getCatalog().models) {
			const byGroup: Record<string, number> = { embedding: 0, attention: 0, denseFfn: 0, routedExperts: 0, sharedExperts: 0, output: 0, norms: 0, linear: 0 };
			let text = 0;
			for (const x of modelTensors(m)) {
				// the nextn blocks a GGUF keeps are counted as HF counts them (the MTP term)
				if (x.layer !== null && x.layer >= m.layers) continue;
				const n = x.shape.reduce((a, d) => a * d, 1);
				byGroup[x.group] = (byGroup[x.group] ?? 0) + n;
				text += n;
			}
			const counted = countParams(m);
			expect(counted.byGroup, m.id).toEqual(byGroup);
			expect(counted.total, m.id).toBeGreaterThanOrEqual(text + m.visionParams);
			const experts =
				m.moe !== null && m.moe.experts > 0 ? (byGroup.routedExperts ?? 0) * (1 - Math.min(m.moe.activeExperts, m.moe.experts) / m.moe.experts) : 0;
			expect(counted.active, m.id).toBe(Math.round(text - experts));
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

	it("two caches share nothing", () => {
		const a = new EngineCache();
		const b = new EngineCache();
		const m = getCatalog().models[0] as Model;
		tensorTable(m, a);
		countParams(m, a);
		prepare(m, ggufQuant("Q4_K_M"), undefined, new Workspace(a));
		expect([a.tables.has(m), a.params.has(m), a.prepared.size]).toEqual([true, true, 1]);
		expect([b.tables.has(m), b.params.has(m), b.prepared.size]).toEqual([false, false, 0]);
	});

	it("keeps one GPU slot per device, runtime and index, whatever counts were asked", () => {
		const ws = new Workspace(new EngineCache());
		const device = FIXTURE_DEVICES["rtx-3090"];
		const one = (count: number, runtime: "llama.cpp" | "vllm" = "llama.cpp") =>
			gpuSlots({ devices: [{ device, count }], systemMemoryBytes: null }, runtime, ws);
		const three = one(3);
		const eight = one(8);
		const two = one(2);
		expect([three.length, eight.length, two.length]).toEqual([3, 8, 2]);
		expect(eight.slice(0, 3)).toEqual(three);
		for (let i = 0; i < 3; i++) expect(eight[i]).toBe(three[i]);
		for (let i = 0; i < 2; i++) expect(two[i]).toBe(eight[i]);
		expect(eight.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		// another runtime budgets the device its own way: its slots are its own
		expect(one(3, "vllm")[0]).not.toBe(three[0]);
		// the same answer as slots built without the cache
		expect(eight).toEqual(gpuSlots({ devices: [{ device, count: 8 }], systemMemoryBytes: null }, "llama.cpp"));
	});
});
