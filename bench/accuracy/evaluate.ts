/**
 * Runs the engine over the reference rows and returns estimate vs measured per row. Shared by
 * `npm run bench:accuracy` (prints the table) and tests/engine (asserts the issue's tolerances).
 */
import type { Quant } from "../../src/catalog/schema.js";
import type { ComputeInputs } from "../../src/engine/compute.js";
import { estimate } from "../../src/engine/estimate.js";
import { gpuSlots, layout } from "../../src/engine/fit.js";
import { kvCacheDetail } from "../../src/engine/kvCache.js";
import { prepare } from "../../src/engine/prepared.js";
import { weightsFor } from "../../src/engine/weights.js";
import type { EstimateRequest } from "../../src/engine/types.js";
import { BUFFER_ROWS, FILE_SIZE_ROWS } from "./bufferRows.js";
import { FIXTURE_DEVICES } from "./devices.js";
import { FIXTURE_MODELS } from "./models.js";
import { SPEED_ROWS } from "./speedRows.js";

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** A GGUF quant as the catalog would describe it (only id and format matter to the engine). */
export function ggufQuant(id: string): Quant {
	return {
		id,
		name: id,
		format: "gguf",
		aliases: [],
		bitsPerWeight: 4.5,
		ggmlType: null,
		runtimes: ["llama.cpp", "ollama"],
		pplDelta: null,
		quality: "fixture",
		source: ["fixture"],
	};
}

export interface Comparison {
	row: string;
	quantity: "file" | "weights" | "kv" | "compute" | "total" | "decode" | "prefill";
	reference: number;
	estimate: number;
	/** estimate / reference − 1 */
	error: number;
	outlier?: string;
}

function cmp(row: string, quantity: Comparison["quantity"], reference: number, est: number, outlier?: string): Comparison {
	const c: Comparison = { row, quantity, reference, estimate: est, error: est / reference - 1 };
	if (outlier !== undefined) c.outlier = outlier;
	return c;
}

export function evaluateFileSizes(): Comparison[] {
	return FILE_SIZE_ROWS.map((r) => {
		const w = weightsFor(FIXTURE_MODELS[r.model], ggufQuant(r.quant));
		const est = r.unit === "GiB" ? w.weightsBytes / GiB : w.fileBytes / 1e9;
		return cmp(`${r.model} ${r.quant} (${r.unit})`, r.unit === "GiB" ? "weights" : "file", r.value, est, r.outlier);
	});
}

export function evaluateBuffers(): Comparison[] {
	const out: Comparison[] = [];
	for (const r of BUFFER_ROWS) {
		const model = FIXTURE_MODELS[r.model];
		const quant = ggufQuant(r.quant);
		const kv = kvCacheDetail(model, {
			contextTokens: r.ctx,
			kvCacheType: r.kvV,
			kvCacheTypeK: r.kvK,
			runtime: r.runtime,
			ubatch: r.ubatch,
			parallel: r.parallel,
			flashAttention: r.fa,
			...(r.layout !== undefined ? { mlaCacheLayout: r.layout } : {}),
			...(r.swaFull !== undefined ? { swaFull: r.swaFull } : {}),
		});
		out.push(cmp(r.id, "kv", r.kvMiB, kv.bytes / MiB));
		if (r.skipWeights === true || r.modelMiB === null) continue;
		const p = prepare(model, quant);
		const hw = { devices: r.gpus.map((g) => ({ device: FIXTURE_DEVICES[g.device], count: g.count })), systemMemoryBytes: null };
		const slots = gpuSlots(hw, r.runtime);
		const base: ComputeInputs = { model, kvCells: kv.fullCells, ubatch: r.ubatch, flashAttention: r.fa, expandedMla: r.layout === "expanded" };
		const pl = layout(p, kv, base, slots, slots.length === 0 ? 0 : (r.cpuLayers ?? 0), r.expertsOnCpu === true ? model.layers : 0);
		const compute = pl.gpus.reduce((s, g) => s + g.computeBytes, 0) + pl.host.computeBytes;
		// buffers as llama.cpp prints them: tensor data, plus the output copy of tied embeddings on a GPU
		const buffers = p.weights.weightsBytes + (model.tiedEmbeddings && pl.outputOnGpu ? p.embeddingBytes : 0);
		out.push(cmp(r.id, "weights", r.modelMiB, buffers / MiB, r.weightsOutlier));
		if (r.skipCompute !== true) {
			out.push(cmp(r.id, "compute", r.computeMiB, compute / MiB));
			out.push(cmp(r.id, "total", r.modelMiB + r.kvMiB + r.computeMiB, (buffers + kv.bytes + compute) / MiB, r.weightsOutlier));
		}
	}
	return out;
}

export function speedRequest(i: number): EstimateRequest {
	const r = SPEED_ROWS[i];
	if (r === undefined) throw new Error(`no speed row ${i}`);
	return {
		model: FIXTURE_MODELS[r.model],
		quant: ggufQuant(r.quant),
		contextTokens: 512,
		kvCacheType: "f16",
		runtime: "llama.cpp",
		hardware: { devices: [{ device: FIXTURE_DEVICES[r.device], count: r.count }], systemMemoryBytes: r.offload === "experts" ? 64 * GiB : null },
		ubatch: 512,
		flashAttention: r.fa ? "on" : "off",
		parallel: 1,
	};
}

export function evaluateSpeeds(): Comparison[] {
	return SPEED_ROWS.map((r, i) => {
		const e = estimate(speedRequest(i));
		const est = r.test === "tg" ? (e.speed?.decodeTokensPerSecond ?? 0) : (e.speed?.prefillTokensPerSecond ?? 0);
		const name = `${r.count > 1 ? `${r.count}x ` : ""}${r.device} ${r.model} ${r.quant}${r.offload === "experts" ? " exps=CPU" : ""}${r.fa ? " fa" : ""}`;
		return cmp(
			name,
			r.test === "tg" ? "decode" : "prefill",
			r.tps,
			est,
			r.model === "qwen3-30b-a3b" && r.quant === "Q8_0" ? "file is 33.5 GiB, not a plain Q8_0" : undefined,
		);
	});
}
