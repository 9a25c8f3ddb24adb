/**
 * How much of a device's memory a runtime may use.
 */
import type { Device } from "../catalog/schema.js";
import type { Runtime } from "./types.js";
import { unifiedCapacityBytes } from "./unified.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * Per-GPU memory the driver and the runtime's context take before any buffer: CUDA/ROCm context and
 * cuBLAS workspace. Ollama reserves 457 MiB per CUDA/ROCm GPU (ml/device.go MinimumMemory); idle
 * RTX 3090 / A6000 in the reference logs report 705–873 MiB below their total as "free". We take
 * 512 MiB, plus nothing for Metal (the working-set limit already excludes the OS share) or CPU.
 */
export const GPU_CONTEXT_OVERHEAD_BYTES = 512 * MiB;

/** vLLM `--gpu-memory-utilization` default (vllm/config/cache.py). */
export const VLLM_GPU_MEMORY_UTILIZATION = 0.9;
/**
 * vLLM non-torch memory (CUDA context, cuBLAS workspace) as its profiler logs it: "non_torch 0.35 GiB" on
 * a single RTX 3090 (vllm#10517, ../shared/reference/vllm-kv-pool.csv). With tensor parallelism NCCL
 * adds its buffers: the earlier 650 MiB (context + NCCL + vLLM's suggested 150 MiB redundancy, gpu_worker.py).
 */
export const VLLM_NON_TORCH_BYTES = Math.round(0.35 * GiB);
export const VLLM_NON_TORCH_TP_BYTES = 650 * MiB;
/**
 * What torch.cuda.mem_get_info() reports as a GPU's total, from its marketed size: the driver keeps a
 * fixed part plus a share (ECC, page tables). Fitted through the totals the logs print — RTX 3090 (24 GiB)
 * total_gpu_memory=23.58GiB (vllm#10517); 80 GB A100/H100 "total capacity of 79.15–79.25 GiB" (PyTorch's
 * OOM line, many reports; mean 79.2) — as visible = a × marketed − b, a = 55.62/56, b = 0.257 GiB.
 * 40 GB A100 then gives 39.47 GiB (torch prints 39.39–39.56).
 */
const VISIBLE_SHARE = 55.62 / 56;
const VISIBLE_FIXED_BYTES = 0.257 * GiB;

/** The total vLLM multiplies by gpu_memory_utilization (gpu_worker.py: total_gpu_memory × utilization). */
export function vllmVisibleBytes(device: Device): number {
	return device.memoryBytes * VISIBLE_SHARE - VISIBLE_FIXED_BYTES;
}

/** What vLLM may fill on one GPU: visible total × gpu_memory_utilization − non-torch memory. */
export function vllmBudget(device: Device, utilization: number = VLLM_GPU_MEMORY_UTILIZATION, tensorParallel = 1): DeviceBudget {
	const nonTorch = tensorParallel > 1 ? VLLM_NON_TORCH_TP_BYTES : VLLM_NON_TORCH_BYTES;
	const requested = vllmVisibleBytes(device) * utilization;
	return { capacityBytes: Math.floor(requested - nonTorch), overheadBytes: nonTorch };
}

/** Default system RAM bandwidth for offloaded layers: dual-channel DDR5-5200 ≈ 83 GB/s peak (2 × 8 B × 5200 MT/s). */
export const DEFAULT_SYSTEM_RAM_BANDWIDTH = 83e9;

export interface DeviceBudget {
	/** bytes buffers may take on this device */
	capacityBytes: number;
	/** bytes taken before any buffer (driver/context) — reported as overhead */
	overheadBytes: number;
}

export function deviceBudget(device: Device, runtime: Runtime): DeviceBudget {
	// unified memory: each platform's own default GPU share (unified.ts), not Apple's rule everywhere
	if (device.kind === "unified" || device.unifiedMemory) return { capacityBytes: unifiedCapacityBytes(device), overheadBytes: 0 };
	if (device.kind === "cpu") return { capacityBytes: device.memoryBytes, overheadBytes: 0 };
	if (runtime === "vllm") return vllmBudget(device);
	return { capacityBytes: device.memoryBytes - GPU_CONTEXT_OVERHEAD_BYTES, overheadBytes: GPU_CONTEXT_OVERHEAD_BYTES };
}
