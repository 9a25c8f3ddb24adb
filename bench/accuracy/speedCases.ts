/**
 * Every measured speed row the fit and the accuracy table use, as one list of cases: the engine's
 * speed-model inputs for the row's request (speedInputsFor: the placement the answer would use) with
 * the measured figure, its source and its class. Rows come from tests/engine/fixtures/ (copies of
 * ../shared/reference/): llama-bench-speeds.csv (2024 builds, fixture models, devices mapped to the
 * catalog's where it has them so FLOP rates follow one definition) and llama-bench-speeds-2026.csv
 * (catalog models and devices), plus the measurements issue 17 quotes (ISSUE_ROWS).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Device, Model, Quant } from "../../src/catalog/schema.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { speedInputsFor } from "../../src/engine/estimate.js";
import { type SpeedClass, type SpeedInputs, speedClass } from "../../src/engine/speed.js";
import type { EstimateRequest, KvCacheType } from "../../src/engine/types.js";
import { FIXTURE_CPUS, FIXTURE_DEVICES } from "./devices.js";
import { ggufQuant } from "./evaluate.js";
import { FIXTURE_MODELS } from "./models.js";
import { SPEED_ROWS } from "./speedRows.js";
import { SPEED_ROWS_2026 } from "./speedRows2026.js";

const GiB = 1024 ** 3;

export interface SpeedCase {
	id: string;
	/** where the measurement comes from (leave-one-source-out drops all rows of one source) */
	source: string;
	/** the backend of the measured run (Vulkan on a Radeon is answered with the catalog's ROCm device) */
	measuredBackend: string;
	test: "decode" | "prefill";
	/** tokens of the llama-bench test: tgN decodes N tokens from an empty cache, ppN prefills N */
	tokens: number;
	tps: number;
	inputs: SpeedInputs;
	cls: SpeedClass;
	note?: string;
	/** catalog ids of the row when the catalog has the model and device (2024 rows: for measured.ts) */
	catalogModel?: string;
	catalogDevice?: string;
	quant?: string;
	count?: number;
	sourceFull?: string;
}

/** The measurements issue 17 quotes, with no row in the reference files (sources as the issue gives them). */
export const ISSUE_ROWS = [
	{ id: "issue: DeepSeek-R1 IQ1_S 2x H100", model: "deepseek-r1", quant: "IQ1_S", device: "h100-sxm", count: 2, test: "decode", tps: 14 },
	{ id: "issue: DeepSeek-R1 Q4_K_M M3 Ultra", model: "deepseek-r1", quant: "Q4_K_M", device: "apple-m3-ultra-512gb", count: 1, test: "decode", tps: 18.5 },
	{ id: "issue: Qwen3-30B-A3B M3 Ultra", model: "qwen3-30b-a3b", quant: "Q4_K_M", device: "apple-m3-ultra-512gb", count: 1, test: "decode", tps: 95 },
	{ id: "issue: gpt-oss-20b RTX 4090", model: "gpt-oss-20b", quant: "MXFP4", device: "rtx-4090", count: 1, test: "decode", tps: 280 },
	{ id: "issue: Llama 8B 7900 XTX pp512", model: "llama-3.1-8b-instruct", quant: "Q4_K_M", device: "radeon-rx-7900-xtx", count: 1, test: "prefill", tps: 3300 },
] as const;

/** Fixture device ids of the 2024 rows → the catalog's id for the same card. */
const CATALOG_ID: Record<string, string> = {
	"a100-80gb-pcie": "a100-pcie-80gb",
	"a100-80gb-sxm": "a100-sxm-80gb",
	"radeon-8060s-128gb": "strix-halo-395-128gb",
	"radeon-8060s-128gb-rocm": "strix-halo-395-128gb",
};

/** Fixture CPUs of the 2026 rows → the catalog's entry for the same part (Zen 4 desktop; Zen 5 EPYC 9005 with 12 × DDR5-6000). */
const CATALOG_CPU: Record<string, string> = {
	"ryzen-7950x-ddr5": "ryzen-9-7950x",
	"epyc-9355-12ch-ddr5": "epyc-9005-turin",
};

const here = dirname(fileURLToPath(import.meta.url));

export function fixturesDir(): string {
	// bench/accuracy (tsx) or dist/bench/accuracy (compiled): the repo root is two or three levels up
	for (const up of ["../..", "../../.."]) {
		const dir = join(here, up, "tests/engine/fixtures");
		try {
			readFileSync(join(dir, "llama-bench-speeds.csv"));
			return dir;
		} catch {}
	}
	throw new Error("tests/engine/fixtures not found");
}

/** The source column of llama-bench-speeds.csv, per row (quoted CSV, one line per row). */
function sources2024(): string[] {
	const text = readFileSync(join(fixturesDir(), "llama-bench-speeds.csv"), "utf8");
	return text
		.trim()
		.split("\n")
		.slice(1)
		.map((line) => {
			const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
			return (cells[10] ?? "").replace(/,$/, "").replace(/^"|"$/g, "");
		});
}

function sourceKey(s: string): string {
	// one source = one page/repo file/thread: cut at the first parenthesis or file name detail
	return s.replace(/\s*\(.*$/, "").slice(0, 90);
}

function request(
	model: Model,
	quant: Quant,
	devices: { device: Device; count: number }[],
	ramBytes: number | null,
	extra: Partial<EstimateRequest> = {},
): EstimateRequest {
	return {
		model,
		quant,
		contextTokens: 512,
		kvCacheType: "f16",
		runtime: "llama.cpp",
		hardware: { devices, systemMemoryBytes: ramBytes },
		ubatch: 512,
		flashAttention: "auto",
		parallel: 1,
		...extra,
	};
}

function unifiedOf(devices: { device: Device }[]): boolean {
	return devices.some((d) => d.device.unifiedMemory || d.device.kind === "unified");
}

export function speedCases(): SpeedCase[] {
	const cat = loadCatalog();
	const out: SpeedCase[] = [];
	const src = sources2024();
	SPEED_ROWS.forEach((r, i) => {
		const fixture: Device = FIXTURE_DEVICES[r.device];
		const device = cat.deviceById.get(CATALOG_ID[r.device] ?? r.device) ?? fixture;
		// the ROCm fixture row ran ROCm on the Radeon 8060S: same catalog device, backend as measured
		const devices = [{ device, count: r.count }];
		const req = request(FIXTURE_MODELS[r.model], ggufQuant(r.quant), devices, r.offload === "experts" ? 64 * GiB : null, {
			flashAttention: r.fa ? "on" : "off",
		});
		const inputs = speedInputsFor(req);
		if (inputs === null) return;
		out.push({
			id: `2024#${i + (i >= 2 ? 3 : 2)} ${r.count > 1 ? `${r.count}x ` : ""}${r.device} ${r.model} ${r.quant}${r.offload === "experts" ? " exps=CPU" : ""}`,
			source: sourceKey(src[i >= 2 ? i + 1 : i] ?? "2024 rows"),
			measuredBackend: r.device.endsWith("-rocm") ? "rocm" : fixture.backend,
			test: r.test === "tg" ? "decode" : "prefill",
			tokens: r.test === "tg" ? 128 : 512,
			tps: r.tps,
			inputs,
			cls: speedClass(inputs, unifiedOf(devices)),
			...(r.model === "qwen3-30b-a3b" && r.quant === "Q8_0" ? { note: "outlier: file is 33.5 GiB, not a plain Q8_0" } : {}),
			// the reference's own note on these rows: build 5398 ran qwen3moe pp512 "low at default n_batch"
			// (its batch sweep shows the slowdown); the 2026 rows of the same models on the same iGPU run 6–10× faster
			...(r.device === "radeon-8060s-128gb" && r.model.startsWith("qwen3-") && r.model.includes("-a") && r.test === "pp"
				? { note: "outlier: build 5398 qwen3moe pp512 low at default n_batch (reference note)" }
				: {}),
			...(cat.modelById.has(r.model) && cat.deviceById.has(device.id) && r.offload === "none" ? { catalogModel: r.model, catalogDevice: device.id } : {}),
			quant: r.quant,
			count: r.count,
			sourceFull: src[i >= 2 ? i + 1 : i] ?? "",
			...(r.device === "gtx-1650-super" ? { note: "outlier: host CPU and RAM not stated (6 threads); 2.75 tok/s means ~5 GB/s from RAM" } : {}),
		});
	});
	for (const r of SPEED_ROWS_2026) {
		if (r.skip !== undefined || r.model === null) continue;
		const model = cat.modelById.get(r.model);
		const quant = cat.quantById.get(r.quant);
		if (model === undefined || quant === undefined) continue;
		const devices: { device: Device; count: number }[] = [];
		if (r.device !== null) {
			const d = cat.deviceById.get(r.device);
			if (d === undefined) continue;
			devices.push({ device: d, count: r.count });
		}
		// the catalog's CPU when it lists the row's CPU, else the fixture one (same bandwidth rule)
		const cpu = r.cpu === null ? undefined : (cat.deviceById.get(CATALOG_CPU[r.cpu] ?? "") ?? FIXTURE_CPUS[r.cpu as keyof typeof FIXTURE_CPUS]);
		if (cpu !== undefined) devices.push({ device: cpu, count: 1 });
		const req = request(model, quant, devices, cpu === undefined ? null : cpu.memoryBytes, {
			ubatch: r.ubatch,
			kvCacheType: r.kv as KvCacheType,
			flashAttention: r.fa,
			contextTokens: Math.max(512, r.tokens),
		});
		const inputs = speedInputsFor(req);
		if (inputs === null) continue;
		out.push({
			id: `2026#${r.row} ${r.query}`,
			source: sourceKey(r.source),
			measuredBackend: r.measuredBackend,
			test: r.test,
			tokens: r.tokens,
			tps: r.tps,
			inputs,
			cls: speedClass(inputs, unifiedOf(devices)),
			...(r.note !== undefined ? { note: r.note } : {}),
		});
	}
	for (const r of ISSUE_ROWS) {
		const model = cat.modelById.get(r.model);
		const quant = cat.quantById.get(r.quant);
		const device = cat.deviceById.get(r.device);
		if (model === undefined || quant === undefined || device === undefined) continue;
		const devices = [{ device, count: r.count }];
		const inputs = speedInputsFor(request(model, quant, devices, null));
		if (inputs === null) continue;
		out.push({
			id: r.id,
			source: "issue 17",
			measuredBackend: device.backend,
			test: r.test,
			tokens: r.test === "decode" ? 128 : 512,
			tps: r.tps,
			inputs,
			cls: speedClass(inputs, unifiedOf(devices)),
			...(r.id === "issue: DeepSeek-R1 IQ1_S 2x H100"
				? {
						note: "outlier: one user's figure without build or flags; 8× below bytes/bandwidth + per-layer + per-expert cost, while R1 on an M3 Ultra and the 2026 big-MoE rows land within 30 %: no term fitted across rows explains it",
					}
				: {}),
		});
	}
	return out;
}

/** Depth of the average decoded token of a tgN test: N/2 tokens already in the cache. */
export function caseDepth(c: SpeedCase): number {
	return c.test === "decode" ? c.tokens / 2 : 0;
}
