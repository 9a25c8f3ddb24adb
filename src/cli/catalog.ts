/**
 * The catalog as the one-shot CLI reads it (issue 8): the files hash to catalog/stamp.json → used as
 * parsed (they passed zod and the cross-checks when stamped), no zod is loaded; anything else → zod is imported and the catalog is validated
 * fully, exactly as the bot does (src/catalog/load.ts), so an edited catalog is still checked.
 */
import type { Catalog } from "../catalog/read.js";
import { catalogFromData, defaultCatalogDir, readCatalogFiles, stampedCatalog } from "../catalog/read.js";

export async function readCliCatalog(dir: string = defaultCatalogDir()): Promise<Catalog> {
	const files = readCatalogFiles(dir);
	const stamped = stampedCatalog(files);
	if (stamped !== null) return stamped;
	const { validateCatalog } = await import("../catalog/validate.js");
	return catalogFromData(validateCatalog(files.raw));
}
