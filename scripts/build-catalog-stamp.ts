/**
 * Writes catalog/stamp.json (run: npx tsx scripts/build-catalog-stamp.ts; `npm run catalog:build`
 * writes it too). It validates the catalog fully with zod and the cross-checks, refuses when zod's
 * output differs from the JSON as written (a default or transform the fast path would miss), and
 * records the files' hash, which the one-shot CLI trusts instead of re-running zod (src/catalog/stamp.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { STAMP_FILE, catalogHash } from "../src/catalog/stamp.js";
import { CATALOG_FILES, validateCatalog } from "../src/catalog/validate.js";

/** stamp.json's text for the catalog file texts given by name (every name of CATALOG_FILES must be there). */
export function catalogStampText(texts: Readonly<Record<string, string>>): string {
	const files = Object.values(CATALOG_FILES).map((name) => {
		const text = texts[name];
		if (text === undefined) throw new Error(`catalog/${name} is missing`);
		return { name, text };
	});
	const raw: Record<string, unknown> = {};
	for (const f of files) raw[f.name] = JSON.parse(f.text) as unknown;
	const data = validateCatalog(raw);
	const parsed: Record<string, unknown> = {
		[CATALOG_FILES.models]: data.models,
		[CATALOG_FILES.devices]: data.devices,
		[CATALOG_FILES.quants]: data.quants,
		[CATALOG_FILES.systems]: data.systems,
	};
	for (const f of files) {
		if (!isDeepStrictEqual(parsed[f.name], raw[f.name]))
			throw new Error(`catalog/${f.name}: zod's output differs from the file (a default or transform?); write the file as zod returns it`);
	}
	const sha256 = catalogHash(files);
	return `${JSON.stringify({ sha256, note: "written by scripts/build-catalog-stamp.ts after full validation; the CLI skips zod while the files hash to this" }, null, "\t")}\n`;
}

export function writeCatalogStamp(catalogDir: string): string {
	const texts: Record<string, string> = {};
	for (const name of Object.values(CATALOG_FILES)) texts[name] = readFileSync(join(catalogDir, name), "utf8");
	const text = catalogStampText(texts);
	writeFileSync(join(catalogDir, STAMP_FILE), text);
	return (JSON.parse(text) as { sha256: string }).sha256;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
	const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "catalog");
	process.stdout.write(`catalog/${STAMP_FILE}: ${writeCatalogStamp(dir)}\n`);
}
