/**
 * Loads catalog/*.json once, synchronously, at start-up. A missing file, bad JSON or an invalid entry
 * throws a CatalogError naming the file, the entry and the field (see validate.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Device, Model, Quant, System } from "./schema.js";
import { CATALOG_FILES, CatalogError, validateCatalog } from "./validate.js";

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

function readJson(dir: string, file: string): unknown {
	const path = join(dir, file);
	let text: string;
	try {
		text = readFileSync(path, "utf8");
	} catch {
		throw new CatalogError(file, null, null, `cannot read ${path}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw new CatalogError(file, null, null, `invalid JSON (${err instanceof Error ? err.message : String(err)})`);
	}
}

export function loadCatalog(dir: string = defaultCatalogDir()): Catalog {
	const raw: Record<string, unknown> = {};
	for (const file of Object.values(CATALOG_FILES)) raw[file] = readJson(dir, file);
	const data = validateCatalog(raw);
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
