/**
 * Decode and prefill speed.
 *
 * Decode is memory-bound: every token reads the active weights (all dense weights, the selected experts'
 * share of the routed ones, the output head) and the KV cache of the context. With a layer split the
 * devices run one after the other, so times add:
 *   t = Σ_device bytes_device / (bandwidth_device × η_backend) + t_fixed_backend.
 * Prefill is compute-bound: 2 FLOPs per active weight per token plus attention, over the device's dense
 * FP16 throughput times a model-FLOP utilisation (MFU) per backend.
 * η, t_fixed and MFU were fitted across ../shared/reference/llama-bench-speeds.csv (see the constants).
 */
import type { Device } from "../catalog/schema.js";
import { DEFAULT_SYSTEM_RAM_BANDWIDTH } from "./budget.js";

export type Backend = Device["backend"];

/**
 * Bandwidth efficiency η and fixed per-token time per backend. Fitted by least squares on log(tps)
 * over the tg rows of llama-bench-speeds.csv (bench/accuracy/speedRows.ts; `npm run bench:accuracy`
 * prints the residuals): CUDA on 48 rows (RTX 30/40, RTX Ada, A40/A6000/A100, 1–8 GPUs, 8B/32B/70B,
 * Q4_K_M/F16), Metal on 10 (M1, M1 Max), Vulkan/ROCm on 8 (Radeon 8060S), CPU on 1 (Xeon AMX) with the
 * CPU value also checked against the offloaded-expert rows. t_fixed models the kernel-launch / graph
 * overhead the M2 Max notes measure (≈9 ms of 28 ms there; much less on CUDA graphs).
 */
export const DECODE_EFFICIENCY: Record<Backend, { eta: number; fixedSeconds: number }> = {
	// grid search (η step 0.02, t_fixed step 0.2 ms) minimising Σ|log(est/measured)| over 45 CUDA tg rows
	cuda: { eta: 0.86, fixedSeconds: 0.003 },
	// only one ROCm tg row: ROCm shares the Vulkan fit (same Radeon 8060S hardware)
	rocm: { eta: 0.82, fixedSeconds: 0.0038 },
	// 6 Radeon 8060S Vulkan tg rows
	vulkan: { eta: 0.82, fixedSeconds: 0.0038 },
	// no SYCL rows: the Vulkan fit, less 0.1 (whichllm's Intel backend factor 0.65 vs AMD 0.78)
	sycl: { eta: 0.72, fixedSeconds: 0.0038 },
	// 8 M1 / M1 Max tg rows
	metal: { eta: 0.72, fixedSeconds: 0.0032 },
	// one CPU tg row (Xeon AMX) cannot fit two constants: ENGINE.md's η ≈ 0.6 prior with CUDA's t_fixed; −9 % on that row
	cpu: { eta: 0.6, fixedSeconds: 0.003 },
};

/** Extra decode time per token for each GPU boundary a layer split crosses (activations hop over PCIe). */
export const LAYER_SPLIT_HOP_SECONDS = 0.0001;

/**
 * Prefill MFU per backend (fraction of dense FP16 FLOP/s reached at pp512), fitted like DECODE_EFFICIENCY
 * on the pp rows. llama.cpp's MMQ kernels on quantized weights reach less than cuBLAS on F16.
 */
export const PREFILL_MFU: Record<Backend, number> = {
	// median of measured/estimated-at-MFU-1 over 49 dense CUDA pp rows
	cuda: 0.37,
	// 3 dense Radeon 8060S Vulkan pp rows (the MoE rows are flagged low by their source: default n_batch)
	vulkan: 0.15,
	// ROCm and SYCL share the Vulkan value (one ROCm row; it measures lower still)
	rocm: 0.15,
	sycl: 0.15,
	// 7 M1 / M1 Max pp rows
	metal: 0.68,
	// 2 CPU rows (Xeon AMX, Ryzen 7950X) against the FLOPS_PER_BYTE_FALLBACK estimate
	cpu: 0.9,
};

/**
 * When a device does not publish dense FP16 throughput, estimate it from bandwidth with the backend's
 * typical FLOP-per-byte ratio of published spec sheets: NVIDIA consumer/pro ≈ 150 (RTX 4090 165 TFLOPS /
 * 1008 GB/s), AMD/Intel GPUs ≈ 100, Apple ≈ 25 (M1 Max 10.4 TFLOPS / 410 GB/s), CPUs ≈ 12 (AVX-512 /
 * AMX servers ~3–4 TFLOPS in llama.cpp over ~300 GB/s).
 */
export const FLOPS_PER_BYTE_FALLBACK: Record<Backend, number> = {
	cuda: 150,
	rocm: 100,
	vulkan: 100,
	sycl: 100,
	metal: 25,
	cpu: 12,
};

/** CPU throughput for offloaded layers when the hardware names no CPU: 0.5 TFLOPS (8–16 cores AVX2/AVX-512 at f16). */
export const DEFAULT_SYSTEM_CPU_FLOPS = 0.5e12;

export function deviceFlops(device: Device): number {
	return device.fp16Flops ?? device.bandwidthBytesPerSecond * FLOPS_PER_BYTE_FALLBACK[device.backend];
}

export interface SpeedPart {
	backend: Backend;
	bandwidth: number;
	flops: number;
	/** bytes read per decoded token on this part */
	decodeBytes: number;
	/** FLOPs per prompt token on this part */
	flopsPerToken: number;
	/** parts that run concurrently (tensor parallel) share one time slot */
	parallelGroup?: number;
}

export function decodeSeconds(parts: readonly SpeedPart[]): number {
	let t = 0;
	let fixed = 0;
	for (const p of parts) {
		if (p.decodeBytes <= 0) continue;
		const e = DECODE_EFFICIENCY[p.backend];
		t += p.decodeBytes / (p.bandwidth * e.eta);
		fixed = Math.max(fixed, e.fixedSeconds);
	}
	const gpuHops = Math.max(0, parts.filter((p) => p.decodeBytes > 0).length - 1);
	return t + fixed + gpuHops * LAYER_SPLIT_HOP_SECONDS;
}

export function prefillSeconds(parts: readonly SpeedPart[], tokens: number): number {
	let t = 0;
	for (const p of parts) {
		if (p.flopsPerToken <= 0) continue;
		t += (p.flopsPerToken * tokens) / (p.flops * PREFILL_MFU[p.backend]);
	}
	return t;
}

export function systemRamPart(decodeBytes: number, flopsPerToken: number, cpu: Device | null): SpeedPart {
	return {
		backend: "cpu",
		bandwidth: cpu?.bandwidthBytesPerSecond ?? DEFAULT_SYSTEM_RAM_BANDWIDTH,
		flops: cpu !== null ? deviceFlops(cpu) : DEFAULT_SYSTEM_CPU_FLOPS,
		decodeBytes,
		flopsPerToken,
	};
}

/**
 * decodeSeconds() and prefillSeconds() over parts added one at a time, without building SpeedPart
 * objects (estimate() runs this for every request with hardware; see speedFor). Same operations in the
 * same order as those two functions, so the results are bit-identical. One instance is reused: reset()
 * starts a new sum.
 */
export class SpeedSum {
	private decodeT = 0;
	private fixed = 0;
	private decodingParts = 0;
	private prefillT = 0;
	private tokens = 0;
	/** prefill tokens per second of the last finished sum (set by its reader, see estimate.ts decodeAndPrefill) */
	prefillRate = 0;

	reset(prefillTokens: number): this {
		this.decodeT = 0;
		this.fixed = 0;
		this.decodingParts = 0;
		this.prefillT = 0;
		this.tokens = prefillTokens;
		return this;
	}

	add(backend: Backend, bandwidth: number, flops: number, decodeBytes: number, flopsPerToken: number): void {
		if (!(decodeBytes <= 0)) {
			const e = DECODE_EFFICIENCY[backend];
			this.decodeT += decodeBytes / (bandwidth * e.eta);
			this.fixed = Math.max(this.fixed, e.fixedSeconds);
		}
		if (decodeBytes > 0) this.decodingParts++;
		if (!(flopsPerToken <= 0)) this.prefillT += (flopsPerToken * this.tokens) / (flops * PREFILL_MFU[backend]);
	}

	decodeSeconds(): number {
		return this.decodeT + this.fixed + Math.max(0, this.decodingParts - 1) * LAYER_SPLIT_HOP_SECONDS;
	}

	prefillSeconds(): number {
		return this.prefillT;
	}
}
