/**
 * KV cache (and recurrent state) as the runtimes allocate it, per layer.
 *
 * llama.cpp (src/llama-kv-cache.cpp, llama-kv-cache-iswa.cpp, llama-memory-recurrent.cpp; rules
 * collected in ../shared/ENGINE.md §3.2):
 * - per attention layer and cell: K = row_size(type_k, n_head_kv·head_dim_k), V = row_size(type_v,
 *   n_head_kv·head_dim_v); a quantized row is 34/32 (q8_0) or 18/32 (q4_0) bytes per element;
 * - cells = n_ctx padded to 256 (the "padding = 256" of recent load logs; common/fit.cpp rounds the same);
 *   with n_seq sequences each stream holds n_ctx/n_seq cells, so the total is the same;
 * - MLA (DeepSeek V2/V3/R1, Kimi K2): one "head" of kv_lora_rank + qk_rope_head_dim = 576 K elements and,
 *   since PR #19067 (2026-01), no V at all ("V-less cache");
 * - sliding-window layers: pad256(min(n_ctx_seq, n_swa + n_ubatch)) cells per stream unless --swa-full
 *   (verified: gpt-oss-20b, n_swa 128, n_ubatch 2048 → 2304 cells, reference row A24);
 * - recurrent / linear layers: a fixed F32 state per sequence, independent of the context (Mamba-2,
 *   Gated DeltaNet, KDA, LFM2's short conv: recurrentStateBytes below);
 * - layers marked "none" (shared-KV) and MTP/nextn blocks: nothing.
 * - per-layer head geometry (Gemma 4): each layer is sized with its own n_head_kv(il) × n_embd_head_k(il)
 *   (src/llama-hparams.cpp n_embd_k_gqa(il)); the global layers' K = V still fills the V cache, because
 *   src/models/gemma4-iswa.cpp passes Kcur as Vcur to build_attn;
 * - DeepSeek sparse attention (DeepSeek-V3.2, GLM-5): src/llama-kv-cache-dsa.cpp keeps a second
 *   llama_kv_cache for the lightning indexer's keys, with n_head_kv = 1 and n_embd_head_k =
 *   indexer_head_size, the same type_k and the same cells, on every MLA layer. vLLM's
 *   DeepseekV32IndexerCache stores them as fp8 plus one f32 scale per 128 values (index_head_dim + 4 bytes).
 * - DeepSeek V4's compressed attention (attention.compressed), as SGLang sizes its pools
 *   (sgl-project/sglang@003fca80 python/sglang/srt/model_executor/pool_configurator.py
 *   DSV4PoolConfigurator._get_bytes_per_full_token): every layer keeps a sliding window of single-head
 *   entries (K = V); a layer of compress ratio r > 0 adds one entry per r tokens and a ratio-4 layer one
 *   indexer key per 4 tokens. An entry is head_dim − rope FP8 bytes + rope BF16 + 8 scale bytes (584 for
 *   V4's 512 = 448 + 64) with an FP8 cache, head_dim × 2 with a BF16 one; an indexer key is
 *   index_head_dim FP8 + an f32 scale per 128 (132). The compressors' small per-request ring states are
 *   not counted. Only SGLang's sizing is in the sources: other runtimes get the same arithmetic.
 * - MiniMax-M3's block-sparse attention (attention.sparseIndex), as SGLang sizes MiniMaxSparseKVPool
 *   (same pool_configurator.py, DefaultPoolConfigurator._compute_cell_size): the main pool holds K + V of
 *   every layer; the indexer pool adds, on the sparse layers only, one single-head key of sparse_index_dim
 *   (and a value of the same width unless sparse_disable_index_value) per token in the model dtype (2 bytes).
 * vLLM (vllm/v1/kv_cache_interface.py): pages of 16 tokens, no 256 padding, fp8 = 1 byte, MLA 576 per
 * token per layer. MLX (mlx-lm KVCache): grows in steps of 256; RotatingKVCache holds the window.
 */
import type { Model } from "../catalog/schema.js";
import { EngineInputError } from "./errors.js";
import { type LayerKinds, layerKinds } from "./layerKinds.js";
import type { KvCacheType, Runtime } from "./types.js";

/** Bytes per cached element: ggml block bytes / block size (ggml-common.h); fp8 = 1 byte (vLLM). */
export const KV_ELEMENT_BYTES: Record<KvCacheType, number> = {
	f32: 4,
	f16: 2,
	bf16: 2,
	q8_0: 34 / 32,
	q5_1: 24 / 32,
	q5_0: 22 / 32,
	q4_1: 20 / 32,
	q4_0: 18 / 32,
	iq4_nl: 18 / 32,
	fp8: 1,
};

/** llama.cpp pads the context to 256 cells (llama-kv-cache.cpp get_padding; common/fit.cpp). */
export const LLAMA_CPP_CTX_PADDING = 256;
/** mlx-lm KVCache.step: the cache grows in chunks of 256 tokens. */
export const MLX_KV_STEP = 256;
/** vLLM's default KV block (page) size on CUDA: 16 tokens. */
export const VLLM_BLOCK_TOKENS = 16;

/**
 * Which MLA cache layout to size. "latent-k" is llama.cpp since Jan 2026 and vLLM; "latent-kv" is
 * llama.cpp from the MLA GGUFs (2025) until then (K 576 + V 512); "expanded" is the old non-MLA GGUF
 * (n_head_kv = n_head, K 192 / V 128 per head). Tests use the last two to check older reference rows.
 */
export type MlaCacheLayout = "latent-k" | "latent-kv" | "expanded";

export interface KvOptions {
	contextTokens: number;
	kvCacheType: KvCacheType;
	runtime: Runtime;
	ubatch: number;
	parallel: number;
	flashAttention: boolean;
	/** llama.cpp --swa-full; Ollama's llama.cpp runner uses a full-size SWA cache (reference row A26) */
	swaFull?: boolean;
	mlaCacheLayout?: MlaCacheLayout;
	/** K cache type when it differs from V (llama.cpp -ctk/-ctv); defaults to kvCacheType */
	kvCacheTypeK?: KvCacheType;
}

export interface KvDetail {
	/** total bytes over all layers and sequences */
	bytes: number;
	/** bytes held by one full-attention layer */
	fullLayerBytes: number;
	/** bytes held by one sliding-window layer */
	slidingLayerBytes: number;
	/** bytes held by one recurrent / linear layer (its fixed state) */
	linearLayerBytes: number;
	/** prefix counts of the layer kinds: the KV of a layer range is kvRangeBytes() (O(1)) */
	kinds: LayerKinds;
	/** cells of a full-attention layer (all sequences) */
	fullCells: number;
	/** cells of a sliding-window layer (all sequences) */
	swaCells: number;
	/** K+V bytes per token of one full-attention layer set (all full layers), for KV reads in decode */
	fullBytesPerToken: number;
	/**
	 * Bytes a layer holds beyond its kind's (DeepSeek V4's compressed entries and indexer keys), as prefix
	 * sums over the layers (length layers + 1); absent when no layer has any.
	 */
	extraPrefix: number[] | undefined;
}

/** Bytes of one DeepSeek V4 cache entry: SGLang's packed FP8 latent (nope FP8, rope BF16, 8 scale bytes) or plain BF16/F32. */
function compressedEntryBytes(c: NonNullable<ModelKvFacts["compressed"]>, type: KvCacheType): number {
	if (type === "f16" || type === "bf16" || type === "f32") return c.entryDim * KV_ELEMENT_BYTES[type];
	return c.entryDim - c.ropeDim + 2 * c.ropeDim + 8;
}

/** Per-layer bytes of DeepSeek V4's compressed entries and indexer keys for `ctx` tokens × `parallel` sequences, as prefix sums. */
function compressedExtraPrefix(c: NonNullable<ModelKvFacts["compressed"]>, entryBytes: number, ctx: number, parallel: number): number[] {
	const indexerBytes = c.indexerHeadDim + (c.indexerHeadDim / 128) * 4;
	const out = [0];
	let sum = 0;
	for (const r of c.ratios) {
		if (r > 0) sum += Math.ceil(ctx / r) * entryBytes * parallel;
		if (r === 4) sum += Math.ceil(ctx / 4) * indexerBytes * parallel;
		out.push(sum);
	}
	return out;
}

export function padTo(n: number, multiple: number): number {
	return Math.ceil(n / multiple) * multiple;
}

/**
 * Fixed F32 recurrent state per sequence of one linear layer: llama.cpp's r (conv) and s (recurrent)
 * rows, src/llama-hparams.cpp n_embd_r()/n_embd_s(), allocated F32 per sequence on the recurrent layers
 * only (src/llama-memory-recurrent.cpp skips the layers the hybrid filter leaves to the KV cache):
 * - mamba2: r = (d_conv − 1)(d_inner + 2·n_group·d_state), s = d_state·d_inner;
 * - shortconv (LFM2): r = n_embd·(conv_L_cache − 1), s = 0 (the "for LFM2 models" branch: no SSM state);
 * - kda (Kimi-Linear): r = 3·(d_conv − 1)·n_head·head_dim (the q, k and v convs), s = head_dim²·n_head
 *   (the KDA branch, "128 * 128 * 32 = 524288" in its comment).
 */
function recurrentStateBytes(model: Model): number {
	const lin = model.attention.linear;
	if (lin === null) return 0;
	const keyDim = lin.numKeyHeads * lin.keyHeadDim;
	const valueDim = lin.numValueHeads * lin.valueHeadDim;
	const conv = Math.max(0, lin.convKernel - 1);
	let r: number;
	let s: number;
	if (lin.kind === "shortconv") {
		r = conv * valueDim;
		s = 0;
	} else if (lin.kind === "kda") {
		r = conv * (2 * keyDim + valueDim);
		s = lin.numValueHeads * lin.keyHeadDim * lin.valueHeadDim;
	} else if (lin.kind === "gated_deltanet") {
		r = conv * (2 * keyDim + valueDim);
		s = lin.numValueHeads * lin.keyHeadDim * lin.valueHeadDim;
	} else if (lin.kind === "mamba2") {
		r = conv * (valueDim + 2 * lin.numKeyHeads * lin.keyHeadDim);
		s = lin.keyHeadDim * valueDim;
	} else {
		r = 0;
		s = lin.numValueHeads * lin.keyHeadDim * lin.valueHeadDim;
	}
	return (r + s) * 4;
}

/** K and V elements per token of one attention layer under the runtime's layout. */
function kvElementsPerToken(model: Model, runtime: Runtime, layout: MlaCacheLayout, full = false): { k: number; v: number } {
	const a = model.attention;
	if (full && a.global !== undefined) return { k: a.global.kvHeads * a.global.headDim, v: a.global.kvHeads * (a.global.valueHeadDim ?? a.global.headDim) };
	if (a.mla !== null) {
		const latent = a.mla.kvLoraRank + a.mla.qkRopeHeadDim;
		if (layout === "expanded") return { k: a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim), v: a.heads * a.mla.vHeadDim };
		if (layout === "latent-kv" && runtime !== "vllm") return { k: latent, v: a.mla.kvLoraRank };
		return { k: latent, v: 0 };
	}
	return { k: a.kvHeads * a.headDim, v: a.kvHeads * a.valueHeadDim };
}

/**
 * What kvCacheDetail reads from the model under the default cache layout ("latent-k", where the K/V
 * widths do not depend on the runtime). estimate() keeps them with the prepared model (prepared.ts),
 * so an estimate reads no model fields here: catalog models come in many object shapes, which makes
 * each nested read slow.
 */
export interface ModelKvFacts {
	mla: boolean;
	/** K and V elements per token of one sliding (or, without `global`, any) attention layer (latent-k layout) */
	k: number;
	v: number;
	/** K and V elements per token of one full-attention layer (differs from k/v only with `attention.global`) */
	kFull: number;
	vFull: number;
	/** lightning-indexer key elements per token of each full-attention layer (DSA), 0 when none */
	indexerK: number;
	/** sliding window, 0 when none */
	window: number;
	/** recurrent state bytes of one linear layer and one sequence */
	stateBytes: number;
	kinds: LayerKinds;
	/** DeepSeek V4 compressed attention: entry width, its RoPE part, the indexer key width and each layer's ratio */
	compressed?: { entryDim: number; ropeDim: number; indexerHeadDim: number; ratios: readonly number[] };
	/** MiniMax-M3 sparse-attention indexer: elements per token each layer adds (0, dim for K, 2·dim for K + V) */
	sparseIndexElements?: readonly number[];
}

export function modelKvFacts(model: Model): ModelKvFacts {
	const c = model.attention.compressed;
	if (c !== undefined) {
		// one K = V entry of head_dim per token and layer (the window cache holds a single tensor)
		const d = model.attention.headDim;
		return {
			mla: false,
			k: d,
			v: 0,
			kFull: d,
			vFull: 0,
			indexerK: 0,
			window: model.attention.slidingWindow ?? 0,
			stateBytes: 0,
			kinds: layerKinds(model),
			compressed: { entryDim: d, ropeDim: c.ropeDim, indexerHeadDim: c.indexerHeadDim, ratios: c.ratios },
		};
	}
	const { k, v } = kvElementsPerToken(model, "llama.cpp", "latent-k");
	const full = kvElementsPerToken(model, "llama.cpp", "latent-k", true);
	const sp = model.attention.sparseIndex;
	return {
		...(sp !== undefined ? { sparseIndexElements: sp.perLayer.map((t) => (t === "none" ? 0 : t === "k" ? sp.headDim : 2 * sp.headDim)) } : {}),
		mla: model.attention.mla !== null,
		k,
		v,
		kFull: full.k,
		vFull: full.v,
		indexerK: model.attention.indexer?.headDim ?? 0,
		window: model.attention.slidingWindow ?? 0,
		stateBytes: recurrentStateBytes(model),
		kinds: layerKinds(model),
	};
}

/** Bytes per token of one layer's indexer keys: type_k in llama.cpp, fp8 + an f32 scale per 128 in vLLM. */
function indexerBytesPerToken(indexerK: number, runtime: Runtime, typeK: KvCacheType): number {
	if (indexerK === 0) return 0;
	if (runtime === "vllm") return indexerK + (indexerK / 128) * 4;
	return indexerK * KV_ELEMENT_BYTES[typeK];
}

/** Per-layer KV bytes and totals. Throws EngineInputError on impossible combinations. */
export function kvCacheDetail(model: Model, opts: KvOptions): KvDetail {
	const layout = opts.mlaCacheLayout ?? "latent-k";
	if (layout === "latent-k") return kvDetailFrom(modelKvFacts(model), opts);
	const { k, v } = kvElementsPerToken(model, opts.runtime, layout);
	return kvDetailFrom({ ...modelKvFacts(model), k, v, kFull: k, vFull: v }, opts);
}

/** kvCacheDetail from the model's facts (the same arithmetic, in the same order). */
export function kvDetailFrom(facts: ModelKvFacts, opts: KvOptions): KvDetail {
	const { contextTokens, runtime, ubatch, parallel } = opts;
	const typeV = opts.kvCacheType;
	const typeK = opts.kvCacheTypeK ?? opts.kvCacheType;
	const quantizedV = typeV !== "f16" && typeV !== "bf16" && typeV !== "f32" && typeV !== "fp8";
	if ((runtime === "llama.cpp" || runtime === "ollama") && quantizedV && !opts.flashAttention && !facts.mla && facts.compressed === undefined) {
		throw new EngineInputError(`A quantized V cache (kv=${typeV}) needs flash attention in llama.cpp: use fa=on or kv=f16.`);
	}
	const { k, v } = facts;
	const c = facts.compressed;
	const bytesPerTokenLayer = c !== undefined ? compressedEntryBytes(c, typeK) : k * KV_ELEMENT_BYTES[typeK] + v * KV_ELEMENT_BYTES[typeV];
	// full-attention layers: their own geometry (Gemma 4 global layers) plus the DSA indexer keys
	const fullBytesPerTokenLayer =
		(facts.kFull ?? k) * KV_ELEMENT_BYTES[typeK] + (facts.vFull ?? v) * KV_ELEMENT_BYTES[typeV] + indexerBytesPerToken(facts.indexerK ?? 0, runtime, typeK);

	let fullCells: number;
	let swaCells: number;
	const window = facts.window;
	if (runtime === "vllm") {
		const perSeq = padTo(contextTokens, VLLM_BLOCK_TOKENS);
		fullCells = perSeq * parallel;
		// SlidingWindowSpec: the window plus the tokens of one step, in whole pages
		swaCells = Math.min(perSeq, padTo(window + VLLM_BLOCK_TOKENS, VLLM_BLOCK_TOKENS)) * parallel;
	} else if (runtime === "mlx") {
		const perSeq = padTo(contextTokens, MLX_KV_STEP);
		fullCells = perSeq * parallel;
		swaCells = Math.min(perSeq, window) * parallel;
	} else {
		// llama.cpp / Ollama's runner: n_ctx = pad256(ctx × n_seq), one stream of n_ctx/n_seq cells per sequence
		fullCells = padTo(contextTokens * parallel, LLAMA_CPP_CTX_PADDING);
		const perStream = fullCells / parallel;
		const swaFull = opts.swaFull ?? runtime === "ollama";
		swaCells = swaFull ? fullCells : Math.min(perStream, padTo(window + ubatch, LLAMA_CPP_CTX_PADDING)) * parallel;
	}

	// every layer of a kind holds the same bytes, so totals are counts × bytes (exact: integer bytes)
	const state = facts.stateBytes * parallel;
	const kinds = facts.kinds;
	const L = kinds.layers;
	const fullLayerBytes = fullBytesPerTokenLayer * fullCells;
	const slidingLayerBytes = bytesPerTokenLayer * (window > 0 ? swaCells : fullCells);
	const nFull = kinds.full[L] ?? 0;
	// MiniMax-M3's indexer pool: on the sparse layers, the full layers' cells of model-dtype (2-byte) keys/values
	const sparse = facts.sparseIndexElements;
	const extraPrefix =
		c !== undefined
			? compressedExtraPrefix(c, bytesPerTokenLayer, contextTokens, parallel)
			: sparse !== undefined
				? sparse.reduce<number[]>(
						(acc, n) => {
							acc.push((acc[acc.length - 1] ?? 0) + n * 2 * fullCells);
							return acc;
						},
						[0],
					)
				: undefined;
	const bytes = nFull * fullLayerBytes + (kinds.sliding[L] ?? 0) * slidingLayerBytes + (kinds.linear[L] ?? 0) * state + (extraPrefix?.[L] ?? 0);
	// one object shape whether or not the model has extra bytes (a conditional spread made each detail
	// a slow clone; this runs for every estimate)
	return {
		extraPrefix,
		bytes: Math.round(bytes),
		fullLayerBytes,
		slidingLayerBytes,
		linearLayerBytes: state,
		kinds,
		fullCells,
		swaCells,
		fullBytesPerToken: fullBytesPerTokenLayer * nFull,
	};
}

/** KV bytes of layers first … end−1 (a device's contiguous range). */
export function kvRangeBytes(kv: KvDetail, first: number, end: number): number {
	if (end <= first) return 0;
	const k = kv.kinds;
	const extra = kv.extraPrefix !== undefined ? (kv.extraPrefix[Math.min(end, k.layers)] ?? 0) - (kv.extraPrefix[Math.min(first, k.layers)] ?? 0) : 0;
	return (
		((k.full[end] ?? 0) - (k.full[first] ?? 0)) * kv.fullLayerBytes +
		((k.sliding[end] ?? 0) - (k.sliding[first] ?? 0)) * kv.slidingLayerBytes +
		((k.linear[end] ?? 0) - (k.linear[first] ?? 0)) * kv.linearLayerBytes +
		extra
	);
}

/**
 * kvRangeBytes(kv, 0, end), the KV of layers 0 … end−1: the prefix fit.ts's costBefore reads in every
 * step of its binary searches, with half the loads (the counts before layer 0 are 0, so the same number).
 */
export function kvBytesBefore(kv: KvDetail, end: number): number {
	const k = kv.kinds;
	const extra = kv.extraPrefix !== undefined ? (kv.extraPrefix[Math.min(end, k.layers)] ?? 0) : 0;
	return (k.full[end] ?? 0) * kv.fullLayerBytes + (k.sliding[end] ?? 0) * kv.slidingLayerBytes + (k.linear[end] ?? 0) * kv.linearLayerBytes + extra;
}

/** KV bytes held by each layer (index = layer); allocates, for tests and tools rather than hot paths. */
export function kvPerLayer(kv: KvDetail): number[] {
	const out: number[] = [];
	for (let il = 0; il < kv.kinds.layers; il++) out.push(kvRangeBytes(kv, il, il + 1));
	return out;
}

/** KV cache bytes for `contextTokens` per sequence × `parallel` sequences, as the runtime allocates them. */
export function kvCacheBytes(
	model: Model,
	opts: { contextTokens: number; kvCacheType: KvCacheType; runtime: Runtime; ubatch: number; parallel: number; flashAttention: boolean },
): number {
	return kvCacheDetail(model, opts).bytes;
}
