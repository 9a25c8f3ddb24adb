/**
 * From a parsed query to the engine's EstimateRequest, filling the defaults (DESIGN §2) and saying
 * which ones were used, so every answer can state its assumptions.
 */
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { EstimateRequest, HardwareSpec, KvCacheType, Runtime } from "../../src/engine/types.js";
import { formatContext } from "../../src/answer/format.js";
import type { ParsedQuery } from "../../src/query/types.js";
import { nativeReleaseQuantId } from "../../src/engine/nativeRelease.js";
import type { Defaults, Services } from "./services.js";

/** Which catalog formats a runtime loads (Ollama and LM Studio run GGUF through llama.cpp). */
export function runtimeLoads(runtime: Runtime, quant: Quant): boolean {
	if (quant.runtimes.includes(runtime)) return true;
	if (runtime === "ollama") return quant.format === "gguf";
	return false;
}

/**
 * A 16-bit quant word ("bf16", "fp16") asked of vLLM is the model's unquantized safetensors repo
 * (BF16-SAFETENSORS), which vLLM loads, not the GGUF file of the same bits, which it does not: same
 * bytes, but the answer's command and notes follow the format.
 */
export function quantForRuntime(quants: readonly Quant[], runtime: Runtime, quant: Quant | null): Quant | null {
	if (quant === null || runtime !== "vllm" || quant.format !== "gguf" || quant.bitsPerWeight !== 16) return quant;
	return quants.find((x) => x.id === "BF16-SAFETENSORS") ?? quant;
}

/**
 * Default quants per quant list (the catalog's, found once): the choice depends only on the list, the
 * default id, the runtime and the model's native dtype (a 5-value enum), so each answer looks it up
 * instead of rebuilding an id map of 50 quants. Keyed by the array itself, like the ladders.
 */
const defaultQuants = new WeakMap<readonly Quant[], Map<string, Quant>>();

/** The quantization used when the query names none: the default where the runtime loads it. */
export function defaultQuant(services: Services, runtime: Runtime, model: Model): Quant {
	let byKey = defaultQuants.get(services.quants);
	if (byKey === undefined) {
		byKey = new Map();
		defaultQuants.set(services.quants, byKey);
	}
	const key = `${services.defaults.quantId}|${runtime}|${model.nativeDtype}`;
	let quant = byKey.get(key);
	if (quant === undefined) {
		quant = chooseDefaultQuant(services, runtime, model.nativeDtype);
		// a handful of keys in practice (4 runtimes × 5 dtypes); the cap only guards odd callers
		if (byKey.size < 256) byKey.set(key, quant);
	}
	return quant;
}

function chooseDefaultQuant(services: Services, runtime: Runtime, nativeDtype: string): Quant {
	const byId = new Map(services.quants.map((q) => [q.id.toLowerCase(), q]));
	// Models released in MXFP4 (gpt-oss) are run in it: that is the GGUF everyone downloads.
	const mxfp4 = byId.get("mxfp4");
	if (nativeDtype === "mxfp4" && mxfp4 !== undefined && runtimeLoads(runtime, mxfp4)) return mxfp4;
	// Models released in a mixed low-bit format (Kimi K2 Thinking's INT4, DeepSeek V4's FP4 + FP8): vLLM serves the release as it is
	const releaseId = nativeReleaseQuantId(nativeDtype);
	const release = releaseId !== null ? byId.get(releaseId.toLowerCase()) : undefined;
	if (release !== undefined && runtimeLoads(runtime, release)) return release;
	const preferred = byId.get(services.defaults.quantId.toLowerCase());
	if (preferred !== undefined && runtimeLoads(runtime, preferred)) return preferred;
	const loadable = services.quants.filter((q) => runtimeLoads(runtime, q));
	// vLLM/MLX default to the checkpoint's own precision when the default GGUF mix does not apply.
	const native = loadable.find((q) => q.id.toLowerCase() === nativeDtype || q.aliases.some((a) => a.toLowerCase() === nativeDtype));
	if (native !== undefined) return native;
	const fourBit = loadable.find((q) => Math.abs(q.bitsPerWeight - 4.5) < 0.6);
	return fourBit ?? loadable[0] ?? preferred ?? (services.quants[0] as Quant);
}

export interface RequestSettings {
	contextTokens: number;
	runtime: Runtime;
	usedDefaults: string[];
}

/** The words that state each setting ("runtime llama.cpp", "context 4K tokens" …). */
interface SettingWords {
	runtime: string;
	context: string;
	kvCache: string;
	flashAttention: string;
	ubatch: string;
	parallel: string;
}

/** The settings an answer states: a request's, or the defaults it took the unset ones from. */
type StatedSettings = Pick<EstimateRequest, "runtime" | "contextTokens" | "kvCacheType" | "flashAttention" | "ubatch" | "parallel">;

/** The one spelling of each setting, for the assumption line and for its list of defaults used. */
function settingWords(s: StatedSettings): SettingWords {
	return {
		runtime: `runtime ${s.runtime}`,
		context: `context ${formatContext(s.contextTokens)} tokens`,
		kvCache: `KV cache ${s.kvCacheType}`,
		flashAttention: `flash attention ${s.flashAttention}`,
		ubatch: `ubatch ${s.ubatch}`,
		parallel: `${s.parallel} sequence${s.parallel === 1 ? "" : "s"}`,
	};
}

/**
 * The defaults' words, built once per Defaults (the bound services' one object): every answer lists
 * the defaults it used, and building the same six strings (and formatting the context) per answer was
 * garbage each time.
 */
const defaultWords = new WeakMap<Defaults, SettingWords>();

function wordsOf(defaults: Defaults): SettingWords {
	let words = defaultWords.get(defaults);
	if (words === undefined) {
		words = settingWords(defaults);
		defaultWords.set(defaults, words);
	}
	return words;
}

export function settingsFor(q: ParsedQuery, defaults: Defaults): RequestSettings {
	const usedDefaults: string[] = [];
	const words = wordsOf(defaults);
	if (q.runtime === null) usedDefaults.push(words.runtime);
	if (q.contextTokens === null) usedDefaults.push(words.context);
	if (q.kvCacheType === null) usedDefaults.push(words.kvCache);
	if (q.flashAttention === null) usedDefaults.push(words.flashAttention);
	if (q.ubatch === null) usedDefaults.push(words.ubatch);
	if (q.parallel === null) usedDefaults.push(words.parallel);
	return { contextTokens: q.contextTokens ?? defaults.contextTokens, runtime: q.runtime ?? defaults.runtime, usedDefaults };
}

/**
 * Every request the commands build has this one shape, `tensors` included (undefined when the
 * architecture is estimated): scans build hundreds per answer, and a literal of fixed shape is
 * cheap where `{ ...req, x }` costs ~0.6 µs and `delete req.tensors` leaves a slow dictionary
 * object (issue 8), and the engine then sees a single object shape.
 */
function request(
	model: Model,
	quant: Quant,
	contextTokens: number,
	kvCacheType: KvCacheType,
	runtime: Runtime,
	hardware: HardwareSpec | null,
	ubatch: number,
	flashAttention: EstimateRequest["flashAttention"],
	parallel: number,
	tensors: EstimateRequest["tensors"],
	vllm: VllmKnobs,
): EstimateRequest {
	return {
		model,
		quant,
		contextTokens,
		kvCacheType,
		runtime,
		hardware,
		ubatch,
		flashAttention,
		parallel,
		tensors: tensors !== undefined && tensors.length > 0 ? tensors : undefined,
		gpuMemoryUtilization: vllm.gpuMemoryUtilization,
		maxNumBatchedTokens: vllm.maxNumBatchedTokens,
		maxNumSeqs: vllm.maxNumSeqs,
	};
}

/** vLLM's engine arguments a query typed (both absent for most questions: the engine's defaults apply). */
interface VllmKnobs {
	gpuMemoryUtilization: number | undefined;
	maxNumBatchedTokens: number | undefined;
	maxNumSeqs: number | undefined;
}

const NO_VLLM_KNOBS: VllmKnobs = { gpuMemoryUtilization: undefined, maxNumBatchedTokens: undefined, maxNumSeqs: undefined };

function vllmOf(x: { gpuMemoryUtilization?: number | undefined; maxNumBatchedTokens?: number | undefined; maxNumSeqs?: number | undefined }): VllmKnobs {
	return x.gpuMemoryUtilization === undefined && x.maxNumBatchedTokens === undefined && x.maxNumSeqs === undefined
		? NO_VLLM_KNOBS
		: { gpuMemoryUtilization: x.gpuMemoryUtilization, maxNumBatchedTokens: x.maxNumBatchedTokens, maxNumSeqs: x.maxNumSeqs };
}

export function buildRequest(
	q: ParsedQuery,
	defaults: Defaults,
	model: Model,
	quant: Quant,
	hardware: HardwareSpec | null,
	tensors?: EstimateRequest["tensors"],
): EstimateRequest {
	return request(
		model,
		quant,
		q.contextTokens ?? defaults.contextTokens,
		q.kvCacheType ?? defaults.kvCacheType,
		q.runtime ?? defaults.runtime,
		hardware,
		q.ubatch ?? defaults.ubatch,
		q.flashAttention ?? defaults.flashAttention,
		q.parallel ?? defaults.parallel,
		tensors,
		vllmOf(q),
	);
}

/*
 * Request variants: `base` with one thing changed, each a plain call with positional arguments (an
 * options object of varying shape per call site makes every read of it megamorphic, ~1 µs a variant
 * in the gpus scan).
 */

/** At another quant: `tensors` are that quant's exact tensors, if any (a GGUF table describes one quant). */
export function requestAtQuant(base: EstimateRequest, quant: Quant, tensors: EstimateRequest["tensors"]): EstimateRequest {
	return request(
		base.model,
		quant,
		base.contextTokens,
		base.kvCacheType,
		base.runtime,
		base.hardware,
		base.ubatch,
		base.flashAttention,
		base.parallel,
		tensors,
		vllmOf(base),
	);
}

/** Another model at the same quant, estimated from its architecture (the base's tensors are not its). */
export function requestForModel(base: EstimateRequest, model: Model): EstimateRequest {
	return request(
		model,
		base.quant,
		base.contextTokens,
		base.kvCacheType,
		base.runtime,
		base.hardware,
		base.ubatch,
		base.flashAttention,
		base.parallel,
		undefined,
		vllmOf(base),
	);
}

export function requestOnHardware(base: EstimateRequest, hardware: HardwareSpec | null): EstimateRequest {
	return request(
		base.model,
		base.quant,
		base.contextTokens,
		base.kvCacheType,
		base.runtime,
		hardware,
		base.ubatch,
		base.flashAttention,
		base.parallel,
		base.tensors,
		vllmOf(base),
	);
}

export function requestWithKvCache(base: EstimateRequest, kvCacheType: KvCacheType, flashAttention: EstimateRequest["flashAttention"]): EstimateRequest {
	return request(
		base.model,
		base.quant,
		base.contextTokens,
		kvCacheType,
		base.runtime,
		base.hardware,
		base.ubatch,
		flashAttention,
		base.parallel,
		base.tensors,
		vllmOf(base),
	);
}

/** With vLLM's --max-num-seqs set: fewer sequences for the profile run's sampler (the plan's fix for its peak, vllm.ts). */
export function requestWithMaxNumSeqs(base: EstimateRequest, maxNumSeqs: number): EstimateRequest {
	return request(
		base.model,
		base.quant,
		base.contextTokens,
		base.kvCacheType,
		base.runtime,
		base.hardware,
		base.ubatch,
		base.flashAttention,
		base.parallel,
		base.tensors,
		{ ...vllmOf(base), maxNumSeqs },
	);
}

/** The one-line statement of assumptions every answer carries. */
export function assumptionLine(req: EstimateRequest, usedDefaults: readonly string[]): string {
	const defaults = usedDefaults.length > 0 ? ` (defaults: ${usedDefaults.join(", ")})` : "";
	const w = settingWords(req);
	return `Assumed ${w.runtime}, ${w.context}, ${w.kvCache}, ${w.flashAttention}, ${w.ubatch}, ${w.parallel}${defaults}.`;
}
