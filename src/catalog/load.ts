/**
 * Loads catalog/*.json once, synchronously, at start-up. A missing file, bad JSON or an invalid entry
 * throws a CatalogError naming the file, the entry and the field (see validate.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Device, Model, Quant, System } from "./schema.js";
import { catalogHash, readStamp } from "./stamp.js";
import { CATALOG_FILES, type CatalogData, CatalogError, crossCheckCatalog, validateCatalog } from "./validate.js";

export interface Catalog {
	models: Model[];
	devices: Device[];
	quants: Quant[];
	systems: System[];
	modelById: ReadonlyMap<string, Model>;
	deviceById: ReadonlyMap<string, Device>;
	quantById: ReadonlyMap<string, Quant>;
	systemById: ReadonlyMap<string, System>;
}

/** How far up from this module we look for catalog/ (src/catalog → 2 levels, dist/src/catalog → 3). */
const MAX_PARENT_LEVELS = 5;

/** The repo's catalog/ directory, found relative to this module (works from src/ and from dist/src/). */
export function defaultCatalogDir(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i <= MAX_PARENT_LEVELS; i++) {
		const candidate = join(dir, "catalog", CATALOG_FILES.models);
		if (existsSync(candidate)) return join(dir, "catalog");
		dir = dirname(dir);
	}
	throw new CatalogError(CATALOG_FILES.models, null, null, `catalog/ directory not found above ${dirname(fileURLToPath(import.meta.url))}`);
}

function readText(dir: string, file: string): string {
	const path = join(dir, file);
	try {
		return readFileSync(path, "utf8");
	} catch {
		throw new CatalogError(file, null, null, `cannot read ${path}`);
	}
}

function parseJson(file: string, text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw new CatalogError(file, null, null, `invalid JSON (${err instanceof Error ? err.message : String(err)})`);
	}
}

let trustStamp = false;

/** The files as typed data, on the word of the stamp (see stamp.ts). */
function stampedData(raw: Record<string, unknown>): CatalogData {
	return {
		models: raw[CATALOG_FILES.models] as CatalogData["models"],
		devices: raw[CATALOG_FILES.devices] as CatalogData["devices"],
		quants: raw[CATALOG_FILES.quants] as CatalogData["quants"],
		systems: raw[CATALOG_FILES.systems] as CatalogData["systems"],
	};
}

/**
 * The one-shot CLI calls this before loading: a catalog whose files hash to catalog/stamp.json skips
 * the zod pass (the stamp says it passed) and runs only the cross-checks. The bot and the tests
 * validate fully at start-up (DESIGN §1).
 */
export function trustCatalogStamp(on = true): void {
	trustStamp = on;
}

export function loadCatalog(dir: string = defaultCatalogDir()): Catalog {
	const files = Object.values(CATALOG_FILES).map((name) => ({ name, text: readText(dir, name) }));
	const raw: Record<string, unknown> = {};
	for (const f of files) raw[f.name] = parseJson(f.name, f.text);
	const stamped = trustStamp && readStamp(dir) === catalogHash(files);
	// stamped: these exact bytes passed zod unchanged when the stamp was written (scripts/build-catalog-stamp.ts)
	const data = stamped ? crossCheckCatalog(stampedData(raw)) : validateCatalog(raw);
	return {
		...data,
		modelById: new Map(data.models.map((m) => [m.id, m])),
		deviceById: new Map(data.devices.map((d) => [d.id, d])),
		quantById: new Map(data.quants.map((q) => [q.id, q])),
		systemById: new Map(data.systems.map((s) => [s.id, s])),
	};
}

let memo: Catalog | null = null;

/** The default catalog, loaded on first use and kept. */
export function getCatalog(): Catalog {
	memo ??= loadCatalog();
	return memo;
}
