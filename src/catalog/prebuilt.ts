/**
 * Indexes made at build time (issue 8): the bundled CLI's build step computes them from the catalog with
 * the same functions a run would call, and stores them beside the catalog bytes they were made from
 * (the validated copy, src/catalog/read.ts); a run whose catalog files equal those bytes reads them
 * instead of computing them. What is stored is data only (names, keys, device positions in
 * cat.devices); any entry that does not fit the catalog makes the whole prebuilt set unusable and the
 * index is computed as without it.
 *
 * Stored: the device name tables (deviceNameTables: ~1,100 names × 3 variants folded) and the steps
 * that fill the exact model-name map (exactNameSteps: ~1,700 names folded). The map itself also depends
 * on catalog/ollama.json, which the copy does not cover: the steps keep each own Ollama tag, and the
 * tag table is asked about it when the map is filled, as without them.
 */
import type { Catalog } from "./read.js";
import { type DeviceNameTables, deviceNameTables } from "./resolve-device.js";
import { type ExactNameStep, exactNameSteps } from "./resolve-model.js";
import type { Device, Model } from "./schema.js";

/** The stored form: maps as flat [key, position, key, position, …] lists, in the maps' own order. */
export interface PrebuiltIndexes {
	version: 1;
	devices: {
		exact: (string | number)[];
		byName: (string | number[])[];
		keys: (string | number)[];
	};
	/** exactNameSteps as flat [key, model position, own tag or null, …] */
	modelNames: (string | number | null)[];
}

/** The prebuilt indexes of `cat` (the build step; JSON-ready). */
export function prebuildIndexes(cat: Catalog): PrebuiltIndexes {
	const pos = positionIn(cat.devices, "device");
	const t = deviceNameTables(cat);
	return {
		version: 1,
		devices: {
			exact: [...t.exact].flatMap(([k, d]) => [k, pos(d)]),
			byName: [...t.byName].flatMap(([k, ds]) => [k, ds.map(pos)]),
			keys: t.keys.flatMap(({ key, device }) => [key, pos(device)]),
		},
		modelNames: modelSteps(cat),
	};
}

function modelSteps(cat: Catalog): (string | number | null)[] {
	const pos = positionIn(cat.models, "model");
	return exactNameSteps(cat).flatMap(({ key, model, ownTag }) => [key, pos(model), ownTag]);
}

/** An item's position in the catalog's list (what the stored form holds); an item not in it is a build error. */
function positionIn<T extends { id: string }>(items: readonly T[], kind: string): (item: T) => number {
	const at = new Map(items.map((item, i) => [item, i]));
	return (item) => {
		const i = at.get(item);
		if (i === undefined) throw new Error(`${kind} ${item.id} is not in the catalog`);
		return i;
	};
}

/** The exact model-name steps from their stored form over `cat`, or null when the stored form does not fit it. */
export function modelStepsFrom(cat: Catalog, stored: unknown): ExactNameStep[] | null {
	if (typeof stored !== "object" || stored === null || (stored as { version?: unknown }).version !== 1) return null;
	const flat = (stored as { modelNames?: unknown }).modelNames;
	if (!Array.isArray(flat) || flat.length % 3 !== 0) return null;
	const models = cat.models;
	const steps: ExactNameStep[] = [];
	for (let i = 0; i + 2 < flat.length; i += 3) {
		const key: unknown = flat[i];
		const p: unknown = flat[i + 1];
		const ownTag: unknown = flat[i + 2];
		const model: Model | undefined = typeof p === "number" ? models[p] : undefined;
		if (typeof key !== "string" || model === undefined || (ownTag !== null && typeof ownTag !== "string")) return null;
		steps.push({ key, model, ownTag });
	}
	return steps;
}

/** The device name tables from their stored form over `cat`, or null when the stored form does not fit it. */
export function deviceTablesFrom(cat: Catalog, stored: unknown): DeviceNameTables | null {
	if (typeof stored !== "object" || stored === null || (stored as { version?: unknown }).version !== 1) return null;
	const d = (stored as { devices?: unknown }).devices as PrebuiltIndexes["devices"] | undefined;
	if (d === undefined || !Array.isArray(d.exact) || !Array.isArray(d.byName) || !Array.isArray(d.keys)) return null;
	if (d.exact.length % 2 !== 0 || d.byName.length % 2 !== 0) return null;
	const devices = cat.devices;
	const device = (i: unknown): Device | undefined => (typeof i === "number" ? devices[i] : undefined);
	const exact = new Map<string, Device>();
	for (let i = 0; i + 1 < d.exact.length; i += 2) {
		const k = d.exact[i];
		const v = device(d.exact[i + 1]);
		if (typeof k !== "string" || v === undefined) return null;
		exact.set(k, v);
	}
	const byName = new Map<string, Device[]>();
	for (let i = 0; i + 1 < d.byName.length; i += 2) {
		const k = d.byName[i];
		const list = d.byName[i + 1];
		if (typeof k !== "string" || !Array.isArray(list)) return null;
		const ds: Device[] = [];
		for (const p of list) {
			const v = device(p);
			if (v === undefined) return null;
			ds.push(v);
		}
		byName.set(k, ds);
	}
	// the (key, device) list is only read by typo repair: decoded then, or computed when it does not fit
	const storedKeys = d.keys;
	let keys: { key: string; device: Device }[] | null = null;
	return {
		exact,
		byName,
		get keys() {
			keys ??= keysFrom(storedKeys, devices) ?? deviceNameTables(cat).keys;
			return keys;
		},
	};
}

function keysFrom(stored: (string | number)[], devices: readonly Device[]): { key: string; device: Device }[] | null {
	if (stored.length % 2 !== 0) return null;
	const keys: { key: string; device: Device }[] = [];
	for (let i = 0; i + 1 < stored.length; i += 2) {
		const k = stored[i];
		const p = stored[i + 1];
		const v = typeof p === "number" ? devices[p] : undefined;
		if (typeof k !== "string" || v === undefined) return null;
		keys.push({ key: k, device: v });
	}
	return keys;
}
