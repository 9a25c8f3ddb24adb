/**
 * Measured speeds to show next to the estimate: the reference rows (llama-bench runs people published)
 * for the same model and device, with their source. Pure lookup over the generated table
 * measuredSpeeds.ts (written by bench/fit-speed.ts from tests/engine/fixtures/, copies of
 * ../shared/reference/).
 */
import { MEASURED_SPEEDS, type MeasuredSpeedRow } from "./measuredSpeeds.js";
import type { Model } from "../catalog/schema.js";
import type { EstimateRequest, HardwareSpec, MeasuredFigure } from "./types.js";

/**
 * Models that run the same network share measurements (the family of a row: a fine-tune or a later
 * checkpoint of one architecture — Qwen3-30B-A3B, its 2507 instruct and the Coder 30B-A3B — reads the
 * same bytes and runs the same kernels): architecture, blocks, width, experts and size to 0.1 B.
 */
export function archSignature(m: Pick<Model, "modelType" | "layers" | "hiddenSize" | "moe" | "totalParams">): string {
	return `${m.modelType}|${m.layers}|${m.hiddenSize}|${m.moe?.experts ?? 0}|${Math.round(m.totalParams / 1e8)}`;
}

/** At most this many figures per answer: the same quant first, then the others. */
export const MAX_MEASURED = 6;

/**
 * Rows by device id, count and architecture: built once from the generated table, read-only after. The
 * device and count come first: most questions name hardware without a reference row, and those are
 * answered without building the model's signature and a key string.
 */
const byDevice: ReadonlyMap<string, ReadonlyMap<number, ReadonlyMap<string, readonly MeasuredSpeedRow[]>>> = indexRows(MEASURED_SPEEDS);

function indexRows(rows: readonly MeasuredSpeedRow[]): Map<string, Map<number, Map<string, MeasuredSpeedRow[]>>> {
	const map = new Map<string, Map<number, Map<string, MeasuredSpeedRow[]>>>();
	for (const r of rows) {
		let byCount = map.get(r.device);
		if (byCount === undefined) {
			byCount = new Map();
			map.set(r.device, byCount);
		}
		let byArch = byCount.get(r.count);
		if (byArch === undefined) {
			byArch = new Map();
			byCount.set(r.count, byArch);
		}
		const list = byArch.get(r.arch);
		if (list === undefined) byArch.set(r.arch, [r]);
		else list.push(r);
	}
	return map;
}

/**
 * Measured figures for a model on the hardware of a request: rows of the same model on the same device
 * and count (a CPU-only row when the hardware is a CPU alone). Empty when the reference has none.
 */
export function measuredFor(model: Model, quantId: string, hardware: HardwareSpec | null): MeasuredFigure[] {
	if (hardware === null) return [];
	const gpus = hardware.devices.filter((g) => g.device.kind !== "cpu");
	const main = gpus.length === 1 ? gpus[0] : hardware.devices.length === 1 ? hardware.devices[0] : undefined;
	if (main === undefined) return [];
	const byArch = byDevice.get(main.device.id)?.get(main.count);
	const rows = byArch?.get(archSignature(model));
	if (rows === undefined) return [];
	const q = quantId.toUpperCase();
	// the asked model and quant first, then the same model, then its siblings
	const rank = (r: MeasuredSpeedRow) => (r.model === model.id ? 2 : 0) + (r.quant.toUpperCase() === q ? 1 : 0);
	return [...rows]
		.sort((a, b) => rank(b) - rank(a))
		.slice(0, MAX_MEASURED)
		.map((r) => ({
			what: r.what,
			value: r.value,
			unit: "tokens/s",
			device: `${r.count > 1 ? `${r.count}x ` : ""}${main.device.name}`,
			source: r.source,
			model: r.model,
			quant: r.quant,
			test: r.test,
			backend: r.backend,
		}));
}

/**
 * The figures an answer shows for a request: llama-bench rows measure llama.cpp, so they are shown for
 * llama.cpp and Ollama answers (Ollama runs llama.cpp), not for vLLM or MLX.
 */
export function measuredForRequest(req: Pick<EstimateRequest, "model" | "quant" | "runtime" | "hardware">): MeasuredFigure[] {
	return req.runtime === "llama.cpp" || req.runtime === "ollama" ? measuredFor(req.model, req.quant.id, req.hardware) : [];
}
