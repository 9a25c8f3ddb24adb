/**
 * The decode-only sum the scans use (decodeSecondsOf: the gpus command's ~100 devices per answer, the
 * fewest-devices rows) against the speed model it shortcuts: decodeSeconds over the full speedInputs of
 * the same placement. Exactly equal (the same terms in the same order), over full fits, layer and expert
 * offload, CPU-only plans, unified memory, several GPUs, sliding-window and MoE models, and depths.
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import type { Device, Model } from "../../src/catalog/schema.js";
import { decodeSecondsFor, speedInputsFor } from "../../src/engine/estimate.js";
import type { EstimateRequest, HardwareSpec, Runtime } from "../../src/engine/index.js";
import { decodeSeconds } from "../../src/engine/speed.js";
import { engineRequest } from "./request.js";

const GiB = 2 ** 30;
const D = FIXTURE_DEVICES;
const models = Object.values(FIXTURE_MODELS) as Model[];

function hw(devices: [Device, number][], ramGiB: number | null = null): HardwareSpec {
	return { devices: devices.map(([device, count]) => ({ device, count })), systemMemoryBytes: ramGiB === null ? null : ramGiB * GiB };
}

const HARDWARE: HardwareSpec[] = [
	hw([[D["rtx-3060-12gb"], 1]]),
	hw([[D["rtx-4090"], 1]]),
	hw([[D["rtx-3090"], 2]]),
	hw([
		[D["rtx-4090"], 1],
		[D["rtx-3060-12gb"], 1],
	]),
	hw([[D["rtx-3090"], 1]], 64),
	hw([[D["rtx-4080"], 2]], 256),
	hw([[D["rx-6600"], 1]], 32),
	hw([[D["apple-m1-max-64gb"], 1]]),
	hw([[D["radeon-8060s-128gb"], 1]]),
	hw([[D["ryzen-7950x-ddr5"], 1]]),
	hw([[D["xeon-8480-8ch-ddr5"], 1]]),
	hw([
		[D["rtx-3090"], 1],
		[D["desktop-ddr4"], 1],
	]),
];

function req(model: Model, hardware: HardwareSpec, runtime: Runtime, contextTokens: number, quant: string): EstimateRequest {
	return engineRequest(model, { hardware, runtime, contextTokens, quantId: quant });
}

describe("decodeSecondsOf equals decodeSeconds(speedInputs(…))", () => {
	for (const runtime of ["llama.cpp", "ollama", "mlx"] as const) {
		it(`every fixture model on every hardware (${runtime})`, () => {
			let compared = 0;
			for (const model of models) {
				for (const hardware of HARDWARE) {
					for (const [ctx, quant] of [
						[4096, "Q4_K_M"],
						[32768, "Q8_0"],
					] as const) {
						const r = req(model, hardware, runtime, ctx, quant);
						let inputs: ReturnType<typeof speedInputsFor>;
						try {
							inputs = speedInputsFor(r);
						} catch {
							expect(() => decodeSecondsFor(r, 256)).toThrow();
							continue;
						}
						if (inputs === null) continue;
						for (const depth of [1, 256, ctx, 100_000]) {
							expect(decodeSecondsFor(r, depth)).toBe(decodeSeconds(inputs, depth));
							compared++;
						}
					}
				}
			}
			expect(compared).toBeGreaterThan(500);
		});
	}
});
