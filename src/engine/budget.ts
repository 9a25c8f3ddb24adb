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
 * Share of the marketed memory that torch.cuda.mem_get_info() reports as total (the driver keeps the rest):
 * vLLM logs total_gpu_memory=23.58GiB for a 24 GiB RTX 3090 (vllm#10517).
 */
export const VLLM_VISIBLE_MEMORY_SHARE = 23.58 / 24;

/** What vLLM may fill on one GPU: visible total × gpu_memory_utilization − non-torch memory. */
export function vllmBudget(device: Device, utilization: number = VLLM_GPU_MEMORY_UTILIZATION, tensorParallel = 1): DeviceBudget {
	const nonTorch = tensorParallel > 1 ? VLLM_NON_TORCH_TP_BYTES : VLLM_NON_TORCH_BYTES;
	const requested = device.memoryBytes * VLLM_VISIBLE_MEMORY_SHARE * utilization;
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
