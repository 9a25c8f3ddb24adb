/**
 * The usable-memory rule per unified platform (issue 15 item 4) and CPU-only answers from the RAM's
 * bandwidth (issue 15 item 3): Apple's working set is Apple's only; DGX Spark and Strix Halo have
 * their own GPU shares, stated in the answer's assumptions.
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog, parseHardware } from "../../src/catalog/index.js";
import { deviceBudget } from "../../src/engine/budget.js";
import { estimate, unifiedRule } from "../../src/engine/index.js";
import type { EstimateRequest, HardwareSpec } from "../../src/engine/types.js";
import { parseQueryText } from "../../src/query/parse.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
const GIB = 2 ** 30;

function device(id: string) {
	const d = cat.deviceById.get(id);
	if (d === undefined) throw new Error(`no device ${id}`);
	return d;
}

describe("unified memory: each platform's own GPU share", () => {
	it("Apple: the working set (2/3 up to 36 GiB, 3/4 above), raised by iogpu.wired_limit_mb", () => {
		const small = unifiedRule(device("apple-m4-24gb"));
		expect(small.capacityBytes).toBe(Math.floor(24 * GIB * (2 / 3)));
		const big = unifiedRule(device("apple-m4-max-128gb"));
		expect(big.capacityBytes).toBe(Math.floor(128 * GIB * 0.75));
		expect(big.raise?.setting).toMatch(/iogpu\.wired_limit_mb/);
	});

	it("DGX Spark: the CUDA-visible pool (~119.7 of 128 GB), not Apple's 3/4", () => {
		const r = unifiedRule(device("dgx-spark"));
		expect(r.capacityBytes / GIB).toBeCloseTo(119.7, 1);
		expect(r.capacityBytes).toBeGreaterThan(128 * GIB * 0.75);
		expect(r.rule).toMatch(/DGX Spark/);
	});

	it("Strix Halo: AMD's 96-of-128 GB graphics memory, raised on Linux through GTT to all but 4 GB", () => {
		const r = unifiedRule(device("strix-halo-395-128gb"));
		expect(r.capacityBytes).toBe(96 * GIB);
		expect(r.raise?.capacityBytes).toBe(124 * GIB);
		expect(r.raise?.setting).toMatch(/ttm\.pages_limit/);
	});

	it("integrated GPUs: half of RAM by default", () => {
		expect(unifiedRule(device("radeon-780m-32gb")).capacityBytes).toBe(16 * GIB);
		expect(unifiedRule(device("snapdragon-x-elite-32gb")).capacityBytes).toBe(16 * GIB);
	});

	it("the engine's budget is the platform's rule, for every runtime", () => {
		for (const id of ["apple-m3-max-64gb", "dgx-spark", "strix-halo-395-64gb", "arc-140v-lunar-lake-32gb"]) {
			const d = device(id);
			expect(deviceBudget(d, "llama.cpp").capacityBytes).toBe(unifiedRule(d).capacityBytes);
		}
	});
});

function request(text: string): EstimateRequest {
	const r = parseQueryText(text, services.resolvers, services.limits);
	if (!r.ok) throw new Error(r.error.message);
	const q = r.query;
	if (q.model === null || q.hardware === null) throw new Error(`no model or hardware in ${text}`);
	const d = services.defaults;
	return {
		model: q.model.model,
		quant:
			q.quant ??
			cat.quantById.get("Q4_K_M") ??
			(() => {
				throw new Error("no Q4_K_M");
			})(),
		contextTokens: q.contextTokens ?? d.contextTokens,
		kvCacheType: q.kvCacheType ?? d.kvCacheType,
		runtime: q.runtime ?? d.runtime,
		hardware: q.hardware,
		ubatch: d.ubatch,
		flashAttention: d.flashAttention,
		parallel: d.parallel,
	} as EstimateRequest;
}

describe("CPU only: a real answer from the RAM's bandwidth", () => {
	it("“qwen3 8b no gpu 64gb ddr5” runs on the CPU at the DDR5 bandwidth, and says so", () => {
		const req = request("qwen3 8b no gpu 64gb ddr5");
		const est = estimate(req);
		expect(est.fit?.verdict).not.toBe("no");
		expect(est.speed?.decodeTokensPerSecond).toBeGreaterThan(0);
		expect(est.assumptions.join(" ")).toMatch(/CPU decode from system RAM at 89\.6 GB\/s/);
	});

	it("a faster memory system decodes faster: 12-channel EPYC beats dual-channel DDR4", () => {
		const epyc = estimate(request("llama 3.1 70b epyc 9654 384gb ram")).speed?.decodeTokensPerSecond ?? 0;
		const ddr4 = estimate(request("llama 3.1 70b no gpu 128gb ddr4")).speed?.decodeTokensPerSecond ?? 0;
		expect(epyc).toBeGreaterThan(ddr4 * 5); // 460.8 vs 51.2 GB/s
	});

	it("too little RAM is a NO, not an answer about a GPU", () => {
		const est = estimate(request("llama 3.1 70b q8_0 no gpu 32gb ram"));
		expect(est.fit?.verdict).toBe("no");
	});

	it("the named CPU carries the user's RAM, never the catalog placeholder", () => {
		const r = parseHardware(cat, "9950x 96gb ram");
		if (!r.ok) throw new Error(r.error);
		const hw: HardwareSpec = r.hardware;
		expect(hw.devices[0]?.device.memoryBytes).toBe(96 * GIB);
		expect(hw.systemMemoryBytes).toBe(96 * GIB);
	});

	it("a unified machine's answer states its platform's rule", () => {
		const spark = estimate(request("qwen3 32b dgx spark"));
		expect(spark.assumptions.join(" ")).toMatch(/DGX Spark: the GPU addresses the whole unified pool/);
		const strix = estimate(request("qwen3 32b framework desktop 64gb"));
		expect(strix.assumptions.join(" ")).toMatch(/Strix Halo: 48 GB of 64 GB assigned to the GPU/);
		const mac = estimate(request("qwen3 32b m4 max 64gb"));
		expect(mac.assumptions.join(" ")).toMatch(/recommendedMaxWorkingSetSize/);
	});
});
