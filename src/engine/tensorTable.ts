/**
 * A model's tensors (tensors.ts modelTensors) as the few block layouts that repeat: the tensors before
 * the blocks, one run of tensors per distinct block layout ("template") with the template of every
 * block, and the tensors after the blocks. Weights and per-layer bytes (weights.ts, prepared.ts) walk it
 * in the list's order, so what they compute is the list's, without keeping ~1,000 tensor objects per
 * model: a 60-layer dense model has one or two templates of ~12 tensors. Kept per model in the
 * EngineCache (a WeakMap: a few KB each, every catalog model fits), which is why a model × quant the
 * prepared memo has dropped is cheap to prepare again.
 *
 * A block's tensors differ from another block's of the same layout only in the `blk.N.` prefix of their
 * names and their layer field; the quant mix rules (quantMix.ts) and the per-tensor bits of other
 * formats read neither (the rules take the layer as an argument), so a template's first block stands
 * for all of them.
 */
import type { Model } from "../catalog/schema.js";
import { staticsOf, type TensorStatics } from "./quantMix.js";
import {
	emptyGroups,
	ggufBlockCount,
	type ModelTensor,
	modelTensors,
	type ParamCount,
	paramsOfText,
	TENSOR_GROUPS,
	type TensorGroup,
	type TensorMemo,
} from "./tensors.js";

/** Consecutive tensors of the list and their mix statics (category, flags, ne0, elements, group). */
export interface TensorRun {
	/** the tensors as listed; a template's are those of the first block with its layout */
	readonly tensors: readonly ModelTensor[];
	readonly statics: TensorStatics;
}

export interface TensorTable {
	/** tensors before the first block (token_embd, Gemma's per-layer embedding): layer null */
	readonly head: TensorRun;
	/** the distinct block layouts, in order of first appearance */
	readonly templates: readonly TensorRun[];
	/** template index of each GGUF block (ggufBlockCount: the hidden layers plus kept nextn blocks) */
	readonly blockTemplate: Uint16Array;
	/** tensors after the last block (output_norm, output …): layer null */
	readonly tail: TensorRun;
	/** tensors in the list */
	readonly count: number;
	/** attn_v-like tensors in the list (the mix rules' n_attention_wv) */
	readonly nAttnV: number;
	/** no output.weight anywhere: the head is token_embd (the mix rules' tied-embedding branch) */
	readonly tiedEmbeddings: boolean;
}

/** Where the tables are memoized: the per-catalog EngineCache (workspace.ts); without one, built afresh. */
export interface TableMemo {
	readonly tables: WeakMap<Model, TensorTable>;
}

function run(tensors: readonly ModelTensor[]): TensorRun {
	return { tensors, statics: staticsOf(tensors) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) return false;
	for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
	return true;
}

/**
 * Whether block tensors `list[from, to)` (names after a prefix `prefixLength` long) have the layout of
 * `template`, whose names after its own prefix are `suffixes`: the same names after `blk.N.`, groups
 * and shapes, in order. Compared in place rather than through a string key per block: the one-shot CLI
 * builds the tables of a family's models cold, where joining every tensor's name, group and shape into
 * a key was about 6 ms of its ~85 ms over `node -e 0` (--cpu-prof, five runs).
 */
function hasLayout(list: readonly ModelTensor[], from: number, to: number, prefixLength: number, template: TensorRun, suffixes: readonly string[]): boolean {
	if (to - from !== template.tensors.length) return false;
	for (let k = 0; k < suffixes.length; k++) {
		const t = list[from + k] as ModelTensor;
		const same = template.tensors[k] as ModelTensor;
		const suffix = suffixes[k] as string;
		if (t.group !== same.group || t.name.length - prefixLength !== suffix.length || !t.name.startsWith(suffix, prefixLength)) return false;
		if (!sameShape(t.shape, same.shape)) return false;
	}
	return true;
}

/** The table of `model`'s tensor list (modelTensors), memoized per model in `memo`. */
export function tensorTable(model: Model, memo?: TableMemo): TensorTable {
	const hit = memo?.tables.get(model);
	if (hit !== undefined) return hit;
	const list = modelTensors(model);
	const blocks = ggufBlockCount(model);
	let i = 0;
	while (i < list.length && (list[i] as ModelTensor).layer === null) i++;
	const head = run(list.slice(0, i));
	const templates: TensorRun[] = [];
	/** per template, its tensors' names after its block's `blk.N.` */
	const suffixes: string[][] = [];
	const blockTemplate = new Uint16Array(blocks);
	const matches = (j: number, from: number, to: number, prefixLength: number): boolean =>
		hasLayout(list, from, to, prefixLength, templates[j] as TensorRun, suffixes[j] as string[]);
	// the previous block's template is tried first: consecutive blocks mostly share one
	let last = -1;
	for (let il = 0; il < blocks; il++) {
		const start = i;
		while (i < list.length && (list[i] as ModelTensor).layer === il) i++;
		const prefixLength = `blk.${il}.`.length;
		let index = last >= 0 && matches(last, start, i, prefixLength) ? last : -1;
		for (let j = 0; index < 0 && j < templates.length; j++) if (j !== last && matches(j, start, i, prefixLength)) index = j;
		if (index < 0) {
			index = templates.length;
			const tensors = list.slice(start, i);
			suffixes.push(tensors.map((t) => t.name.slice(prefixLength)));
			templates.push(run(tensors));
		}
		blockTemplate[il] = index;
		last = index;
	}
	const tail = run(list.slice(i));
	// the walk in list order relies on this layout of the list: anything else is a bug in tensors.ts
	if (tail.tensors.some((t) => t.layer !== null)) throw new Error(`tensorTable: ${model.id}'s tensors are not head, blocks 0…${blocks - 1} in order, tail`);
	let nAttnV = head.statics.nAttnV + tail.statics.nAttnV;
	for (let il = 0; il < blocks; il++) nAttnV += (templates[blockTemplate[il] as number] as TensorRun).statics.nAttnV;
	const table: TensorTable = {
		head,
		templates,
		blockTemplate,
		tail,
		count: list.length,
		nAttnV,
		tiedEmbeddings: head.statics.tiedEmbeddings && tail.statics.tiedEmbeddings && templates.every((t) => t.statics.tiedEmbeddings),
	};
	memo?.tables.set(model, table);
	return table;
}

/**
 * A model's parameter counts (tensors.ts paramsOfText), memoized per model in `memo`. The text
 * tensors are summed over the model's table, each block's from its template's statics, in the list's
 * order: the one-shot CLI listed every model's ~1,000 tensors a second time for this (~4 ms of its
 * cold answer, --cpu-prof), and the table is built for the weights anyway.
 */
export function countParams(model: Model, memo?: TensorMemo & TableMemo): ParamCount {
	const hit = memo?.params.get(model);
	if (hit !== undefined) return { ...hit, byGroup: { ...hit.byGroup } };
	const result = paramsOfTable(model, tensorTable(model, memo));
	memo?.params.set(model, result);
	return { ...result, byGroup: { ...result.byGroup } };
}

function paramsOfTable(model: Model, table: TensorTable): ParamCount {
	const byGroup = emptyGroups();
	let text = 0;
	const add = (r: TensorRun): void => {
		const st = r.statics;
		for (let i = 0; i < r.tensors.length; i++) {
			const n = st.elements[i] ?? 0;
			byGroup[TENSOR_GROUPS[st.group[i] ?? 0] as TensorGroup] += n;
			text += n;
		}
	};
	add(table.head);
	// the nextn blocks a GGUF keeps (il ≥ model.layers) are counted as HF counts them, by paramsOfText
	const blocks = Math.min(table.blockTemplate.length, model.layers);
	for (let il = 0; il < blocks; il++) add(table.templates[table.blockTemplate[il] as number] as TensorRun);
	add(table.tail);
	return paramsOfText(model, byGroup, text);
}
