/**
 * estimate(): memory, fit per device and speed for one request. Pure and fast: the per model × quant
 * work (weights, per-layer prefix sums, FLOPs) is memoized in prepare(); a layout is
 * O(devices × log layers), the offload searches start from a bound on total bytes, and the max-context
 * search steps over llama.cpp's 256-cell blocks, so one call costs tens of microseconds.
 */
import type { Device } from "../catalog/schema.js";
import { deviceBudget } from "./budget.js";
import { type ComputeInputs, type ComputeTerms, computeTerms, deviceComputeBytes } from "./compute.js";
import { EngineInputError } from "./errors.js";
import { cachedBudget, fewestCpuLayers, gpuBytesAllLayers, type GpuSlot, gpuSlots, hostMemory, layoutScratch, layoutWith, mlxAdjust, type Placement, type PlacementAdjust, planLlama, type PlanMode } from "./fit.js";
import { type KvDetail, kvDetailFrom, type KvOptions, LLAMA_CPP_CTX_PADDING, MLX_KV_STEP } from "./kvCache.js";
import { LazyOwner, lazyProperty } from "./lazyProperty.js";
import { LIMITS } from "./limits.js";
import { PREFILL_TOKENS, type PreparedModel, prepare } from "./prepared.js";
import { DEFAULT_SYSTEM_RAM_BANDWIDTH } from "./budget.js";
import { DEFAULT_SYSTEM_CPU_FLOPS, deviceFlops, FLOPS_PER_BYTE_FALLBACK, SpeedSum } from "./speed.js";
import type { DeviceUse, Estimate, EstimateRequest, FitEstimate, HardwareSpec, SpeedEstimate, MemoryEstimate } from "./types.js";
import { vllmEstimate } from "./vllm.js";

export { PREFILL_TOKENS };
/** Context at which the reported decode rate is taken: llama-bench tg128/tg512 start from an empty cache. */
export const DECODE_CONTEXT_TOKENS = 256;
/** Relative band stated with speeds: the decode/prefill targets of issue 3 (±30 % / ±40 %). */
export const SPEED_BAND = 0.3;

/** A whole number in [min, max] (false for NaN, ±Infinity and non-numbers). */
function isWholeIn(v: number, min: number, max: number): boolean {
	return typeof v === "number" && Math.floor(v) === v && v >= min && v <= max;
}

function checkFiniteInt(name: string, v: number, min: number, max: number): void {
	if (typeof v !== "number" || !Number.isFinite(v) || Math.floor(v) !== v) throw new EngineInputError(`${name} must be a whole number, got ${String(v)}.`);
	if (v < min) throw new EngineInputError(`${name} must be at least ${min}, got ${v}.`);
	if (v > max) throw new EngineInputError(`${name} must be at most ${max}, got ${v}.`);
}

/** Reject zero/negative/NaN/absurd inputs with a message that says which and why. */
export function validateRequest(req: EstimateRequest): void {
	validateSettings(req);
	if (req.hardware !== null) {
		const groups = req.hardware.devices;
		let n = 0;
		for (const g of groups) n += g.count;
		if (groups.length === 0 || n === 0) throw new EngineInputError("No devices given: name at least one GPU, Mac or CPU.");
		if (n > LIMITS.maxDevices) throw new EngineInputError(`At most ${LIMITS.maxDevices} devices per request, got ${n}.`);
		for (const g of groups) {
			// the message names the device: build it only when the check fails (this runs on every estimate)
			if (!isWholeIn(g.count, 1, LIMITS.maxDevices)) checkFiniteInt(`Count of ${g.device.name}`, g.count, 1, LIMITS.maxDevices);
			if (!(g.device.memoryBytes > 0) || !(g.device.bandwidthBytesPerSecond > 0)) throw new EngineInputError(`Device ${g.device.name} has no memory or bandwidth.`);
		}
		const ram = req.hardware.systemMemoryBytes;
		if (ram !== null && (!Number.isFinite(ram) || ram <= 0 || ram > LIMITS.maxSystemMemoryBytes)) {
			throw new EngineInputError("System RAM must be a positive size of at most 64 TiB.");
		}
	}
}

/**
 * validateRequest() of everything but the hardware (what `validateRequest({ ...req, hardware: null })`
 * checks, without the copy: the screens and scans run it once per candidate).
 */
function validateSettings(req: EstimateRequest): void {
	checkFiniteInt("Context length (tokens)", req.contextTokens, LIMITS.minContextTokens, LIMITS.maxContextTokens);
	checkFiniteInt("Parallel sequences", req.parallel, 1, LIMITS.maxParallel);
	checkFiniteInt("ubatch", req.ubatch, LIMITS.minUbatch, LIMITS.maxUbatch);
}

/** Flash attention as llama.cpp resolves `-fa auto`: on where the backend supports it (all current backends). */
export function resolveFlashAttention(req: EstimateRequest): boolean {
	if (req.flashAttention === "on") return true;
	if (req.flashAttention === "off") return false;
	return true;
}

function kvOptions(req: EstimateRequest, contextTokens = req.contextTokens): KvOptions {
	return {
		contextTokens,
		kvCacheType: req.kvCacheType,
		runtime: req.runtime,
		ubatch: req.ubatch,
		parallel: req.parallel,
		flashAttention: resolveFlashAttention(req),
	};
}

function computeInputs(req: EstimateRequest, kv: KvDetail): ComputeInputs {
	return { model: req.model, kvCells: kv.fullCells, ubatch: req.ubatch, flashAttention: resolveFlashAttention(req), expandedMla: false };
}

/**
 * The KV detail and compute terms of the last request shape seen (model facts, context, cache type,
 * runtime, ubatch, parallel, flash attention), as plain variables: a command's estimates mostly differ
 * only in hardware (canirun's suggestions, bestfit's devices, gpus' fewest counts), and rebuilding the
 * same two objects per estimate was a steady share of the engine's garbage (issue 8). Both are
 * read-only everywhere (layouts, speed, vLLM read numbers from them), so sharing them is safe.
 */
let lastKvFacts: PreparedModel["kvFacts"] | undefined;
let lastKvCtx = -1;
let lastKvType: EstimateRequest["kvCacheType"] | undefined;
let lastKvRuntime: EstimateRequest["runtime"] | undefined;
let lastKvUbatch = -1;
let lastKvParallel = -1;
let lastKvFa = false;
let lastKv: KvDetail | undefined;
let lastTermsKv: KvDetail | undefined;
let lastTerms: ComputeTerms | undefined;

/** kvDetailFrom(p.kvFacts, kvOptions(req, ctx)), the last result reused when the inputs are the same. */
function kvFor(req: EstimateRequest, p: PreparedModel): KvDetail {
	const ctx = req.contextTokens;
	const fa = resolveFlashAttention(req);
	if (
		lastKv !== undefined &&
		lastKvFacts === p.kvFacts &&
		lastKvCtx === ctx &&
		lastKvType === req.kvCacheType &&
		lastKvRuntime === req.runtime &&
		lastKvUbatch === req.ubatch &&
		lastKvParallel === req.parallel &&
		lastKvFa === fa
	)
		return lastKv;
	const kv = kvDetailFrom(p.kvFacts, kvOptions(req, ctx));
	lastKvFacts = p.kvFacts;
	lastKvCtx = ctx;
	lastKvType = req.kvCacheType;
	lastKvRuntime = req.runtime;
	lastKvUbatch = req.ubatch;
	lastKvParallel = req.parallel;
	lastKvFa = fa;
	lastKv = kv;
	return kv;
}

/**
 * The compute-buffer terms of one (request, KV size): the same for every layout an estimate tries.
 * A KV detail from kvFor() stands for its model facts (one object per model, prepared.ts), ubatch and
 * flash attention, everything the terms read besides them, so the last terms are reused for the same one.
 */
function termsFor(req: EstimateRequest, kv: KvDetail): ComputeTerms {
	if (lastTerms !== undefined && lastTermsKv === kv) return lastTerms;
	const terms = computeTerms(computeInputs(req, kv));
	lastTermsKv = kv;
	lastTerms = terms;
	return terms;
}

/** MLX has no compute-buffer reservation; mlx-lm prefills in chunks of 2048 tokens (prefill_step_size). */
export const MLX_PREFILL_STEP = 2048;

function mlxActivationBytes(req: EstimateRequest): number {
	const m = req.model;
	const width = m.moe === null ? m.ffn.intermediateSize : m.moe.activeExperts * m.moe.expertIntermediateSize;
	// fp16 activations of one prefill chunk: hidden states (×4) and the FFN intermediates (×3)
	return MLX_PREFILL_STEP * (4 * m.hiddenSize + 3 * width) * 2;
}

function cpuDevice(hw: HardwareSpec | null): Device | null {
	if (hw === null) return null;
	for (const g of hw.devices) if (g.device.kind === "cpu") return g.device;
	return null;
}

function unifiedHost(hw: HardwareSpec | null): Device | null {
	if (hw === null) return null;
	for (const g of hw.devices) if (g.device.kind === "unified" || g.device.unifiedMemory) return g.device;
	return null;
}

/** KV bytes read per decoded token by layers first … end−1 at `ctx` tokens (the window for sliding layers). */
function kvReadBytes(req: EstimateRequest, kv: KvDetail, first: number, end: number, ctx: number): number {
	if (end <= first) return 0;
	const k = kv.kinds;
	const window = req.model.attention.slidingWindow ?? ctx;
	const nFull = (k.full[end] ?? 0) - (k.full[first] ?? 0);
	const nSliding = (k.sliding[end] ?? 0) - (k.sliding[first] ?? 0);
	const nLinear = (k.linear[end] ?? 0) - (k.linear[first] ?? 0);
	// per layer: bytes per cell × cells read; a recurrent layer reads its whole state
	return (
		nFull * (kv.fullLayerBytes / Math.max(1, kv.fullCells)) * ctx +
		nSliding * (kv.slidingLayerBytes / Math.max(1, kv.swaCells)) * Math.min(ctx, window) +
		nLinear * kv.linearLayerBytes
	);
}

/**
 * Speed of a placement. The devices' parts are summed as they are met (SpeedSum, in the order
 * decodeSeconds/prefillSeconds add them) instead of collecting SpeedPart objects: this runs for every
 * estimate with hardware, and the parts were only ever summed.
 */
const speedSum = new SpeedSum();

function speedFor(req: EstimateRequest, p: PreparedModel, kv: KvDetail, placement: Placement): SpeedEstimate {
	const decode = decodeAndPrefill(req, req.hardware, p, kv, placement);
	const prefill = speedSum.prefillRate;
	return {
		decodeTokensPerSecond: decode,
		prefillTokensPerSecond: prefill,
		timeToFirstTokenSeconds: req.contextTokens / prefill,
		band: SPEED_BAND,
	};
}

/**
 * The decode rate of a placement on `hw` (returned) and its prefill rate (left in speedSum.prefillRate):
 * the numbers of speedFor without its result object, so a scan that shows only the decode rate
 * (DeviceScan.alone) allocates nothing here.
 */
function decodeAndPrefill(req: EstimateRequest, hw: HardwareSpec | null, p: PreparedModel, kv: KvDetail, placement: Placement): number {
	const ctx = Math.min(DECODE_CONTEXT_TOKENS, req.contextTokens);
	const perToken = p.flopsPerPromptToken;
	let totalActive = 0;
	for (const g of placement.gpus) totalActive += g.activeWeightsBytes;
	totalActive += placement.host.activeWeightsBytes;
	const sum = speedSum.reset(PREFILL_TOKENS);
	for (const g of placement.gpus) {
		if (g.endLayer <= g.firstLayer && !g.hasOutput) continue;
		const slot = g.slot;
		sum.add(
			slot.backend,
			slot.bandwidth,
			slot.flops,
			g.activeWeightsBytes + kvReadBytes(req, kv, g.firstLayer, g.endLayer, ctx),
			totalActive > 0 ? (perToken * g.activeWeightsBytes) / totalActive : 0,
		);
	}
	const hostActive = placement.host.activeWeightsBytes;
	if (hostActive > 0 && (placement.host.layers > 0 || placement.expertsOnCpu > 0 || !placement.outputOnGpu)) {
		const hostKv = placement.gpus.length === 0 ? kvReadBytes(req, kv, 0, p.layers, ctx) : kvReadBytes(req, kv, 0, placement.host.layers, ctx);
		// system RAM part (speed.ts systemRamPart): the named CPU, else a unified host's memory run by its
		// CPU (no published fp16 rate, so the CPU fallback ratio), else the defaults
		const cpu = cpuDevice(hw);
		const unified = cpu === null ? unifiedHost(hw) : null;
		const bandwidth = cpu?.bandwidthBytesPerSecond ?? unified?.bandwidthBytesPerSecond ?? DEFAULT_SYSTEM_RAM_BANDWIDTH;
		const flops = cpu !== null ? deviceFlops(cpu) : unified !== null ? unified.bandwidthBytesPerSecond * FLOPS_PER_BYTE_FALLBACK.cpu : DEFAULT_SYSTEM_CPU_FLOPS;
		sum.add("cpu", bandwidth, flops, hostActive + hostKv, totalActive > 0 ? (perToken * hostActive) / totalActive : perToken);
	}
	sum.prefillRate = PREFILL_TOKENS / sum.prefillSeconds();
	return 1 / sum.decodeSeconds();
}

function deviceUses(placement: Placement): DeviceUse[] {
	return placement.gpus.map((g) => ({
		id: g.slot.device.id,
		name: g.slot.device.name,
		capacityBytes: g.capacityBytes,
		usedBytes: g.usedBytes,
		weightsBytes: g.weightsBytes,
		kvCacheBytes: g.kvBytes,
		computeBytes: g.computeBytes,
		overheadBytes: g.slot.budget.overheadBytes,
		layers: g.endLayer - g.firstLayer + (g.hasOutput ? 1 : 0),
	}));
}

/**
 * The first and last context lengths that give the same allocation as `ctx`: llama.cpp sizes
 * pad256(ctx × n_seq) cells, mlx-lm grows per sequence in steps of 256 (kvCache.ts), so whether a
 * context fits can only change at these block edges.
 */
function blockFirst(req: EstimateRequest, ctx: number): number {
	if (req.runtime === "mlx") return (Math.ceil(ctx / MLX_KV_STEP) - 1) * MLX_KV_STEP + 1;
	const k = Math.ceil((ctx * req.parallel) / LLAMA_CPP_CTX_PADDING);
	return Math.floor(((k - 1) * LLAMA_CPP_CTX_PADDING) / req.parallel) + 1;
}

function blockLast(req: EstimateRequest, ctx: number): number {
	if (req.runtime === "mlx") return Math.ceil(ctx / MLX_KV_STEP) * MLX_KV_STEP;
	const k = Math.ceil((ctx * req.parallel) / LLAMA_CPP_CTX_PADDING);
	return Math.floor((k * LLAMA_CPP_CTX_PADDING) / req.parallel);
}

/**
 * Largest context that fits fully on the GPUs, 0 if nothing does. `slackAt(ctx)` is the smallest free
 * memory over the devices at that context (negative when something overflows); fitting is monotone in
 * the context and the slack nearly linear in it (KV and the compute buffers grow with the cells), so a
 * bracketing search that interpolates the slack (regula falsi), probes the block across the predicted
 * edge, and falls back to bisection when a step does not halve the bracket, finds the same context as
 * a bisection over tokens in a handful of layouts instead of ~23. It jumps to block edges: the answer
 * is the last context of the last fitting block.
 */
function searchMaxContext(req: EstimateRequest, slackAt: (ctx: number) => number): number {
	const hi0 = Math.min(LIMITS.maxContextTokens, Math.max(req.model.contextLength, req.contextTokens));
	const s1 = slackAt(1);
	if (!(s1 >= 0)) return 0;
	const sTop = slackAt(hi0);
	if (sTop >= 0) return hi0;
	let lo = Math.min(blockLast(req, 1), hi0 - 1);
	let sLo = s1;
	let hi = hi0;
	let sHi = sTop;
	let bisect = false;
	// one evaluation, moving whichever end of the bracket it lands on (to its block edge)
	const probe = (ctx: number): boolean => {
		if (ctx <= lo || ctx >= hi) return false;
		const s = slackAt(ctx);
		if (s >= 0) {
			lo = Math.max(ctx, Math.min(blockLast(req, ctx), hi - 1));
			sLo = s;
			return true;
		}
		hi = Math.min(ctx, Math.max(blockFirst(req, ctx), lo + 1));
		sHi = s;
		return false;
	};
	while (hi - lo > 1) {
		const width = hi - lo;
		const interpolate = !bisect && Number.isFinite(sLo) && Number.isFinite(sHi) && sLo > sHi;
		if (interpolate) {
			const guess = Math.min(hi - 1, Math.max(lo + 1, lo + Math.round((width * sLo) / (sLo - sHi))));
			// the predicted edge: check the guess and the block on the other side of it
			if (probe(guess)) probe(lo + 1);
			else probe(hi - 1);
		} else probe(Math.floor((lo + hi) / 2));
		bisect = !bisect && hi - lo > width / 2;
	}
	// report on llama.cpp's 256-cell grid when the search lands above it
	return lo >= 256 && req.runtime !== "vllm" ? Math.floor(lo / 256) * 256 : lo;
}

/**
 * Free memory at a context for searchMaxContext: the smallest slack over the GPUs of the all-GPU
 * layout (or of RAM without GPUs), negative when something overflows. Built only when the largest
 * context is read, so an estimate that is never asked for it allocates no closure.
 */
function contextSlack(req: EstimateRequest, p: PreparedModel, slots: readonly GpuSlot[], ram: number | null, adjust: PlacementAdjust | undefined): (ctx: number) => number {
	return (ctx) => {
		// each probe is a new context: built directly, so the probes do not evict the request's KV and
		// terms from the kvFor/termsFor memo (the next estimate of the command is at the request's context)
		const k = kvDetailFrom(p.kvFacts, kvOptions(req, ctx));
		const at = layoutScratch(p, k, computeTerms(computeInputs(req, k)), slots, 0, 0);
		if (slots.length === 0) return ram === null ? Number.NEGATIVE_INFINITY : ram - (at.host.weightsBytes + at.host.kvBytes + at.host.computeBytes);
		// MLX: the same activation term as the verdict, not llama.cpp's compute buffers
		if (adjust !== undefined) adjust(at);
		let slack = Number.POSITIVE_INFINITY;
		for (const g of at.gpus) slack = Math.min(slack, g.capacityBytes - g.usedBytes);
		// a layout fits exactly when no device overflows (overflowBytes = 0)
		return at.fits ? Math.max(0, slack) : Math.min(-1, slack);
	};
}

interface LlamaResult {
	fit: FitEstimate | null;
	placement: Placement;
	computeBytes: number;
	overheadBytes: number;
	mode: PlanMode;
}

const NO_SLOTS: readonly GpuSlot[] = [];
const defineMaxContext = lazyProperty<number>("maxContextTokens");
const defineAssumptions = lazyProperty<string[]>("assumptions");

function llamaFamily(req: EstimateRequest, p: PreparedModel, kv: KvDetail): LlamaResult {
	const hw = req.hardware;
	const ram = hostMemory(hw);
	const slots = hw === null ? NO_SLOTS : gpuSlots(hw, req.runtime);
	const terms = termsFor(req, kv);
	if (req.runtime === "mlx") {
		// MLX: one unified pool, no compute-buffer reservation; a small documented activation term
		const adjust = mlxAdjust(mlxActivationBytes(req));
		const pl = layoutWith(p, kv, terms, slots, 0, 0);
		adjust(pl);
		return finishLlama(req, p, kv, terms, pl, "none", ram, slots, adjust);
	}
	const allowOffload = ram !== null;
	const plan = planLlama(p, kv, terms, slots, allowOffload);
	return finishLlama(req, p, kv, terms, plan.placement, plan.mode, ram, slots, undefined);
}

/**
 * What the devices hold when the answer is "no" and the GPUs overflow: as many of the last layers as
 * fit (llama.cpp -ngl counts from the end), the first ones left off, so every device stays within its
 * capacity and gpuLayers is what really fits. Null when the placement already fits the GPUs.
 */
function noFitPicture(p: PreparedModel, kv: KvDetail, terms: ComputeTerms, pl: Placement, slots: readonly GpuSlot[], adjust: PlacementAdjust | undefined): Placement | null {
	if (pl.fits || slots.length === 0) return null;
	return fewestCpuLayers(p, kv, terms, slots, adjust);
}

function finishLlama(
	req: EstimateRequest,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	pl: Placement,
	mode: PlanMode,
	ram: number | null,
	slots: readonly GpuSlot[],
	adjust: PlacementAdjust | undefined,
): LlamaResult {
	const hw = req.hardware;
	const gpuCount = slots.length;
	let computeBytes = 0;
	let overheadBytes = 0;
	for (const g of pl.gpus) {
		computeBytes += g.computeBytes;
		overheadBytes += g.slot.budget.overheadBytes;
	}
	computeBytes += pl.host.computeBytes;
	if (hw === null) return { fit: null, placement: pl, computeBytes, overheadBytes, mode };
	const hostNeed = pl.host.weightsBytes - (gpuCount > 0 ? p.embeddingBytes : 0) + pl.host.kvBytes + pl.host.computeBytes;
	let verdict: FitEstimate["verdict"];
	let shortBy = 0;
	if (gpuCount === 0) {
		const need = pl.host.weightsBytes + pl.host.kvBytes + pl.host.computeBytes;
		verdict = ram !== null && need <= ram ? "fits" : "no";
		shortBy = ram === null ? need : Math.max(0, need - ram);
	} else if (pl.fits && mode === "none") {
		verdict = "fits";
	} else if (pl.fits && ram !== null && hostNeed <= ram) {
		verdict = "offload";
	} else {
		verdict = "no";
		// shortBy = what a full fit still lacks: the GPUs' overflow (without RAM pl is the all-GPU layout,
		// no offload was tried), plus with RAM what the offloaded part needs beyond it
		shortBy = pl.overflowBytes + (ram !== null ? Math.max(0, hostNeed - ram) : 0);
	}
	// the per-device picture: the placement, or for a "no" that overflows the GPUs what really fits
	const picture = verdict === "no" ? (noFitPicture(p, kv, terms, pl, slots, adjust) ?? pl) : pl;
	const L = p.layers;
	const gpuLayers = gpuCount === 0 ? 0 : L - picture.gpuStart + (picture.outputOnGpu ? 1 : 0);
	const offloaded = picture !== pl ? "none" : mode;
	// fields assigned one by one, in the order of FitEstimate, around the lazy one (see lazyProperty.ts)
	const fit = new LazyOwner() as LazyOwner & FitEstimate;
	fit.verdict = verdict;
	fit.gpuLayers = gpuLayers;
	fit.totalLayers = L + 1;
	fit.devices = deviceUses(picture);
	// RAM holds the offloaded part only when RAM was given; a "no" without RAM offloads nothing
	fit.offloadBytes = gpuCount === 0 || offloaded === "none" || ram === null ? 0 : pl.host.weightsBytes - p.embeddingBytes + pl.host.kvBytes;
	fit.offloadMode = gpuCount === 0 ? "none" : offloaded;
	fit.shortByBytes = verdict === "no" ? Math.max(1, Math.round(shortBy)) : 0;
	// The largest-context search is a handful of layouts, most of an estimate's cost, and scans (gpus,
	// bestfit, suggestions) never read it: it runs on first read and is kept, so every reader (and
	// JSON.stringify, which reads getters) sees the same number as an eager search. Defined between
	// shortByBytes and tensorParallel to keep the fields' order.
	defineMaxContext(fit, () => searchMaxContext(req, contextSlack(req, p, slots, ram, adjust)));
	fit.tensorParallel = null;
	fit.problems = [];
	fit.cpuMoeLayers = fit.offloadMode === "experts" ? pl.expertsOnCpu : 0;
	return { fit, placement: pl, computeBytes, overheadBytes, mode };
}

/** The memory totals every runtime reports: weights as loaded, KV for all sequences, buffers, overhead. */
function memoryOf(p: PreparedModel, kv: KvDetail, computeBytes: number, overheadBytes: number, parallel: number): MemoryEstimate {
	return {
		fileBytes: p.weights.fileBytes,
		weightsBytes: p.weights.weightsBytes,
		weights: p.weights.weights,
		kvCacheBytes: kv.bytes,
		computeBytes,
		overheadBytes,
		totalBytes: p.weights.weightsBytes + kv.bytes + computeBytes + overheadBytes,
		paddedContextTokens: kv.fullCells / parallel,
	};
}

/** Estimate memory, fit and speed for one request. Throws EngineInputError on bad input. */
export function estimate(req: EstimateRequest): Estimate {
	validateRequest(req);
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	if (req.runtime === "vllm") {
		const v = vllmEstimate(req, p, kv);
		return {
			memory: memoryOf(p, kv, v.activationBytes, v.overheadBytes, req.parallel),
			fit: v.fit,
			speed: v.speed,
			assumptions: v.assumptions,
			vllm: v.pool,
		};
	}
	const r = llamaFamily(req, p, kv);
	const speed = req.hardware === null ? null : speedFor(req, p, kv, r.placement);
	const est = new LazyOwner() as LazyOwner & Estimate;
	est.memory = memoryOf(p, kv, r.computeBytes, r.overheadBytes, req.parallel);
	est.fit = r.fit;
	est.speed = speed;
	// Most estimates are steps of a scan or a ladder whose assumptions nobody reads: the strings are
	// built on first read and kept (an own enumerable property, so spreads and JSON.stringify see them).
	defineAssumptions(est, () => llamaAssumptions(req, p, kv, r, speed !== null));
	return est;
}

/** What a llama.cpp-family estimate assumed, in the order the answer states it. */
function llamaAssumptions(req: EstimateRequest, p: PreparedModel, kv: KvDetail, r: LlamaResult, hasSpeed: boolean): string[] {
	const fa = resolveFlashAttention(req);
	const assumptions = [
		`${req.runtime}: context ${req.contextTokens} × ${req.parallel} sequence(s), padded to ${kv.fullCells} cells; KV ${req.kvCacheType}; flash attention ${fa ? "on" : "off"}; ubatch ${req.ubatch}`,
	];
	if (r.mode === "experts") assumptions.push(`MoE experts of the first ${r.placement.expertsOnCpu} layers in system RAM (--n-cpu-moe ${r.placement.expertsOnCpu})`);
	if (r.mode === "layers") assumptions.push(`first ${r.placement.gpuStart} layers on the CPU (-ngl ${p.layers - r.placement.gpuStart})`);
	if (r.placement.pipeline) assumptions.push("pipeline parallelism across GPUs (GGML_SCHED_MAX_COPIES = 4)");
	if (hasSpeed) assumptions.push("decode from a short context; prefill of a 512-token prompt; efficiencies fitted on llama-bench rows (±30 %)");
	return assumptions;
}

/** Largest context (tokens per sequence) that fits fully on the devices; 0 when not even the weights do. */
export function maxContextThatFits(req: EstimateRequest): number {
	const e = estimate(req);
	return e.fit?.maxContextTokens ?? 0;
}

/** Bytes the GPUs together must hold for a full fit: the weights for vLLM, all layers + KV + output otherwise. */
function mustHoldBytes(req: EstimateRequest, p: PreparedModel, kv: KvDetail): number {
	return req.runtime === "vllm" ? p.weights.weightsBytes : gpuBytesAllLayers(p, kv);
}

/** Fewest devices of `capacity` bytes that could hold `mustHold` (a lower bound; layouts decide). */
function lowestCount(mustHold: number, capacity: number): number {
	// integer bytes: the quotient is exact when whole; the epsilon only guards the bound from rounding up
	return Math.max(1, Math.ceil(mustHold / capacity - 1e-9));
}

/**
 * A screen for scans of many single devices (the gpus command): prepares the request once and returns
 * a test that is false only when one `device` cannot hold the request fully, by the same lower bound
 * fewestDevices() starts its search from (what the GPUs must hold over one device's budget). True
 * means "estimate it": the layouts decide. CPUs and devices without a positive budget are not screened.
 */
export function singleDeviceScreen(req: EstimateRequest): (device: Device) => boolean {
	validateSettings(req);
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	const mustHold = mustHoldBytes(req, p, kv);
	return (device) => {
		if (device.kind === "cpu") return true;
		const capacity = cachedBudget(device, req.runtime).capacityBytes;
		return !(capacity > 0) || lowestCount(mustHold, capacity) <= 1;
	};
}

/** What a scan row shows of one device that holds the request fully (the numbers of its estimate). */
export interface SingleDeviceFit {
	/** fit.devices[0].usedBytes */
	usedBytes: number;
	/** fit.devices[0].capacityBytes */
	capacityBytes: number;
	/** speed.decodeTokensPerSecond */
	decodeTokensPerSecond: number;
}

/** What the fewest-devices row shows: the count fewestDevices() finds and the decode rate of that many. */
export interface FewestFit {
	count: number;
	/** speed.decodeTokensPerSecond of the estimate on `count` × device, null when that estimate fails */
	decodeTokensPerSecond: number | null;
}

/** A prepared request for the gpus command's two scans (DeviceScan.alone and DeviceScan.fewest). */
export interface DeviceScan {
	/**
	 * A prepared request for scans of many single devices (the gpus command estimates ~100 per answer):
	 * validation, prepare(), the KV detail, the compute terms and MLX's activation term are computed once
	 * for the request, and each device then costs one layout and one speed sum. alone() answers
	 * for `hardware` what `estimate({ ...req, hardware })` says when its verdict is "fits" (same numbers,
	 * same code paths) and null for any other verdict, without building what a scan row never shows: the
	 * "no" picture (fewestCpuLayers), the per-device list, the lazy max-context and assumption fields.
	 * It screens first, as singleDeviceScreen() does: a device whose budget is below what the GPUs must
	 * hold cannot fit, so it costs no layout (a scan using this needs no separate screen).
	 * Throws like estimate() on a bad request or device. Hardware other than one accelerator without RAM,
	 * and vLLM, go through the full estimate.
	 */
	alone(hardware: HardwareSpec): SingleDeviceFit | null;
	/**
	 * fewestDevices(req, device, maxCount) and the decode rate of estimate() on that many: the same
	 * layouts, the rate read from the one that fits instead of a second, full estimate. Null when no
	 * count up to maxCount fits; throws like fewestDevices().
	 */
	fewest(device: Device, maxCount: number): FewestFit | null;
}

export function deviceScan(req: EstimateRequest): DeviceScan {
	validateSettings(req);
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	const terms = termsFor(req, kv);
	const adjust = req.runtime === "mlx" ? mlxAdjust(mlxActivationBytes(req)) : undefined;
	const mustHold = mustHoldBytes(req, p, kv);
	const viaEstimate = (hardware: HardwareSpec): SingleDeviceFit | null => {
		const e = estimate({ ...req, hardware });
		const d = e.fit?.devices[0];
		if (e.fit?.verdict !== "fits" || d === undefined || e.speed === null) return null;
		return { usedBytes: d.usedBytes, capacityBytes: d.capacityBytes, decodeTokensPerSecond: e.speed.decodeTokensPerSecond };
	};
	const viaFewest = (device: Device, maxCount: number): FewestFit | null => {
		const count = fewestDevices(req, device, maxCount);
		if (count === null) return null;
		let decode: number | null = null;
		try {
			decode = estimate({ ...req, hardware: { devices: [{ device, count }], systemMemoryBytes: null } }).speed?.decodeTokensPerSecond ?? null;
		} catch {
			decode = null;
		}
		return { count, decodeTokensPerSecond: decode };
	};
	const fewest = (device: Device, maxCount: number): FewestFit | null => {
		if (req.runtime === "vllm" || device.kind === "cpu") return viaFewest(device, maxCount);
		// fewestDevices() for llama.cpp-family runtimes, step by step
		const max = Math.min(maxCount, LIMITS.maxDevices);
		if (!(device.memoryBytes > 0) || !(device.bandwidthBytesPerSecond > 0)) throw new EngineInputError(`Device ${device.name} has no memory or bandwidth.`);
		const budget = cachedBudget(device, req.runtime);
		if (!(budget.capacityBytes > 0)) return null;
		const found = firstFittingCount(req, p, kv, terms, adjust, lowestCount(mustHold, budget.capacityBytes), device, max);
		// n fits: estimate() on n × device (no RAM) lays out exactly this placement and reads its speed
		return found === null ? null : { count: found.count, decodeTokensPerSecond: decodeAndPrefill(req, found.hardware, p, kv, found.placement) };
	};
	const alone = (hardware: HardwareSpec): SingleDeviceFit | null => {
		const only = hardware.devices.length === 1 ? hardware.devices[0] : undefined;
		if (req.runtime === "vllm" || only === undefined || only.count !== 1 || only.device.kind === "cpu" || hardware.systemMemoryBytes !== null) return viaEstimate(hardware);
		const device = only.device;
		// validateRequest's device check (the request itself was validated above)
		if (!(device.memoryBytes > 0) || !(device.bandwidthBytesPerSecond > 0)) throw new EngineInputError(`Device ${device.name} has no memory or bandwidth.`);
		const slots = gpuSlots(hardware, req.runtime);
		// singleDeviceScreen's bound: a layout of this device would not fit
		const capacity = slots[0]?.budget.capacityBytes ?? 0;
		if (capacity > 0 && lowestCount(mustHold, capacity) > 1) return null;
		// estimate() without RAM: llama.cpp/Ollama plan no offload (planLlama's full layout), MLX adjusts
		// the same layout; either way the verdict is "fits" exactly when that layout fits.
		// The scratch layout: only its numbers are read, before the next layout.
		const pl = layoutScratch(p, kv, terms, slots, 0, 0);
		if (adjust !== undefined) adjust(pl);
		const g = pl.gpus[0];
		if (!pl.fits || g === undefined) return null;
		return { usedBytes: g.usedBytes, capacityBytes: g.capacityBytes, decodeTokensPerSecond: decodeAndPrefill(req, hardware, p, kv, pl) };
	};
	return { alone, fewest };
}

/**
 * Smallest N such that N × `device` holds the model fully (null when more than maxCount would be needed).
 * N below ⌈bytes the GPUs must hold / capacity of one⌉ cannot fit, so the check starts there; each
 * candidate is one layout (llama.cpp family) rather than a whole estimate.
 */
export function fewestDevices(req: EstimateRequest, device: Device, maxCount = 16): number | null {
	const max = Math.min(maxCount, LIMITS.maxDevices);
	const withCount = (n: number): EstimateRequest => ({ ...req, hardware: { devices: [{ device, count: n }], systemMemoryBytes: null } });
	const first = withCount(1);
	validateRequest(first);
	if (device.kind === "cpu") {
		for (let n = 1; n <= max; n++) if (estimate(withCount(n)).fit?.verdict === "fits") return n;
		return null;
	}
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	const budget = deviceBudget(device, req.runtime);
	const mustHold = mustHoldBytes(req, p, kv);
	if (!(budget.capacityBytes > 0)) return null;
	const lowest = lowestCount(mustHold, budget.capacityBytes);
	if (req.runtime === "vllm") {
		for (let n = lowest; n <= max; n++) if (vllmEstimate(withCount(n), p, kv).fit?.verdict === "fits") return n;
		return null;
	}
	const terms = termsFor(req, kv);
	const adjust = req.runtime === "mlx" ? mlxAdjust(mlxActivationBytes(req)) : undefined;
	return firstFittingCount(req, p, kv, terms, adjust, lowest, device, max)?.count ?? null;
}

/**
 * The llama.cpp-family search of fewestDevices() and DeviceScan.fewest: from `lowest` up to `max`, the
 * first n × `device` (no RAM) whose layout fits — the same slots estimate() would lay out for that
 * hardware (shared, see gpuSlots). The placement is the scratch one: read it before the next layout.
 */
function firstFittingCount(req: EstimateRequest, p: PreparedModel, kv: KvDetail, terms: ComputeTerms, adjust: PlacementAdjust | undefined, lowest: number, device: Device, max: number): { count: number; hardware: HardwareSpec; placement: Placement } | null {
	for (let n = lowest; n <= max; n++) {
		const hardware: HardwareSpec = { devices: [{ device, count: n }], systemMemoryBytes: null };
		const placement = layoutScratch(p, kv, terms, gpuSlots(hardware, req.runtime), 0, 0);
		if (adjust !== undefined) adjust(placement);
		if (placement.fits) return { count: n, hardware, placement };
	}
	return null;
}

export { deviceBudget, deviceComputeBytes };
