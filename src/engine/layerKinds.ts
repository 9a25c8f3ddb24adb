/**
 * Per-model prefix counts of layer attention kinds, so the KV bytes (and KV reads) of any layer range
 * are a few multiplies instead of a loop: a layer's KV depends only on its kind (full / sliding /
 * linear / none, kvCache.ts), and a device holds a contiguous range of layers (fit.ts).
 * Computed once per model and catalog: the engine keeps them with the model's KV facts in the
 * per-catalog EngineCache (prepared.ts kvFactsOf), not in a module-level memo (issue 13).
 */
import type { Model } from "../catalog/schema.js";
import { layerAttentionKind } from "./tensors.js";

export interface LayerKinds {
	layers: number;
	/** full[i] = full-attention layers among 0 … i−1 (length layers + 1) */
	full: Int32Array;
	/** sliding-window layers among 0 … i−1 */
	sliding: Int32Array;
	/** recurrent / linear-attention layers among 0 … i−1 */
	linear: Int32Array;
}

export function layerKinds(model: Model): LayerKinds {
	const L = model.layers;
	const full = new Int32Array(L + 1);
	const sliding = new Int32Array(L + 1);
	const linear = new Int32Array(L + 1);
	// shared-KV layers (Gemma 4 E-models) read an earlier layer's cache: no KV of their own
	const firstShared = L - (model.attention.sharedKvLayers ?? 0);
	for (let il = 0; il < L; il++) {
		const kind = il >= firstShared ? "none" : layerAttentionKind(model, il);
		full[il + 1] = (full[il] ?? 0) + (kind === "full" ? 1 : 0);
		sliding[il + 1] = (sliding[il] ?? 0) + (kind === "sliding" ? 1 : 0);
		linear[il + 1] = (linear[il] ?? 0) + (kind === "linear" ? 1 : 0);
	}
	return { layers: L, full, sliding, linear };
}
