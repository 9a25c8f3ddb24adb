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

/** The parameters the weights' bound counts (text only: a vision encoder is a separate file). */
export function textParams(model: Model): number {
	return Math.max(1, model.totalParams - model.visionParams);
}

/** weightsLowerBound of a model whose textParams is `text`: scans read the model's counts once, not per rung. */
export function weightsLowerBoundOf(text: number, quant: Quant): number {
	return ((text * quant.bitsPerWeight) / 8) * LOWER_BOUND_FACTOR;
}

export function weightsLowerBound(model: Model, quant: Quant): number {
	return weightsLowerBoundOf(textParams(model), quant);
}

export function deviceCapacity(hw: HardwareSpec): number {
	let n = 0;
	for (const g of hw.devices) n += g.device.memoryBytes * g.count;
	return n;
}

/** The physical devices of `hw` (a group of 2 counts 2). */
export function physicalDevices(hw: HardwareSpec): number {
	let n = 0;
	for (const g of hw.devices) n += g.count;
	return n;
}

export function couldFit(model: Model, quant: Quant, hw: HardwareSpec | null): boolean {
	if (hw === null) return true;
	return weightsLowerBound(model, quant) <= deviceCapacity(hw);
}

/**
 * The engine's summed per-device capacity in `known`, an estimate on hardware of `physical` devices:
 * what a full fit must hold the weights and KV cache in (couldFitGiven). Infinity (no bound) when its
 * fit does not list every device.
 */
export function knownCapacity(known: Estimate, physical: number): number {
	const fit = known.fit;
	if (fit === null || fit.devices.length !== physical) return Number.POSITIVE_INFINITY;
	let capacity = 0;
	for (const d of fit.devices) capacity += d.capacityBytes;
	return capacity;
}

/** The KV cache a full fit holds on the devices beside the weights (0 for vLLM, whose KV figure may follow the free memory). */
export function knownKvBytes(known: Estimate, runtime: Runtime): number {
	return runtime === "vllm" ? 0 : known.memory.kvCacheBytes;
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
	if (hw === null || known === null) return couldFit(model, quant, hw);
	return mayFitWithin(weightsLowerBound(model, quant), deviceCapacity(hw), knownCapacity(known, physicalDevices(hw)), knownKvBytes(known, runtime));
}

/**
 * couldFitGiven's test from its terms, for a scan that reads them once (bestfit: the hardware's per
 * answer, the known estimate's per rung): the weights' lower bound `lower` within the devices' memory
 * `capacity`, and with the KV cache `knownKv` within `knownCap` (knownCapacity; Infinity: no bound).
 */
export function mayFitWithin(lower: number, capacity: number, knownCap: number, knownKv: number): boolean {
	return lower <= capacity && (knownCap === Number.POSITIVE_INFINITY || lower + knownKv <= knownCap);
}

/** The one GPU or machine of `hw` when it is exactly one non-CPU device (what the plan's mayFitAlone screens). */
export function loneDevice(hw: HardwareSpec | null): Device | null {
	if (hw === null || hw.devices.length !== 1) return null;
	const g = hw.devices[0];
	return g !== undefined && g.count === 1 && g.device.kind !== "cpu" ? g.device : null;
}
