/**
 * `npm run catalog:sync` against the fake Hub (tests/fakes/hub-server.ts, 127.0.0.1 only): configs are
 * written verbatim at the commit the Hub names, provenance follows, the safetensors total becomes the
 * published count, a failing repo is reported and left alone, and the catalog still builds.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_DIR, buildCatalog } from "../../scripts/build-catalog.js";
import type { ConfigRow } from "../../scripts/build-catalog-configs.js";
import { syncCatalogConfigs } from "../../scripts/sync-catalog-configs.js";
import { type FakeHub, startFakeHub } from "../fakes/hub-server.js";

const SHA = "fedcba9876543210fedcba9876543210fedcba98";
const dirs: string[] = [];
let hub: FakeHub;

function checkout(): string {
	const dir = mkdtempSync(join(tmpdir(), "canirun-sync-"));
	dirs.push(dir);
	cpSync(join(REPO_DIR, "catalog", "sources"), join(dir, "catalog", "sources"), { recursive: true });
	return dir;
}
const modelsDir = (repo: string): string => join(repo, "catalog", "sources", "models");
const rowsOf = (repo: string): ConfigRow[] => JSON.parse(readFileSync(join(modelsDir(repo), "hub-models.json"), "utf8")) as ConfigRow[];

// Qwen3.6-27B's config as the official repo would serve it: the vendored copy (taken from the NVFP4
// repo) without its quantization_config, and a context length changed so the rebuild must show it
const vendored = JSON.parse(readFileSync(join(REPO_DIR, "catalog", "sources", "models", "configs", "nvidia--Qwen3.6-27B-NVFP4.json"), "utf8")) as Record<
	string,
	unknown
>;
const { quantization_config: _q, ...official } = vendored;
(official["text_config"] as Record<string, unknown>)["max_position_embeddings"] = 524288;
const OFFICIAL_TEXT = `${JSON.stringify(official, null, 2)}\n`;

beforeAll(async () => {
	hub = await startFakeHub({
		"Qwen/Qwen3.6-27B": { sha: SHA, files: { "config.json": OFFICIAL_TEXT }, api: { safetensors: { total: 27_780_000_123 } } },
		"Qwen/Qwen3.5-27B": { sha: SHA, files: {} }, // the repo exists but has no config.json
	});
});
afterAll(async () => {
	await hub.close();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("catalog:sync", () => {
	it("writes the Hub's config.json verbatim, with the commit in the provenance and the row", async () => {
		const repo = checkout();
		const results = await syncCatalogConfigs({ modelsDir: modelsDir(repo), endpoint: hub.url, repos: ["Qwen/Qwen3.6-27B"] });
		expect(results).toEqual([{ repo: "Qwen/Qwen3.6-27B", status: "updated", detail: `Qwen/Qwen3.6-27B@${SHA}:config.json` }]);
		expect(readFileSync(join(modelsDir(repo), "configs", "nvidia--Qwen3.6-27B-NVFP4.json"), "utf8")).toBe(OFFICIAL_TEXT);
		const prov = JSON.parse(readFileSync(join(modelsDir(repo), "configs", "PROVENANCE.json"), "utf8")) as Record<string, string>;
		expect(prov["nvidia--Qwen3.6-27B-NVFP4.json"]).toBe(`Qwen/Qwen3.6-27B@${SHA}:config.json`);
		const row = rowsOf(repo).find((r) => r.hfRepo === "Qwen/Qwen3.6-27B");
		expect(row?.configSource).toBe(`Qwen/Qwen3.6-27B@${SHA}:config.json`);
		expect(row?.configNote).toBeUndefined();
		expect(row?.totalParams?.value).toBe(27_780_000_123);
		// the rebuilt catalog reads the new config and the published total
		const built = JSON.parse(buildCatalog(repo).files["models.json"] ?? "[]") as {
			id: string;
			contextLength: number;
			totalParams: number;
			nativeDtype: string;
		}[];
		const m = built.find((x) => x.id === "qwen3.6-27b");
		expect(m?.contextLength).toBe(524288);
		expect(m?.totalParams).toBe(27_780_000_123);
		// only the named repo was asked for
		expect(hub.requests.every((r) => r.url.includes("Qwen3.6-27B"))).toBe(true);
	});

	it("a second run changes nothing", async () => {
		const repo = checkout();
		await syncCatalogConfigs({ modelsDir: modelsDir(repo), endpoint: hub.url, repos: ["Qwen/Qwen3.6-27B"] });
		const rows = readFileSync(join(modelsDir(repo), "hub-models.json"), "utf8");
		const again = await syncCatalogConfigs({ modelsDir: modelsDir(repo), endpoint: hub.url, repos: ["Qwen/Qwen3.6-27B"] });
		expect(again[0]?.status).toBe("unchanged");
		expect(readFileSync(join(modelsDir(repo), "hub-models.json"), "utf8")).toBe(rows);
	});

	it("reports a repo without config.json, an unknown repo and a name with no row, and leaves their files alone", async () => {
		const repo = checkout();
		const before = readFileSync(join(modelsDir(repo), "configs", "Qwen--Qwen3.5-27B.json"), "utf8");
		const results = await syncCatalogConfigs({
			modelsDir: modelsDir(repo),
			endpoint: hub.url,
			repos: ["Qwen/Qwen3.5-27B", "Qwen/Qwen3.5-35B-A3B", "nobody/Nothing-7B"],
		});
		expect(results.map((r) => [r.repo, r.status])).toEqual([
			["Qwen/Qwen3.5-27B", "failed"],
			["Qwen/Qwen3.5-35B-A3B", "failed"],
			["nobody/Nothing-7B", "failed"],
		]);
		expect(readFileSync(join(modelsDir(repo), "configs", "Qwen--Qwen3.5-27B.json"), "utf8")).toBe(before);
		expect(rowsOf(repo)).toEqual(rowsOf(REPO_DIR));
		// and the committed catalog still rebuilds from it byte for byte
		expect(buildCatalog(repo).files).toEqual(buildCatalog().files);
	});
});
