/**
 * `canirun model [quant] [hardware] [context] [runtime]`: the verdict, the breakdown per device, the
 * speed, the largest quantization that fits, and what to do instead (smaller quant, a smaller
 * sibling or distill that fits, how many of the GPU it would take, offload with RAM and its speed).
 * No hardware → the model's VRAM card. No quant but hardware → the best quant that fits.
 */
import type { Answer, AnswerSuggestion } from "../src/answer/answer.js";
import { contractJson } from "../src/answer/contract.js";
import { VLLM_GPU_MEMORY_UTILIZATION, vllmVisibleBytes } from "../src/engine/budget.js";
import { measuredForRequest } from "../src/engine/measured.js";
import { VLLM_BATCH_DEFAULTS, vllmBatchDefaults } from "../src/engine/vllm.js";
import { formatBytes, formatContext, formatSpeed } from "../src/answer/format.js";
import type { Device, Model, Quant } from "../src/catalog/schema.js";
import type { Plan } from "../src/engine/plan.js";
import type { Estimate, EstimateRequest, HardwareSpec } from "../src/engine/types.js";
import { OS_RAM_RESERVE_BYTES } from "../src/engine/fit.js";
import { unifiedRule } from "../src/engine/unified.js";
import type { ParsedQuery } from "../src/query/types.js";
import { emptyAnswer, errorAnswer } from "./lib/answers.js";
import {
	TIGHT_HEADROOM_FRACTION,
	USABLE_TOKENS_PER_SECOND,
	effectiveBits,
	hardwareName,
	memoryFacts,
	minHeadroom,
	modelSummary,
	speedFacts,
	usageBars,
	verdictFor,
} from "./lib/describe.js";
import { modelIndex } from "./lib/model-index.js";
import { couldFit, couldFitGiven, deviceCapacity, loneDevice, textParams, weightsLowerBoundOf } from "./lib/prefilter.js";
import { type HubFacts, hubFootnotes, modelQueryWord, resolveModelStep, tensorsFor } from "./lib/model-step.js";
import { familyJson, familyPlans, familyTable, hasDistillFamily } from "./lib/family.js";
import { type PlanChoice, describePlan, kvTypesFor, searchPlan } from "./lib/plan-search.js";
import { LOW_QUALITY_BITS, autoLadder, autoLadderIds, ladder, neighbours } from "./lib/quant-ladder.js";
import { buildQuery, pushAction, type QueryParts } from "./lib/query-words.js";
import {
	assumptionLine,
	buildRequest,
	defaultQuant,
	quantForRuntime,
	requestAtQuant,
	requestForModel,
	requestOnHardware,
	requestWithKvCache,
	requestWithMaxNumSeqs,
	runtimeLoads,
	settingsFor,
} from "./lib/request.js";
import { ollamaContextNote, runPlan, servableRungs } from "./lib/run-hints.js";
import { estimateGlance, estimateQuery } from "./lib/glance.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import type { CommandContext } from "./types.js";
import { answerVram } from "./vram.js";

/** System RAM sizes people have (DIMM kits and workstation configs), for the "add RAM" suggestion. */
const RAM_SIZES_GB = [16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048];

const GIB = 2 ** 30;

/** One alternative the advice weighs: its estimate in the question's plan, null when the engine refuses it. */
function estimateSafe(plan: Plan, req: EstimateRequest): Estimate | null {
	return plan.at(req).tryEstimate();
}

/**
 * The estimate of `req` unless the plan's exact screen rules out a full fit on the one device `alone`
 * (null then: it cannot fit, and the layouts of a "does not fit" estimate are the expensive part).
 */
function screenedEstimate(plan: Plan, req: EstimateRequest, alone: Device | null): Estimate | null {
	const setup = plan.at(req);
	return alone === null || setup.mayFitAlone(alone) ? setup.tryEstimate() : null;
}

/** The quant a model was released in, when it is one of the catalog's (MXFP4 for gpt-oss): vLLM serves that repo as it is. */
function isNativeRelease(model: Model, quant: Quant): boolean {
	return model.nativeDtype === "mxfp4" && quant.id === "MXFP4";
}

/** Object.keys(o).length > 0 without the array of keys. */
function hasAnyKey(o: object): boolean {
	for (const key in o) if (Object.hasOwn(o, key)) return true;
	return false;
}

function fits(est: Estimate | null): est is Estimate {
	return est !== null && est.fit !== null && est.fit.verdict === "fits";
}

/** What the Hub gave for the model (a GGUF's exact tensors are valid for that file's quant only). */
interface ModelFacts {
	quant: Quant | null;
	tensors: EstimateRequest["tensors"];
	hub: HubFacts | null;
}

interface Fitting {
	quant: Quant;
	req: EstimateRequest;
	est: Estimate;
}

/**
 * The estimates of one answer's request at other quants (model, context, hardware and settings
 * fixed), by quant: the automatic pick and the "larger quant fits too" suggestion scan the same
 * rungs, so the second scan reuses the first one's engine results. Lives for one answer only.
 */
type QuantEstimates = Map<Quant, { req: EstimateRequest; est: Estimate | null }>;

/**
 * Largest rung of the ladder that fits fully, with its estimate. `rungs` are largest first, so the
 * scan stops at the first roomy fit.
 */
function bestFitting(
	plan: Plan,
	facts: ModelFacts,
	rungs: readonly Quant[],
	base: EstimateRequest,
	byQuant: QuantEstimates,
	seen: Estimate | null = null,
): Fitting | null {
	const model = base.model;
	const alone = loneDevice(base.hardware);
	// Prefer a fit with some headroom; take a tight one only when nothing roomier fits.
	let tight: Fitting | null = null;
	// an estimate of this model on this hardware (any quant) sharpens the prefilter
	let known: Estimate | null = seen;
	for (const quant of rungs) {
		if (!couldFitGiven(model, quant, base.hardware, known, base.runtime)) continue;
		let done = byQuant.get(quant);
		if (done === undefined) {
			const req = requestAtQuant(base, quant, tensorsFor(facts, quant));
			// on one device the engine's screen rules out most rungs that cannot fit, without an estimate;
			// a ruled-out rung is remembered as "no estimate" (it cannot fit either way), so the second
			// scan of this answer does not screen it again
			done = { req, est: screenedEstimate(plan, req, alone) };
			byQuant.set(quant, done);
		}
		const est = done.est;
		if (est !== null) known = est;
		if (!fits(est)) continue;
		if (minHeadroom(est) >= TIGHT_HEADROOM_FRACTION) return { quant, req: done.req, est };
		tight ??= { quant, req: done.req, est };
	}
	return tight;
}

function siblingsOf(services: Services, model: Model): Model[] {
	const index = modelIndex(services.models);
	const out: Model[] = [];
	for (const id of model.relations.smallerSiblings) {
		const m = index.byId.get(id);
		if (m !== undefined) out.push(m);
	}
	// Distills of this model (R1 → R1-Distill-Qwen-32B …), largest first.
	for (const m of index.distillsOf.get(model.id) ?? []) if (m.totalParams < model.totalParams && !out.some((x) => x.id === m.id)) out.push(m);
	return out;
}

export async function answerCanirun(q: ParsedQuery, plan: Plan, services: Services, ctx?: CommandContext): Promise<Answer> {
	if (q.ramQuestion !== undefined && q.hardware !== null) return answerWithAssumedRam(q, q.hardware, q.ramQuestion, plan, services, ctx);
	const step = await resolveModelStep(q, services, ctx);
	if (!step.ok) return errorAnswer(step.message, step.didYouMean);
	if (q.hardware === null || (q.hardware.devices.length === 0 && q.hardware.systemMemoryBytes === null)) {
		// No devices named: the model's VRAM card (per-quantization table).
		return answerVram(q, plan, services, step);
	}
	const model = step.model;
	const settings = settingsFor(q, services.defaults);
	const runtime = settings.runtime;
	const hardware = q.hardware;
	const named = quantForRuntime(services.quants, runtime, q.quant) ?? step.quant;
	const usedDefaults = [...settings.usedDefaults];
	const first = named ?? defaultQuant(services, runtime, model);
	const base = buildRequest(q, services.defaults, model, first, hardware, tensorsFor(step, first));
	const byQuant: QuantEstimates = new Map();

	// The plan search decides quant, KV cache type and offload together (plan-search.ts); a named quant
	// or KV type narrows it to that one.
	const checkpoints = services.checkpoints?.(model.id) ?? {};
	const ladderQuants = named !== null ? [named] : autoLadder(services.quants, runtime, model.nativeDtype);
	// one GPU and no RAM: the device the plan's exact single-device screen tests
	const lone = hardware.systemMemoryBytes === null ? loneDevice(hardware) : null;
	// what the hardware holds at most, GPUs and RAM (mayRun's bound, the same for every search and quant)
	const holds = deviceCapacity(hardware) + (hardware.systemMemoryBytes ?? 0);
	const text = textParams(model);
	const search = (quants: readonly Quant[], from: EstimateRequest = base, kvTypes = kvTypesFor(runtime, q.kvCacheType, from.flashAttention)) =>
		searchPlan({
			base: from,
			quants,
			kvTypes,
			estimate: (r) => estimateSafe(plan, r),
			at: (quant, kv) => requestWithKvCache(requestAtQuant(from, quant, tensorsFor(step, quant)), kv, from.flashAttention),
			mayRun: (quant) => weightsLowerBoundOf(text, quant) <= holds,
			// one GPU and no RAM: nothing offloads, so the engine's exact screen rules out what cannot fit fully
			mayRunRequest: (r) => lone === null || plan.at(r).mayFitAlone(lone),
		});
	// vLLM loads a checkpoint in the plan's format: search the formats it has something to load in (the
	// BF16 repo, FP8 on load, a published AWQ/GPTQ/FP8 repo) and the rest only when none of those runs
	const servable = named === null ? servableRungs(runtime, model, ladderQuants, services.quants, checkpoints) : ladderQuants;
	let choice = search(servable);
	// the answer is about `vllm serve` as asked (its defaults where nothing is named); when one flag makes a
	// loadable format start — fewer sequences for the start-up profile, an fp8 cache (suggestionsFor offers
	// them) — the answer stays on that format rather than on one nobody published
	const flagFix =
		choice.best === null &&
		runtime === "vllm" &&
		servable.length > 0 &&
		(vllmSeqsFixRuns(search, servable, base) || (q.kvCacheType === null && search(servable, base, ["fp8"]).best !== null));
	if (choice.best === null && servable.length < ladderQuants.length && !flagFix) {
		// nothing vLLM can load runs: a format nobody published is worth naming only when it would run
		// (the note then says a checkpoint is needed); otherwise the answer stays on what one can load
		const any = search(ladderQuants);
		if (any.best !== null || servable.length === 0) choice = any;
	}
	let quant: Quant;
	let req: EstimateRequest;
	let est: Estimate;
	const autoPicked = named === null && choice.best !== null;
	// nothing runs: the asked/default quant's row — for vLLM, whose default format may have no checkpoint
	// for this model, the loadable plan closest to fitting (smallest shortfall at the quality floor)
	const closestMiss =
		choice.best === null && named === null && runtime === "vllm"
			? [...choice.ranked]
					.filter((c) => c.meetsFloor)
					.sort((x, y) => (x.est.fit?.shortByBytes ?? Number.POSITIVE_INFINITY) - (y.est.fit?.shortByBytes ?? Number.POSITIVE_INFINITY))[0]
			: undefined;
	const chosen = choice.best ?? closestMiss ?? choice.ranked.find((c) => c.quant === first && c.kvCacheType === base.kvCacheType) ?? null;
	if (chosen !== null) {
		quant = chosen.quant;
		req = chosen.req;
		est = chosen.est;
	} else {
		quant = base.quant;
		req = base;
		est = plan.at(base).estimate;
	}
	if (named === null && choice.best === null) usedDefaults.push(`quantization ${quant.id} (nothing at ${choice.floorBits}+ bits runs)`);
	if (q.kvCacheType === null && req.kvCacheType !== base.kvCacheType) usedDefaults.push(`KV cache ${req.kvCacheType} (chosen: it is what makes this plan fit)`);
	byQuant.set(quant, { req, est });
	const where = hardwareName(req);
	const a = emptyAnswer("canirun", `Can ${where} run ${model.name}?`);
	a.verdict = verdictFor(req, est, where);
	if (choice.best !== null && (autoPicked || req.kvCacheType !== base.kvCacheType))
		a.verdict.summary = `Best plan: ${describePlan(choice.best)}. ${a.verdict.summary}`;
	else if (choice.best === null && named === null && !flagFix) a.verdict.summary += ` ${choice.why}`;
	if (quant.bitsPerWeight < LOW_QUALITY_BITS && a.verdict.severity === "success") {
		a.verdict.severity = "warning";
		a.verdict.summary += ` ${quant.id} is a low-bit quantization: expect noticeably lower quality.`;
	}
	// the measured rows beside the speed facts and in the JSON (req is the setup of model, quant, runtime, hardware)
	const measured = measuredForRequest(req);
	a.facts = [
		{ label: "Model", value: `${model.name} (${modelSummary(model)})` },
		{ label: "Hardware", value: where },
		...memoryFacts(req, est),
		// a setup that cannot load has no speed
		...(est.fit?.verdict === "no" ? [] : speedFacts(req, est, measured)),
	];
	// unified memory: how much of it the GPU may use on this platform (the engine's per-device budget)
	const unified = hardware.devices.find((g) => g.device.unifiedMemory)?.device;
	const unifiedUse = unified !== undefined ? est.fit?.devices.find((d) => d.id === unified.id) : undefined;
	if (unified !== undefined && unifiedUse !== undefined) {
		const how =
			unified.vendor === "apple"
				? "macOS's default GPU working set; sudo sysctl iogpu.wired_limit_mb raises it"
				: "this platform's usual GPU allocation of unified memory";
		a.facts.push({ label: "GPU share of unified memory", value: `${formatBytes(unifiedUse.capacityBytes)} of ${formatBytes(unified.memoryBytes)} (${how})` });
	}
	if (est.fit !== null && est.fit.maxContextTokens > 0) {
		a.facts.push({ label: "Largest context that fits", value: `${formatContext(est.fit.maxContextTokens)} tokens` });
	}
	if (est.fit !== null && est.fit.verdict === "offload") {
		a.facts.push({
			label: "Offloaded to system RAM",
			value: `${formatBytes(est.fit.offloadBytes)} (${est.fit.offloadMode === "experts" ? `routed experts of ${est.fit.cpuMoeLayers} layers: --n-cpu-moe ${est.fit.cpuMoeLayers}` : `${est.fit.totalLayers - est.fit.gpuLayers} layers`})`,
		});
	}
	const vllmNotes: string[] = [];
	if (est.vllm != null && est.fit?.verdict === "fits") {
		const v = est.vllm;
		// sequences of the asked length the one shared pool holds at once (vLLM's "maximum concurrency")
		const fitting = Math.floor(v.kvPoolTokens / req.contextTokens);
		a.facts.push({
			label: `Concurrent sequences at ${formatContext(req.contextTokens)}`,
			value: `${fitting} (one paged KV pool of ${formatContext(v.kvPoolTokens)} tokens shared by all)`,
		});
		a.facts.push({
			label: "Aggregate decode (estimate)",
			value: `about ${formatSpeed(v.aggregateDecodeTokensPerSecond)} with ${v.concurrentSequences} running`,
		});
		if (fitting < req.parallel)
			vllmNotes.push(
				`Only ${fitting} of the ${req.parallel} sequences fit the KV pool at ${formatContext(req.contextTokens)} at once; vLLM queues the rest (shorter prompts share the pool further).`,
			);
	}
	a.usage = usageBars(req, est);
	// a model with distills (or a distill): the family table, each member's best plan on this hardware
	const family = hasDistillFamily(services, model) ? familyPlans(services, model, base, (r) => estimateSafe(plan, r)) : null;
	if (family !== null) a.tables.push(familyTable(family, services.ollamaTag));
	a.suggestions = suggestionsFor(plan, services, step, req, est, byQuant, named === null ? choice : null);
	// a plan that cannot load gets no commands (they would fail); the suggestions carry the ones that run
	// a runtime that does not run on this hardware (vLLM on a Mac's GPU, MLX off Apple silicon): say so,
	// print no command for it, and offer the question with the runtime that does
	const misfit = runtimeMisfit(req);
	if (misfit !== null) {
		a.verdict.severity = a.verdict.severity === "danger" ? "danger" : "warning";
		a.verdict.summary = `${misfit.why} ${a.verdict.summary}`;
		a.suggestions.unshift({
			text: `On ${where}: the same question with ${misfit.instead}.`,
			query: buildQuery(
				{ command: "canirun", model: modelQueryWord(model, step.hub), hardware, contextTokens: req.contextTokens, runtime: misfit.instead },
				services.defaults,
			),
		});
	}
	const run = est.fit?.verdict === "no" || misfit !== null ? { hints: [], commands: [], notes: [] } : runPlan(req, est, checkpoints, services.ollamaTag);
	if (hasAnyKey(checkpoints) && services.checkpointsSource !== undefined)
		run.notes.push(`Checkpoint repos in the commands: published on the Hugging Face Hub (${services.checkpointsSource}).`);
	a.runHints = run.hints;
	a.actions = actionsFor(services, step.hub, req);
	// the compact first answer and its Details button (issue 16)
	a.glance = estimateGlance(req, est, services.defaults, a.suggestions, a.runHints);
	a.query = estimateQuery(req, services.defaults, modelQueryWord(model, step.hub), autoPicked);
	a.footnotes = footnotesFor(q, services, req, est, usedDefaults, step.hub);
	a.footnotes.push(...run.notes, ...vllmNotes);
	if (!runtimeLoads(runtime, quant) && !isNativeRelease(model, quant))
		a.footnotes.unshift(`${runtime} does not normally load ${quant.id} (${quant.format}); the estimate assumes it could.`);
	a.ignored = q.ignored;
	const shown: Estimate = est.fit?.verdict === "no" ? { memory: est.memory, fit: est.fit, speed: null, assumptions: est.assumptions } : est;
	// extra keys are added to the contract object rather than spread into a copy: spreading that
	// object costs ~25 µs in V8 here (issue 8); the key order is the same
	const json = contractJson({
		model,
		quant,
		contextTokens: req.contextTokens,
		kvCacheType: req.kvCacheType,
		runtime,
		hardware,
		estimate: shown,
		suggestions: a.suggestions,
		measured,
	});
	json.command = "canirun";
	json.quantAutoPicked = autoPicked;
	json.ignored = q.ignored;
	json.assumptions = est.assumptions;
	json.defaultsUsed = usedDefaults;
	json.plan = planJson(
		req,
		est,
		choice.best === chosen && chosen !== null ? choice.why : `${named !== null ? `${quant.id} as asked` : `${quant.id} (default)`}: ${choice.why}`,
	);
	// what the search weighed, best first: quant, KV type, verdict and decode rate of each candidate
	json.runCommands = run.commands;
	json.family = family !== null ? familyJson(family, services.ollamaTag) : null;
	json.planConsidered = choice.ranked.map((c) => ({
		quant: c.quant.id,
		kvCacheType: c.kvCacheType,
		verdict: c.est.fit?.verdict ?? null,
		offloadMode: c.est.fit?.offloadMode ?? null,
		decodeTokensPerSecond: c.decode,
	}));
	a.json = json;
	return a;
}

/**
 * A named CPU without its RAM size ("gpt-oss-20b ryzen 9 7950x cpu only"). Its bandwidth is the catalog's
 * (channels × transfer rate), so the speed stands whatever the size; the size decides only whether the plan
 * fits. The answer is the plan an expert would give: found with RAM no machine lacks, then re-answered at
 * the smallest common size that holds it (model, cache and buffers, the OS reserve and the 5 % headroom
 * of a non-tight fit), the need and the assumption stated in the text and in the JSON (`assumptions`,
 * `defaultsUsed`, `ramAssumed`). When nothing fits even then, the question is asked.
 */
async function answerWithAssumedRam(
	q: ParsedQuery,
	hardware: HardwareSpec,
	question: string,
	plan: Plan,
	services: Services,
	ctx?: CommandContext,
): Promise<Answer> {
	const at = (gb: number): ParsedQuery => ({ ...q, ramQuestion: undefined, hardware: withSystemRam(hardware, gb * GIB) });
	const largest = RAM_SIZES_GB[RAM_SIZES_GB.length - 1] ?? 2048;
	const probe = await answerCanirun(at(largest), plan, services, ctx);
	const total = probe.json === null ? undefined : (probe.json.memory as { totalBytes?: number } | undefined)?.totalBytes;
	const verdictOf = (a: Answer) => (a.json?.fit as { verdict?: string } | null | undefined)?.verdict;
	if (total === undefined || verdictOf(probe) !== "fits") return probe.errorKind !== undefined ? probe : errorAnswer(question);
	const need = total + OS_RAM_RESERVE_BYTES;
	for (const gb of RAM_SIZES_GB) {
		if (gb * GIB * (1 - TIGHT_HEADROOM_FRACTION) < need) continue;
		const a = await answerCanirun(at(gb), plan, services, ctx);
		if (verdictOf(a) !== "fits" || a.json === null) continue;
		const cpu = hardware.devices.find((g) => g.device.ramFromUser === true)?.device;
		const needGb = Math.ceil(need / GIB);
		const bw = cpu === undefined ? "" : ` (${Math.round(cpu.bandwidthBytesPerSecond / 1e9)} GB/s)`;
		const stated = `RAM assumed: ${gb} GB, not given — this plan needs ≥ ${needGb} GB (${formatBytes(total)} for the model, its cache and buffers, ${formatBytes(OS_RAM_RESERVE_BYTES)} for the OS); with less it does not fit, the speed does not change`;
		if (a.verdict !== null) a.verdict.summary = `If it has ≥ ${needGb} GB of RAM (assumed ${gb} GB; not given): ${a.verdict.summary}`;
		a.footnotes.unshift(
			`No RAM size was given${cpu === undefined ? "" : ` for the ${cpu.name}`}: the speed comes from its memory bandwidth${bw}, whatever the size; the size decides only the fit. ${stated}.`,
		);
		a.json.assumptions = [stated, ...((a.json.assumptions as string[] | undefined) ?? [])];
		a.json.defaultsUsed = [...((a.json.defaultsUsed as string[] | undefined) ?? []), `RAM ${gb} GB (assumed: not given)`];
		a.json.ramAssumed = { assumedBytes: gb * GIB, neededBytes: need };
		return a;
	}
	return errorAnswer(question);
}

/** The hardware with this much system RAM, the named CPUs' memory being it (catalog/hardware.ts withRam). */
function withSystemRam(hardware: HardwareSpec, bytes: number): HardwareSpec {
	return {
		devices: hardware.devices.map((g) => (g.device.ramFromUser === true ? { device: { ...g.device, memoryBytes: bytes / g.count }, count: g.count } : g)),
		systemMemoryBytes: bytes,
	};
}

/**
 * A runtime asked for on hardware it does not run on. Upstream vLLM's GPU backends are CUDA, ROCm and
 * Intel XPU; on Apple silicon its GPU path is the separate vLLM-Metal plugin, which runs mlx-community
 * MLX models (docs.vllm.ai getting_started/installation/gpu, "Apple Silicon"), so MLX's numbers are
 * the ones that apply. MLX is Apple's framework for Apple silicon (ml-explore/mlx README).
 */
function runtimeMisfit(req: EstimateRequest): { why: string; instead: "mlx" | "llama.cpp" } | null {
	const devices = req.hardware?.devices ?? [];
	const apple = devices.some((g) => g.device.backend === "metal");
	if (req.runtime === "vllm" && apple)
		return {
			why: "vLLM has no Metal GPU backend: on a Mac its GPU path is the vLLM-Metal plugin, which runs MLX models (mlx-community), so ask with mlx for the numbers that apply; the ones below assume vLLM's CUDA/ROCm memory model.",
			instead: "mlx",
		};
	if (req.runtime === "mlx" && devices.length > 0 && !apple)
		return { why: "MLX is Apple's framework for Apple silicon: on this hardware llama.cpp (or vLLM) is the runtime.", instead: "llama.cpp" };
	return null;
}

/** The JSON `plan` of DESIGN §2 (additions): the settings the answer's commands use. */
function planJson(req: EstimateRequest, est: Estimate, why: string): Record<string, unknown> {
	const fit = est.fit;
	const gpus = req.hardware?.devices.some((g) => g.device.kind !== "cpu") ?? false;
	const mode = !gpus ? "cpu" : fit === null || fit.verdict !== "offload" ? "none" : fit.offloadMode === "experts" ? "experts" : "layers";
	return {
		quant: req.quant.id,
		kvCacheType: req.kvCacheType,
		contextTokens: req.contextTokens,
		runtime: req.runtime,
		offload: { mode, gpuLayers: fit?.gpuLayers ?? 0, cpuMoeLayers: fit?.cpuMoeLayers ?? 0 },
		why,
	};
}

function suggestionsFor(
	plan: Plan,
	services: Services,
	facts: ModelFacts,
	req: EstimateRequest,
	est: Estimate,
	byQuant: QuantEstimates,
	choice: PlanChoice | null,
): AnswerSuggestion[] {
	const out: AnswerSuggestion[] = [];
	const d = services.defaults;
	const modelWord = modelQueryWord(req.model, facts.hub);
	const fit = est.fit;
	const hw = req.hardware;
	if (fit === null || hw === null) return out;
	// each suggestion re-asks this question with one or two settings changed
	const askWith = (change: Partial<QueryParts>): string =>
		buildQuery(
			{
				command: "canirun",
				model: modelWord,
				quant: req.quant.id,
				hardware: hw,
				contextTokens: req.contextTokens,
				kvCacheType: req.kvCacheType,
				runtime: req.runtime,
				extra: vllmWords(req),
				...change,
			},
			d,
		);
	const rungs = ladder(services.quants, req.runtime, req.model.nativeDtype).filter((x) => x.format === req.quant.format);
	// an automatic plan: its alternatives are the plans the search ranked below it that differ in kind
	if (choice !== null) {
		for (const alt of choice.alternatives) {
			const c = alt.candidate;
			out.push({
				text: `Alternative: ${describePlan(c)} (${formatBytes(c.est.memory.totalBytes)}${c.est.speed ? `, about ${formatSpeed(c.est.speed.decodeTokensPerSecond)}` : ""}): ${alt.why}.`,
				query: askWith({ quant: c.quant.id, kvCacheType: c.kvCacheType }),
			});
		}
	}

	if (fit.verdict !== "fits") {
		// 1. the largest quantization that fits
		const smaller = rungs.filter((x) => x.bitsPerWeight < req.quant.bitsPerWeight);
		const best = choice === null ? bestFitting(plan, facts, smaller, req, byQuant, est) : null;
		if (best !== null) {
			out.push({
				text: `${best.quant.id} fits: ${formatBytes(best.est.memory.totalBytes)}${best.est.speed ? `, about ${formatSpeed(best.est.speed.decodeTokensPerSecond)}` : ""}${best.quant.bitsPerWeight < LOW_QUALITY_BITS ? " (low-bit: lower quality)" : ""}.`,
				query: askWith({ quant: best.quant.id }),
			});
		}
		// 2. a smaller sibling or distill that fits at the same quant
		for (const sib of siblingsOf(services, req.model)) {
			if (!couldFit(sib, req.quant, hw)) continue;
			const sibEst = estimateSafe(plan, requestForModel(req, sib));
			if (fits(sibEst)) {
				out.push({
					text: `${sib.name} fits at ${req.quant.id}: ${formatBytes(sibEst.memory.totalBytes)}${sibEst.speed ? `, about ${formatSpeed(sibEst.speed.decodeTokensPerSecond)}` : ""}.`,
					query: askWith({ model: sib.id }),
				});
				break;
			}
		}
		// 3. how many of this GPU it would take
		const group = hw.devices.length === 1 ? hw.devices[0] : undefined;
		if (group !== undefined && !group.device.unifiedMemory) {
			const n = group.count < services.limits.maxDeviceCount ? safeFewest(plan, services, req, group.device) : null;
			if (n !== null && n > group.count) {
				const more = { devices: [{ device: group.device, count: n }], systemMemoryBytes: hw.systemMemoryBytes };
				out.push({
					text: `It would take ${n}× ${group.device.name} to hold it fully.`,
					query: buildQuery(
						{
							command: "canirun",
							model: modelWord,
							quant: req.quant.id,
							hardware: more,
							contextTokens: req.contextTokens,
							kvCacheType: req.kvCacheType,
							runtime: req.runtime,
						},
						d,
					),
				});
			}
		}
		// 4. offload into system RAM
		if (fit.verdict === "no" && hw.systemMemoryBytes === null && req.runtime !== "vllm" && !hw.devices.every((g) => g.device.unifiedMemory)) {
			const need = fit.shortByBytes;
			const gb = RAM_SIZES_GB.find((s) => s * GIB >= need * 1.1);
			if (gb !== undefined) {
				const withRam = { devices: hw.devices, systemMemoryBytes: gb * GIB };
				const ramEst = estimateSafe(plan, requestOnHardware(req, withRam));
				if (ramEst?.fit && ramEst.fit.verdict !== "no") {
					out.push({
						text: `With ${gb} GB of system RAM llama.cpp can offload the rest: about ${ramEst.speed ? formatSpeed(ramEst.speed.decodeTokensPerSecond) : "n/a"}.`,
						query: buildQuery(
							{
								command: "canirun",
								model: modelWord,
								quant: req.quant.id,
								hardware: withRam,
								contextTokens: req.contextTokens,
								kvCacheType: req.kvCacheType,
								runtime: req.runtime,
							},
							d,
						),
					});
				}
			}
		}
		// 5. the context is what does not fit
		if (fit.maxContextTokens > 0 && fit.maxContextTokens < req.contextTokens) {
			out.push({
				text: `It fits fully up to ${formatContext(fit.maxContextTokens)} tokens of context.`,
				query: askWith({ contextTokens: fit.maxContextTokens }),
			});
		}
		// vLLM fills its pool whatever the KV type and sequence cap: the one-flag fixes change what the pool
		// holds (fp8) or how much the start-up profile keeps from it (--max-num-seqs); the answer is about the
		// settings as asked, and a fix that makes it start goes first
		if (req.runtime === "vllm") {
			const seqsFix = vllmSeqsFix(plan, req, est, (n) => askWith({ extra: vllmWords({ ...req, maxNumSeqs: n }) }));
			if (seqsFix !== null) out.unshift(seqsFix);
			const fp8Fix = req.kvCacheType === "f16" ? vllmFp8Fix(plan, req, est, askWith({ kvCacheType: "fp8" })) : null;
			if (fp8Fix !== null) out.unshift(fp8Fix);
		}
		// llama.cpp's quantized KV cache (with flash attention); MLX none here
		if (req.runtime !== "vllm" && req.runtime !== "mlx" && est.memory.kvCacheBytes > 0.2 * est.memory.totalBytes && req.kvCacheType === "f16") {
			const kvEst = estimateSafe(plan, requestWithKvCache(req, "q8_0", req.flashAttention === "off" ? "on" : req.flashAttention));
			if (kvEst !== null) {
				out.push({
					text: `A q8_0 KV cache (-fa on -ctk q8_0 -ctv q8_0) halves the cache to ${formatBytes(kvEst.memory.kvCacheBytes)}${kvEst.fit?.verdict === "fits" ? ": then it fits" : ""}.`,
					query: askWith({ kvCacheType: "q8_0" }),
				});
			}
		}
		out.push(...nearMissFixes(req, est));
		const tp = tensorParallelFix(plan, services, req, est, modelWord);
		if (tp !== null) out.push(tp);
	} else {
		// It fits: is there room for a better quantization?
		const auto = autoLadderIds(services.quants, req.runtime, req.model.nativeDtype);
		const larger = rungs.filter((x) => x.bitsPerWeight > req.quant.bitsPerWeight && auto.has(x.id));
		// one "best" per answer: with an automatic plan, a larger quant is an alternative above, never "fits too"
		const best = choice === null ? bestFitting(plan, facts, larger, req, byQuant) : null;
		if (best !== null) {
			out.push({
				text: `${best.quant.id} fits too (${formatBytes(best.est.memory.totalBytes)}${best.est.speed ? `, about ${formatSpeed(best.est.speed.decodeTokensPerSecond)}` : ""}), with better quality.`,
				query: askWith({ quant: best.quant.id }),
			});
		}
		if (fit.maxContextTokens > req.contextTokens) {
			const ctx = Math.min(fit.maxContextTokens, req.model.contextLength);
			if (ctx > req.contextTokens) out.push({ text: `Context fits up to about ${formatContext(ctx)} tokens.`, query: null });
		}
	}
	// it runs, but slower than people read (a dense 70B on a CPU, a big offload): the models that run
	// faster on this same hardware are the better answer (bestfit ranks them by published quality)
	const decode = est.speed?.decodeTokensPerSecond ?? null;
	if (fit.verdict !== "no" && decode !== null && decode < USABLE_TOKENS_PER_SECOND)
		out.push({
			text: `At about ${formatSpeed(decode)} this is slower than reading (${USABLE_TOKENS_PER_SECOND} tok/s): the best models that run faster on ${hardwareName(req)} are a bestfit away.`,
			query: buildQuery({ command: "bestfit", hardware: hw, contextTokens: req.contextTokens, runtime: req.runtime }, d),
		});
	return out;
}

/**
 * vLLM's default (auto = the model's dtype) cache cannot hold the asked sequence: `--kv-cache-dtype fp8`
 * stores half the bytes per token, so the same pool holds twice the tokens (vllm#10517: 23,648 tokens at
 * 29,000 asked; the user's fix is fp8 or a shorter max_model_len, also offered). Null when fp8 does not
 * make it start either.
 */
function vllmFp8Fix(plan: Plan, req: EstimateRequest, est: Estimate, query: string): AnswerSuggestion | null {
	const pool = est.vllm?.kvPoolTokens ?? est.fit?.maxContextTokens ?? 0;
	const fp8 = estimateSafe(plan, requestWithKvCache(req, "fp8", req.flashAttention));
	if (fp8?.fit?.verdict !== "fits") return null;
	const fp8Pool = fp8.vllm?.kvPoolTokens ?? fp8.fit.maxContextTokens;
	return {
		text: `vLLM's default KV cache (auto, ${req.model.nativeDtype === "fp8" ? "fp8" : "bf16"}) holds ${formatContext(pool)} tokens, under the ${formatContext(req.contextTokens)} asked: \`--kv-cache-dtype fp8\` holds ${formatContext(fp8Pool)} tokens, then it fits.`,
		query,
	};
}

/** The vLLM engine arguments a request set, as query words (a re-asked question keeps them). */
function vllmWords(req: Pick<EstimateRequest, "runtime" | "gpuMemoryUtilization" | "maxNumBatchedTokens" | "maxNumSeqs">): string[] {
	if (req.runtime !== "vllm") return [];
	const words: string[] = [];
	if (req.gpuMemoryUtilization !== undefined) words.push(`gpu_memory_utilization=${req.gpuMemoryUtilization}`);
	if (req.maxNumBatchedTokens !== undefined) words.push(`max_num_batched_tokens=${req.maxNumBatchedTokens}`);
	if (req.maxNumSeqs !== undefined) words.push(`max_num_seqs=${req.maxNumSeqs}`);
	return words;
}

/**
 * vLLM's default max_num_seqs (1024 on ≥ 70 GiB GPUs) makes its start-up profile sample that many
 * sequences over the whole vocabulary (engine/vllm.ts VLLM_SAMPLER_BYTES_PER_LOGIT: 7.3 GiB for gpt-oss's
 * 201,088 tokens on an H100, where the KV cache then has −2.14 GiB, vllm#23278): `--max-num-seqs 256`
 * is the fix when it makes the plan start. Null otherwise.
 */
function vllmSeqsFix(plan: Plan, req: EstimateRequest, est: Estimate, query: (n: number) => string): AnswerSuggestion | null {
	const fewer = vllmFewerSequences(req);
	if (fewer === null || est.fit?.verdict !== "no") return null;
	const fixed = estimateSafe(plan, fewer);
	if (fixed?.fit?.verdict !== "fits") return null;
	const n = fewer.maxNumSeqs ?? 0;
	const device = req.hardware?.devices.find((g) => g.device.kind !== "cpu")?.device;
	const saved = est.memory.computeBytes - fixed.memory.computeBytes;
	return {
		text: `vLLM's default --max-num-seqs on this GPU (${vllmBatchDefaults(device).seqs}) makes its start-up profile hold ${formatBytes(est.memory.computeBytes / Math.max(1, est.fit.tensorParallel ?? 1))} per GPU for sampling that many sequences over a ${req.model.vocabSize.toLocaleString("en-US")}-token vocabulary: \`--max-num-seqs ${n}\` frees ${formatBytes(saved / Math.max(1, est.fit.tensorParallel ?? 1))} per GPU, then it fits.`,
		query: query(n),
	};
}

/** Whether the servable formats run with vLLM's --max-num-seqs lowered (vllmFewerSequences). */
function vllmSeqsFixRuns(search: (quants: readonly Quant[], from: EstimateRequest) => PlanChoice, servable: readonly Quant[], base: EstimateRequest): boolean {
	const fewer = vllmFewerSequences(base);
	return fewer !== null && search(servable, fewer).best !== null;
}

/**
 * The request with vLLM's --max-num-seqs lowered to the default of smaller GPUs (256), when the question
 * set none and the GPU's default is larger (1024 on ≥ 70 GiB GPUs): null otherwise.
 */
function vllmFewerSequences(base: EstimateRequest): EstimateRequest | null {
	if (base.runtime !== "vllm" || base.maxNumSeqs !== undefined || base.parallel > 1) return null;
	const device = base.hardware?.devices.find((g) => g.device.kind !== "cpu")?.device;
	const fewer = VLLM_BATCH_DEFAULTS.other.seqs;
	return vllmBatchDefaults(device).seqs > fewer ? requestWithMaxNumSeqs(base, fewer) : null;
}

const MIB = 2 ** 20;
/** macOS needs this much outside the GPU's wired memory to stay responsive (the usual advice with iogpu.wired_limit_mb). */
const MACOS_RESERVE_BYTES = 8 * GIB;
/** vLLM's --gpu-memory-utilization is raised at most this far: above it the CUDA context and other processes run short. */
const VLLM_MAX_UTILIZATION = 0.95;

/**
 * The one-line fixes for a near miss that only a limit stands in the way of: Apple's GPU working set
 * (raised with `sudo sysctl iogpu.wired_limit_mb`, up to RAM − 8 GiB for macOS) and vLLM's
 * `--gpu-memory-utilization` (up to 0.95). The limits are read from the engine's per-device capacity.
 */
function nearMissFixes(req: EstimateRequest, est: Estimate): AnswerSuggestion[] {
	const fit = est.fit;
	const hw = req.hardware;
	const only = hw?.devices.length === 1 ? hw.devices[0] : undefined;
	if (fit === null || fit.verdict !== "no" || only === undefined || fit.problems.length > 0) return [];
	const device = only.device;
	const used = fit.devices[0];
	if (used === undefined) return [];
	if (device.vendor === "apple" && device.unifiedMemory && only.count === 1) {
		const limit = used.capacityBytes + fit.shortByBytes + GIB;
		if (limit <= device.memoryBytes - MACOS_RESERVE_BYTES) {
			const mb = Math.ceil(limit / MIB);
			return [
				{
					text: `Only macOS's GPU working-set limit (${formatBytes(used.capacityBytes)} of ${formatBytes(device.memoryBytes)}) is in the way: \`sudo sysctl iogpu.wired_limit_mb=${mb}\` (until reboot) lets the GPU use ${formatBytes(limit)}, leaving ${formatBytes(device.memoryBytes - limit)} for macOS.`,
					query: null,
				},
			];
		}
	}
	// a unified-memory platform whose GPU share a setting raises (Strix Halo on Linux: GTT up to RAM less
	// the OS's 4 GB, engine/unified.ts): the setting is the fix when the plan fits under the raised share
	const raise = device.unifiedMemory && device.vendor !== "apple" && only.count === 1 ? unifiedRule(device).raise : null;
	if (raise !== null && raise.capacityBytes !== null && used.capacityBytes + fit.shortByBytes <= raise.capacityBytes) {
		return [
			{
				text: `Only the default GPU share (${formatBytes(used.capacityBytes)} of ${formatBytes(device.memoryBytes)}) is in the way: ${raise.setting} lets the GPU map up to ${formatBytes(raise.capacityBytes)}, and it needs ${formatBytes(used.capacityBytes + fit.shortByBytes)}.`,
				query: null,
			},
		];
	}
	if (req.runtime === "vllm" && device.kind === "gpu") {
		const perGpu = fit.shortByBytes / Math.max(1, fit.tensorParallel ?? only.count);
		// the share is of the total vLLM sees (torch.cuda.mem_get_info), as --gpu-memory-utilization is
		const visible = vllmVisibleBytes(device);
		const current = req.gpuMemoryUtilization ?? VLLM_GPU_MEMORY_UTILIZATION;
		const needed = Math.ceil((current + (perGpu + 256 * MIB) / visible) * 100) / 100;
		if (needed <= VLLM_MAX_UTILIZATION)
			return [
				{
					text: `Short by ${formatBytes(fit.shortByBytes)}: \`--gpu-memory-utilization ${needed.toFixed(2)}\` (${req.gpuMemoryUtilization === undefined ? "default" : "asked"} ${current.toFixed(2)}) gives vLLM the room.`,
					query: null,
				},
			];
	}
	return [];
}

/**
 * vLLM tensor parallel needs the attention heads divisible by the GPU count (vllm/config: "Total number
 * of attention heads must be divisible by tensor parallel size"). On N GPUs where N does not divide
 * them, the fix is the largest divisor of the heads below N that holds the model (`--tensor-parallel-size`
 * on that many GPUs), or pipeline parallelism over all N (`--pipeline-parallel-size N`, layers split
 * across the GPUs), which this estimate does not lay out.
 */
function tensorParallelFix(plan: Plan, services: Services, req: EstimateRequest, est: Estimate, modelWord: string): AnswerSuggestion | null {
	const only = req.hardware?.devices.length === 1 ? req.hardware.devices[0] : undefined;
	const heads = req.model.attention.heads;
	if (req.runtime !== "vllm" || only === undefined || only.count < 2 || heads % only.count === 0 || est.fit?.verdict !== "no") return null;
	for (let k = only.count - 1; k >= 1; k--) {
		if (heads % k !== 0) continue;
		const fewer = { devices: [{ device: only.device, count: k }], systemMemoryBytes: req.hardware?.systemMemoryBytes ?? null };
		const e = estimateSafe(plan, requestOnHardware(req, fewer));
		if (e?.fit?.verdict !== "fits") continue;
		return {
			text: `${heads} attention heads do not divide by ${only.count}: run on ${k} of the ${only.count} GPUs (${k > 1 ? `--tensor-parallel-size ${k}` : "no tensor parallel"}, ${e.vllm != null ? `${Math.floor(e.vllm.kvPoolTokens / req.contextTokens)} sequences of ${formatContext(req.contextTokens)} fit` : "it fits"}), or split layers over all ${only.count} with --pipeline-parallel-size ${only.count} (not estimated here).`,
			query: buildQuery(
				{
					command: "canirun",
					model: modelWord,
					quant: req.quant.id,
					hardware: fewer,
					contextTokens: req.contextTokens,
					kvCacheType: req.kvCacheType,
					runtime: req.runtime,
				},
				services.defaults,
			),
		};
	}
	return null;
}

function safeFewest(plan: Plan, services: Services, req: EstimateRequest, device: Device): number | null {
	try {
		return plan.at(req).fewestCount(device, services.limits.maxDeviceCount);
	} catch {
		return null;
	}
}

function actionsFor(services: Services, hub: HubFacts | null, req: EstimateRequest): Answer["actions"] {
	const d = services.defaults;
	const out: Answer["actions"] = [];
	const hw = req.hardware;
	const modelWord = modelQueryWord(req.model, hub);
	// the same setup at another quant or context (a literal per query: no spread of shared parts)
	const variant = (quant: string, contextTokens: number) =>
		buildQuery({ command: "canirun", model: modelWord, hardware: hw, kvCacheType: req.kvCacheType, runtime: req.runtime, quant, contextTokens }, d);
	const { smaller, larger } = neighbours(services.quants, req.runtime, req.quant, req.model.nativeDtype);
	if (smaller !== null) pushAction(out, `Smaller quant (${smaller.id})`, variant(smaller.id, req.contextTokens), "smaller");
	if (larger !== null) pushAction(out, `Larger quant (${larger.id})`, variant(larger.id, req.contextTokens), "larger");
	const longer = Math.min(req.contextTokens * 4, req.model.contextLength, services.limits.maxContextTokens);
	if (longer > req.contextTokens) pushAction(out, `Longer context (${formatContext(longer)})`, variant(req.quant.id, longer), "longer");
	pushAction(out, "Full VRAM table", buildQuery({ command: "vram", model: modelWord, contextTokens: req.contextTokens }, d), "table");
	pushAction(out, "Which GPUs run it", buildQuery({ command: "gpus", model: modelWord, quant: req.quant.id, contextTokens: req.contextTokens }, d), "gpus");
	return out;
}

function footnotesFor(q: ParsedQuery, services: Services, req: EstimateRequest, est: Estimate, usedDefaults: string[], hub: HubFacts | null): string[] {
	const notes = [assumptionLine(req, usedDefaults)];
	notes.push(...est.assumptions);
	const ollama = ollamaContextNote(req, services.ollamaTag);
	if (ollama !== null && (req.runtime === "ollama" || req.runtime === "llama.cpp")) notes.push(ollama);
	notes.push(...q.notes);
	notes.push(`Sizes in GiB (2^30 bytes); ${effectiveBitsNote(req, est)}`);
	if (hub !== null) notes.push(...hubFootnotes(hub));
	else notes.push(`Model facts: ${req.model.source[0] ?? "catalog"}; ${services.catalogSource}.`);
	if (q.ignored.length > 0) notes.push(`Ignored: ${q.ignored.join(", ")}`);
	return notes;
}

function effectiveBitsNote(req: EstimateRequest, est: Estimate): string {
	return `${req.quant.id} averages ${effectiveBits(est, req.model).toFixed(2)} bits/weight over the whole model (nominal ${req.quant.bitsPerWeight}).`;
}

export const canirunSpec: CommandSpec = {
	name: "canirun",
	description: "Can my hardware run this model? Verdict, memory per device, speed, what to do instead.",
	help: {
		usage: "canirun model [quant] [hardware] [context] [runtime]",
		answers: "Verdict, memory per device, speed, the best quant that fits, what to do instead",
		brief: "verdict, memory, speed",
	},
	options: [
		{ name: "model", description: "Model, e.g. qwen3 32b, deepseek-r1, llama 3.1 70b, deepseek-r1:14b", required: true, autocomplete: "model", choices: null },
		{
			name: "quant",
			description: "Quantization, e.g. q4_k_m, q8_0, iq2_xxs, fp8 (default: the best that fits)",
			required: false,
			autocomplete: "quant",
			choices: null,
		},
		{
			name: "hardware",
			description: "Hardware, e.g. 3090, 2x4090, m3 max 128gb, 24gb, 4090 +64gb ram",
			required: false,
			autocomplete: "hardware",
			choices: null,
		},
		{ name: "context", description: "Context length, e.g. 8k, 32k, 128k (default 4k)", required: false, autocomplete: null, choices: null },
		{ name: "runtime", description: "Runtime (default llama.cpp)", required: false, autocomplete: null, choices: ["llama.cpp", "ollama", "vllm", "mlx"] },
	],
	run: (request, plan, env) => answerCanirun(request, plan, env.services, env.ctx),
};
