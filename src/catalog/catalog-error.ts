/**
 * The catalog's file names and its one error type, in a module without zod so the one-shot CLI can
 * load a stamped catalog (and report a broken one) without paying for zod's start-up (issue 8).
 */
export const CATALOG_FILES = { models: "models.json", devices: "devices.json", quants: "quants.json", systems: "systems.json" } as const;

/** A problem in a catalog file, naming the file, the entry and the field. */
export class CatalogError extends Error {
	readonly file: string;
	readonly entry: string | null;
	readonly field: string | null;
	constructor(file: string, entry: string | null, field: string | null, problem: string) {
		super(`catalog/${file}${entry !== null ? ` entry "${entry}"` : ""}${field !== null ? ` field ${field}` : ""}: ${problem}`);
		this.name = "CatalogError";
		this.file = file;
		this.entry = entry;
		this.field = field;
	}
}
