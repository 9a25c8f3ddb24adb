/**
 * estimate(): memory, fit per device and speed for one request. Pure and fast: the per model × quant
 * work (weights, per-layer prefix sums, FLOPs) is memoized in prepare(); a layout is
 * O(devices × log layers), the offload searches start from a bound on total bytes, and the max-context
 * search steps over llama.cpp's 256-cell blocks, so one call costs tens of microseconds.
 */
import type { Device } from "../catalog/schema.js";
import { type ComputeInputs, type ComputeTerms, computeTerms, deviceComputeFrom } from "./compute.js";
import { EngineInputError } from "./errors.js";
import {
	cachedBudget,
	clonePlacement,
	fewestCpuLayers,
	gpuBytesAllLayers,
	gpuCapacityBytes,
	gpuUsedBytes,
	type GpuSlot,
	gpuSlotOf,
	gpuSlots,
	hostMemory,
	OS_RAM_RESERVE_BYTES,
	systemRam,
	layoutScratch,
	mlxAdjust,
	type Placement,
	type PlacementAdjust,
	planLlama,
	type PlanMode,
} from "./fit.js";
import { type KvDetail, kvDetailFrom, type KvOptions, LLAMA_CPP_CTX_PADDING, MLX_KV_STEP } from "./kvCache.js";
import { LazyOwner, lazyProperty } from "./lazyProperty.js";
import { LIMITS } from "./limits.js";
import { expertBytesIn, moeLayersIn, PREFILL_TOKENS, type PreparedModel, prepare } from "./prepared.js";
import { DEFAULT_SYSTEM_RAM_BANDWIDTH } from "./budget.js";
import { unifiedRule } from "./unified.js";
import {
	DEFAULT_SYSTEM_CPU_FLOPS,
	decodeSeconds,
	FLOPS_PER_BYTE_BY_GENERATION,
	kvReadBytes,
	matrixFlops,
	partDecodeSeconds,
	prefillSeconds,
	type SpeedInputs,
	type SpeedPart,
	speedBand,
	speedClass,
	withLayerSplitHops,
} from "./speed.js";
import type { SpeedCoefficients } from "./speedCoefficients.js";
import { SPEED_FIT } from "./speedFit.js";
import type { DeviceUse, Estimate, EstimateRequest, FitEstimate, HardwareSpec, SpeedEstimate, MemoryEstimate } from "./types.js";
import { vllmEstimate } from "./vllm.js";
import { Workspace } from "./workspace.js";

export { PREFILL_TOKENS };
/** Context at which the reported decode rate is taken: llama-bench tg128/tg512 start from an empty cache. */
export const DECODE_CONTEXT_TOKENS = 256;

/** A whole number in [min, max] (false for NaN, ±Infinity and non-numbers). */
function isWholeIn(v: number, min: number, max: number): boolean {
	return typeof v === "number" && Math.floor(v) === v && v >= min && v <= max;
}

function checkFiniteInt(name: string, v: number, min: number, max: number): void {
	if (typeof v !== "number" || !Number.isFinite(v) || Math.floor(v) !== v) throw new EngineInputError(`${name} must be a whole number, got ${String(v)}.`);
	if (v < min) throw new EngineInputError(`${name} must be at least ${min}, got ${v}.`);
	if (v > max) throw new EngineInputError(`${name} must be at most ${max}, got ${v}.`);
}

/**
 * Reject zero/negative/NaN/absurd inputs with a message that says which and why. With a workspace, the
 * hardware checked last there is not checked again: a question's estimates share its HardwareSpec
 * (never mutated), and reading each catalog device's fields again (several object shapes, so slow
 * loads) for every estimate of the question was a steady cost.
 */
export function validateRequest(req: EstimateRequest, ws?: Workspace): void {
	validateSettings(req);
	const hw = req.hardware;
	if (hw === null || (ws !== undefined && ws.validHardware === hw)) return;
	validateHardware(hw);
	if (ws !== undefined) ws.validHardware = hw;
}

function validateHardware(hw: HardwareSpec): void {
	const groups = hw.devices;
	let n = 0;
	for (const g of groups) n += g.count;
	if (groups.length === 0 || n === 0) throw new EngineInputError("No devices given: name at least one GPU, Mac or CPU.");
	if (n > LIMITS.maxDevices) throw new EngineInputError(`At most ${LIMITS.maxDevices} devices per request, got ${n}.`);
	for (const g of groups) {
		// the message names the device: build it only when the check fails (this runs on every estimate)
		if (!isWholeIn(g.count, 1, LIMITS.maxDevices)) checkFiniteInt(`Count of ${g.device.name}`, g.count, 1, LIMITS.maxDevices);
		if (!(g.device.memoryBytes > 0) || !(g.device.bandwidthBytesPerSecond > 0))
			throw new EngineInputError(`Device ${g.device.name} has no memory or bandwidth.`);
	}
	const ram = hw.systemMemoryBytes;
	if (ram !== null && (!Number.isFinite(ram) || ram <= 0 || ram > LIMITS.maxSystemMemoryBytes)) {
		throw new EngineInputError("System RAM must be a positive size of at most 64 TiB.");
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
 * kvDetailFrom(p.kvFacts, kvOptions(req, ctx)), the workspace's last result reused when the inputs are
 * the same (see Workspace: a command's estimates mostly differ only in hardware).
 */
function kvFor(req: EstimateRequest, p: PreparedModel, ws: Workspace = new Workspace()): KvDetail {
	const ctx = req.contextTokens;
	const fa = resolveFlashAttention(req);
	if (
		ws.kv !== undefined &&
		ws.kvFacts === p.kvFacts &&
		ws.kvCtx === ctx &&
		ws.kvType === req.kvCacheType &&
		ws.kvRuntime === req.runtime &&
		ws.kvUbatch === req.ubatch &&
		ws.kvParallel === req.parallel &&
		ws.kvFa === fa
	)
		return ws.kv;
	const kv = kvDetailFrom(p.kvFacts, kvOptions(req, ctx));
	ws.kvFacts = p.kvFacts;
	ws.kvCtx = ctx;
	ws.kvType = req.kvCacheType;
	ws.kvRuntime = req.runtime;
	ws.kvUbatch = req.ubatch;
	ws.kvParallel = req.parallel;
	ws.kvFa = fa;
	ws.kv = kv;
	return kv;
}

/**
 * The compute-buffer terms of one (request, KV size): the same for every layout an estimate tries.
 * A KV detail from kvFor() stands for its model facts (one object per model, prepared.ts), ubatch and
 * flash attention, everything the terms read besides them, so the last terms are reused for the same one.
 */
function termsFor(req: EstimateRequest, kv: KvDetail, ws: Workspace = new Workspace()): ComputeTerms {
	if (ws.terms !== undefined && ws.termsKv === kv) return ws.terms;
	const terms = computeTerms(computeInputs(req, kv));
	ws.termsKv = kv;
	ws.terms = terms;
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

/**
 * The physical inputs of the speed model (speed.ts) for a placement: per device what one decoded token
 * reads and runs, what a prompt token computes, what a prefill ubatch reads or uploads. Built once per
 * estimate with hardware; speed.ts turns them into seconds with the fitted coefficients.
 */
export function speedInputs(
	req: EstimateRequest,
	hw: HardwareSpec | null,
	p: PreparedModel,
	kv: KvDetail,
	placement: Placement,
	into: SpeedInputs | null = null,
): SpeedInputs {
	const k = kv.kinds;
	const activeExperts = p.activeExperts;
	const expertCount = p.experts;
	// share of the routed experts one ubatch of U tokens touches: 1 − (1 − k/E)^U (all of them at U = 512);
	// expertActiveFraction is min(1, k/E), and 1 for a dense model, where this is 1 − 0^U = 1
	const touched = 1 - (1 - p.expertActiveFraction) ** req.ubatch;
	const hiddenSize = p.hiddenSize;
	const qDim = p.qDim;
	const attending = p.layers - (k.linear[k.layers] ?? 0);
	// prepared.ts promptFlops = matmul + attention over half of a PREFILL_TOKENS prompt; split them again
	const attnPerLayer = 4 * qDim;
	const matmulFlops = Math.max(0, p.flopsPerPromptToken - attending * attnPerLayer * (PREFILL_TOKENS / 2));
	let totalActive = 0;
	for (const g of placement.gpus) totalActive += g.activeWeightsBytes;
	totalActive += placement.host.activeWeightsBytes;
	const fullPerCell = kv.fullLayerBytes / Math.max(1, kv.fullCells);
	const slidingPerCell = kv.slidingLayerBytes / Math.max(1, kv.swaCells);
	const parts: SpeedPart[] = into?.parts ?? [];
	let n = 0;
	for (const g of placement.gpus) {
		if (g.endLayer <= g.firstLayer && !g.hasOutput) continue;
		const first = g.firstLayer;
		const end = g.endLayer;
		// the layer range's MoE layers and routed-expert bytes on the GPU (the experts of layers below
		// expertsOnCpu are in RAM), and its layers by attention kind: prefix differences, plain locals
		const onGpu = Math.max(first, placement.expertsOnCpu);
		const moeLayers = moeLayersIn(p, onGpu, end);
		const experts = expertBytesIn(p, onGpu, end);
		const nFull = (k.full[end] ?? 0) - (k.full[first] ?? 0);
		const nSliding = (k.sliding[end] ?? 0) - (k.sliding[first] ?? 0);
		const nLinear = (k.linear[end] ?? 0) - (k.linear[first] ?? 0);
		const part = partAt(parts, n++);
		part.backend = g.slot.speedKey;
		part.bandwidth = g.slot.bandwidth;
		part.flops = g.slot.flops;
		part.weightBytes = g.activeWeightsBytes;
		part.kvBytesPerContextToken = nFull * fullPerCell;
		part.kvSlidingBytesPerContextToken = nSliding * slidingPerCell;
		part.kvFixedBytes = nLinear * kv.linearLayerBytes;
		part.layers = end - first;
		part.moeLayers = moeLayers;
		part.promptFlops = totalActive > 0 ? (matmulFlops * g.activeWeightsBytes) / totalActive : 0;
		// FLOPs follow the active weights; the routed experts' share is their active bytes over all active bytes
		part.expertPromptFlops = totalActive > 0 ? (matmulFlops * experts * p.expertActiveFraction) / totalActive : 0;
		part.activationBytesPerToken = (end - first) * hiddenSize * 4;
		part.expertMatmulsPerUbatch = moeLayers * expertCount * touched;
		part.attentionFlopsPerContextToken = (nFull + nSliding) * attnPerLayer;
		part.ubatchReadBytes = g.weightsBytes - experts * (1 - touched);
		part.uploadBytes = 0;
	}
	const hostActive = placement.host.activeWeightsBytes;
	if (hostActive > 0 && (placement.host.layers > 0 || placement.expertsOnCpu > 0 || !placement.outputOnGpu)) {
		const cpuOnly = placement.gpus.length === 0;
		const hostLayers = cpuOnly ? p.layers : placement.host.layers;
		// the host's layers 0 … hostLayers − 1: routed-expert bytes above expertsOnCpu, layers by attention kind
		const hostExperts = expertBytesIn(p, Math.max(0, placement.expertsOnCpu), hostLayers);
		const hostFull = (k.full[hostLayers] ?? 0) - (k.full[0] ?? 0);
		const hostSliding = (k.sliding[hostLayers] ?? 0) - (k.sliding[0] ?? 0);
		const hostLinear = (k.linear[hostLayers] ?? 0) - (k.linear[0] ?? 0);
		// routed experts held in RAM by -ot exps=CPU / --n-cpu-moe (layers below expertsOnCpu), and the
		// MoE layers the CPU runs: those and the host's own
		const ramExperts = expertBytesIn(p, hostLayers, placement.expertsOnCpu);
		const ramMoeLayers = moeLayersIn(p, hostLayers, placement.expertsOnCpu) + moeLayersIn(p, 0, hostLayers);
		// the system RAM part: the named CPU, else a unified host's memory run by its CPU, else the defaults
		const cpu = cpuDevice(hw);
		const unified = cpu === null ? unifiedHost(hw) : null;
		const bandwidth = cpu?.bandwidthBytesPerSecond ?? unified?.bandwidthBytesPerSecond ?? DEFAULT_SYSTEM_RAM_BANDWIDTH;
		const flops =
			cpu !== null ? matrixFlops(cpu) : unified !== null ? unified.bandwidthBytesPerSecond * FLOPS_PER_BYTE_BY_GENERATION.cpu : DEFAULT_SYSTEM_CPU_FLOPS;
		const hostFlops = totalActive > 0 ? (matmulFlops * hostActive) / totalActive : matmulFlops;
		// with a GPU, llama.cpp runs a prompt ubatch's matmuls of RAM-held weights on the first GPU after
		// copying them over PCIe (op offload, batch ≥ 32): the FLOPs go to that GPU, the bytes to the upload
		const first = n > 0 ? parts[0] : undefined;
		const hostExpertFlops = totalActive > 0 ? (matmulFlops * (hostExperts + ramExperts) * p.expertActiveFraction) / totalActive : 0;
		if (!cpuOnly && first !== undefined) {
			first.promptFlops += hostFlops;
			first.expertPromptFlops += hostExpertFlops;
		}
		const part = partAt(parts, n++);
		part.backend = "cpu";
		part.bandwidth = bandwidth;
		part.flops = flops;
		part.weightBytes = hostActive;
		part.kvBytesPerContextToken = hostFull * fullPerCell;
		part.kvSlidingBytesPerContextToken = hostSliding * slidingPerCell;
		part.kvFixedBytes = hostLinear * kv.linearLayerBytes;
		part.layers = hostLayers;
		part.moeLayers = ramMoeLayers;
		part.promptFlops = cpuOnly || first === undefined ? hostFlops : 0;
		part.expertPromptFlops = cpuOnly || first === undefined ? hostExpertFlops : 0;
		part.activationBytesPerToken = cpuOnly ? hostLayers * hiddenSize * 4 : 0;
		part.expertMatmulsPerUbatch = cpuOnly ? ramMoeLayers * expertCount * touched : 0;
		part.attentionFlopsPerContextToken = cpuOnly ? (hostFull + hostSliding) * attnPerLayer : 0;
		part.ubatchReadBytes = cpuOnly ? placement.host.weightsBytes - p.embeddingBytes - (hostExperts + ramExperts) * (1 - touched) : 0;
		part.uploadBytes = cpuOnly ? 0 : placement.host.weightsBytes - p.embeddingBytes;
	}
	// a reused list from a placement with more parts: only this one's n parts stay listed
	parts.length = n;
	const quantized = p.quantized;
	const slidingWindow = p.slidingWindow;
	if (into === null) return { parts, activeExperts, quantized, slidingWindow, ubatch: req.ubatch };
	into.activeExperts = activeExperts;
	into.quantized = quantized;
	into.slidingWindow = slidingWindow;
	into.ubatch = req.ubatch;
	return into;
}

/** The part at index i of `parts`: the one there (a reused SpeedInputs' list), else a new one appended; every field is then written. */
function partAt(parts: SpeedPart[], i: number): SpeedPart {
	let part = parts[i];
	if (part === undefined) {
		part = {
			backend: "cpu",
			bandwidth: 0,
			flops: 0,
			weightBytes: 0,
			kvBytesPerContextToken: 0,
			kvSlidingBytesPerContextToken: 0,
			kvFixedBytes: 0,
			layers: 0,
			moeLayers: 0,
			promptFlops: 0,
			expertPromptFlops: 0,
			activationBytesPerToken: 0,
			expertMatmulsPerUbatch: 0,
			attentionFlopsPerContextToken: 0,
			ubatchReadBytes: 0,
			uploadBytes: 0,
		};
		parts.push(part);
	}
	return part;
}

/**
 * Speed of a placement (speed.ts over speedInputs): decode from a short context (llama-bench tg runs start
 * from an empty cache) and at the asked context, prefill of 512 tokens and of the asked prompt, and the
 * bands of the placement's class.
 */
function speedFor(req: EstimateRequest, p: PreparedModel, kv: KvDetail, placement: Placement, ws: Workspace): SpeedEstimate {
	// the workspace's inputs from the last speed sum, rewritten in place (their numbers are read here only)
	const inputs = speedInputs(req, req.hardware, p, kv, placement, ws.speedInputs);
	ws.speedInputs = inputs;
	const decode = 1 / decodeSeconds(inputs, Math.min(DECODE_CONTEXT_TOKENS, req.contextTokens));
	const cls = speedClass(inputs, unifiedHost(req.hardware) !== null);
	const prefill = PREFILL_TOKENS / prefillSeconds(inputs, PREFILL_TOKENS);
	return {
		decodeTokensPerSecond: decode,
		prefillTokensPerSecond: prefill,
		timeToFirstTokenSeconds: prefillSeconds(inputs, req.contextTokens),
		band: speedBand(cls, "decode"),
		decodeAtContextTokensPerSecond: 1 / decodeSeconds(inputs, req.contextTokens),
		prefillBand: speedBand(cls, "prefill"),
		speedClass: cls,
	};
}

/**
 * decodeSeconds(speedInputs(req, hw, p, kv, placement), depth) without the SpeedInputs: the decode sum
 * reads 6 of a part's 16 fields, and a scan (the gpus command's ~100 devices per answer) built every
 * part object (their numbers boxed one by one) to read those. The same terms in the same order, so the
 * same float: speedInputs' decode fields per part, then decodeSeconds' sum (tests/engine/fastpaths.test.ts
 * holds the two equal).
 */
export function decodeSecondsOf(
	hw: HardwareSpec | null,
	p: PreparedModel,
	kv: KvDetail,
	placement: Placement,
	depth: number,
	fit: SpeedCoefficients = SPEED_FIT.coefficients,
): number {
	return decodeSecondsWith(decodeTermsOf(p, kv, depth), hw, p, placement, fit);
}

/**
 * What decodeSecondsOf reads of the request and its KV detail, read once: a scan sums ~100 placements
 * of one request, and the model's fields are slow loads (catalog models come in many object shapes).
 */
interface DecodeTerms {
	kinds: KvDetail["kinds"];
	activeExperts: number;
	window: number | null;
	fullPerCell: number;
	slidingPerCell: number;
	linearLayerBytes: number;
	depth: number;
}

function decodeTermsOf(p: PreparedModel, kv: KvDetail, depth: number): DecodeTerms {
	return {
		kinds: kv.kinds,
		activeExperts: p.activeExperts,
		window: p.slidingWindow,
		fullPerCell: kv.fullLayerBytes / Math.max(1, kv.fullCells),
		slidingPerCell: kv.slidingLayerBytes / Math.max(1, kv.swaCells),
		linearLayerBytes: kv.linearLayerBytes,
		depth,
	};
}

/** Bytes one decoded token reads on a GPU holding layers first … end−1: its active weights and its layers' KV at the terms' depth. */
function gpuReadBytes(d: DecodeTerms, activeWeightsBytes: number, first: number, end: number): number {
	const k = d.kinds;
	const nFull = (k.full[end] ?? 0) - (k.full[first] ?? 0);
	const nSliding = (k.sliding[end] ?? 0) - (k.sliding[first] ?? 0);
	const nLinear = (k.linear[end] ?? 0) - (k.linear[first] ?? 0);
	return activeWeightsBytes + kvReadBytes(nFull * d.fullPerCell, nSliding * d.slidingPerCell, nLinear * d.linearLayerBytes, d.window, d.depth);
}

/** decodeSecondsOf() from its terms read once (decodeTermsOf). */
function decodeSecondsWith(
	d: DecodeTerms,
	hw: HardwareSpec | null,
	p: PreparedModel,
	placement: Placement,
	fit: SpeedCoefficients = SPEED_FIT.coefficients,
): number {
	const k = d.kinds;
	const activeExperts = d.activeExperts;
	const window = d.window;
	const depth = d.depth;
	let t = 0;
	let running = 0;
	for (const g of placement.gpus) {
		if (g.endLayer <= g.firstLayer && !g.hasOutput) continue;
		const first = g.firstLayer;
		const end = g.endLayer;
		const moeLayers = moeLayersIn(p, Math.max(first, placement.expertsOnCpu), end);
		const bytes = gpuReadBytes(d, g.activeWeightsBytes, first, end);
		const layers = end - first;
		if (bytes <= 0 && layers <= 0) continue;
		running++;
		t += partDecodeSeconds(fit.backends[g.slot.speedKey], bytes, g.slot.bandwidth, layers, moeLayers, activeExperts);
	}
	const hostActive = placement.host.activeWeightsBytes;
	if (hostActive > 0 && (placement.host.layers > 0 || placement.expertsOnCpu > 0 || !placement.outputOnGpu)) {
		const hostLayers = placement.gpus.length === 0 ? p.layers : placement.host.layers;
		const ramMoeLayers = moeLayersIn(p, hostLayers, placement.expertsOnCpu) + moeLayersIn(p, 0, hostLayers);
		const nFull = (k.full[hostLayers] ?? 0) - (k.full[0] ?? 0);
		const nSliding = (k.sliding[hostLayers] ?? 0) - (k.sliding[0] ?? 0);
		const nLinear = (k.linear[hostLayers] ?? 0) - (k.linear[0] ?? 0);
		const cpu = cpuDevice(hw);
		const unified = cpu === null ? unifiedHost(hw) : null;
		const bandwidth = cpu?.bandwidthBytesPerSecond ?? unified?.bandwidthBytesPerSecond ?? DEFAULT_SYSTEM_RAM_BANDWIDTH;
		const bytes = hostActive + kvReadBytes(nFull * d.fullPerCell, nSliding * d.slidingPerCell, nLinear * d.linearLayerBytes, window, depth);
		if (!(bytes <= 0 && hostLayers <= 0)) {
			running++;
			t += partDecodeSeconds(fit.backends.cpu, bytes, bandwidth, hostLayers, ramMoeLayers, activeExperts);
		}
	}
	return withLayerSplitHops(t, running);
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
function searchMaxContext(req: EstimateRequest, slackAt: (ctx: number) => number, slackAtRequest: number | null = null): number {
	const hi0 = Math.min(LIMITS.maxContextTokens, Math.max(req.model.contextLength, req.contextTokens));
	const ctx = req.contextTokens;
	// The slack at the request's own context, when the estimate laid that out (its all-GPU layout): by
	// monotonicity it stands in for one end's check, context 1 when it fits, the top when it does not,
	// and brackets the edge on its side. Either bracket holds the one last fitting block, so the answer
	// is the same, one layout (and KV detail, compute terms) fewer.
	const fitsAtRequest = slackAtRequest !== null && slackAtRequest >= 0 && ctx < hi0;
	const failsAtRequest = slackAtRequest !== null && !(slackAtRequest >= 0);
	// the low end: the request's context when it fits below the top, else context 1
	let lo: number;
	let sLo: number;
	if (fitsAtRequest) {
		lo = Math.max(ctx, Math.min(blockLast(req, ctx), hi0 - 1));
		sLo = slackAtRequest;
	} else {
		sLo = slackAt(1);
		if (!(sLo >= 0)) return 0;
		lo = Math.min(blockLast(req, 1), hi0 - 1);
	}
	// the high end: the request's context when it does not fit, else the top
	let hi: number;
	let sHi: number;
	if (failsAtRequest) {
		hi = Math.min(ctx, Math.max(blockFirst(req, ctx), lo + 1));
		sHi = slackAtRequest;
	} else {
		sHi = slackAt(hi0);
		if (sHi >= 0) return hi0;
		hi = hi0;
	}
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
function contextSlack(
	ws: Workspace,
	req: EstimateRequest,
	p: PreparedModel,
	slots: readonly GpuSlot[],
	ram: number | null,
	adjust: PlacementAdjust | undefined,
): (ctx: number) => number {
	return (ctx) => {
		// each probe is a new context: built directly, so the probes do not evict the request's KV and
		// terms from the kvFor/termsFor memo (the next estimate of the command is at the request's context)
		const k = kvDetailFrom(p.kvFacts, kvOptions(req, ctx));
		const at = layoutScratch(ws, p, k, computeTerms(computeInputs(req, k)), slots, 0, 0);
		// MLX: the same activation term as the verdict, not llama.cpp's compute buffers
		if (adjust !== undefined && slots.length > 0) adjust(at);
		return slackOf(at, ram);
	};
}

/** contextSlack's number for an all-GPU layout (adjusted, for MLX): the smallest free memory over the GPUs, or RAM's without GPUs. */
function slackOf(at: Placement, ram: number | null): number {
	if (at.gpus.length === 0) return ram === null ? Number.NEGATIVE_INFINITY : ram - (at.host.weightsBytes + at.host.kvBytes + at.host.computeBytes);
	let slack = Number.POSITIVE_INFINITY;
	for (const g of at.gpus) slack = Math.min(slack, g.capacityBytes - g.usedBytes);
	// a layout fits exactly when no device overflows (overflowBytes = 0)
	return at.fits ? Math.max(0, slack) : Math.min(-1, slack);
}

/** What the assumptions, built on first read (after other layouts), state of a plan (see LlamaResult). */
interface PlanFacts {
	mode: PlanMode;
	pipeline: boolean;
	gpuCount: number;
	expertsOnCpu: number;
	gpuStart: number;
}

interface LlamaResult extends PlanFacts {
	fit: FitEstimate | null;
	/** planLlama's placement: the workspace's scratch one when the full layout fits, so read it (speedFor) before any other layout */
	placement: Placement;
	computeBytes: number;
	overheadBytes: number;
}

const NO_SLOTS: readonly GpuSlot[] = [];
const defineMaxContext = lazyProperty<number>("maxContextTokens");
const defineAssumptions = lazyProperty<string[]>("assumptions");

/**
 * Ollama loads a multimodal model's vision projector with it, on the first GPU only (ollama/ollama@3241b457
 * llm/memory.go EstimateGPULayers: "Projectors loaded into GPU0 only", gpuZeroOverhead = projectorWeights +
 * projectorGraph); its projectors are F16 GGUFs, so the weights are visionParams × 2 bytes. llama-server
 * loads none unless given --mmproj, vLLM and MLX already count the tower with the weights (weights.ts).
 */
function ollamaProjectorBytes(req: EstimateRequest): number {
	return req.runtime === "ollama" ? req.model.visionParams * 2 : 0;
}

/** The slots with the first GPU's budget reduced by what the runtime puts there beside the layers (Ollama's projector). */
function withProjector(req: EstimateRequest, slots: readonly GpuSlot[]): readonly GpuSlot[] {
	return withProjectorBytes(ollamaProjectorBytes(req), slots);
}

/** withProjector() with the projector's bytes known. */
function withProjectorBytes(proj: number, slots: readonly GpuSlot[]): readonly GpuSlot[] {
	const first = slots[0];
	if (proj === 0 || first === undefined) return slots;
	const budget = { ...first.budget, capacityBytes: first.budget.capacityBytes - proj, overheadBytes: first.budget.overheadBytes + proj };
	return [{ ...first, budget }, ...slots.slice(1)];
}

function llamaFamily(req: EstimateRequest, p: PreparedModel, kv: KvDetail, ws: Workspace = new Workspace()): LlamaResult {
	const hw = req.hardware;
	const ram = hostMemory(hw);
	const slots = hw === null ? NO_SLOTS : withProjector(req, gpuSlots(hw, req.runtime, ws));
	const terms = termsFor(req, kv, ws);
	if (req.runtime === "mlx") {
		// MLX: one unified pool, no compute-buffer reservation; a small documented activation term
		const adjust = mlxAdjust(mlxActivationBytes(req));
		const pl = layoutScratch(ws, p, kv, terms, slots, 0, 0);
		adjust(pl);
		// as planLlama's: the scratch layout when it fits, kept apart from the "no" picture's layouts otherwise
		return finishLlama(ws, req, p, kv, terms, pl.fits ? pl : clonePlacement(pl), "none", ram, slots, adjust);
	}
	const allowOffload = ram !== null;
	const plan = planLlama(ws, p, kv, terms, slots, allowOffload);
	return finishLlama(ws, req, p, kv, terms, plan.placement, plan.mode, ram, slots, undefined);
}

/**
 * What the devices hold when the answer is "no" and the GPUs overflow: as many of the last layers as
 * fit (llama.cpp -ngl counts from the end), the first ones left off, so every device stays within its
 * capacity and gpuLayers is what really fits. Null when the placement already fits the GPUs.
 */
function noFitPicture(
	ws: Workspace,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	pl: Placement,
	slots: readonly GpuSlot[],
	adjust: PlacementAdjust | undefined,
): Placement | null {
	if (pl.fits || slots.length === 0) return null;
	return fewestCpuLayers(ws, p, kv, terms, slots, adjust);
}

function finishLlama(
	ws: Workspace,
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
	if (hw === null) return llamaResult(null, pl, computeBytes, overheadBytes, mode);
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
	const picture = verdict === "no" ? (noFitPicture(ws, p, kv, terms, pl, slots, adjust) ?? pl) : pl;
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
	// With no offload planned, pl is the all-GPU layout at the request's context, the search's own
	// probe there: its slack is read now, before other layouts overwrite the scratch.
	const slackAtRequest = mode === "none" ? slackOf(pl, ram) : null;
	defineMaxContext(fit, () => searchMaxContext(req, contextSlack(ws, req, p, slots, ram, adjust), slackAtRequest));
	fit.tensorParallel = null;
	fit.problems = [];
	fit.cpuMoeLayers = fit.offloadMode === "experts" ? pl.expertsOnCpu : 0;
	return llamaResult(fit, pl, computeBytes, overheadBytes, mode);
}

function llamaResult(fit: FitEstimate | null, pl: Placement, computeBytes: number, overheadBytes: number, mode: PlanMode): LlamaResult {
	return {
		fit,
		placement: pl,
		computeBytes,
		overheadBytes,
		mode,
		pipeline: pl.pipeline,
		gpuCount: pl.gpus.length,
		expertsOnCpu: pl.expertsOnCpu,
		gpuStart: pl.gpuStart,
	};
}

/** The memory totals every runtime reports: weights as loaded, KV for all sequences, buffers, overhead. */
function memoryOf(
	p: PreparedModel,
	kv: KvDetail,
	computeBytes: number,
	overheadBytes: number,
	parallel: number,
	weightsBytes = p.weights.weightsBytes,
): MemoryEstimate {
	return {
		fileBytes: p.weights.fileBytes,
		weightsBytes,
		weights: p.weights.weights,
		kvCacheBytes: kv.bytes,
		computeBytes,
		overheadBytes,
		totalBytes: weightsBytes + kv.bytes + computeBytes + overheadBytes,
		paddedContextTokens: kv.fullCells / parallel,
	};
}

/**
 * Estimate memory, fit and speed for one request. Throws EngineInputError on bad input. `ws` holds the
 * memo and scratch (the question's plan's); without one, the call has its own.
 */
export function estimate(req: EstimateRequest, ws: Workspace = new Workspace()): Estimate {
	validateRequest(req, ws);
	const p = prepare(req.model, req.quant, req.tensors, ws);
	const kv = kvFor(req, p, ws);
	if (req.runtime === "vllm") {
		const v = vllmEstimate(req, p, kv);
		return {
			memory: memoryOf(p, kv, v.activationBytes, v.overheadBytes, req.parallel, v.weightsBytes),
			fit: v.fit,
			speed: v.speed,
			assumptions: [...v.assumptions, ...architectureAssumptions(req)],
			vllm: v.pool ?? null,
		};
	}
	if (req.hardware === null) return memoryOnly(req, p, kv, ws);
	const r = llamaFamily(req, p, kv, ws);
	const speed = speedFor(req, p, kv, r.placement, ws);
	const est = new LazyOwner() as LazyOwner & Estimate;
	est.memory = memoryOf(p, kv, r.computeBytes, r.overheadBytes, req.parallel);
	est.fit = r.fit;
	est.speed = speed;
	// Most estimates are steps of a scan or a ladder whose assumptions nobody reads: the strings are
	// built on first read and kept (an own enumerable property, so spreads and JSON.stringify see them).
	defineAssumptions(est, () => llamaAssumptions(req, p, kv, r, speed !== null));
	return est;
}

/** What a llama.cpp-family plan without hardware states: no offload, no GPUs (planLlama of no slots). */
const NO_HARDWARE_PLAN: Readonly<PlanFacts> = { mode: "none", pipeline: false, gpuCount: 0, expertsOnCpu: 0, gpuStart: 0 };

/**
 * estimate() of a llama.cpp-family request without hardware (the vram table's rows, the headline of
 * gpus and of a question naming no device): the memory alone. Without GPUs every layer and the output
 * stay in host memory, and the layout's one number the memory reads is the host's compute buffer —
 * layoutInto's for no GPUs (deviceComputeFrom of the CPU holding the layers and the output), none for
 * MLX (mlxAdjust) — so it is computed directly instead of laying out, planning and checking a fit
 * nobody reads (no fit and no speed without hardware).
 */
function memoryOnly(req: EstimateRequest, p: PreparedModel, kv: KvDetail, ws: Workspace): Estimate {
	const computeBytes = req.runtime === "mlx" ? 0 : deviceComputeFrom(termsFor(req, kv, ws), "cpu", true, true, 0, false);
	const est = new LazyOwner() as LazyOwner & Estimate;
	est.memory = memoryOf(p, kv, computeBytes, 0, req.parallel);
	est.fit = null;
	est.speed = null;
	defineAssumptions(est, () => llamaAssumptions(req, p, kv, NO_HARDWARE_PLAN, false));
	return est;
}

/**
 * The speed-model inputs of the placement estimate() picks for a llama.cpp-family request (null without
 * hardware or for vLLM): what bench/fit-speed.ts fits the coefficients on, so the fit sees exactly the
 * bytes, layers and FLOPs the answers use.
 */
export function speedInputsFor(req: EstimateRequest): SpeedInputs | null {
	validateRequest(req);
	if (req.hardware === null || req.runtime === "vllm") return null;
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	return speedInputs(req, req.hardware, p, kv, llamaFamily(req, p, kv).placement);
}

/** decodeSecondsOf() at `depth` for the placement speedInputsFor() reads (tests hold it equal to decodeSeconds of those inputs). */
export function decodeSecondsFor(req: EstimateRequest, depth: number): number | null {
	validateRequest(req);
	if (req.hardware === null || req.runtime === "vllm") return null;
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvFor(req, p);
	return decodeSecondsOf(req.hardware, p, kv, llamaFamily(req, p, kv).placement, depth);
}

/** What a llama.cpp-family estimate assumed, in the order the answer states it. */
function llamaAssumptions(req: EstimateRequest, p: PreparedModel, kv: KvDetail, r: PlanFacts, hasSpeed: boolean): string[] {
	const fa = resolveFlashAttention(req);
	const assumptions = [
		`${req.runtime}: context ${req.contextTokens} × ${req.parallel} sequence(s), padded to ${kv.fullCells} cells; KV ${req.kvCacheType}; flash attention ${fa ? "on" : "off"}; ubatch ${req.ubatch}`,
	];
	if (r.mode === "experts") assumptions.push(`MoE experts of the first ${r.expertsOnCpu} layers in system RAM (--n-cpu-moe ${r.expertsOnCpu})`);
	if (r.mode === "layers") assumptions.push(`first ${r.gpuStart} layers on the CPU (-ngl ${p.layers - r.gpuStart})`);
	if (r.pipeline) assumptions.push("pipeline parallelism across GPUs (GGML_SCHED_MAX_COPIES = 4)");
	if (hasSpeed)
		assumptions.push(
			`decode from a short context and at ${req.contextTokens} tokens of context; prefill of a 512-token prompt and of the ${req.contextTokens}-token prompt; coefficients fitted across llama-bench rows (bench/fit-speed.ts)`,
		);
	assumptions.push(...hardwareAssumptions(req.hardware));
	// RAM holds the model (CPU only) or its offloaded part: say what is left to the OS
	const ram = systemRam(req.hardware);
	if (ram !== null && (r.mode !== "none" || slotsOf(req) === 0))
		assumptions.push(
			`system RAM: ${gib(Math.max(0, ram - OS_RAM_RESERVE_BYTES))} of ${gib(ram)} planned for the model, ${gib(OS_RAM_RESERVE_BYTES)} left to the OS (Windows 11's stated minimum, 4 GB)`,
		);
	assumptions.push(...architectureAssumptions(req));
	const proj = ollamaProjectorBytes(req);
	if (proj > 0) {
		assumptions.push(
			r.gpuCount > 0
				? `Ollama loads the vision projector on the first GPU: ${(proj / 2 ** 30).toFixed(2)} GiB (F16, counted with that GPU's overhead)`
				: `Ollama also loads the vision projector (${(proj / 2 ** 30).toFixed(2)} GiB F16), not counted on a CPU-only plan`,
		);
	}
	return assumptions;
}

function gib(bytes: number): string {
	return `${(bytes / 2 ** 30).toFixed(bytes % 2 ** 30 === 0 ? 0 : 1)} GiB`;
}

/** GPU devices in the request (0: CPU only). */
function slotsOf(req: EstimateRequest): number {
	let n = 0;
	for (const g of req.hardware?.devices ?? []) if (g.device.kind !== "cpu") n += g.count;
	return n;
}

/**
 * What the sizing of an architecture rests on when no runtime source of this engine covers it: DeepSeek
 * V4's compressed attention is sized from SGLang's pool arithmetic (kvCache.ts), and llama.cpp, Ollama
 * and MLX have no V4 support in the sources, so their plans for it are estimates of what they would need.
 */
function architectureAssumptions(req: EstimateRequest): string[] {
	const sp = req.model.attention.sparseIndex;
	if (sp !== undefined) {
		const n = sp.perLayer.filter((t) => t !== "none").length;
		return [
			`block-sparse attention (MiniMax-M3): ${n} layers also cache a ${sp.headDim}-wide indexer key per token, sized as SGLang's MiniMaxSparseKVPool allocates it (model dtype)`,
			...(req.runtime === "vllm"
				? []
				: [`${req.runtime} support for MiniMax-M3's sparse attention is not in canirun's sources: this plan is what it would need, not a tested run`]),
		];
	}
	const c = req.model.attention.compressed;
	if (c === undefined) return [];
	const n4 = c.ratios.filter((r) => r === 4).length;
	const n128 = c.ratios.filter((r) => r === 128).length;
	const line = `compressed attention (DeepSeek V4): ${c.ratios.length} layers keep a ${req.model.attention.slidingWindow ?? 0}-token window, ${n4} add an entry per 4 tokens with indexer keys, ${n128} an entry per 128 tokens; KV sized as SGLang's DSV4 pool allocates it (FP8 entries unless kv=f16/bf16)`;
	return req.runtime === "vllm"
		? [line]
		: [
				line,
				`${req.runtime} support for DeepSeek V4's compressed attention is not in canirun's sources (SGLang and vLLM carry V4 model code): this plan is what it would need, not a tested run`,
			];
}

/** Each unified pool's GPU share by its platform's rule, and a CPU's RAM bandwidth (issue 15 items 3, 4). */
function hardwareAssumptions(hw: HardwareSpec | null): string[] {
	const out: string[] = [];
	for (const g of hw?.devices ?? []) {
		const d = g.device;
		if (d.kind === "unified" || d.unifiedMemory) {
			const rule = unifiedRule(d);
			out.push(rule.raise === null ? rule.rule : `${rule.rule}; raised with ${rule.raise.setting}`);
		} else if (d.kind === "cpu") {
			const mem = d.memory;
			const how = mem?.channels !== undefined ? `${mem.channels}-channel ${mem.type}-${mem.transferMTs}` : (d.notes ?? d.name);
			out.push(`CPU decode from system RAM at ${(d.bandwidthBytesPerSecond / 1e9).toFixed(1)} GB/s (${d.name}: ${how})`);
		}
	}
	return out;
}

/** Largest context (tokens per sequence) that fits fully on the devices; 0 when not even the weights do. */
export function maxContextThatFits(req: EstimateRequest, ws: Workspace = new Workspace()): number {
	const e = estimate(req, ws);
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
export function singleDeviceScreen(req: EstimateRequest, ws: Workspace = new Workspace()): (device: Device) => boolean {
	validateSettings(req);
	const p = prepare(req.model, req.quant, req.tensors, ws);
	const kv = kvFor(req, p, ws);
	const mustHold = mustHoldBytes(req, p, kv);
	const runtime = req.runtime;
	return (device) => {
		// the device's cached one-device slot (none for a CPU, which is not screened): its budget is
		// deviceBudget()'s, and without Ollama's projector the capacity is larger, still a valid bound
		const slot = gpuSlotOf(device, runtime, ws);
		if (slot === undefined) return true;
		const capacity = slot.budget.capacityBytes;
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

export function deviceScan(req: EstimateRequest, ws: Workspace = new Workspace()): DeviceScan {
	validateSettings(req);
	const p = prepare(req.model, req.quant, req.tensors, ws);
	const kv = kvFor(req, p, ws);
	const terms = termsFor(req, kv, ws);
	const adjust = req.runtime === "mlx" ? mlxAdjust(mlxActivationBytes(req)) : undefined;
	const mustHold = mustHoldBytes(req, p, kv);
	// read once for the whole scan: the request's and model's fields are slow loads per device
	const runtime = req.runtime;
	const projector = ollamaProjectorBytes(req);
	const decodeTerms = decodeTermsOf(p, kv, Math.min(DECODE_CONTEXT_TOKENS, req.contextTokens));
	// What every scan row's one-GPU layout shares (llama.cpp family, from the first row's layout): the
	// rows differ only in the device's budget, compute buffer and speed coefficients
	let one: OneGpuTerms | null = null;
	const viaEstimate = (hardware: HardwareSpec): SingleDeviceFit | null => {
		const e = estimate({ ...req, hardware }, ws);
		const d = e.fit?.devices[0];
		if (e.fit?.verdict !== "fits" || d === undefined || e.speed === null) return null;
		return { usedBytes: d.usedBytes, capacityBytes: d.capacityBytes, decodeTokensPerSecond: e.speed.decodeTokensPerSecond };
	};
	const viaFewest = (device: Device, maxCount: number): FewestFit | null => {
		const count = fewestDevices(req, device, maxCount, ws);
		if (count === null) return null;
		let decode: number | null = null;
		try {
			decode = estimate({ ...req, hardware: { devices: [{ device, count }], systemMemoryBytes: null } }, ws).speed?.decodeTokensPerSecond ?? null;
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
		const budget = cachedBudget(device, req.runtime, ws);
		if (!(budget.capacityBytes > 0)) return null;
		const found = firstFittingCount(ws, req, p, kv, terms, adjust, lowestCount(mustHold, budget.capacityBytes), device, max);
		// n fits: estimate() on n × device (no RAM) lays out exactly this placement and reads its speed
		return found === null ? null : { count: found.count, decodeTokensPerSecond: 1 / decodeSecondsWith(decodeTerms, found.hardware, p, found.placement) };
	};
	const alone = (hardware: HardwareSpec): SingleDeviceFit | null => {
		const only = hardware.devices.length === 1 ? hardware.devices[0] : undefined;
		if (runtime === "vllm" || only === undefined || only.count !== 1 || hardware.systemMemoryBytes !== null) return viaEstimate(hardware);
		// the device's cached slot (none for a CPU, which goes through the full estimate): its facts are
		// read from the slot, one object shape, rather than from the catalog device
		const own = gpuSlots(hardware, runtime, ws);
		const slot = own[0];
		if (slot === undefined) return viaEstimate(hardware);
		// validateRequest's device check (the request itself was validated above)
		if (!(slot.memoryBytes > 0) || !(slot.bandwidth > 0)) throw new EngineInputError(`Device ${slot.device.name} has no memory or bandwidth.`);
		const slots = projector === 0 ? own : withProjectorBytes(projector, own);
		// singleDeviceScreen's bound: a layout of this device would not fit
		const capacity = slots[0]?.budget.capacityBytes ?? 0;
		if (capacity > 0 && lowestCount(mustHold, capacity) > 1) return null;
		const first = slots[0];
		if (one !== null && first !== undefined) {
			// layoutInto's numbers of this one GPU: its compute buffer, capacity, use and overflow
			const b = first.budget;
			const compute = deviceComputeFrom(terms, first.backend, one.hasLayers, true, one.copied, false);
			const capacityBytes = gpuCapacityBytes(b);
			const usedBytes = gpuUsedBytes(b, one.weightsBytes, one.kvBytes, compute);
			if (Math.max(0, usedBytes - capacityBytes) !== 0) return null;
			// decodeSecondsWith's sum over this one running part
			const t = partDecodeSeconds(
				SPEED_FIT.coefficients.backends[first.speedKey],
				one.readBytes,
				first.bandwidth,
				one.layers,
				one.moeLayers,
				decodeTerms.activeExperts,
			);
			return { usedBytes, capacityBytes, decodeTokensPerSecond: 1 / withLayerSplitHops(t, 1) };
		}
		// estimate() without RAM: llama.cpp/Ollama plan no offload (planLlama's full layout), MLX adjusts
		// the same layout; either way the verdict is "fits" exactly when that layout fits.
		// The scratch layout: only its numbers are read, before the next layout.
		const pl = layoutScratch(ws, p, kv, terms, slots, 0, 0);
		if (adjust !== undefined) adjust(pl);
		const g = pl.gpus[0];
		if (adjust === undefined && g !== undefined) one = oneGpuTerms(pl, g, decodeTerms, p);
		if (!pl.fits || g === undefined) return null;
		return { usedBytes: g.usedBytes, capacityBytes: g.capacityBytes, decodeTokensPerSecond: 1 / decodeSecondsWith(decodeTerms, hardware, p, pl) };
	};
	return { alone, fewest };
}

/**
 * The device-independent part of the layout of all layers and the output on one GPU (gpuStart 0, no
 * experts in RAM): which layers, weights and KV bytes, the copied-weight term of its compute buffer,
 * and what decoding reads on it. A scan of single devices reads them from its first layout and applies
 * each device's budget and coefficients in layoutInto's and decodeSecondsWith's expressions, so the
 * rows are the same numbers without a layout each (~60 per gpus answer). Null when the layout is not
 * that shape (the host part reads or runs something, the part would be skipped): rows then lay out.
 */
interface OneGpuTerms {
	hasLayers: boolean;
	copied: number;
	weightsBytes: number;
	kvBytes: number;
	layers: number;
	moeLayers: number;
	readBytes: number;
}

function oneGpuTerms(pl: Placement, g: Placement["gpus"][number], d: DecodeTerms, p: PreparedModel): OneGpuTerms | null {
	const layers = g.endLayer - g.firstLayer;
	const readBytes = gpuReadBytes(d, g.activeWeightsBytes, g.firstLayer, g.endLayer);
	const hostActive = pl.host.activeWeightsBytes;
	if (
		pl.gpus.length !== 1 ||
		pl.gpuStart !== 0 ||
		pl.expertsOnCpu !== 0 ||
		pl.pipeline ||
		!g.hasOutput ||
		(hostActive > 0 && (pl.host.layers > 0 || !pl.outputOnGpu)) ||
		(readBytes <= 0 && layers <= 0)
	)
		return null;
	return {
		hasLayers: layers > 0,
		copied: p.maxTensorBefore[0] ?? 0,
		weightsBytes: g.weightsBytes,
		kvBytes: g.kvBytes,
		layers,
		moeLayers: moeLayersIn(p, 0, g.endLayer),
		readBytes,
	};
}

/**
 * Smallest N such that N × `device` holds the model fully (null when more than maxCount would be needed).
 * N below ⌈bytes the GPUs must hold / capacity of one⌉ cannot fit, so the check starts there; each
 * candidate is one layout (llama.cpp family) rather than a whole estimate.
 */
export function fewestDevices(req: EstimateRequest, device: Device, maxCount = 16, ws: Workspace = new Workspace()): number | null {
	const max = Math.min(maxCount, LIMITS.maxDevices);
	const withCount = (n: number): EstimateRequest => ({ ...req, hardware: { devices: [{ device, count: n }], systemMemoryBytes: null } });
	const first = withCount(1);
	validateRequest(first);
	if (device.kind === "cpu") {
		for (let n = 1; n <= max; n++) if (estimate(withCount(n), ws).fit?.verdict === "fits") return n;
		return null;
	}
	const p = prepare(req.model, req.quant, req.tensors, ws);
	const kv = kvFor(req, p, ws);
	// the device's budget as its cached one-device slot holds it (the same deviceBudget() numbers)
	const budget = cachedBudget(device, req.runtime, ws);
	const mustHold = mustHoldBytes(req, p, kv);
	if (!(budget.capacityBytes > 0)) return null;
	const lowest = lowestCount(mustHold, budget.capacityBytes);
	if (req.runtime === "vllm") {
		for (let n = lowest; n <= max; n++) if (vllmEstimate(withCount(n), p, kv).fit?.verdict === "fits") return n;
		return null;
	}
	const terms = termsFor(req, kv, ws);
	const adjust = req.runtime === "mlx" ? mlxAdjust(mlxActivationBytes(req)) : undefined;
	return firstFittingCount(ws, req, p, kv, terms, adjust, lowest, device, max)?.count ?? null;
}

/**
 * The llama.cpp-family search of fewestDevices() and DeviceScan.fewest: from `lowest` up to `max`, the
 * first n × `device` (no RAM) whose layout fits — the same slots estimate() would lay out for that
 * hardware (shared, see gpuSlots). The placement is the scratch one: read it before the next layout.
 */
function firstFittingCount(
	ws: Workspace,
	req: EstimateRequest,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	adjust: PlacementAdjust | undefined,
	lowest: number,
	device: Device,
	max: number,
): { count: number; hardware: HardwareSpec; placement: Placement } | null {
	for (let n = lowest; n <= max; n++) {
		const hardware: HardwareSpec = { devices: [{ device, count: n }], systemMemoryBytes: null };
		const placement = layoutScratch(ws, p, kv, terms, withProjector(req, gpuSlots(hardware, req.runtime, ws)), 0, 0);
		if (adjust !== undefined) adjust(placement);
		if (placement.fits) return { count: n, hardware, placement };
	}
	return null;
}
