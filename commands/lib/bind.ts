/**
 * Binds the command layer to the real catalog and engine. The catalog is read once (first use);
 * the Hugging Face Hub client is imported only when a query names a Hub model, so the CLI's
 * one-shot path does not pay for it.
 */
import { type Catalog, complete, getCatalog, matchHardwareSpan, parseHardware, resolveModel, resolveQuant } from "../../src/catalog/index.js";
import type { Device, Model, Quant } from "../../src/catalog/schema.js";
import { ENGINE_DEFAULTS, LIMITS, estimate, fewestDevices } from "../../src/engine/index.js";
import type { Resolution } from "../../src/catalog/resolution.js";
import type { Resolved } from "../../src/query/types.js";
import type { HubPick, Services } from "./services.js";


/** Ollama-style model candidates read better by their short names. */
function modelResolution(r: Resolution<Model>): Resolved<Model> {
	return { match: r.match, confidence: r.confidence, note: r.note, candidates: r.candidates.map((c) => c.name) };
}

function quantResolution(r: Resolution<Quant>): Resolved<Quant> {
	return { match: r.match, confidence: r.confidence, note: r.note, candidates: r.candidates.map((c) => c.id) };
}

export function servicesFromCatalog(cat: Catalog): Services {
	return {
		models: cat.models,
		devices: cat.devices,
		quants: cat.quants,
		resolvers: {
			model: (text) => modelResolution(resolveModel(cat, text)),
			quant: (text) => quantResolution(resolveQuant(cat, text)),
			hardware: (text) => parseHardware(cat, text),
			hardwareSpan: (words, start) => matchHardwareSpan(cat, words, start),
		},
		limits: {
			maxContextTokens: LIMITS.maxContextTokens,
			maxDeviceCount: LIMITS.maxDevices,
			maxParallel: LIMITS.maxParallel,
			maxUbatch: LIMITS.maxUbatch,
		},
		defaults: { ...ENGINE_DEFAULTS },
		estimate,
		fewestDevices: (req, device: Device, maxCount) => fewestDevices(req, device, maxCount),
		complete: (kind, partial, limit) => complete(cat, kind, partial, limit),
		resolveHub: async (ref, opts): Promise<HubPick> => {
			const { resolveHubModel } = await import("../../src/hub/index.js");
			const hub = await resolveHubModel(ref, opts);
			const quant = hub.ggufFileType !== null ? resolveQuant(cat, hub.ggufFileType).match : null;
			const file = hub.source.file !== null ? `/${hub.source.file}` : "";
			return { model: hub.model, quant, tensors: hub.tensors ?? undefined, source: `hf.co/${hub.source.repo}${file} (${hub.paramsFrom})` };
		},
		catalogSource: `canirun catalog (${cat.models.length} models, ${cat.devices.length} devices, ${cat.quants.length} quantizations)`,
	};
}


let memo: Services | null = null;

/** The services over the default catalog, built on first use. */
export function defaultServices(): Services {
	memo ??= servicesFromCatalog(getCatalog());
	return memo;
}
