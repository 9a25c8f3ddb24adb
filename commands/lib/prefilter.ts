/**
 * A cheap necessary condition for "fits fully", used to skip engine calls that cannot succeed when
 * scanning many quants, devices or models. The weights alone need at least parameters × nominal
 * bits / 8 bytes (llama.cpp mixes keep some tensors at higher types, so the real size is larger; the
 * 0.9 factor keeps the bound safe for formats whose nominal bits round up), and a fit needs them on
 * the devices' memory. It only ever skips hopeless rows; the engine decides every shown verdict. The
 * engine's own exact screen for one device is a view of the question's plan
 * (`plan.at(setup).mayFitAlone(device)`, src/engine/plan.ts).
 */
import type { Device, Model, Quant } from "../../src/catalog/schema.js";
import type { Estimate, HardwareSpec, Runtime } from "../../src/engine/types.js";

const LOWER_BOUND_FACTOR = 0.9;

export function weightsLowerBound(model: Model, quant: Quant): number {
	return ((Math.max(1, model.totalParams - model.visionParams) * quant.bitsPerWeight) / 8) * LOWER_BOUND_FACTOR;
}

export function deviceCapacity(hw: HardwareSpec): number {
	return hw.devices.reduce((n, g) => n + g.device.memoryBytes * g.count, 0);
}

export function couldFit(model: Model, quant: Quant, hw: HardwareSpec | null): boolean {
	if (hw === null) return true;
	return weightsLowerBound(model, quant) <= deviceCapacity(hw);
}

/**
 * The same condition, sharpened by an estimate of the same model, context and KV type on the same
 * hardware at another quant (`known`): the KV cache does not depend on the weights' quant, and the
 * engine's per-device capacities (Apple's working-set limit, driver reserve) are what a fit must
 * respect. A full fit holds all weights and the whole KV cache on the devices, so weights + KV cache
 * above the summed capacity cannot fit. vLLM's KV figure may follow the free memory, so there only
 * the weights count. When the fit does not list every device, it falls back to `couldFit`.
 */
export function couldFitGiven(model: Model, quant: Quant, hw: HardwareSpec | null, known: Estimate | null, runtime: Runtime): boolean {
	if (!couldFit(model, quant, hw)) return false;
	if (hw === null || known === null || known.fit === null) return true;
	const physical = hw.devices.reduce((n, g) => n + g.count, 0);
	if (known.fit.devices.length !== physical) return true;
	const capacity = known.fit.devices.reduce((n, d) => n + d.capacityBytes, 0);
	const kv = runtime === "vllm" ? 0 : known.memory.kvCacheBytes;
	return weightsLowerBound(model, quant) + kv <= capacity;
}

/** The one GPU or machine of `hw` when it is exactly one non-CPU device (what the plan's mayFitAlone screens). */
export function loneDevice(hw: HardwareSpec | null): Device | null {
	if (hw === null || hw.devices.length !== 1) return null;
	const g = hw.devices[0];
	return g !== undefined && g.count === 1 && g.device.kind !== "cpu" ? g.device : null;
}
