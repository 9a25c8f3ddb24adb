/**
 * Rows of ../shared/reference/llamacpp-buffers.csv (copy in tests/engine/fixtures/) and of
 * gguf-file-sizes.csv, mapped to fixture ids, in MiB / GiB / GB as printed.
 * `layout` says which MLA cache layout the llama.cpp build of the row used (README: three layouts);
 * `fork` marks ik_llama.cpp rows (full-size SWA cache), `swaFull` Ollama's full-size SWA cache.
 */
import type { MlaCacheLayout } from "../../src/engine/kvCache.js";
import type { KvCacheType, Runtime } from "../../src/engine/types.js";
import type { FixtureDeviceId } from "./devices.js";
import type { FixtureModelId } from "./models.js";

export interface BufferRow {
	id: string;
	model: FixtureModelId;
	quant: string;
	/** per sequence */
	ctx: number;
	parallel: number;
	kvK: KvCacheType;
	kvV: KvCacheType;
	fa: boolean;
	ubatch: number;
	runtime: Runtime;
	layout?: MlaCacheLayout;
	swaFull?: boolean;
	/** devices of the run (null: CPU only); cpuDevice for CPU-only rows */
	gpus: { device: FixtureDeviceId; count: number }[];
	/** -ot exps=CPU for all layers; or the first N layers on the CPU (-ngl) */
	expertsOnCpu?: boolean;
	cpuLayers?: number;
	/** printed buffers, MiB (model = GPU + CPU buffers without repack duplicates) */
	kvMiB: number;
	modelMiB: number | null;
	computeMiB: number;
	/** rows whose weights the engine cannot simulate (dynamic quants) or whose compute comes from a fork */
	skipWeights?: boolean;
	skipCompute?: boolean;
	/** why the printed model buffers cannot be summed into the weights (mmap'd buffers overlapping GPU ones) */
	weightsOutlier?: string;
	note?: string;
}

const llama3 = { model: "llama-3-8b", quant: "Q4_K_M", parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", kvMiB: 1024, modelMiB: 4403.49 + 281.81, ctx: 8192 } as const;

export const BUFFER_ROWS: BufferRow[] = [
	{ ...llama3, id: "A02", gpus: [{ device: "rtx-4090", count: 1 }], computeMiB: 560 + 24.01 },
	{ ...llama3, id: "A03", gpus: [{ device: "rtx-3090", count: 2 }], modelMiB: 2113.28 + 2290.21 + 281.81, computeMiB: 640.01 + 640.02 + 72.02 },
	{ ...llama3, id: "A04", gpus: [{ device: "rtx-4090", count: 8 }], modelMiB: 4403.49 + 281.81, computeMiB: 7 * 640.01 + 640.02 + 72.02 },
	{ ...llama3, id: "A05", ctx: 512, kvMiB: 64, gpus: [{ device: "apple-m1-8gb", count: 1 }], modelMiB: 4403.5 + 281.81, computeMiB: 258.5 + 9.01 },
	{ ...llama3, id: "A06", gpus: [{ device: "apple-m2-ultra-192gb", count: 1 }], modelMiB: 4403.5 + 281.81, computeMiB: 560 + 24.01 },
	{ ...llama3, id: "A38", gpus: [{ device: "apple-m3-max-64gb", count: 1 }], modelMiB: 4403.5 + 281.81, computeMiB: 560 + 24.01 },
	{ ...llama3, id: "A39", gpus: [{ device: "a100-80gb-sxm", count: 4 }], modelMiB: 1130.62 + 982.66 * 2 + 1307.55 + 281.81, computeMiB: 3 * 640.01 + 640.02 + 72.02 },
	{ ...llama3, id: "A40", gpus: [{ device: "apple-m1-max-64gb", count: 1 }], modelMiB: 4403.5 + 281.81, computeMiB: 560 + 24.01 },
	{ ...llama3, id: "A41", ctx: 4096, kvMiB: 512, gpus: [], modelMiB: 4685.3, computeMiB: 296.01 },
	{
		id: "A08", model: "deepseek-v3", quant: "Q3_K_M", ctx: 4096, parallel: 1, kvK: "q5_0", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", layout: "expanded",
		gpus: [{ device: "rtx-4090", count: 1 }], cpuLayers: 56, kvMiB: 11834,
		modelMiB: 26072.59 + 43771.98 + 43740.01 + 44816.89 + 43829.9 + 44816.89 + 43829.9 + 13528.09, computeMiB: 3630 + 88.01,
		note: "pre-MLA GGUF (expanded K/V); old kv_b tensor layout",
	},
	{
		id: "A09", weightsOutlier: "log excerpt abbreviates the CPU_Mapped lines", model: "deepseek-v3", quant: "Q4_0", ctx: 4096, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", layout: "expanded",
		gpus: [], kvMiB: 19520, modelMiB: 38134.87 + 8 * 35048.27 + 22690.15, computeMiB: 1186.01, note: "AARCH64 repack copy not counted",
	},
	{
		id: "A10", model: "deepseek-v3", quant: "Q2_K", ctx: 16384, parallel: 1, kvK: "f16", kvV: "f16", fa: true, ubatch: 1024, runtime: "llama.cpp", layout: "latent-kv",
		gpus: [{ device: "rtx-5090", count: 1 }, { device: "rtx-4090", count: 2 }, { device: "rtx-a6000", count: 1 }], expertsOnCpu: true,
		kvMiB: 2074, modelMiB: null, computeMiB: 3285 + 788 * 3 + 92.01, skipWeights: true, skipCompute: true, note: "UD-Q2_K_XL dynamic mix; experts partly on GPUs by hand",
	},
	{ id: "A11", model: "qwen3-30b-a3b", quant: "Q5_K_M", ctx: 4096, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", gpus: [], kvMiB: 384, modelMiB: 20713.44, computeMiB: 300.75 },
	{
		id: "A14", weightsOutlier: "CPU_Mapped/Metal_Mapped buffer maps the whole file, overlapping the GPU buffers", model: "qwen3-235b-a22b", quant: "Q6_K", ctx: 16384, parallel: 1, kvK: "q8_0", kvV: "q8_0", fa: true, ubatch: 512, runtime: "llama.cpp",
		gpus: [{ device: "rtx-3090", count: 1 }], expertsOnCpu: true, kvMiB: 1598,
		modelMiB: 15191.95 + 46604.38 + 47377.52 * 2 + 42166.1, computeMiB: 774 + 8.25 + 40.01, note: "ffn of blk 0-4 on the GPU by -ot",
	},
	{
		id: "A15", model: "qwen3-235b-a22b", quant: "Q8_0", ctx: 32768, parallel: 1, kvK: "q8_0", kvV: "q8_0", fa: true, ubatch: 512, runtime: "llama.cpp",
		gpus: [{ device: "rtx-a6000", count: 1 }], expertsOnCpu: true, kvMiB: 3196, modelMiB: 630.59 + 41723.89 + 196001.25, computeMiB: 1024 + 72.01,
	},
	{
		id: "A16", model: "deepseek-v3", quant: "Q8_0", ctx: 512, parallel: 4, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", layout: "expanded",
		gpus: [], kvMiB: 9760, modelMiB: 45565.9 + 13 * 46661.11 + 28077.6, computeMiB: 670.01, note: "AMX repack copy not counted",
	},
	{ id: "A18", model: "glm-4-32b-0414", quant: "IQ4_XS", ctx: 5120, parallel: 1, kvK: "q8_0", kvV: "q8_0", fa: true, ubatch: 512, runtime: "llama.cpp", gpus: [], kvMiB: 162.03, modelMiB: 16775.23, computeMiB: 308 },
	{ id: "A19", model: "glm-4-32b-0414", quant: "IQ4_XS", ctx: 32768, parallel: 1, kvK: "f16", kvV: "f16", fa: true, ubatch: 512, runtime: "llama.cpp", gpus: [{ device: "rtx-3090-ti", count: 1 }], kvMiB: 1952, modelMiB: 16303.48 + 471.75, computeMiB: 353 + 76.01 },
	{
		id: "A20", model: "gemma-3-27b", quant: "Q4_0", ctx: 131072, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", swaFull: true,
		gpus: [], kvMiB: 63488, modelMiB: 14888.2, computeMiB: 8743.51, skipCompute: true, note: "ik_llama.cpp fork: full-size SWA; QAT file keeps embeddings at another type",
	},
	{ id: "A21", model: "qwen3-32b", quant: "Q4_0", ctx: 40960, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", gpus: [], kvMiB: 10240, modelMiB: 17830.96, computeMiB: 5252.01, skipCompute: true, note: "ik_llama.cpp fork" },
	{
		id: "A22", model: "gemma-3-27b", quant: "Q4_K_M", ctx: 32768, parallel: 1, kvK: "f16", kvV: "f16", fa: true, ubatch: 512, runtime: "llama.cpp", swaFull: true,
		gpus: [{ device: "rtx-a6000", count: 1 }], kvMiB: 15872, modelMiB: 15773.97 + 1102.77, computeMiB: 522.62 + 138.51, note: "ik_llama.cpp fork: full-size SWA",
	},
	{
		id: "A24", weightsOutlier: "CPU_Mapped/Metal_Mapped buffer maps the whole file, overlapping the GPU buffers", model: "gpt-oss-20b", quant: "MXFP4", ctx: 131072, parallel: 1, kvK: "f16", kvV: "f16", fa: true, ubatch: 2048, runtime: "llama.cpp",
		gpus: [{ device: "apple-m5-32gb", count: 1 }], kvMiB: 3126, modelMiB: 11536.18 + 586.82, computeMiB: 1672.08 + 1064.59,
	},
	{
		id: "A26", model: "gemma-2-2b", quant: "Q4_0", ctx: 8192, parallel: 2, kvK: "f16", kvV: "f16", fa: false, ubatch: 256, runtime: "ollama",
		gpus: [{ device: "rx-6600", count: 1 }], kvMiB: 1664, modelMiB: 1548.29 + 461.43, computeMiB: 252.25 + 22.26,
	},
	{
		id: "A27", model: "llama-3-70b", quant: "Q4_0", ctx: 4096, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp",
		gpus: [{ device: "graviton-rpc-node", count: 2 }], kvMiB: 1280, modelMiB: 18821.56 + 18725.42 + 563.62, computeMiB: 588.01 * 2 + 28.01, note: "RPC to two CPU nodes",
	},
	{
		id: "A30", model: "qwen2.5-7b", quant: "Q4_K_M", ctx: 4096, parallel: 1, kvK: "f16", kvV: "f16", fa: true, ubatch: 512, runtime: "ollama",
		gpus: [{ device: "rtx-3060-12gb", count: 1 }], kvMiB: 224, modelMiB: 4168.09 + 292.36, computeMiB: 304 + 15.01,
	},
	{
		id: "A31", weightsOutlier: "CPU_Mapped/Metal_Mapped buffer maps the whole file, overlapping the GPU buffers", model: "qwen3-30b-a3b", quant: "Q4_K_M", ctx: 16384, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp",
		gpus: [{ device: "rtx-4090", count: 1 }, { device: "rtx-5090", count: 1 }], expertsOnCpu: true, kvMiB: 1536, modelMiB: 17447.91 + 135.76 + 648.66, computeMiB: 1080 * 2 + 36.01,
	},
	{
		id: "A32", weightsOutlier: "CPU_Mapped/Metal_Mapped buffer maps the whole file, overlapping the GPU buffers", model: "qwen3-235b-a22b", quant: "Q6_K", ctx: 16384, parallel: 1, kvK: "q8_0", kvV: "q8_0", fa: true, ubatch: 512, runtime: "llama.cpp",
		gpus: [{ device: "rtx-3090", count: 2 }], expertsOnCpu: true, kvMiB: 1598,
		modelMiB: 15922.41 + 16297.68 + 46604.38 + 47377.52 * 2 + 42166.1, computeMiB: 774 + 304.75 + 8.25 + 40.01, note: "ffn of blk 0-13 on the GPUs by -ot",
	},
	{
		id: "A34", model: "llama-2-7b", quant: "Q4_0", ctx: 4096, parallel: 2, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "ollama",
		gpus: [{ device: "apple-m2-pro-16gb", count: 1 }], kvMiB: 4096, modelMiB: 3577.57 + 70.31, computeMiB: 560 + 24.01,
	},
	{
		id: "A35", weightsOutlier: "CPU_Mapped/Metal_Mapped buffer maps the whole file, overlapping the GPU buffers", model: "deepseek-v2-lite", quant: "Q4_K_M", ctx: 1024, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", layout: "expanded",
		gpus: [{ device: "apple-m2-16gb", count: 1 }], cpuLayers: 3, kvMiB: 270, modelMiB: 8742.55 + 2567.24, computeMiB: 71.51 + 200,
	},
	{
		id: "A36", model: "deepseek-v2-lite", quant: "Q4_K_M", ctx: 2048, parallel: 1, kvK: "f16", kvV: "f16", fa: false, ubatch: 512, runtime: "llama.cpp", layout: "expanded",
		gpus: [], kvMiB: 540, modelMiB: 9880.47, computeMiB: 236.25,
	},
];

export interface FileSizeRow {
	model: FixtureModelId;
	quant: string;
	value: number;
	/** "GiB": llama.cpp's printed tensor data (weightsBytes); "GB": a published file size (fileBytes) */
	unit: "GiB" | "GB";
	/** known to come from an older llama.cpp mix or a non-standard file: reported, not asserted */
	outlier?: string;
}

const F = (model: FixtureModelId, quant: string, value: number, unit: "GiB" | "GB", outlier?: string): FileSizeRow =>
	outlier === undefined ? { model, quant, value, unit } : { model, quant, value, unit, outlier };

export const FILE_SIZE_ROWS: FileSizeRow[] = [
	...(["Q2_K", 25.46, "Q3_K_S", 29.92, "Q3_K_M", 33.27, "Q3_K_L", 36.15, "Q4_0", 38.87, "Q4_K_S", 39.25, "Q4_K_M", 41.42, "Q5_0", 47.46, "Q5_K_S", 47.46, "Q5_K_M", 48.75, "Q6_K", 56.59, "Q8_0", 73.29] as const)
		.reduce<FileSizeRow[]>((acc, v, i, arr) => (i % 2 === 0 ? [...acc, F("llama-2-70b", v as string, arr[i + 1] as number, "GB", v === "Q5_K_S" ? "card lists Q5_K_S with Q5_0's size (copy-paste)" : undefined)] : acc), []),
	...(["Q2_K", 14.21, "Q3_K_S", 14.61, "Q3_K_M", 16.28, "Q3_K_L", 17.77, "Q4_0", 19.05, "Q4_K_S", 19.15, "Q4_K_M", 20.22, "Q5_0", 23.24, "Q5_K_S", 23.24, "Q5_K_M", 23.84, "Q6_K", 27.68, "Q8_0", 35.86] as const)
		.reduce<FileSizeRow[]>((acc, v, i, arr) => (i % 2 === 0 ? [...acc, F("codellama-34b", v as string, arr[i + 1] as number, "GB", v === "Q2_K" ? "Aug 2023 Q2_K mix (ffn_down at Q4_K)" : v === "Q5_K_S" ? "card lists Q5_K_S with Q5_0's size" : undefined)] : acc), []),
	F("llama-2-7b", "Q4_K_M", 4.08, "GB"), F("llama-2-7b", "Q5_K_M", 4.78, "GB"), F("llama-2-7b", "Q6_K", 5.53, "GB"), F("llama-2-7b", "Q8_0", 7.16, "GB"),
	F("llama-3-8b", "Q4_K_M", 4.58, "GiB"), F("llama-3-8b", "F16", 14.96, "GiB"),
	F("llama-2-7b", "Q4_0", 3.56, "GiB"), F("llama-2-7b", "Q4_0", 3.82, "GB"), F("llama-2-7b", "F16", 12.63, "GB", "README value matches neither 13.48 GB nor 12.55 GiB"),
	F("llama-2-13b", "Q4_0", 7.24, "GB", "README mixes GiB/GB and older Q4_0 layouts"), F("llama-2-13b", "F16", 24.41, "GB", "README mixes GiB/GB"),
	F("phi-4", "Q4_K_M", 9.053114464, "GB"), F("phi-4", "Q4_K_M", 8.43, "GiB"),
	...(["IQ2_M", 2.95, "IQ3_XS", 3.52, "IQ3_M", 3.78, "IQ4_XS", 4.45, "Q2_K", 3.18, "Q2_K_L", 3.69, "Q3_K_L", 4.32, "Q3_K_XL", 4.78, "Q4_K_S", 4.69, "Q4_K_M", 4.92, "Q4_K_L", 5.31, "Q5_K_S", 5.6, "Q5_K_M", 5.73, "Q5_K_L", 6.06, "Q6_K", 6.6, "Q6_K_L", 6.85, "Q8_0", 8.54, "BF16", 16.1] as const)
		.reduce<FileSizeRow[]>((acc, v, i, arr) => (i % 2 === 0 ? [...acc, F("llama-3-8b", v as string, arr[i + 1] as number, "GB")] : acc), []),
	F("qwen3-235b-a22b", "Q3_K_S", 94.47, "GiB"), F("deepseek-v3", "Q3_K_M", 297.27, "GiB"), F("deepseek-v3", "Q4_0", 353.0, "GiB"),
	F("qwen3-30b-a3b", "Q5_K_M", 20.23, "GiB"), F("qwen3-30b-a3b", "Q4_K_M", 17.28, "GiB"), F("qwen3-235b-a22b", "Q8_0", 232.77, "GiB"),
	F("qwen3-235b-a22b", "Q6_K", 179.75, "GiB"), F("deepseek-v3", "Q8_0", 664.29, "GiB"), F("llama-3-8b", "Q4_0", 4.33, "GiB"),
	F("glm-4-32b-0414", "IQ4_XS", 16.38, "GiB"), F("gpt-oss-120b", "MXFP4", 59.02, "GiB"), F("gpt-oss-20b", "MXFP4", 11.27, "GiB"),
	F("gemma-2-2b", "Q4_0", 1.51, "GiB"), F("llama-3-70b", "Q4_0", 37.22, "GiB"),
	F("mixtral-8x7b", "Q5_K_M", 30.02, "GiB", "Dec 2023 file: experts as separate 2-D tensors, older 8-expert rules"),
	F("qwen2.5-7b", "F16", 14.19, "GiB"), F("qwen2.5-7b", "Q4_K_M", 4.36, "GiB"), F("qwen3-8b-embedding", "Q8_0", 7.49, "GiB"),
	F("deepseek-v2-lite", "Q4_K_M", 9.65, "GiB"), F("mistral-7b-v0.1", "Q4_K_M", 4.07, "GiB"),
	F("gemma-3-27b", "Q4_0", 14.539, "GiB"), F("gemma-3-27b", "Q4_K_M", 15.404, "GiB"), F("qwen3-32b", "Q4_0", 17.413, "GiB"),
	F("gemma-3-1b", "Q8_0", 1013.54 / 1024, "GiB"), F("qwen3-32b", "Q4_K_M", 18.4, "GiB"),
	F("qwen3-30b-a3b", "Q8_0", 33.51, "GiB", "9.4 bpw: not a plain Q8_0 file"), F("llama-2-7b", "Q4_K_M", 3.8, "GiB"),
	F("qwen2.5-32b", "Q4_K_M", 18.48, "GiB"), F("deepseek-v2-lite", "F16", 29.26, "GiB"), F("qwen3-30b-a3b", "IQ4_XS", 15.32, "GiB"),
	F("llama-3-70b", "Q4_K_M", 39.59, "GiB"), F("llama-3-70b", "F16", 131.42, "GiB"),
];
