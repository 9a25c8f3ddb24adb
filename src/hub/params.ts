/**
 * Parameter counts from an architecture, for when the checkpoint itself cannot tell us (no
 * safetensors header, no GGUF). The formulas are the HF modeling code's linear layers:
 * embeddings vocab·hidden (+ lm_head unless tied); per layer q/k/v/o projections (MLA:
 * q_a/q_b/kv_a/kv_b/o, DeepSeek-V3 modeling_deepseek.py), a gated FFN of 3·hidden·inter
 * (gate/up/down) or a plain one of 2·hidden·inter, MoE router hidden·experts plus experts and the
 * shared expert, and two RMSNorm vectors per layer. They match the safetensors count to the
 * parameter for plain Llama/Qwen/Mistral shapes (the catalog cross-check in
 * ../shared/catalog-sources/SOURCES.md: "for 30+ repos it equals … the HF safetensors count");
 * norms of exotic layouts (Gemma's four per layer, q/k norms) are left out, a < 0.01 % error.
 */
import type { Model } from "../catalog/schema.js";

export type ArchitectureFacts = Pick<
	Model,
	"layers" | "hiddenSize" | "vocabSize" | "tiedEmbeddings" | "attention" | "ffn" | "moe"
>;

export interface ParamCount {
	total: number;
	/** all routed-expert weights (every expert), 0 for dense models */
	routedExperts: number;
	/** what one token touches: total − the routed experts it does not use */
	active: number;
}

function attentionParams(f: ArchitectureFacts): number {
	const h = f.hiddenSize;
	const a = f.attention;
	const mla = a.mla;
	if (mla) {
		const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
		const q = mla.qLoraRank === null ? h * a.heads * qk : h * mla.qLoraRank + mla.qLoraRank + mla.qLoraRank * a.heads * qk;
		const kvA = h * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank;
		const kvB = mla.kvLoraRank * a.heads * (mla.qkNopeHeadDim + mla.vHeadDim);
		const o = a.heads * mla.vHeadDim * h;
		return q + kvA + kvB + o;
	}
	const q = h * a.heads * a.headDim;
	const k = h * a.kvHeads * a.headDim;
	const v = h * a.kvHeads * a.valueHeadDim;
	const o = a.heads * a.valueHeadDim * h;
	const bias = a.qkvBias ? a.heads * a.headDim + a.kvHeads * (a.headDim + a.valueHeadDim) : 0;
	return q + k + v + o + bias;
}

/** Gated DeltaNet (Qwen3-Next modeling_qwen3_next.py) and Mamba2 (modeling_mamba2.py) mixers. */
function linearParams(f: ArchitectureFacts): number {
	const l = f.attention.linear;
	if (!l) return 0;
	const h = f.hiddenSize;
	const keyDim = l.numKeyHeads * l.keyHeadDim;
	const valueDim = l.numValueHeads * l.valueHeadDim;
	if (l.kind === "mamba2") {
		// in_proj: z, x, B, C, dt; conv over x, B, C; A, D, dt_bias per head; norm; out_proj
		const convDim = valueDim + 2 * keyDim;
		const inProj = h * (2 * valueDim + 2 * keyDim + l.numValueHeads);
		return inProj + convDim * (l.convKernel + 1) + 3 * l.numValueHeads + valueDim + valueDim * h;
	}
	// q, k, v, z projections; b, a gates; conv over q, k, v; A_log, dt_bias; gated norm; out_proj
	const inProj = h * (2 * keyDim + 2 * valueDim) + h * 2 * l.numValueHeads;
	const convDim = 2 * keyDim + valueDim;
	return inProj + convDim * l.convKernel + 2 * l.numValueHeads + l.valueHeadDim + valueDim * h;
}

function ffnParams(hidden: number, inter: number, gated: boolean): number {
	return (gated ? 3 : 2) * hidden * inter;
}

/** Whether layer `i` has a routed-expert FFN (DeepSeek first_k_dense_replace, Llama 4 interleave step). */
export function isMoeLayer(f: ArchitectureFacts, i: number): boolean {
	const moe = f.moe;
	if (!moe) return false;
	if (i < moe.firstDenseLayers) return false;
	return (i - moe.firstDenseLayers + 1) % moe.layerFrequency === 0 || moe.layerFrequency === 1;
}

export function countParams(f: ArchitectureFacts): ParamCount {
	const h = f.hiddenSize;
	const embeddings = f.vocabSize * h * (f.tiedEmbeddings ? 1 : 2);
	const layerTypes = f.attention.layerTypes;
	let total = embeddings + h; // + final norm
	let routedExperts = 0;
	let activeRouted = 0;
	for (let i = 0; i < f.layers; i++) {
		const kind = layerTypes?.[i] ?? "full";
		total += kind === "linear" ? linearParams(f) : kind === "none" ? 0 : attentionParams(f);
		total += 2 * h; // input and post-attention norms
		const moe = f.moe;
		if (moe && isMoeLayer(f, i)) {
			const expert = ffnParams(h, moe.expertIntermediateSize, f.ffn.gated);
			const shared =
				moe.sharedIntermediateSize !== null
					? ffnParams(h, moe.sharedIntermediateSize, f.ffn.gated)
					: moe.sharedExperts * expert;
			total += h * moe.experts + moe.experts * expert + shared;
			routedExperts += moe.experts * expert;
			activeRouted += moe.activeExperts * expert;
		} else {
			total += ffnParams(h, f.ffn.intermediateSize, f.ffn.gated);
		}
	}
	return { total, routedExperts, active: total - routedExperts + activeRouted };
}
