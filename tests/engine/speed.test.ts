/**
 * The speed model (src/engine/speed.ts) against every measured row (bench/accuracy/speedCases.ts: the
 * 2024 and 2026 llama-bench files in tests/engine/fixtures/ and the figures issue 17 quotes), the
 * reproducibility of its fit (bench/accuracy/fitSpeed.ts → src/engine/speedFit.ts), and the physics the
 * answers state: decode slows with depth, prefill grows faster than the prompt, bands per class.
 */
import { describe, expect, it } from "vitest";
import { fitCoefficients, leaveOneSourceOut, predict } from "../../bench/accuracy/fitSpeed.js";
import { FIXTURE_CPUS } from "../../bench/accuracy/devices.js";
import { speedCases } from "../../bench/accuracy/speedCases.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { estimate } from "../../src/engine/estimate.js";
import { measuredFor } from "../../src/engine/measured.js";
import { decodeSeconds, matrixFlops, prefillSeconds, speedBand, speedKeyOf } from "../../src/engine/speed.js";
import { SPEED_FIT } from "../../src/engine/speedFit.js";
import type { EstimateRequest } from "../../src/engine/types.js";

const cases = speedCases();
const used = cases.filter((c) => c.note?.startsWith("outlier") !== true);
const cat = loadCatalog();

function errors(test: "decode" | "prefill", filter: (c: (typeof cases)[number]) => boolean = () => true): number[] {
	return used
		.filter((c) => c.test === test && filter(c))
		.map((c) => Math.abs(predict(c, SPEED_FIT.coefficients) / c.tps - 1))
		.sort((a, b) => a - b);
}

function model(id: string) {
	const m = cat.modelById.get(id);
	if (m === undefined) throw new Error(id);
	return m;
}

const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)] ?? Number.POSITIVE_INFINITY;
const within = (xs: number[], t: number) => xs.filter((x) => x <= t).length / xs.length;

function req(model: string, quant: string, device: string, ctx: number, extra: Partial<EstimateRequest> = {}): EstimateRequest {
	const m = cat.modelById.get(model);
	const q = cat.quantById.get(quant);
	const d = cat.deviceById.get(device);
	if (m === undefined || q === undefined || d === undefined) throw new Error(`missing ${model} ${quant} ${device}`);
	return {
		model: m,
		quant: q,
		contextTokens: ctx,
		kvCacheType: "f16",
		runtime: "llama.cpp",
		hardware: { devices: [{ device: d, count: 1 }], systemMemoryBytes: null },
		ubatch: 512,
		flashAttention: "auto",
		parallel: 1,
		...extra,
	};
}

describe("speed model against the measured rows", () => {
	it("covers the 2026 rows and the 2024 rows", () => {
		expect(used.filter((c) => c.id.startsWith("2026")).length).toBeGreaterThanOrEqual(70);
		// 127 rows less the documented outliers (a mixed Q8_0 file, a host without CPU or RAM stated, and
		// build 5398's qwen3moe pp512 rows that the reference itself notes as low at the default n_batch)
		expect(used.filter((c) => c.id.startsWith("2024")).length).toBeGreaterThanOrEqual(117);
	});
	it("decode: median ≤ 15 %, ≥ 75 % within 30 %", () => {
		const e = errors("decode");
		expect(median(e)).toBeLessThanOrEqual(0.15);
		expect(within(e, 0.3)).toBeGreaterThanOrEqual(0.75);
	});
	it("MoE decode: median ≤ 25 %", () => {
		expect(median(errors("decode", (c) => c.cls.endsWith("moe")))).toBeLessThanOrEqual(0.25);
	});
	it("prefill: median ≤ 25 %, ≥ 70 % within 40 % (2026 rows: median ≤ 25 %)", () => {
		const e = errors("prefill");
		expect(median(e)).toBeLessThanOrEqual(0.25);
		expect(within(e, 0.4)).toBeGreaterThanOrEqual(0.7);
		expect(median(errors("prefill", (c) => c.id.startsWith("2026")))).toBeLessThanOrEqual(0.25);
	});
	it("prefill held out (leave-one-source-out, the issue's targets): median ≤ 25 %, ≥ 70 % within 40 %", () => {
		const held = leaveOneSourceOut(cases)
			.filter((r) => r.c.test === "prefill" && r.c.note?.startsWith("outlier") !== true)
			.map((r) => Math.abs(r.heldOut))
			.sort((a, b) => a - b);
		expect(median(held)).toBeLessThanOrEqual(0.25);
		expect(within(held, 0.4)).toBeGreaterThanOrEqual(0.7);
	}, 120_000); // 42 refits of every row: seconds compiled, tens of seconds under vitest's transform
	it("NVIDIA: a GeForce card and the workstation card on the same chip get the same matrix rate class (FP16 accumulate)", () => {
		const d4090 = cat.deviceById.get("rtx-4090");
		const d6000 = cat.deviceById.get("rtx-6000-ada");
		if (d4090 === undefined || d6000 === undefined) throw new Error("devices");
		// 4090: 330 TFLOPS with FP16 accumulate (twice the catalog's FP32-accumulate 165); RTX 6000 Ada ≈ 326–364
		expect(matrixFlops(d4090)).toBeGreaterThan(300e12);
		expect(matrixFlops(d4090) / matrixFlops(d6000)).toBeGreaterThan(0.8);
		expect(matrixFlops(d4090) / matrixFlops(d6000)).toBeLessThan(1.25);
	});
	it("the committed coefficients are what bench/fit-speed.ts fits (3 significant digits)", () => {
		const fit = fitCoefficients(cases);
		for (const [b, c] of Object.entries(fit.backends)) {
			for (const [k, v] of Object.entries(c)) {
				const committed = SPEED_FIT.coefficients.backends[b as keyof typeof fit.backends][k as keyof typeof c];
				expect(Math.abs(committed / v - 1), `${b}.${k}`).toBeLessThan(0.006);
			}
		}
	});
});

describe("speed physics in answers", () => {
	it("decode at a long context is slower than from a short one, and reported as such", () => {
		const e = estimate(req("llama-3.1-8b-instruct", "Q4_K_M", "rtx-4090", 65536));
		const s = e.speed;
		expect(s).not.toBeNull();
		if (s === null) return;
		expect(s.decodeAtContextTokensPerSecond).toBeLessThan(s.decodeTokensPerSecond * 0.9);
		// 64K of Llama-3.1-8B KV (8 GiB at f16) is read per token: more than the 4.6 GiB of weights
		expect(s.decodeAtContextTokensPerSecond).toBeLessThan(s.decodeTokensPerSecond * 0.6);
	});
	it("prefill of a long prompt takes more than proportionally longer (attention over the prompt)", () => {
		const short = estimate(req("qwen3-32b", "Q4_K_M", "rtx-5090", 4096)).speed;
		const long = estimate(req("qwen3-32b", "Q4_K_M", "rtx-5090", 32768)).speed;
		expect(short).not.toBeNull();
		expect(long).not.toBeNull();
		if (short === null || long === null) return;
		expect(long.timeToFirstTokenSeconds / short.timeToFirstTokenSeconds).toBeGreaterThan(8.2);
	});
	it("a MoE model decodes slower than its active bytes alone say (per-expert cost)", () => {
		const e = estimate(req("qwen3-30b-a3b", "Q4_K_M", "apple-m3-ultra-512gb", 4096));
		const bw = cat.deviceById.get("apple-m3-ultra-512gb")?.bandwidthBytesPerSecond ?? 0;
		// bytes alone (~2 GB active at 819 GB/s) would give > 300 tok/s; measured is 95 (issue 17)
		expect(e.speed?.decodeTokensPerSecond ?? 0).toBeLessThan(bw / 2e9 / 2);
		expect(e.speed?.decodeTokensPerSecond ?? 0).toBeGreaterThan(60);
	});
	it("AMD APUs and discrete Radeons use their own coefficient sets (Strix Halo's Vulkan rows do not set a 7900 XTX's prefill)", () => {
		const strix = cat.deviceById.get("strix-halo-395-128gb");
		const xtx = cat.deviceById.get("radeon-rx-7900-xtx");
		if (strix === undefined || xtx === undefined) throw new Error("devices");
		expect(speedKeyOf(strix)).toBe("amd-apu");
		expect(speedKeyOf(xtx)).toBe("rocm");
		expect(SPEED_FIT.coefficients.backends["amd-apu"]).toBeDefined();
		// issue 17: Llama 8B Q4_K_M pp512 on a 7900 XTX measured ≈ 3,300 tok/s
		const e = estimate(req("llama-3.1-8b-instruct", "Q4_K_M", "radeon-rx-7900-xtx", 4096));
		expect(e.speed?.prefillTokensPerSecond ?? 0).toBeGreaterThan(3300 * 0.7);
		expect(e.speed?.prefillTokensPerSecond ?? 0).toBeLessThan(3300 * 1.3);
	});
	it("AMD prefill uses the RDNA generation's matrix rate, not the old 3–4× low figure", () => {
		const e = estimate(req("llama-3.1-8b-instruct", "Q4_K_M", "radeon-rx-7900-xtx", 4096));
		expect(e.speed?.prefillTokensPerSecond ?? 0).toBeGreaterThan(1400);
		const xtx = cat.deviceById.get("radeon-rx-7900-xtx");
		if (xtx !== undefined) expect(matrixFlops(xtx)).toBeGreaterThan(100e12);
	});
	it("the band shown is the class's measured error, not one constant", () => {
		const gpuDense = estimate(req("llama-3.1-8b-instruct", "Q4_K_M", "rtx-4090", 4096)).speed;
		const unifiedMoe = estimate(req("qwen3-30b-a3b", "Q4_K_M", "strix-halo-395-128gb", 4096)).speed;
		expect(gpuDense?.speedClass).toBe("gpu-dense");
		expect(unifiedMoe?.speedClass).toBe("unified-moe");
		expect(gpuDense?.band).toBe(speedBand("gpu-dense", "decode"));
		expect(unifiedMoe?.band).toBe(speedBand("unified-moe", "decode"));
		expect(gpuDense?.band).not.toBe(unifiedMoe?.band);
	});
	it("decodeSeconds and prefillSeconds grow with every coefficient (no negative term)", () => {
		const c = cases.find((x) => x.cls === "gpu-moe");
		expect(c).toBeDefined();
		if (c === undefined) return;
		const base = SPEED_FIT.coefficients;
		const bumped = structuredClone(base);
		for (const b of Object.values(bumped.backends)) {
			b.layerSeconds *= 2;
			b.expertSeconds *= 2;
			b.invMfuQuant *= 2;
		}
		expect(decodeSeconds(c.inputs, 100, bumped)).toBeGreaterThan(decodeSeconds(c.inputs, 100, base));
		expect(prefillSeconds(c.inputs, 512, bumped)).toBeGreaterThan(prefillSeconds(c.inputs, 512, base));
	});
});

describe("CPU-only and offloaded placements", () => {
	it("a CPU alone decodes and prefills from its own bandwidth and matrix rate (class cpu-*)", () => {
		const m = model("llama-3.1-8b-instruct");
		const q = cat.quantById.get("Q4_K_M");
		if (q === undefined) throw new Error("quant");
		const cpu = FIXTURE_CPUS["epyc-9355-12ch-ddr5"];
		const e = estimate({
			model: m,
			quant: q,
			contextTokens: 4096,
			kvCacheType: "f16",
			runtime: "llama.cpp",
			hardware: { devices: [{ device: cpu, count: 1 }], systemMemoryBytes: cpu.memoryBytes },
			ubatch: 512,
			flashAttention: "auto",
			parallel: 1,
		});
		const s = e.speed;
		expect(s?.speedClass).toBe("cpu-dense");
		// 4.6 GiB per token from 576 GB/s at the fitted CPU efficiency: tens of tok/s, not hundreds
		expect(s?.decodeTokensPerSecond ?? 0).toBeGreaterThan(30);
		expect(s?.decodeTokensPerSecond ?? 0).toBeLessThan(120);
		expect(s?.prefillTokensPerSecond ?? 0).toBeLessThan(1000);
	});
	it("experts in RAM make a MoE decode at RAM speed and prefill at PCIe upload speed (class offload-moe)", () => {
		const m = model("qwen3-235b-a22b");
		const q = cat.quantById.get("Q4_K_M");
		const gpu = cat.deviceById.get("rtx-3090");
		if (q === undefined || gpu === undefined) throw new Error("missing");
		const cpu = FIXTURE_CPUS["epyc-9355-12ch-ddr5"];
		const e = estimate({
			model: m,
			quant: q,
			contextTokens: 4096,
			kvCacheType: "f16",
			runtime: "llama.cpp",
			hardware: {
				devices: [
					{ device: gpu, count: 1 },
					{ device: cpu, count: 1 },
				],
				systemMemoryBytes: 256 * 1024 ** 3,
			},
			ubatch: 512,
			flashAttention: "auto",
			parallel: 1,
		});
		expect(e.fit?.verdict).toBe("offload");
		expect(e.speed?.speedClass).toBe("offload-moe");
		// ~130 GB of experts uploaded per 512-token ubatch at ~25 GB/s: ~100 tok/s, far below the GPU's own rate
		expect(e.speed?.prefillTokensPerSecond ?? 0).toBeLessThan(300);
		expect(e.speed?.decodeTokensPerSecond ?? 0).toBeLessThan(40);
	});
});

describe("measured figures", () => {
	it("lists the reference rows of the same model on the same device, with source", () => {
		const d = cat.deviceById.get("rtx-4080");
		expect(d).toBeDefined();
		if (d === undefined) return;
		const m = measuredFor(model("gpt-oss-20b"), "MXFP4", { devices: [{ device: d, count: 1 }], systemMemoryBytes: null });
		expect(m.map((x) => x.what).sort()).toEqual(["decode", "prefill"]);
		for (const x of m) {
			expect(x.source).toMatch(/github\.com/);
			expect(x.unit).toBe("tokens/s");
		}
		expect(m.find((x) => x.what === "decode")?.value).toBe(186.13);
	});
	it("shares rows across one architecture (a later checkpoint of the same network), the asked model first", () => {
		const d = cat.deviceById.get("strix-halo-395-128gb");
		if (d === undefined) throw new Error("strix");
		const hw = { devices: [{ device: d, count: 1 }], systemMemoryBytes: null };
		const own = measuredFor(model("qwen3-30b-a3b"), "Q4_K_M", hw);
		expect(own.length).toBeGreaterThan(0);
		expect(own[0]?.model).toBe("qwen3-30b-a3b");
		const sibling = cat.modelById.get("qwen3-30b-a3b-instruct-2507");
		if (sibling !== undefined) expect(measuredFor(sibling, "Q4_K_M", hw).map((m) => m.model)).toContain("qwen3-30b-a3b");
	});
	it("lists nothing for a pair nobody measured, or another count of the device", () => {
		const d = cat.deviceById.get("rtx-4080");
		if (d === undefined) throw new Error("rtx-4080");
		expect(measuredFor(model("qwen3-32b"), "Q4_K_M", { devices: [{ device: d, count: 1 }], systemMemoryBytes: null })).toEqual([]);
		expect(measuredFor(model("gpt-oss-20b"), "MXFP4", { devices: [{ device: d, count: 2 }], systemMemoryBytes: null })).toEqual([]);
		expect(measuredFor(model("gpt-oss-20b"), "MXFP4", null)).toEqual([]);
	});
});
