/**
 * Catalog validation: zod schemas first, then the cross-checks zod cannot express (cross-check.ts).
 * Any problem throws a CatalogError naming the file, the entry and the field, so a bad catalog stops
 * start-up.
 */
import type { z } from "zod";
import { CATALOG_FILES, CatalogError } from "./catalog-error.js";
import { type CatalogData, crossCheckCatalog } from "./cross-check.js";
import { DeviceSchema, ModelSchema, QuantSchema, SystemSchema } from "./schema.js";

/** Kept here too for existing importers; they live in zod-free modules (catalog-error.ts, cross-check.ts, names.ts). */
export { CATALOG_FILES, CatalogError, type CatalogData, crossCheckCatalog };

function parseArray<T>(file: string, raw: unknown, schema: z.ZodType<T>): T[] {
	if (!Array.isArray(raw)) throw new CatalogError(file, null, null, "expected a JSON array of entries");
	return raw.map((item: unknown, i) => {
		const result = schema.safeParse(item);
		if (result.success) return result.data;
		const entry = typeof item === "object" && item !== null && "id" in item && typeof item.id === "string" ? item.id : `#${i}`;
		const issue = result.error.issues[0];
		const field = issue !== undefined && issue.path.length > 0 ? issue.path.join(".") : null;
		throw new CatalogError(file, entry, field, issue?.message ?? "invalid entry");
	});
}

/** Validate parsed-or-raw catalog files; returns the typed data. Throws CatalogError. */
export function validateCatalog(raw: Record<string, unknown>): CatalogData {
	const models = parseArray(CATALOG_FILES.models, raw[CATALOG_FILES.models], ModelSchema);
	const devices = parseArray(CATALOG_FILES.devices, raw[CATALOG_FILES.devices], DeviceSchema);
	const quants = parseArray(CATALOG_FILES.quants, raw[CATALOG_FILES.quants], QuantSchema);
	const systems = parseArray(CATALOG_FILES.systems, raw[CATALOG_FILES.systems], SystemSchema);
	return crossCheckCatalog({ models, devices, quants, systems });
}
