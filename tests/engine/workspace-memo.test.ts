/**
 * A Workspace keeps the last request shape's KV detail, the last one-group slots and the last mixed
 * hardware's slots (by identity). One workspace answering many requests in turn — alternating mixed
 * hardware, runtimes and contexts, as a canirun answer's suggestions do — must give exactly what a fresh
 * workspace gives for each.
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import type { Device } from "../../src/catalog/schema.js";
import { estimate, type HardwareSpec, Workspace } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

const D = FIXTURE_DEVICES;
const M = FIXTURE_MODELS;

function hw(devices: [Device, number][], ram: number | null = null): HardwareSpec {
	return { devices: devices.map(([device, count]) => ({ device, count })), systemMemoryBytes: ram === null ? null : ram * 2 ** 30 };
}

describe("Workspace memo: a shared workspace answers as a fresh one", () => {
	it("alternating mixed hardware, runtimes, contexts and models", () => {
		const mixedA = hw([
			[D["rtx-4090"], 1],
			[D["rtx-3090"], 1],
		]);
		const mixedB = hw([
			[D["rtx-3090"], 1],
			[D["rtx-3060-12gb"], 2],
		]);
		const mixedWithCpu = hw([
			[D["rtx-3090"], 1],
			[D["desktop-ddr4"], 1],
		]);
		const hardware = [mixedA, mixedB, mixedWithCpu, hw([[D["rtx-4090"], 2]]), mixedA, hw([[D["rtx-4090"], 1]], 64), mixedB];
		const ws = new Workspace();
		let compared = 0;
		for (const model of [M["llama-3-70b"], M["qwen3-30b-a3b"], M["gemma-3-27b"], M["llama-3-8b"]]) {
			for (const runtime of ["llama.cpp", "ollama", "mlx", "vllm"] as const) {
				for (const contextTokens of [4096, 32768]) {
					for (const h of hardware) {
						const req = engineRequest(model, { quantId: "Q4_K_M", contextTokens, runtime, hardware: h });
						const shared = estimate(req, ws);
						const fresh = estimate(req, new Workspace());
						expect(JSON.parse(JSON.stringify(shared))).toEqual(JSON.parse(JSON.stringify(fresh)));
						compared++;
					}
				}
			}
		}
		expect(compared).toBe(4 * 4 * 2 * 7);
	});

	it("an estimate read only after later estimates and searches in its workspace is a fresh one's", () => {
		// a plan that fits lays out into the workspace's scratch placement (fit.ts planLlama): what the
		// estimate keeps of it (devices, speed, the lazily built assumptions and largest context) must
		// not change when the next estimates reuse that scratch
		const hardware = [hw([[D["rtx-4090"], 1]]), hw([[D["rtx-3090"], 2]]), hw([[D["rtx-3060-12gb"], 1]], 64), hw([[D["rtx-3060-12gb"], 1]])];
		const ws = new Workspace();
		const kept: { req: Parameters<typeof estimate>[0]; est: ReturnType<typeof estimate> }[] = [];
		for (const model of [M["llama-3-8b"], M["qwen3-30b-a3b"], M["gemma-3-27b"], M["llama-3-70b"]]) {
			for (const runtime of ["llama.cpp", "mlx"] as const) {
				for (const h of hardware) {
					const req = engineRequest(model, { quantId: "Q4_K_M", contextTokens: 16384, runtime, hardware: h });
					kept.push({ req, est: estimate(req, ws) });
				}
			}
		}
		expect(kept.some((k) => k.est.fit?.verdict === "fits")).toBe(true);
		expect(kept.some((k) => k.est.fit?.verdict !== "fits")).toBe(true);
		for (const { req, est } of kept) expect(JSON.parse(JSON.stringify(est))).toEqual(JSON.parse(JSON.stringify(estimate(req, new Workspace()))));
	});
});

describe("Workspace memo: hardware validated once per HardwareSpec", () => {
	it("a workspace that accepted one hardware still rejects another, and the accepted one again gives the same estimate", () => {
		const ws = new Workspace();
		const good = hw([[D["rtx-4090"], 1]]);
		const broken: HardwareSpec = { devices: [{ device: { ...D["rtx-4090"], bandwidthBytesPerSecond: 0 }, count: 1 }], systemMemoryBytes: null };
		const tooMany = hw([[D["rtx-4090"], 0]]);
		const r = engineRequest(M["llama-3-8b"], { hardware: good });
		const first = estimate(r, ws);
		expect(() => estimate({ ...r, hardware: broken }, ws)).toThrow(/no memory or bandwidth/);
		expect(() => estimate({ ...r, hardware: tooMany }, ws)).toThrow(/No devices given/);
		// the settings are checked every time, whatever hardware was accepted
		expect(() => estimate({ ...r, contextTokens: 0 }, ws)).toThrow(/Context length/);
		expect(estimate(r, ws).memory).toEqual(first.memory);
		expect(estimate(r, ws).fit?.verdict).toBe(first.fit?.verdict);
		expect(() => estimate({ ...r, hardware: broken }, ws)).toThrow(/no memory or bandwidth/);
	});
});
