/**
 * The catalog checks zod cannot express (duplicate ids and aliases after folding, relations to
 * existing ids, per-layer lists of the right length …), on already typed data. validate.ts runs them
 * after the zod pass; a catalog whose bytes match catalog/stamp.json passed both (see stamp.ts).
 */
import { CATALOG_FILES, CatalogError } from "./catalog-error.js";
import { compactKey } from "./fold.js";
import { modelNames } from "./names.js";
import type { Device, Model, Quant, System } from "./schema.js";

export interface CatalogData {
	models: Model[];
	devices: Device[];
	quants: Quant[];
	systems: System[];
}

function uniqueIds(file: string, entries: readonly { id: string }[]): void {
	const seen = new Set<string>();
	for (const e of entries) {
		const k = e.id.toLowerCase();
		if (seen.has(k)) throw new CatalogError(file, e.id, "id", "duplicate id");
		seen.add(k);
	}
}

/** Every name of an entry, after folding, must point to that entry only. */
function uniqueNames(file: string, entries: readonly { id: string; names: readonly string[] }[]): void {
	const owner = new Map<string, string>();
	for (const e of entries) {
		for (const name of e.names) {
			const k = compactKey(name);
			if (k === "") throw new CatalogError(file, e.id, "aliases", `name "${name}" folds to nothing`);
			const prev = owner.get(k);
			if (prev !== undefined && prev !== e.id) throw new CatalogError(file, e.id, "aliases", `name "${name}" is also a name of "${prev}"`);
			owner.set(k, e.id);
		}
	}
}

function checkModel(m: Model, ids: ReadonlySet<string>): void {
	const f = CATALOG_FILES.models;
	if (m.activeParams > m.totalParams) throw new CatalogError(f, m.id, "activeParams", "activeParams exceeds totalParams");
	const a = m.attention;
	if (a.layerTypes !== null && a.layerTypes.length !== m.layers)
		throw new CatalogError(f, m.id, "attention.layerTypes", `${a.layerTypes.length} entries for ${m.layers} layers`);
	const hasSliding = a.layerTypes?.includes("sliding") ?? false;
	if (hasSliding && a.slidingWindow === null) throw new CatalogError(f, m.id, "attention.slidingWindow", "sliding layers but no window");
	const hasLinear = a.layerTypes?.includes("linear") ?? false;
	if (hasLinear !== (a.linear !== null)) throw new CatalogError(f, m.id, "attention.linear", "linear layers and linear-attention facts must come together");
	if (a.heads % a.kvHeads !== 0) throw new CatalogError(f, m.id, "attention.kvHeads", "heads not a multiple of kvHeads");
	if (m.moe !== null) {
		if (m.moe.activeExperts > m.moe.experts) throw new CatalogError(f, m.id, "moe.activeExperts", "more active experts than experts");
		if (m.moe.firstDenseLayers > 0 && m.ffn.intermediateSize === 0) throw new CatalogError(f, m.id, "ffn.intermediateSize", "dense layers need an FFN width");
	} else if (m.ffn.intermediateSize === 0) throw new CatalogError(f, m.id, "ffn.intermediateSize", "a dense model needs an FFN width");
	if (m.activeParams !== m.totalParams && m.moe === null)
		throw new CatalogError(f, m.id, "activeParams", "only MoE models have fewer active than total parameters");
	const rel = m.relations;
	for (const [field, list] of [
		["relations.distilledFrom", rel.distilledFrom],
		["relations.smallerSiblings", rel.smallerSiblings],
		["relations.baseModel", rel.baseModel === null ? [] : [rel.baseModel]],
	] as const) {
		for (const id of list) if (!ids.has(id)) throw new CatalogError(f, m.id, field, `unknown model id "${id}"`);
	}
}

/** Throws a CatalogError on the first problem; returns the same data. They cost a few milliseconds. */
export function crossCheckCatalog(data: CatalogData): CatalogData {
	const { models, devices, quants, systems } = data;
	uniqueIds(CATALOG_FILES.models, models);
	uniqueIds(CATALOG_FILES.devices, devices);
	uniqueIds(CATALOG_FILES.quants, quants);
	uniqueIds(CATALOG_FILES.systems, systems);
	uniqueNames(
		CATALOG_FILES.models,
		models.map((m) => ({ id: m.id, names: modelNames(m) })),
	);
	uniqueNames(
		CATALOG_FILES.devices,
		devices.map((d) => ({ id: d.id, names: [d.id, d.name, ...d.aliases] })),
	);
	uniqueNames(
		CATALOG_FILES.quants,
		quants.map((q) => ({ id: q.id, names: [q.id, q.name, ...q.aliases] })),
	);
	uniqueNames(
		CATALOG_FILES.systems,
		systems.map((s) => ({ id: s.id, names: [s.id, s.name, ...s.aliases] })),
	);
	const modelIds = new Set(models.map((m) => m.id));
	for (const m of models) checkModel(m, modelIds);
	const flagshipOf = new Map<string, string>();
	for (const m of models) {
		if (m.flagship !== true) continue;
		const prev = flagshipOf.get(m.family);
		if (prev !== undefined) throw new CatalogError(CATALOG_FILES.models, m.id, "flagship", `family "${m.family}" already has flagship "${prev}"`);
		flagshipOf.set(m.family, m.id);
	}
	const deviceIds = new Set(devices.map((d) => d.id));
	for (const s of systems) {
		for (const [i, d] of s.devices.entries()) {
			if (!deviceIds.has(d.device)) throw new CatalogError(CATALOG_FILES.systems, s.id, `devices.${i}.device`, `unknown device id "${d.device}"`);
		}
	}
	return { models, devices, quants, systems };
}
