import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogError, defaultCatalogDir, getCatalog, loadCatalog } from "../../src/catalog/index.js";

const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real catalog with one file edited. */
function withEdit(file: string, edit: (data: Record<string, unknown>[]) => void): string {
	const dir = mkdtempSync(join(tmpdir(), "canirun-catalog-"));
	dirs.push(dir);
	cpSync(defaultCatalogDir(), dir, { recursive: true });
	const path = join(dir, file);
	const data = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>[];
	edit(data);
	writeFileSync(path, JSON.stringify(data));
	return dir;
}

function loadError(dir: string): CatalogError {
	try {
		loadCatalog(dir);
	} catch (err) {
		if (err instanceof CatalogError) return err;
		throw err;
	}
	throw new Error("expected a CatalogError");
}

describe("loadCatalog", () => {
	it("loads the shipped catalog with the sizes the issue asks for", () => {
		const cat = getCatalog();
		expect(cat.models.length).toBeGreaterThanOrEqual(120);
		expect(cat.devices.length).toBeGreaterThanOrEqual(150);
		expect(cat.modelById.get("deepseek-r1")?.totalParams).toBe(671e9);
		expect(cat.quantById.get("Q8_0")?.bitsPerWeight).toBe(8.5);
		expect(cat.systemById.get("dgx-h100")?.devices).toEqual([{ device: "h100-sxm", count: 8 }]);
	});
	it("names file, entry and field when a required fact is missing", () => {
		const err = loadError(withEdit("models.json", (d) => delete (d[0] as Record<string, unknown>).layers));
		expect([err.file, err.entry, err.field]).toEqual(["models.json", "deepseek-r1", "layers"]);
		expect(err.message).toContain("deepseek-r1");
	});
	it("rejects a bad value with the field path", () => {
		const err = loadError(withEdit("devices.json", (d) => ((d[3] as { memoryBytes: number }).memoryBytes = -1)));
		expect(err.field).toBe("memoryBytes");
		expect(err.file).toBe("devices.json");
	});
	it("rejects a duplicate id", () => {
		const err = loadError(withEdit("quants.json", (d) => ((d[1] as { id: string }).id = (d[0] as { id: string }).id)));
		expect(err.field).toBe("id");
	});
	it("rejects an alias that folds onto another entry's name", () => {
		const err = loadError(withEdit("models.json", (d) => (d[1] as { aliases: string[] }).aliases.push("DeepSeek_R1")));
		expect(err.field).toBe("aliases");
		expect(err.message).toContain("deepseek-r1");
	});
	it("rejects a relation to an unknown model and a layerTypes list of the wrong length", () => {
		const rel = loadError(withEdit("models.json", (d) => ((d[0] as { relations: { baseModel: string } }).relations.baseModel = "no-such-model")));
		expect(rel.field).toBe("relations.baseModel");
		const gpt = loadError(
			withEdit("models.json", (d) => {
				const m = d.find((x) => x.id === "gpt-oss-20b") as { attention: { layerTypes: string[] } };
				m.attention.layerTypes.pop();
			}),
		);
		expect([gpt.entry, gpt.field]).toEqual(["gpt-oss-20b", "attention.layerTypes"]);
	});
	it("rejects a system naming an unknown device and bad JSON", () => {
		expect(
			loadError(withEdit("systems.json", (d) => ((d[0] as { devices: { device: string }[] }).devices[0] = { device: "nope", count: 1 } as never))).field,
		).toBe("devices.0.device");
		const dir = withEdit("quants.json", () => undefined);
		writeFileSync(join(dir, "quants.json"), "{ not json");
		expect(loadError(dir).file).toBe("quants.json");
	});
});
