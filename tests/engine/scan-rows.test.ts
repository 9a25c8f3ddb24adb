/**
 * The shortcuts of the single-device scan and the largest-context search against the full estimate:
 * DeviceScan.alone() lays out only its first row and applies each later device's budget, compute
 * buffer and speed coefficients to that row's shared numbers, and searchMaxContext starts from the
 * estimate's own layout at the request's context. Both must give estimate()'s numbers exactly.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import type { Device, Model } from "../../src/catalog/schema.js";
import { deviceScan, ENGINE_DEFAULTS, estimate, LIMITS, maxContextThatFits, Workspace } from "../../src/engine/index.js";
import type { EstimateRequest, HardwareSpec, Runtime } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

const catalog = getCatalog();
const gpus = catalog.devices.filter((d) => d.kind !== "cpu");
const one = (device: Device, count = 1, ram: number | null = null): HardwareSpec => ({ devices: [{ device, count }], systemMemoryBytes: ram });

/** Every k-th catalog model from `start` (a spread of sizes, MoE and dense, vision towers, sliding windows). */
function someModels(k: number, start: number): Model[] {
	return catalog.models.filter((_, i) => i % k === start);
}

/** What estimate() says for the device alone, as a scan row: null unless it fits. */
function rowOf(req: EstimateRequest, device: Device): { usedBytes: number; capacityBytes: number; decodeTokensPerSecond: number } | null {
	let e: ReturnType<typeof estimate>;
	try {
		e = estimate({ ...req, hardware: one(device) });
	} catch {
		return null;
	}
	const d = e.fit?.devices[0];
	if (e.fit?.verdict !== "fits" || d === undefined || e.speed === null) return null;
	return { usedBytes: d.usedBytes, capacityBytes: d.capacityBytes, decodeTokensPerSecond: e.speed.decodeTokensPerSecond };
}

describe("DeviceScan.alone()", () => {
	for (const runtime of ["llama.cpp", "ollama", "mlx"] as const satisfies readonly Runtime[]) {
		it(`gives estimate()'s used bytes, capacity and decode rate for every catalog GPU, in either order (${runtime})`, () => {
			let fits = 0;
			let rows = 0;
			for (const model of someModels(25, runtime === "ollama" ? 4 : runtime === "mlx" ? 7 : 1)) {
				for (const [contextTokens, quantId, kvCacheType] of [
					[ENGINE_DEFAULTS.contextTokens, ENGINE_DEFAULTS.quantId, "f16"],
					[32768, "Q8_0", "q8_0"],
				] as const) {
					const req = engineRequest(model, { runtime, contextTokens, quantId, kvCacheType });
					// a fresh scan per order: its first row is the one it lays out in full
					for (const order of contextTokens === ENGINE_DEFAULTS.contextTokens ? [gpus] : [[...gpus].reverse()]) {
						const scan = deviceScan(req, new Workspace());
						for (const device of order) {
							let row: ReturnType<typeof scan.alone> | "throws";
							try {
								row = scan.alone(one(device));
							} catch {
								row = "throws";
							}
							const expected = rowOf(req, device);
							if (row === "throws") expect(expected).toBeNull();
							else expect(row).toEqual(expected);
							rows++;
							if (expected !== null) fits++;
						}
					}
				}
			}
			expect(rows).toBeGreaterThan(500);
			expect(fits).toBeGreaterThan(50);
			expect(fits).toBeLessThan(rows);
		});
	}
});

describe("largest context", () => {
	it("equals the last context whose estimate fits, whether the request's own context fits or not", () => {
		const GiB = 2 ** 30;
		const cases: [Model, HardwareSpec, Runtime, number][] = [];
		const picks = someModels(23, 5);
		for (const [i, model] of picks.entries()) {
			const device = gpus[(i * 7) % gpus.length] as Device;
			const runtime = (["llama.cpp", "ollama", "mlx"] as const)[i % 3] as Runtime;
			cases.push([model, one(device), runtime, 1 + (i % 3)]);
			cases.push([model, one(device, 2, 64 * GiB), runtime, 1]);
		}
		const cpu = catalog.devices.find((d) => d.kind === "cpu");
		if (cpu !== undefined) for (const model of picks.slice(0, 3)) cases.push([model, one(cpu), "llama.cpp", 1]);
		let below = 0;
		let above = 0;
		for (const [model, hardware, runtime, parallel] of cases) {
			const base = engineRequest(model, { runtime, parallel, hardware, contextTokens: 512 });
			const fits = (ctx: number): boolean => {
				try {
					return estimate({ ...base, contextTokens: ctx }).fit?.verdict === "fits";
				} catch {
					return false;
				}
			};
			// the oracle: a bisection over tokens of estimate()'s verdict ("fits" is the all-GPU layout
			// fitting, or the model in RAM without GPUs), up to the engine's context limit
			const top = Math.min(LIMITS.maxContextTokens, model.contextLength);
			let lo = 0;
			let hi = top + 1;
			if (fits(top)) lo = top;
			else
				while (hi - lo > 1) {
					const mid = Math.floor((lo + hi) / 2);
					if (fits(mid)) lo = mid;
					else hi = mid;
				}
			const expected = lo >= 256 && lo !== top ? Math.floor(lo / 256) * 256 : lo;
			// requests well below, just below, just above and well above the edge
			for (const contextTokens of [512, 8192, 131072, lo - 100, lo + 100]) {
				if (contextTokens < 1 || contextTokens > top) continue;
				let got: number;
				try {
					got = maxContextThatFits({ ...base, contextTokens });
				} catch {
					continue;
				}
				expect(got, `${model.id} ${runtime} ctx ${contextTokens}`).toBe(expected);
				if (fits(contextTokens)) below++;
				else above++;
			}
		}
		expect(below).toBeGreaterThan(5);
		expect(above).toBeGreaterThan(5);
	});
});
