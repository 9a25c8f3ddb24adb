/**
 * Shell commands that run the estimated setup: the `ollama run` tag where the catalog knows one, and
 * a llama.cpp or vLLM command line with the flags that make it fit. Every flag value comes from the
 * estimate (layers on GPU, the split per device, tensor-parallel degree), never from a constant.
 * Flags: llama.cpp `tools/server/README.md` (-m, -c, -ngl, -fa, -ot, --tensor-split, -ctk/-ctv, -np,
 * -ub); vLLM `vllm serve` (--tensor-parallel-size, --max-model-len, --kv-cache-dtype).
 */
import type { Answer } from "../../src/answer/answer.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest } from "../../src/engine/types.js";

type Hint = Answer["runHints"][number];

/**
 * The repo part of each model's GGUF file names, derived once per model object (a split or a regex
 * replace per answer otherwise); weakly held, so Hub models do not accumulate.
 */
const ggufBases = new WeakMap<Model, string>();

/** The GGUF file name people get from the usual converters: <Repo-Name>-<QUANT>.gguf. */
function ggufFile(model: Model, quant: Quant): string {
	let base = ggufBases.get(model);
	if (base === undefined) {
		base = model.hfRepo?.split("/").pop() ?? model.name.replace(/\s+/g, "-");
		ggufBases.set(model, base);
	}
	return `${base}-${quant.id}.gguf`;
}

function llamaCppHint(req: EstimateRequest, est: Estimate): Hint {
	const fit = est.fit;
	const args = ["llama-server", "-m", ggufFile(req.model, req.quant), "-c", String(est.memory.paddedContextTokens || req.contextTokens)];
	if (fit === null || fit.verdict === "fits") args.push("-ngl", "99");
	else if (fit.offloadMode === "experts") args.push("-ngl", "99", "-ot", "exps=CPU");
	else args.push("-ngl", String(fit.gpuLayers));
	if (fit !== null && fit.devices.length > 1) {
		const layers = fit.devices.map((d) => d.layers);
		if (layers.some((l) => l > 0)) args.push("--tensor-split", layers.join(","));
	}
	if (req.flashAttention !== "auto") args.push("-fa", req.flashAttention);
	if (req.kvCacheType !== "f16") args.push("-ctk", req.kvCacheType, "-ctv", req.kvCacheType);
	if (req.parallel !== 1) args.push("-np", String(req.parallel));
	if (req.ubatch !== 512) args.push("-ub", String(req.ubatch));
	return { label: "llama.cpp", command: args.join(" ") };
}

function vllmHint(req: EstimateRequest, est: Estimate): Hint | null {
	const repo = req.model.hfRepo;
	if (repo === null) return null;
	const args = ["vllm", "serve", repo];
	const gpus = req.hardware?.devices.reduce((n, g) => n + g.count, 0) ?? 1;
	const tp = est.fit?.tensorParallel ?? gpus;
	if (tp > 1) args.push("--tensor-parallel-size", String(tp));
	args.push("--max-model-len", String(req.contextTokens));
	if (req.kvCacheType === "fp8") args.push("--kv-cache-dtype", "fp8");
	if (req.parallel > 1) args.push("--max-num-seqs", String(req.parallel));
	return { label: "vLLM", command: args.join(" ") };
}

function ollamaHint(req: EstimateRequest): Hint | null {
	const tag = req.model.ollamaTags[0];
	if (tag === undefined || req.quant.format !== "gguf") return null;
	return { label: "Ollama", command: `ollama run ${tag}` };
}

export function runHints(req: EstimateRequest, est: Estimate): Hint[] {
	const hints: Hint[] = [];
	if (req.runtime === "vllm") {
		const v = vllmHint(req, est);
		if (v !== null) hints.push(v);
		return hints;
	}
	if (req.runtime === "mlx") return hints;
	const o = ollamaHint(req);
	if (req.runtime === "ollama" && o !== null) hints.push(o);
	if (req.quant.format === "gguf") hints.push(llamaCppHint(req, est));
	if (req.runtime !== "ollama" && o !== null) hints.push(o);
	return hints;
}

/** Ollama ignores -c: its context is num_ctx (default 4096 in older releases, VRAM-tiered in newer). */
export function ollamaContextNote(req: EstimateRequest): string | null {
	if (req.model.ollamaTags.length === 0 || req.quant.format !== "gguf") return null;
	const tag = req.model.ollamaTags[0] ?? "";
	const quantNote = req.quant.id === "Q4_K_M" ? "" : ` The ${tag} tag is usually Q4_K_M; pick the ${req.quant.id} tag if the library has one.`;
	return `In Ollama, set the context with /set parameter num_ctx ${req.contextTokens} (or OLLAMA_CONTEXT_LENGTH).${quantNote}`;
}
