/**
 * Weight bytes: download size and what the runtime loads, by tensor group.
 *
 * GGUF: Σ over tensors of ggml_row_size(type, ne0) × rows with the per-tensor types of quantMix.ts (or
 * the exact table from a GGUF header when given). llama.cpp's printed "model size" is this tensor data;
 * the file adds the GGUF header (metadata + tensor infos, see GGUF_* below).
 * Safetensors / MLX / EXL: linear weights at the quant's bits per weight, embeddings, norms and (for
 * GPTQ/AWQ/FP8) the output head at 16 bits.
 */
import type { Model, Quant } from "../catalog/schema.js";
import { type GgmlType, ggmlTensorBytes, ggmlTypeFromName } from "./ggml.js";
import { ggufMixFromQuantId, ggufTypesFor, mixUsesImatrix, type StaticsMemo, staticsOf } from "./quantMix.js";
import { countParams, type ModelTensor, modelTensors, type TensorGroup, type TensorMemo, tensorElements, TENSOR_GROUPS } from "./tensors.js";
import type { TensorInfo, WeightsBreakdown } from "./types.js";
import { EngineInputError } from "./errors.js";
import type { BoundedCache } from "./boundedCache.js";
import { isNativeReleaseQuant, nativeReleaseBits } from "./nativeRelease.js";

/**
 * GGUF header estimate. The tokenizer dominates it: per vocabulary entry a length-prefixed string
 * (8-byte length + ~7 bytes of text), a f32 score and an i32 token type, plus BPE merges (about one
 * merge string per token, ~16 bytes with its length): ≈ 40 bytes per token. Tensor infos are the name
 * (~30 bytes + 8 length), n_dims, dims (8 each), type and offset, plus ≤ 31 bytes of alignment padding
 * (GGUF_DEFAULT_ALIGNMENT = 32, gguf.cpp): ≈ 96 bytes per tensor. A fixed 32 KiB covers the chat
 * template and general.* keys. Checked against llama-3.1-8b Q8_0 (bartowski 8.54 GB listing vs 8.533 GB
 * of tensor data) and phi4 (9,053,114,464 B manifest vs 8.43 GiB printed).
 */
const GGUF_BYTES_PER_VOCAB_ENTRY = 40;
const GGUF_BYTES_PER_TENSOR_INFO = 96;
const GGUF_FIXED_HEADER_BYTES = 32 * 1024;

export interface WeightsResult {
	fileBytes: number;
	weightsBytes: number;
	weights: WeightsBreakdown;
	/** per-tensor types (GGUF) or the effective bits (other formats); used for placement and speed */
	tensors: WeightedTensor[];
}

export interface WeightedTensor {
	name: string;
	group: TensorGroup;
	layer: number | null;
	shape: number[];
	bytes: number;
	/** ggml type for GGUF, null for other formats */
	type: GgmlType | null;
}

function emptyBreakdown(): WeightsBreakdown {
	return { embedding: 0, attention: 0, denseFfn: 0, routedExperts: 0, sharedExperts: 0, output: 0, norms: 0, linear: 0, total: 0 };
}

function breakdownOf(tensors: readonly WeightedTensor[]): WeightsBreakdown {
	const b = emptyBreakdown();
	for (const t of tensors) {
		b[t.group] += t.bytes;
		b.total += t.bytes;
	}
	return b;
}

function ggufHeaderBytes(model: Model, tensorCount: number): number {
	return model.vocabSize * GGUF_BYTES_PER_VOCAB_ENTRY + tensorCount * GGUF_BYTES_PER_TENSOR_INFO + GGUF_FIXED_HEADER_BYTES;
}

/**
 * Group, layer and bytes of every tensor, as prepare() reads them: the tensors (catalog or header
 * table) and a parallel array of their bytes, so a catalog model × quant needs no object per tensor.
 */
export interface PlacedTensors {
	tensors: readonly { group: TensorGroup; layer: number | null }[];
	bytes: ArrayLike<number>;
}

/** A weights result plus the per-tensor view prepare() needs; `list()` materialises WeightedTensor objects. */
interface Computed {
	fileBytes: number;
	weightsBytes: number;
	weights: WeightsBreakdown;
	placed: PlacedTensors;
	list: () => WeightedTensor[];
}

function weightedList(tensors: readonly ModelTensor[], types: readonly GgmlType[], bytes: Float64Array): WeightedTensor[] {
	return tensors.map((t, i) => ({ name: t.name, group: t.group, layer: t.layer, shape: t.shape, type: types[i] as GgmlType, bytes: bytes[i] ?? 0 }));
}

/** Group and layer of a GGUF tensor name (for exact tables read from a header). */
function classify(name: string): { group: TensorGroup; layer: number | null } {
	const m = /^blk\.(\d+)\./.exec(name);
	const layer = m?.[1] !== undefined ? Number(m[1]) : null;
	if (name.startsWith("token_embd") || name.startsWith("per_layer_token_embd")) return { group: "embedding", layer };
	if (name.startsWith("output.")) return { group: "output", layer };
	if (/_exps\./.test(name)) return { group: "routedExperts", layer };
	if (/_shexp/.test(name)) return { group: "sharedExperts", layer };
	if (/norm|\.bias$|sinks|exp_probs/.test(name)) return { group: "norms", layer };
	if (/ssm_|time_mix|shortconv/.test(name)) return { group: "linear", layer };
	if (/ffn_/.test(name)) return { group: "denseFfn", layer };
	return { group: "attention", layer };
}

function fromTensorInfo(tensors: readonly TensorInfo[]): WeightedTensor[] {
	return tensors.map((t) => {
		const type = ggmlTypeFromName(t.type);
		if (type === null) throw new EngineInputError(`Unknown ggml tensor type "${t.type}" in tensor ${t.name}.`);
		let n = 1;
		for (const d of t.shape) n *= d;
		const { group, layer } = classify(t.name);
		return { name: t.name, group, layer, shape: t.shape, type, bytes: ggmlTensorBytes(type, t.shape[0] ?? 1, n) };
	});
}

/**
 * Bits per weight of non-GGUF formats. GPTQ/AWQ int4 at group 128 carry an fp16 scale and a packed
 * 4-bit zero per group: 4 + 16/128 + 4/128 ≈ 4.16 bits (AutoGPTQ/AutoAWQ packing); MLX n-bit at
 * group 64 carries an fp16 scale and bias: n + 32/64 = n + 0.5 (mlx.core.quantize). FP8 checkpoints
 * store 1 byte per weight plus one f32 scale per 128×128 block (DeepSeek-V3 `weight_scale_inv`).
 * Otherwise the catalog's bitsPerWeight is taken as already including scales.
 */
function linearBitsFor(quant: Quant): number {
	const id = quant.id.toUpperCase();
	const bits = /(\d+(?:\.\d+)?)\s*-?BIT|INT(\d+)|W(\d+)A/.exec(id);
	const n = bits === null ? null : Number(bits[1] ?? bits[2] ?? bits[3]);
	if (quant.format === "mlx" && n !== null) return n + 0.5;
	if (/GPTQ|AWQ/.test(id) && n !== null) return n + 20 / 128;
	if (/FP8/.test(id)) return 8 + 32 / (128 * 128);
	if (/^(FP16|F16|BF16)$/.test(id)) return 16;
	return quant.bitsPerWeight;
}

function fromCheckpoint(model: Model, quant: Quant, memo: WeightsMemo | undefined): { tensors: WeightedTensor[]; extraFileBytes: number } {
	// a release-only format (NATIVE-INT4, NATIVE-FP4): each tensor as the release stores it (nativeRelease.ts)
	const release = isNativeReleaseQuant(quant.id);
	const linearBits = linearBitsFor(quant);
	// MLX quantizes embeddings and the head too (mlx_lm.convert); GPTQ/AWQ/FP8 keep them in 16 bits.
	const embedBits = quant.format === "mlx" ? linearBits : Math.max(16, linearBits);
	const tensors = modelTensors(model, memo)
		.filter((t) => t.layer === null || t.layer < model.layers)
		.map((t) => {
			const n = tensorElements(t);
			let bits: number;
			if (release) bits = nativeReleaseBits(model, quant.id, t);
			else if (t.group === "norms" || t.shape.length < 2) bits = 16;
			else if (t.group === "embedding" || t.group === "output") bits = embedBits;
			else bits = linearBits;
			return { name: t.name, group: t.group, layer: t.layer, shape: t.shape, type: null, bytes: Math.ceil((n * bits) / 8) };
		});
	// safetensors also ship the MTP blocks and the vision tower: downloaded, and vLLM loads the vision tower.
	const counted = countParams(model, memo);
	const textParams = tensors.reduce((s, t) => s + tensorElements(t), 0);
	const extraParams = Math.max(0, counted.total - textParams);
	// a release stores its MTP block as it stores the rest (DeepSeek V4's is FP4 / FP8 like the text layers):
	// at the text layers' average; the vision tower stays 16-bit
	const textBytes = tensors.reduce((s, t) => s + t.bytes, 0);
	const mtpBits = release && textParams > 0 ? (8 * textBytes) / textParams : 16;
	const mtpParams = Math.max(0, extraParams - model.visionParams);
	return { tensors, extraFileBytes: Math.ceil((mtpParams * mtpBits + (extraParams - mtpParams) * 16) / 8) };
}

/** Bound of the weights memo: every catalog model × quant (121 × 52) fits; entries are small (see slim()). */
export const WEIGHTS_CACHE_ENTRIES = 8192;

/**
 * Where the weights are memoized: the engine's per-catalog EngineCache (src/engine/workspace.ts), with
 * the tensor lists and statics they are computed from; a table of WEIGHTS_CACHE_ENTRIES breakdowns
 * keyed by model id and quant id. Without one (the accuracy bench), computed afresh.
 */
export interface WeightsMemo extends TensorMemo, StaticsMemo {
	readonly weights: BoundedCache<string, WeightsResult>;
}

/** The weights of a catalog model, computed afresh (per-tensor types and bytes included). */
function computeWeights(model: Model, quant: Quant, memo: WeightsMemo | undefined): Computed {
	if (quant.format === "gguf") {
		const mix = ggufMixFromQuantId(quant.id) ?? (quant.ggmlType !== null ? ggufMixFromQuantId(quant.ggmlType) : null);
		if (mix === null) throw new EngineInputError(`The engine does not know the GGUF mix "${quant.id}".`);
		const tensors = modelTensors(model, memo);
		const types = ggufTypesFor(model, tensors, mix, mixUsesImatrix(mix), memo);
		// per-tensor facts no quant changes, computed once per (memoized) tensor list
		const facts = staticsOf(tensors, memo);
		const bytes = new Float64Array(tensors.length);
		// per-group sums by index (a string-keyed add per tensor is a slow keyed store); each sum still
		// adds in tensor order from 0, as breakdownOf() does, so the totals are bit-identical
		const sums = new Float64Array(TENSOR_GROUPS.length);
		let total = 0;
		for (let i = 0; i < tensors.length; i++) {
			const b = ggmlTensorBytes(types[i] as GgmlType, facts.ne0[i] ?? 1, facts.elements[i] ?? 0);
			bytes[i] = b;
			const g = facts.group[i] ?? 0;
			sums[g] = (sums[g] ?? 0) + b;
			total += b;
		}
		const weights = emptyBreakdown();
		for (let g = 0; g < TENSOR_GROUPS.length; g++) weights[TENSOR_GROUPS[g] as TensorGroup] = sums[g] ?? 0;
		weights.total = total;
		return {
			fileBytes: weights.total + ggufHeaderBytes(model, tensors.length),
			weightsBytes: weights.total,
			weights,
			placed: { tensors, bytes },
			list: () => weightedList(tensors, types, bytes),
		};
	}
	const { tensors: weighted, extraFileBytes } = fromCheckpoint(model, quant, memo);
	const weights = breakdownOf(weighted);
	// vision towers are loaded by vLLM/MLX with the text model; MTP blocks are downloaded but not run
	const visionBytes = model.visionParams * 2;
	const bytes = Float64Array.from(weighted, (t) => t.bytes);
	return {
		fileBytes: weights.total + extraFileBytes,
		weightsBytes: weights.total + visionBytes,
		weights,
		placed: { tensors: weighted, bytes },
		list: () => weighted,
	};
}

/**
 * What the memo keeps: the sizes and the breakdown. The per-tensor list (~1,000 objects for a
 * 60-layer model) is recomputed when read: keeping it for every model × quant a bot is asked about
 * took hundreds of MB, while its readers (prepare(), once per model × quant) need it once.
 */
function slim(model: Model, quant: Quant, full: Computed, memo: WeightsMemo | undefined): WeightsResult {
	return {
		fileBytes: full.fileBytes,
		weightsBytes: full.weightsBytes,
		weights: full.weights,
		get tensors(): WeightedTensor[] {
			return computeWeights(model, quant, memo).list();
		},
	};
}

/**
 * Weights of `model` in `quant` plus the per-tensor bytes, for prepare(): one computation fills the
 * memo and returns the fresh per-tensor view. An exact tensor table bypasses the memo.
 */
export function weightsWithTensors(model: Model, quant: Quant, tensors?: TensorInfo[], memo?: WeightsMemo): { result: WeightsResult; placed: PlacedTensors } {
	if (tensors !== undefined && tensors.length > 0) {
		const weighted = fromTensorInfo(tensors);
		const weights = breakdownOf(weighted);
		const result = { fileBytes: weights.total + ggufHeaderBytes(model, weighted.length), weightsBytes: weights.total, weights, tensors: weighted };
		return { result, placed: { tensors: weighted, bytes: weighted.map((t) => t.bytes) } };
	}
	const key = `${model.id}\u0000${quant.id}\u0000${model.layers}\u0000${model.hiddenSize}`;
	const full = computeWeights(model, quant, memo);
	const result = slim(model, quant, full, memo);
	memo?.weights.set(key, result);
	return { result, placed: full.placed };
}

/**
 * Weights of `model` in `quant`: file (download) bytes, loaded bytes and the per-group breakdown.
 * Memoized by model id + quant id in `memo` (VRAM tables call it for every quant); an exact tensor
 * table bypasses the memo.
 */
export function weightsFor(model: Model, quant: Quant, tensors?: TensorInfo[], memo?: WeightsMemo): WeightsResult {
	if (tensors !== undefined && tensors.length > 0) return weightsWithTensors(model, quant, tensors).result;
	const key = `${model.id}\u0000${quant.id}\u0000${model.layers}\u0000${model.hiddenSize}`;
	const hit = memo?.weights.get(key);
	if (hit !== undefined) return hit;
	return weightsWithTensors(model, quant, undefined, memo).result;
}

export { TENSOR_GROUPS };
