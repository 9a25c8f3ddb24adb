/** catalog/stamp.json lets the CLI skip zod; it must be current, and a changed catalog must still be validated fully. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CatalogError, defaultCatalogDir, loadCatalog, trustCatalogStamp } from "../../src/catalog/index.js";
import { STAMP_FILE, catalogHash, readStamp } from "../../src/catalog/stamp.js";
import { CATALOG_FILES } from "../../src/catalog/validate.js";

const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => trustCatalogStamp(false));

function copy(): string {
	const dir = mkdtempSync(join(tmpdir(), "canirun-stamp-"));
	dirs.push(dir);
	cpSync(defaultCatalogDir(), dir, { recursive: true });
	return dir;
}

describe("catalog stamp", () => {
	it("is current for the committed catalog (run `npx tsx scripts/build-catalog-stamp.ts` after editing catalog/)", () => {
		const dir = defaultCatalogDir();
		const files = Object.values(CATALOG_FILES).map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") }));
		expect(readStamp(dir)).toBe(catalogHash(files));
	});
	it("a trusted load gives exactly what the full zod load gives", () => {
		const full = loadCatalog();
		trustCatalogStamp();
		const fast = loadCatalog();
		expect(isDeepStrictEqual(fast.models, full.models)).toBe(true);
		expect(isDeepStrictEqual(fast.devices, full.devices)).toBe(true);
		expect(isDeepStrictEqual(fast.quants, full.quants)).toBe(true);
		expect(isDeepStrictEqual(fast.systems, full.systems)).toBe(true);
	});
	it("an edited catalog is validated fully even when the stamp is trusted, naming file, entry and field", () => {
		const dir = copy();
		const path = join(dir, "models.json");
		const data = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>[];
		delete (data[0] as Record<string, unknown>).layers;
		writeFileSync(path, JSON.stringify(data));
		trustCatalogStamp();
		let err: unknown = null;
		try {
			loadCatalog(dir);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(CatalogError);
		const ce = err as CatalogError;
		expect([ce.file, ce.entry, ce.field]).toEqual(["models.json", "deepseek-r1", "layers"]);
	});
	it("a missing or malformed stamp means full validation", () => {
		const dir = copy();
		writeFileSync(join(dir, STAMP_FILE), "{ nope");
		expect(readStamp(dir)).toBeNull();
		rmSync(join(dir, STAMP_FILE));
		expect(readStamp(dir)).toBeNull();
		trustCatalogStamp();
		expect(loadCatalog(dir).models.length).toBeGreaterThan(100);
	});
});
