/** catalog/stamp.json lets the CLI skip zod; it must be current, and a changed catalog must still be validated fully. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CatalogError, defaultCatalogDir, loadCatalog, trustCatalogStamp } from "../../src/catalog/index.js";
import { readCatalogFiles, writeValidatedCopy } from "../../src/catalog/read.js";
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

/**
 * The bundled CLI's build-time copy of the stamped files (src/catalog/read.ts): files equal to it are
 * stamped without a hash; it is written only for stamped files; any other bytes go to the hash (and
 * so to full validation when they are not the stamped ones).
 */
describe("validated copy", () => {
	function withCopy(): { dir: string; copyPath: string } {
		const dir = copy();
		const copyPath = join(dir, "catalog.validated");
		expect(writeValidatedCopy(dir, copyPath)).toBe(true);
		return { dir, copyPath };
	}

	it("is written for stamped files only", () => {
		const dir = copy();
		writeFileSync(join(dir, STAMP_FILE), `${JSON.stringify({ sha256: "0".repeat(64) })}\n`);
		expect(writeValidatedCopy(dir, join(dir, "catalog.validated"))).toBe(false);
		expect(() => readFileSync(join(dir, "catalog.validated"))).toThrow();
	});

	it("stamps files equal to it without reading the stamp", () => {
		const { dir, copyPath } = withCopy();
		// with the stamp gone, only the copy can vouch for the files
		rmSync(join(dir, STAMP_FILE));
		expect(readCatalogFiles(dir, { validatedCopy: copyPath }).stamped).toBe(true);
		expect(readCatalogFiles(dir).stamped).toBe(false);
	});

	it("hands back what was stored after the files, only when it vouched for them", () => {
		const dir = copy();
		const copyPath = join(dir, "catalog.validated");
		const extras = [
			{ name: "indexes.json", text: '{"a":[1,2]}' },
			{ name: "more", text: "line\nbreak ü" },
		];
		expect(writeValidatedCopy(dir, copyPath, extras)).toBe(true);
		const read = readCatalogFiles(dir, { validatedCopy: copyPath });
		expect(read.stamped).toBe(true);
		expect([...read.extras].map(([name, bytes]) => ({ name, text: bytes.toString("utf8") }))).toEqual(extras);
		const path = join(dir, "devices.json");
		writeFileSync(path, readFileSync(path, "utf8").replace("GeForce RTX 4090", "GeForce RTX 4091"));
		expect(readCatalogFiles(dir, { validatedCopy: copyPath }).extras.size).toBe(0);
	});

	it("does not vouch for files that differ from it by one byte, a byte more or a byte less", () => {
		const edits: ((text: string) => string)[] = [(t) => t.replace('"layers": 61', '"layers": 62'), (t) => `${t} `, (t) => t.slice(0, -1)];
		for (const edit of edits) {
			const { dir, copyPath } = withCopy();
			const path = join(dir, "models.json");
			const before = readFileSync(path, "utf8");
			const after = edit(before);
			expect(after).not.toBe(before);
			writeFileSync(path, after);
			// the hash decides, and these bytes are not the stamped ones
			expect(readCatalogFiles(dir, { validatedCopy: copyPath }).stamped).toBe(false);
		}
	});

	it("of another catalog does not vouch, and the stamp still does", () => {
		const { copyPath } = withCopy();
		const other = copy();
		const path = join(other, "quants.json");
		writeFileSync(path, `${readFileSync(path, "utf8")}\n`);
		writeFileSync(
			join(other, STAMP_FILE),
			`${JSON.stringify({ sha256: catalogHash(Object.values(CATALOG_FILES).map((name) => ({ name, text: readFileSync(join(other, name)) }))) })}\n`,
		);
		// stamped by its own (test-written) stamp, not by the first copy
		expect(readCatalogFiles(other, { validatedCopy: copyPath }).stamped).toBe(true);
		rmSync(join(other, STAMP_FILE));
		expect(readCatalogFiles(other, { validatedCopy: copyPath }).stamped).toBe(false);
	});

	it("a missing or truncated copy means the hash decides", () => {
		const { dir, copyPath } = withCopy();
		const bytes = readFileSync(copyPath);
		writeFileSync(copyPath, bytes.subarray(0, bytes.length - 10));
		rmSync(join(dir, STAMP_FILE));
		expect(readCatalogFiles(dir, { validatedCopy: copyPath }).stamped).toBe(false);
		expect(readCatalogFiles(dir, { validatedCopy: join(dir, "nope") }).stamped).toBe(false);
	});

	it("hashes text and bytes alike (the copy and the stamp agree on what the files are)", () => {
		const dir = defaultCatalogDir();
		const names = Object.values(CATALOG_FILES);
		const asText = catalogHash(names.map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") })));
		const asBytes = catalogHash(names.map((name) => ({ name, text: readFileSync(join(dir, name)) })));
		expect(asBytes).toBe(asText);
		expect(asText).toBe(readStamp(dir));
	});
});
