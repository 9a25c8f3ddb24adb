/**
 * `bestfit hardware [context] [use]`: the best models by a published quality measure (each at the
 * largest quantization that fits fully) with their expected speed. Ranking: the measure's score for
 * the use (catalog/quality.json: the Artificial Analysis Intelligence Index, its Coding sub-score for
 * code and Scientific-reasoning sub-score for reasoning), models with a score first; models it has no
 * score for follow, newest release year first, then by size. Never a model whose native context is
 * shorter than the one asked.
 */
import type { Answer } from "../src/answer/answer.js";
import { hardwareJson } from "../src/answer/contract.js";
import { formatBytes, formatContext, formatGiB, formatParams, formatRate, formatSpeed } from "../src/answer/format.js";
import type { Model, Quant } from "../src/catalog/schema.js";
import type { Plan } from "../src/engine/plan.js";
import type { Estimate } from "../src/engine/types.js";
import type { ParsedQuery, UseCase } from "../src/query/types.js";
import { emptyAnswer, errorAnswer } from "./lib/answers.js";
import { hardwareLabel } from "./lib/describe.js";
import { boundedQuery, changedSettings } from "./lib/glance.js";
import { deviceCapacity, knownCapacity, knownKvBytes, loneDevice, mayFitWithin, physicalDevices, textParams, weightsLowerBoundOf } from "./lib/prefilter.js";
import { LOW_QUALITY_BITS, autoLadder } from "./lib/quant-ladder.js";
import { buildQuery, pushAction } from "./lib/query-words.js";
import { assumptionLine, buildRequest, settingsFor } from "./lib/request.js";
import { servableRungs } from "./lib/run-hints.js";
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
	/** the model's place in the ranking (its rank and score): carried with the pick, not looked up by model */
	ranked: Ranked;
}

interface Ranked {
	model: Model;
	strength: number;
	/** the published score for the answer's use, null when the measure has none for this model */
	score: number | null;
	/** position in the ranking (0 = best) */
	rank: number;
	/** the uses USE_PATTERNS find in its name, family and notes (matched once, not per answer) */
	uses: ReadonlySet<UseCase>;
}

/** The score that ranks a model for a use: the use's category score, else the composite index. */
function scoreFor(services: Services, model: Model, use: UseCase): number | null {
	const q = services.quality?.of(model.id) ?? null;
	if (q === null) return null;
	if (use === "code") return q.coding ?? q.intelligenceIndex;
	if (use === "reasoning") return q.scientific ?? q.intelligenceIndex;
	return q.intelligenceIndex;
}

/**
 * The catalog's models best first for one use: published score first (higher first), then models
 * without a score, newest release year first and larger first. Ranked once per model list and use.
 */
const rankings = new WeakMap<readonly Model[], Map<UseCase, readonly Ranked[]>>();

function ranked(services: Services, use: UseCase): readonly Ranked[] {
	const models = services.models;
	let byUse = rankings.get(models);
	if (byUse === undefined) {
		byUse = new Map();
		rankings.set(models, byUse);
	}
	let list = byUse.get(use);
	if (list === undefined) {
		const year = (m: Model): string => m.releaseDate.slice(0, 4);
		list = models
			.map((model) => {
				const text = `${model.name} ${model.family} ${model.notes ?? ""}`;
				const uses = new Set<UseCase>();
				for (const [u, pattern] of USE_PATTERNS) if (pattern.test(text)) uses.add(u);
				return { model, strength: strength(model), uses, score: scoreFor(services, model, use), rank: 0 };
			})
			.sort(
				(x, y) =>
					(y.score ?? Number.NEGATIVE_INFINITY) - (x.score ?? Number.NEGATIVE_INFINITY) ||
					(x.score === null ? year(y.model).localeCompare(year(x.model)) : 0) ||
					y.strength - x.strength ||
					y.model.releaseDate.localeCompare(x.model.releaseDate),
			);
		list.forEach((r, i) => {
			r.rank = i;
		});
		byUse.set(use, list);
	}
	return list;
}

export async function answerBestfit(q: ParsedQuery, plan: Plan, services: Services): Promise<Answer> {
	const hardware = q.hardware;
	if (hardware === null || (hardware.devices.length === 0 && hardware.systemMemoryBytes === null))
		return errorAnswer('Which hardware? e.g. "bestfit 2x3090" or "bestfit m3 max 128gb".');
	const settings = settingsFor(q, services.defaults);
	const use = q.use ?? "chat";
	// one ladder per release precision (a handful: bf16, fp8, MXFP4, native INT4 …), filtered once per answer, not per model
	const ladders = new Map<string, readonly Quant[]>();
	const rungsFor = (model: Model): readonly Quant[] => {
		let rungs = ladders.get(model.nativeDtype);
		if (rungs === undefined) {
			rungs = autoLadder(services.quants, settings.runtime, model.nativeDtype).filter((x) => x.bitsPerWeight >= LOW_QUALITY_BITS);
			ladders.set(model.nativeDtype, rungs);
		}
		return rungs;
	};
	const alone = loneDevice(hardware);
	const capacity = deviceCapacity(hardware);
	const physical = physicalDevices(hardware);
	if (rungsFor(services.models[0] as Model).length === 0) return errorAnswer(`I know no quantization that ${settings.runtime} loads.`);

	const picks: Pick[] = [];
	const slow: Pick[] = [];
	// Strongest first: once MAX_RESULTS fast picks are in, a weaker model cannot change the list, so
	// the scan stops there instead of estimating every model in the catalog.
	let complete = true;
	const ctxAsked = q.contextTokens ?? services.defaults.contextTokens;
	for (const r of ranked(services, use)) {
		// best first: once MAX_RESULTS usable picks are in, every later model ranks below them all
		if (picks.length >= MAX_RESULTS) {
			complete = false;
			break;
		}
		const model = r.model;
		// vision: only models that see images (a vision encoder in the catalog), score or not
		if (use === "vision" && model.visionParams === 0) continue;
		// a model with a published score for this use is eligible; others only by their name's use
		// (a use without a pattern would match every model, as /./ did)
		if (r.score === null && USE_PATTERNS.has(use) && !r.uses.has(use)) continue;
		// never recommended beyond the context it was trained for
		if (model.contextLength < ctxAsked) continue;
		// largest first: the first rung that fits is the answer for this model
		// couldFitGiven's test, its terms read once: the model's parameters here, the hardware's sums per
		// answer, the room an estimate at a larger rung leaves once per estimate
		const text = textParams(model);
		let roomCapacity = Number.POSITIVE_INFINITY;
		let roomKv = 0;
		// vLLM: only formats it has a checkpoint (or an on-load FP8) for; the model's own MXFP4 release too
		const rungs =
			settings.runtime === "vllm" ? servableRungs("vllm", model, rungsFor(model), services.quants, services.checkpoints?.(model.id) ?? {}) : rungsFor(model);
		for (const quant of rungs) {
			if (!mayFitWithin(weightsLowerBoundOf(text, quant), capacity, roomCapacity, roomKv)) continue;
			let est: Estimate;
			try {
				const setup = plan.at(buildRequest(q, services.defaults, model, quant, hardware));
				// most rungs tried do not fit: on one device the engine's screen rules them out first
				if (alone !== null && !setup.mayFitAlone(alone)) continue;
				est = setup.estimate;
			} catch {
				continue;
			}
			roomCapacity = knownCapacity(est, physical);
			roomKv = knownKvBytes(est, settings.runtime);
			if (est.fit?.verdict !== "fits") continue;
			const decode = est.speed?.decodeTokensPerSecond ?? 0;
			(decode >= MIN_DECODE_TOKENS_PER_SECOND ? picks : slow).push({ model, quant, est, ranked: r });
			break;
		}
	}
	const order = (x: Pick, y: Pick) => x.ranked.rank - y.ranked.rank || y.quant.bitsPerWeight - x.quant.bitsPerWeight;
	picks.sort(order);
	slow.sort(order);
	const shown = (picks.length > 0 ? picks : slow).slice(0, MAX_RESULTS);
	const ctx = q.contextTokens ?? services.defaults.contextTokens;
	const where = hardwareLabel(hardware);
	const measureName = services.quality !== undefined ? "the Artificial Analysis Intelligence Index" : "size";

	const a = emptyAnswer("bestfit", `Best models for ${where}`);
	const top = shown[0];
	a.verdict =
		top !== undefined
			? {
					label: complete ? `${picks.length + slow.length} models fit` : `${picks.length}+ models fit`,
					severity: "success",
					summary: `The best by ${measureName} that fits ${where} at ${formatContext(ctx)} context: ${top.model.name} ${top.quant.id}${top.est.speed ? `, about ${formatSpeed(top.est.speed.decodeTokensPerSecond)}` : ""}.`,
				}
			: {
					label: "Nothing fits",
					severity: "danger",
					summary: `No model I know fits ${where} at ${formatContext(ctx)} context at ${LOW_QUALITY_BITS}+ bits per weight.`,
				};
	a.tables = [
		{
			title:
				use === "chat"
					? `Best models that fit, by ${measureName}`
					: use === "vision"
						? `Best vision models (image input) that fit, by ${measureName}`
						: `Best ${use} models that fit, by ${measureName}`,
			columns: ["Model", "Score", "Released", "Params", "Quant", "Memory", "Decode"],
			rows: shown.map((p) => [
				p.model.name,
				scoreText(p.ranked.score),
				p.model.releaseDate,
				p.model.moe ? `${formatParams(p.model.totalParams)} (${formatParams(p.model.activeParams)} active)` : formatParams(p.model.totalParams),
				p.quant.id,
				formatBytes(p.est.memory.totalBytes),
				p.est.speed ? formatSpeed(p.est.speed.decodeTokensPerSecond) : "n/a",
			]),
			// the phone table (issue 16): units once in the header, parameters left to Details
			narrow: {
				columns: ["Model", "Quant", "GiB", "tok/s"],
				rows: shown.map((p) => [
					p.model.name,
					p.quant.id,
					formatGiB(p.est.memory.totalBytes),
					p.est.speed ? formatRate(p.est.speed.decodeTokensPerSecond) : "n/a",
				]),
			},
		},
	];
	const d = services.defaults;
	const sample = top !== undefined ? buildRequest(q, d, top.model, top.quant, hardware) : null;
	for (const p of shown.slice(0, 3))
		pushAction(
			a.actions,
			`${p.model.name} ${p.quant.id}`.slice(0, 80),
			buildQuery({ command: "canirun", model: p.model.id, quant: p.quant.id, hardware, contextTokens: ctx, kvCacheType: q.kvCacheType, runtime: q.runtime }, d),
			"model",
		);
	const longer = Math.min(ctx * 4, services.limits.maxContextTokens);
	if (longer > ctx)
		pushAction(
			a.actions,
			`At ${formatContext(longer)} context`,
			buildQuery(
				{ command: "bestfit", hardware, contextTokens: longer, runtime: q.runtime, extra: use !== "chat" ? [use === "code" ? "coding" : use] : [] },
				d,
			),
			"longer",
		);
	a.glance = {
		question: a.title,
		plan: top !== undefined ? `${top.model.name} · ${top.quant.id} · ${formatContext(ctx)} context` : null,
		memory: null,
		// each model's speed is in the table beside it
		speed: null,
		next: null,
		run: null,
		changed: sample !== null ? changedSettings(sample, d) : [],
	};
	a.query = boundedQuery(
		buildQuery(
			{
				command: "bestfit",
				hardware,
				contextTokens: ctx,
				kvCacheType: q.kvCacheType,
				runtime: q.runtime,
				extra: use !== "chat" ? [use === "code" ? "coding" : use] : [],
			},
			d,
		),
	);
	a.footnotes = [
		...(sample !== null ? [assumptionLine(sample, settings.usedDefaults)] : []),
		services.quality !== undefined
			? `Ranked by ${measureName} (${services.quality.measure}${use === "code" ? ", Coding score" : use === "reasoning" ? ", Scientific-reasoning score" : ""}; source: ${services.quality.source}, pulled ${services.quality.pulled}). Models it has no score for follow, newest first, then by size (mixture-of-experts: the geometric mean of total and active parameters). Models whose native context is shorter than ${formatContext(ctxAsked)} are left out. Each model at the largest quantization from ${LOW_QUALITY_BITS} bits up that fits fully.`
			: `Ranked by parameters (mixture-of-experts: the geometric mean of total and active), newer first on ties; each model at the largest quantization from ${LOW_QUALITY_BITS} bits up that fits fully. A heuristic, not a benchmark.`,
		...(use === "vision" ? visionNotes(top?.model ?? null, measureName) : []),
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
		ranking: {
			measure: services.quality?.measure ?? "parameters (heuristic)",
			use,
			source: services.quality?.source ?? null,
			pulled: services.quality?.pulled ?? null,
		},
		models: shown.map((p) => ({
			id: p.model.id,
			name: p.model.name,
			qualityScore: p.ranked.score,
			releaseDate: p.model.releaseDate,
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

/**
 * What a vision answer adds: the index scores text tasks (it has no image evaluation), so it ranks
 * among the models that take images; and the vision encoder is a separate file llama.cpp loads beside
 * the text GGUF (the mmproj, usually F16: 2 bytes per vision parameter), not in the memory shown.
 */
function visionNotes(top: Model | null, measureName: string): string[] {
	const out = [`Only models with a vision encoder are listed; ${measureName} scores their text abilities (it has no image evaluation).`];
	if (top !== null && top.visionParams > 0)
		out.push(
			`Images need the vision encoder too: ${top.name}'s (${formatParams(top.visionParams)} parameters) adds about ${formatBytes(top.visionParams * 2)} as an F16 mmproj file, which llama-server -hf downloads and loads beside the model (--mmproj for a local file).`,
		);
	return out;
}

function scoreText(score: number | null): string {
	return score === null ? "—" : score.toFixed(1);
}

export const bestfitSpec: CommandSpec = {
	name: "bestfit",
	description: "The strongest models that fit your hardware, with expected speed.",
	help: { usage: "bestfit hardware [context] [use]", answers: "The strongest models that fit your hardware", brief: "best models for you" },
	options: [
		{ name: "hardware", description: "Hardware, e.g. 2x3090, 4090, m3 max 128gb, 24gb", required: true, autocomplete: "hardware", choices: null },
		{ name: "context", description: "Context length, e.g. 8k, 32k (default 4k)", required: false, autocomplete: null, choices: null },
		{ name: "use", description: "What for (default chat)", required: false, autocomplete: null, choices: ["chat", "code", "reasoning", "vision"] },
	],
	run: (request, plan, env) => answerBestfit(request, plan, env.services),
};
