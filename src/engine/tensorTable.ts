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
import { ggufBlockCount, type ModelTensor, modelTensors } from "./tensors.js";

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

/** What makes two blocks' tensors the same layout: names after `blk.N.`, groups and shapes, in order. */
function layoutKey(tensors: readonly ModelTensor[], prefix: string): string {
	let key = "";
	for (const t of tensors) key += `${t.name.slice(prefix.length)}:${t.group}:${t.shape.join("x")};`;
	return key;
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
	const byKey = new Map<string, number>();
	const blockTemplate = new Uint16Array(blocks);
	for (let il = 0; il < blocks; il++) {
		const start = i;
		while (i < list.length && (list[i] as ModelTensor).layer === il) i++;
		const tensors = list.slice(start, i);
		const key = layoutKey(tensors, `blk.${il}.`);
		let index = byKey.get(key);
		if (index === undefined) {
			index = templates.length;
			byKey.set(key, index);
			templates.push(run(tensors));
		}
		blockTemplate[il] = index;
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
