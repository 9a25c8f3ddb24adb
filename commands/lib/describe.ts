/**
 * Turning an Estimate into Answer parts (facts, usage bars, verdict). Every number shown is the
 * engine's, formatted by src/answer/format.ts; the thresholds below only choose words.
 */
import { hostMemory, OS_RAM_RESERVE_BYTES } from "../../src/engine/fit.js";
import type { AnswerFact, AnswerUsage, Severity } from "../../src/answer/answer.js";
import { formatBits, formatBytes, formatContext, formatParams, formatSeconds, formatSpeed } from "../../src/answer/format.js";
import type { Model } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest, HardwareSpec, MeasuredFigure } from "../../src/engine/types.js";

/**
 * Under 5 % free on the fullest device we call the fit "tight": llama.cpp's own --fit keeps a
 * 1 GiB margin per device (common/fit.cpp) and Ollama schedules against ~80-90 % of free memory,
 * because fragmentation, the desktop and other processes take a few percent.
 */
export const TIGHT_HEADROOM_FRACTION = 0.05;

/**
 * Speed grades. People read about 4-5 words (≈ 6-7 tokens) per second, so ≥ 10 tok/s streams faster
 * than it is read ("usable"); ≥ 30 tok/s feels instant for chat and is what agents/coding want ("fast").
 */
export const FAST_TOKENS_PER_SECOND = 30;
export const USABLE_TOKENS_PER_SECOND = 10;

export type Grade = "fast" | "usable" | "slow" | "tight fit";

export function speedGrade(decode: number): "fast" | "usable" | "slow" {
	if (decode >= FAST_TOKENS_PER_SECOND) return "fast";
	if (decode >= USABLE_TOKENS_PER_SECOND) return "usable";
	return "slow";
}

/** Smallest free fraction over the devices (1 when nothing is placed). */
export function minHeadroom(est: Estimate): number {
	const devices = est.fit?.devices ?? [];
	let min = 1;
	for (const d of devices) if (d.capacityBytes > 0) min = Math.min(min, 1 - d.usedBytes / d.capacityBytes);
	return min;
}

export function modelSummary(model: Model): string {
	const params =
		model.moe !== null
			? `${formatParams(model.totalParams)} total, ${formatParams(model.activeParams)} active (MoE)`
			: `${formatParams(model.totalParams)} parameters`;
	return `${params}, ${model.layers} layers, ${formatContext(model.contextLength)} native context`;
}

/** Effective bits per weight of what the runtime loads: the engine's weight bytes over the parameters. */
export function effectiveBits(est: Estimate, model: Model): number {
	const params = Math.max(1, model.totalParams - model.visionParams);
	return (est.memory.weightsBytes * 8) / params;
}

export function memoryFacts(req: EstimateRequest, est: Estimate): AnswerFact[] {
	const m = est.memory;
	return [
		{ label: "Quantization", value: `${req.quant.id} (${formatBits(effectiveBits(est, req.model))} bits/weight overall)` },
		{ label: "Download", value: formatBytes(m.fileBytes) },
		{ label: "Weights", value: formatBytes(m.weightsBytes) },
		{ label: `KV cache (${formatContext(req.contextTokens)}, ${req.kvCacheType})`, value: formatBytes(m.kvCacheBytes) },
		{ label: "Compute buffers", value: formatBytes(m.computeBytes) },
		{ label: "Runtime overhead", value: formatBytes(m.overheadBytes) },
		{ label: "Total", value: formatBytes(m.totalBytes) },
	];
}

/** `measured` is measuredForRequest(req) (src/engine/measured.ts), which the caller's JSON lists too. */
export function speedFacts(req: EstimateRequest, est: Estimate, measured: readonly MeasuredFigure[]): AnswerFact[] {
	const s = est.speed;
	if (s === null) return [];
	const band = s.band > 0 ? ` (±${Math.round(s.band * 100)} %)` : "";
	const prefillBand = s.prefillBand > 0 ? ` (±${Math.round(s.prefillBand * 100)} %)` : "";
	const facts: AnswerFact[] = [
		{ label: "Decode (short context)", value: `${formatSpeed(s.decodeTokensPerSecond)}${band}` },
		{ label: `Decode at ${formatContext(req.contextTokens)} context`, value: `${formatSpeed(s.decodeAtContextTokensPerSecond)}${band}` },
		{ label: "Prefill (512-token prompt)", value: `${formatSpeed(s.prefillTokensPerSecond)}${prefillBand}` },
		{ label: `Prefill of a ${formatContext(req.contextTokens)} prompt`, value: `${formatSeconds(s.timeToFirstTokenSeconds)}${prefillBand}` },
	];
	// measured runs of the same model on the same device, with their source, next to the estimate: the
	// closest decode and prefill row (the JSON `measured` lists more)
	for (const m of [measured.find((x) => x.what === "decode"), measured.find((x) => x.what === "prefill")]) {
		if (m === undefined) continue;
		facts.push({
			label: `Measured ${m.what} (${m.model === req.model.id ? "" : `${m.model} `}${m.quant}, ${m.test}, ${m.backend})`,
			value: `${formatSpeed(m.value)} on ${m.device}, llama-bench, source ${m.source}`,
		});
	}
	return facts;
}

/** A device's non-empty parts, in bar order (pushed as found: no list of four to filter). */
function usedParts(d: NonNullable<Estimate["fit"]>["devices"][number]): AnswerUsage["parts"] {
	const parts: AnswerUsage["parts"] = [];
	if (d.weightsBytes > 0) parts.push({ label: "weights", bytes: d.weightsBytes });
	if (d.kvCacheBytes > 0) parts.push({ label: "KV cache", bytes: d.kvCacheBytes });
	if (d.computeBytes > 0) parts.push({ label: "compute", bytes: d.computeBytes });
	if (d.overheadBytes > 0) parts.push({ label: "overhead", bytes: d.overheadBytes });
	return parts;
}

/** One bar per physical device, plus system RAM when layers or experts are offloaded. */
export function usageBars(req: EstimateRequest, est: Estimate): AnswerUsage[] {
	const fit = est.fit;
	if (fit === null) return [];
	const bars: AnswerUsage[] = fit.devices.map((d, i) => ({
		label: fit.devices.length > 1 ? `GPU ${i} · ${d.name}` : d.name,
		usedBytes: d.usedBytes,
		capacityBytes: d.capacityBytes,
		parts: usedParts(d),
	}));
	if (fit.offloadBytes > 0) {
		const ram = req.hardware?.systemMemoryBytes ?? 0;
		bars.push({
			label: "System RAM",
			usedBytes: fit.offloadBytes,
			capacityBytes: ram,
			parts: [{ label: fit.offloadMode === "experts" ? "routed experts" : "offloaded layers", bytes: fit.offloadBytes }],
		});
	}
	return bars;
}

export function hardwareName(req: EstimateRequest): string {
	return hardwareLabel(req.hardware);
}

/**
 * Labels by HardwareSpec (never mutated once parsed): a canirun answer names its hardware in the title,
 * the verdict, the glance and its question, each from the same object, and built the label each time.
 */
const labels = new WeakMap<HardwareSpec, string>();

export function hardwareLabel(hw: HardwareSpec | null): string {
	if (hw === null) return "no hardware";
	let label = labels.get(hw);
	if (label === undefined) {
		const devices = hw.devices.map((g) => (g.count > 1 ? `${g.count}× ${g.device.name}` : g.device.name)).join(" + ");
		label = hw.systemMemoryBytes !== null ? `${devices} + ${formatBytes(hw.systemMemoryBytes)} RAM` : devices;
		labels.set(hw, label);
	}
	return label;
}

/** `where` is the hardware's name when the caller has it already (see hardwareName). */
export function verdictFor(req: EstimateRequest, est: Estimate, where: string = hardwareName(req)): { label: string; severity: Severity; summary: string } {
	const fit = est.fit;
	const what = `${req.model.name} ${req.quant.id} at ${formatContext(req.contextTokens)} context`;
	const speed =
		est.speed !== null ? ` Expect about ${formatSpeed(est.speed.decodeTokensPerSecond)} decode, ${formatSpeed(est.speed.prefillTokensPerSecond)} prefill.` : "";
	if (fit === null) return { label: "Estimate", severity: "info", summary: `${what} needs ${formatBytes(est.memory.totalBytes)}.` };
	if (fit.verdict === "fits" && fit.devices.length === 0) {
		// CPU only: the room is the system RAM planned for the model (RAM less the OS's reserve), not a GPU's
		const planned = hostMemory(req.hardware) ?? 0;
		const free = Math.max(0, planned - est.memory.totalBytes);
		const of = `of the ${formatBytes(planned)} of RAM planned for it, ${formatBytes(OS_RAM_RESERVE_BYTES)} left to the OS`;
		if (planned > 0 && free / planned < TIGHT_HEADROOM_FRACTION)
			return { label: "Tight fit", severity: "warning", summary: `${what} just fits in system RAM on ${where} (${formatBytes(free)} free ${of}).${speed}` };
		return { label: "Yes", severity: "success", summary: `${what} fits in system RAM on ${where} with ${formatBytes(free)} to spare (${of}).${speed}` };
	}
	if (fit.verdict === "fits") {
		const head = minHeadroom(est);
		const free = fit.devices.reduce((n, d) => n + Math.max(0, d.capacityBytes - d.usedBytes), 0);
		if (head < TIGHT_HEADROOM_FRACTION) {
			return { label: "Tight fit", severity: "warning", summary: `${what} just fits on ${where} (${formatBytes(free)} free).${speed}` };
		}
		return { label: "Yes", severity: "success", summary: `${what} fits on ${where} with ${formatBytes(free)} to spare.${speed}` };
	}
	if (fit.verdict === "offload") {
		const how =
			fit.offloadMode === "experts"
				? `with the routed experts of ${fit.cpuMoeLayers} of ${fit.totalLayers - 1} layers in system RAM (--n-cpu-moe ${fit.cpuMoeLayers})`
				: `with ${fit.gpuLayers} of ${fit.totalLayers} layers on the GPU${fit.devices.length > 1 ? "s" : ""} and the rest in system RAM`;
		return { label: "Only with offload", severity: "warning", summary: `${what} runs on ${where} only ${how}.${speed}` };
	}
	const problems = fit.problems.length > 0 ? ` ${fit.problems.join(" ")}` : "";
	if (fit.shortByBytes === 0 && fit.problems.length > 0) {
		// memory is not the obstacle: the layout is (e.g. vLLM tensor parallel across a GPU count the heads do not divide)
		return { label: "No", severity: "danger", summary: `${what} cannot be laid out on ${where}:${problems}` };
	}
	return {
		label: "No",
		severity: "danger",
		summary: `${what} needs ${formatBytes(est.memory.totalBytes)}; ${where} is short by ${formatBytes(fit.shortByBytes)}.${problems}`,
	};
}
