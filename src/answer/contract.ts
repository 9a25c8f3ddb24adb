/**
 * The version-1 JSON object of ../shared/DESIGN.md §2, built from the request and the engine's
 * Estimate. Sizes in bytes, speeds in tokens per second; nothing is rounded or re-derived here.
 * Extra keys (command, defaults, assumptions …) extend the contract without changing its fields.
 */
import type { Model } from "../catalog/schema.js";
import { measuredFor } from "../engine/measured.js";
import type { Estimate, EstimateRequest, HardwareSpec } from "../engine/types.js";
import type { AnswerSuggestion } from "./answer.js";

export const CONTRACT_VERSION = 1;

/** The request fields the contract echoes, taken from the engine's request type so they cannot drift. */
export type ContractInput = Pick<EstimateRequest, "model" | "quant" | "contextTokens" | "kvCacheType" | "runtime" | "hardware"> & {
	estimate: Estimate;
	suggestions: readonly AnswerSuggestion[];
};

export function hardwareJson(hardware: HardwareSpec | null): Record<string, unknown> | null {
	if (hardware === null) return null;
	return {
		devices: hardware.devices.map((g) => ({
			id: g.device.id,
			name: g.device.name,
			count: g.count,
			memoryBytes: g.device.memoryBytes,
			bandwidthBytesPerSecond: g.device.bandwidthBytesPerSecond,
			unifiedMemory: g.device.unifiedMemory,
		})),
		systemMemoryBytes: hardware.systemMemoryBytes,
	};
}

export function modelJson(model: Model): Record<string, unknown> {
	return {
		id: model.id,
		name: model.name,
		totalParams: model.totalParams,
		activeParams: model.activeParams,
		layers: model.layers,
		contextLength: model.contextLength,
	};
}

/** The DESIGN §2 object for one estimate. */
export function contractJson(input: ContractInput): Record<string, unknown> {
	const { estimate } = input;
	const m = estimate.memory;
	const fit = estimate.fit;
	return {
		version: CONTRACT_VERSION,
		model: modelJson(input.model),
		quant: { id: input.quant.id, bitsPerWeight: input.quant.bitsPerWeight },
		contextTokens: input.contextTokens,
		kvCacheType: input.kvCacheType,
		runtime: input.runtime,
		hardware: hardwareJson(input.hardware),
		memory: {
			fileBytes: m.fileBytes,
			weightsBytes: m.weightsBytes,
			kvCacheBytes: m.kvCacheBytes,
			computeBytes: m.computeBytes,
			overheadBytes: m.overheadBytes,
			totalBytes: m.totalBytes,
		},
		fit:
			fit === null
				? null
				: {
						verdict: fit.verdict,
						gpuLayers: fit.gpuLayers,
						totalLayers: fit.totalLayers,
						devices: fit.devices.map((d) => ({ id: d.id, usedBytes: d.usedBytes, capacityBytes: d.capacityBytes })),
						shortByBytes: fit.shortByBytes,
						offloadBytes: fit.offloadBytes,
						offloadMode: fit.offloadMode,
						maxContextTokens: fit.maxContextTokens,
						tensorParallel: fit.tensorParallel,
					},
		speed:
			estimate.speed === null
				? null
				: {
						decodeTokensPerSecond: estimate.speed.decodeTokensPerSecond,
						prefillTokensPerSecond: estimate.speed.prefillTokensPerSecond,
						timeToFirstTokenSeconds: estimate.speed.timeToFirstTokenSeconds,
						decodeAtContextTokensPerSecond: estimate.speed.decodeAtContextTokensPerSecond,
						band: estimate.speed.band,
						prefillBand: estimate.speed.prefillBand,
						speedClass: estimate.speed.speedClass,
					},
		// llama-bench rows measure llama.cpp: shown for llama.cpp and Ollama answers, not for vLLM/MLX
		measured: input.runtime === "llama.cpp" || input.runtime === "ollama" ? measuredFor(input.model, input.quant.id, input.hardware) : [],
		vllm:
			estimate.vllm === undefined || estimate.vllm === null
				? null
				: {
						kvPoolTokens: estimate.vllm.kvPoolTokens,
						kvPoolBytesPerGpu: estimate.vllm.kvPoolBytesPerGpu,
						maxConcurrentSequences: estimate.vllm.maxConcurrentSequences,
						concurrentSequences: estimate.vllm.concurrentSequences,
						aggregateDecodeTokensPerSecond: estimate.vllm.aggregateDecodeTokensPerSecond,
						aggregateIsEstimate: true,
					},
		suggestions: input.suggestions.map((s) => ({ text: s.text, query: s.query })),
	};
}
