/**
 * The engine's inputs and outputs, at the bottom layer with the Answer and the Question (issue 13
 * items 1 and 5): the resolved Request, the JSON contract and the engine all name these shapes, so
 * they live below all of them and nothing imports up to reach them. The engine is pure: these plain
 * objects in, plain numbers out (bytes, tokens/s); no I/O, no formatting, no platform types. See
 * ../shared/DESIGN.md §3. `src/engine/types.ts` re-exports them for the engine's own files.
 */
import type { Device, Model, Quant } from "../catalog/schema.js";

export type Runtime = "llama.cpp" | "ollama" | "vllm" | "mlx";

/** KV cache element types (llama.cpp `--cache-type-k/v`, vLLM `--kv-cache-dtype fp8`). */
export type KvCacheType = "f32" | "f16" | "bf16" | "q8_0" | "q5_1" | "q5_0" | "q4_1" | "q4_0" | "iq4_nl" | "fp8";

/** One kind of device and how many of it (a `2x4090` is one group with count 2). */
export interface DeviceGroup {
	device: Device;
	count: number;
}

export interface HardwareSpec {
	/** GPUs / unified-memory machines, in the order the user named them (llama.cpp device order). */
	devices: DeviceGroup[];
	/** system RAM available for offload (bytes), null when not given */
	systemMemoryBytes: number | null;
}

/**
 * An exact tensor table (from a GGUF header read off the Hub): when present the engine sums it
 * instead of simulating llama.cpp's per-tensor quantization rules.
 */
export interface TensorInfo {
	name: string;
	/** ggml type name, lowercase as ggml prints it: f32, f16, bf16, q8_0, q4_K, q6_K, iq2_xxs, mxfp4 … */
	type: string;
	shape: number[];
}

export interface EstimateRequest {
	model: Model;
	quant: Quant;
	contextTokens: number;
	kvCacheType: KvCacheType;
	runtime: Runtime;
	hardware: HardwareSpec | null;
	/** llama.cpp n_ubatch (default 512) */
	ubatch: number;
	/** llama.cpp -fa; "auto" = on where the backend supports it */
	flashAttention: "auto" | "on" | "off";
	/** parallel sequences (llama.cpp -np / vLLM concurrent requests) */
	parallel: number;
	/** exact tensors when known (GGUF from the Hub) */
	tensors?: TensorInfo[];
	/** vLLM --gpu-memory-utilization (default 0.9) */
	gpuMemoryUtilization?: number;
	/** vLLM --max-num-batched-tokens (default: see vllm.ts vllmProfileTokens) */
	maxNumBatchedTokens?: number;
	/** vLLM --max-num-seqs (default: see vllm.ts vllmBatchDefaults): the sequences of the profile run's sampler */
	maxNumSeqs?: number;
}

/** Bytes by tensor group, as loaded by the runtime. */
export interface WeightsBreakdown {
	embedding: number;
	attention: number;
	denseFfn: number;
	routedExperts: number;
	sharedExperts: number;
	output: number;
	norms: number;
	/** recurrent / linear-attention projections of hybrids */
	linear: number;
	total: number;
}

export interface MemoryEstimate {
	/** download size (GGUF file incl. metadata; safetensors shards) */
	fileBytes: number;
	/** what the runtime loads (GGUF: tensor data) */
	weightsBytes: number;
	weights: WeightsBreakdown;
	/** KV cache (and recurrent state) for contextTokens × parallel, as the runtime allocates it */
	kvCacheBytes: number;
	/** compute / activation buffers */
	computeBytes: number;
	/** per-device driver/context overhead summed over devices */
	overheadBytes: number;
	totalBytes: number;
	/** the context the runtime actually sizes (padded, e.g. to 256 cells in llama.cpp) */
	paddedContextTokens: number;
}

export type Verdict = "fits" | "offload" | "no";

export interface DeviceUse {
	/** device id; multi-count groups are expanded: one entry per physical device */
	id: string;
	name: string;
	capacityBytes: number;
	usedBytes: number;
	weightsBytes: number;
	kvCacheBytes: number;
	computeBytes: number;
	overheadBytes: number;
	/** layers placed on this device */
	layers: number;
}

export interface FitEstimate {
	verdict: Verdict;
	gpuLayers: number;
	totalLayers: number;
	devices: DeviceUse[];
	/** bytes held in system RAM when offloading (weights + their KV) */
	offloadBytes: number;
	/** "experts" when only the MoE routed experts go to system RAM (-ot exps=CPU), "layers" otherwise */
	offloadMode: "none" | "layers" | "experts";
	/** by how much it misses (0 when it fits) */
	shortByBytes: number;
	/** the largest context (tokens) that still fits fully on the devices, 0 when even the weights do not */
	maxContextTokens: number;
	/** vLLM tensor-parallel degree used, when runtime is vllm */
	tensorParallel: number | null;
	/** reasons a layout is impossible (heads not divisible by TP, …) */
	problems: string[];
	/**
	 * layers whose routed experts stay in system RAM (llama.cpp `--n-cpu-moe N`: blk.0 … blk.N−1
	 * ffn_*_exps on the CPU); 0 unless offloadMode is "experts"
	 */
	cpuMoeLayers: number;
}

/** Which band class a placement falls in: the accuracy table's rows (speedFit.ts bands; speed.ts speedClass decides). */
export type SpeedClass = `${"gpu" | "unified" | "offload" | "cpu"}-${"dense" | "moe"}`;

export interface SpeedEstimate {
	decodeTokensPerSecond: number;
	/** prefill of a 512-token prompt (llama-bench pp512) */
	prefillTokensPerSecond: number;
	/** seconds to prefill a prompt of contextTokens tokens (attention grows with the prompt) */
	timeToFirstTokenSeconds: number;
	/** ± fraction of the decode figures for this class of case: its measured error (speedFit.ts bands) */
	band: number;
	/** decode at the end of contextTokens of context (the KV read grows with depth) */
	decodeAtContextTokensPerSecond: number;
	/** ± fraction of the prefill figures for this class of case */
	prefillBand: number;
	/** the accuracy-table class the bands come from: where the weights run × dense/MoE */
	speedClass: SpeedClass;
}

/** vLLM's KV pool as its engine log prints it, and the batch throughput it allows (an estimate). */
export interface VllmPool {
	/** "GPU KV cache size: N tokens" (the same on every tensor-parallel rank) */
	kvPoolTokens: number;
	/** "Available KV cache memory" per GPU, bytes */
	kvPoolBytesPerGpu: number;
	/** "Maximum concurrency for C tokens per request: X" = pool tokens / (C × sequences) */
	maxConcurrentSequences: number;
	/** sequences the aggregate figure is for: the request's parallel, else as many as the pool holds (≤ 256) */
	concurrentSequences: number;
	/** decode tokens/s summed over those sequences at the asked context (estimate) */
	aggregateDecodeTokensPerSecond: number;
}

export interface Estimate {
	/** vLLM runs only: the KV pool and batch throughput */
	vllm?: VllmPool | null;
	memory: MemoryEstimate;
	fit: FitEstimate | null;
	speed: SpeedEstimate | null;
	/** assumptions the answer must state (runtime defaults, efficiencies used) */
	assumptions: string[];
}

/** One measured figure as the JSON `measured` array carries it (DESIGN §2 additions). */
export interface MeasuredFigure {
	what: "decode" | "prefill";
	value: number;
	unit: "tokens/s";
	/** the device as the row names it, with the count ("2x rtx-3090") */
	device: string;
	source: string;
	/** the model the row measured (the asked one or one with the same architecture) */
	model: string;
	/** the row's quantization, llama-bench test (tg128, pp512 …) and backend */
	quant: string;
	test: string;
	backend: string;
}
