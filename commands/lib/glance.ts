/**
 * The structured parts of the compact first answer (issue 16) that only a command knows: where the
 * plan runs, which settings differ from the defaults, and the query that re-asks the same question
 * (the "Details" button). Every number is the engine's, as in the rest of the Answer.
 */
import type { AnswerGlance, AnswerSuggestion } from "../../src/answer/answer.js";
import { formatContext } from "../../src/answer/format.js";
import { summedMemory } from "../../src/answer/glance.js";
import type { Estimate, EstimateRequest } from "../../src/engine/types.js";
import { QUERY_LIMITS } from "../../src/query/limits.js";
import { hardwareName } from "./describe.js";
import { buildQuery } from "./query-words.js";
import type { Defaults } from "./services.js";

/** The settings of `req` that are not the defaults, in words a person reads ("32K context", "KV q8_0"). */
export function changedSettings(
	req: Pick<EstimateRequest, "contextTokens" | "kvCacheType" | "runtime" | "flashAttention" | "ubatch" | "parallel">,
	d: Defaults,
): string[] {
	const out: string[] = [];
	if (req.contextTokens !== d.contextTokens) out.push(`${formatContext(req.contextTokens)} context`);
	if (req.kvCacheType !== d.kvCacheType) out.push(`KV ${req.kvCacheType}`);
	if (req.runtime !== d.runtime) out.push(req.runtime);
	if (req.flashAttention !== d.flashAttention) out.push(`flash attention ${req.flashAttention}`);
	if (req.ubatch !== d.ubatch) out.push(`ubatch ${req.ubatch}`);
	if (req.parallel !== d.parallel) out.push(`${req.parallel} sequences`);
	return out;
}

/** The words that carry the llama.cpp knobs buildQuery leaves out, when they are not the defaults. */
export function knobWords(req: Pick<EstimateRequest, "flashAttention" | "ubatch" | "parallel">, d: Defaults): string[] {
	const out: string[] = [];
	if (req.flashAttention !== d.flashAttention) out.push(`fa=${req.flashAttention}`);
	if (req.ubatch !== d.ubatch) out.push(`ubatch=${req.ubatch}`);
	if (req.parallel !== d.parallel) out.push(`parallel=${req.parallel}`);
	return out;
}

/** A query for the Details button, or undefined when it would not fit a Discord custom_id. */
export function boundedQuery(query: string): string | undefined {
	return query.length <= QUERY_LIMITS.maxActionQueryChars ? query : undefined;
}

/** Where the plan runs, in words: all on the GPUs, part offloaded, or not at all. */
function whereItRuns(req: EstimateRequest, est: Estimate): string {
	const fit = est.fit;
	const where = hardwareName(req);
	if (fit === null) return where;
	if (fit.verdict === "fits") return `all on ${where}`;
	if (fit.verdict === "offload") {
		return fit.offloadMode === "experts" ? `experts in RAM, rest on ${where}` : `${fit.gpuLayers}/${fit.totalLayers} layers on GPU, rest in RAM`;
	}
	return `does not fit ${where}`;
}

/** The glance of a canirun answer. */
export function estimateGlance(
	req: EstimateRequest,
	est: Estimate,
	d: Defaults,
	suggestions: readonly AnswerSuggestion[],
	runHints: readonly { label: string; command: string }[],
): AnswerGlance {
	const fit = est.fit;
	let memory: AnswerGlance["memory"] = null;
	if (fit !== null && fit.devices.length > 0) {
		const bar = summedMemory(fit.devices, fit.verdict === "no" ? fit.shortByBytes : 0);
		memory = { label: hardwareName(req), ...bar, offloadBytes: fit.offloadBytes };
	}
	const runs = fit === null || fit.verdict !== "no";
	return {
		question: `${req.model.name} on ${hardwareName(req)}`,
		plan: `${req.quant.id} · ${formatContext(req.contextTokens)} context · ${whereItRuns(req, est)}`,
		memory,
		speed: runs && est.speed !== null ? { decodeTokensPerSecond: est.speed.decodeTokensPerSecond, band: est.speed.band, measured: false } : null,
		next: suggestions.find((s) => s.query !== null) ?? suggestions[0] ?? null,
		run: runs ? (runHints[0] ?? null) : null,
		changed: changedSettings(req, d),
	};
}

/** The Details query of an estimate: the same model, quant (unless it was picked), hardware and settings. */
export function estimateQuery(req: EstimateRequest, d: Defaults, modelWord: string, quantPicked: boolean): string | undefined {
	return boundedQuery(
		buildQuery(
			{
				command: "canirun",
				model: modelWord,
				quant: quantPicked ? null : req.quant.id,
				hardware: req.hardware,
				contextTokens: req.contextTokens,
				kvCacheType: req.kvCacheType,
				runtime: req.runtime,
				extra: knobWords(req, d),
			},
			d,
		),
	);
}
