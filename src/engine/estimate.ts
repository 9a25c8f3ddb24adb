/**
 * estimate(): memory, fit per device and speed for one request. Pure and fast: the per model × quant
 * work is memoized in prepare(); one call is O(layers × devices) when the model fits.
 */
import type { Device } from "../catalog/schema.js";
import { deviceBudget } from "./budget.js";
import type { ComputeInputs } from "./compute.js";
import { deviceComputeBytes } from "./compute.js";
import { EngineInputError } from "./errors.js";
import { gpuSlots, hostMemory, type Placement, planLlama, type PlanMode, layout } from "./fit.js";
import { type KvDetail, kvCacheDetail, type KvOptions } from "./kvCache.js";
import { LIMITS } from "./limits.js";
import { type PreparedModel, prepare } from "./prepared.js";
import { decodeSeconds, deviceFlops, prefillSeconds, type SpeedPart, systemRamPart } from "./speed.js";
import { countParams, layerAttentionKind } from "./tensors.js";
import type { DeviceUse, Estimate, EstimateRequest, FitEstimate, HardwareSpec, SpeedEstimate } from "./types.js";
import { vllmEstimate } from "./vllm.js";

/** Prompt length of the reported prefill rate (llama-bench pp512). */
export const PREFILL_TOKENS = 512;
/** Context at which the reported decode rate is taken: llama-bench tg128/tg512 start from an empty cache. */
export const DECODE_CONTEXT_TOKENS = 256;
/** Relative band stated with speeds: the decode/prefill targets of issue 3 (±30 % / ±40 %). */
export const SPEED_BAND = 0.3;

function checkFiniteInt(name: string, v: number, min: number, max: number): void {
	if (typeof v !== "number" || !Number.isFinite(v) || Math.floor(v) !== v) throw new EngineInputError(`${name} must be a whole number, got ${String(v)}.`);
	if (v < min) throw new EngineInputError(`${name} must be at least ${min}, got ${v}.`);
	if (v > max) throw new EngineInputError(`${name} must be at most ${max}, got ${v}.`);
}

/** Reject zero/negative/NaN/absurd inputs with a message that says which and why. */
export function validateRequest(req: EstimateRequest): void {
	checkFiniteInt("Context length (tokens)", req.contextTokens, LIMITS.minContextTokens, LIMITS.maxContextTokens);
	checkFiniteInt("Parallel sequences", req.parallel, 1, LIMITS.maxParallel);
	checkFiniteInt("ubatch", req.ubatch, LIMITS.minUbatch, LIMITS.maxUbatch);
	if (req.hardware !== null) {
		const n = req.hardware.devices.reduce((s, g) => s + g.count, 0);
		if (req.hardware.devices.length === 0 || n === 0) throw new EngineInputError("No devices given: name at least one GPU, Mac or CPU.");
		if (n > LIMITS.maxDevices) throw new EngineInputError(`At most ${LIMITS.maxDevices} devices per request, got ${n}.`);
		for (const g of req.hardware.devices) {
			checkFiniteInt(`Count of ${g.device.name}`, g.count, 1, LIMITS.maxDevices);
			if (!(g.device.memoryBytes > 0) || !(g.device.bandwidthBytesPerSecond > 0)) throw new EngineInputError(`Device ${g.device.name} has no memory or bandwidth.`);
		}
		const ram = req.hardware.systemMemoryBytes;
		if (ram !== null && (!Number.isFinite(ram) || ram <= 0 || ram > LIMITS.maxSystemMemoryBytes)) {
			throw new EngineInputError("System RAM must be a positive size of at most 64 TiB.");
		}
	}
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

/** MLX has no compute-buffer reservation; mlx-lm prefills in chunks of 2048 tokens (prefill_step_size). */
export const MLX_PREFILL_STEP = 2048;

function mlxActivationBytes(req: EstimateRequest): number {
	const m = req.model;
	const width = m.moe === null ? m.ffn.intermediateSize : m.moe.activeExperts * m.moe.expertIntermediateSize;
	// fp16 activations of one prefill chunk: hidden states (×4) and the FFN intermediates (×3)
	return MLX_PREFILL_STEP * (4 * m.hiddenSize + 3 * width) * 2;
}

function cpuDevice(hw: HardwareSpec | null): Device | null {
	return hw?.devices.find((g) => g.device.kind === "cpu")?.device ?? null;
}

function unifiedHost(hw: HardwareSpec | null): Device | null {
	return hw?.devices.find((g) => g.device.kind === "unified" || g.device.unifiedMemory)?.device ?? null;
}

function kvReadBytes(req: EstimateRequest, kv: KvDetail, first: number, end: number, ctx: number): number {
	// per layer: bytes per cell × cells read (the window for sliding layers)
	let b = 0;
	const window = req.model.attention.slidingWindow ?? ctx;
	for (let il = first; il < end; il++) {
		const kind = layerAttentionKind(req.model, il);
		const perCell = kind === "full" ? (kv.perLayer[il] ?? 0) / Math.max(1, kv.fullCells) : kind === "sliding" ? (kv.perLayer[il] ?? 0) / Math.max(1, kv.swaCells) : 0;
		b += perCell * (kind === "sliding" ? Math.min(ctx, window) : ctx);
		if (kind === "linear") b += kv.perLayer[il] ?? 0;
	}
	return b;
}

/** FLOPs per prompt token: 2 per active matmul weight (not the embedding lookup) + attention over half the prompt. */
function flopsPerPromptToken(p: PreparedModel): number {
	const c = countParams(p.model);
	const embed = p.model.hiddenSize * p.model.vocabSize;
	const a = p.model.attention;
	const qDim = a.mla !== null ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
	let full = 0;
	for (let il = 0; il < p.model.layers; il++) if (layerAttentionKind(p.model, il) !== "linear") full++;
	return 2 * (c.active - embed) + 4 * full * qDim * (PREFILL_TOKENS / 2);
}

function speedFor(req: EstimateRequest, p: PreparedModel, kv: KvDetail, placement: Placement): SpeedEstimate {
	const ctx = Math.min(DECODE_CONTEXT_TOKENS, req.contextTokens);
	const perToken = flopsPerPromptToken(p);
	const totalActive = placement.gpus.reduce((s, g) => s + g.activeWeightsBytes, 0) + placement.host.activeWeightsBytes;
	const parts: SpeedPart[] = [];
	for (const g of placement.gpus) {
		if (g.endLayer <= g.firstLayer && !g.hasOutput) continue;
		parts.push({
			backend: g.slot.device.backend,
			bandwidth: g.slot.device.bandwidthBytesPerSecond,
			flops: deviceFlops(g.slot.device),
			decodeBytes: g.activeWeightsBytes + kvReadBytes(req, kv, g.firstLayer, g.endLayer, ctx),
			flopsPerToken: totalActive > 0 ? (perToken * g.activeWeightsBytes) / totalActive : 0,
		});
	}
	const hostActive = placement.host.activeWeightsBytes;
	if (hostActive > 0 && (placement.host.layers > 0 || placement.expertsOnCpu > 0 || !placement.outputOnGpu)) {
		const hostKv = placement.gpus.length === 0 ? kvReadBytes(req, kv, 0, p.layers, ctx) : kvReadBytes(req, kv, 0, placement.host.layers, ctx);
		const unified = unifiedHost(req.hardware);
		const cpu = cpuDevice(req.hardware) ?? (unified !== null ? { ...unified, backend: "cpu" as const, fp16Flops: null } : null);
		parts.push(systemRamPart(hostActive + hostKv, totalActive > 0 ? (perToken * hostActive) / totalActive : perToken, cpu));
	}
	const decode = 1 / decodeSeconds(parts);
	const prefill = PREFILL_TOKENS / prefillSeconds(parts, PREFILL_TOKENS);
	return {
		decodeTokensPerSecond: decode,
		prefillTokensPerSecond: prefill,
		timeToFirstTokenSeconds: req.contextTokens / prefill,
		band: SPEED_BAND,
	};
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

/** Largest context that fits fully on the GPUs (binary search on the all-GPU layout), 0 if nothing does. */
function searchMaxContext(req: EstimateRequest, p: PreparedModel, fitsAt: (ctx: number) => boolean): number {
	const hi0 = Math.min(LIMITS.maxContextTokens, Math.max(req.model.contextLength, req.contextTokens));
	if (!fitsAt(1)) return 0;
	if (fitsAt(hi0)) return hi0;
	let lo = 1;
	let hi = hi0;
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (fitsAt(mid)) lo = mid;
		else hi = mid;
	}
	// report on llama.cpp's 256-cell grid when the search lands above it
	return lo >= 256 && req.runtime !== "vllm" ? Math.floor(lo / 256) * 256 : lo;
}

function llamaFamily(req: EstimateRequest, p: PreparedModel, kv: KvDetail): { fit: FitEstimate | null; placement: Placement; computeBytes: number; overheadBytes: number; mode: PlanMode } {
	const hw = req.hardware;
	const ram = hostMemory(hw);
	const slots = hw === null ? [] : gpuSlots(hw, req.runtime);
	const base = computeInputs(req, kv);
	if (req.runtime === "mlx") {
		// MLX: one unified pool, no compute-buffer reservation; a small documented activation term
		const mlxBase = { ...base };
		const pl = layout(p, kv, mlxBase, slots, 0, 0);
		const act = mlxActivationBytes(req);
		for (const g of pl.gpus) {
			g.computeBytes = g.endLayer > g.firstLayer ? act : 0;
			g.usedBytes = g.weightsBytes + g.kvBytes + g.computeBytes + g.slot.budget.overheadBytes;
		}
		pl.host.computeBytes = 0;
		pl.overflowBytes = pl.gpus.reduce((s, g) => s + Math.max(0, g.usedBytes - g.capacityBytes), 0);
		pl.fits = pl.overflowBytes === 0;
		return finishLlama(req, p, kv, pl, "none", hw, ram, slots.length);
	}
	const allowOffload = ram !== null;
	const plan = planLlama(p, kv, base, slots, allowOffload);
	return finishLlama(req, p, kv, plan.placement, plan.mode, hw, ram, slots.length);
}

function finishLlama(
	req: EstimateRequest,
	p: PreparedModel,
	kv: KvDetail,
	pl: Placement,
	mode: PlanMode,
	hw: HardwareSpec | null,
	ram: number | null,
	gpuCount: number,
): { fit: FitEstimate | null; placement: Placement; computeBytes: number; overheadBytes: number; mode: PlanMode } {
	const computeBytes = pl.gpus.reduce((s, g) => s + g.computeBytes, 0) + pl.host.computeBytes;
	const overheadBytes = pl.gpus.reduce((s, g) => s + g.slot.budget.overheadBytes, 0);
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
		if (ram !== null && pl.fits) shortBy = hostNeed - ram;
		else {
			const full = layout(p, kv, computeInputs(req, kv), gpuSlots(hw, req.runtime), 0, 0);
			shortBy = Math.max(full.overflowBytes, 1);
			if (ram !== null) shortBy = Math.max(1, hostNeed - ram);
		}
	}
	const L = p.layers;
	const gpuLayers = gpuCount === 0 ? 0 : L - pl.gpuStart + (pl.outputOnGpu ? 1 : 0);
	const fitsAt = (ctx: number): boolean => {
		const k = kvCacheDetail(req.model, kvOptions(req, ctx));
		if (gpuCount === 0) {
			const cpuPl = layout(p, k, computeInputs(req, k), [], 0, 0);
			return ram !== null && cpuPl.host.weightsBytes + cpuPl.host.kvBytes + cpuPl.host.computeBytes <= ram;
		}
		return layout(p, k, computeInputs(req, k), gpuSlots(hw, req.runtime), 0, 0).fits;
	};
	const fit: FitEstimate = {
		verdict,
		gpuLayers,
		totalLayers: L + 1,
		devices: deviceUses(pl),
		offloadBytes: gpuCount === 0 ? 0 : mode === "none" ? 0 : pl.host.weightsBytes - p.embeddingBytes + pl.host.kvBytes,
		offloadMode: gpuCount === 0 ? "none" : mode,
		shortByBytes: verdict === "no" ? Math.max(1, Math.round(shortBy)) : 0,
		maxContextTokens: searchMaxContext(req, p, fitsAt),
		tensorParallel: null,
		problems: [],
	};
	return { fit, placement: pl, computeBytes, overheadBytes, mode };
}

/** Estimate memory, fit and speed for one request. Throws EngineInputError on bad input. */
export function estimate(req: EstimateRequest): Estimate {
	validateRequest(req);
	const p = prepare(req.model, req.quant, req.tensors);
	const kv = kvCacheDetail(req.model, kvOptions(req));
	const assumptions: string[] = [];
	const fa = resolveFlashAttention(req);
	if (req.runtime === "vllm") {
		const v = vllmEstimate(req, p, kv);
		return {
			memory: {
				fileBytes: p.weights.fileBytes,
				weightsBytes: p.weights.weightsBytes,
				weights: p.weights.weights,
				kvCacheBytes: kv.bytes,
				computeBytes: v.activationBytes,
				overheadBytes: v.overheadBytes,
				totalBytes: p.weights.weightsBytes + kv.bytes + v.activationBytes + v.overheadBytes,
				paddedContextTokens: kv.fullCells / req.parallel,
			},
			fit: v.fit,
			speed: v.speed,
			assumptions: v.assumptions,
		};
	}
	const r = llamaFamily(req, p, kv);
	assumptions.push(
		`${req.runtime}: context ${req.contextTokens} × ${req.parallel} sequence(s), padded to ${kv.fullCells} cells; KV ${req.kvCacheType}; flash attention ${fa ? "on" : "off"}; ubatch ${req.ubatch}`,
	);
	if (r.mode === "experts") assumptions.push(`MoE experts of the first ${r.placement.expertsOnCpu} layers in system RAM (-ot exps=CPU)`);
	if (r.mode === "layers") assumptions.push(`first ${r.placement.gpuStart} layers on the CPU (-ngl ${p.layers - r.placement.gpuStart})`);
	if (r.placement.pipeline) assumptions.push("pipeline parallelism across GPUs (GGML_SCHED_MAX_COPIES = 4)");
	const speed = req.hardware === null ? null : speedFor(req, p, kv, r.placement);
	if (speed !== null) assumptions.push("decode from a short context; prefill of a 512-token prompt; efficiencies fitted on llama-bench rows (±30 %)");
	return {
		memory: {
			fileBytes: p.weights.fileBytes,
			weightsBytes: p.weights.weightsBytes,
			weights: p.weights.weights,
			kvCacheBytes: kv.bytes,
			computeBytes: r.computeBytes,
			overheadBytes: r.overheadBytes,
			totalBytes: p.weights.weightsBytes + kv.bytes + r.computeBytes + r.overheadBytes,
			paddedContextTokens: kv.fullCells / req.parallel,
		},
		fit: r.fit,
		speed,
		assumptions,
	};
}

/** Largest context (tokens per sequence) that fits fully on the devices; 0 when not even the weights do. */
export function maxContextThatFits(req: EstimateRequest): number {
	const e = estimate(req);
	return e.fit?.maxContextTokens ?? 0;
}

/** Smallest N such that N × `device` holds the model fully (null when more than maxCount would be needed). */
export function fewestDevices(req: EstimateRequest, device: Device, maxCount = 16): number | null {
	for (let n = 1; n <= Math.min(maxCount, LIMITS.maxDevices); n++) {
		const e = estimate({ ...req, hardware: { devices: [{ device, count: n }], systemMemoryBytes: null } });
		if (e.fit?.verdict === "fits") return n;
	}
	return null;
}

export { deviceBudget, deviceComputeBytes };
