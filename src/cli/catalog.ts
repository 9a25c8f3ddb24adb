/**
 * The catalog as the one-shot CLI reads it (issue 8): files that are byte for byte the build's
 * validated copy (bundle only, see below), or that hash to catalog/stamp.json → used as parsed (they
 * passed zod and the cross-checks when stamped), no zod is loaded; anything else → zod is imported and
 * the catalog is validated fully, exactly as the bot does (src/catalog/load.ts), so an edited catalog
 * is still checked.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { usePrebuiltIndexes } from "../catalog/indexes.js";
import { prebuildIndexes } from "../catalog/prebuilt.js";
import type { Catalog } from "../catalog/read.js";
import { catalogFromData, defaultCatalogDir, readCatalogFiles, stampedCatalog, writeValidatedCopy } from "../catalog/read.js";

/** The build-time copy of the stamped catalog files (src/catalog/read.ts), beside the code that reads it. */
const VALIDATED_COPY_FILE = "catalog.validated";
/** The copy's extra holding the indexes prebuilt from those files (src/catalog/prebuilt.ts). */
const PREBUILT_INDEXES = "indexes.json";

/**
 * Where this module's code looks for the copy: beside itself. In the bundle that is dist/cli/, where
 * the build writes it (scripts/bundle-cli.mjs); the tsc output and the sources have none there and
 * hash the files instead.
 */
function validatedCopyPath(): string {
	return join(dirname(fileURLToPath(import.meta.url)), VALIDATED_COPY_FILE);
}

export async function readCliCatalog(dir: string = defaultCatalogDir()): Promise<Catalog> {
	const files = readCatalogFiles(dir, { validatedCopy: validatedCopyPath() });
	const stamped = stampedCatalog(files);
	if (stamped !== null) {
		const prebuilt = files.extras.get(PREBUILT_INDEXES);
		if (prebuilt !== undefined) {
			try {
				usePrebuiltIndexes(stamped, JSON.parse(prebuilt.toString("utf8")));
			} catch {
				// unreadable: the indexes are computed as without it
			}
		}
		return stamped;
	}
	const { validateCatalog } = await import("../catalog/validate.js");
	return catalogFromData(validateCatalog(files.raw));
}

/**
 * The build step: writes the validated copy of `dir` beside this code, with the indexes prebuilt from
 * it, when its files are stamped; false when they are not.
 */
export function writeValidatedCatalog(dir: string = defaultCatalogDir()): boolean {
	const files = readCatalogFiles(dir);
	const stamped = stampedCatalog(files);
	if (stamped === null) return false;
	return writeValidatedCopy(dir, validatedCopyPath(), [{ name: PREBUILT_INDEXES, text: JSON.stringify(prebuildIndexes(stamped)) }]);
}
