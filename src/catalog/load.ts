/**
 * Loads catalog/*.json once, synchronously, at start-up, validating with zod. A missing file, bad JSON
 * or an invalid entry throws a CatalogError naming the file, the entry and the field (see validate.ts).
 * The zod-free pieces (reading, the stamp, the maps) live in read.ts, which the one-shot CLI uses alone.
 */
import { type Catalog, catalogFromData, defaultCatalogDir, readCatalogFiles, stampedCatalog } from "./read.js";
import { validateCatalog } from "./validate.js";

export { type Catalog, defaultCatalogDir };

let trustStamp = false;

/**
 * Trust catalog/stamp.json in this process: a catalog whose files hash to it skips the zod pass (the
 * stamp says it passed zod and the cross-checks) and is used as parsed. The bot and the tests validate fully at
 * start-up (DESIGN §1); the one-shot CLI reads the catalog through read.ts with the same rule.
 */
export function trustCatalogStamp(on = true): void {
	trustStamp = on;
}

export function loadCatalog(dir: string = defaultCatalogDir()): Catalog {
	const files = readCatalogFiles(dir);
	return (trustStamp ? stampedCatalog(files) : null) ?? catalogFromData(validateCatalog(files.raw));
}

let memo: Catalog | null = null;

/** The default catalog, loaded on first use and kept. */
export function getCatalog(): Catalog {
	memo ??= loadCatalog();
	return memo;
}
