/**
 * Devices behind the reference rows. Bandwidth: vendor spec (../shared/catalog-sources/gpus.csv);
 * fp16Flops: dense FP16 tensor throughput (FP16 accumulate on GeForce, per the Ampere/Ada whitepapers),
 * null where none is published cleanly (the engine then falls back per backend).
 */
import type { Device } from "../../src/catalog/schema.js";

const GB = 1e9;
const GiB = 1024 ** 3;

function dev(id: string, backend: Device["backend"], memGiB: number, bwGBs: number, tflops: number | null, kind: Device["kind"] = "gpu"): Device {
	return {
		id,
		name: id,
		vendor: backend === "metal" ? "apple" : backend === "cuda" ? "nvidia" : backend === "cpu" ? "generic" : "amd",
		kind,
		formFactor: "desktop",
		backend,
		aliases: [],
		memoryBytes: Math.round(memGiB * GiB),
		bandwidthBytesPerSecond: Math.round(bwGBs * GB),
		fp16Flops: tflops === null ? null : tflops * 1e12,
		unifiedMemory: kind === "unified",
		group: null,
		releaseYear: null,
		source: ["../shared/catalog-sources/gpus.csv"],
		notes: null,
	};
}

export const FIXTURE_DEVICES = {
	"rtx-3070": dev("rtx-3070", "cuda", 8, 448, 81.3),
	"rtx-3080-ti": dev("rtx-3080-ti", "cuda", 12, 912, 136),
	"rtx-3090": dev("rtx-3090", "cuda", 24, 936, 142),
	"rtx-3090-ti": dev("rtx-3090-ti", "cuda", 24, 1008, 160),
	"rtx-4080": dev("rtx-4080", "cuda", 16, 716.8, 194.9),
	"rtx-4090": dev("rtx-4090", "cuda", 24, 1008, 330.3),
	"rtx-5090": dev("rtx-5090", "cuda", 32, 1792, 419),
	"rtx-3060-12gb": dev("rtx-3060-12gb", "cuda", 12, 360, 51),
	"rtx-4000-ada": dev("rtx-4000-ada", "cuda", 20, 360, 106.9),
	"rtx-6000-ada": dev("rtx-6000-ada", "cuda", 48, 960, 364.2),
	"rtx-a6000": dev("rtx-a6000", "cuda", 48, 768, 154.8),
	"a40": dev("a40", "cuda", 48, 696, 149.7),
	"a100-80gb-pcie": dev("a100-80gb-pcie", "cuda", 80, 1935, 312),
	"a100-80gb-sxm": dev("a100-80gb-sxm", "cuda", 80, 2039, 312),
	"h100-pcie": dev("h100-pcie", "cuda", 80, 2039, 756),
	"gtx-1650-super": dev("gtx-1650-super", "cuda", 4, 192, 8.8),
	"rx-6600": dev("rx-6600", "rocm", 8, 224, 17.9),
	"apple-m1-8gb": dev("apple-m1-8gb", "metal", 8, 68.25, 2.3, "unified"),
	"apple-m1-max-64gb": dev("apple-m1-max-64gb", "metal", 64, 409.6, 10.4, "unified"),
	"apple-m2-16gb": dev("apple-m2-16gb", "metal", 16, 102.4, 3.6, "unified"),
	"apple-m2-pro-16gb": dev("apple-m2-pro-16gb", "metal", 16, 204.8, 6.8, "unified"),
	"apple-m2-ultra-192gb": dev("apple-m2-ultra-192gb", "metal", 192, 819.2, 27.2, "unified"),
	"apple-m3-max-64gb": dev("apple-m3-max-64gb", "metal", 64, 409.6, 16.4, "unified"),
	"apple-m5-32gb": dev("apple-m5-32gb", "metal", 32, 153.6, 8, "unified"),
	"radeon-8060s-128gb": dev("radeon-8060s-128gb", "vulkan", 128, 256, 59.4, "unified"),
	"radeon-8060s-128gb-rocm": dev("radeon-8060s-128gb-rocm", "rocm", 128, 256, 59.4, "unified"),
	// CPU hosts: memory = RAM, bandwidth = channels × 8 B × MT/s
	"xeon-8480-8ch-ddr5": dev("xeon-8480-8ch-ddr5", "cpu", 512, 307.2, null, "cpu"),
	"ryzen-7950x-ddr5": dev("ryzen-7950x-ddr5", "cpu", 64, 83.2, null, "cpu"),
	"graviton4-12ch-ddr5": dev("graviton4-12ch-ddr5", "cpu", 768, 537.6, null, "cpu"),
	"desktop-ddr4": dev("desktop-ddr4", "cpu", 64, 51.2, null, "cpu"),
	// a llama.cpp RPC worker is a remote ggml-cpu backend seen as a device with its own buffers (A27)
	"graviton-rpc-node": dev("graviton-rpc-node", "cpu", 31491 / 1024, 537.6, null, "gpu"),
	"xeon-amx-server": dev("xeon-amx-server", "cpu", 1536, 307.2, null, "cpu"),
} satisfies Record<string, Device>;

export type FixtureDeviceId = keyof typeof FIXTURE_DEVICES;

/** CPU hosts of the 2026 rows that the catalog does not list (yet). */
export const FIXTURE_CPUS = {
	"ryzen-7950x-ddr5": FIXTURE_DEVICES["ryzen-7950x-ddr5"],
	// AMD EPYC 9355: 12 channels × 8 B × 6000 MT/s (the row's "12-channel DDR5-6000")
	"epyc-9355-12ch-ddr5": dev("epyc-9355-12ch-ddr5", "cpu", 512, 576, null, "cpu"),
} satisfies Record<string, Device>;
