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
import { VLLM_GPU_MEMORY_UTILIZATION, vllmBudget } from "./budget.js";
import type { KvDetail } from "./kvCache.js";
import type { PreparedModel } from "./prepared.js";
import { batchDecodeTokensPerSecond, decodeSeconds, matrixFlops, prefillSeconds, type SpeedInputs, speedBand, speedClass, speedKeyOf } from "./speed.js";
import type { Model } from "../catalog/schema.js";
import type { Device } from "../catalog/schema.js";
import type { DeviceUse, EstimateRequest, FitEstimate, SpeedEstimate, VllmPool } from "./types.js";

/** vLLM V1 default max_num_batched_tokens for the profiling run (chunked prefill, vllm/config/scheduler.py). */
export const VLLM_MAX_BATCHED_TOKENS = 8192;
/** vLLM default max_num_seqs: the sampler's logits for that many sequences are part of the profile. */
export const VLLM_MAX_NUM_SEQS = 256;
/** One NCCL all-reduce of a hidden vector on PCIe/NVLink at decode: ~20 µs latency-bound (NCCL tests, small messages). */
export const TP_ALLREDUCE_SECONDS = 20e-6;

/** vLLM's KV block size (tokens per page): pools are whole blocks ("# GPU blocks: 1952" × 16 = 31,232 tokens). */
export const VLLM_BLOCK_TOKENS = 16;

/**
 * Tokens of vLLM's profiling forward pass, whose activation peak is kept out of the KV pool: an explicit
 * --max-num-batched-tokens; else the whole max_model_len up to 32K (a prompt is scheduled in one step
 * unless chunked prefill is on, which vLLM turns on by default above 32K), else 8192 (the chunked-prefill
 * default of `vllm serve`, vllm/config/scheduler.py). Rows: vllm#10517, ../shared/reference/vllm-kv-pool.csv
 * — max_model_len 20000 → peak_torch 17.06 GiB, 29000 → 17.98 GiB: the peak grows with max_model_len.
 */
export function vllmProfileTokens(req: EstimateRequest): number {
	if (req.maxNumBatchedTokens !== undefined) return req.maxNumBatchedTokens;
	return req.contextTokens <= 32768 ? Math.max(2048, req.contextTokens) : VLLM_MAX_BATCHED_TOKENS;
}

/**
 * Activation peak of the profile run: bf16 per token 3 hidden-size vectors (residual, normed input, attention
 * output) + 3 FFN-width vectors per rank (gate and up outputs, their product), plus the f32 logits of the
 * sampler's max_num_seqs dummy sequences. Checked on vllm#10517 (Llama-3.1-8B, RTX 3090): the two runs' peaks
 * differ by 0.92 GiB for 9000 tokens = 110 KB/token; (3 × 4096 + 3 × 14336) × 2 B = 110.6 KB.
 */
export function vllmActivationBytes(m: Model, tokens: number, tp: number): number {
	const width = m.moe === null ? m.ffn.intermediateSize : m.moe.activeExperts * m.moe.expertIntermediateSize;
	return tokens * (3 * m.hiddenSize + (3 * width) / tp) * 2 * tp + VLLM_MAX_NUM_SEQS * m.vocabSize * 4;
}

export interface VllmResult {
	fit: FitEstimate | null;
	speed: SpeedEstimate | null;
	activationBytes: number;
	overheadBytes: number;
	assumptions: string[];
	pool?: VllmPool | null;
}

export function vllmEstimate(req: EstimateRequest, p: PreparedModel, kv: KvDetail, _base?: ComputeInputs): VllmResult {
	const m = req.model;
	const hw = req.hardware;
	const gpus = hw === null ? [] : hw.devices.filter((g) => g.device.kind !== "cpu");
	const tp = Math.max(
		1,
		gpus.reduce((s, g) => s + g.count, 0),
	);
	const utilization = req.gpuMemoryUtilization ?? VLLM_GPU_MEMORY_UTILIZATION;
	const profileTokens = vllmProfileTokens(req);
	const activationBytes = vllmActivationBytes(m, profileTokens, tp);
	const problems: string[] = [];
	if (m.attention.heads % tp !== 0) problems.push(`vLLM tensor parallel needs the ${m.attention.heads} attention heads divisible by ${tp} GPUs.`);
	const assumptions = [
		`vLLM: gpu_memory_utilization ${utilization}, tensor parallel ${tp}, KV pages of 16 tokens, context ${req.contextTokens} × ${req.parallel}, profile run of ${profileTokens} tokens`,
	];
	const kvShare = m.attention.mla !== null ? 1 : Math.max(1, Math.floor(m.attention.kvHeads / tp)) / m.attention.kvHeads;
	const kvPerGpu = kv.bytes * kvShare;
	const weightsPerGpu = p.weights.weightsBytes / tp;
	if (hw === null || gpus.length === 0) return { fit: null, speed: null, activationBytes, overheadBytes: 0, assumptions };
	const budgets = gpus.map((g) => vllmBudget(g.device, utilization, tp));
	const minCap = Math.min(...budgets.map((b) => b.capacityBytes));
	const overhead = budgets[0]?.overheadBytes ?? 0;
	const pool = minCap - weightsPerGpu - activationBytes / tp;
	const devices: DeviceUse[] = [];
	for (const g of gpus) {
		const b = vllmBudget(g.device, utilization, tp);
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
	const maxCtx =
		problems.length > 0 || pool <= 0 || bytesPerToken === 0
			? 0
			: Math.min(Math.floor(pool / bytesPerToken / req.parallel), Math.max(m.contextLength, req.contextTokens));
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
	if (dev !== undefined) {
		// one rank's share: the ranks run in parallel, each reads 1/TP of the weights and of the KV heads
		// and runs every layer, then all-reduces twice per block
		const inputs = vllmSpeedInputs(req, p, kv, tp, kvShare, dev);
		const allReduce = tp > 1 ? 2 * m.layers * TP_ALLREDUCE_SECONDS : 0;
		const decodeAt = (depth: number) => 1 / (decodeSeconds(inputs, depth) + allReduce);
		const cls = speedClass(inputs, dev.unifiedMemory);
		speed = {
			decodeTokensPerSecond: decodeAt(Math.min(256, req.contextTokens)),
			prefillTokensPerSecond: 512 / prefillSeconds(inputs, 512),
			timeToFirstTokenSeconds: prefillSeconds(inputs, req.contextTokens),
			band: speedBand(cls, "decode"),
			decodeAtContextTokensPerSecond: decodeAt(req.contextTokens),
			prefillBand: speedBand(cls, "prefill"),
			speedClass: cls,
		};
	}
	let pooled: VllmPool | null = null;
	if (speed !== null && dev !== undefined && problems.length === 0) {
		const perTokenPerGpu = kv.fullCells > 0 ? kvPerGpu / kv.fullCells : 0;
		const poolTokens = perTokenPerGpu > 0 ? Math.max(0, Math.floor(pool / perTokenPerGpu / VLLM_BLOCK_TOKENS) * VLLM_BLOCK_TOKENS) : 0;
		const maxConcurrent = poolTokens / (req.contextTokens * req.parallel);
		const n = req.parallel > 1 ? req.parallel : Math.max(1, Math.min(VLLM_MAX_NUM_SEQS, Math.floor(maxConcurrent)));
		const inputs = vllmSpeedInputs(req, p, kv, tp, kvShare, dev);
		pooled = {
			kvPoolTokens: poolTokens,
			kvPoolBytesPerGpu: Math.max(0, pool),
			maxConcurrentSequences: maxConcurrent,
			concurrentSequences: n,
			aggregateDecodeTokensPerSecond:
				batchDecodeTokensPerSecond(inputs, n, req.contextTokens / 2) / (1 + (tp > 1 ? 2 * m.layers * TP_ALLREDUCE_SECONDS * speed.decodeTokensPerSecond : 0)),
		};
		assumptions.push(
			`KV pool ${poolTokens} tokens; aggregate decode of ${n} concurrent sequence(s) is an estimate (weights read once per step, each sequence's KV at half the context, matmuls at the prefill rate)`,
		);
	}
	return { fit, speed, activationBytes, overheadBytes: overhead * tp, assumptions, pool: pooled };
}

/** The speed-model inputs of one tensor-parallel rank (speed.ts): 1/TP of the weights and KV heads, every layer. */
function vllmSpeedInputs(req: EstimateRequest, p: PreparedModel, kv: KvDetail, tp: number, kvShare: number, dev: Device): SpeedInputs {
	const m = req.model;
	const expertBytes = p.layerExpertBytes.reduce((a, b) => a + b, 0);
	const activeBytes = p.weights.weightsBytes - expertBytes * (1 - p.expertActiveFraction) - p.embeddingBytes;
	const a = m.attention;
	const qDim = a.mla !== null ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
	const perCell = kv.fullCells > 0 ? (kv.bytes * kvShare) / kv.fullCells : 0;
	return {
		parts: [
			{
				backend: speedKeyOf(dev),
				bandwidth: dev.bandwidthBytesPerSecond,
				flops: matrixFlops(dev),
				weightBytes: activeBytes / tp,
				kvBytesPerContextToken: perCell,
				kvSlidingBytesPerContextToken: 0,
				kvFixedBytes: 0,
				layers: m.layers,
				moeLayers: m.moe === null ? 0 : p.layerExpertBytes.filter((b) => b > 0).length,
				promptFlops: (2 * (p.activeParams - m.hiddenSize * m.vocabSize)) / tp,
				// vLLM's fused MoE and CUDA-graph kernels are not llama.cpp's MUL_MAT_ID and elementwise ops:
				// no rows measure them, so the llama.cpp-fitted expert and activation terms stay out
				expertPromptFlops: 0,
				activationBytesPerToken: 0,
				expertMatmulsPerUbatch: 0,
				attentionFlopsPerContextToken: (4 * qDim * m.layers) / tp,
				ubatchReadBytes: p.weights.weightsBytes / tp,
				uploadBytes: 0,
			},
		],
		activeExperts: m.moe === null ? 0 : m.moe.activeExperts,
		quantized: !/^(F32|F16|BF16)/i.test(req.quant.id),
		slidingWindow: null,
		ubatch: VLLM_MAX_BATCHED_TOKENS,
	};
}
