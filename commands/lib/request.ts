/**
 * From a parsed query to the engine's EstimateRequest, filling the defaults (DESIGN §2) and saying
 * which ones were used, so every answer can state its assumptions.
 */
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { EstimateRequest, HardwareSpec, Runtime } from "../../src/engine/types.js";
import { formatContext } from "../../src/answer/format.js";
import type { ParsedQuery } from "../../src/query/types.js";
import type { Defaults, Services } from "./services.js";

/** Which catalog formats a runtime loads (Ollama and LM Studio run GGUF through llama.cpp). */
export function runtimeLoads(runtime: Runtime, quant: Quant): boolean {
	if (quant.runtimes.includes(runtime)) return true;
	if (runtime === "ollama") return quant.format === "gguf";
	return false;
}

/** The quantization used when the query names none: the default where the runtime loads it. */
export function defaultQuant(services: Services, runtime: Runtime, model: Model): Quant {
	const byId = new Map(services.quants.map((q) => [q.id.toLowerCase(), q]));
	// Models released in MXFP4 (gpt-oss) are run in it: that is the GGUF everyone downloads.
	const mxfp4 = byId.get("mxfp4");
	if (model.nativeDtype === "mxfp4" && mxfp4 !== undefined && runtimeLoads(runtime, mxfp4)) return mxfp4;
	const preferred = byId.get(services.defaults.quantId.toLowerCase());
	if (preferred !== undefined && runtimeLoads(runtime, preferred)) return preferred;
	const loadable = services.quants.filter((q) => runtimeLoads(runtime, q));
	// vLLM/MLX default to the checkpoint's own precision when the default GGUF mix does not apply.
	const native = loadable.find((q) => q.id.toLowerCase() === model.nativeDtype || q.aliases.some((a) => a.toLowerCase() === model.nativeDtype));
	if (native !== undefined) return native;
	const fourBit = loadable.find((q) => Math.abs(q.bitsPerWeight - 4.5) < 0.6);
	return fourBit ?? loadable[0] ?? preferred ?? (services.quants[0] as Quant);
}

export interface RequestSettings {
	contextTokens: number;
	runtime: Runtime;
	usedDefaults: string[];
}

export function settingsFor(q: ParsedQuery, defaults: Defaults): RequestSettings {
	const usedDefaults: string[] = [];
	if (q.runtime === null) usedDefaults.push(`runtime ${defaults.runtime}`);
	if (q.contextTokens === null) usedDefaults.push(`context ${formatContext(defaults.contextTokens)} tokens`);
	if (q.kvCacheType === null) usedDefaults.push(`KV cache ${defaults.kvCacheType}`);
	if (q.flashAttention === null) usedDefaults.push(`flash attention ${defaults.flashAttention}`);
	if (q.ubatch === null) usedDefaults.push(`ubatch ${defaults.ubatch}`);
	if (q.parallel === null) usedDefaults.push(`${defaults.parallel} sequence${defaults.parallel === 1 ? "" : "s"}`);
	return { contextTokens: q.contextTokens ?? defaults.contextTokens, runtime: q.runtime ?? defaults.runtime, usedDefaults };
}

export function buildRequest(q: ParsedQuery, defaults: Defaults, model: Model, quant: Quant, hardware: HardwareSpec | null, tensors?: EstimateRequest["tensors"]): EstimateRequest {
	const req: EstimateRequest = {
		model,
		quant,
		contextTokens: q.contextTokens ?? defaults.contextTokens,
		kvCacheType: q.kvCacheType ?? defaults.kvCacheType,
		runtime: q.runtime ?? defaults.runtime,
		hardware,
		ubatch: q.ubatch ?? defaults.ubatch,
		flashAttention: q.flashAttention ?? defaults.flashAttention,
		parallel: q.parallel ?? defaults.parallel,
	};
	if (tensors !== undefined && tensors.length > 0) req.tensors = tensors;
	return req;
}

/** The one-line statement of assumptions every answer carries. */
export function assumptionLine(req: EstimateRequest, usedDefaults: readonly string[]): string {
	const parts = [
		`runtime ${req.runtime}`,
		`context ${formatContext(req.contextTokens)} tokens`,
		`KV cache ${req.kvCacheType}`,
		`flash attention ${req.flashAttention}`,
		`ubatch ${req.ubatch}`,
		`${req.parallel} sequence${req.parallel === 1 ? "" : "s"}`,
	];
	const defaults = usedDefaults.length > 0 ? ` (defaults: ${usedDefaults.join(", ")})` : "";
	return `Assumed ${parts.join(", ")}${defaults}.`;
}
