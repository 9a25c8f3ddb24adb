/**
 * The committed catalog is exactly what `npm run catalog:build` makes from catalog/sources/: a stale
 * catalog (a source edited without rebuilding, or catalog/*.json edited by hand) fails here, in CI.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_DIR, buildCatalog } from "../../scripts/build-catalog.js";

const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("catalog rebuild", () => {
	const built = buildCatalog();
	it.each(Object.keys(built.files))("catalog/%s is what catalog:build makes from catalog/sources (run `npm run catalog:build`)", (file) => {
		const committed = readFileSync(join(REPO_DIR, "catalog", file), "utf8");
		// compare lengths first: a full diff of a 10,000-line file is unreadable in a failure
		expect(committed.length).toBe(built.files[file]?.length);
		expect(committed === built.files[file]).toBe(true);
	});

	it("reads nothing outside the repository: a copy of catalog/sources alone rebuilds the same bytes", () => {
		const dir = mkdtempSync(join(tmpdir(), "canirun-rebuild-"));
		dirs.push(dir);
		cpSync(join(REPO_DIR, "catalog", "sources"), join(dir, "catalog", "sources"), { recursive: true });
		const again = buildCatalog(dir);
		expect(again.files).toEqual(built.files);
	});

	it("a changed source changes the build (the check can fail)", () => {
		const dir = mkdtempSync(join(tmpdir(), "canirun-rebuild-"));
		dirs.push(dir);
		cpSync(join(REPO_DIR, "catalog", "sources"), join(dir, "catalog", "sources"), { recursive: true });
		const file = join(dir, "catalog", "sources", "models", "models.json");
		const rows = JSON.parse(readFileSync(file, "utf8")) as { name: string; vocab_size: number | null }[];
		const row = rows.find((r) => r.vocab_size !== null);
		if (row === undefined || row.vocab_size === null) throw new Error("no source row with a vocab size");
		row.vocab_size += 64;
		writeFileSync(file, JSON.stringify(rows));
		expect(buildCatalog(dir).files["models.json"]).not.toBe(built.files["models.json"]);
	});
});
