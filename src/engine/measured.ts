/**
 * Measured speeds to show next to the estimate: the reference rows (llama-bench runs people published)
 * for the same model and device, with their source. Pure lookup over the generated table
 * measuredSpeeds.ts (written by bench/fit-speed.ts from tests/engine/fixtures/, copies of
 * ../shared/reference/).
 */
import { MEASURED_SPEEDS, type MeasuredSpeedRow } from "./measuredSpeeds.js";
import type { HardwareSpec } from "./types.js";

/** One measured figure as the JSON `measured` array carries it (DESIGN §2 additions). */
export interface MeasuredFigure {
	what: "decode" | "prefill";
	value: number;
	unit: "tokens/s";
	/** the device as the row names it, with the count ("2x rtx-3090") */
	device: string;
	source: string;
	/** the row's quantization, llama-bench test (tg128, pp512 …) and backend */
	quant: string;
	test: string;
	backend: string;
}

/** At most this many figures per answer: the same quant first, then the others. */
export const MAX_MEASURED = 6;

const byKey = new Map<string, MeasuredSpeedRow[]>();
for (const r of MEASURED_SPEEDS) {
	const k = `${r.model}|${r.device}|${r.count}`;
	const list = byKey.get(k);
	if (list === undefined) byKey.set(k, [r]);
	else list.push(r);
}

/**
 * Measured figures for a model on the hardware of a request: rows of the same model on the same device
 * and count (a CPU-only row when the hardware is a CPU alone). Empty when the reference has none.
 */
export function measuredFor(modelId: string, quantId: string, hardware: HardwareSpec | null): MeasuredFigure[] {
	if (hardware === null) return [];
	const gpus = hardware.devices.filter((g) => g.device.kind !== "cpu");
	const main = gpus.length === 1 ? gpus[0] : hardware.devices.length === 1 ? hardware.devices[0] : undefined;
	if (main === undefined) return [];
	const rows = byKey.get(`${modelId}|${main.device.id}|${main.count}`) ?? [];
	const q = quantId.toUpperCase();
	return [...rows]
		.sort((a, b) => Number(b.quant.toUpperCase() === q) - Number(a.quant.toUpperCase() === q))
		.slice(0, MAX_MEASURED)
		.map((r) => ({ what: r.what, value: r.value, unit: "tokens/s", device: `${r.count > 1 ? `${r.count}x ` : ""}${r.device}`, source: r.source, quant: r.quant, test: r.test, backend: r.backend }));
}
