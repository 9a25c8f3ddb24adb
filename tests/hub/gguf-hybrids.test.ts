/**
 * GGUF headers of the hybrids (a Hub GGUF is sized from its metadata): LFM2's short-conv blocks and
 * Kimi-Linear's KDA blocks carry head_count_kv 0 and become recurrent layers with llama.cpp's state,
 * not KV-less "none" layers. Keys as llama.cpp's src/llama-arch.cpp names them (shortconv.l_cache,
 * kda.head_dim; older Kimi-Linear GGUFs keep the KDA head dim in ssm.state_size).
 */
import type { MetadataValue } from "@huggingface/gguf";
import { describe, expect, it } from "vitest";
import { kvCacheDetail } from "../../src/engine/index.js";
import type { Model } from "../../src/catalog/schema.js";
import { mapGguf } from "../../src/hub/gguf-model.js";

function modelOf(metadata: Record<string, unknown>): Model {
	const { facts } = mapGguf(metadata as Record<string, MetadataValue>, []);
	return {
		...facts,
		id: "x",
		name: "x",
		family: "x",
		publisher: "x",
		aliases: [],
		ollamaTags: [],
		hfRepo: null,
		totalParams: 1,
		activeParams: 1,
		visionParams: 0,
		license: "x",
		releaseDate: "2026-01",
		relations: { distilledFrom: [], baseModel: null, smallerSiblings: [] },
		source: ["test"],
		notes: null,
	};
}
const opts = { contextTokens: 4096, kvCacheType: "f16" as const, runtime: "llama.cpp" as const, ubatch: 512, parallel: 1, flashAttention: true };

describe("hybrid GGUF headers", () => {
	it("LFM2: head_count_kv 0 blocks are short convs holding n_embd × (l_cache − 1) F32 each", () => {
		const kv = [0, 0, 8, 0, 0, 8, 0, 0, 8, 0, 8, 0, 8, 0, 8, 0];
		const m = modelOf({
			"general.architecture": "lfm2",
			"lfm2.block_count": 16,
			"lfm2.embedding_length": 2048,
			"lfm2.feed_forward_length": 8192,
			"lfm2.attention.head_count": 32,
			"lfm2.attention.head_count_kv": kv,
			"lfm2.shortconv.l_cache": 3,
			"lfm2.vocab_size": 65536,
		});
		expect(m.attention.layerTypes?.filter((t) => t === "linear").length).toBe(10);
		expect(m.attention.linear?.kind).toBe("shortconv");
		// 6 attention blocks × 8 × 64 × 2 × 2 bytes per token; 10 × 2048 × 2 × 4 bytes of conv state
		expect(kvCacheDetail(m, opts).bytes).toBe(6 * 8 * 64 * 2 * 2 * 4096 + 10 * 2048 * 2 * 4);
	});

	it("Kimi-Linear: head_count_kv 0 blocks are KDA with n_head × head_dim² state plus three convs; MLA blocks keep the latent", () => {
		const kv = Array.from({ length: 27 }, (_, i) => ([3, 7, 11, 15, 19, 23, 26].includes(i) ? 1 : 0));
		const base = {
			"general.architecture": "kimi-linear",
			"kimi-linear.block_count": 27,
			"kimi-linear.embedding_length": 2304,
			"kimi-linear.attention.head_count": 32,
			"kimi-linear.attention.head_count_kv": kv,
			"kimi-linear.attention.kv_lora_rank": 512,
			"kimi-linear.attention.key_length_mla": 192,
			"kimi-linear.attention.value_length_mla": 128,
			"kimi-linear.rope.dimension_count": 64,
			"kimi-linear.ssm.conv_kernel": 4,
			"kimi-linear.vocab_size": 163840,
		};
		for (const m of [modelOf({ ...base, "kimi-linear.kda.head_dim": 128 }), modelOf({ ...base, "kimi-linear.ssm.state_size": 128 })]) {
			expect(m.attention.linear).toEqual({ kind: "kda", convKernel: 4, numKeyHeads: 32, numValueHeads: 32, keyHeadDim: 128, valueHeadDim: 128 });
			const state = (3 * 3 * 32 * 128 + 128 * 128 * 32) * 4;
			expect(kvCacheDetail(m, opts).bytes).toBe(7 * 576 * 2 * 4096 + 20 * state);
		}
		expect(() => modelOf(base)).toThrow(/kda.head_dim/);
	});
});
