import { describe, expect, it } from "vitest";
import { ggufQuant } from "../../bench/accuracy/evaluate.js";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import { countParams, EngineInputError, estimate, fewestDevices, kvCacheBytes, maxContextThatFits, weightsFor } from "../../src/engine/index.js";
import type { EstimateRequest } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

const GiB = 2 ** 30;
const llama8b = FIXTURE_MODELS["llama-3-8b"];

function req(over: Partial<EstimateRequest> = {}): EstimateRequest {
	return engineRequest(llama8b, { hardware: { devices: [{ device: FIXTURE_DEVICES["rtx-4090"], count: 1 }], systemMemoryBytes: null }, ...over });
}

describe("countParams", () => {
	it("matches the HF parameter count of every fixture model within 3 %", () => {
		for (const m of Object.values(FIXTURE_MODELS)) {
			expect(Math.abs(countParams(m).total / m.totalParams - 1)).toBeLessThan(0.03);
		}
	});
	it("gives DeepSeek-V3 about 37B active of 685B", () => {
		const c = countParams(FIXTURE_MODELS["deepseek-v3"]);
		expect(c.active / 1e9).toBeGreaterThan(36);
		expect(c.active / 1e9).toBeLessThan(39);
	});
});

describe("properties", () => {
	it("more bits ⇒ more bytes", () => {
		const order = ["IQ2_XXS", "Q2_K", "Q3_K_M", "Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0", "F16"];
		for (const m of [llama8b, FIXTURE_MODELS["qwen3-30b-a3b"], FIXTURE_MODELS["deepseek-v3"]]) {
			const sizes = order.map((q) => weightsFor(m, ggufQuant(q)).weightsBytes);
			for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1] ?? 0);
		}
	});
	it("Q8_0 is 8.5 bits and Q4_0 4.5 bits per weight, not 8 and 4", () => {
		expect(weightsFor(llama8b, ggufQuant("Q8_0")).weightsBytes / 8.03e9).toBeCloseTo(1.0625, 2);
	});
	it("more context ⇒ more KV, and sliding windows cap it", () => {
		for (const m of Object.values(FIXTURE_MODELS)) {
			const a = kvCacheBytes(m, { contextTokens: 4096, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true });
			const b = kvCacheBytes(m, { contextTokens: 32768, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true });
			expect(b).toBeGreaterThan(a);
		}
		const gemma = FIXTURE_MODELS["gemma-3-27b"];
		const kv = kvCacheBytes(gemma, { contextTokens: 131072, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true });
		expect(kv / GiB).toBeGreaterThan(10);
		expect(kv / GiB).toBeLessThan(11); // not the 62 GiB of a full cache on every layer
	});
	it("an extra GPU never makes a fit worse", () => {
		for (const m of [FIXTURE_MODELS["llama-3-70b"], FIXTURE_MODELS["qwen3-32b"], FIXTURE_MODELS["gpt-oss-120b"]]) {
			let prev = -1;
			for (let n = 1; n <= 6; n++) {
				const e = estimate(req({ model: m, hardware: { devices: [{ device: FIXTURE_DEVICES["rtx-3090"], count: n }], systemMemoryBytes: null } }));
				const rank = e.fit?.verdict === "fits" ? 2 : e.fit?.verdict === "offload" ? 1 : 0;
				expect(rank).toBeGreaterThanOrEqual(prev);
				prev = rank;
			}
		}
	});
	it("checks each device, not the sum: 70B Q4_K_M does not fit on 24+16 GB", () => {
		const e = estimate(
			req({
				model: FIXTURE_MODELS["llama-3-70b"],
				hardware: {
					devices: [
						{ device: FIXTURE_DEVICES["rtx-4090"], count: 1 },
						{ device: FIXTURE_DEVICES["rtx-4080"], count: 1 },
					],
					systemMemoryBytes: null,
				},
			}),
		);
		expect(e.fit?.verdict).toBe("no");
		expect(e.fit?.shortByBytes).toBeGreaterThan(0);
	});
	it("offloads MoE experts to RAM first when RAM is given", () => {
		const e = estimate(
			req({
				model: FIXTURE_MODELS["qwen3-30b-a3b"],
				hardware: { devices: [{ device: FIXTURE_DEVICES["rtx-3060-12gb"], count: 1 }], systemMemoryBytes: 64 * GiB },
			}),
		);
		expect(e.fit?.verdict).toBe("offload");
		expect(e.fit?.offloadMode).toBe("experts");
	});
	it("Apple: the GPU budget is the working set (M1 8 GB → 5726.63 MB)", () => {
		const e = estimate(req({ hardware: { devices: [{ device: FIXTURE_DEVICES["apple-m1-8gb"], count: 1 }], systemMemoryBytes: null } }));
		expect(e.fit?.devices[0]?.capacityBytes).toBe(Math.floor((8 * GiB * 2) / 3));
	});
	it("maxContextThatFits and fewestDevices are consistent with estimate", () => {
		const r = req({ model: FIXTURE_MODELS["qwen3-32b"] });
		const max = maxContextThatFits(r);
		expect(max).toBeGreaterThan(4096);
		expect(estimate({ ...r, contextTokens: max }).fit?.verdict).toBe("fits");
		expect(estimate({ ...r, contextTokens: max + 4096 }).fit?.verdict).not.toBe("fits");
		expect(fewestDevices(req({ model: FIXTURE_MODELS["llama-3-70b"] }), FIXTURE_DEVICES["rtx-3090"])).toBe(2);
	});
	it("vLLM needs heads divisible by the GPU count", () => {
		const e = estimate(
			req({
				runtime: "vllm",
				quant: { ...ggufQuant("BF16"), id: "BF16", format: "safetensors" },
				hardware: { devices: [{ device: FIXTURE_DEVICES["a100-80gb-pcie"], count: 3 }], systemMemoryBytes: null },
			}),
		);
		expect(e.fit?.verdict).toBe("no");
		expect(e.fit?.problems[0]).toMatch(/divisible/);
	});
});

describe("bad input is rejected with a clear EngineInputError", () => {
	const bad: [string, Partial<EstimateRequest>][] = [
		["zero context", { contextTokens: 0 }],
		["negative context", { contextTokens: -5 }],
		["NaN context", { contextTokens: Number.NaN }],
		["absurd context", { contextTokens: 1e9 }],
		["zero parallel", { parallel: 0 }],
		["zero devices", { hardware: { devices: [], systemMemoryBytes: null } }],
		["negative RAM", { hardware: { devices: [{ device: FIXTURE_DEVICES["rtx-4090"], count: 1 }], systemMemoryBytes: -1 } }],
		["quantized V without flash attention", { kvCacheType: "q8_0", flashAttention: "off" }],
	];
	for (const [name, over] of bad) {
		it(name, () => {
			expect(() => estimate(req(over))).toThrow(EngineInputError);
		});
	}
});
