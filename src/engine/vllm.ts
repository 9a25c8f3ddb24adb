/**
 * vLLM: tensor parallel over all GPUs of the request (vllm/v1/worker/gpu_worker.py, config/parallel.py;
 * ../shared/ENGINE.md §5).
 * - requested = total × gpu_memory_utilization (0.9); KV pool = requested − weights − activation peak −
 *   non-torch memory;
 * - `num_attention_heads % TP == 0`, equal shards (the smallest GPU bounds every rank);
 * - KV heads per rank = max(1, n_kv_heads / TP): replicated when TP > n_kv_heads; MLA's latent is
 *   replicated on every rank;
 * - the pool gives the number of concurrent sequences at the requested context.
 * Decode runs the ranks in parallel with an all-reduce per layer (two per block).
 */
import type { ComputeInputs } from "./compute.js";
import { deviceBudget, VLLM_GPU_MEMORY_UTILIZATION } from "./budget.js";
import type { KvDetail } from "./kvCache.js";
import type { PreparedModel } from "./prepared.js";
import { DECODE_EFFICIENCY, deviceFlops, PREFILL_MFU } from "./speed.js";
import { countParams } from "./tensors.js";
import type { DeviceUse, EstimateRequest, FitEstimate, SpeedEstimate, VllmPool } from "./types.js";

/** vLLM V1 default max_num_batched_tokens for the profiling run (chunked prefill, vllm/config/scheduler.py). */
export const VLLM_MAX_BATCHED_TOKENS = 8192;
/** vLLM default max_num_seqs: the sampler's logits for that many sequences are part of the profile. */
export const VLLM_MAX_NUM_SEQS = 256;
/** One NCCL all-reduce of a hidden vector on PCIe/NVLink at decode: ~20 µs latency-bound (NCCL tests, small messages). */
export const TP_ALLREDUCE_SECONDS = 20e-6;

export interface VllmResult {
	fit: FitEstimate | null;
	speed: SpeedEstimate | null;
	activationBytes: number;
	overheadBytes: number;
	assumptions: string[];
	pool: VllmPool | null;
}

export function vllmEstimate(req: EstimateRequest, p: PreparedModel, kv: KvDetail, _base?: ComputeInputs): VllmResult {
	const m = req.model;
	const hw = req.hardware;
	const gpus = hw === null ? [] : hw.devices.filter((g) => g.device.kind !== "cpu");
	const tp = Math.max(1, gpus.reduce((s, g) => s + g.count, 0));
	const width = m.moe === null ? m.ffn.intermediateSize : m.moe.activeExperts * m.moe.expertIntermediateSize;
	// profile run: bf16 activations of max_num_batched_tokens (hidden ×8, FFN ×3 per rank) + f32 sampler logits
	const activationBytes = VLLM_MAX_BATCHED_TOKENS * (8 * m.hiddenSize + (3 * width) / tp) * 2 + (VLLM_MAX_NUM_SEQS * m.vocabSize * 4) / tp;
	const problems: string[] = [];
	if (m.attention.heads % tp !== 0) problems.push(`vLLM tensor parallel needs the ${m.attention.heads} attention heads divisible by ${tp} GPUs.`);
	const assumptions = [
		`vLLM: gpu_memory_utilization ${VLLM_GPU_MEMORY_UTILIZATION}, tensor parallel ${tp}, KV pages of 16 tokens, context ${req.contextTokens} × ${req.parallel}`,
	];
	const kvShare = m.attention.mla !== null ? 1 : Math.max(1, Math.floor(m.attention.kvHeads / tp)) / m.attention.kvHeads;
	const kvPerGpu = kv.bytes * kvShare;
	const weightsPerGpu = p.weights.weightsBytes / tp;
	if (hw === null || gpus.length === 0) return { fit: null, speed: null, activationBytes, overheadBytes: 0, assumptions, pool: null };
	const budgets = gpus.map((g) => deviceBudget(g.device, "vllm"));
	const minCap = Math.min(...budgets.map((b) => b.capacityBytes));
	const overhead = budgets[0]?.overheadBytes ?? 0;
	const pool = minCap - weightsPerGpu - activationBytes / tp;
	const devices: DeviceUse[] = [];
	for (const g of gpus) {
		const b = deviceBudget(g.device, "vllm");
		for (let i = 0; i < g.count; i++) {
			devices.push({
				id: g.device.id,
				name: g.device.name,
				capacityBytes: b.capacityBytes + b.overheadBytes,
				usedBytes: weightsPerGpu + kvPerGpu + activationBytes / tp + b.overheadBytes,
				weightsBytes: weightsPerGpu,
				kvCacheBytes: kvPerGpu,
				computeBytes: activationBytes / tp,
				overheadBytes: b.overheadBytes,
				layers: m.layers,
			});
		}
	}
	// One paged pool shared by all sequences: vLLM starts when the pool holds one sequence of
	// max_model_len (gpu_worker.py raises "max_model_len … larger than the maximum number of tokens
	// that can be stored in KV cache" otherwise); the requested concurrency is a ceiling
	// (--max-num-seqs), not a reservation, so more sequences than fit simply queue.
	const oneSeq = kvPerGpu / req.parallel;
	const fits = problems.length === 0 && pool >= oneSeq;
	const perSeq = kvPerGpu / req.parallel;
	const concurrent = perSeq > 0 ? Math.max(0, Math.floor(pool / perSeq)) : 0;
	assumptions.push(`KV pool ${Math.max(0, Math.round(pool / 2 ** 20))} MiB per GPU: ${concurrent} concurrent sequence(s) at ${req.contextTokens} tokens`);
	// largest context for the requested parallel sequences: pool / (bytes per token per GPU)
	const bytesPerToken = kv.fullCells > 0 ? kvPerGpu / kv.fullCells : 0;
	const maxCtx = problems.length > 0 || pool <= 0 || bytesPerToken === 0 ? 0 : Math.min(Math.floor(pool / bytesPerToken / req.parallel), Math.max(m.contextLength, req.contextTokens));
	const fit: FitEstimate = {
		verdict: fits ? "fits" : "no",
		gpuLayers: fits ? m.layers + 1 : 0,
		totalLayers: m.layers + 1,
		devices,
		offloadBytes: 0,
		offloadMode: "none",
		// a layout problem (heads not divisible by the GPU count) is not a memory shortfall: report 0 and the problem
		shortByBytes: fits || problems.length > 0 ? 0 : Math.max(1, Math.round((oneSeq - pool) * tp)),
		maxContextTokens: maxCtx,
		tensorParallel: tp,
		problems,
		cpuMoeLayers: 0,
	};
	const dev = gpus[0]?.device;
	let speed: SpeedEstimate | null = null;
	let aggregate = 0;
	if (dev !== undefined) {
		const eff = DECODE_EFFICIENCY[dev.backend];
		const expertBytes = p.layerExpertBytes.reduce((a, b) => a + b, 0);
		const activeBytes = p.weights.weightsBytes - expertBytes * (1 - p.expertActiveFraction) - p.embeddingBytes;
		const tDecode = activeBytes / tp / (dev.bandwidthBytesPerSecond * eff.eta) + eff.fixedSeconds + (tp > 1 ? 2 * m.layers * TP_ALLREDUCE_SECONDS : 0);
		const c = countParams(m);
		const flopsPerToken = 2 * (c.active - m.hiddenSize * m.vocabSize);
		const prefill = (deviceFlops(dev) * tp * PREFILL_MFU[dev.backend]) / flopsPerToken;
		speed = { decodeTokensPerSecond: 1 / tDecode, prefillTokensPerSecond: prefill, timeToFirstTokenSeconds: req.contextTokens / prefill, band: 0.3 };
		// Batched decode: one step reads the weights once for all running sequences and each sequence's
		// KV (half the context on average over a generation) on top; vLLM runs at most max_num_seqs.
		const running = Math.min(concurrent, VLLM_MAX_NUM_SEQS);
		const kvReadPerSeq = bytesPerToken * (req.contextTokens / 2);
		const tStep = tDecode + (running * kvReadPerSeq) / (dev.bandwidthBytesPerSecond * eff.eta);
		aggregate = running > 0 ? running / tStep : 0;
	}
	const poolTokens = problems.length > 0 || pool <= 0 || bytesPerToken === 0 ? 0 : Math.floor(pool / bytesPerToken);
	const vllmPool: VllmPool = { kvPoolTokens: poolTokens, maxConcurrentSequences: problems.length > 0 ? 0 : Math.floor(poolTokens / Math.max(1, req.contextTokens)), aggregateDecodeTokensPerSecond: aggregate };
	return { fit, speed, activationBytes, overheadBytes: overhead * tp, assumptions, pool: vllmPool };
}
