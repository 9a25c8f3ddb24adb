/**
 * Per-catalog lookup indexes, built once on first use and kept beside the catalog (a WeakMap, so the
 * Catalog shape stays plain data and a test catalog gets its own indexes).
 */
import { type CompletionIndex, buildCompletionIndex } from "./complete.js";
import { type HardwareContext, buildSystemIndex } from "./hardware.js";
import type { Catalog } from "./load.js";
import { buildDeviceIndex } from "./resolve-device.js";
import { type ModelIndex, buildModelIndex } from "./resolve-model.js";
import { type QuantIndex, buildQuantIndex } from "./resolve-quant.js";

export interface CatalogIndexes {
	model: ModelIndex;
	quant: QuantIndex;
	hardware: HardwareContext;
	completion: CompletionIndex;
}

const cache = new WeakMap<Catalog, CatalogIndexes>();

export function indexesOf(cat: Catalog): CatalogIndexes {
	let ix = cache.get(cat);
	if (ix === undefined) {
		const hardware: HardwareContext = { cat, devices: buildDeviceIndex(cat), systems: buildSystemIndex(cat) };
		ix = { model: buildModelIndex(cat), quant: buildQuantIndex(cat), hardware, completion: buildCompletionIndex(cat) };
		cache.set(cat, ix);
	}
	return ix;
}
