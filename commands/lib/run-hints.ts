/**
 * Shell commands that run the chosen plan, exactly: the same quantization, KV cache type, context and
 * offload as the answer's numbers. Every flag value comes from the request and the estimate (layers on
 * GPU, the layers whose experts stay in RAM, the split per device, tensor-parallel degree), never from
 * a constant; checkpoint repos come from catalog/checkpoints.json (real Hugging Face repos), never a
 * guessed name.
 * Flags: llama.cpp `tools/server/README.md` (-hf repo:quant, -m, -c, -ngl, --n-cpu-moe, -fa, -ctk/-ctv,
 * --tensor-split, -np, -ub); Ollama `docs/faq.md` (OLLAMA_CONTEXT_LENGTH, OLLAMA_FLASH_ATTENTION,
 * OLLAMA_KV_CACHE_TYPE; `ollama run hf.co/{user}/{repo}:{quant}`); vLLM `vllm serve`
 * (--tensor-parallel-size, --max-model-len, --kv-cache-dtype fp8, --quantization fp8,
 * --gpu-memory-utilization, --max-num-seqs); mlx-lm `mlx_lm.server --model`.
 */
import type { Answer } from "../../src/answer/answer.js";
import type { OllamaIndex } from "../../src/catalog/ollama.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest, Runtime } from "../../src/engine/types.js";

type Hint = Answer["runHints"][number];

export interface RunCommand {
	runtime: Runtime;
	command: string;
}

export interface RunPlan {
	/** for the Answer's "Run it" section */
	hints: Hint[];
	/** the JSON `runCommands` */
	commands: RunCommand[];
	/** what a runtime cannot reproduce of the plan, in words */
	notes: string[];
}

/** Published checkpoint repos of the model by format (catalog/checkpoints.json). */
export type Checkpoints = Readonly<Record<string, string>>;

const LABELS: Record<Runtime, string> = { "llama.cpp": "llama.cpp", ollama: "Ollama", vllm: "vLLM", mlx: "MLX" };

/** Ollama's default context when neither num_ctx nor OLLAMA_CONTEXT_LENGTH is set (docs/faq.md, 0.6–0.11). */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

/**
 * The repo part of each model's GGUF file names, derived once per model object; weakly held, so Hub
 * models do not accumulate.
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

function hasGpu(req: EstimateRequest): boolean {
	return req.hardware?.devices.some((g) => g.device.kind !== "cpu") ?? false;
}

/**
 * Beyond the native context the RoPE positions must be stretched: YaRN by ctx / native, rounded up to a
 * whole factor (Qwen's model cards: factor 4 over 32,768 for 131,072). Null within the native length.
 */
export function yarnFactor(req: EstimateRequest): number | null {
	const native = req.model.contextLength;
	return req.contextTokens > native ? Math.ceil(req.contextTokens / native) : null;
}

function llamaServer(req: EstimateRequest, est: Estimate, cp: Checkpoints): string {
	const fit = est.fit;
	// the converters' repos ship K/IQ mixes; a model released in MXFP4 is run from its MXFP4 file
	// (the tag is not one of theirs), so that plan names the file rather than a tag that may not exist
	const repo = req.quant.id === "MXFP4" ? undefined : cp.GGUF;
	const args = ["llama-server", ...(repo !== undefined ? ["-hf", `${repo}:${req.quant.id}`] : ["-m", ggufFile(req.model, req.quant)])];
	args.push("-c", String(req.contextTokens * req.parallel));
	if (!hasGpu(req)) args.push("-ngl", "0");
	else if (fit === null || fit.verdict !== "offload") args.push("-ngl", "99");
	else if (fit.offloadMode === "experts") args.push("-ngl", "99", "--n-cpu-moe", String(fit.cpuMoeLayers));
	else args.push("-ngl", String(fit.gpuLayers));
	if (fit !== null && fit.devices.length > 1) {
		const layers = fit.devices.map((d) => d.layers);
		if (layers.some((l) => l > 0)) args.push("--tensor-split", layers.join(","));
	}
	const quantizedKv = req.kvCacheType !== "f16";
	// a quantized V cache needs flash attention: say so explicitly rather than rely on -fa auto
	if (quantizedKv) args.push("-fa", "on", "-ctk", req.kvCacheType, "-ctv", req.kvCacheType);
	else if (req.flashAttention !== "auto") args.push("-fa", req.flashAttention);
	if (req.parallel !== 1) args.push("-np", String(req.parallel));
	if (req.ubatch !== 512) args.push("-ub", String(req.ubatch));
	const yarn = yarnFactor(req);
	if (yarn !== null) args.push("--rope-scaling", "yarn", "--rope-scale", String(yarn), "--yarn-orig-ctx", String(req.model.contextLength));
	return args.join(" ");
}

/**
 * The Ollama tag that names a size (`deepseek-r1:671b`), never the bare family name or `:latest`, which point
 * at whatever Ollama made default. The library table (catalog/ollama.json, each name from its library page)
 * decides first when the caller has it (ollamaTags(cat).forModel()); a model's own tag counts only under a name
 * the table does not list (a Hub GGUF's hf.co/… tag), because a size the table lists no tag for is not confirmed
 * to exist. Without the table (the CLI's light start-up path loads no catalog index) the model's own tags are
 * used: tests/catalog/ollama.test.ts keeps every own tag under a table name equal to the table's.
 */
export function sizedOllamaTag(model: Model, table: OllamaIndex | null = null): string | null {
	const listed = table?.forModel(model);
	if (listed != null) return listed.ref;
	const tableHas = (t: string): boolean => table?.byName.has(t.slice(0, t.indexOf(":")).toLowerCase()) === true;
	return model.ollamaTags.find((t) => t.includes(":") && !t.endsWith(":latest") && !tableHas(t)) ?? null;
}

/** The quant Ollama's library tags ship by default: Q4_K_M, or the release format (MXFP4 for gpt-oss). */
function libraryDefaultQuant(model: Model): string {
	return model.nativeDtype === "mxfp4" ? "MXFP4" : "Q4_K_M";
}

function ollamaCommands(req: EstimateRequest, est: Estimate, cp: Checkpoints, notes: string[]): string[] {
	if (req.quant.format !== "gguf") return [];
	if (est.fit?.verdict === "offload" && est.fit.offloadMode === "experts") {
		notes.push("Ollama offloads whole layers, not MoE experts (no --n-cpu-moe): llama-server reproduces this plan, Ollama would run slower.");
		return [];
	}
	const tag = sizedOllamaTag(req.model);
	let name: string | null = null;
	if (tag !== null && req.quant.id === libraryDefaultQuant(req.model)) name = tag;
	else if (cp.GGUF !== undefined && req.quant.id !== "MXFP4") name = `hf.co/${cp.GGUF}:${req.quant.id}`;
	if (name === null) {
		if (tag !== null) notes.push(`Ollama's ${tag} is ${libraryDefaultQuant(req.model)}; no published ${req.quant.id} GGUF of ${req.model.name} is known here.`);
		return [];
	}
	if (yarnFactor(req) !== null) {
		notes.push("Ollama has no RoPE-scaling setting: past the native context use llama-server.");
		return [];
	}
	const env: string[] = [];
	const ctx = req.contextTokens * req.parallel;
	if (ctx !== OLLAMA_DEFAULT_CONTEXT) env.push(`OLLAMA_CONTEXT_LENGTH=${ctx}`);
	if (req.kvCacheType !== "f16") env.push("OLLAMA_FLASH_ATTENTION=1", `OLLAMA_KV_CACHE_TYPE=${req.kvCacheType}`);
	if (req.parallel !== 1) env.push(`OLLAMA_NUM_PARALLEL=${req.parallel}`);
	const out: string[] = [];
	if (env.length > 0) out.push(`${env.join(" ")} ollama serve`);
	out.push(`ollama run ${name}`);
	return out;
}

/** The checkpoint vLLM loads for the plan's format, and the flags that format needs. */
function vllmSource(req: EstimateRequest, cp: Checkpoints): { repo: string; flags: string[] } | null {
	const own = req.model.hfRepo;
	const id = req.quant.id;
	if (id === "BF16-SAFETENSORS" || (id === "FP8" && req.model.nativeDtype === "fp8")) return own === null ? null : { repo: own, flags: [] };
	const published = cp[id];
	if (published !== undefined) return { repo: published, flags: [] };
	// vLLM quantizes a BF16 checkpoint to FP8 on load (docs: "Online dynamic quantization", --quantization fp8)
	if (id === "FP8" && own !== null) return { repo: own, flags: ["--quantization", "fp8"] };
	return null;
}

function vllmServe(req: EstimateRequest, est: Estimate, cp: Checkpoints, notes: string[]): string | null {
	const src = vllmSource(req, cp);
	if (src === null) {
		notes.push(`No published ${req.quant.id} checkpoint of ${req.model.name} is known here: vllm serve needs one (a repo quantized to ${req.quant.id}).`);
		return null;
	}
	const args = ["vllm", "serve", src.repo, ...src.flags];
	const gpus = req.hardware?.devices.reduce((n, g) => n + (g.device.kind === "cpu" ? 0 : g.count), 0) ?? 1;
	const tp = est.fit?.tensorParallel ?? gpus;
	if (tp > 1) args.push("--tensor-parallel-size", String(tp));
	args.push("--max-model-len", String(req.contextTokens));
	if (req.kvCacheType === "fp8") args.push("--kv-cache-dtype", "fp8");
	if (req.parallel > 1) args.push("--max-num-seqs", String(req.parallel));
	// the engine arguments the question set, so the command reproduces the pool it was sized with
	if (req.gpuMemoryUtilization !== undefined) args.push("--gpu-memory-utilization", String(req.gpuMemoryUtilization));
	if (req.maxNumBatchedTokens !== undefined) args.push("--max-num-batched-tokens", String(req.maxNumBatchedTokens));
	const yarn = yarnFactor(req);
	if (yarn !== null)
		args.push(
			"--hf-overrides",
			`'${JSON.stringify({ rope_scaling: { rope_type: "yarn", factor: yarn, original_max_position_embeddings: req.model.contextLength } })}'`,
		);
	return args.join(" ");
}

function mlxServer(req: EstimateRequest, cp: Checkpoints, notes: string[]): string | null {
	const repo = req.quant.id === "BF16-SAFETENSORS" ? req.model.hfRepo : cp[req.quant.id];
	if (repo === undefined || repo === null) {
		notes.push(
			`No published ${req.quant.id} MLX conversion of ${req.model.name} is known here: mlx_lm.convert --hf-path ${req.model.hfRepo ?? req.model.name} -q makes one.`,
		);
		return null;
	}
	return `mlx_lm.server --model ${repo}`;
}

/** The commands that reproduce the plan, the asked runtime first. */
export function runPlan(req: EstimateRequest, est: Estimate, cp: Checkpoints = {}): RunPlan {
	const commands: RunCommand[] = [];
	const notes: string[] = [];
	const yarn = yarnFactor(req);
	if (yarn !== null) {
		notes.push(
			`${req.contextTokens} tokens is beyond ${req.model.name}'s native ${req.model.contextLength}: it needs RoPE scaling (YaRN, factor ${yarn}), which the commands enable; quality past the native length holds only where the model card documents YaRN.${req.runtime === "mlx" ? " mlx-lm reads rope_scaling from config.json: add it there." : ""}`,
		);
	}
	if (req.runtime === "vllm") {
		const v = vllmServe(req, est, cp, notes);
		if (v !== null) commands.push({ runtime: "vllm", command: v });
	} else if (req.runtime === "mlx") {
		const m = mlxServer(req, cp, notes);
		if (m !== null) commands.push({ runtime: "mlx", command: m });
	} else if (req.quant.format === "gguf") {
		const ollama = ollamaCommands(req, est, cp, notes).map((command) => ({ runtime: "ollama" as const, command }));
		const llama = { runtime: "llama.cpp" as const, command: llamaServer(req, est, cp) };
		if (req.runtime === "ollama") commands.push(...ollama, llama);
		else commands.push(llama, ...ollama);
	}
	return { hints: commands.map((c) => ({ label: LABELS[c.runtime], command: c.command })), commands, notes };
}

/** Back-compatible: the Answer's "Run it" lines for a request. */
export function runHints(req: EstimateRequest, est: Estimate, cp: Checkpoints = {}): Hint[] {
	return runPlan(req, est, cp).hints;
}

/** Ollama ignores -c: its context is num_ctx / OLLAMA_CONTEXT_LENGTH (default 4096 in 0.6–0.11). */
export function ollamaContextNote(req: EstimateRequest): string | null {
	if (sizedOllamaTag(req.model) === null || req.quant.format !== "gguf") return null;
	return `In Ollama the context is OLLAMA_CONTEXT_LENGTH=${req.contextTokens} on the server (or /set parameter num_ctx ${req.contextTokens} in a chat).`;
}
