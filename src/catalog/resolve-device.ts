/**
 * Device names → catalog devices: "4090", "rtx 4090", "NVIDIA GeForce RTX 4090", "h100 80gb",
 * "rtx 3060 12gb" (the variant by memory), "m3 max 128gb", "m3 max" (a chip sold in several sizes:
 * the largest, and the note says so). Vendor words and spacing are folded; typos go through fuse.js.
 */
import type FuseType from "fuse.js";
import type { FuseResult } from "fuse.js";
import { compactKey } from "./fold.js";
import { FoldedKeys } from "./folded-keys.js";
import { fuseConstructor, lazy } from "./lazy-fuse.js";
import { BoundedMemo } from "./memo.js";
import type { Catalog } from "./read.js";
import type { Resolution } from "./resolution.js";
import type { Device } from "./schema.js";

const GIB = 2 ** 30;
const DEVICE_FUZZ_THRESHOLD = 0.25;
const MAX_CANDIDATES = 5;
/** Typo searches kept (each entry is a short key and at most 30 small results: well under 1 MB in all). */
const DEVICE_TYPO_MEMO_ENTRIES = 1024;
/** "128gb", "128 gb", "128g", "80gib" at the end of a device phrase. */
const MEMORY_SUFFIX = /^(.*?)[\s-]*(\d+(?:\.\d+)?)\s*(?:gb|gib|g)(?:\s*(?:vram|memory|unified))?$/i;
/** MEMORY_SUFFIX can only match text ending in one of these: a cheap test before the backtracking one. */
const MAY_HAVE_MEMORY_SUFFIX = /(?:g|b|vram|memory|unified)\s*$/i;
const VENDOR_WORDS = /\b(nvidia|geforce|amd|ryzen|radeon|intel|apple|graphics|gpu|card)\b/gi;

export interface DeviceIndex {
	/** folded name → device */
	exact: Map<string, Device>;
	/** folded name without memory size → every device of that name/group */
	byName: Map<string, Device[]>;
	/** `exact` and `byName` looked up without folding the text into a new string (see FoldedKeys) */
	exactKeys: FoldedKeys<Device>;
	byNameKeys: FoldedKeys<Device[]>;
	/** built on the first name that is not exact (typo repair) */
	fuse: () => FuseType<{ key: string; device: Device }>;
	/**
	 * fuse.js answers per folded typo (each search costs about a millisecond; a typo'd device is
	 * asked again in question after question, and the parser tries several readings of one phrase)
	 */
	typoSearches?: BoundedMemo<readonly FuseResult<{ key: string; device: Device }>[]>;
	/** display key per device for completion */
	keys: { key: string; device: Device }[];
}

/** Name variants: as written, without vendor words, without "rtx"/"gtx". */
export function deviceNameVariants(name: string): string[] {
	const noVendor = name.replace(VENDOR_WORDS, " ");
	const noSeries = noVendor.replace(/\b(rtx|gtx)\b/gi, " ");
	return [name, noVendor, noSeries];
}

function addTo(map: Map<string, Device[]>, key: string, d: Device): void {
	if (key === "") return;
	const list = map.get(key);
	if (list === undefined) map.set(key, [d]);
	else if (!list.includes(d)) list.push(d);
}

/**
 * The name tables a DeviceIndex is made of: data over cat.devices alone. The bundled CLI reads them
 * prebuilt (src/catalog/prebuilt.ts: made by this function at build time from the same catalog bytes)
 * instead of folding ~1,100 names × 3 variants per run (issue 8).
 */
export interface DeviceNameTables {
	exact: Map<string, Device>;
	byName: Map<string, Device[]>;
	keys: { key: string; device: Device }[];
}

export function deviceNameTables(cat: Catalog): DeviceNameTables {
	const exact = new Map<string, Device>();
	const byName = new Map<string, Device[]>();
	const keys: { key: string; device: Device }[] = [];
	const byGroup = new Map<string, Device[]>();
	for (const d of cat.devices) {
		if (d.group !== null) {
			const members = byGroup.get(d.group);
			if (members === undefined) byGroup.set(d.group, [d]);
			else members.push(d);
		}
		for (const n of [d.id, d.name, ...d.aliases]) {
			// Most names have no vendor or series word, so their variants repeat: a repeat keeps its key
			// (completion and typo repair see every variant) but adds nothing to the maps. (issue 8: this
			// index is built on every CLI start.)
			let previous: string | null = null;
			let k = "";
			for (const v of deviceNameVariants(n)) {
				const repeat = v === previous;
				if (!repeat) k = compactKey(v);
				previous = v;
				if (k === "") continue;
				keys.push({ key: k, device: d });
				if (repeat) continue;
				if (!exact.has(k)) exact.set(k, d);
				const m = MAY_HAVE_MEMORY_SUFFIX.test(v) ? MEMORY_SUFFIX.exec(v.trim()) : null;
				addTo(byName, m !== null ? compactKey(m[1] ?? "") : k, d);
			}
		}
		if (d.group !== null) {
			addTo(byName, compactKey(d.group), d);
			addTo(byName, compactKey(d.group.replace(/^apple-/, "")), d);
			// "m3 max" names both M3 Max bins (30- and 40-core GPU): its sizes are the union, so
			// "m3 max 36gb" is the 30-core chip, never a second device
			const family = d.group.replace(/^apple-/, "").replace(/-\d+c$/, "");
			if (d.vendor === "apple" && family !== d.group.replace(/^apple-/, "")) addTo(byName, compactKey(family), d);
		}
	}
	// A name shared by several sizes (the 3060 alias is on the 12 GB card, "m3 max" on every M3 Max) → the whole group.
	for (const list of byName.values()) {
		let group: string | null = null;
		let single = true;
		for (const d of list) {
			if (d.group === null) continue;
			if (group === null) group = d.group;
			else if (d.group !== group) single = false;
		}
		if (!single || group === null) continue;
		// catalog order, as the devices list is
		for (const d of byGroup.get(group) ?? []) if (!list.includes(d)) list.push(d);
	}
	return { exact, byName, keys };
}

/** The index over its name tables: the folded-key lookups, and fuse.js for typo repair built on first use. */
export function deviceIndexOf(tables: DeviceNameTables): DeviceIndex {
	const { exact, byName } = tables;
	// typo repair searches each (key, device) pair once: `keys` repeats a pair for every variant that
	// folds to the same key (2,340 entries, 610 distinct), and fuse.js pays per entry (issue 18)
	const fuse = lazy(() => {
		const seen = new Set<string>();
		const distinct = tables.keys.filter((k) => !seen.has(`${k.key}\u0000${k.device.id}`) && seen.add(`${k.key}\u0000${k.device.id}`) !== undefined);
		return new (fuseConstructor())(distinct, { keys: ["key"], includeScore: true, threshold: DEVICE_FUZZ_THRESHOLD });
	});
	return {
		exact,
		byName,
		exactKeys: new FoldedKeys(exact),
		byNameKeys: new FoldedKeys(byName),
		fuse,
		// read through: prebuilt tables decode theirs on first use (only typo repair reads them)
		get keys() {
			return tables.keys;
		},
	};
}

export function buildDeviceIndex(cat: Catalog): DeviceIndex {
	return deviceIndexOf(deviceNameTables(cat));
}

function gib(d: Device): number {
	return Math.round(d.memoryBytes / GIB);
}

function pickBySize(list: readonly Device[], gb: number | null, asTyped: string): Resolution<Device> {
	const sorted = [...list].sort((a, b) => b.memoryBytes - a.memoryBytes);
	if (gb !== null) {
		const hit = sorted.find((d) => gib(d) === gb);
		if (hit !== undefined) return { match: hit, confidence: "exact", note: null, candidates: [hit] };
		return {
			match: null,
			confidence: "none",
			note: `“${asTyped}” is not sold with ${gb} GB (${[...new Set(sorted.map(gib))].sort((a, b) => a - b).join("/")} GB)`,
			candidates: sorted.slice(0, MAX_CANDIDATES),
		};
	}
	const only = sorted[0];
	if (sorted.length === 1 && only !== undefined) return { match: only, confidence: "exact", note: null, candidates: [only] };
	const largest = sorted[0];
	if (largest === undefined) return { match: null, confidence: "none", note: null, candidates: [] };
	const sizes = [...new Set(sorted.map(gib))].sort((a, b) => a - b);
	return {
		match: largest,
		confidence: "family",
		note: `${largest.name.replace(/\s*\d+GB$/, "").replace(/\s*\([^)]*\)/g, "")} comes with ${sizes.join("/")} GB; assumed ${gib(largest)} GB (add the size, e.g. “${asTyped} ${sizes[0]}gb”)`,
		candidates: sorted.slice(0, MAX_CANDIDATES),
	};
}

export interface DeviceResolveOptions {
	/** only exact names (no typo repair): used when scanning free text for hardware */
	strict?: boolean;
}

export function resolveDeviceWith(index: DeviceIndex, text: string, opts: DeviceResolveOptions = {}): Resolution<Device> {
	const trimmed = text.trim().replace(/\s+/g, " ");
	if (trimmed === "") return { match: null, confidence: "none", note: "no device given", candidates: [] };
	// exactKeys.get(v) is exact.get(compactKey(v)) without the folded copy (issue 8: the query parser
	// tries every run of words after a possible device name, and almost none of them is one)
	for (const v of deviceNameVariants(trimmed)) {
		const d = index.exactKeys.get(v);
		if (d === undefined) continue;
		// an exact hit on a bare group name ("m3 max", "3060") still reports the other sizes
		const group = index.byNameKeys.get(v);
		if (group !== undefined && group.length > 1 && !MEMORY_SUFFIX.test(v)) {
			// a unified chip sold in several memory sizes (Macs, Strix Halo, laptop iGPUs) named without one
			const unsized = group.every((g) => g.group !== null && g.group === d.group);
			if (unsized && d.kind === "unified") return pickBySize(group, null, trimmed);
			// a card sold in several memory sizes named without one ("4060 ti", "3080"): the card the name
			// is kept for, and the answer says which size was assumed (issue 14: state the reading)
			if (unsized && d.kind === "gpu") {
				const sizes = [...new Set(group.map(gib))].sort((a, b) => a - b);
				if (sizes.length > 1) {
					const note = `${trimmed} comes with ${sizes.join("/")} GB; assumed ${gib(d)} GB (add the size, e.g. “${trimmed} ${sizes.find((x) => x !== gib(d)) ?? sizes[0]}gb”)`;
					return { match: d, confidence: "family", note, candidates: [d, ...group.filter((g) => g !== d)].slice(0, MAX_CANDIDATES) };
				}
			}
		}
		return { match: d, confidence: "exact", note: null, candidates: [d] };
	}
	const mem = MAY_HAVE_MEMORY_SUFFIX.test(trimmed) ? MEMORY_SUFFIX.exec(trimmed) : null;
	const namePart = mem !== null ? (mem[1] ?? "") : trimmed;
	const gb = mem !== null ? Number(mem[2]) : null;
	for (const v of deviceNameVariants(namePart)) {
		const list = index.byNameKeys.get(v);
		if (list !== undefined && list.length > 0) return pickBySize(list, gb, namePart.trim());
	}
	if (opts.strict === true) return { match: null, confidence: "none", note: `unknown device “${trimmed}”`, candidates: [] };
	// the results are only read here, so one memoized array serves every asker
	index.typoSearches ??= new BoundedMemo(DEVICE_TYPO_MEMO_ENTRIES, (hits) => hits.length > 0);
	// (fuse.js is bounded in lazy-fuse.ts: a text longer than any device name matches nothing)
	const hits = index.typoSearches.get(compactKey(namePart.replace(VENDOR_WORDS, " ")), (key) => index.fuse().search(key, { limit: 30 }));
	const candidates: Device[] = [];
	for (const h of hits) {
		if (!candidates.includes(h.item.device)) candidates.push(h.item.device);
		if (candidates.length >= MAX_CANDIDATES) break;
	}
	// typo repair only suggests (issue 14): a near name is offered, never answered about
	const best = candidates[0];
	return {
		match: null,
		confidence: "none",
		note: best !== undefined ? `unknown device “${trimmed}” (did you mean ${best.name}?)` : `unknown device “${trimmed}”`,
		candidates,
	};
}
