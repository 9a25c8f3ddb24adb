/**
 * A cheap necessary condition for "fits fully", used to skip engine calls that cannot succeed when
 * scanning many quants, devices or models. The weights alone need at least parameters × nominal
 * bits / 8 bytes (llama.cpp mixes keep some tensors at higher types, so the real size is larger; the
 * 0.9 factor keeps the bound safe for formats whose nominal bits round up), and a fit needs them on
 * the devices' memory. It only ever skips hopeless rows; the engine decides every shown verdict.
 */
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { HardwareSpec } from "../../src/engine/types.js";

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
