/**
 * The JSON `resolution` field (DESIGN §2 additions) of a parsed query: which words named the model and
 * the hardware, what they matched, the words not understood, and whether the answer asks back. Built
 * with the catalog's one builder (src/catalog/resolution.ts) for answers and ask-backs alike.
 */
import { type ResolutionJson, type ResolvedPart, resolutionJson } from "../catalog/resolution.js";
import { echoWord } from "./sanitize.js";
import type { ParsedQuery } from "./types.js";

/** Typed words as they may be echoed: mentions, invisible and control characters made harmless (sanitize.ts). */
function safe(text: string): string {
	return text
		.split(/\s+/)
		.map(echoWord)
		.filter((w) => w.length > 0)
		.join(" ");
}

function modelPart(q: ParsedQuery | undefined, modelText: string | undefined, hubRepo: string | undefined): ResolvedPart | null {
	if (q?.model) return { typed: safe(q.model.text), matched: q.model.model.id, exact: q.model.confidence === "exact" };
	if (q?.hubRef) {
		const typed = safe(q.hubTyped ?? q.hubRef);
		const matched = hubRepo ?? q.hubRef;
		return { typed, matched: safe(matched), exact: typed.toLowerCase() === matched.toLowerCase() };
	}
	if (modelText !== undefined) return { typed: safe(modelText), matched: null, exact: false };
	return null;
}

function hardwarePart(q: ParsedQuery | undefined): ResolvedPart | null {
	if (!q?.hardware) return q?.hardwareText !== undefined ? { typed: safe(q.hardwareText), matched: null, exact: false } : null;
	const devices = q.hardware.devices.map((g) => `${g.count > 1 ? `${g.count}x` : ""}${g.device.id}`).join("+");
	const ram = q.hardware.systemMemoryBytes !== null ? `${Math.round(q.hardware.systemMemoryBytes / 2 ** 30)}GB RAM` : "";
	const matched = [devices, ram].filter((x) => x !== "").join(" + ");
	// exact unless the hardware parser assumed something (devices fills hardwareExact)
	return { typed: safe(q.hardwareText ?? q.hardwareLabel ?? matched), matched: matched === "" ? null : matched, exact: q.hardwareExact ?? true };
}

/**
 * The field for an answer (`asked` false) or an ask-back (`asked` true, with the words typed for the
 * model when it was the model that was not understood). `hubRepo`: the repo a Hub answer was read from.
 */
export function resolutionOfQuery(q: ParsedQuery | undefined, opts: { asked: boolean; modelText?: string; hubRepo?: string }): ResolutionJson {
	return resolutionJson({ model: modelPart(q, opts.modelText, opts.hubRepo), hardware: hardwarePart(q), ignored: q?.ignored ?? [], asked: opts.asked });
}
