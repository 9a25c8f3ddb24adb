/**
 * catalog/checkpoints.json: published checkpoints per catalog model and format (the GGUF repo that
 * `llama-server -hf` and `ollama run hf.co/…` pull, the AWQ/GPTQ/FP8 repos `vllm serve` loads), built by
 * scripts/build-checkpoints.ts from a scraped list of real Hugging Face repos (its `source`). Read on
 * first use; a missing or malformed file means "none known" (commands then print the original repo
 * with `--quantization` or a local file name), never a start-up failure of the bot.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { defaultCatalogDir } from "./read.js";

const CheckpointsSchema = z.strictObject({
	source: z.string().min(1),
	checkpoints: z.record(z.string(), z.record(z.string(), z.string().regex(/^[\w.-]+\/[\w.-]+$/))),
});
export type CheckpointTable = z.infer<typeof CheckpointsSchema>;

let memo: CheckpointTable | null = null;

export function loadCheckpoints(dir?: string): CheckpointTable {
	if (memo !== null && dir === undefined) return memo;
	let table: CheckpointTable = { source: "none", checkpoints: {} };
	try {
		const parsed = CheckpointsSchema.safeParse(JSON.parse(readFileSync(join(dir ?? defaultCatalogDir(), "checkpoints.json"), "utf8")));
		if (parsed.success) table = parsed.data;
	} catch {
		// no file: no published checkpoints known
	}
	if (dir === undefined) memo = table;
	return table;
}

/** The published checkpoint repos of a model by format ("GGUF", "AWQ-INT4", "GPTQ-INT4", "GPTQ-INT8", "FP8"), or {} */
export function checkpointsOf(modelId: string): Readonly<Record<string, string>> {
	return loadCheckpoints().checkpoints[modelId] ?? {};
}
