/**
 * Exact parameter counts from the checkpoint's own safetensors header(s), read by range requests
 * through @huggingface/hub `parseSafetensorsMetadata` (which follows model.safetensors or the
 * sharded model.safetensors.index.json, and counts quantized tensors by their packing factor).
 * Tensor names split the total into what the text model uses per token and what it does not:
 * vision/audio towers, and routed experts (of which a token touches only the ones it is routed to).
 */
import type { QuantizationConfig, SafetensorsFileHeader } from "@huggingface/hub";
import { hubLibrary } from "./library.js";

/** @huggingface/hub's per-file parameter count (by dtype, with quantization packing factors). */
type CountByDtype = typeof import("@huggingface/hub").computeNumOfParamsByDtypeSingleFile;

export interface SafetensorsCounts {
	/** every parameter in the checkpoint (incl. vision towers and MTP layers) */
	total: number;
	/** parameters of vision / audio towers and their projectors */
	vision: number;
	/** parameters of routed experts (all of them) in the text layers */
	routedExperts: number;
	/** parameters of MTP / nextn blocks (`model.layers.N` with N ≥ num_hidden_layers): not run per token */
	mtp: number;
	/** files read: the index and/or the shards */
	files: string[];
}

/** HF module names of non-text towers (Gemma 3, Llama 4, Qwen2.5/3-VL, Mistral 3, Gemma 3n, Phi-4-MM). */
const VISION_RE =
	/(^|\.)(visual|vision_tower|vision_model|vision_encoder|vision_embed_tokens|audio_tower|audio_model|audio_encoder|multi_modal_projector|mm_projector|embed_vision|embed_audio|image_newline)(\.|$)/;
/** Routed experts: `mlp.experts.N.*` (Mixtral, Qwen MoE, DeepSeek) or packed `experts.gate_up_proj` (gpt-oss, Llama 4). */
const ROUTED_EXPERT_RE = /\.experts\./;
const SHARED_EXPERT_RE = /shared_expert/;
const LAYER_INDEX_RE = /(?:^|\.)layers\.(\d+)\./;

type TensorClass = "vision" | "mtp" | "routed" | "other";

function classify(name: string, textLayers: number): TensorClass {
	if (VISION_RE.test(name)) return "vision";
	const layer = LAYER_INDEX_RE.exec(name)?.[1];
	if (layer !== undefined && Number(layer) >= textLayers) return "mtp";
	if (ROUTED_EXPERT_RE.test(name) && !SHARED_EXPERT_RE.test(name)) return "routed";
	return "other";
}

function sumCounts(counts: Partial<Record<string, number>>): number {
	let total = 0;
	for (const n of Object.values(counts)) total += n ?? 0;
	return total;
}

function subHeader(header: SafetensorsFileHeader, keep: (name: string) => boolean): SafetensorsFileHeader {
	const out: Record<string, unknown> = {};
	for (const [name, info] of Object.entries(header)) {
		if (name !== "__metadata__" && keep(name)) out[name] = info;
	}
	return out as SafetensorsFileHeader;
}

export async function readSafetensorsCounts(params: {
	repo: string;
	revision: string;
	hubUrl: string;
	fetch: typeof fetch;
	quantConfig: QuantizationConfig | undefined;
	/** num_hidden_layers: blocks past it are MTP */
	textLayers: number;
}): Promise<SafetensorsCounts> {
	const { parseSafetensorsMetadata, computeNumOfParamsByDtypeSingleFile } = await hubLibrary();
	const parsed = await parseSafetensorsMetadata({
		repo: { type: "model", name: params.repo },
		revision: params.revision,
		hubUrl: params.hubUrl,
		fetch: params.fetch,
		computeParametersCount: true,
	});
	const headers: SafetensorsFileHeader[] = parsed.sharded ? Object.values(parsed.headers) : [parsed.header];
	const parts = countHeaders(computeNumOfParamsByDtypeSingleFile, headers, params.quantConfig, params.textLayers);
	const total = parsed.parameterTotal ?? sumCounts(parsed.parameterCount);
	return { ...parts, total, files: parsed.filepaths };
}

/** @huggingface/hub parse-safetensors-metadata.ts MAX_HEADER_LENGTH: no real header is larger. */
export const MAX_SAFETENSORS_HEADER_BYTES = 25_000_000;
/** Shards we read headers of when following an index ourselves. */
export const MAX_SAFETENSORS_SHARDS = 1_000;

/** Reads `[start, end]` (inclusive) of a repo file; null when the file does not exist. */
export type RangeReader = (path: string, start: number, end: number) => Promise<Uint8Array | null>;
export type TextReader = (path: string) => Promise<string | null>;

export class SafetensorsFormatError extends Error {}

async function readHeaderDirect(path: string, readRange: RangeReader): Promise<SafetensorsFileHeader | null> {
	const prefix = await readRange(path, 0, 7);
	if (prefix === null) return null;
	if (prefix.byteLength < 8) throw new SafetensorsFormatError(`${path} is shorter than a safetensors header.`);
	const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
	if (length === 0n || length > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
		throw new SafetensorsFormatError(`${path} declares a ${length}-byte header.`);
	}
	const body = await readRange(path, 8, 8 + Number(length) - 1);
	if (body === null || body.byteLength < Number(length)) throw new SafetensorsFormatError(`${path} ends inside its header.`);
	let header: unknown;
	try {
		header = JSON.parse(new TextDecoder().decode(body));
	} catch {
		throw new SafetensorsFormatError(`${path} has a header that is not JSON.`);
	}
	if (typeof header !== "object" || header === null || Array.isArray(header)) {
		throw new SafetensorsFormatError(`${path} has a header that is not a JSON object.`);
	}
	for (const [name, info] of Object.entries(header)) {
		if (name === "__metadata__") continue;
		const shape: unknown = (info as { shape?: unknown }).shape;
		if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0 || (d as number) > 2 ** 32)) {
			throw new SafetensorsFormatError(`${path}: tensor "${name.slice(0, 80)}" has an invalid shape.`);
		}
	}
	return header as SafetensorsFileHeader;
}

function countHeaders(
	computeNumOfParamsByDtypeSingleFile: CountByDtype,
	headers: SafetensorsFileHeader[],
	quantConfig: QuantizationConfig | undefined,
	textLayers: number,
): Omit<SafetensorsCounts, "files"> {
	const sums: Record<TensorClass | "total", number> = { total: 0, vision: 0, mtp: 0, routed: 0, other: 0 };
	for (const header of headers) {
		sums.total += sumCounts(computeNumOfParamsByDtypeSingleFile(header, quantConfig));
		for (const kind of ["vision", "mtp", "routed"] as const) {
			const part = subHeader(header, (n) => classify(n, textLayers) === kind);
			// the library applies quantization packing factors per tensor, so subsets add up to the total
			sums[kind] += sumCounts(computeNumOfParamsByDtypeSingleFile(part, quantConfig));
		}
	}
	return { total: sums.total, vision: sums.vision, mtp: sums.mtp, routedExperts: sums.routed };
}

/** Shard headers read at once (each is two small range requests). */
const SHARD_CONCURRENCY = 8;

export interface SafetensorsHeaders {
	headers: SafetensorsFileHeader[];
	/** files read: the single file, or the index and its shards */
	files: string[];
}

/**
 * The checkpoint's safetensors headers by plain range GETs on /resolve/: two round trips for a
 * single file (length, then header), index + two per shard (in parallel) for a sharded one. This
 * is the fast path: @huggingface/hub's `parseSafetensorsMetadata` (the fallback) first probes each
 * file with HEAD on /raw/ and an ETag-carrying range request, three more round trips that a 2 s
 * budget cannot spare and that some mirrors do not answer. The header checks mirror the
 * library's (length cap, JSON object, sane dims, safe shard names).
 * `layout` comes from the repo's file list when the API gave one.
 */
export async function readSafetensorsHeadersDirect(params: {
	readRange: RangeReader;
	readText: TextReader;
	layout: "single" | "sharded" | "unknown";
}): Promise<SafetensorsHeaders | null> {
	if (params.layout !== "sharded") {
		const single = await readHeaderDirect("model.safetensors", params.readRange);
		if (single) return { headers: [single], files: ["model.safetensors"] };
		if (params.layout === "single") return null;
	}
	const indexText = await params.readText("model.safetensors.index.json");
	if (indexText === null) return null;
	let index: unknown;
	try {
		index = JSON.parse(indexText);
	} catch {
		throw new SafetensorsFormatError("model.safetensors.index.json is not JSON.");
	}
	const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
	if (typeof weightMap !== "object" || weightMap === null) {
		throw new SafetensorsFormatError("model.safetensors.index.json has no weight_map.");
	}
	const shards = [...new Set(Object.values(weightMap))];
	if (shards.length > MAX_SAFETENSORS_SHARDS) throw new SafetensorsFormatError(`the index lists ${shards.length} shards.`);
	for (const shard of shards) {
		// repo-relative plain names only: no "..", no absolute paths, no URL tricks
		if (typeof shard !== "string" || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(shard) || shard.split("/").includes("..")) {
			throw new SafetensorsFormatError("model.safetensors.index.json names an unsafe shard file.");
		}
	}
	const names = shards as string[];
	const headers: SafetensorsFileHeader[] = new Array(names.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < names.length) {
			const i = next++;
			const name = names[i] as string;
			const header = await readHeaderDirect(name, params.readRange);
			if (!header) throw new SafetensorsFormatError(`shard ${name} is missing.`);
			headers[i] = header;
		}
	};
	await Promise.all(Array.from({ length: Math.min(SHARD_CONCURRENCY, names.length) }, worker));
	return { headers, files: ["model.safetensors.index.json", ...names] };
}

/** Counts read headers: the total and its vision / MTP / routed-expert parts. */
export async function countSafetensors(read: SafetensorsHeaders, quantConfig: QuantizationConfig | undefined, textLayers: number): Promise<SafetensorsCounts> {
	const { computeNumOfParamsByDtypeSingleFile } = await hubLibrary();
	return { ...countHeaders(computeNumOfParamsByDtypeSingleFile, read.headers, quantConfig, textLayers), files: read.files };
}
