/**
 * deviceScan(…).alone (the gpus command's prepared request) against estimate(): for every device alone,
 * null exactly when the verdict is not "fits", else the same used/capacity bytes and decode rate.
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import type { Device, Model } from "../../src/catalog/schema.js";
import { deviceScan, estimate, fewestDevices, Workspace } from "../../src/engine/index.js";
import type { EstimateRequest, Runtime } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

function req(model: Model, runtime: Runtime, contextTokens: number): EstimateRequest {
	return engineRequest(model, { runtime, contextTokens });
}

const devices = Object.values(FIXTURE_DEVICES) as Device[];
/** one warm workspace for the estimate() side, as the bound services hold (the scans get their own) */
const ref = new Workspace();
const models = Object.values(FIXTURE_MODELS) as Model[];

describe("deviceScan().alone", () => {
	for (const runtime of ["llama.cpp", "ollama", "mlx", "vllm"] as const) {
		it(`matches estimate() per device (${runtime})`, () => {
			let fits = 0;
			for (const model of models) {
				for (const ctx of [4096, 32768]) {
					const base = req(model, runtime, ctx);
					const scan = deviceScan(base).alone;
					for (const device of devices) {
						const hardware = { devices: [{ device, count: 1 }], systemMemoryBytes: null };
						let e: ReturnType<typeof estimate> | null = null;
						try {
							e = estimate({ ...base, hardware }, ref);
						} catch {
							expect(() => scan(hardware)).toThrow();
							continue;
						}
						const got = scan(hardware);
						const d = e.fit?.devices[0];
						if (e.fit?.verdict !== "fits" || d === undefined || e.speed === null) {
							expect(got).toBeNull();
							continue;
						}
						fits++;
						expect(got).toEqual({ usedBytes: d.usedBytes, capacityBytes: d.capacityBytes, decodeTokensPerSecond: e.speed.decodeTokensPerSecond });
					}
				}
			}
			expect(fits).toBeGreaterThan(0);
		});
	}

	for (const runtime of ["llama.cpp", "ollama", "mlx", "vllm"] as const) {
		it(`fewest matches fewestDevices() and the estimate on that many (${runtime})`, () => {
			let found = 0;
			for (const model of models) {
				const base = req(model, runtime, 8192);
				const scan = deviceScan(base);
				for (const device of devices) {
					let count: number | null;
					try {
						count = fewestDevices(base, device, 8, ref);
					} catch {
						expect(() => scan.fewest(device, 8)).toThrow();
						continue;
					}
					const got = scan.fewest(device, 8);
					if (count === null) {
						expect(got).toBeNull();
						continue;
					}
					found++;
					const e = estimate({ ...base, hardware: { devices: [{ device, count }], systemMemoryBytes: null } }, ref);
					expect(got).toEqual({ count, decodeTokensPerSecond: e.speed?.decodeTokensPerSecond ?? null });
				}
			}
			expect(found).toBeGreaterThan(0);
		});
	}
});
