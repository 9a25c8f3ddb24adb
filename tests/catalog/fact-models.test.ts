/** Models from llmfit fact rows: exact safetensors counts decide tied embeddings, and facts that do not add up stop the build. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_DIR, buildCatalog } from "../../scripts/build-catalog.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { countParams } from "../../src/engine/index.js";

const rowsFile = join(REPO_DIR, "catalog", "sources", "models", "fact-models.json");
const rows = JSON.parse(readFileSync(rowsFile, "utf8")) as { id: string; llmfit: { name: string; parameters_raw: number } }[];
const cat = loadCatalog();
const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("fact-row models", () => {
	it.each(rows.map((r) => ({ id: r.id, r })))("$id: the engine's tensor count is the published safetensors count, to the parameter", ({ id, r }) => {
		const m = cat.models.find((x) => x.id === id);
		expect(m?.hfRepo).toBe(r.llmfit.name);
		expect(m?.totalParams).toBe(r.llmfit.parameters_raw);
		if (m !== undefined) expect(countParams(m).total).toBe(r.llmfit.parameters_raw);
	});

	it("TinyLlama unties its embeddings, SmolLM ties them: the count decides", () => {
		expect(cat.models.find((x) => x.id === "tinyllama-1.1b-chat")?.tiedEmbeddings).toBe(false);
		expect(cat.models.find((x) => x.id === "smollm-135m-instruct")?.tiedEmbeddings).toBe(true);
	});

	it("a row whose facts do not add up to its parameter count stops the build", () => {
		const dir = mkdtempSync(join(tmpdir(), "canirun-facts-"));
		dirs.push(dir);
		cpSync(join(REPO_DIR, "catalog", "sources"), join(dir, "catalog", "sources"), { recursive: true });
		const file = join(dir, "catalog", "sources", "models", "fact-models.json");
		const edited = JSON.parse(readFileSync(file, "utf8")) as { llmfit: { moe_intermediate_size: number } }[];
		if (edited[0] === undefined) throw new Error("no fact rows");
		edited[0].llmfit.moe_intermediate_size += 128;
		writeFileSync(file, JSON.stringify(edited));
		expect(() => buildCatalog(dir)).toThrow(/do not add up/);
	});
});
