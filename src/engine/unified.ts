/**
 * How much of a unified memory pool the GPU may use by default, per platform (issue 15 item 4). Each
 * platform has its own rule; Apple's working set is not DGX Spark's nor Strix Halo's. The rule names
 * the setting that raises the limit, so an answer can state it (the choices engineer words the hint).
 */
import type { Device } from "../catalog/schema.js";

const GiB = 1024 ** 3;

/**
 * Apple's default GPU working set (MTLDevice.recommendedMaxWorkingSetSize) as a share of unified RAM:
 * 2/3 up to 36 GiB, 3/4 above (DESIGN.md §3). Checked on the four Macs in llamacpp-buffers.csv: M1 8 GB
 * → 5726.63 MB (0.667), M2 Pro 16 GB → 11453.25 MB (0.667), M3 Max / M1 Max 64 GB → 51539.61 MB (0.750),
 * M2 Ultra 192 GB → 154618.82 MB (0.750). Raised by `sysctl iogpu.wired_limit_mb`.
 */
export const APPLE_SMALL_RAM_LIMIT_BYTES = 36 * GiB;
export const APPLE_WORKING_SET_SMALL = 2 / 3;
export const APPLE_WORKING_SET_LARGE = 3 / 4;

/**
 * DGX Spark (GB10): the GPU addresses the whole coherent LPDDR5X pool, not a working-set share; what
 * CUDA reports is ~119.7 of the 128 GB ("128 GB of coherent unified LPDDR5x (~119.7 GB addressable by
 * the GPU)": corti.com/running-gpt-oss-120b-on-a-single-nvidia-dgx-spark-a-practical-guide). The OS and
 * other processes share that pool, so the answer states it.
 */
export const GB10_GPU_SHARE = 119.7 / 128;

/**
 * Strix Halo (Ryzen AI Max): AMD's Variable Graphics Memory assigns up to 96 GB of a 128 GB machine to
 * the GPU (theaibench.ai/hardware/framework-desktop-strix-halo: "128 GB LPDDR5X unified with up to
 * 96 GB assignable as VRAM"; gpus.csv notes: "up to 96GB assignable as VRAM on Windows"). On Linux the
 * GPU maps system RAM through GTT, which llama.cpp setups raise with `ttm.pages_limit` to leave about
 * 4 GB to the OS (whylucian.github.io/softab hardware-specs: "124GB GPU, 4GB OS").
 */
export const STRIX_HALO_VGM_SHARE = 96 / 128;
export const STRIX_HALO_OS_RESERVE_BYTES = 4 * GiB;

/**
 * Integrated GPUs (Radeon 780M, Arc 140V, Snapdragon X Elite): the driver lets the GPU map about half
 * of system RAM by default — amdgpu's GTT default ("Default size on recent Linux is roughly half of
 * system RAM": g.o00.io/noisedestroyers/localgenai StrixHaloMemory.md; rocm.docs.amd.com Strix Halo
 * system optimization). The same half is assumed for Intel and Qualcomm iGPUs (no vendor figure found).
 */
export const IGPU_DEFAULT_SHARE = 1 / 2;

export interface UnifiedRule {
	/** bytes the GPU may use by default */
	capacityBytes: number;
	/** one line for the answer's assumptions */
	rule: string;
	/** the setting that raises the limit, when there is one, and what it can reach */
	raise: { setting: string; capacityBytes: number | null } | null;
}

export function appleWorkingSetBytes(memoryBytes: number): number {
	return Math.floor(memoryBytes * (memoryBytes <= APPLE_SMALL_RAM_LIMIT_BYTES ? APPLE_WORKING_SET_SMALL : APPLE_WORKING_SET_LARGE));
}

function gb(bytes: number): string {
	const v = bytes / GiB;
	return `${Number.isInteger(v) ? v : v.toFixed(1)} GB`;
}

/** Chips named in ids and names when a device carries no unifiedRule (fixtures, devices built outside the catalog). */
const STRIX_HALO_NAME = /strix[\s-]?halo|ryzen ai max|80[56]0s/i;
const GB10_NAME = /dgx[\s-]?spark|gb10/i;

function platformOf(device: Device): NonNullable<Device["unifiedRule"]> {
	if (device.unifiedRule !== undefined) return device.unifiedRule;
	if (device.vendor === "apple" || device.backend === "metal") return "apple";
	const names = `${device.id} ${device.name}`;
	if (STRIX_HALO_NAME.test(names)) return "strix-halo";
	if (GB10_NAME.test(names)) return "gb10";
	return "igpu";
}

/** The bytes of unifiedRule(device) without its text (the engine's budgets ask this per device, per scan). */
export function unifiedCapacityBytes(device: Device): number {
	const m = device.memoryBytes;
	switch (platformOf(device)) {
		case "apple":
			return appleWorkingSetBytes(m);
		case "gb10":
			return Math.floor(m * GB10_GPU_SHARE);
		case "strix-halo":
			return Math.floor(m * STRIX_HALO_VGM_SHARE);
		case "igpu":
			return Math.floor(m * IGPU_DEFAULT_SHARE);
	}
}

/** The default GPU budget of a unified-memory device, by its platform (catalog field unifiedRule), with the line the answer states. */
export function unifiedRule(device: Device): UnifiedRule {
	const m = device.memoryBytes;
	const platform = platformOf(device);
	switch (platform) {
		case "apple": {
			const cap = appleWorkingSetBytes(m);
			return {
				capacityBytes: cap,
				rule: `macOS lets the GPU use ${gb(cap)} of ${gb(m)} (recommendedMaxWorkingSetSize: ${m <= APPLE_SMALL_RAM_LIMIT_BYTES ? "2/3" : "3/4"} of RAM)`,
				raise: { setting: "sudo sysctl iogpu.wired_limit_mb", capacityBytes: null },
			};
		}
		case "gb10": {
			const cap = Math.floor(m * GB10_GPU_SHARE);
			return {
				capacityBytes: cap,
				rule: `DGX Spark: the GPU addresses the whole unified pool, ${gb(cap)} of ${gb(m)} as CUDA reports it (shared with the OS)`,
				raise: null,
			};
		}
		case "strix-halo": {
			const cap = Math.floor(m * STRIX_HALO_VGM_SHARE);
			return {
				capacityBytes: cap,
				rule: `Strix Halo: ${gb(cap)} of ${gb(m)} assigned to the GPU (AMD Variable Graphics Memory, up to 96 of 128 GB)`,
				raise: { setting: "Linux: raise GTT with ttm.pages_limit (amdgpu.gttsize)", capacityBytes: m - STRIX_HALO_OS_RESERVE_BYTES },
			};
		}
		case "igpu": {
			const cap = Math.floor(m * IGPU_DEFAULT_SHARE);
			return {
				capacityBytes: cap,
				rule: `integrated GPU: about half of RAM, ${gb(cap)} of ${gb(m)}, is GPU-mappable by default (driver GTT / shared memory)`,
				raise: null,
			};
		}
	}
}
