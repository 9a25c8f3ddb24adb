/**
 * `bestfit hardware [context] [use]`: the strongest models (each at the largest quantization that
 * fits fully) with their expected speed.
 */
import type { Answer } from "../src/answer/answer.js";
import { hardwareJson } from "../src/answer/contract.js";
import { formatBytes, formatContext, formatParams, formatSpeed } from "../src/answer/format.js";
import type { Model, Quant } from "../src/catalog/schema.js";
import type { Estimate } from "../src/engine/types.js";
import type { ParsedQuery, UseCase } from "../src/query/types.js";
import { emptyAnswer, errorAnswer } from "./lib/answers.js";
import { hardwareLabel } from "./lib/describe.js";
import { couldFitGiven, loneDevice, mayFitAlone } from "./lib/prefilter.js";
import { LOW_QUALITY_BITS, autoLadder } from "./lib/quant-ladder.js";
import { buildQuery, pushAction } from "./lib/query-words.js";
import { assumptionLine, buildRequest, settingsFor } from "./lib/request.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";


/** Results listed. */
const MAX_RESULTS = 10;

/**
 * Below this decode speed a model is listed only if nothing faster fits: 5 tok/s is slower than
 * people read (about 6-7 tokens/s), the floor below which chat feels broken.
 */
const MIN_DECODE_TOKENS_PER_SECOND = 5;

/**
 * What a model is good for, read from its name and notes (the catalog has no benchmark scores).
 * Coders are named so (Qwen2.5-Coder, Qwen3-Coder, Devstral, Codestral); reasoning models are the
 * R1 family and distills, QwQ, Phi-4-reasoning, gpt-oss, Magistral and the hybrid-thinking Qwen3.
 */
const USE_PATTERNS: ReadonlyMap<UseCase, RegExp> = new Map<UseCase, RegExp>([
	["code", /coder|code|devstral|codestral/i],
	["reasoning", /\br1\b|-r1|qwq|reasoning|gpt-oss|magistral|qwen3|think/i],
	["chat", /./],
]);

/**
 * Strength proxy: parameters. For mixture-of-experts models the usual rule of thumb is the
 * geometric mean of total and active parameters (a "dense-equivalent" size; community heuristic,
 * e.g. discussed for Mixtral 8x7B ≈ a 20-30B dense model). Ties go to the newer model. This is a
 * heuristic ranking, stated in the answer; no benchmark is implied.
 */
export function strength(model: Model): number {
	const text = Math.max(1, model.totalParams - model.visionParams);
	return model.moe !== null ? Math.sqrt(text * model.activeParams) : text;
}

interface Pick {
	model: Model;
	quant: Quant;
	est: Estimate;
}

interface Ranked {
	model: Model;
	strength: number;
	/** the uses USE_PATTERNS find in its name, family and notes (matched once, not per answer) */
	uses: ReadonlySet<UseCase>;
}

/**
 * The catalog's models strongest first (ties: newer first), ranked once per model list: answers
 * walk it from the top and stop as soon as the shown list is settled.
 */
const rankings = new WeakMap<readonly Model[], readonly Ranked[]>();

function ranked(models: readonly Model[]): readonly Ranked[] {
	let list = rankings.get(models);
	if (list === undefined) {
		list = models
			.map((model) => {
				const text = `${model.name} ${model.family} ${model.notes ?? ""}`;
				const uses = new Set<UseCase>();
				for (const [use, pattern] of USE_PATTERNS) if (pattern.test(text)) uses.add(use);
				return { model, strength: strength(model), uses };
			})
			.sort((x, y) => y.strength - x.strength || y.model.releaseDate.localeCompare(x.model.releaseDate));
		rankings.set(models, list);
	}
	return list;
}

/** True when `r` ranks strictly below `p` (so it could never enter a full list of picks). */
function ranksBelow(r: Ranked, p: Pick): boolean {
	const s = strength(p.model);
	return r.strength < s || (r.strength === s && r.model.releaseDate < p.model.releaseDate);
}

export async function answerBestfit(q: ParsedQuery, services: Services): Promise<Answer> {
	const hardware = q.hardware;
	if (hardware === null || (hardware.devices.length === 0 && hardware.systemMemoryBytes === null)) return errorAnswer('Which hardware? e.g. "bestfit 2x3090" or "bestfit m3 max 128gb".');
	const settings = settingsFor(q, services.defaults);
	const use = q.use ?? "chat";
	// two ladders at most (models released in MXFP4 or not), filtered once per answer, not per model
	const ladders = new Map<boolean, readonly Quant[]>();
	const rungsFor = (model: Model): readonly Quant[] => {
		const mxfp4 = model.nativeDtype === "mxfp4";
		let rungs = ladders.get(mxfp4);
		if (rungs === undefined) {
			rungs = autoLadder(services.quants, settings.runtime, model.nativeDtype).filter((x) => x.bitsPerWeight >= LOW_QUALITY_BITS);
			ladders.set(mxfp4, rungs);
		}
		return rungs;
	};
	const alone = loneDevice(hardware);
	if (rungsFor(services.models[0] as Model).length === 0) return errorAnswer(`I know no quantization that ${settings.runtime} loads.`);

	const picks: Pick[] = [];
	const slow: Pick[] = [];
	// Strongest first: once MAX_RESULTS fast picks are in, a weaker model cannot change the list, so
	// the scan stops there instead of estimating every model in the catalog.
	let complete = true;
	for (const r of ranked(services.models)) {
		const last = picks[picks.length - 1];
		if (picks.length >= MAX_RESULTS && last !== undefined && ranksBelow(r, last)) {
			complete = false;
			break;
		}
		const model = r.model;
		// (a use without a pattern would match every model, as /./ did)
		if (USE_PATTERNS.has(use) && !r.uses.has(use)) continue;
		// largest first: the first rung that fits is the answer for this model
		let known: Estimate | null = null;
		for (const quant of rungsFor(model)) {
			if (!couldFitGiven(model, quant, hardware, known, settings.runtime)) continue;
			let est: Estimate;
			try {
				const req = buildRequest(q, services.defaults, model, quant, hardware);
				// most rungs tried do not fit: on one device the engine's screen rules them out first
				if (!mayFitAlone(services, req, alone)) continue;
				est = services.estimate(req);
			} catch {
				continue;
			}
			known = est;
			if (est.fit?.verdict !== "fits") continue;
			const decode = est.speed?.decodeTokensPerSecond ?? 0;
			(decode >= MIN_DECODE_TOKENS_PER_SECOND ? picks : slow).push({ model, quant, est });
			break;
		}
	}
	const order = (x: Pick, y: Pick) => strength(y.model) - strength(x.model) || y.model.releaseDate.localeCompare(x.model.releaseDate) || y.quant.bitsPerWeight - x.quant.bitsPerWeight;
	picks.sort(order);
	slow.sort(order);
	const shown = (picks.length > 0 ? picks : slow).slice(0, MAX_RESULTS);
	const ctx = q.contextTokens ?? services.defaults.contextTokens;
	const where = hardwareLabel(hardware);

	const a = emptyAnswer("bestfit", `Best models for ${where}`);
	const top = shown[0];
	a.verdict =
		top !== undefined
			? { label: complete ? `${picks.length + slow.length} models fit` : `${picks.length}+ models fit`, severity: "success", summary: `The strongest that fits ${where} at ${formatContext(ctx)} context: ${top.model.name} ${top.quant.id}${top.est.speed ? `, about ${formatSpeed(top.est.speed.decodeTokensPerSecond)}` : ""}.` }
			: { label: "Nothing fits", severity: "danger", summary: `No model I know fits ${where} at ${formatContext(ctx)} context at ${LOW_QUALITY_BITS}+ bits per weight.` };
	a.tables = [
		{
			title: use === "chat" ? "Strongest models that fit" : `Strongest ${use} models that fit`,
			columns: ["Model", "Params", "Quant", "Memory", "Decode"],
			rows: shown.map((p) => [p.model.name, p.model.moe ? `${formatParams(p.model.totalParams)} (${formatParams(p.model.activeParams)} active)` : formatParams(p.model.totalParams), p.quant.id, formatBytes(p.est.memory.totalBytes), p.est.speed ? formatSpeed(p.est.speed.decodeTokensPerSecond) : "n/a"]),
		},
	];
	const d = services.defaults;
	for (const p of shown.slice(0, 3)) pushAction(a.actions, `${p.model.name} ${p.quant.id}`.slice(0, 80), buildQuery({ command: "canirun", model: p.model.id, quant: p.quant.id, hardware, contextTokens: ctx, kvCacheType: q.kvCacheType, runtime: q.runtime }, d));
	const longer = Math.min(ctx * 4, services.limits.maxContextTokens);
	if (longer > ctx) pushAction(a.actions, `At ${formatContext(longer)} context`, buildQuery({ command: "bestfit", hardware, contextTokens: longer, runtime: q.runtime }, d));
	const sample = top !== undefined ? buildRequest(q, d, top.model, top.quant, hardware) : null;
	a.footnotes = [
		...(sample !== null ? [assumptionLine(sample, settings.usedDefaults)] : []),
		`Ranked by parameters (mixture-of-experts: the geometric mean of total and active), newer first on ties; each model at the largest quantization from ${LOW_QUALITY_BITS} bits up that fits fully. A heuristic, not a benchmark.`,
		`Models slower than ${MIN_DECODE_TOKENS_PER_SECOND} tok/s are listed only when nothing faster fits.`,
		...q.notes,
		`Catalog: ${services.catalogSource}.`,
	];
	if (q.ignored.length > 0) a.footnotes.push(`Ignored: ${q.ignored.join(", ")}`);
	a.ignored = q.ignored;
	a.json = {
		version: 1,
		command: "bestfit",
		contextTokens: ctx,
		kvCacheType: q.kvCacheType ?? d.kvCacheType,
		runtime: settings.runtime,
		hardware: hardwareJson(hardware),
		use,
		models: shown.map((p) => ({
			id: p.model.id,
			name: p.model.name,
			quant: p.quant.id,
			totalBytes: p.est.memory.totalBytes,
			fileBytes: p.est.memory.fileBytes,
			decodeTokensPerSecond: p.est.speed?.decodeTokensPerSecond ?? null,
			prefillTokensPerSecond: p.est.speed?.prefillTokensPerSecond ?? null,
		})),
		suggestions: [],
		ignored: q.ignored,
	};
	return a;
}

export const bestfitSpec: CommandSpec = {
	name: "bestfit",
	description: "The strongest models that fit your hardware, with expected speed.",
	help: { usage: "bestfit hardware [context] [use]", answers: "The strongest models that fit your hardware", brief: "best models for you" },
	options: [
		{ name: "hardware", description: "Hardware, e.g. 2x3090, 4090, m3 max 128gb, 24gb", required: true, autocomplete: "hardware", choices: null },
		{ name: "context", description: "Context length, e.g. 8k, 32k (default 4k)", required: false, autocomplete: null, choices: null },
		{ name: "use", description: "What for (default chat)", required: false, autocomplete: null, choices: ["chat", "code", "reasoning"] },
	],
	run: answerBestfit,
};
