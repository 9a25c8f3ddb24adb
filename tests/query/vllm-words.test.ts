/**
 * vLLM engine arguments typed as words (the reference's vllm-kv-pool.csv queries carry them):
 * gpu_memory_utilization and max_num_batched_tokens size vLLM's KV pool, so they reach the estimate
 * instead of landing in `ignored` or in the model words; max_model_len is the context.
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { buildRequest } from "../../commands/lib/request.js";
import { getCatalog } from "../../src/catalog/index.js";
import { estimate } from "../../src/engine/estimate.js";
import { parseQueryText } from "../../src/query/parse.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);

function parsed(text: string) {
	const r = parse(text);
	if (!r.ok) throw new Error(r.error.message);
	return r.query;
}

describe("vLLM flag words", () => {
	it.each([
		["llama 3.1 8b bf16 rtx 3090 vllm ctx=20000 gpu_memory_utilization=0.90", 0.9, undefined, 20000],
		["gpt-oss-120b mxfp4 h100 80gb vllm ctx=131072 gpu_memory_utilization=0.95 max_num_batched_tokens=1024", 0.95, 1024, 131072],
		["qwen3 32b awq 2x 4090 vllm gpu-memory-utilization=0.8 max-model-len=32768", 0.8, undefined, 32768],
		["qwen3 8b h100 vllm --gpu-memory-utilization 0.85 --max-num-batched-tokens 8192", 0.85, 8192, null],
	])("%s", (text, util, batched, ctx) => {
		const q = parsed(text);
		expect(q.ignored).toEqual([]);
		expect(q.gpuMemoryUtilization).toBe(util);
		expect(q.maxNumBatchedTokens).toBe(batched);
		if (ctx !== null) expect(q.contextTokens).toBe(ctx);
	});
	it.each([
		["gpt-oss-120b h100 vllm max_num_seqs=128", 128],
		["gpt-oss-120b h100 vllm max-num-seqs=64 kv_cache_dtype=auto", 64],
		["gpt-oss-120b h100 vllm --max-num-seqs 32", 32],
	])("%s: max_num_seqs is a setting (the sampler of vLLM's start-up profile)", (text, seqs) => {
		const q = parsed(text);
		expect(q.ignored).toEqual([]);
		expect(q.maxNumSeqs).toBe(seqs);
		const model = q.model?.model;
		if (model === undefined) throw new Error("parse");
		const quant = services.quants.find((x) => x.id === "MXFP4");
		if (quant === undefined) throw new Error("quant");
		const req = buildRequest(q, services.defaults, model, quant, q.hardware);
		expect(req.maxNumSeqs).toBe(seqs);
		// fewer sequences, a smaller profile peak than vLLM's 1024 default on an H100
		const fewer = estimate(req).memory.computeBytes;
		const def = estimate({ ...req, maxNumSeqs: undefined }).memory.computeBytes;
		expect(fewer).toBeLessThan(def);
	});
	it.each(["max_num_seqs=0", "max_num_seqs=abc", "max_num_seqs=99999999"])("%s is refused with a friendly message", (word) => {
		const r = parse(`llama 3.1 8b 4090 vllm ${word}`);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/max_num_seqs/);
	});
	it("kv_cache_dtype=auto is vLLM's default cache (16-bit), not an unknown KV type", () => {
		const q = parsed("llama 3.1 8b bf16 rtx 3090 vllm ctx=29000 kv_cache_dtype=auto");
		expect(q.kvCacheType).toBe("f16");
		expect(q.ignored).toEqual([]);
	});
	it("the flag words are not taken for model words (a model the catalog lacks is asked about by its own words)", () => {
		const r = parse("kimi linear 48b a3b awq 2x rtx 3090 vllm ctx=120000 gpu_memory_utilization=0.95");
		if (r.ok) expect(r.query.ignored).not.toContain("gpu_memory_utilization=0.95");
		else expect(r.error.message).not.toContain("gpu_memory_utilization");
	});
	it.each([
		"gpu_memory_utilization=1.5",
		"gpu_memory_utilization=0",
		"gpu_memory_utilization=abc",
		"gpu_memory_utilization=-0.9",
		"max_num_batched_tokens=0",
		"max_num_batched_tokens=1e9",
	])("%s is refused with a friendly message", (word) => {
		const r = parse(`llama 3.1 8b 4090 vllm ${word}`);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/gpu_memory_utilization|max_num_batched_tokens/);
	});
	it("the typed utilisation sizes the pool: 0.95 gives more KV than vLLM's default 0.9 on the same card", () => {
		const at = (text: string) => {
			const q = parsed(text);
			const model = q.model?.model;
			const quant = q.quant;
			if (model === undefined || quant === null) throw new Error("parse");
			return estimate(buildRequest(q, services.defaults, model, quant, q.hardware)).vllm;
		};
		const def = at("llama 3.1 8b bf16 rtx 3090 vllm ctx=8192 kv=f16");
		const more = at("llama 3.1 8b bf16 rtx 3090 vllm ctx=8192 kv=f16 gpu_memory_utilization=0.95");
		if (!def || !more) throw new Error("no pool");
		// 5 % of the 3090's 24 GiB is ≈ 1.2 GiB more pool, ≈ 9,400 more tokens of 128 KiB
		expect(more.kvPoolBytesPerGpu - def.kvPoolBytesPerGpu).toBeGreaterThan(1.1 * 2 ** 30);
		expect(more.kvPoolTokens).toBeGreaterThan(def.kvPoolTokens + 8000);
	});
});
