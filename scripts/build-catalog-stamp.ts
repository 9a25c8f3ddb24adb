/**
 * Writes catalog/stamp.json (run: npx tsx scripts/build-catalog-stamp.ts; build-catalog.ts runs it
 * too). It validates the committed catalog fully with zod and the cross-checks, refuses when zod's
 * output differs from the JSON as written (a default or transform the fast path would miss), and
 * records the files' hash, which the one-shot CLI trusts instead of re-running zod (src/catalog/stamp.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { STAMP_FILE, catalogHash } from "../src/catalog/stamp.js";
import { CATALOG_FILES, validateCatalog } from "../src/catalog/validate.js";

export function writeCatalogStamp(catalogDir: string): string {
	const files = Object.values(CATALOG_FILES).map((name) => ({ name, text: readFileSync(join(catalogDir, name), "utf8") }));
	const raw: Record<string, unknown> = {};
	for (const f of files) raw[f.name] = JSON.parse(f.text) as unknown;
	const data = validateCatalog(raw);
	const parsed: Record<string, unknown> = { [CATALOG_FILES.models]: data.models, [CATALOG_FILES.devices]: data.devices, [CATALOG_FILES.quants]: data.quants, [CATALOG_FILES.systems]: data.systems };
	for (const f of files) {
		if (!isDeepStrictEqual(parsed[f.name], raw[f.name])) throw new Error(`catalog/${f.name}: zod's output differs from the file (a default or transform?); write the file as zod returns it`);
	}
	const sha256 = catalogHash(files);
	writeFileSync(join(catalogDir, STAMP_FILE), `${JSON.stringify({ sha256, note: "written by scripts/build-catalog-stamp.ts after full validation; the CLI skips zod while the files hash to this" }, null, "\t")}\n`);
	return sha256;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
	const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "catalog");
	process.stdout.write(`catalog/${STAMP_FILE}: ${writeCatalogStamp(dir)}\n`);
}
