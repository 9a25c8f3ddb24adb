/**
 * catalog/checkpoints.json: published checkpoints per catalog model and format (the GGUF repo that
 * `llama-server -hf` and `ollama run hf.co/…` pull, the AWQ/GPTQ/FP8 repos `vllm serve` loads, the
 * mlx-community conversions), built by scripts/build-checkpoints.ts from a scraped list of real Hugging
 * Face repos (its `source`). Imported as JSON, so the CLI bundle carries it; checked by hand rather than
 * with zod (the one-shot CLI does not load zod, issue 8): an entry that is not "org/name" is dropped.
 */
import table from "../../catalog/checkpoints.json" with { type: "json" };

const REPO = /^[\w.-]+\/[\w.-]+$/;

const checked = new Map<string, Readonly<Record<string, string>>>();
for (const [modelId, byFormat] of Object.entries(table.checkpoints as Record<string, Record<string, unknown>>)) {
	const ok: Record<string, string> = {};
	for (const [format, repo] of Object.entries(byFormat)) if (typeof repo === "string" && REPO.test(repo)) ok[format] = repo;
	checked.set(modelId, ok);
}

/** Where the table comes from (repo@commit:path of the scraped list). */
export const CHECKPOINTS_SOURCE: string = table.source;

const NONE: Readonly<Record<string, string>> = {};

/** The published checkpoint repos of a model by format ("GGUF", "AWQ-INT4", "GPTQ-INT4", "GPTQ-INT8", "FP8", "MLX-4BIT" …), or {} */
export function checkpointsOf(modelId: string): Readonly<Record<string, string>> {
	return checked.get(modelId) ?? NONE;
}
