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
import { VLLM_GPU_MEMORY_UTILIZATION, vllmBudget, vllmVisibleBytes } from "./budget.js";
import type { KvDetail } from "./kvCache.js";
import { expertBytesIn, moeLayersIn, type PreparedModel } from "./prepared.js";
import { batchDecodeTokensPerSecond, decodeSeconds, matrixFlops, prefillSeconds, type SpeedInputs, speedBand, speedClass, speedKeyOf } from "./speed.js";
import type { Model } from "../catalog/schema.js";
import type { Device } from "../catalog/schema.js";
import type { DeviceUse, EstimateRequest, FitEstimate, SpeedEstimate, VllmPool } from "./types.js";

/**
 * `vllm serve` defaults by GPU (vllm/engine/arg_utils.py, get_batch_defaults): a GPU with ≥ 70 GiB that is
 * not an A100 gets max_num_batched_tokens 8192 and max_num_seqs 1024; any other 2048 and 256. max_num_seqs
 * is then capped at max_num_batched_tokens.
 */
export const VLLM_LARGE_GPU_BYTES = 70 * 2 ** 30;
export const VLLM_BATCH_DEFAULTS = { large: { tokens: 8192, seqs: 1024 }, other: { tokens: 2048, seqs: 256 } } as const;
/** One NCCL all-reduce of a hidden vector on PCIe/NVLink at decode: ~20 µs latency-bound (NCCL tests, small messages). */
export const TP_ALLREDUCE_SECONDS = 20e-6;

/** vLLM's KV block size (tokens per page): pools are whole blocks ("# GPU blocks: 1952" × 16 = 31,232 tokens). */
export const VLLM_BLOCK_TOKENS = 16;

/**
 * Bytes the profile run's sampler holds per (sequence × vocabulary entry): the dummy sampler run gives
 * max_num_seqs sequences top-k and top-p "to profile the sampler at max memory", so the logits live as
 * bf16 and f32, sorted values and int64 indices, softmax, cumulative sum and the scattered result
 * (≈ 2 + 4 + 4 + 8 + 4 + 4 + 4 + mask ≈ 31–40 B). Fitted (mean) over three logged peaks the forward pass
 * cannot explain: gemma-3-4b-it, B200, 1024 seqs × 262,208 vocab → "9.96 GiB for peak activation" = 39.8 B
 * (vllm PR #21489); gpt-oss-120b, H100, 1024 × 201,088: 0.95 × 79.2 − 1.71 GiB KV − 65.90 weights − 0.35
 * non-torch = 7.28 GiB = 38.0 B (vllm#27508, ../shared/reference/vllm-kv-pool.csv) and 0.90 × 79.2 + 2.14
 * − 65.97 − 0.35 = 7.10 GiB = 37.0 B (vllm#23278). This is the V1 engine's profile (gpu_model_runner.py
 * `_dummy_sampler_run`, every vLLM since V0's removal); the 2024 V0 log of vllm#10517 shows none (at
 * 35,000 tokens, chunked, its peak is 15.05 GiB over 14.99 GiB of weights), and there the forward pass
 * is the peak anyway (the max below).
 */
export const VLLM_SAMPLER_BYTES_PER_LOGIT = 38;

/** The `vllm serve` batch defaults of this GPU (see VLLM_BATCH_DEFAULTS). */
export function vllmBatchDefaults(device: Device | undefined): { tokens: number; seqs: number } {
	if (device === undefined) return VLLM_BATCH_DEFAULTS.other;
	const large = vllmVisibleBytes(device) >= VLLM_LARGE_GPU_BYTES && !/\ba100\b/i.test(`${device.id} ${device.name}`);
	return large ? VLLM_BATCH_DEFAULTS.large : VLLM_BATCH_DEFAULTS.other;
}

/**
 * Tokens of vLLM's profiling forward pass, whose activation peak is kept out of the KV pool: an explicit
 * --max-num-batched-tokens; else the whole max_model_len up to 32K (a prompt is scheduled in one step
 * unless chunked prefill is on, which vLLM turns on by default above 32K), else the GPU's
 * max_num_batched_tokens default (vllmBatchDefaults). Rows: vllm#10517, ../shared/reference/vllm-kv-pool.csv
 * — max_model_len 20000 → peak_torch 17.06 GiB, 29000 → 17.98 GiB: the peak grows with max_model_len.
 */
export function vllmProfileTokens(req: EstimateRequest): number {
	if (req.maxNumBatchedTokens !== undefined) return req.maxNumBatchedTokens;
	return req.contextTokens <= 32768 ? Math.max(2048, req.contextTokens) : vllmBatchDefaults(firstGpu(req)).tokens;
}

/**
 * Sequences of the profile run's sampler: max_num_seqs — as asked (--max-num-seqs, or the concurrency the
 * question asks for, which the command passes as --max-num-seqs), else the GPU's default — at most one per
 * profiled token (arg_utils.py caps max_num_seqs at max_num_batched_tokens).
 */
export function vllmProfileSequences(req: EstimateRequest): number {
	const seqs = req.maxNumSeqs ?? (req.parallel > 1 ? req.parallel : vllmBatchDefaults(firstGpu(req)).seqs);
	return Math.min(seqs, vllmProfileTokens(req));
}

function firstGpu(req: EstimateRequest): Device | undefined {
	return req.hardware?.devices.find((g) => g.device.kind !== "cpu")?.device;
}

/**
 * Activation peak of the profile run on one tensor-parallel rank: the larger of
 * - the forward pass: bf16 per token 3 hidden-size vectors (residual, normed input, attention output) + 3
 *   FFN-width vectors per rank (gate and up outputs, their product). Checked on vllm#10517 (Llama-3.1-8B,
 *   RTX 3090): the two runs' peaks differ by 0.92 GiB for 9000 tokens = 110 KB/token; (3 × 4096 + 3 ×
 *   14336) × 2 B = 110.6 KB;
 * - the sampler that runs after it, on every rank (logits are all-gathered): sequences × vocabulary ×
 *   VLLM_SAMPLER_BYTES_PER_LOGIT.
 * They do not add: the forward pass's buffers are free when the sampler runs (the 8B rows' peaks are the
 * forward pass alone: 2.07 GiB at 20,000 tokens against 1.16 GiB for 256 sequences' sampler).
 */
export function vllmActivationBytes(m: Model, tokens: number, tp: number, sequences = 0): number {
	const width = m.moe === null ? m.ffn.intermediateSize : m.moe.activeExperts * m.moe.expertIntermediateSize;
	const forward = tokens * (3 * m.hiddenSize + (3 * width) / tp) * 2;
	return Math.max(forward, sequences * m.vocabSize * VLLM_SAMPLER_BYTES_PER_LOGIT);
}

/**
 * Weights as vLLM holds them. MXFP4 MoE experts are allocated padded for the kernel
 * (vllm/model_executor/layers/quantization/mxfp4.py, Mxfp4MoEMethod.create_weights): on GPUs without
 * native FP4 vLLM uses Marlin, which needs the intermediate size a multiple of 128 and the hidden size of
 * 256 — gpt-oss's 2880 × 2880 experts become 2944 × 3072 — stored as uint8 pairs of e2m1 values, a uint8
 * e8m0 scale per 32, and bf16 biases; everything else stays bf16. gpt-oss-120b: 61.93 + 3.96 = 65.90 GiB,
 * logged "Model loading took 65.9651 GiB" (vllm#23278, H100, Marlin). The Triton backend (when
 * triton_kernels is installed) pads less and logged 64.38 GiB (vllm#33155); Blackwell's FlashInfer path pads
 * the intermediate size to 256 as well (+4 % on gpt-oss's experts). Other formats: as the engine sizes them.
 */
export function vllmWeightsBytes(m: Model, req: EstimateRequest, p: PreparedModel): number {
	if (req.quant.id !== "MXFP4" || m.moe === null || m.moe.experts === 0) return p.weights.weightsBytes;
	const moeLayers = moeLayersIn(p, 0, p.layers);
	const i = roundUp(m.moe.expertIntermediateSize, 128);
	const h = roundUp(m.hiddenSize, 256);
	// w13: 2i × h (gate and up), w2: h × i; per element ½ B, per 32 elements 1 B of scale; bf16 bias per output
	const perExpert = 3 * i * h * (0.5 + 1 / 32) + (2 * i + h) * 2;
	const experts = moeLayers * m.moe.experts * perExpert;
	const rest = (p.totalParams - p.routedExpertParams - m.visionParams) * 2;
	return experts + rest;
}

function roundUp(x: number, k: number): number {
	return Math.ceil(x / k) * k;
}

export interface VllmResult {
	fit: FitEstimate | null;
	speed: SpeedEstimate | null;
	/** activation peak of the profile run, summed over the ranks */
	activationBytes: number;
	overheadBytes: number;
	/** weights as vLLM holds them (vllmWeightsBytes), all ranks */
	weightsBytes: number;
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
	const profileSeqs = vllmProfileSequences(req);
	const activationPerGpu = vllmActivationBytes(m, profileTokens, tp, profileSeqs);
	const activationBytes = activationPerGpu * tp;
	const weightsBytes = vllmWeightsBytes(m, req, p);
	const problems: string[] = [];
	if (m.attention.heads % tp !== 0) problems.push(`vLLM tensor parallel needs the ${m.attention.heads} attention heads divisible by ${tp} GPUs.`);
	const assumptions = [
		`vLLM: gpu_memory_utilization ${utilization}, tensor parallel ${tp}, KV pages of 16 tokens, context ${req.contextTokens} × ${req.parallel}, profile run of ${profileTokens} tokens and ${profileSeqs} sequences' sampler (${(activationPerGpu / 2 ** 30).toFixed(2)} GiB peak per GPU)`,
	];
	const kvShare = m.attention.mla !== null ? 1 : Math.max(1, Math.floor(m.attention.kvHeads / tp)) / m.attention.kvHeads;
	const kvPerGpu = kv.bytes * kvShare;
	const weightsPerGpu = weightsBytes / tp;
	if (weightsBytes !== p.weights.weightsBytes)
		assumptions.push(
			`vLLM holds the MXFP4 experts padded for its Marlin MoE kernel (intermediate to a multiple of 128, hidden of 256): weights ${(weightsBytes / 2 ** 30).toFixed(1)} GiB`,
		);
	if (hw === null || gpus.length === 0) return { fit: null, speed: null, activationBytes, overheadBytes: 0, weightsBytes, assumptions };
	const budgets = gpus.map((g) => vllmBudget(g.device, utilization, tp));
	const minCap = Math.min(...budgets.map((b) => b.capacityBytes));
	const overhead = budgets[0]?.overheadBytes ?? 0;
	const pool = minCap - weightsPerGpu - activationPerGpu;
	const devices: DeviceUse[] = [];
	for (const g of gpus) {
		const b = vllmBudget(g.device, utilization, tp);
		for (let i = 0; i < g.count; i++) {
			devices.push({
				id: g.device.id,
				name: g.device.name,
				capacityBytes: b.capacityBytes + b.overheadBytes,
				usedBytes: weightsPerGpu + kvPerGpu + activationPerGpu + b.overheadBytes,
				weightsBytes: weightsPerGpu,
				kvCacheBytes: kvPerGpu,
				computeBytes: activationPerGpu,
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
	// the pool in tokens as vLLM prints it ("GPU KV cache size: N tokens"): whole 16-token blocks of every
	// attention layer's page (sliding-window layers take pages from the same pool, vllm/v1/core/kv_cache_utils.py)
	const perTokenPerGpu = poolBytesPerToken(kv) * kvShare;
	const poolTokens = perTokenPerGpu > 0 ? Math.max(0, Math.floor(pool / perTokenPerGpu / VLLM_BLOCK_TOKENS) * VLLM_BLOCK_TOKENS) : 0;
	// largest context for the requested parallel sequences: the pool's tokens shared by them
	const maxCtx =
		problems.length > 0 || pool <= 0 || perTokenPerGpu === 0
			? 0
			: Math.min(Math.floor(poolTokens / req.parallel), Math.max(m.contextLength, req.contextTokens));
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
		const maxConcurrent = poolTokens / (req.contextTokens * req.parallel);
		const n = req.parallel > 1 ? req.parallel : Math.max(1, Math.min(profileSeqs, Math.floor(maxConcurrent)));
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
	return { fit, speed, activationBytes, overheadBytes: overhead * tp, weightsBytes, assumptions, pool: pooled };
}

/**
 * K+V bytes per token of every attention layer at full length (all ranks): a token's share of vLLM's paged
 * pool. Recurrent layers' fixed states (Mamba, gated DeltaNet) are left out: vLLM gives them one page per
 * sequence, not per token, and its hybrid page alignment is not modelled (two 2026 logs of Qwen3.6 hybrids
 * print 10–16 % fewer tokens than attention bytes alone give).
 */
function poolBytesPerToken(kv: KvDetail): number {
	const full = kv.fullCells > 0 ? kv.fullLayerBytes / kv.fullCells : 0;
	const sliding = kv.swaCells > 0 ? kv.slidingLayerBytes / kv.swaCells : 0;
	const L = kv.kinds.layers;
	return full * (kv.kinds.full[L] ?? 0) + sliding * (kv.kinds.sliding[L] ?? 0);
}

/** The speed-model inputs of one tensor-parallel rank (speed.ts): 1/TP of the weights and KV heads, every layer. */
function vllmSpeedInputs(req: EstimateRequest, p: PreparedModel, kv: KvDetail, tp: number, kvShare: number, dev: Device): SpeedInputs {
	const m = req.model;
	// Σ over the layers (the prefix sum's last entry: the same additions in the same order)
	const expertBytes = expertBytesIn(p, 0, p.layers);
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
				moeLayers: m.moe === null ? 0 : moeLayersIn(p, 0, p.layers),
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
		ubatch: vllmBatchDefaults(dev).tokens,
	};
}
