import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HUB_TIMEOUT_MS } from "../../commands/lib/model-step.js";
import { ModelSchema } from "../../src/catalog/schema.js";
import { kvCacheBytes } from "../../src/engine/kvCache.js";
import { clearHubCache, HubError, type HubErrorCode, resolveHubModel } from "../../src/hub/index.js";
import { ggmlTensorBytes, ggmlTypeFromName } from "../../src/engine/ggml.js";
import { tinyLlamaGguf, writeGguf } from "../fakes/hub-gguf-writer.js";
import { elementCount, llamaTensors, type SafetensorSpec, writeSafetensors } from "../fakes/hub-safetensors.js";
import { pointHubAt } from "../fakes/hub-env.js";
import { type FakeHub, startFakeHub } from "../fakes/hub-server.js";
import { TINY_LLAMA, TINY_LLAMA_CONFIG, TINY_LLAMA_TENSORS, tinyLlamaFiles } from "../fakes/hub-llama.js";

/** The lookup deadline these tests give: the chat budget the commands give. */
const TIMEOUT_MS = HUB_TIMEOUT_MS;
const TOKEN = "hf_test_token_do_not_log";

// a small MoE VLM: text in text_config, a vision tower next to it
const MOE_TEXT = { layers: 2, hidden: 64, heads: 4, kvHeads: 4, headDim: 16, ff: 0, vocab: 128, tied: true, experts: { count: 4, ff: 32 } };
const MOE_CONFIG = {
	architectures: ["FooMoeForConditionalGeneration"],
	model_type: "qwen3_vl_moe",
	text_config: {
		model_type: "qwen3_moe",
		num_hidden_layers: 2,
		hidden_size: 64,
		num_attention_heads: 4,
		num_key_value_heads: 4,
		head_dim: 16,
		intermediate_size: 256,
		moe_intermediate_size: 32,
		num_experts: 4,
		num_experts_per_tok: 1,
		vocab_size: 128,
		max_position_embeddings: 4096,
		tie_word_embeddings: true,
		torch_dtype: "bfloat16",
	},
};
const VISION: SafetensorSpec[] = [
	{ name: "model.visual.patch_embed.proj.weight", dtype: "BF16", shape: [64, 3, 14, 14] },
	{ name: "model.visual.blocks.0.attn.qkv.weight", dtype: "BF16", shape: [192, 64] },
];
const MOE_TENSORS = llamaTensors(MOE_TEXT);

function shardedFiles(): Record<string, Uint8Array | string> {
	const half = Math.floor(TINY_LLAMA_TENSORS.length / 2);
	const a = TINY_LLAMA_TENSORS.slice(0, half);
	const b = TINY_LLAMA_TENSORS.slice(half);
	const weightMap: Record<string, string> = {};
	for (const t of a) weightMap[t.name] = "model-00001-of-00002.safetensors";
	for (const t of b) weightMap[t.name] = "model-00002-of-00002.safetensors";
	return {
		"config.json": JSON.stringify(TINY_LLAMA_CONFIG),
		"model.safetensors.index.json": JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
		"model-00001-of-00002.safetensors": writeSafetensors(a),
		"model-00002-of-00002.safetensors": writeSafetensors(b),
	};
}

const tinyGguf = tinyLlamaGguf();
const tinyGgufQ8 = tinyLlamaGguf({ fileType: 7 });

/** gguf-split layout: the first shard holds the metadata and some tensors, the second the rest. */
function splitGguf(): { first: Buffer; second: Buffer } {
	const full = tinyLlamaGguf();
	const cut = Math.floor(full.tensors.length / 2);
	const meta = {
		"general.architecture": { type: "string", value: "llama" },
		"general.file_type": { type: "u32", value: 15 },
		"llama.block_count": { type: "u32", value: 2 },
		"llama.context_length": { type: "u32", value: 8192 },
		"llama.embedding_length": { type: "u32", value: 256 },
		"llama.feed_forward_length": { type: "u32", value: 512 },
		"llama.attention.head_count": { type: "u32", value: 4 },
		"llama.attention.head_count_kv": { type: "u32", value: 2 },
		"split.no": { type: "u32", value: 0 },
		"split.count": { type: "u32", value: 2 },
	} as const;
	return {
		first: writeGguf(meta, full.tensors.slice(0, cut)),
		second: writeGguf({ "split.no": { type: "u32", value: 1 }, "split.count": { type: "u32", value: 2 } }, full.tensors.slice(cut)),
	};
}
const split = splitGguf();

/** GGUF preamble with a hostile count; the rest is whatever follows. */
function preamble(tensors: bigint, kvs: bigint): Buffer {
	const b = Buffer.alloc(24);
	b.write("GGUF", 0, "ascii");
	b.writeUInt32LE(3, 4);
	b.writeBigUInt64LE(tensors, 8);
	b.writeBigUInt64LE(kvs, 16);
	return b;
}
function hostileStringGguf(): Buffer {
	// one KV whose key claims 9 MB (under the parser's 10 MB cap) in a 60-byte file
	const len = Buffer.alloc(8);
	len.writeBigUInt64LE(9_000_000n);
	return Buffer.concat([preamble(1n, 1n), len, Buffer.from("general.architecture")]);
}
function unknownTypeGguf(): Buffer {
	return writeGguf({ "general.architecture": { type: "string", value: "llama" } }, [{ name: "token_embd.weight", type: 0, shape: [8, 8] }]).fill(0, 0, 0);
}

let hub: FakeHub;

beforeAll(async () => {
	const unknownType = unknownTypeGguf();
	// patch the tensor's ggml type (u32 right after its dims) to 99
	const typeOffset = unknownType.indexOf(Buffer.from("token_embd.weight")) + "token_embd.weight".length + 4 + 16;
	unknownType.writeUInt32LE(99, typeOffset);
	hub = await startFakeHub(
		{
			"acme/tiny-llama": {
				files: { "config.json": JSON.stringify(TINY_LLAMA_CONFIG), "model.safetensors": writeSafetensors(TINY_LLAMA_TENSORS), "README.md": "# tiny" },
				api: { cardData: { license: "mit" } },
			},
			"acme/tiny-sharded": { files: shardedFiles() },
			"acme/tiny-moe-vl": { files: { "config.json": JSON.stringify(MOE_CONFIG), "model.safetensors": writeSafetensors([...MOE_TENSORS, ...VISION]) } },
			"acme/no-weights": { files: { "config.json": JSON.stringify(TINY_LLAMA_CONFIG) } },
			"acme/bad-weights": {
				files: { "config.json": JSON.stringify(TINY_LLAMA_CONFIG), "model.safetensors": "\u0005\u0000\u0000\u0000\u0000\u0000\u0000\u0000{bad}" },
			},
			"acme/tiny-GGUF": { files: { "tiny-Q4_K_M.gguf": tinyGguf.bytes, "tiny-Q8_0.gguf": tinyGgufQ8.bytes, "README.md": "x" } },
			"acme/split-GGUF": { files: { "tiny-Q4_K_M-00001-of-00002.gguf": split.first, "tiny-Q4_K_M-00002-of-00002.gguf": split.second } },
			"acme/gated": { access: "gated", files: tinyLlamaFiles() },
			"acme/private": { access: "private", files: { "config.json": JSON.stringify(TINY_LLAMA_CONFIG) } },
			"acme/slow": { delayMs: 1_500, files: { "config.json": JSON.stringify(TINY_LLAMA_CONFIG) } },
			"acme/bert": {
				files: {
					"config.json": JSON.stringify({
						architectures: ["BertForMaskedLM"],
						model_type: "bert",
						hidden_size: 768,
						num_attention_heads: 12,
						num_hidden_layers: 12,
					}),
				},
			},
			"acme/broken": {
				files: {
					"config.json": "{ not json",
					"truncated.gguf": tinyGguf.bytes.subarray(0, Math.floor(tinyGguf.bytes.byteLength * 0.6)),
					"header-cut.gguf": tinyGguf.bytes.subarray(0, 300),
					"many-tensors.gguf": Buffer.concat([preamble(1n << 40n, 0n), Buffer.alloc(64)]),
					"many-kvs.gguf": Buffer.concat([preamble(0n, 1n << 50n), Buffer.alloc(64)]),
					"huge-string.gguf": hostileStringGguf(),
					"not-a.gguf": "<html>this is not a gguf</html>",
					"unknown-type.gguf": unknownType,
					"bad-safetensors.safetensors": "x",
				},
			},
		},
		{ token: TOKEN },
	);
});

afterAll(async () => {
	await hub.close();
});

beforeEach(() => {
	clearHubCache();
	hub.requests.length = 0;
});

async function failure(ref: string, opts: Partial<Parameters<typeof resolveHubModel>[1]> = {}): Promise<HubError> {
	try {
		await resolveHubModel(ref, { endpoint: hub.url, timeoutMs: TIMEOUT_MS, ...opts });
	} catch (error) {
		expect(error).toBeInstanceOf(HubError);
		return error as HubError;
	}
	throw new Error(`${ref} resolved, but a failure was expected`);
}

describe("config.json + safetensors", () => {
	it("reports the exact parameter count and a KV cache that follows from the config", async () => {
		const r = await resolveHubModel("acme/tiny-llama", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(ModelSchema.parse(r.model)).toEqual(r.model);
		expect(r.paramsFrom).toBe("safetensors");
		expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
		expect(r.model.activeParams).toBe(r.model.totalParams);
		expect(r.model.attention).toMatchObject({ heads: 4, kvHeads: 2, headDim: 32, valueHeadDim: 32 });
		expect(r.model.contextLength).toBe(16384);
		expect(r.model.license).toBe("mit");
		expect(r.tensors).toBeNull();
		expect(r.assumed).not.toContainEqual(expect.stringContaining("head_dim"));
		// K and V: layers × kv_heads × head_dim × 2 bytes (f16) per token
		const perToken = 2 * TINY_LLAMA.layers * TINY_LLAMA.kvHeads * TINY_LLAMA.headDim * 2;
		const kv = kvCacheBytes(r.model, { contextTokens: 4096, kvCacheType: "f16", runtime: "llama.cpp", ubatch: 512, parallel: 1, flashAttention: true });
		expect(kv).toBe(perToken * 4096);
	});

	it("names its sources: repo, resolved commit, files", async () => {
		const r = await resolveHubModel("https://huggingface.co/acme/tiny-llama", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.source).toEqual({ repo: "acme/tiny-llama", revision: "0123456789abcdef0123456789abcdef01234567", file: null, endpoint: hub.url });
		expect(r.model.source.join("\n")).toMatch(/acme\/tiny-llama@0123456789abcdef0123456789abcdef01234567:config\.json/);
		expect(r.model.source.join("\n")).toMatch(/model\.safetensors \(safetensors header\)/);
		// every file read is pinned to the commit the API resolved
		const fileReads = hub.requests.filter((q) => !q.url.startsWith("/api/"));
		expect(fileReads.every((q) => q.url.includes("/0123456789abcdef0123456789abcdef01234567/"))).toBe(true);
	});

	it("sums a sharded checkpoint through its index", async () => {
		const r = await resolveHubModel("acme/tiny-sharded", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
		expect(r.model.source.join("\n")).toMatch(/model-00002-of-00002\.safetensors/);
	});

	it("splits a MoE VLM into vision, routed experts and active parameters", async () => {
		const r = await resolveHubModel("acme/tiny-moe-vl", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		const vision = elementCount(VISION);
		const routed = MOE_TEXT.layers * MOE_TEXT.experts.count * 3 * MOE_TEXT.hidden * MOE_TEXT.experts.ff;
		expect(r.model.totalParams).toBe(elementCount(MOE_TENSORS) + vision);
		expect(r.model.visionParams).toBe(vision);
		// one of four experts per token
		expect(r.model.activeParams).toBe(elementCount(MOE_TENSORS) - (routed * 3) / 4);
		expect(r.model.moe).toMatchObject({ experts: 4, activeExperts: 1, expertIntermediateSize: 32 });
		expect(r.model.ffn.intermediateSize).toBe(0);
	});

	it("computes the count from config.json when there is no checkpoint, and says so", async () => {
		const r = await resolveHubModel("acme/no-weights", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.paramsFrom).toBe("config-estimate");
		expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
		expect(r.assumed).toContainEqual(expect.stringContaining("parameter count computed from config.json"));
	});

	it("reads a single checkpoint in four requests: API, config.json, header length, header", async () => {
		await resolveHubModel("acme/tiny-llama", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(hub.requests.map((q) => `${q.method} ${q.url.split("?")[0]?.split("/").pop()} ${q.range ?? ""}`.trim())).toEqual([
			"GET HEAD",
			"GET config.json",
			expect.stringMatching(/^GET model\.safetensors bytes=0-7$/),
			expect.stringMatching(/^GET model\.safetensors bytes=8-\d+$/),
		]);
	});

	it("falls back to config.json (and says why) when the safetensors header is broken", async () => {
		const r = await resolveHubModel("acme/bad-weights", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.paramsFrom).toBe("config-estimate");
		expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
		expect(r.assumed).toContainEqual(expect.stringContaining("the safetensors header could not be read"));
	});

	it("still resolves against a plain file mirror (no model API, no ETag, Range ignored)", async () => {
		const mirror = await startFakeHub({ "acme/tiny-llama": { files: tinyLlamaFiles() } }, { noApi: true, noEtag: true, ignoreRange: true });
		try {
			const r = await resolveHubModel("acme/tiny-llama", { endpoint: mirror.url, timeoutMs: TIMEOUT_MS });
			expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
			expect(r.paramsFrom).toBe("safetensors");
			expect(r.source.revision).toBe("main");
		} finally {
			await mirror.close();
		}
	});
});

describe("GGUF", () => {
	it("reads every tensor's type and shape and the architecture keys", async () => {
		const r = await resolveHubModel("acme/tiny-GGUF/tiny-Q4_K_M.gguf", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.ggufFileType).toBe("Q4_K_M");
		expect(r.tensors).toHaveLength(tinyGguf.tensors.length);
		expect(r.tensors?.find((t) => t.name === "output.weight")).toEqual({ name: "output.weight", type: "q6_K", shape: [256, 320] });
		expect(r.tensors?.find((t) => t.name === "blk.0.attn_q.weight")?.type).toBe("q4_K");
		const elements = tinyGguf.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
		expect(r.model.totalParams).toBe(elements);
		expect(r.model.attention).toMatchObject({ heads: 4, kvHeads: 2, headDim: 64 });
		expect(r.model).toMatchObject({ layers: 2, hiddenSize: 256, vocabSize: 320, contextLength: 8192, tiedEmbeddings: false });
		expect(r.model.ollamaTags).toEqual(["hf.co/acme/tiny-GGUF:Q4_K_M"]);
		expect(r.fileBytes).toBe(tinyGguf.bytes.byteLength);
		// exact tensor bytes: what the engine sums instead of simulating the mix
		const bytes = (r.tensors ?? []).reduce((a, t) => {
			const type = ggmlTypeFromName(t.type);
			return (
				a +
				(type !== null
					? ggmlTensorBytes(
							type,
							t.shape[0] ?? 1,
							t.shape.reduce((x, y) => x * y, 1),
						)
					: 0)
			);
		}, 0);
		expect(bytes).toBeGreaterThan(0);
		expect(bytes).toBeLessThan(tinyGguf.bytes.byteLength);
		// one range request for a header this small
		expect(hub.requests.filter((q) => q.url.endsWith(".gguf"))).toHaveLength(1);
		expect(hub.requests.find((q) => q.url.endsWith(".gguf"))?.range).toMatch(/^bytes=0-/);
	});

	it("reads every shard of a split GGUF", async () => {
		const r = await resolveHubModel("hf.co/acme/split-GGUF:Q4_K_M", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.source.file).toBe("tiny-Q4_K_M-00001-of-00002.gguf");
		expect(r.tensors).toHaveLength(tinyGguf.tensors.length);
		expect(r.fileBytes).toBe(split.first.byteLength + split.second.byteLength);
		expect(r.model.source.join("\n")).toMatch(/00002-of-00002\.gguf \(GGUF header\)/);
		expect(r.assumed).toContainEqual(expect.stringContaining("head_dim = embedding_length / head_count = 64"));
	});

	it("picks the GGUF an Ollama-style tag names", async () => {
		const r = await resolveHubModel("hf.co/acme/tiny-GGUF:Q8_0", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(r.source.file).toBe("tiny-Q8_0.gguf");
		expect(r.ggufFileType).toBe("Q8_0");
	});

	it("picks the asked quant's GGUF in a GGUF-only repo, and says which file it read", async () => {
		const r = await resolveHubModel("acme/tiny-GGUF", { endpoint: hub.url, timeoutMs: TIMEOUT_MS, quant: "q8_0" });
		expect(r.source.file).toBe("tiny-Q8_0.gguf");
		expect(r.assumed).toContainEqual(expect.stringContaining("read tiny-Q8_0.gguf"));
	});

	it("lists the quants it has when the tag names none of them", async () => {
		const e = await failure("hf.co/acme/tiny-GGUF:IQ2_XXS");
		expect(e.code).toBe("not_found");
		expect(e.message).toMatch(/Q4_K_M/);
	});

	it.each<[string, HubErrorCode]>([
		["acme/broken/truncated.gguf", "malformed"],
		["acme/broken/header-cut.gguf", "malformed"],
		["acme/broken/many-tensors.gguf", "too_large"],
		["acme/broken/many-kvs.gguf", "too_large"],
		["acme/broken/huge-string.gguf", "malformed"],
		["acme/broken/not-a.gguf", "malformed"],
		["acme/broken/unknown-type.gguf", "malformed"],
		["acme/broken/missing.gguf", "not_found"],
	])("%s → %s, quickly and without a crash", async (ref, code) => {
		const started = Date.now();
		const e = await failure(ref, { timeoutMs: 5_000 });
		expect(e.code).toBe(code);
		expect(e.message).not.toMatch(/\n/);
		expect(Date.now() - started).toBeLessThan(2_000);
	});
});

describe("failures", () => {
	it("404: a repo that does not exist", async () => {
		const e = await failure("acme/does-not-exist");
		expect(e.code).toBe("not_found");
		expect(e.message).toMatch(/acme\/does-not-exist/);
	});

	it("401/403: a gated repo without / with an accepted token", async () => {
		expect((await failure("acme/gated")).code).toBe("gated");
		expect((await failure("acme/gated", { token: "hf_not_accepted" })).code).toBe("gated");
		const r = await resolveHubModel("acme/gated", { endpoint: hub.url, timeoutMs: TIMEOUT_MS, token: TOKEN });
		expect(r.model.totalParams).toBe(elementCount(TINY_LLAMA_TENSORS));
	});

	it("401/403: a private repo is unauthorized or not found, and the token never shows", async () => {
		const e = await failure("acme/private", { token: "hf_wrong_secret" });
		expect(["unauthorized", "not_found"]).toContain(e.code);
		expect(e.message).not.toContain("hf_wrong_secret");
		const ok = await resolveHubModel("acme/private", { endpoint: hub.url, timeoutMs: TIMEOUT_MS, token: TOKEN });
		expect(ok.model.hfRepo).toBe("acme/private");
		expect(JSON.stringify(ok)).not.toContain(TOKEN);
	});

	it("sends the token to the Hub's origin only", async () => {
		await resolveHubModel("acme/gated", { endpoint: hub.url, timeoutMs: TIMEOUT_MS, token: TOKEN });
		expect(hub.requests.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);
	});

	it("times out within the deadline on a slow Hub", async () => {
		const started = Date.now();
		const e = await failure("acme/slow", { timeoutMs: 300 });
		expect(e.code).toBe("timeout");
		expect(Date.now() - started).toBeLessThan(1_000);
	});

	it("stops when the caller cancels", async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const e = await failure("acme/slow", { signal: controller.signal, timeoutMs: 5_000 });
		expect(e.code).toBe("timeout");
	});

	it("refuses what it cannot size: an encoder, a broken config", async () => {
		expect((await failure("acme/bert")).code).toBe("unsupported_architecture");
		expect((await failure("acme/broken")).code).toBe("malformed");
	});

	it("refuses text that is not a Hub ref", async () => {
		expect((await failure("qwen3 32b")).code).toBe("not_found");
	});
});

describe("cache", () => {
	it("answers a repeat from the cache, without requests", async () => {
		await resolveHubModel("acme/tiny-llama", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		const made = hub.requests.length;
		expect(made).toBeGreaterThan(0);
		await resolveHubModel("acme/tiny-llama", { endpoint: hub.url, timeoutMs: TIMEOUT_MS });
		expect(hub.requests.length).toBe(made);
	});

	it("shares one lookup between concurrent asks", async () => {
		const [a, b] = await Promise.all([
			resolveHubModel("acme/tiny-sharded", { endpoint: hub.url, timeoutMs: TIMEOUT_MS }),
			resolveHubModel("acme/tiny-sharded", { endpoint: hub.url, timeoutMs: TIMEOUT_MS }),
		]);
		expect(a).toBe(b);
		expect(hub.requests.filter((q) => q.url.startsWith("/api/"))).toHaveLength(1);
	});

	it("remembers a 404 briefly, per token", async () => {
		await failure("acme/nope");
		const made = hub.requests.length;
		expect((await failure("acme/nope")).code).toBe("not_found");
		expect(hub.requests.length).toBe(made);
		await failure("acme/nope", { token: TOKEN });
		expect(hub.requests.length).toBeGreaterThan(made);
	});

	it("does not remember a timeout", async () => {
		await failure("acme/slow", { timeoutMs: 200 });
		const made = hub.requests.length;
		await failure("acme/slow", { timeoutMs: 200 });
		expect(hub.requests.length).toBeGreaterThan(made);
	});
});

describe("HF_ENDPOINT and HF_TOKEN", () => {
	it("uses them as defaults", async () => {
		const restore = pointHubAt(hub.url, TOKEN);
		try {
			const r = await resolveHubModel("acme/gated", { timeoutMs: TIMEOUT_MS });
			expect(r.source.endpoint).toBe(hub.url);
		} finally {
			restore();
		}
	});
});
