/**
 * `help`: usage, the query words, how the estimates are made and what they assume, and a glossary
 * of the quantizations in the catalog (bits per weight and quality note from catalog/quants.json).
 */
import type { Answer } from "../src/answer/answer.js";
import { formatContext } from "../src/answer/format.js";
import { emptyAnswer } from "./lib/answers.js";
import { COMMON_QUANT_IDS } from "./lib/quant-ladder.js";
import { qualityWord } from "./lib/quality-word.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";

/** Help reads no plan: it answers no question about a model or hardware. */
export async function answerHelp(services: Services, commands: () => Promise<readonly CommandSpec[]>): Promise<Answer> {
	const specs = await commands();
	const d = services.defaults;
	const a = emptyAnswer("help", "canirun: can my hardware run this model?");
	a.verdict = {
		label: "Help",
		severity: "info",
		summary:
			'Ask about a model and your hardware in plain words or as command words, e.g. "can my 3090 run qwen3 32b at 32k?" or "canirun deepseek-r1 q4_k_m 2x4090 32k".',
	};
	a.tables = [
		{
			title: "Commands",
			columns: ["Command", "What it answers"],
			rows: specs.map((s) => [s.help.usage, s.help.answers]),
			// the phone table (issue 16): the command word and what it answers, cut to fit
			narrow: { columns: ["Command", "Answers"], rows: specs.map((s) => [s.name, s.help.answers]) },
		},
		{
			title: "Query words (any order)",
			columns: ["Word", "Examples"],
			rows: [
				["model", "qwen3 32b, llama 3.1 70b, deepseek-r1, r1 distill qwen 14b, deepseek-r1:14b"],
				["quantization", "q4_k_m, q8_0, iq2_xxs, fp16, bf16, fp8, awq, gptq, mlx-4bit"],
				["hardware", "3090, 2x4090, 4090+3090, h100, 8xh100, m3 max 128gb, 24gb, rtx 3060 12gb, +64gb ram"],
				["context", "32k, 128k, ctx=32768, 128k ctx, at 32k context"],
				["KV cache", "kv=q8_0, kv=q4_0, kv=fp8"],
				["runtime", "llama.cpp, ollama, vllm, mlx"],
				["llama.cpp knobs", "ubatch=512, fa=on|off, parallel=4"],
				["plain English", "how much vram for …, which gpus run …, what can I run on …, download size of …"],
			],
		},
		{
			title: "Quantizations",
			columns: ["Quant", "Bits/weight", "Format", "Quality"],
			rows: services.quants
				.filter((q) => COMMON_QUANT_IDS.has(q.id))
				.sort((x, y) => x.format.localeCompare(y.format) || y.bitsPerWeight - x.bitsPerWeight)
				.map((q) => [q.id, String(q.bitsPerWeight), q.format, q.quality]),
			narrow: {
				columns: ["Quant", "Bits", "Quality"],
				rows: services.quants
					.filter((q) => COMMON_QUANT_IDS.has(q.id))
					.sort((x, y) => x.format.localeCompare(y.format) || y.bitsPerWeight - x.bitsPerWeight)
					.map((q) => [q.id, String(q.bitsPerWeight), qualityWord(q)]),
			},
		},
	];
	a.facts = [
		{ label: "Default quantization", value: `${d.quantId} (or the best that fits when you name hardware)` },
		{ label: "Default context", value: `${formatContext(d.contextTokens)} tokens` },
		{ label: "Default KV cache", value: d.kvCacheType },
		{ label: "Default runtime", value: `${d.runtime} (flash attention ${d.flashAttention}, ubatch ${d.ubatch}, ${d.parallel} sequence)` },
	];
	a.footnotes = [
		"How estimates are made: weights per tensor group with each format's exact block sizes (GGUF mixes follow llama.cpp's per-tensor rules); KV cache per layer as the runtime allocates it (grouped-query, MLA latent, sliding-window and recurrent layers each sized their own way); compute buffers and per-device overhead as llama.cpp/vLLM/MLX reserve them; fit per device, never only the sum.",
		"Speed: decode is memory-bound (bytes read per token over bandwidth, calibrated on llama-bench runs); prefill is compute-bound. Both carry an uncertainty band.",
		"Sizes are GiB (2^30 bytes). Apple machines count only the GPU working set macOS allows by default.",
		`Catalog: ${services.catalogSource}.`,
	];
	a.actions = [
		{ label: "Example: 3090 + Qwen3 32B", query: "canirun qwen3-32b 3090", intent: "example" },
		{ label: "Example: VRAM table", query: "vram llama 3.1 70b", intent: "example" },
		{ label: "Example: best for 2x3090", query: "bestfit 2x3090", intent: "example" },
	];
	// the Details button shows the whole help (issue 16)
	a.query = "help";
	a.json = { version: 1, command: "help", defaults: { ...d } };
	return a;
}

export const helpSpec: CommandSpec = {
	name: "help",
	description: "How to ask, what the estimates assume, and a glossary of quantizations.",
	help: { usage: "help", answers: "This help", brief: "this help" },
	options: [],
	run: (_request, _plan, env) => answerHelp(env.services, env.commands),
};
