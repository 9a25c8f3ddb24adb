/**
 * The version-1 JSON object of ../shared/DESIGN.md §2, typed from the Request and the engine's
 * Estimate (both at this layer, ./estimate.ts) and built from them. Sizes in bytes, speeds in tokens
 * per second; nothing is rounded or re-derived here. Extra keys (command, defaults, assumptions …)
 * extend the contract without changing its fields.
 */
import type { Model } from "../catalog/schema.js";
import type { AnswerSuggestion } from "./answer.js";
import type {
	Estimate,
	EstimateRequest,
	FitEstimate,
	HardwareSpec,
	KvCacheType,
	MeasuredFigure,
	MemoryEstimate,
	Runtime,
	SpeedEstimate,
	VllmPool,
} from "./estimate.js";

export const CONTRACT_VERSION = 1;

/** One half of the JSON `resolution` field (DESIGN §2 additions): what words named it, what they matched. */
export interface ResolvedPart {
	/** the words as typed */
	typed: string;
	/** what they matched: a catalog id (model, device) or Hub repo; null when nothing was matched */
	matched: string | null;
	/** the typed words are a name of what they matched (no typo repair, no family default, no guess) */
	exact: boolean;
}

/** The JSON `resolution` field: model and hardware halves, the words not understood, and whether the answer asks back. */
export interface ResolutionJson {
	model: ResolvedPart | null;
	hardware: ResolvedPart | null;
	ignored: string[];
	asked: boolean;
}

/** `hardware` of the contract: each device group as the catalog has it, and the system RAM. */
export interface HardwareJson {
	devices: { id: string; name: string; count: number; memoryBytes: number; bandwidthBytesPerSecond: number; unifiedMemory: boolean }[];
	systemMemoryBytes: number | null;
}

/** `model` of the contract: the catalog entry's identity and size. */
export type ModelJson = Pick<Model, "id" | "name" | "totalParams" | "activeParams" | "layers" | "contextLength">;

/**
 * The version-1 object's fields (DESIGN §2 and its additions), each typed from what it echoes. Commands
 * add their own keys (command, plan, runCommands, resolution …) on top: the index signature.
 */
export type ContractJson = {
	version: typeof CONTRACT_VERSION;
	model: ModelJson;
	quant: { id: string; bitsPerWeight: number };
	contextTokens: number;
	kvCacheType: KvCacheType;
	runtime: Runtime;
	hardware: HardwareJson | null;
	memory: Pick<MemoryEstimate, "fileBytes" | "weightsBytes" | "kvCacheBytes" | "computeBytes" | "overheadBytes" | "totalBytes">;
	fit:
		| (Pick<FitEstimate, "verdict" | "gpuLayers" | "totalLayers" | "shortByBytes" | "offloadBytes" | "offloadMode" | "maxContextTokens" | "tensorParallel"> & {
				devices: { id: string; usedBytes: number; capacityBytes: number }[];
		  })
		| null;
	speed: SpeedEstimate | null;
	measured: MeasuredFigure[];
	vllm: (VllmPool & { aggregateIsEstimate: true }) | null;
	suggestions: AnswerSuggestion[];
	resolution?: ResolutionJson;
	/**
	 * canirun on a named CPU whose RAM size was not given (issue 17): the RAM the verdict assumed (the
	 * smallest common size that holds the plan, also `hardware.systemMemoryBytes`) and the RAM the plan
	 * needs (model, cache and buffers + the OS's 4 GiB). Absent when the question gave the size.
	 */
	ramAssumed?: { assumedBytes: number; neededBytes: number };
	[key: string]: unknown;
};

/** The request fields the contract echoes, taken from the engine's request type so they cannot drift. */
export type ContractInput = Pick<EstimateRequest, "model" | "quant" | "contextTokens" | "kvCacheType" | "runtime" | "hardware"> & {
	estimate: Estimate;
	suggestions: readonly AnswerSuggestion[];
	/** measured figures for this request (the engine's measuredForRequest) */
	measured: readonly MeasuredFigure[];
};

export function hardwareJson(hardware: HardwareSpec | null): HardwareJson | null {
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

export function modelJson(model: Model): ModelJson {
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
export function contractJson(input: ContractInput): ContractJson {
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
		measured: [...input.measured],
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
