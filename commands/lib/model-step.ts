/**
 * The model-resolution step shared by the commands: the catalog first (the parser already tried
 * it); when the query named a Hugging Face reference the catalog does not know, the Hub.
 * This is the single call site of the Hub resolver.
 */
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { EstimateRequest } from "../../src/engine/types.js";
import { echoWord } from "../../src/query/sanitize.js";
import type { ParsedQuery } from "../../src/query/types.js";
import type { CommandContext } from "../types.js";
import type { HubPick, Services } from "./services.js";

/**
 * Chat platforms must acknowledge within 3 s (Discord interactions, Slack's ack; ADAPTERS.md): a
 * Hub lookup there answers within 2.5 s or not at all, leaving room to estimate and reply.
 */
export const HUB_TIMEOUT_MS = 2500;

/**
 * A CLI user waits at a terminal, bound by no acknowledgement window: give a slow Hub (or a slow
 * link) 10 s, still short enough that a hung mirror does not look like a hung program.
 */
export const HUB_TIMEOUT_CLI_MS = 10_000;

/** The Hub lookup's time budget on a platform. */
export function hubTimeoutMs(ctx: CommandContext | undefined): number {
	return ctx?.platform === "cli" ? HUB_TIMEOUT_CLI_MS : HUB_TIMEOUT_MS;
}

/** Where a Hub model's facts came from, for footnotes and follow-up queries. */
export type HubFacts = Omit<HubPick, "model" | "quant" | "tensors">;

export type ModelStep =
	| { ok: true; model: Model; quant: Quant | null; tensors: EstimateRequest["tensors"]; source: string | null; hub: HubFacts | null }
	| { ok: false; message: string; didYouMean: string[] };

export type ResolvedModelStep = Extract<ModelStep, { ok: true }>;

/** "at full context": once the model is known, the context is its native one (bounded by the limits). */
function applyFullContext(q: ParsedQuery, model: Model, services: Services): void {
	if (q.contextFull === true && q.contextTokens === null) q.contextTokens = Math.min(model.contextLength, services.limits.maxContextTokens);
}

export async function resolveModelStep(q: ParsedQuery, services: Services, ctx?: CommandContext): Promise<ModelStep> {
	if (q.model !== null) {
		applyFullContext(q, q.model.model, services);
		return { ok: true, model: q.model.model, quant: null, tensors: undefined, source: null, hub: null };
	}
	if (q.hubRef === null) return { ok: false, message: "Which model? Name one, e.g. qwen3 32b.", didYouMean: [] };
	if (services.resolveHub === null) {
		return { ok: false, message: `I don't know "${echoWord(q.hubRef)}" and cannot look models up on the Hugging Face Hub here.`, didYouMean: [] };
	}
	const budget = hubTimeoutMs(ctx);
	try {
		// Load the Hub client first: a cold dynamic import can take a large part of a 2.5 s budget
		// on a busy machine, and it is not the Hub being slow.
		await services.loadHub?.();
	} catch {
		return {
			ok: false,
			message: `I cannot look "${echoWord(q.hubRef)}" up on the Hugging Face Hub right now (the Hub client failed to load).`,
			didYouMean: [],
		};
	}
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), budget);
	try {
		// ── Hub call site (the only one) ──
		const opts = { signal: controller.signal, timeoutMs: budget, ...(q.quant !== null ? { quant: q.quant.id } : {}) };
		const hub = await services.resolveHub(q.hubRef, opts);
		const { model, quant, tensors, ...facts } = hub;
		applyFullContext(q, model, services);
		return { ok: true, model, quant, tensors, source: hub.source, hub: facts };
	} catch (err) {
		const reason = controller.signal.aborted
			? "the Hub did not answer in time"
			: err instanceof Error
				? err.message.split("\n")[0]?.slice(0, 160)
				: "the lookup failed";
		return {
			ok: false,
			message: `I could not read "${echoWord(q.hubRef)}" from the Hugging Face Hub: ${(reason ?? "").replace(/[.\s]+$/, "")}.`,
			didYouMean: [],
		};
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The model word for follow-up queries: a catalog id resolves exactly; a Hub model's id
 * ("org--name") names nothing, so its follow-ups carry the repo ("org/name"), which the parser
 * sends back to the Hub (a cached lookup).
 */
export function modelQueryWord(model: Model, hub: HubFacts | null): string {
	return hub !== null ? hub.repo : model.id;
}

/**
 * The GGUF tensor table read from the Hub describes one file, at one quantization: it gives exact
 * weights for that quant only. Any other quant is estimated from the architecture.
 */
export function tensorsFor(step: { quant: Quant | null; tensors: EstimateRequest["tensors"] }, quant: Quant): EstimateRequest["tensors"] {
	return step.quant !== null && step.quant.id === quant.id ? step.tensors : undefined;
}

/** At most this many assumed fields are listed; the rest are counted. */
export const MAX_ASSUMED_SHOWN = 5;
/** An assumed field is one clause; a longer one is cut. */
const MAX_ASSUMED_CHARS = 160;

/**
 * Footnotes saying where a Hub model's facts came from (issue 9): the repo, the revision read,
 * the GGUF file when one was read, how the parameters were counted, and what had to be assumed.
 */
export function hubFootnotes(hub: HubFacts): string[] {
	const file = hub.file !== null ? `, file ${hub.file}` : "";
	const notes = [
		`Model facts: read from the Hugging Face Hub, ${hub.repo} at revision ${hub.revision}${file}; parameters from ${paramsFromWords(hub.paramsFrom)}.`,
	];
	if (hub.assumed.length > 0) {
		const shown = hub.assumed.slice(0, MAX_ASSUMED_SHOWN).map((a) => (a.length > MAX_ASSUMED_CHARS ? `${a.slice(0, MAX_ASSUMED_CHARS - 1)}…` : a));
		const more = hub.assumed.length - shown.length;
		notes.push(`Assumed (not in the checkpoint): ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}.`);
	}
	return notes;
}

function paramsFromWords(from: string): string {
	switch (from) {
		case "safetensors":
			return "the safetensors header";
		case "gguf":
			return "the GGUF tensor table";
		case "hub-api":
			return "the Hub API's safetensors summary";
		case "config-estimate":
			return "config.json (estimated)";
		default:
			return from;
	}
}
