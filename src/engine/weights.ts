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
import { GgufTyper, ggufMixFromQuantId } from "./quantMix.js";
import { type ModelTensor, modelTensors, type TensorGroup, type TensorMemo, TENSOR_GROUPS } from "./tensors.js";
import { countParams, type TableMemo, type TensorRun, type TensorTable, tensorTable } from "./tensorTable.js";
import type { TensorInfo, WeightsBreakdown } from "./types.js";
import { EngineInputError } from "./errors.js";
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
 * What prepare() reads of each tensor, in list order: its group (index in TENSOR_GROUPS), its block
 * (−1 outside the blocks) and its bytes. A catalog model × quant is walked over the model's tensor
 * table (tensorTable.ts) without an object per tensor.
 */
export type TensorSink = (group: number, layer: number, bytes: number) => void;

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

/**
 * Each tensor of the model's table in list order: the run it belongs to, its index there and its block
 * (null outside the blocks); `k` counts the tensors visited before it.
 */
function walk(table: TensorTable, visit: (run: TensorRun, i: number, layer: number | null, k: number) => void): void {
	let k = 0;
	const head = table.head;
	for (let i = 0; i < head.tensors.length; i++) visit(head, i, null, k++);
	const blocks = table.blockTemplate;
	for (let il = 0; il < blocks.length; il++) {
		const run = table.templates[blocks[il] as number] as TensorRun;
		for (let i = 0; i < run.tensors.length; i++) visit(run, i, il, k++);
	}
	const tail = table.tail;
	for (let i = 0; i < tail.tensors.length; i++) visit(tail, i, null, k++);
}

/**
 * Per visited tensor of a catalog model × quant: its bytes and ggml type (null for other formats), or
 * bytes −1 when the format leaves it out (the nextn blocks of a checkpoint).
 */
type TensorVisit = (group: number, layer: number | null, bytes: number, type: GgmlType | null, k: number) => void;

/** Sizes of a catalog model × quant (the tensor list's, walked over its table); `visit` sees each tensor. */
function computeWeights(model: Model, quant: Quant, memo: WeightsMemo | undefined, visit: TensorVisit | null): Sizes {
	const table = tensorTable(model, memo);
	const sums = new Float64Array(TENSOR_GROUPS.length);
	let total = 0;
	if (quant.format === "gguf") {
		const mix = ggufMixFromQuantId(quant.id) ?? (quant.ggmlType !== null ? ggufMixFromQuantId(quant.ggmlType) : null);
		if (mix === null) throw new EngineInputError(`The engine does not know the GGUF mix "${quant.id}".`);
		const typer = new GgufTyper(model, mix, table.nAttnV, table.tiedEmbeddings);
		walk(table, (run, i, layer, k) => {
			const st = run.statics;
			const type = typer.typeOf(st, i, layer);
			const b = ggmlTensorBytes(type, st.ne0[i] ?? 1, st.elements[i] ?? 0);
			const g = st.group[i] ?? 0;
			sums[g] = (sums[g] ?? 0) + b;
			total += b;
			visit?.(g, layer, b, type, k);
		});
		const weights = breakdownFrom(sums, total);
		return { fileBytes: total + ggufHeaderBytes(model, table.count), weightsBytes: total, weights };
	}
	// a release-only format (NATIVE-INT4, NATIVE-FP4): each tensor as the release stores it (nativeRelease.ts)
	const release = isNativeReleaseQuant(quant.id);
	const linearBits = linearBitsFor(quant);
	// MLX quantizes embeddings and the head too (mlx_lm.convert); GPTQ/AWQ/FP8 keep them in 16 bits.
	const embedBits = quant.format === "mlx" ? linearBits : Math.max(16, linearBits);
	let textParams = 0;
	walk(table, (run, i, layer, k) => {
		// the checkpoint's text stack has no nextn blocks (they are in its MTP part below)
		if (layer !== null && layer >= model.layers) {
			visit?.(0, layer, -1, null, k);
			return;
		}
		const t = run.tensors[i] as ModelTensor;
		const st = run.statics;
		const n = st.elements[i] ?? 0;
		let bits: number;
		if (release) bits = nativeReleaseBits(model, quant.id, t);
		else if (t.group === "norms" || t.shape.length < 2) bits = 16;
		else if (t.group === "embedding" || t.group === "output") bits = embedBits;
		else bits = linearBits;
		const b = Math.ceil((n * bits) / 8);
		const g = st.group[i] ?? 0;
		sums[g] = (sums[g] ?? 0) + b;
		total += b;
		textParams += n;
		visit?.(g, layer, b, null, k);
	});
	const weights = breakdownFrom(sums, total);
	// safetensors also ship the MTP blocks and the vision tower: downloaded, and vLLM loads the vision tower.
	const counted = countParams(model, memo);
	const extraParams = Math.max(0, counted.total - textParams);
	// a release stores its MTP block as it stores the rest (DeepSeek V4's is FP4 / FP8 like the text layers):
	// at the text layers' average; the vision tower stays 16-bit
	const mtpBits = release && textParams > 0 ? (8 * total) / textParams : 16;
	const mtpParams = Math.max(0, extraParams - model.visionParams);
	const extraFileBytes = Math.ceil((mtpParams * mtpBits + (extraParams - mtpParams) * 16) / 8);
	// vision towers are loaded by vLLM/MLX with the text model; MTP blocks are downloaded but not run
	return { fileBytes: total + extraFileBytes, weightsBytes: total + model.visionParams * 2, weights };
}

interface Sizes {
	fileBytes: number;
	weightsBytes: number;
	weights: WeightsBreakdown;
}

function breakdownFrom(sums: Float64Array, total: number): WeightsBreakdown {
	const weights = emptyBreakdown();
	for (let g = 0; g < TENSOR_GROUPS.length; g++) weights[TENSOR_GROUPS[g] as TensorGroup] = sums[g] ?? 0;
	weights.total = total;
	return weights;
}

/**
 * The per-tensor list of a catalog model × quant, materialised when read (`WeightsResult.tensors`):
 * nothing on the answer path reads it, so the prepared memo keeps the sizes only.
 */
function weightedList(model: Model, quant: Quant): WeightedTensor[] {
	const list = modelTensors(model);
	const out: WeightedTensor[] = [];
	computeWeights(model, quant, undefined, (_g, _layer, bytes, type, k) => {
		if (bytes < 0) return;
		const t = list[k] as ModelTensor;
		out.push({ name: t.name, group: t.group, layer: t.layer, shape: t.shape, type, bytes });
	});
	return out;
}

/** The sizes of a catalog model × quant, with the per-tensor list computed again when read. */
class CatalogWeights implements WeightsResult {
	readonly fileBytes: number;
	readonly weightsBytes: number;
	readonly weights: WeightsBreakdown;

	constructor(
		private readonly model: Model,
		private readonly quant: Quant,
		sizes: Sizes,
	) {
		this.fileBytes = sizes.fileBytes;
		this.weightsBytes = sizes.weightsBytes;
		this.weights = sizes.weights;
	}

	get tensors(): WeightedTensor[] {
		return weightedList(this.model, this.quant);
	}
}

/**
 * Where a weights computation finds what it reuses: the engine's per-catalog EngineCache
 * (src/engine/workspace.ts), with the tensor tables and parameter counts per model, and the prepared
 * model × quant memo whose entries hold the weights (so they are not kept twice). Without one (the
 * accuracy bench), computed afresh.
 */
export interface WeightsMemo extends TensorMemo, TableMemo {
	readonly prepared: { get(model: Model, quant: Quant): { readonly weights: WeightsResult } | undefined };
}

/**
 * Weights of `model` in `quant`, for prepare(): `sink` gets each tensor's group, block (−1: none) and
 * bytes in list order. An exact tensor table (from a GGUF header) replaces the catalog's.
 */
export function weightsWithTensors(
	model: Model,
	quant: Quant,
	tensors: TensorInfo[] | undefined,
	memo: WeightsMemo | undefined,
	sink: TensorSink,
): WeightsResult {
	if (tensors !== undefined && tensors.length > 0) {
		const weighted = fromTensorInfo(tensors);
		const weights = breakdownOf(weighted);
		for (const t of weighted) sink(TENSOR_GROUPS.indexOf(t.group), t.layer ?? -1, t.bytes);
		return { fileBytes: weights.total + ggufHeaderBytes(model, weighted.length), weightsBytes: weights.total, weights, tensors: weighted };
	}
	const sizes = computeWeights(model, quant, memo, (g, layer, bytes) => {
		if (bytes >= 0) sink(g, layer ?? -1, bytes);
	});
	return new CatalogWeights(model, quant, sizes);
}

/**
 * Weights of `model` in `quant`: file (download) bytes, loaded bytes and the per-group breakdown.
 * With a memo, a model × quant already prepared answers from its entry; an exact tensor table is
 * computed afresh.
 */
export function weightsFor(model: Model, quant: Quant, tensors?: TensorInfo[], memo?: WeightsMemo): WeightsResult {
	if (tensors !== undefined && tensors.length > 0) return weightsWithTensors(model, quant, tensors, undefined, () => {});
	const hit = memo?.prepared.get(model, quant);
	if (hit !== undefined) return hit.weights;
	return new CatalogWeights(model, quant, computeWeights(model, quant, memo, null));
}

export { TENSOR_GROUPS };
