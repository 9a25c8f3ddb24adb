/**
 * Decode and prefill speed of a placement, from physical terms whose coefficients are fitted across the
 * measured rows (src/engine/speedFit.ts, written by `npm run fit:speed` = bench/fit-speed.ts).
 *
 * Decode (one token, memory-bound):
 *   t = Σ_part [ (active weight bytes + KV read at the depth) / bandwidth × 1/η_b     bytes over bandwidth
 *               + layers × c_layer_b                                                  per-layer kernel launches / syncs
 *               + MoE layers × active experts × c_expert_b ]                          routing + one expert mat-vec each
 *       + (parts − 1) × LAYER_SPLIT_HOP_SECONDS                                       activations hop between devices
 *   The per-layer term is what makes small models on fast cards slower than bytes/bandwidth says (Llama
 *   3.2 3B on a 4090 reads 2 GB: 2 ms, measured 3.5 ms); the per-expert term is what makes big MoE slow
 *   (Qwen3-30B-A3B reads 2 GB per token but runs 48 layers × 8 experts of small mat-vecs).
 * Prefill (a prompt of N tokens in ubatches of U, compute-bound):
 *   t = N × Σ_part dense matmul FLOPs / F_part × 1/MFU_b,kind                          MMQ on quantized weights vs F16/BF16 GEMM
 *     + N × Σ_part routed-expert FLOPs / F_part × 1/MFU_b,expert                        MUL_MAT_ID: few tokens per expert per ubatch
 *     + N × Σ_part layers × hidden × 4 B / bandwidth × a_b                              non-matmul ops stream the activations
 *     + ⌈N/U⌉ × Σ_part MoE layers × experts touched × c_expert-prefill_b               one small GEMM per expert per ubatch
 *     + N²/2 × Σ_part attention FLOPs / F_part × 1/MFU_b,kind                          attention over the prompt so far
 *     + ⌈N/U⌉ × Σ_part weight bytes touched per ubatch / bandwidth × 1/η_b × r_b       each ubatch reads the weights (MoE: all experts)
 *     + ⌈N/U⌉ × host weight bytes / PCIe × p                                           llama.cpp uploads CPU-held weights to the GPU for big batches
 *   F is the device's dense FP16 tensor throughput with FP16 accumulate (what MMQ and cuBLAS-F16 run at)
 *   from the catalog when it has it, else the bandwidth times the FLOP-per-byte ratio of its architecture
 *   generation (matrixFlops below).
 * Pure: no module-level mutable state; every function reads its inputs and the fitted tables.
 */
import type { Device } from "../catalog/schema.js";
import { SPEED_FIT } from "./speedFit.js";
import type { BackendCoefficients, SpeedCoefficients, SpeedKey } from "./speedCoefficients.js";
import type { SpeedClass } from "./types.js";

// the fitted coefficients' shapes live with no code (speedCoefficients.ts), so the generated table
// speedFit.ts needs nothing from this file and the two do not import each other
export type { BackendCoefficients, SpeedCoefficients, SpeedKey } from "./speedCoefficients.js";

/** The coefficient set a device's work uses (SpeedKey, speedCoefficients.ts): its backend, or "amd-apu" for AMD's unified-memory APUs. */
export function speedKeyOf(device: Device): SpeedKey {
	return device.backend !== "cpu" && device.kind !== "cpu" && generationOf(device) === "amd-rdna35-apu" ? "amd-apu" : device.backend;
}

/** Extra decode time per token for each device boundary a layer split crosses (activations hop over PCIe). */
export const LAYER_SPLIT_HOP_SECONDS = 0.0001;

/**
 * Host-to-GPU copy rate llama.cpp's op offload sees when it uploads CPU-held weights for a batch of ≥ 32
 * tokens (ggml-backend sched, GGML_OP_OFFLOAD_MIN_BATCH): PCIe 4.0 x16 is 32 GB/s raw, ~25 GB/s in
 * practice (cudaMemcpy bandwidthTest on pinned memory). The fitted `pcieUpload` scales it.
 */
export const PCIE_BYTES_PER_SECOND = 25e9;

/** CPU throughput for offloaded layers when the hardware names no CPU: 0.5 TFLOPS (8–16 cores AVX2/AVX-512 at f16). */
export const DEFAULT_SYSTEM_CPU_FLOPS = 0.5e12;

/**
 * Matrix throughput llama.cpp's prefill kernels can draw on, per byte/s of bandwidth, per architecture
 * generation, for devices whose catalog entry publishes no FLOP rate. The quantity is the dense FP16
 * tensor rate with FP16 accumulate: llama.cpp's MMQ kernels run int8 MMA (int32 accumulate, twice that
 * rate on every NVIDIA part since Turing) and its F16 path calls cuBLAS with CUBLAS_COMPUTE_16F
 * (ggml-cuda.cu ggml_cuda_op_mul_mat_cublas), so neither pays the half-rate FP32 accumulate of GeForce
 * cards. That is why a GeForce card and the workstation part on the same chip measure alike (4090 vs RTX
 * 6000 Ada, 3090 vs A6000 in llama-bench-speeds.csv) although their FP32-accumulate figures differ 2×.
 * Each ratio is a part's spec-sheet rate over its GB/s (NVIDIA Turing/Ampere/Ada/Blackwell whitepapers,
 * AMD RDNA product pages, Apple GPU TFLOPS as published for the M-series launches, Intel Arc XMX):
 */
export const FLOPS_PER_BYTE_BY_GENERATION = {
	// GTX 10/16: no tensor cores; MMQ runs DP4A int8 (GTX 1080 Ti 45.2 TOPS), counted at half as on
	// tensor-core parts where int8 runs at twice the FP16 rate: 22.6 / 484
	"nvidia-pascal": 47,
	// RTX 20: 2080 Ti 107.6 TFLOPS fp16-acc / 616 GB/s; 2060 51.6 / 336
	"nvidia-turing": 170,
	// RTX 30 GeForce: 3090 142 / 936; 3060 51.2 / 360; 3070 81.3 / 448 → ≈ 150
	"nvidia-ampere": 150,
	// RTX A-series (full-rate accumulate): A6000 154.8 / 768
	"nvidia-ampere-pro": 200,
	// RTX 40 GeForce: 4090 330.3 / 1008; 4080 194.9 / 717 → ≈ 300
	"nvidia-ada": 300,
	// RTX Ada pro cards: RTX 6000 Ada 364 / 960; 4000 Ada 106.9 / 360 → ≈ 340
	"nvidia-ada-pro": 340,
	// RTX 50 / RTX PRO Blackwell: 5090 419 fp16-acc dense (3,352 AI TOPS fp4 sparse / 8) / 1792
	"nvidia-blackwell": 234,
	// GB10 (DGX Spark): 1 PFLOP fp4 sparse / 8 = 125 TFLOPS fp16 dense / 273 GB/s
	"nvidia-gb10": 458,
	// RDNA2 (no WMMA; packed fp16): RX 6900 XT 46 / 512
	"amd-rdna2": 90,
	// RDNA3 WMMA: 7900 XTX 122.8 / 960; Radeon 8060S (RDNA3.5) 59.4 / 256 → discrete 128, APU 232
	"amd-rdna3": 128,
	"amd-rdna35-apu": 232,
	// RDNA4: RX 9070 XT 195 / 640
	"amd-rdna4": 305,
	// Apple GPUs: M1 Max 10.4 / 400, M2 Ultra 27.2 / 800, M3 Max 16.4 / 400, M4 Max 18.4 / 546 → ≈ 34
	apple: 34,
	// Intel Arc XMX: A770 138 / 560; B580 117 / 456
	"intel-arc": 250,
	// CPUs: AVX-512 / AMX servers reach a few TFLOPS in llama.cpp over ~300 GB/s
	cpu: 12,
	// unknown discrete GPU: the Ampere GeForce ratio
	other: 150,
} as const;

export type Generation = keyof typeof FLOPS_PER_BYTE_BY_GENERATION;

/**
 * The architecture generation of a device, from its vendor, backend and catalog id (the catalog has no
 * generation field; ids follow the marketing names, e.g. rtx-4090, radeon-rx-7900-xtx, apple-m3-max-64gb).
 */
export function generationOf(device: Device): Generation {
	const id = device.id;
	if (device.kind === "cpu" || device.backend === "cpu") return "cpu";
	if (device.backend === "metal" || device.vendor === "apple") return "apple";
	if (device.backend === "sycl" || device.vendor === "intel") return "intel-arc";
	if (device.vendor === "amd" || device.backend === "rocm") {
		if (/strix|8060s|890m|880m|780m/.test(id)) return "amd-rdna35-apu";
		if (/rx-6\d{3}|w6\d{3}/.test(id)) return "amd-rdna2";
		if (/rx-9\d{3}|r9700/.test(id)) return "amd-rdna4";
		return "amd-rdna3";
	}
	if (/gtx|titan-x|p100|p40/.test(id)) return "nvidia-pascal";
	if (/rtx-20|titan-rtx|quadro-rtx|t4/.test(id)) return "nvidia-turing";
	if (/dgx-spark|gb10|thor/.test(id)) return "nvidia-gb10";
	if (/rtx-50|blackwell/.test(id)) return "nvidia-blackwell";
	if (/-ada|l4|l40/.test(id)) return "nvidia-ada-pro";
	if (/rtx-40/.test(id)) return "nvidia-ada";
	if (/rtx-a\d/.test(id)) return "nvidia-ampere-pro";
	if (/rtx-30|a10|a40|jetson/.test(id)) return "nvidia-ampere";
	return "other";
}

/**
 * Share of a data-center part's published dense FP16 rate that llama.cpp's kernels can use: its MMQ and
 * flash-attention kernels issue Ampere-style mma.sync, which on Hopper/Blackwell data-center parts run at
 * about half the wgmma/tcgen05 peak the spec sheet quotes (NVIDIA Hopper tuning guide; H100 pp512 rows
 * reach ~130 TFLOPS of 756).
 */
export const MMA_SYNC_SHARE_OF_PEAK = 0.5;

/**
 * NVIDIA GeForce parts: the catalog's fp16Flops is the spec sheet's headline "FP16 tensor, FP32 accumulate"
 * figure, which GeForce runs at half rate; llama.cpp's kernels see the FP16-accumulate / int8 rate, twice
 * that (Ada whitepaper appendix: RTX 4090 330.3 TFLOPS with FP16 accumulate, 165.2 with FP32).
 */
export const GEFORCE_FP16_ACCUMULATE_FACTOR = 2;

function geforce(device: Device): boolean {
	return device.vendor === "nvidia" && /^(rtx-[2-5]0\d0|gtx-|titan-)/.test(device.id);
}

/** Matrix throughput (FLOP/s) the prefill term divides by: the catalog's fp16Flops, else by generation. */
export function matrixFlops(device: Device): number {
	if (device.fp16Flops !== null) {
		if (/^(h100|h200|gh200|b200|b300|gb200)/.test(device.id)) return device.fp16Flops * MMA_SYNC_SHARE_OF_PEAK;
		return geforce(device) ? device.fp16Flops * GEFORCE_FP16_ACCUMULATE_FACTOR : device.fp16Flops;
	}
	return device.bandwidthBytesPerSecond * FLOPS_PER_BYTE_BY_GENERATION[generationOf(device)];
}

/** One part of a placement that runs on one device (or on the CPU from system RAM). */
export interface SpeedPart {
	/** the coefficient set (speedKeyOf the device; "cpu" for system RAM) */
	backend: SpeedKey;
	bandwidth: number;
	/** dense matrix FLOP/s (matrixFlops) */
	flops: number;
	/** active weight bytes read per decoded token on this part */
	weightBytes: number;
	/** KV bytes read per decoded token per token of context (full-attention layers on this part) */
	kvBytesPerContextToken: number;
	/** KV bytes per token of context of the sliding-window layers (read up to the window) */
	kvSlidingBytesPerContextToken: number;
	/** recurrent state read per token, independent of depth */
	kvFixedBytes: number;
	/** transformer layers whose work runs here */
	layers: number;
	/** MoE layers whose routed experts run here */
	moeLayers: number;
	/** matmul FLOPs per prompt token on this part */
	promptFlops: number;
	/** the routed-expert share of promptFlops (0 for dense models) */
	expertPromptFlops: number;
	/** bytes of one f32 hidden-state vector per layer on this part (layers × hidden size × 4) */
	activationBytesPerToken: number;
	/** expert GEMMs one prefill ubatch runs on this part (MoE layers × experts the ubatch touches) */
	expertMatmulsPerUbatch: number;
	/** attention FLOPs per prompt token per earlier prompt token (4 × q width × attending layers) */
	attentionFlopsPerContextToken: number;
	/** weight bytes a prefill ubatch reads from this part's memory */
	ubatchReadBytes: number;
	/** weight bytes held in host RAM that llama.cpp uploads to a GPU per ubatch (op offload), 0 if none */
	uploadBytes: number;
}

export interface SpeedInputs {
	parts: SpeedPart[];
	/** active experts per token (0 for dense models) */
	activeExperts: number;
	/** weights quantized (MMQ path) rather than F16/BF16/F32 */
	quantized: boolean;
	/** sliding window of the model (tokens), null when none */
	slidingWindow: number | null;
	ubatch: number;
}

/** Seconds per decoded token at `depth` tokens of context. */
export function decodeSeconds(inputs: SpeedInputs, depth: number, fit: SpeedCoefficients = SPEED_FIT.coefficients): number {
	let t = 0;
	let running = 0;
	for (const p of inputs.parts) {
		const bytes = p.weightBytes + kvReadAt(p, inputs.slidingWindow, depth);
		if (bytes <= 0 && p.layers <= 0) continue;
		running++;
		t += partDecodeSeconds(fit.backends[p.backend], bytes, p.bandwidth, p.layers, p.moeLayers, inputs.activeExperts);
	}
	return withLayerSplitHops(t, running);
}

/**
 * One running part's share of a decoded token: its bytes read at its bandwidth, its layers' and its
 * MoE layers' fixed costs (decodeSeconds, and estimate.ts's scan sum, which reads a placement directly).
 */
export function partDecodeSeconds(c: BackendCoefficients, bytes: number, bandwidth: number, layers: number, moeLayers: number, activeExperts: number): number {
	return (bytes / bandwidth) * c.invEta + layers * c.layerSeconds + moeLayers * activeExperts * c.expertSeconds;
}

/** The decode time of `running` parts: their sum plus one hop per layer split between them. */
export function withLayerSplitHops(seconds: number, running: number): number {
	return seconds + Math.max(0, running - 1) * LAYER_SPLIT_HOP_SECONDS;
}

/** KV bytes one decoded token reads on a part at `depth` tokens of context. */
export function kvReadAt(p: SpeedPart, window: number | null, depth: number): number {
	return kvReadBytes(p.kvBytesPerContextToken, p.kvSlidingBytesPerContextToken, p.kvFixedBytes, window, depth);
}

/** kvReadAt from a part's three KV terms: full layers read every cell, sliding ones at most the window. */
export function kvReadBytes(perToken: number, slidingPerToken: number, fixed: number, window: number | null, depth: number): number {
	return perToken * depth + slidingPerToken * Math.min(depth, window ?? depth) + fixed;
}

/** Seconds to prefill a prompt of `tokens` tokens (ubatches of inputs.ubatch). */
export function prefillSeconds(inputs: SpeedInputs, tokens: number, fit: SpeedCoefficients = SPEED_FIT.coefficients): number {
	const n = Math.max(1, tokens);
	const ubatches = Math.ceil(n / Math.max(1, inputs.ubatch));
	let t = 0;
	for (const p of inputs.parts) {
		const c = fit.backends[p.backend];
		const invMfu = inputs.quantized ? c.invMfuQuant : c.invMfuFloat;
		t += ((n * (p.promptFlops - p.expertPromptFlops) + ((n * n) / 2) * p.attentionFlopsPerContextToken) / p.flops) * invMfu;
		t += ((n * p.expertPromptFlops) / p.flops) * c.invMfuExpert;
		t += ((n * p.activationBytesPerToken) / p.bandwidth) * c.prefillActivation;
		t += ubatches * p.expertMatmulsPerUbatch * c.expertPrefillSeconds;
		t += ubatches * (p.ubatchReadBytes / p.bandwidth) * c.invEta * c.prefillRead;
		t += ubatches * (p.uploadBytes / PCIE_BYTES_PER_SECOND) * fit.pcieUpload;
	}
	return t;
}

/**
 * Decode tokens/s summed over `sequences` decoded together (vLLM continuous batching; an estimate): each
 * step reads the weights once and every sequence's KV at `depth`, and does each sequence's matmuls at the
 * prefill rate (the batch turns compute-bound as it grows).
 */
export function batchDecodeTokensPerSecond(inputs: SpeedInputs, sequences: number, depth: number, fit: SpeedCoefficients = SPEED_FIT.coefficients): number {
	const n = Math.max(1, sequences);
	let t = 0;
	for (const p of inputs.parts) {
		const c = fit.backends[p.backend];
		const memory = ((p.weightBytes + n * kvReadAt(p, inputs.slidingWindow, depth)) / p.bandwidth) * c.invEta;
		const compute = ((n * p.promptFlops) / p.flops) * (inputs.quantized ? c.invMfuQuant : c.invMfuFloat);
		t += Math.max(memory, compute) + p.layers * c.layerSeconds + p.moeLayers * inputs.activeExperts * c.expertSeconds;
	}
	return n / t;
}

/** The linear features of one row's decode time: coefficient name → its multiplier (fit script and tests). */
export function decodeFeatures(inputs: SpeedInputs, depth: number): Map<string, number> {
	const f = new Map<string, number>();
	const add = (k: string, v: number) => {
		if (v !== 0) f.set(k, (f.get(k) ?? 0) + v);
	};
	let running = 0;
	for (const p of inputs.parts) {
		const bytes = p.weightBytes + kvReadAt(p, inputs.slidingWindow, depth);
		if (bytes <= 0 && p.layers <= 0) continue;
		running++;
		add(`${p.backend}.invEta`, bytes / p.bandwidth);
		add(`${p.backend}.layerSeconds`, p.layers);
		add(`${p.backend}.expertSeconds`, p.moeLayers * inputs.activeExperts);
	}
	add("const", Math.max(0, running - 1) * LAYER_SPLIT_HOP_SECONDS);
	return f;
}

/** The linear features of one row's prefill time for `tokens` tokens, with the decode 1/η held fixed. */
export function prefillFeatures(inputs: SpeedInputs, tokens: number, fit: SpeedCoefficients): Map<string, number> {
	const f = new Map<string, number>();
	const add = (k: string, v: number) => {
		if (v !== 0) f.set(k, (f.get(k) ?? 0) + v);
	};
	const n = Math.max(1, tokens);
	const ubatches = Math.ceil(n / Math.max(1, inputs.ubatch));
	for (const p of inputs.parts) {
		const c = fit.backends[p.backend];
		add(
			`${p.backend}.${inputs.quantized ? "invMfuQuant" : "invMfuFloat"}`,
			(n * (p.promptFlops - p.expertPromptFlops) + ((n * n) / 2) * p.attentionFlopsPerContextToken) / p.flops,
		);
		add(`${p.backend}.invMfuExpert`, (n * p.expertPromptFlops) / p.flops);
		add(`${p.backend}.prefillActivation`, (n * p.activationBytesPerToken) / p.bandwidth);
		add(`${p.backend}.expertPrefillSeconds`, ubatches * p.expertMatmulsPerUbatch);
		add(`${p.backend}.prefillRead`, ubatches * (p.ubatchReadBytes / p.bandwidth) * c.invEta);
		add("pcieUpload", ubatches * (p.uploadBytes / PCIE_BYTES_PER_SECOND));
	}
	return f;
}

/** Which band class a placement falls in (defined with the Estimate that carries it, types.ts). */
export type { SpeedClass };

/**
 * The classes as literals, [where][moe ? 1 : 0]: a class built with a template string is a new,
 * un-internalized string, and speedBand's lookup of it in the bands table had to flatten and
 * internalize it first (it ran for each of an estimate's two bands).
 */
const CLASSES = {
	cpu: ["cpu-dense", "cpu-moe"],
	offload: ["offload-dense", "offload-moe"],
	unified: ["unified-dense", "unified-moe"],
	gpu: ["gpu-dense", "gpu-moe"],
} as const satisfies Record<string, readonly [SpeedClass, SpeedClass]>;

export function speedClass(inputs: SpeedInputs, unified: boolean): SpeedClass {
	const parts = inputs.parts;
	let cpuParts = 0;
	for (const p of parts) if (p.backend === "cpu" && (p.weightBytes > 0 || p.layers > 0)) cpuParts++;
	const where = cpuParts === parts.length ? CLASSES.cpu : cpuParts > 0 ? CLASSES.offload : unified ? CLASSES.unified : CLASSES.gpu;
	return where[inputs.activeExperts > 0 ? 1 : 0];
}

/**
 * SPEED_FIT's bands with every class filled in (its `all` band where the fit has no rows of a class):
 * a class missing from the fitted table made each lookup of it a miss walked up the prototype chain.
 */
const BANDS: Readonly<Record<"decode" | "prefill", Readonly<Record<SpeedClass, number>>>> = {
	decode: completeBands(SPEED_FIT.bands.decode),
	prefill: completeBands(SPEED_FIT.bands.prefill),
};

function completeBands(b: Partial<Record<SpeedClass, number>> & { all: number }): Record<SpeedClass, number> {
	const out = {} as Record<SpeedClass, number>;
	for (const pair of Object.values(CLASSES)) for (const cls of pair) out[cls] = b[cls] ?? b.all;
	return out;
}

/** The ± fraction to show with a decode / prefill figure of this class: the measured error of its rows. */
export function speedBand(cls: SpeedClass, what: "decode" | "prefill"): number {
	return BANDS[what][cls];
}
