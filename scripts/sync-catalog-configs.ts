/**
 * Refreshes the vendored config.json files from the Hugging Face Hub (run: `npm run catalog:sync
 * [-- repo ...]`, then `npm run catalog:build`). For every row of catalog/sources/models/hub-models.json
 * (or the repos named on the command line) it asks the Hub for the repo's current commit and its
 * safetensors parameter total, downloads config.json at that commit through the same guarded fetch
 * the bot uses (src/hub/http.ts), and writes it verbatim to configs/, with the new provenance
 * (`<repo>@<sha>:config.json`) in configs/PROVENANCE.json and in the row. The published safetensors
 * total, when the Hub has one, becomes the row's totalParams. A repo that fails is reported and left
 * as it was. HF_ENDPOINT picks another Hub (the tests use a fake one); HF_TOKEN opens gated repos.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { downloadFile, modelInfo } from "@huggingface/hub";
import { createHubFetch } from "../src/hub/http.js";
import { type ConfigRow, ConfigRowSchema, parseConfigJson } from "./build-catalog-configs.js";

export interface SyncOptions {
	/** catalog/sources/models of the checkout to update */
	modelsDir: string;
	/** the Hub's base URL */
	endpoint: string;
	token?: string;
	/** only these repos (hfRepo of a row); all rows when empty */
	repos?: readonly string[];
	/** per-repo deadline */
	timeoutMs?: number;
}

export interface SyncResult {
	repo: string;
	status: "updated" | "unchanged" | "failed";
	detail: string;
}

const SYNC_TIMEOUT_MS = 30_000;

function writeJson(file: string, value: unknown): void {
	writeFileSync(file, `${JSON.stringify(value, null, "\t")}\n`);
}

async function fetchRepo(row: ConfigRow, opts: SyncOptions): Promise<{ sha: string; config: string; safetensorsTotal: number | null }> {
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, opts.timeoutMs ?? SYNC_TIMEOUT_MS);
	try {
		const hubFetch = createHubFetch({
			endpoint: opts.endpoint,
			token: opts.token,
			signal: controller.signal,
			timedOut: () => timedOut,
			stats: { requests: 0, bytes: 0 },
			repo: row.hfRepo,
		});
		const info = (await modelInfo({ name: row.hfRepo, hubUrl: opts.endpoint, fetch: hubFetch, additionalFields: ["sha", "safetensors"] })) as unknown as Record<
			string,
			unknown
		>;
		const sha = info["sha"];
		if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha)) throw new Error("the Hub gave no commit id for the repo");
		const blob = await downloadFile({ repo: row.hfRepo, path: "config.json", revision: sha, hubUrl: opts.endpoint, fetch: hubFetch });
		if (blob === null) throw new Error("the repo has no config.json");
		const config = await blob.text();
		const total = (info["safetensors"] as { total?: unknown } | undefined)?.total;
		return { sha, config, safetensorsTotal: typeof total === "number" && Number.isSafeInteger(total) && total > 0 ? total : null };
	} finally {
		clearTimeout(timer);
	}
}

/** Syncs the rows' configs; writes the files that changed and returns one result per repo. */
export async function syncCatalogConfigs(opts: SyncOptions): Promise<SyncResult[]> {
	const rowsFile = join(opts.modelsDir, "hub-models.json");
	const provFile = join(opts.modelsDir, "configs", "PROVENANCE.json");
	const rows = ConfigRowSchema.array().parse(JSON.parse(readFileSync(rowsFile, "utf8")));
	const provenance = JSON.parse(readFileSync(provFile, "utf8")) as Record<string, string>;
	const wanted = opts.repos !== undefined && opts.repos.length > 0 ? new Set(opts.repos) : null;
	const results: SyncResult[] = [];
	for (const [i, row] of rows.entries()) {
		if (wanted !== null && !wanted.has(row.hfRepo)) continue;
		try {
			const got = await fetchRepo(row, opts);
			parseConfigJson(got.config); // refuse a body that is not a config before writing anything
			const configFile = join(opts.modelsDir, "configs", row.config);
			const before = readFileSync(configFile, "utf8");
			const source = `${row.hfRepo}@${got.sha}:config.json`;
			const next: ConfigRow = { ...row, configSource: source };
			// the official repo's own config replaces a copy taken from a derived (FP8/NVFP4) repo
			delete next.configNote;
			if (got.safetensorsTotal !== null)
				next.totalParams = { value: got.safetensorsTotal, source: `Hugging Face Hub API safetensors.total of ${source.replace(/:config\.json$/, "")}` };
			const changed = before !== got.config || JSON.stringify(next) !== JSON.stringify(row);
			if (changed) {
				writeFileSync(configFile, got.config);
				rows[i] = next;
				provenance[row.config] = source;
			}
			results.push({ repo: row.hfRepo, status: changed ? "updated" : "unchanged", detail: source });
		} catch (e) {
			results.push({ repo: row.hfRepo, status: "failed", detail: e instanceof Error ? e.message : String(e) });
		}
	}
	if (wanted !== null) {
		for (const repo of wanted)
			if (!rows.some((r) => r.hfRepo === repo))
				results.push({ repo, status: "failed", detail: "no row in hub-models.json has this hfRepo (add the row first)" });
	}
	writeJson(rowsFile, rows);
	writeJson(provFile, Object.fromEntries(Object.entries(provenance).sort(([a], [b]) => a.localeCompare(b))));
	return results;
}

async function main(): Promise<void> {
	const modelsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "catalog", "sources", "models");
	const results = await syncCatalogConfigs({
		modelsDir,
		endpoint: process.env["HF_ENDPOINT"] ?? "https://huggingface.co",
		token: process.env["HF_TOKEN"] || undefined,
		repos: process.argv.slice(2),
	});
	for (const r of results) process.stdout.write(`${r.status.padEnd(9)} ${r.repo}: ${r.detail}\n`);
	process.stdout.write("now run `npm run catalog:build` and commit catalog/\n");
	if (results.some((r) => r.status === "failed")) process.exitCode = 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) void main();
