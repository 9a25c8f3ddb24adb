/**
 * prepare()'s compact entries (issue 13's RSS target): the per-layer prefix arrays are views into one
 * buffer and must say exactly what the per-tensor list (WeightsResult.tensors) sums to; models
 * without routed experts share their zero expert arrays; a memoized table or entry gives what a fresh
 * computation gives. (The per-tensor types themselves show in the file sizes reference.test.ts
 * checks against published files.)
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import { EngineCache, Workspace } from "../../src/engine/index.js";
import { expertBytesIn, moeLayersIn, type PreparedModel, prepare } from "../../src/engine/prepared.js";

const cat = getCatalog();
const QUANTS = ["Q4_K_M", "IQ2_XXS", "Q3_K_M", "Q8_0", "BF16", "FP8", "AWQ-INT4", "MLX-4BIT", "NATIVE-INT4"].map((id) => {
	const q = cat.quants.find((x) => x.id === id);
	if (q === undefined) throw new Error(`no quant ${id} in the catalog`);
	return q;
});

function tryPrepare(model: Model, quant: Quant, ws?: Workspace): PreparedModel | null {
	try {
		return prepare(model, quant, undefined, ws);
	} catch {
		return null;
	}
}

/** What the entry should hold, summed from the per-tensor list (nextn blocks folded into the last layer). */
function fromList(p: PreparedModel) {
	const L = p.layers;
	const bytes = new Array<number>(L).fill(0);
	const maxTensor = new Array<number>(L).fill(0);
	const experts = new Array<number>(L).fill(0);
	const maxExpert = new Array<number>(L).fill(0);
	let embedding = 0;
	let outside = 0;
	for (const t of p.weights.tensors) {
		if (t.layer === null) {
			if (t.group === "embedding") embedding += t.bytes;
			else outside += t.bytes;
			continue;
		}
		const il = Math.min(t.layer, L - 1);
		bytes[il] = (bytes[il] ?? 0) + t.bytes;
		maxTensor[il] = Math.max(maxTensor[il] ?? 0, t.bytes);
		if (t.group === "routedExperts") {
			experts[il] = (experts[il] ?? 0) + t.bytes;
			maxExpert[il] = Math.max(maxExpert[il] ?? 0, t.bytes);
		}
	}
	const output =
		outside + Math.max(0, p.weights.weightsBytes - p.weights.weights.total) + (p.model.tiedEmbeddings && p.quant.format === "gguf" ? embedding : 0);
	return { bytes, maxTensor, experts, maxExpert, embedding, output };
}

describe("prepare(): compact entries", () => {
	it("holds exactly the per-tensor list's per-layer bytes and largest tensors, for every catalog model", () => {
		let checked = 0;
		for (const model of cat.models) {
			for (const quant of QUANTS) {
				const p = tryPrepare(model, quant);
				if (p === null) continue;
				checked++;
				const want = fromList(p);
				const L = p.layers;
				const at = (a: ArrayLike<number>, i: number) => a[i] ?? Number.NaN;
				const got = {
					bytes: Array.from({ length: L }, (_, i) => at(p.cumLayerBytes, i + 1) - at(p.cumLayerBytes, i)),
					experts: Array.from({ length: L }, (_, i) => at(p.cumExpertBytes, i + 1) - at(p.cumExpertBytes, i)),
					layerExperts: Array.from(p.layerExpertBytes),
					layerMaxExpert: Array.from(p.layerMaxExpertTensor),
				};
				const id = `${model.id} ${quant.id}`;
				expect(got.bytes, id).toEqual(want.bytes);
				expect(got.experts, id).toEqual(want.experts);
				expect(got.layerExperts, id).toEqual(want.experts);
				expect(got.layerMaxExpert, id).toEqual(want.maxExpert);
				// the MoE-layer prefix counts, and the range helpers read off them, against a loop over the layers
				let moeBefore = 0;
				for (let i = 0; i <= L; i++) {
					expect(at(p.cumMoeLayers, i), id).toBe(moeBefore);
					moeBefore += (want.experts[i] ?? 0) > 0 ? 1 : 0;
				}
				for (const [first, end] of [
					[0, L],
					[1, L - 1],
					[L >> 1, L],
					[3, 2],
					[L - 1, L + 5],
				] as const) {
					let bytes = 0;
					let layers = 0;
					for (let il = first; il < Math.min(end, L); il++) {
						bytes += want.experts[il] ?? 0;
						if ((want.experts[il] ?? 0) > 0) layers++;
					}
					expect([expertBytesIn(p, first, end), moeLayersIn(p, first, end)], `${id} ${first}…${end}`).toEqual([bytes, layers]);
				}
				let maxBefore = 0;
				let maxExpertBefore = 0;
				for (let i = 0; i <= L; i++) {
					expect(at(p.maxTensorBefore, i), id).toBe(maxBefore);
					expect(at(p.maxExpertTensorBefore, i), id).toBe(maxExpertBefore);
					maxBefore = Math.max(maxBefore, want.maxTensor[i] ?? 0);
					maxExpertBefore = Math.max(maxExpertBefore, want.maxExpert[i] ?? 0);
				}
				expect([p.cumLayerBytes.length, p.maxTensorBefore.length, p.layerExpertBytes.length], id).toEqual([L + 1, L + 1, L]);
				expect([p.embeddingBytes, p.outputBytes], id).toEqual([want.embedding, want.output]);
			}
		}
		expect(checked).toBeGreaterThan(cat.models.length * 6);
	});

	it("keeps an entry's arrays in one buffer, and shares the zero expert arrays of models without experts", () => {
		const ws = new Workspace(new EngineCache());
		const dense = cat.models.filter((m) => m.moe === null);
		const moe = cat.models.filter((m) => m.moe !== null && m.moe.experts > 0);
		expect(dense.length).toBeGreaterThan(10);
		expect(moe.length).toBeGreaterThan(10);
		for (const m of moe) {
			const p = tryPrepare(m, QUANTS[0] as Quant, ws);
			if (p === null) continue;
			const buffer = p.cumLayerBytes.buffer;
			for (const a of [p.maxTensorBefore, p.cumExpertBytes, p.cumMoeLayers, p.maxExpertTensorBefore, p.layerExpertBytes, p.layerMaxExpertTensor])
				expect(a.buffer).toBe(buffer);
			expect(p.cumExpertBytes[m.layers] ?? 0).toBeGreaterThan(0);
		}
		const byLayers = new Map<number, PreparedModel>();
		for (const m of dense) {
			for (const q of QUANTS.slice(0, 3)) {
				const p = tryPrepare(m, q, ws);
				if (p === null) continue;
				expect(p.maxTensorBefore.buffer).toBe(p.cumLayerBytes.buffer);
				expect(p.cumExpertBytes.every((x) => x === 0) && p.layerMaxExpertTensor.every((x) => x === 0)).toBe(true);
				const other = byLayers.get(p.layers);
				if (other !== undefined) {
					expect(p.cumExpertBytes).toBe(other.cumExpertBytes);
					expect(p.cumMoeLayers).toBe(other.cumMoeLayers);
					expect(p.layerExpertBytes).toBe(other.layerExpertBytes);
				}
				byLayers.set(p.layers, p);
			}
		}
		expect(ws.cache.noExperts.size).toBe(byLayers.size);
	});

	it("gives through a warm cache what a fresh computation gives", () => {
		const cache = new EngineCache();
		const ws = new Workspace(cache);
		// tables and counts memoized by a first pass over other quants of the same models
		for (const m of cat.models) tryPrepare(m, QUANTS[3] as Quant, ws);
		for (const m of cat.models.filter((_, i) => i % 3 === 0)) {
			for (const q of QUANTS) {
				const warm = tryPrepare(m, q, ws);
				const fresh = tryPrepare(m, q);
				expect(warm === null, `${m.id} ${q.id}`).toBe(fresh === null);
				if (warm === null || fresh === null) continue;
				expect(tryPrepare(m, q, ws)).toBe(warm);
				const { weights: w1, kinds: _k1, kvFacts: _f1, ...rest1 } = warm;
				const { weights: w2, kinds: _k2, kvFacts: _f2, ...rest2 } = fresh;
				expect(rest1, `${m.id} ${q.id}`).toEqual(rest2);
				expect([w1.fileBytes, w1.weightsBytes, w1.weights]).toEqual([w2.fileBytes, w2.weightsBytes, w2.weights]);
			}
		}
	});
});
