/**
 * The command layer's services over one loaded catalog and the real engine. No zod and no catalog
 * loader here (issue 8): the one-shot CLI hands in a catalog it read itself; `bind.ts` binds the
 * bot's default catalog. The Hugging Face Hub client is imported only when a query names a Hub
 * model, so the CLI's one-shot path does not pay for it.
 */
import {
	complete,
	isModelWord,
	isVersionedWord,
	isNewToCatalog,
	ollamaTags,
	matchHardwareSpan,
	mayNameHubRepo,
	mayStartQuant,
	longestExactModelRun,
	parseHardware,
	readModelAnswer,
	resolveModelExact,
	resolveQuant,
	resolveQuantExact,
} from "../../src/catalog/lookup.js";
import { CHECKPOINTS_SOURCE, checkpointsOf } from "../../src/catalog/checkpoints.js";
import { launchPriceOf } from "../../src/catalog/prices.js";
import { QUALITY, qualityOf } from "../../src/catalog/quality.js";
import type { Catalog } from "../../src/catalog/read.js";
import type { Model, Quant } from "../../src/catalog/schema.js";
import { ENGINE_DEFAULTS, EngineCache, LIMITS, plan } from "../../src/engine/index.js";
import type { Resolution } from "../../src/catalog/resolution.js";
import type { Resolved } from "../../src/query/types.js";
import type { HubPick, Services } from "./services.js";
import { ownOllamaRef } from "./run-hints.js";
import { COMMAND_VOCABULARY } from "../list.js";

/**
 * Ollama-style model candidates read better by their short names. Reads the memoized answer (nothing
 * of it is kept but strings): the names are the only copy made (issue 8: the parser asks ~1 lookup a
 * question, each copied twice before).
 */
function modelResolution(r: Readonly<Resolution<Model>>): Resolved<Model> {
	// the first five of the candidates' names and then the suggestions
	const candidates: string[] = [];
	for (const c of r.candidates) if (candidates.length < 5) candidates.push(c.name);
	for (const name of r.suggest ?? []) if (candidates.length < 5) candidates.push(name);
	const out: Resolved<Model> = { match: r.match, confidence: r.confidence, note: r.note, candidates };
	if (r.hubRepo !== undefined) out.hubRepo = r.hubRepo;
	if (r.quantId !== undefined) out.quantId = r.quantId;
	return out;
}

function quantResolution(r: Resolution<Quant>): Resolved<Quant> {
	return { match: r.match, confidence: r.confidence, note: r.note, candidates: r.candidates.map((c) => c.id) };
}

type HubModule = typeof import("../../src/hub/index.js");
let hubModule: Promise<HubModule> | null = null;

/** The Hub client, imported once on first need (the CLI's one-shot path never pays for it). */
function loadHubModule(): Promise<HubModule> {
	hubModule ??= import("../../src/hub/index.js").catch((error: unknown) => {
		hubModule = null; // a failed import is retried on the next lookup rather than cached
		throw error;
	});
	return hubModule;
}

export function servicesFromCatalog(cat: Catalog): Services {
	// the engine's memo for this catalog (bounded); each question's plan gets its own workspace over it
	const cache = new EngineCache();
	return {
		models: cat.models,
		devices: cat.devices,
		quants: cat.quants,
		resolvers: {
			model: (text) => modelResolution(readModelAnswer(cat, text)),
			quant: (text) => quantResolution(resolveQuant(cat, text)),
			// exact-name lookups first: the parser tries them on every span, and they never load fuse.js
			exactModel: (text) => resolveModelExact(cat, text),
			exactModelRun: (words, start, max) => longestExactModelRun(cat, words, start, max),
			exactQuant: (text) => resolveQuantExact(cat, text),
			mayStartQuant: (word) => mayStartQuant(cat, word),
			mayNameHubRepo: (text) => mayNameHubRepo(cat, text),
			hardware: (text) => parseHardware(cat, text),
			hardwareSpan: (words, start) => matchHardwareSpan(cat, words, start),
			modelWord: (word) => isModelWord(cat, word),
			versionedWord: (word) => isVersionedWord(cat, word),
			newToCatalog: (text) => isNewToCatalog(cat, text),
			ollamaModel: (text) => {
				// as Ollama spells it ("deepseek-r1", "gemma3"); spaced words ("mistral small") name a family
				if (/\s/.test(text.trim())) return null;
				const o = ollamaTags(cat);
				const name = o.nameOf(text);
				return name === null ? null : modelResolution(readModelAnswer(cat, `${name}:latest`));
			},
			commands: COMMAND_VOCABULARY,
		},
		limits: {
			maxContextTokens: LIMITS.maxContextTokens,
			maxDeviceCount: LIMITS.maxDevices,
			maxParallel: LIMITS.maxParallel,
			maxUbatch: LIMITS.maxUbatch,
		},
		defaults: { ...ENGINE_DEFAULTS },
		plan: (request) => plan(request, cache),
		checkpoints: checkpointsOf,
		checkpointsSource: CHECKPOINTS_SOURCE,
		launchPrice: launchPriceOf,
		quality: { of: qualityOf, ...QUALITY },
		ollamaTag: (model) => {
			const table = ollamaTags(cat);
			const t = table.forModel(model);
			return t !== null ? { ref: t.ref, quant: t.quant } : ownOllamaRef(model, (name) => table.byName.has(name));
		},
		complete: (kind, partial, limit) => complete(cat, kind, partial, limit),
		resolveHub: async (ref, opts): Promise<HubPick> => {
			const { resolveHubModel } = await loadHubModule();
			const hub = await resolveHubModel(ref, {
				...(opts.signal !== undefined ? { signal: opts.signal } : {}),
				...(opts.quant !== undefined ? { quant: opts.quant } : {}),
				timeoutMs: opts.timeoutMs,
			});
			const quant = hub.ggufFileType !== null ? resolveQuant(cat, hub.ggufFileType).match : null;
			const file = hub.source.file !== null ? `/${hub.source.file}` : "";
			return {
				model: hub.model,
				quant,
				tensors: hub.tensors ?? undefined,
				source: `hf.co/${hub.source.repo}${file} (${hub.paramsFrom})`,
				repo: hub.source.repo,
				revision: hub.source.revision,
				file: hub.source.file,
				paramsFrom: hub.paramsFrom,
				assumed: hub.assumed,
			};
		},
		searchHub: async (text, opts) => {
			const { searchHubModels } = await loadHubModule();
			return searchHubModels(text, { timeoutMs: opts.timeoutMs, ...(opts.signal !== undefined ? { signal: opts.signal } : {}) });
		},
		loadHub: async () => {
			await loadHubModule();
		},
		catalogSource: `canirun catalog (${cat.models.length} models, ${cat.devices.length} devices, ${cat.quants.length} quantizations)`,
	};
}
