/**
 * The fast paths of the engine (prefix sums, binary-searched splits, bounded searches) against
 * straightforward per-layer oracles, and the per-device picture of a "no" verdict.
 */
import { describe, expect, it } from "vitest";
import { ggufQuant } from "../../bench/accuracy/evaluate.js";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import type { Device, Model } from "../../src/catalog/schema.js";
import { type ComputeInputs, computeTerms, deviceComputeBytes, deviceComputeFrom, hostComputeBytes } from "../../src/engine/compute.js";
import { type GpuSlot, gpuSlots, layout, type Placement } from "../../src/engine/fit.js";
import { type KvDetail, kvBytesBefore, kvCacheDetail, kvPerLayer, kvRangeBytes } from "../../src/engine/kvCache.js";
import { getCatalog } from "../../src/catalog/index.js";
import { type PreparedModel, prepare } from "../../src/engine/prepared.js";
import { layerAttentionKind } from "../../src/engine/tensors.js";
import { estimate, fewestDevices, maxContextThatFits, Workspace } from "../../src/engine/index.js";
import type { EstimateRequest, HardwareSpec } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

const GiB = 2 ** 30;

function req(model: Model, over: Partial<EstimateRequest> = {}): EstimateRequest {
	return engineRequest(model, over);
}

function hw(devices: [Device, number][], ramGiB: number | null = null): HardwareSpec {
	return { devices: devices.map(([device, count]) => ({ device, count })), systemMemoryBytes: ramGiB === null ? null : ramGiB * GiB };
}

const D = FIXTURE_DEVICES;
const M = FIXTURE_MODELS;

/**
 * Bytes and largest tensor of each block, summed from the per-tensor list (WeightsResult.tensors)
 * rather than read back from the prepared prefix arrays (nextn blocks folded into the last layer).
 */
function perBlock(p: PreparedModel): { bytes: number[]; maxTensor: number[] } {
	const bytes = new Array<number>(p.layers).fill(0);
	const maxTensor = new Array<number>(p.layers).fill(0);
	for (const t of p.weights.tensors) {
		if (t.layer === null) continue;
		const il = Math.min(t.layer, p.layers - 1);
		bytes[il] = (bytes[il] ?? 0) + t.bytes;
		maxTensor[il] = Math.max(maxTensor[il] ?? 0, t.bytes);
	}
	return { bytes, maxTensor };
}

/** The per-layer layout the prefix sums replace: every layer visited, every split point walked. */
function oracleLayout(
	p: PreparedModel,
	kv: KvDetail,
	base: ComputeInputs,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
): { ranges: [number, number][]; used: number[]; host: number; fits: boolean } {
	const L = p.layers;
	const perLayer = kvPerLayer(kv);
	const blocks = perBlock(p);
	const cost = (il: number): number => (blocks.bytes[il] ?? 0) - (il < expertsOnCpu ? (p.layerExpertBytes[il] ?? 0) : 0) + (perLayer[il] ?? 0);
	const outputOnGpu = gpuStart === 0 && slots.length > 0;
	const pipeline = slots.length > 1 && gpuStart === 0 && expertsOnCpu === 0 && slots.every((s) => s.device.backend === "cuda" || s.device.backend === "rocm");
	let copied = 0;
	for (let il = 0; il < L; il++) {
		if (il < gpuStart) copied = Math.max(copied, blocks.maxTensor[il] ?? 0);
		else if (il < expertsOnCpu) copied = Math.max(copied, p.layerMaxExpertTensor[il] ?? 0);
	}
	const n = slots.length;
	const role = (i: number, hasLayers: boolean, hasOutput: boolean) => ({ hasLayers, hasOutput, copiedWeightBytes: i === 0 ? copied : 0, pipeline });
	const avail = slots.map(
		(s, i) =>
			s.budget.capacityBytes -
			deviceComputeBytes({ ...base, backend: s.device.backend }, role(i, true, outputOnGpu && i === n - 1)) -
			(outputOnGpu && i === n - 1 ? p.outputBytes : 0),
	);
	const total = avail.reduce((a, b) => a + Math.max(0, b), 0);
	let ranges: [number, number][] = [];
	let start = gpuStart;
	let cum = 0;
	for (let i = 0; i < n; i++) {
		cum += Math.max(0, avail[i] ?? 0);
		const end = i === n - 1 ? L : gpuStart + Math.round(((L - gpuStart) * cum) / (total > 0 ? total : 1));
		ranges.push([start, Math.max(start, end)]);
		start = Math.max(start, end);
	}
	const over = ranges.some(([a, b], i) => {
		let c = 0;
		for (let il = a; il < b; il++) c += cost(il);
		return c > (avail[i] ?? 0);
	});
	if (over) {
		ranges = [];
		let il = gpuStart;
		for (let i = 0; i < n; i++) {
			const first = il;
			let used = 0;
			while (il < L) {
				if (used + cost(il) > (avail[i] ?? 0) && i < n - 1) break;
				used += cost(il);
				il++;
			}
			ranges.push([first, il]);
		}
	}
	const used = ranges.map(([a, b], i) => {
		let w = 0;
		for (let il = a; il < b; il++) w += cost(il);
		const hasOutput = outputOnGpu && i === n - 1;
		const slot = slots[i] as GpuSlot;
		const compute = b > a || hasOutput ? deviceComputeBytes({ ...base, backend: slot.device.backend }, role(i, b > a, hasOutput)) : 0;
		return w + (hasOutput ? p.outputBytes : 0) + compute + slot.budget.overheadBytes;
	});
	let host = p.embeddingBytes + (outputOnGpu ? 0 : p.outputBytes);
	for (let il = 0; il < L; il++) {
		if (il < gpuStart || n === 0) host += (blocks.bytes[il] ?? 0) + (perLayer[il] ?? 0);
		else if (il < expertsOnCpu) host += p.layerExpertBytes[il] ?? 0;
	}
	const fits = used.every((u, i) => u <= (slots[i] as GpuSlot).budget.capacityBytes + (slots[i] as GpuSlot).budget.overheadBytes);
	return { ranges, used, host, fits };
}

function summary(pl: Placement): { ranges: [number, number][]; used: number[]; host: number; fits: boolean } {
	return {
		ranges: pl.gpus.map((g) => [g.firstLayer, g.endLayer]),
		used: pl.gpus.map((g) => g.usedBytes),
		host: pl.host.weightsBytes + pl.host.kvBytes,
		fits: pl.fits,
	};
}

const CASES: { model: Model; quant: string; devices: [Device, number][]; ctx: number; runtime: "llama.cpp" | "ollama" }[] = [
	{ model: M["llama-3-70b"], quant: "Q4_K_M", devices: [[D["rtx-3090"], 2]], ctx: 8192, runtime: "llama.cpp" },
	{
		model: M["llama-3-70b"],
		quant: "Q4_K_M",
		devices: [
			[D["rtx-4090"], 1],
			[D["rtx-4080"], 1],
		],
		ctx: 4096,
		runtime: "llama.cpp",
	},
	{ model: M["deepseek-v3"], quant: "Q4_K_M", devices: [[D["rtx-4090"], 2]], ctx: 4096, runtime: "llama.cpp" },
	{ model: M["qwen3-30b-a3b"], quant: "Q8_0", devices: [[D["rtx-3060-12gb"], 1]], ctx: 32768, runtime: "llama.cpp" },
	{
		model: M["gemma-3-27b"],
		quant: "Q6_K",
		devices: [
			[D["rtx-3090"], 1],
			[D["rtx-3060-12gb"], 1],
		],
		ctx: 65536,
		runtime: "ollama",
	},
	{ model: M["gpt-oss-120b"], quant: "MXFP4", devices: [[D["rtx-5090"], 3]], ctx: 131072, runtime: "llama.cpp" },
	{ model: M["qwen3-235b-a22b"], quant: "IQ2_XXS", devices: [[D["apple-m2-ultra-192gb"], 1]], ctx: 4096, runtime: "llama.cpp" },
];

describe("layout with prefix sums equals the per-layer walk", () => {
	for (const c of CASES) {
		it(`${c.model.id} ${c.quant} on ${c.devices.map(([d, n]) => `${n}×${d.id}`).join("+")} at ${c.ctx}`, () => {
			const p = prepare(c.model, ggufQuant(c.quant));
			const kv = kvCacheDetail(c.model, { contextTokens: c.ctx, kvCacheType: "f16", runtime: c.runtime, ubatch: 512, parallel: 1, flashAttention: true });
			const base: ComputeInputs = { model: c.model, kvCells: kv.fullCells, ubatch: 512, flashAttention: true, expandedMla: false };
			const slots = gpuSlots(hw(c.devices), c.runtime);
			const L = c.model.layers;
			const starts = [0, 1, 2, Math.floor(L / 3), L - 1, L];
			for (const g of starts) expect(summary(layout(p, kv, base, slots, g, 0))).toEqual(oracleLayout(p, kv, base, slots, g, 0));
			if (c.model.moe !== null)
				for (const k of [1, 5, Math.floor(L / 2), L]) expect(summary(layout(p, kv, base, slots, 0, k))).toEqual(oracleLayout(p, kv, base, slots, 0, k));
		});
	}
});

describe("closed forms equal the loops they replace", () => {
	it("KV per layer from kind counts equals the per-layer rule", () => {
		for (const m of Object.values(M)) {
			const kv = kvCacheDetail(m, { contextTokens: 40000, kvCacheType: "q8_0", runtime: "llama.cpp", ubatch: 512, parallel: 2, flashAttention: true });
			const per = kvPerLayer(kv);
			let sum = 0;
			for (let il = 0; il < m.layers; il++) {
				const kind = layerAttentionKind(m, il);
				const expected = kind === "full" ? kv.fullLayerBytes : kind === "sliding" ? kv.slidingLayerBytes : kind === "linear" ? kv.linearLayerBytes : 0;
				expect(per[il]).toBe(expected);
				sum += per[il] ?? 0;
			}
			expect(kv.bytes).toBe(Math.round(sum));
		}
	});
	it("the KV of layers before i (kvBytesBefore) is kvRangeBytes from layer 0, for every catalog model", () => {
		let extra = 0;
		for (const m of getCatalog().models) {
			for (const runtime of ["llama.cpp", "vllm"] as const) {
				const kv = kvCacheDetail(m, { contextTokens: 33000, kvCacheType: "f16", runtime, ubatch: 512, parallel: 3, flashAttention: true });
				if (kv.extraPrefix !== undefined) extra++;
				for (let i = 0; i <= m.layers + 1; i++) expect(kvBytesBefore(kv, i), `${m.id} ${runtime} ${i}`).toBe(kvRangeBytes(kv, 0, i));
			}
		}
		// DeepSeek V4's compressed entries and MiniMax-M3's indexer keys are the extra-bytes case
		expect(extra).toBeGreaterThan(0);
	});
	it("device compute from precomputed terms equals deviceComputeBytes / hostComputeBytes", () => {
		for (const m of [M["llama-3-8b"], M["deepseek-v3"], M["qwen3-30b-a3b"], M["gemma-3-27b"]]) {
			for (const fa of [true, false]) {
				const i: ComputeInputs = { model: m, kvCells: 8192, ubatch: 512, flashAttention: fa, expandedMla: false };
				const t = computeTerms(i);
				for (const backend of ["cuda", "metal", "cpu", "vulkan"] as const) {
					for (const [hasLayers, hasOutput, copied, pipeline] of [
						[true, false, 0, false],
						[true, true, 3e8, false],
						[false, true, 0, true],
						[true, true, 0, true],
					] as const) {
						expect(deviceComputeFrom(t, backend, hasLayers, hasOutput, copied, pipeline)).toBe(
							deviceComputeBytes({ ...i, backend }, { hasLayers, hasOutput, copiedWeightBytes: copied, pipeline }),
						);
					}
				}
				expect(computeTerms(i).maskF32 + computeTerms(i).hidden).toBe(hostComputeBytes(i, false));
			}
		}
	});
});

describe("an estimate without hardware", () => {
	/** What estimate() reported before its memory-only path: the memory of the layout of no GPUs, MLX's compute replaced by none (mlxAdjust). */
	function layoutMemory(r: EstimateRequest): { computeBytes: number; totalBytes: number } {
		const p = prepare(r.model, r.quant, r.tensors);
		const kv = kvCacheDetail(r.model, { ...r, flashAttention: r.flashAttention !== "off" });
		const pl = layout(
			p,
			kv,
			{ model: r.model, kvCells: kv.fullCells, ubatch: r.ubatch, flashAttention: r.flashAttention !== "off", expandedMla: false },
			[],
			0,
			0,
		);
		const computeBytes = r.runtime === "mlx" ? 0 : pl.host.computeBytes;
		return { computeBytes, totalBytes: p.weights.weightsBytes + kv.bytes + computeBytes };
	}

	it("is the memory of the layout of no GPUs (every catalog model, three runtimes, contexts, KV types, flash attention)", () => {
		const ws = new Workspace();
		let n = 0;
		for (const m of getCatalog().models) {
			for (const runtime of ["llama.cpp", "ollama", "mlx"] as const) {
				for (const [contextTokens, kvCacheType, flashAttention, parallel, quantId] of [
					[4096, "f16", "auto", 1, "Q4_K_M"],
					[131072, "q8_0", "on", 2, "Q8_0"],
					[1000, "f16", "off", 1, "IQ2_XXS"],
				] as const) {
					const r = engineRequest(m, { runtime, contextTokens, kvCacheType, flashAttention, parallel, quantId });
					const e = estimate(r, ws);
					const want = layoutMemory(r);
					expect(e.memory.computeBytes, `${m.id} ${runtime} ${contextTokens}`).toBe(want.computeBytes);
					expect(e.memory.totalBytes).toBe(want.totalBytes);
					expect(e.memory.overheadBytes).toBe(0);
					expect(e.fit).toBeNull();
					expect(e.speed).toBeNull();
					expect(e.assumptions[0]).toMatch(new RegExp(`^${runtime.replace(".", "\\.")}: context ${contextTokens} × ${parallel} sequence`));
					n++;
				}
			}
		}
		expect(n).toBeGreaterThan(1000);
	});
});

describe("searches equal their exhaustive versions", () => {
	it("fewestDevices = the first N whose estimate fits", () => {
		const devices = [D["rtx-3090"], D["rtx-4090"], D["a100-80gb-pcie"], D["apple-m1-max-64gb"], D["rtx-3060-12gb"]];
		for (const m of [M["llama-3-70b"], M["deepseek-v3"], M["qwen3-32b"], M["gpt-oss-120b"]]) {
			for (const runtime of ["llama.cpp", "mlx"] as const) {
				const r = req(m, { runtime, contextTokens: 16384 });
				for (const d of devices) {
					let expected: number | null = null;
					for (let n = 1; n <= 16; n++) {
						if (estimate({ ...r, hardware: hw([[d, n]]) }).fit?.verdict === "fits") {
							expected = n;
							break;
						}
					}
					expect(fewestDevices(r, d)).toBe(expected);
				}
			}
		}
	});
	it("maxContextThatFits = the largest context whose estimate fits (on the 256 grid)", () => {
		for (const [m, d, runtime, parallel] of [
			[M["qwen3-32b"], D["rtx-4090"], "llama.cpp", 1],
			[M["llama-3-8b"], D["rtx-3060-12gb"], "llama.cpp", 3],
			[M["gemma-3-27b"], D["rtx-3090"], "ollama", 1],
			[M["qwen3-30b-a3b"], D["apple-m1-max-64gb"], "mlx", 1],
		] as const) {
			const r = req(m, { runtime, parallel, hardware: hw([[d, 1]]) });
			const fits = (ctx: number): boolean => estimate({ ...r, contextTokens: ctx }).fit?.verdict === "fits";
			let lo = 1;
			let hi = Math.max(m.contextLength, r.contextTokens);
			if (fits(hi)) lo = hi;
			else {
				while (hi - lo > 1) {
					const mid = Math.floor((lo + hi) / 2);
					if (fits(mid)) lo = mid;
					else hi = mid;
				}
			}
			const expected = lo >= 256 && lo !== Math.max(m.contextLength, r.contextTokens) ? Math.floor(lo / 256) * 256 : lo;
			expect(maxContextThatFits(r)).toBe(expected);
		}
	});
});

describe("a 'no' shows what really fits on each device", () => {
	const within = (e: ReturnType<typeof estimate>): void => {
		for (const d of e.fit?.devices ?? []) expect(d.usedBytes).toBeLessThanOrEqual(d.capacityBytes);
	};
	it("DeepSeek-V3 Q4_K_M on 2× RTX 4090: GPUs filled to capacity, the rest reported as shortBy", () => {
		const r = req(M["deepseek-v3"], { hardware: hw([[D["rtx-4090"], 2]]) });
		const e = estimate(r);
		const fit = e.fit;
		expect(fit?.verdict).toBe("no");
		within(e);
		const layersOnGpus = (fit?.devices ?? []).reduce((s, d) => s + d.layers, 0);
		expect(fit?.gpuLayers).toBe(layersOnGpus);
		expect(fit?.gpuLayers).toBeGreaterThan(0);
		expect(fit?.gpuLayers).toBeLessThan(10);
		expect(fit?.offloadBytes).toBe(0);
		// short by about everything the two cards cannot hold (≈ 380 GiB needed, 48 GiB there)
		const cap = (fit?.devices ?? []).reduce((s, d) => s + d.capacityBytes, 0);
		expect(fit?.shortByBytes ?? 0).toBeGreaterThanOrEqual(e.memory.weightsBytes - cap - 2 * GiB);
		expect(fit?.shortByBytes ?? 0).toBeLessThan(e.memory.totalBytes);
		// one more layer on the GPUs would not fit: gpuLayers is the most that does
		const p = prepare(r.model, r.quant);
		const kv = kvCacheDetail(r.model, { contextTokens: 4096, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true });
		const base: ComputeInputs = { model: r.model, kvCells: kv.fullCells, ubatch: 512, flashAttention: true, expandedMla: false };
		const slots = gpuSlots(hw([[D["rtx-4090"], 2]]), "llama.cpp");
		expect(layout(p, kv, base, slots, r.model.layers - (fit?.gpuLayers ?? 0) - 1, 0).fits).toBe(false);
		expect(layout(p, kv, base, slots, r.model.layers - (fit?.gpuLayers ?? 0), 0).fits).toBe(true);
	});
	it("70B on 4090 + 4080: each card within its memory, layers split across both", () => {
		const e = estimate(
			req(M["llama-3-70b"], {
				hardware: hw([
					[D["rtx-4090"], 1],
					[D["rtx-4080"], 1],
				]),
			}),
		);
		expect(e.fit?.verdict).toBe("no");
		within(e);
		expect(e.fit?.devices.every((d) => d.layers > 0)).toBe(true);
		expect(e.fit?.gpuLayers).toBeLessThan(e.fit?.totalLayers ?? 0);
	});
	it("with too little RAM: GPUs within capacity, the offloaded part in offloadBytes, shortBy beyond GPUs + RAM", () => {
		const e = estimate(req(M["deepseek-v3"], { hardware: hw([[D["rtx-4090"], 2]], 64) }));
		const fit = e.fit;
		expect(fit?.verdict).toBe("no");
		within(e);
		expect(fit?.offloadBytes ?? 0).toBeGreaterThan(64 * GiB);
		expect(fit?.shortByBytes ?? 0).toBeGreaterThanOrEqual((fit?.offloadBytes ?? 0) - 64 * GiB);
	});
	it("MLX on a Mac too small: the device within its working set", () => {
		const e = estimate(
			req(M["llama-3-70b"], { runtime: "mlx", quant: { ...ggufQuant("MLX-4BIT"), id: "MLX-4BIT", format: "mlx" }, hardware: hw([[D["apple-m2-16gb"], 1]]) }),
		);
		expect(e.fit?.verdict).toBe("no");
		within(e);
		expect(e.fit?.shortByBytes ?? 0).toBeGreaterThan(20 * GiB);
	});
	it("a fit is unchanged: every layer and the output on the GPUs", () => {
		const e = estimate(req(M["llama-3-8b"], { hardware: hw([[D["rtx-4090"], 1]]) }));
		expect(e.fit?.verdict).toBe("fits");
		expect(e.fit?.gpuLayers).toBe(e.fit?.totalLayers);
	});
});

describe("speed of estimate()", () => {
	it("a warm estimate of a 61-layer MoE on two GPUs takes well under 0.3 ms (median)", () => {
		const r = req(M["deepseek-v3"], { hardware: hw([[D["rtx-4090"], 2]]) });
		// warm: the memo (model × quant work, tensor lists, weights) is the workspace's, as a plan's is
		const ws = new Workspace();
		const times: number[] = [];
		for (let i = 0; i < 300; i++) {
			const t0 = performance.now();
			estimate({ ...r, contextTokens: 4096 + (i % 8) * 1024 }, ws);
			times.push(performance.now() - t0);
		}
		times.sort((a, b) => a - b);
		expect(times[Math.floor(times.length / 2)] ?? 1).toBeLessThan(0.3);
	});
});
