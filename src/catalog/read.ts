/**
 * Reading catalog/*.json without zod: the files, their parse, the lookup maps, and the stamped fast
 * path of the one-shot CLI (issue 8). A catalog whose bytes hash to catalog/stamp.json passed the full
 * zod validation when the stamp was written (scripts/build-catalog-stamp.ts), so only the cross-checks
 * run; anything else is handed back raw for load.ts / validate.ts to validate fully.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG_FILES, CatalogError } from "./catalog-error.js";
import type { CatalogData } from "./cross-check.js";
import type { Device, Model, Quant, System } from "./schema.js";
import { catalogHash, readStamp } from "./stamp.js";

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

/** The directory found by the first call: it depends only on where this module sits, so it is looked up once. */
const foundDir: { dir?: string } = {};

/** The repo's catalog/ directory, found relative to this module (works from src/ and from dist/src/). */
export function defaultCatalogDir(): string {
	foundDir.dir ??= findCatalogDir();
	return foundDir.dir;
}

function findCatalogDir(): string {
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

/** The four files, read and parsed (not yet validated), and whether their bytes match catalog/stamp.json. */
export interface RawCatalog {
	/** parsed JSON by file name (CATALOG_FILES values) */
	raw: Record<string, unknown>;
	stamped: boolean;
}

/** Read and parse the files; throws a CatalogError for a missing file or bad JSON. */
export function readCatalogFiles(dir: string): RawCatalog {
	const files = Object.values(CATALOG_FILES).map((name) => ({ name, text: readText(dir, name) }));
	const raw: Record<string, unknown> = {};
	for (const f of files) raw[f.name] = parseJson(f.name, f.text);
	return { raw, stamped: readStamp(dir) === catalogHash(files) };
}

/** The files as typed data, on the word of the stamp (see stamp.ts). */
function stampedData(raw: Record<string, unknown>): CatalogData {
	return {
		models: raw[CATALOG_FILES.models] as CatalogData["models"],
		devices: raw[CATALOG_FILES.devices] as CatalogData["devices"],
		quants: raw[CATALOG_FILES.quants] as CatalogData["quants"],
		systems: raw[CATALOG_FILES.systems] as CatalogData["systems"],
	};
}

/** Typed, cross-checked data plus the id maps every resolver uses. */
export function catalogFromData(data: CatalogData): Catalog {
	return {
		...data,
		modelById: new Map(data.models.map((m) => [m.id, m])),
		deviceById: new Map(data.devices.map((d) => [d.id, d])),
		quantById: new Map(data.quants.map((q) => [q.id, q])),
		systemById: new Map(data.systems.map((s) => [s.id, s])),
	};
}

/**
 * The catalog when the files are the stamped ones; otherwise null. No check runs: these exact bytes
 * passed zod unchanged and then crossCheckCatalog when the stamp was written
 * (scripts/build-catalog-stamp.ts calls validateCatalog), and both are pure functions of the bytes.
 * Re-running the cross-checks cost ~8 ms of a ~200 ms CLI run (issue 8). A change to the schema or
 * the checks without re-stamping is caught by tests/catalog, which always validate fully.
 */
export function stampedCatalog(files: RawCatalog): Catalog | null {
	return files.stamped ? catalogFromData(stampedData(files.raw)) : null;
}
