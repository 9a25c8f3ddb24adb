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
 * --gpu-memory-utilization, --max-num-seqs); mlx-lm `mlx_lm.generate`/`mlx_lm.server --model`, `mlx_lm.convert -q --q-bits`.
 */
import type { Answer } from "../../src/answer/answer.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest, Runtime } from "../../src/engine/types.js";
import { nativeReleaseQuantId } from "../../src/engine/nativeRelease.js";

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

/**
 * The Hugging Face Hub's largest single file (50 GB, huggingface.co/docs/hub/storage-limits): GGUFs
 * above it are uploaded split (-00001-of-0000N), which `ollama run hf.co/…` refuses (ollama/ollama#5245).
 */
const HF_MAX_FILE_BYTES = 50e9;

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

/** An Ollama library tag to print and the quantization it serves (catalog/ollama.json through ollamaTags(cat).forModel()). */
export interface OllamaRef {
	/** "name:tag", as `ollama run` takes it */
	ref: string;
	/** catalog quant id of that tag's build */
	quant: string;
}

/** The library tag of a model (services.ollamaTag); absent in tests and for models outside the table. */
export type OllamaTagOf = (model: Model) => OllamaRef | null;

/** The quant Ollama's library tags ship by default: Q4_K_M, or the release format (MXFP4 for gpt-oss). */
function libraryDefaultQuant(model: Model): string {
	return model.nativeDtype === "mxfp4" ? "MXFP4" : "Q4_K_M";
}

/**
 * A sized tag of the model's own list (a Hub GGUF's `hf.co/…:QUANT`), never the bare name or `:latest`,
 * which point at whatever Ollama made default. `listed` tells which library names the tag table has:
 * under those the table decides alone, because a size it lists no tag for is not confirmed to exist
 * (`qwen3.5:397b`).
 */
export function ownOllamaRef(model: Model, listed: (name: string) => boolean = () => false): OllamaRef | null {
	const own = model.ollamaTags.find((t) => t.includes(":") && !t.endsWith(":latest") && !listed(t.slice(0, t.indexOf(":")).toLowerCase()));
	if (own === undefined) return null;
	const quant = own.startsWith("hf.co/") ? (own.split(":").pop() ?? libraryDefaultQuant(model)) : libraryDefaultQuant(model);
	return { ref: own, quant };
}

/**
 * The Ollama tag to print for a model: what `tagOf` (services.ollamaTag: the library table's size tag,
 * `deepseek-r1:671b`, else ownOllamaRef under names the table does not list) gives, or without a
 * table the model's own sized tag.
 */
export function ollamaRefOf(model: Model, tagOf?: OllamaTagOf): OllamaRef | null {
	return tagOf !== undefined ? tagOf(model) : ownOllamaRef(model);
}

/** The tag string of ollamaRefOf (tables and JSON). */
export function sizedOllamaTag(model: Model, tagOf?: OllamaTagOf): string | null {
	return ollamaRefOf(model, tagOf)?.ref ?? null;
}

function ollamaCommands(req: EstimateRequest, est: Estimate, cp: Checkpoints, notes: string[], tagOf?: OllamaTagOf): string[] {
	if (req.quant.format !== "gguf") return [];
	if (est.fit?.verdict === "offload" && est.fit.offloadMode === "experts") {
		notes.push("Ollama offloads whole layers, not MoE experts (no --n-cpu-moe): llama-server reproduces this plan, Ollama would run slower.");
		return [];
	}
	const tag = ollamaRefOf(req.model, tagOf);
	let name: string | null = null;
	// the library's size tag is exactly its quant's build; any other quant comes from the GGUF repo
	// (`ollama run hf.co/{user}/{repo}:{quant}`, Ollama docs "Use Ollama with any GGUF model on Hugging Face Hub")
	if (tag !== null && req.quant.id === tag.quant) name = tag.ref;
	else if (cp.GGUF !== undefined && req.quant.id !== "MXFP4") {
		if (est.memory.fileBytes > HF_MAX_FILE_BYTES) {
			notes.push(
				`A ${req.quant.id} GGUF of ${req.model.name} is split into parts on the Hub (over its 50 GB per file) and Ollama cannot pull split GGUFs (ollama/ollama#5245): llama-server -hf loads them.`,
			);
			return [];
		}
		name = `hf.co/${cp.GGUF}:${req.quant.id}`;
	}
	if (name === null) {
		if (tag !== null) notes.push(`Ollama's ${tag.ref} is ${tag.quant}; no published ${req.quant.id} GGUF of ${req.model.name} is known here.`);
		return [];
	}
	if (tag !== null && name === tag.ref) notes.push(`Ollama's ${tag.ref} is its ${tag.quant} build (the library page's default for that size).`);
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

/**
 * The checkpoint vLLM loads for a format, and the flags that format needs: the model's own repo for
 * BF16 and for the format it was released in (FP8 for DeepSeek V3/R1, MXFP4 for gpt-oss), a published
 * AWQ/GPTQ/FP8 repo (catalog/checkpoints.json), or FP8 quantized on load from the BF16 repo. Null when
 * vLLM has nothing to load in that format (an INT4/INT8 plan with no published checkpoint).
 */
export function vllmSource(model: Model, quant: Quant, cp: Checkpoints): { repo: string; flags: string[] } | null {
	const own = model.hfRepo;
	const id = quant.id;
	// the own repo holds the release format: BF16/FP16 weights, or FP8 (DeepSeek V3/R1) or MXFP4 (gpt-oss)
	const wide = model.nativeDtype === "bf16" || model.nativeDtype === "fp16" || model.nativeDtype === "fp32";
	const native =
		(id === "FP8" && model.nativeDtype === "fp8") ||
		(id === "MXFP4" && model.nativeDtype === "mxfp4") ||
		id === nativeReleaseQuantId(model.nativeDtype) ||
		(id === "BF16-SAFETENSORS" && wide);
	if (native) return own === null ? null : { repo: own, flags: [] };
	const published = cp[id];
	if (published !== undefined) return { repo: published, flags: [] };
	// vLLM quantizes a BF16 checkpoint to FP8 on load: "Online dynamic quantization", `--quantization fp8`
	// (docs.vllm.ai features/quantization/fp8: W8A8 on Ada/Hopper/Blackwell, weight-only W8A16 through FP8 Marlin on Turing/Ampere)
	// — from 16-bit weights only (an FP8 or MXFP4 release is already smaller)
	if (id === "FP8" && own !== null && wide) return { repo: own, flags: ["--quantization", "fp8"] };
	return null;
}

/**
 * The rungs vLLM has something to load for (vllmSource), with the model's own release format first
 * when the catalog files it under another format (gpt-oss ships MXFP4 experts in safetensors; the
 * catalog's MXFP4 quant is the GGUF one, the same bytes). Other runtimes: the rungs as they are.
 */
export function servableRungs(runtime: Runtime, model: Model, rungs: readonly Quant[], allQuants: readonly Quant[], cp: Checkpoints): readonly Quant[] {
	if (runtime !== "vllm") return rungs;
	const mxfp4 = model.nativeDtype === "mxfp4" ? allQuants.find((x) => x.id === "MXFP4") : undefined;
	const withNative = mxfp4 === undefined || rungs.includes(mxfp4) ? rungs : [mxfp4, ...rungs];
	return withNative.filter((q) => vllmSource(model, q, cp) !== null);
}

function vllmServe(req: EstimateRequest, est: Estimate, cp: Checkpoints, notes: string[]): string | null {
	const src = vllmSource(req.model, req.quant, cp);
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
	// the engine arguments the estimate used when they are not vLLM's defaults (they size its KV pool)
	if (req.gpuMemoryUtilization !== undefined) args.push("--gpu-memory-utilization", String(req.gpuMemoryUtilization));
	if (req.maxNumBatchedTokens !== undefined) args.push("--max-num-batched-tokens", String(req.maxNumBatchedTokens));
	const seqs = req.maxNumSeqs ?? (req.parallel > 1 ? req.parallel : undefined);
	if (seqs !== undefined) args.push("--max-num-seqs", String(seqs));
	const yarn = yarnFactor(req);
	if (yarn !== null)
		args.push(
			"--hf-overrides",
			`'${JSON.stringify({ rope_scaling: { rope_type: "yarn", factor: yarn, original_max_position_embeddings: req.model.contextLength } })}'`,
		);
	return args.join(" ");
}

/** The bits of an MLX n-bit quant id ("MLX-4BIT" → 4); null for other formats. */
function mlxBits(quant: Quant): number | null {
	const m = /^MLX-(\d+)BIT$/.exec(quant.id);
	return m === null ? null : Number(m[1]);
}

/**
 * mlx-lm's commands for the plan: `mlx_lm.generate` for a first try and `mlx_lm.server` (an
 * OpenAI-compatible endpoint), on the published conversion (mlx-community, catalog/checkpoints.json)
 * or the BF16 repo. With no published n-bit conversion the plan's quant is made locally with
 * `mlx_lm.convert --hf-path … -q --q-bits N` (mlx-lm convert.py: -q/--quantize, --q-bits, default
 * --q-group-size 64, --mlx-path) and the commands load that folder; never a guessed repo name.
 */
function mlxCommands(req: EstimateRequest, cp: Checkpoints, notes: string[]): string[] {
	const own = req.model.hfRepo;
	const published = req.quant.id === "BF16-SAFETENSORS" ? own : cp[req.quant.id];
	const out: string[] = [];
	let model: string;
	if (published !== undefined && published !== null) model = published;
	else {
		const bits = mlxBits(req.quant);
		if (bits === null || own === null) {
			notes.push(`No published ${req.quant.id} MLX conversion of ${req.model.name} is known here, nor a repo to convert from.`);
			return [];
		}
		model = `${own.split("/").pop() ?? "mlx_model"}-${bits}bit`;
		out.push(`mlx_lm.convert --hf-path ${own} -q --q-bits ${bits} --mlx-path ${model}`);
		notes.push(
			`No published ${req.quant.id} MLX conversion of ${req.model.name} is known here: mlx_lm.convert makes it from ${own} (downloads the BF16 weights once).`,
		);
	}
	out.push(`mlx_lm.generate --model ${model} --prompt "Hello"`, `mlx_lm.server --model ${model}`);
	return out;
}

/** The commands that reproduce the plan, the asked runtime first. */
export function runPlan(req: EstimateRequest, est: Estimate, cp: Checkpoints = {}, tagOf?: OllamaTagOf): RunPlan {
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
		for (const command of mlxCommands(req, cp, notes)) commands.push({ runtime: "mlx", command });
	} else if (req.quant.format === "gguf") {
		if (!hasGpu(req))
			notes.push(
				"CPU only: -ngl 0 keeps every layer in RAM; llama.cpp's default -t is one thread per physical (performance) core (common cpu_get_num_math), which is what a memory-bound decode wants — more threads than cores do not read RAM faster.",
			);
		const ollama = ollamaCommands(req, est, cp, notes, tagOf).map((command) => ({ runtime: "ollama" as const, command }));
		const llama = { runtime: "llama.cpp" as const, command: llamaServer(req, est, cp) };
		if (req.runtime === "ollama") commands.push(...ollama, llama);
		else commands.push(llama, ...ollama);
	}
	return { hints: commands.map((c) => ({ label: LABELS[c.runtime], command: c.command })), commands, notes };
}

/** Back-compatible: the Answer's "Run it" lines for a request. */
export function runHints(req: EstimateRequest, est: Estimate, cp: Checkpoints = {}, tagOf?: OllamaTagOf): Hint[] {
	return runPlan(req, est, cp, tagOf).hints;
}

/** Ollama ignores -c: its context is num_ctx / OLLAMA_CONTEXT_LENGTH (default 4096 in 0.6–0.11). */
export function ollamaContextNote(req: EstimateRequest, tagOf?: OllamaTagOf): string | null {
	if (sizedOllamaTag(req.model, tagOf) === null || req.quant.format !== "gguf") return null;
	return `In Ollama the context is OLLAMA_CONTEXT_LENGTH=${req.contextTokens} on the server (or /set parameter num_ctx ${req.contextTokens} in a chat).`;
}
