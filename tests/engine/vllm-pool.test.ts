/**
 * vLLM's KV pool against its own log lines (tests/engine/fixtures/vllm-kv-pool.csv, a copy of
 * ../shared/reference/vllm-kv-pool.csv): tokens in the pool and maximum concurrency, and the aggregate
 * decode throughput of a batch (an estimate: more than one sequence, less than N × one).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { estimate } from "../../src/engine/estimate.js";
import { vllmActivationBytes, vllmBatchDefaults, vllmProfileSequences, vllmProfileTokens } from "../../src/engine/vllm.js";
import { vllmVisibleBytes } from "../../src/engine/budget.js";
import type { EstimateRequest } from "../../src/engine/types.js";

const cat = loadCatalog();
const GiB = 1024 ** 3;

function vllmReq(
	model: string,
	quant: string,
	device: string,
	count: number,
	ctx: number,
	util: number,
	extra: Partial<EstimateRequest> = {},
): EstimateRequest {
	const m = cat.modelById.get(model);
	const q = cat.quantById.get(quant);
	const d = cat.deviceById.get(device);
	if (m === undefined || q === undefined || d === undefined) throw new Error(`missing ${model} ${quant} ${device}`);
	return {
		model: m,
		quant: q,
		contextTokens: ctx,
		kvCacheType: "f16",
		runtime: "vllm",
		hardware: { devices: [{ device: d, count }], systemMemoryBytes: null },
		ubatch: 512,
		flashAttention: "auto",
		parallel: 1,
		gpuMemoryUtilization: util,
		...extra,
	};
}

const csv = readFileSync(join(import.meta.dirname, "fixtures/vllm-kv-pool.csv"), "utf8");

describe("vLLM KV pool against vllm#10517 (Llama-3.1-8B bf16, RTX 3090, utilisation 0.90)", () => {
	// rows 1–2 of the fixture: 1952 blocks × 16 = 31,232 tokens at max_model_len 20000 (3.81 GiB);
	// 23,648 tokens at 29000 (2.89 GiB): the profile peak grows with max_model_len
	const rows = [
		{ ctx: 20000, tokens: 1952 * 16, gib: 3.81, concurrency: 1.56 },
		{ ctx: 29000, tokens: 23648, gib: 2.89, concurrency: 0.82 },
	];
	it("the fixture still says so", () => {
		expect(csv).toContain("# GPU blocks: 1952 (block size 16)");
		expect(csv).toContain("29000 > 23648 tokens in KV cache");
	});
	for (const r of rows) {
		it(`max_model_len ${r.ctx}: pool within 10 % in tokens and GiB, concurrency as printed`, () => {
			const e = estimate(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, r.ctx, 0.9));
			const pool = e.vllm;
			expect(pool).toBeTruthy();
			if (pool === null || pool === undefined) return;
			expect(Math.abs(pool.kvPoolTokens / r.tokens - 1)).toBeLessThan(0.1);
			expect(Math.abs(pool.kvPoolBytesPerGpu / GiB / r.gib - 1)).toBeLessThan(0.1);
			expect(Math.abs(pool.maxConcurrentSequences / r.concurrency - 1)).toBeLessThan(0.1);
			expect(pool.kvPoolTokens % 16).toBe(0);
		});
	}
	it("a higher utilisation gives a bigger pool by exactly the extra share of the visible memory", () => {
		const a = estimate(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, 8192, 0.9)).vllm;
		const b = estimate(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, 8192, 0.95)).vllm;
		if (!a || !b) throw new Error("no pool");
		const extra = (b.kvPoolBytesPerGpu - a.kvPoolBytesPerGpu) / GiB;
		expect(extra).toBeGreaterThan(0.05 * 23.5);
		expect(extra).toBeLessThan(0.05 * 24.01);
	});
	it("the profile run uses --max-num-batched-tokens when given, the whole context up to 32K, else the GPU's default", () => {
		const m = cat.modelById.get("llama-3.1-8b-instruct");
		if (m === undefined) throw new Error("model");
		expect(vllmProfileTokens(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, 20000, 0.9))).toBe(20000);
		// vllm serve: 2048 below 70 GiB, 8192 on an H100 (arg_utils.py get_batch_defaults)
		expect(vllmProfileTokens(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, 131072, 0.9))).toBe(2048);
		expect(vllmProfileTokens(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 131072, 0.9))).toBe(8192);
		expect(vllmProfileTokens(vllmReq("llama-3.1-8b-instruct", "BF16", "a100-sxm-80gb", 1, 131072, 0.9))).toBe(2048);
		expect(vllmProfileTokens(vllmReq("llama-3.1-8b-instruct", "BF16", "rtx-3090", 1, 131072, 0.9, { maxNumBatchedTokens: 1024 }))).toBe(1024);
		// the log's two peaks differ by 0.92 GiB for 9000 tokens
		const slope = (vllmActivationBytes(m, 29000, 1) - vllmActivationBytes(m, 20000, 1)) / GiB;
		expect(slope).toBeGreaterThan(0.85);
		expect(slope).toBeLessThan(0.99);
	});
});

describe("aggregate decode of concurrent sequences (estimate)", () => {
	it("grows with the batch but less than linearly, and is labelled", () => {
		const one = estimate(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 4096, 0.9, { parallel: 1 }));
		const many = estimate(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 4096, 0.9, { parallel: 32 }));
		const single = one.speed?.decodeTokensPerSecond ?? 0;
		const agg = many.vllm?.aggregateDecodeTokensPerSecond ?? 0;
		expect(many.vllm?.concurrentSequences).toBe(32);
		expect(agg).toBeGreaterThan(5 * single);
		expect(agg).toBeLessThan(32 * single);
		expect(many.assumptions.some((a) => a.includes("is an estimate"))).toBe(true);
	});
});

describe("vLLM's start-up profile and weights against logs outside the pool rows", () => {
	const model = (id: string) => {
		const m = cat.modelById.get(id);
		if (m === undefined) throw new Error(id);
		return m;
	};
	it("gpt-oss-120b on one H100 at 0.95 with 1024 batched tokens (vllm#27508): 1.71 GiB of KV within 10 %, and it cannot start at 131,072", () => {
		const e = estimate(vllmReq("gpt-oss-120b", "MXFP4", "h100-sxm", 1, 131072, 0.95, { maxNumBatchedTokens: 1024 }));
		expect(Math.abs((e.vllm?.kvPoolBytesPerGpu ?? 0) / GiB / 1.71 - 1)).toBeLessThan(0.1);
		expect(e.fit?.verdict).toBe("no");
	});
	it("gpt-oss-120b at vLLM's defaults on one H100 has no KV cache left (vllm#23278: -2.14 GiB)", () => {
		const e = estimate(vllmReq("gpt-oss-120b", "MXFP4", "h100-sxm", 1, 4096, 0.9));
		const left = ((e.fit?.devices[0]?.capacityBytes ?? 0) - (e.fit?.devices[0]?.overheadBytes ?? 0) - e.memory.weightsBytes - e.memory.computeBytes) / GiB;
		expect(left).toBeLessThan(0);
		expect(left).toBeGreaterThan(-2.14 * 1.5);
		// --max-num-seqs 256 starts it
		expect(estimate(vllmReq("gpt-oss-120b", "MXFP4", "h100-sxm", 1, 4096, 0.9, { maxNumSeqs: 256 })).fit?.verdict).toBe("fits");
	});
	it("MXFP4 experts as the Marlin MoE kernel pads them: gpt-oss-120b within 1 % of 'Model loading took 65.9651 GiB' (vllm#23278)", () => {
		const e = estimate(vllmReq("gpt-oss-120b", "MXFP4", "h100-sxm", 1, 4096, 0.9));
		expect(Math.abs(e.memory.weightsBytes / GiB / 65.9651 - 1)).toBeLessThan(0.01);
		// and more than the GGUF's bytes of the same weights: vLLM's layout is not llama.cpp's
		expect(e.memory.weightsBytes).toBeGreaterThan(e.memory.fileBytes);
	});
	it("gemma-3-4b on a B200, 16,384 tokens and 1024 sequences (vllm PR #21489: '9.96 GiB for peak activation') within 10 %", () => {
		const peak = vllmActivationBytes(model("gemma-3-4b-it"), 16384, 1, 1024) / GiB;
		expect(Math.abs(peak / 9.96 - 1)).toBeLessThan(0.1);
	});
	it("the forward pass and the sampler do not add: the larger of the two is the peak", () => {
		const m = model("llama-3.1-8b-instruct");
		const forward = vllmActivationBytes(m, 20000, 1, 0);
		const sampler = vllmActivationBytes(m, 1, 1, 256);
		expect(vllmActivationBytes(m, 20000, 1, 256)).toBe(Math.max(forward, sampler));
		expect(forward).toBeGreaterThan(sampler);
	});
	it("max_num_seqs: asked, else the GPU's default (1024 on ≥ 70 GiB but not an A100, else 256), capped by the batched tokens", () => {
		const d = (id: string) => cat.deviceById.get(id);
		expect(vllmBatchDefaults(d("h100-sxm")).seqs).toBe(1024);
		expect(vllmBatchDefaults(d("a100-sxm-80gb")).seqs).toBe(256);
		expect(vllmBatchDefaults(d("rtx-3090")).seqs).toBe(256);
		expect(vllmProfileSequences(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 65536, 0.9))).toBe(1024);
		expect(vllmProfileSequences(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 65536, 0.9, { maxNumSeqs: 64 }))).toBe(64);
		expect(vllmProfileSequences(vllmReq("llama-3.1-8b-instruct", "BF16", "h100-sxm", 1, 65536, 0.9, { maxNumBatchedTokens: 512 }))).toBe(512);
	});
	it("the total vLLM sees: 23.58 GiB for a 24 GiB 3090 (vllm#10517), ≈ 79.2 GiB for an 80 GB H100", () => {
		const g = (id: string) => {
			const x = cat.deviceById.get(id);
			if (x === undefined) throw new Error(id);
			return vllmVisibleBytes(x) / GiB;
		};
		expect(g("rtx-3090")).toBeCloseTo(23.58, 1);
		expect(g("h100-sxm")).toBeCloseTo(79.2, 1);
	});
});
