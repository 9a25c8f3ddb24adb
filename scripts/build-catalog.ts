/**
 * Regenerates catalog/*.json from the sources in catalog/sources/ (run: `npm run catalog:build`).
 * Nothing outside the repository is read, so anyone can rebuild the committed catalog from a fresh
 * clone; tests/catalog/rebuild.test.ts builds it in memory and fails when the committed files differ.
 * Every entry is validated with the same zod schemas and cross-checks the loader uses before
 * anything is written. The output is deterministic: same sources, same bytes.
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
import { catalogStampText } from "./build-catalog-stamp.js";
import { loadVendoredConfigModels } from "./build-catalog-configs.js";
import { loadFactRowModels } from "./build-catalog-facts.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (the parent of scripts/). */
export const REPO_DIR = join(here, "..");

/** The in-repo source directory every catalog fact is built from. */
export function sourcesDir(repo: string = REPO_DIR): string {
	return join(repo, "catalog", "sources");
}

export interface BuiltCatalog {
	/** file name (models.json, devices.json, quants.json, systems.json, stamp.json) → exact text */
	files: Record<string, string>;
	/** what was left out and why */
	report: string[];
	counts: { models: number; devices: number; quants: number; systems: number };
}

/**
 * `value` as the catalog writes it: tab-indented JSON with every non-ASCII character as a \\u escape
 * (the same strings when parsed). An ASCII file is read by Node's fast path into a one-byte string;
 * one "×" or "—" sent all of models.json after it through V8's slow UTF-8 decoder into a two-byte
 * string, on every one-shot CLI run (~12M of its ~380M instructions over `node -e 0`, valgrind
 * cachegrind).
 */
function asciiJson(value: unknown): string {
	return JSON.stringify(value, null, "\t").replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Builds every catalog file in memory from `repo`/catalog/sources. Throws on an invalid source. */
export function buildCatalog(repo: string = REPO_DIR): BuiltCatalog {
	const sources = sourcesDir(repo);
	const srcModels = JSON.parse(readFileSync(join(sources, "models", "models.json"), "utf8")) as SourceModel[];
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
	models.push(...loadVendoredConfigModels(join(sources, "models")));
	models.push(...loadFactRowModels(join(sources, "models")));
	// devices read only their in-repo sources (catalog/sources/devices: gpus.csv, additions, CPUs, brands)
	const { devices, systems, skipped } = buildDeviceCatalog(join(sources, "devices"));
	for (const s of skipped) report.push(`skipped device ${s}`);
	const quants = buildQuants();
	const data = { "models.json": models, "devices.json": devices, "quants.json": quants, "systems.json": systems };
	validateCatalog(data);
	const files: Record<string, string> = {};
	for (const [file, value] of Object.entries(data)) files[file] = `${asciiJson(value)}\n`;
	files["stamp.json"] = catalogStampText(files);
	return { files, report, counts: { models: models.length, devices: devices.length, quants: quants.length, systems: systems.length } };
}

function main(): void {
	const built = buildCatalog();
	for (const [file, text] of Object.entries(built.files)) writeFileSync(join(REPO_DIR, "catalog", file), text);
	const c = built.counts;
	process.stdout.write(`${built.report.join("\n")}\nwrote ${c.models} models, ${c.devices} devices, ${c.quants} quants, ${c.systems} systems\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
