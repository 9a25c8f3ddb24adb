/**
 * Regenerates catalog/*.json from ../shared/catalog-sources/ (run: npx tsx scripts/build-catalog.ts).
 * The output is committed, so the runtime never reads ../shared. Every entry is validated with the
 * same zod schemas and cross-checks the loader uses before anything is written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Model } from "../src/catalog/schema.js";
import { validateCatalog } from "../src/catalog/validate.js";
import { buildDeviceCatalog } from "./build-catalog-devices.js";
import { MODEL_ADDITIONS } from "./build-catalog-model-additions.js";
import { CURATION, SKIPPED, type SourceModel, convertSourceModel } from "./build-catalog-models.js";
import { buildQuants } from "./build-catalog-quants.js";
import { writeCatalogStamp } from "./build-catalog-stamp.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const sources = process.env.CANIRUN_CATALOG_SOURCES ?? join(repo, "..", "shared", "catalog-sources");

function main(): void {
	const srcModels = JSON.parse(readFileSync(join(sources, "models.json"), "utf8")) as SourceModel[];
	const models: Model[] = [];
	const report: string[] = [];
	for (const src of srcModels) {
		if (SKIPPED[src.name] !== undefined) {
			report.push(`skipped model ${src.name}: ${SKIPPED[src.name]}`);
			continue;
		}
		const cur = CURATION[src.name];
		if (cur === undefined) throw new Error(`models.json entry ${src.name} has no curation in scripts/build-catalog-models.ts`);
		models.push(convertSourceModel(src, cur));
	}
	models.push(...MODEL_ADDITIONS);
	// devices read only the in-repo sources (catalog/sources/devices), whatever `sources` points at
	const { devices, systems, skipped } = buildDeviceCatalog(join(repo, "catalog", "sources", "devices"));
	for (const s of skipped) report.push(`skipped device ${s}`);
	const quants = buildQuants();
	const files = { "models.json": models, "devices.json": devices, "quants.json": quants, "systems.json": systems };
	validateCatalog(files);
	for (const [file, data] of Object.entries(files)) {
		writeFileSync(join(repo, "catalog", file), `${JSON.stringify(data, null, "\t")}\n`);
	}
	writeCatalogStamp(join(repo, "catalog"));
	process.stdout.write(`${report.join("\n")}\nwrote ${models.length} models, ${devices.length} devices, ${quants.length} quants, ${systems.length} systems\n`);
}

main();
