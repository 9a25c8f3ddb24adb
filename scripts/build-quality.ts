/**
 * catalog/quality.json: a published quality measure per catalog model, for ranking recommendations
 * (bestfit). The measure is the Artificial Analysis Intelligence Index (v4: GDPval-AA, τ²-Bench
 * Telecom, Terminal-Bench Hard, SciCode, AA-LCR, AA-Omniscience, IFBench, HLE, GPQA Diamond, CritPt)
 * and its category scores (General, Scientific reasoning, Coding, Agents), as Sebastian Raschka's
 * LLM Architecture Gallery copies them from artificialanalysis.ai model pages into its fact sheets
 * (https://sebastianraschka.com/llm-architecture-gallery/aa-intelligence-index/). Vendored copy:
 * catalog/sources/quality/llm-architecture-gallery.tsv, from the gallery's public backup
 * qundao/backup-llm-architecture-gallery@882ba695cb95d61fffa88ca7813cefa496c2f70f:llm-list.tsv
 * (gallery version v2026.05.27). A model is matched by its Hugging Face repo (the sheet's config.json
 * link), with "-Base", "-Instruct", "-it" and "-BF16" removed on both sides (a sheet links a base config for the architecture; the score is the served model's); no score is ever guessed.
 * Run: npx tsx scripts/build-quality.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseDelimited } from "./lib/parse-delimited.js";

const TSV = "catalog/sources/quality/llm-architecture-gallery.tsv";
const SOURCE =
	"Artificial Analysis Intelligence Index v4 via Sebastian Raschka's LLM Architecture Gallery (qundao/backup-llm-architecture-gallery@882ba695cb95d61fffa88ca7813cefa496c2f70f:llm-list.tsv, gallery v2026.05.27)";
const PULLED = "2026-05-27";

function score(info: string, label: string): number | null {
	const m = new RegExp(`${label}\\s+(-?\\d+(?:\\.\\d+)?)`).exec(info);
	return m ? Number(m[1]) : null;
}

// the file quotes fields that contain tabs or quotes ("" escapes); a quote opens only at a field's
// start, and every row is kept as the sheet has it
const rows = parseDelimited(readFileSync(TSV, "utf8"), "\t", { quoteOpens: "field-start", skipSingleFieldRows: false });
const models = JSON.parse(readFileSync("catalog/models.json", "utf8")) as { id: string; hfRepo: string | null }[];
// the sheets link a base model's config for the architecture while the score is Artificial Analysis'
// page of the served (instruct) model: "-Base", "-Instruct", "-it", "-BF16" are dropped on both sides
const norm = (repo: string): string => repo.toLowerCase().replace(/-(base|instruct|it|bf16)(?=-|$)/g, "");
const byRepo = new Map<string, Record<string, string>>();
for (const r of rows) {
	const m = /huggingface\.co\/([^/]+\/[^/]+)\/blob/.exec(r["config.json"] ?? "");
	if (m?.[1] !== undefined && score(r["AA Intelligence Index info"] ?? "", "Total score") !== null) byRepo.set(norm(m[1]), r);
}
const out: Record<string, unknown> = {};
for (const model of models) {
	if (model.hfRepo === null) continue;
	const r = byRepo.get(norm(model.hfRepo));
	if (r === undefined) continue;
	const info = r["AA Intelligence Index info"] ?? "";
	out[model.id] = {
		intelligenceIndex: score(info, "Total score"),
		general: score(info, "General"),
		scientific: score(info, "Scientific"),
		coding: score(info, "Coding"),
		agents: score(info, "Agents"),
		sheet: r.title,
	};
}
writeFileSync(
	"catalog/quality.json",
	`${JSON.stringify({ measure: "Artificial Analysis Intelligence Index", source: SOURCE, pulled: PULLED, scores: out }, null, "\t")}\n`,
);
console.log(`${Object.keys(out).length} catalog models with a published score`);
