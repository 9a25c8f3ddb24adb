/**
 * Answers shaped like the command layer's, for renderer and adapter tests that must not depend on the
 * catalog. Numbers here are test data only (a 2×RTX 4090 DeepSeek-R1 distill answer).
 */
import { emptyAnswer } from "../../commands/lib/answers.js";
import type { Answer } from "../../src/answer/answer.js";

const GIB = 1024 ** 3;

export function fitsAnswer(overrides: Partial<Answer> = {}): Answer {
	return {
		kind: "canirun",
		title: "DeepSeek-R1-Distill-Llama-70B · Q4_K_M on 2× RTX 4090",
		verdict: { label: "Fits", severity: "success", summary: "All 81 layers on the GPUs, 4K context." },
		facts: [
			{ label: "Weights", value: "39.6 GiB" },
			{ label: "KV cache", value: "1.25 GiB" },
			{ label: "Decode", value: "18 tok/s" },
			{ label: "Prefill", value: "1,150 tok/s" },
		],
		usage: [
			{
				label: "GPU 0 · RTX 4090",
				usedBytes: 21.9 * GIB,
				capacityBytes: 24 * GIB,
				parts: [
					{ label: "weights", bytes: 20 * GIB },
					{ label: "KV cache", bytes: 0.65 * GIB },
					{ label: "compute", bytes: 0.9 * GIB },
					{ label: "overhead", bytes: 0.35 * GIB },
				],
			},
			{
				label: "GPU 1 · RTX 4090",
				usedBytes: 21.2 * GIB,
				capacityBytes: 24 * GIB,
				parts: [{ label: "weights", bytes: 19.6 * GIB }],
			},
		],
		tables: [
			{
				title: "Other quants",
				columns: ["quant", "size", "fits"],
				rows: [
					["Q3_K_M", "31.9 GiB", "yes"],
					["Q5_K_M", "46.5 GiB", "offload"],
				],
			},
		],
		suggestions: [{ text: "Q5_K_M needs 2.5 GiB more; add RAM offload", query: "canirun deepseek-r1 q5_k_m 2x4090 +64gb ram" }],
		runHints: [{ label: "llama.cpp", command: "llama-server -m model.gguf -ngl 99 -c 4096 -fa on" }],
		actions: [
			{ label: "Next quant (Q5_K_M)", query: "canirun deepseek-r1 q5_k_m 2x4090" },
			{ label: "Previous quant (Q3_K_M)", query: "canirun deepseek-r1 q3_k_m 2x4090" },
			{ label: "Longer context (32K)", query: "canirun deepseek-r1 q4_k_m 2x4090 32k" },
		],
		footnotes: ["llama.cpp, flash attention on, ubatch 512, KV f16", "Catalog: unsloth/DeepSeek-R1-Distill-Llama-70B-GGUF"],
		didYouMean: [],
		json: {
			version: 1,
			model: { id: "deepseek-r1-distill-llama-70b" },
			quant: { id: "Q4_K_M" },
			runtime: "llama.cpp",
			hardware: { devices: [{ id: "rtx-4090", count: 2 }] },
		},
		...overrides,
	};
}

export function errorAnswer(echo: string): Answer {
	return {
		...emptyAnswer("error", `No model matches "${echo}"`),
		verdict: { label: "Not understood", severity: "info", summary: `I could not find a model in "${echo}".` },
		suggestions: [{ text: `Try a model name, e.g. "${echo} llama-3-70b"`, query: null }],
		didYouMean: ["deepseek-r1", "deepseek-v3"],
	};
}
