/**
 * The model-resolution step shared by the commands: the catalog first (the parser already tried
 * it); when the query named a Hugging Face reference the catalog does not know, the Hub.
 * This is the single call site of the Hub resolver.
 */
import type { Model, Quant } from "../../src/catalog/schema.js";
import type { EstimateRequest } from "../../src/engine/types.js";
import { echoWord } from "../../src/query/sanitize.js";
import type { ParsedQuery } from "../../src/query/types.js";
import type { Services } from "./services.js";

/** Hub lookups answer within a chat platform's 3 s acknowledgement window or not at all. */
export const HUB_TIMEOUT_MS = 2500;

export type ModelStep =
	| { ok: true; model: Model; quant: Quant | null; tensors: EstimateRequest["tensors"]; source: string | null }
	| { ok: false; message: string; didYouMean: string[] };

export async function resolveModelStep(q: ParsedQuery, services: Services): Promise<ModelStep> {
	if (q.model !== null) return { ok: true, model: q.model.model, quant: null, tensors: undefined, source: null };
	if (q.hubRef === null) return { ok: false, message: "Which model? Name one, e.g. qwen3 32b.", didYouMean: [] };
	if (services.resolveHub === null) {
		return { ok: false, message: `I don't know "${echoWord(q.hubRef)}" and cannot look models up on the Hugging Face Hub here.`, didYouMean: [] };
	}
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), HUB_TIMEOUT_MS);
	try {
		// ── Hub call site (the only one) ──
		const hub = await services.resolveHub(q.hubRef, q.quant !== null ? { signal: controller.signal, quant: q.quant.id } : { signal: controller.signal });
		return { ok: true, model: hub.model, quant: hub.quant, tensors: hub.tensors, source: hub.source };
	} catch (err) {
		const reason = controller.signal.aborted ? "the Hub did not answer in time" : err instanceof Error ? err.message.split("\n")[0]?.slice(0, 160) : "the lookup failed";
		return { ok: false, message: `I could not read "${echoWord(q.hubRef)}" from the Hugging Face Hub: ${(reason ?? "").replace(/[.\s]+$/, "")}.`, didYouMean: [] };
	} finally {
		clearTimeout(timer);
	}
}
