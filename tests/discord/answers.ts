/**
 * Answers for the renderer's unit tests. These are test inputs shaped like the command layer's output
 * (the renderer computes nothing, so any numbers do); the end-to-end tests use the real commands.
 */
import { emptyAnswer } from "../../commands/lib/answers.js";
import type { Answer } from "../../src/answer/answer.js";

const GIB = 1024 ** 3;

export function estimateAnswer(overrides: Partial<Answer> = {}): Answer {
	return {
		kind: "canirun",
		title: "DeepSeek-R1-Distill-Qwen-32B · Q4_K_M on 2× RTX 4090",
		verdict: { label: "Fits", severity: "success", summary: "Everything on the GPUs with 9.1 GiB to spare." },
		facts: [
			{ label: "Weights", value: "18.5 GiB" },
			{ label: "KV cache", value: "1.0 GiB" },
			{ label: "Decode", value: "34 tok/s" },
		],
		usage: [
			{
				label: "GPU 0 · RTX 4090",
				usedBytes: 10.2 * GIB,
				capacityBytes: 24 * GIB,
				parts: [
					{ label: "weights", bytes: 9.3 * GIB },
					{ label: "KV", bytes: 0.5 * GIB },
					{ label: "compute", bytes: 0.4 * GIB },
				],
			},
			{
				label: "GPU 1 · RTX 4090",
				usedBytes: 10.6 * GIB,
				capacityBytes: 24 * GIB,
				parts: [
					{ label: "weights", bytes: 9.2 * GIB },
					{ label: "KV", bytes: 0.5 * GIB },
					{ label: "compute", bytes: 0.9 * GIB },
				],
			},
		],
		tables: [],
		suggestions: [{ text: "Q5_K_M also fits", query: "canirun deepseek-r1 q5_k_m 2x4090" }],
		runHints: [{ label: "llama.cpp", command: "llama-server -m model.gguf -ngl 99 -c 4096" }],
		actions: [
			{ label: "Smaller quant (Q3_K_M)", query: "canirun deepseek-r1 q3_k_m 2x4090" },
			{ label: "Larger quant (Q5_K_M)", query: "canirun deepseek-r1 q5_k_m 2x4090" },
			{ label: "32K context", query: "canirun deepseek-r1 q4_k_m 2x4090 32k" },
			{ label: "VRAM table", query: "vram deepseek-r1" },
		],
		footnotes: ["llama.cpp, flash attention on, KV f16, context 4K (default)"],
		didYouMean: [],
		json: { version: 1, model: { id: "deepseek-r1-distill-qwen-32b" }, quant: { id: "q4_k_m" }, hardware: { devices: [{ id: "rtx-4090", count: 2 }] } },
		...overrides,
	};
}

export function errorAnswer(overrides: Partial<Answer> = {}): Answer {
	return {
		...emptyAnswer("error", "I don't know a model called “llama 9”"),
		didYouMean: ["llama-3.1-8b", "llama-3.3-70b"],
		...overrides,
	};
}
