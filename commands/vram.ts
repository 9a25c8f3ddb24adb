/**
 * `vram model [context]`: per quantization, the bits per weight the runtime really loads, the
 * download size, and the memory at the asked context and at the model's full context, with the
 * quality note from the catalog. Also the answer to "how big is the download?".
 */
import type { Answer, AnswerChart } from "../src/answer/answer.js";
import { contractJson } from "../src/answer/contract.js";
import { formatBits, formatBytes, formatContext, formatGiB } from "../src/answer/format.js";
import type { Plan } from "../src/engine/plan.js";
import type { Estimate, HardwareSpec } from "../src/engine/types.js";
import type { ParsedQuery } from "../src/query/types.js";
import { emptyAnswer, errorAnswer } from "./lib/answers.js";
import { effectiveBits, hardwareLabel, memoryFacts, modelSummary } from "./lib/describe.js";
import { hubFootnotes, modelQueryWord, resolveModelStep, type ResolvedModelStep, tensorsFor } from "./lib/model-step.js";
import { ladder } from "./lib/quant-ladder.js";
import { buildQuery, pushAction } from "./lib/query-words.js";
import { assumptionLine, buildRequest, defaultQuant, requestAtQuant, settingsFor } from "./lib/request.js";
import { runHints } from "./lib/run-hints.js";
import { boundedQuery, changedSettings, knobWords } from "./lib/glance.js";
import { type QualityWord, qualityWord } from "./lib/quality-word.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import type { CommandContext } from "./types.js";

/** Decimal GB as Hugging Face lists file sizes, beside our GiB. */
function decimalGb(bytes: number): string {
	return `${(bytes / 1e9).toFixed(bytes >= 100e9 ? 0 : 1)} GB`;
}

export async function answerVram(q: ParsedQuery, plan: Plan, services: Services, known?: ResolvedModelStep, ctx?: CommandContext): Promise<Answer> {
	const step = known ?? (await resolveModelStep(q, services, ctx));
	if (!step.ok) return errorAnswer(step.message, step.didYouMean);
	const model = step.model;
	const settings = settingsFor(q, services.defaults);
	const focus = q.quant ?? step.quant ?? defaultQuant(services, settings.runtime, model);
	const base = buildRequest(q, services.defaults, model, focus, null, tensorsFor(step, focus));
	const fullCtx = Math.min(model.contextLength, services.limits.maxContextTokens);

	const common = ladder(services.quants, settings.runtime, model.nativeDtype);
	const rungs = common.some((r) => r.id === focus.id) ? common : [focus, ...common];
	// the asked-for request first and unguarded: a settings error (e.g. a quantized V cache without
	// flash attention) reaches the user as the engine's own message, not as "could not estimate".
	// Its row below is this same request, so the loop reuses the estimate.
	// the question's plan at the asked setup; each rung is the same plan at another quant
	const asked = plan.at(base);
	// read now, unguarded, for the reason above (the value itself is read again in the loop)
	void asked.estimate;
	const rows: string[][] = [];
	// the phone table (issue 16): quant, GiB at the asked and the full context, one quality word
	const narrowRows: string[][] = [];
	// the chart's bars are built in the loop: their tone needs only the asker's memory (vramLimit)
	const limit = vramLimit(q.hardware);
	const chartBars: AnswerChart["bars"] = [];
	const perQuant: Record<string, unknown>[] = [];
	let focusEst: Estimate | null = null;
	// The full-context column without hardware: the KV cache, compute buffers and overhead depend on
	// the model, the context and the settings, never on the weights' quantization (the engine's
	// memoryOf: weights + KV + compute + overhead; KV facts come from the model, the compute terms
	// from model/cells/ubatch/flash attention). So one estimate at the full context serves every rung
	// without Hub tensors (those may change the shapes), instead of one per rung: half of vram's
	// estimates (issue 8).
	let fullRest: Estimate["memory"] | null = null;
	for (const quant of rungs) {
		let atCtx: Estimate;
		let totalAtFull: number;
		try {
			const rung = quant === focus ? asked : plan.at(requestAtQuant(base, quant, tensorsFor(step, quant)));
			atCtx = rung.estimate;
			if (fullCtx === rung.request.contextTokens) {
				// at the model's own context already: the full-context column is the same estimate
				totalAtFull = atCtx.memory.totalBytes;
			} else if (rung.request.tensors === undefined) {
				fullRest ??= rung.with({ contextTokens: fullCtx }).estimate.memory;
				// the same sum, in the same order, as the engine's memoryOf: the same bytes to the last bit
				totalAtFull = atCtx.memory.weightsBytes + fullRest.kvCacheBytes + fullRest.computeBytes + fullRest.overheadBytes;
			} else {
				totalAtFull = rung.with({ contextTokens: fullCtx }).estimate.memory.totalBytes;
			}
		} catch {
			continue;
		}
		const focused = quant.id === focus.id;
		if (focused) focusEst = atCtx;
		const mark = focused ? "▶ " : "";
		const bits = effectiveBits(atCtx, model);
		rows.push([
			`${mark}${quant.id}`,
			formatBits(bits),
			formatBytes(atCtx.memory.fileBytes),
			formatBytes(atCtx.memory.totalBytes),
			formatBytes(totalAtFull),
			quant.quality,
		]);
		const word = qualityWord(quant);
		narrowRows.push([`${mark}${quant.id}`, formatGiB(atCtx.memory.totalBytes), formatGiB(totalAtFull), word]);
		const value = atCtx.memory.totalBytes;
		chartBars.push({ label: quant.id, value, tone: limit !== null ? (value <= limit.value ? "good" : "bad") : toneOfQuality(word), marked: focused });
		perQuant.push({
			id: quant.id,
			bitsPerWeight: quant.bitsPerWeight,
			effectiveBitsPerWeight: bits,
			fileBytes: atCtx.memory.fileBytes,
			totalBytes: atCtx.memory.totalBytes,
			totalBytesAtFullContext: totalAtFull,
			fullContextTokens: fullCtx,
		});
	}
	if (focusEst === null) return errorAnswer(`I could not estimate ${model.name} at ${focus.id}.`, [], "internal");

	const highlightDownload = q.highlight === "download";
	const a = emptyAnswer("vram", highlightDownload ? `${model.name}: download size` : `${model.name}: memory by quantization`);
	const m = focusEst.memory;
	a.verdict = highlightDownload
		? {
				label: "Download",
				severity: "info",
				summary: `${model.name} ${focus.id} is a ${formatBytes(m.fileBytes)} (${decimalGb(m.fileBytes)}) download and needs ${formatBytes(m.totalBytes)} to run at ${formatContext(base.contextTokens)} context.`,
			}
		: {
				label: "Memory",
				severity: "info",
				summary: `${model.name} ${focus.id} needs ${formatBytes(m.totalBytes)} at ${formatContext(base.contextTokens)} context (${formatBytes(m.weightsBytes)} weights + ${formatBytes(m.kvCacheBytes)} KV cache + ${formatBytes(m.computeBytes + m.overheadBytes)} buffers).`,
			};
	a.facts = [{ label: "Model", value: `${model.name} (${modelSummary(model)})` }, ...memoryFacts(base, focusEst)];
	a.tables = [
		{
			title: `Memory by quantization (${settings.runtime}, KV ${base.kvCacheType})`,
			columns: ["Quant", "Bits/weight", "Download", `VRAM @ ${formatContext(base.contextTokens)}`, `VRAM @ ${formatContext(fullCtx)}`, "Quality"],
			rows,
			narrow: { columns: ["Quant", `GiB@${formatContext(base.contextTokens)}`, `@${formatContext(fullCtx)}`, "Quality"], rows: narrowRows },
		},
	];
	a.runHints = runHints(base, focusEst, services.checkpoints?.(base.model.id) ?? {}, services.ollamaTag);
	a.chart = vramChart(model.name, base.contextTokens, chartBars, limit);
	const d = services.defaults;
	const modelWord = modelQueryWord(model, step.hub);
	pushAction(
		a.actions,
		`Longer context (${formatContext(Math.min(fullCtx, base.contextTokens * 8))})`,
		buildQuery({ command: "vram", model: modelWord, contextTokens: Math.min(fullCtx, base.contextTokens * 8) }, d),
		"longer",
	);
	pushAction(a.actions, "Which GPUs run it", buildQuery({ command: "gpus", model: modelWord, quant: focus.id, contextTokens: base.contextTokens }, d), "gpus");
	pushAction(
		a.actions,
		"On an RTX 4090",
		buildQuery({ command: "canirun", model: modelWord, quant: step.quant !== null ? focus.id : null, contextTokens: base.contextTokens, extra: ["4090"] }, d),
		"hardware",
	);
	a.glance = {
		question: `${model.name}: memory by quantization`,
		plan: null,
		memory: null,
		speed: null,
		next: null,
		run: a.runHints[0] ?? null,
		changed: changedSettings(base, d),
	};
	a.query = boundedQuery(
		buildQuery(
			{
				command: "vram",
				model: modelWord,
				quant: q.quant !== null ? focus.id : null,
				contextTokens: base.contextTokens,
				kvCacheType: base.kvCacheType,
				runtime: base.runtime,
				extra: knobWords(base, d),
			},
			d,
		),
	);
	a.footnotes = [
		assumptionLine(base, settings.usedDefaults),
		"VRAM = weights + KV cache + compute buffers + one device's runtime overhead, on a single device.",
		`Bits/weight is what the runtime loads divided by the parameters (mixes keep some tensors at higher precision).`,
		...focusEst.assumptions,
		...q.notes,
		...(step.hub !== null ? hubFootnotes(step.hub) : [`Model facts: ${model.source[0] ?? "catalog"}; ${services.catalogSource}.`]),
	];
	if (q.ignored.length > 0) a.footnotes.push(`Ignored: ${q.ignored.join(", ")}`);
	a.ignored = q.ignored;
	// keys added to the contract object, not spread into a copy (~25 µs in V8, issue 8); same key order
	const json = contractJson({
		model,
		quant: focus,
		contextTokens: base.contextTokens,
		kvCacheType: base.kvCacheType,
		runtime: base.runtime,
		hardware: null,
		estimate: focusEst,
		suggestions: [],
		measured: [],
	});
	json.command = "vram";
	json.highlight = q.highlight;
	json.quants = perQuant;
	json.ignored = q.ignored;
	json.assumptions = focusEst.assumptions;
	a.json = json;
	return a;
}

/** The asker's memory when the query named hardware (the devices' total memory), which the chart's bars are drawn against. */
function vramLimit(hardware: HardwareSpec | null): AnswerChart["limit"] {
	let capacity = 0;
	for (const g of hardware?.devices ?? []) capacity += g.device.memoryBytes * g.count;
	return capacity > 0 && hardware !== null ? { label: hardwareLabel(hardware), value: capacity } : null;
}

/** A bar's tone without hardware: the quantization's quality word. */
function toneOfQuality(w: QualityWord): AnswerChart["bars"][number]["tone"] {
	return w === "poor" ? "bad" : w === "fair" ? "warn" : "good";
}

/**
 * The chart of a vram answer: memory per quantization at the asked context, against the asker's
 * memory when the query named hardware; each bar's tone says whether it fits that memory, or, without
 * hardware, the quantization's quality word.
 */
function vramChart(modelName: string, contextTokens: number, bars: AnswerChart["bars"], limit: AnswerChart["limit"]): AnswerChart {
	let alt = `${modelName}, memory by quantization at ${formatContext(contextTokens)} context`;
	if (limit !== null) alt += ` against ${limit.label} (${formatBytes(limit.value)})`;
	alt += `: ${bars.map((b) => `${b.label} ${formatBytes(b.value)}`).join(", ")}.`;
	return { title: `${modelName} · memory at ${formatContext(contextTokens)} context`, unit: "bytes", bars, limit, alt };
}

export const vramSpec: CommandSpec = {
	name: "vram",
	description: "Memory per quantization: download size, VRAM at your context and at the full context.",
	help: { usage: "vram model [context]", answers: "Memory and download size per quantization", brief: "memory per quant" },
	options: [
		{ name: "model", description: "Model, e.g. llama 3.1 70b, deepseek-r1, qwen3 32b", required: true, autocomplete: "model", choices: null },
		{ name: "context", description: "Context length, e.g. 8k, 32k, 128k (default 4k)", required: false, autocomplete: null, choices: null },
		{ name: "quant", description: "Quantization to highlight (default q4_k_m)", required: false, autocomplete: "quant", choices: null },
	],
	run: (request, plan, env) => answerVram(request, plan, env.services, undefined, env.ctx),
};
