/**
 * catalog/checkpoints.json: the published checkpoints of each catalog model in the formats the plan
 * search picks (GGUF repo for `llama-server -hf` / `ollama run hf.co/…`, AWQ/GPTQ/FP8 repos for
 * `vllm serve`). Source: the Hugging Face repo list scraped by AlexsJones/llmfit
 * (../shared/catalog-sources/raw/llmfit_hf_models.json, see SOURCES.md); only repos in that list are
 * written, never a guessed name. Matching: the repo's name is the model's HF repo name (or the
 * "Meta-" prefixed form Meta's older names use) followed by the format suffix; the model's own
 * organisation wins, then the most downloaded.
 * Run: npx tsx scripts/build-checkpoints.ts
 */
import { readFileSync, writeFileSync } from "node:fs";

const RAW = "/work/shared/catalog-sources/raw/llmfit_hf_models.json";
const SOURCE = "AlexsJones/llmfit@a3e0eb27c57fe05298292f4c61699b9aed2824ea:llmfit-core/data/hf_models.json";

interface RawRepo {
	name: string;
	hf_downloads: number | null;
}
const repos = JSON.parse(readFileSync(RAW, "utf8")) as RawRepo[];
const models = JSON.parse(readFileSync("catalog/models.json", "utf8")) as { id: string; hfRepo: string | null }[];

/** format id → suffixes after the base name (case-insensitive), in preference order */
const SUFFIXES: Record<string, string[]> = {
	GGUF: ["-GGUF"],
	"AWQ-INT4": ["-AWQ", "-AWQ-INT4", "-AWQ-4bit"],
	"GPTQ-INT4": ["-GPTQ-Int4", "-GPTQ-INT4"],
	"GPTQ-INT8": ["-GPTQ-Int8", "-GPTQ-INT8"],
	FP8: ["-FP8", "-FP8-dynamic", "-FP8-Dynamic", "-FP8-block"],
	"MLX-3BIT": ["-3bit"],
	"MLX-4BIT": ["-4bit"],
	"MLX-6BIT": ["-6bit"],
	"MLX-8BIT": ["-8bit"],
};
/** MLX conversions are taken from mlx-community only (the org mlx-lm's docs point to) */
const MLX_ORG = "mlx-community";
/** GGUF converters whose quant tags (Q4_K_M …) `-hf repo:QUANT` resolves; the first found wins */
const GGUF_ORGS = ["unsloth", "bartowski", "ggml-org", "lmstudio-community"];

const out: Record<string, Record<string, string>> = {};
for (const m of models) {
	if (m.hfRepo === null) continue;
	const [org, base] = m.hfRepo.split("/") as [string, string];
	const bases = [base.toLowerCase(), `meta-${base.toLowerCase()}`];
	const found: Record<string, string> = {};
	for (const [format, suffixes] of Object.entries(SUFFIXES)) {
		const hits = repos.filter((r) => {
			const name = r.name.split("/")[1]?.toLowerCase() ?? "";
			return bases.some((b) => suffixes.some((s) => name === b + s.toLowerCase()));
		});
		if (format.startsWith("MLX")) hits.splice(0, hits.length, ...hits.filter((r) => r.name.startsWith(`${MLX_ORG}/`)));
		if (hits.length === 0) continue;
		const rank = (r: RawRepo): number => {
			const o = r.name.split("/")[0] ?? "";
			if (o === org) return 1e15;
			const g = format === "GGUF" ? GGUF_ORGS.indexOf(o) : -1;
			return g >= 0 ? 1e14 - g : (r.hf_downloads ?? 0);
		};
		hits.sort((a, b) => rank(b) - rank(a));
		const pick = hits[0];
		if (
			pick !== undefined &&
			(format.startsWith("MLX") || format !== "GGUF" || GGUF_ORGS.includes(pick.name.split("/")[0] ?? "") || pick.name.startsWith(`${org}/`))
		)
			found[format] = pick.name;
	}
	if (Object.keys(found).length > 0) out[m.id] = found;
}
writeFileSync("catalog/checkpoints.json", `${JSON.stringify({ source: SOURCE, checkpoints: out }, null, "\t")}\n`);
console.log(`${Object.keys(out).length} models with published checkpoints`);
