/**
 * Issue 17, deliverable 5: each row of ../shared/reference/vllm-kv-pool.csv (copy in
 * tests/engine/fixtures/) asked as its `query` column says, read the way the external checks read it —
 * `fit.maxContextTokens` against vLLM's pool in tokens, the "KV pool N MiB per GPU" assumption against
 * its "Available KV cache memory" — within 10 %; and the verdict vLLM reached (started or failed). With
 * no KV type named the answer is about vLLM's default cache; fp8 is the offered fix, and asked for, it
 * is the fp8 pool.
 */
import { describe, expect, it } from "vitest";
import { askCanirun as ask, type Json } from "./cli-json.js";

/** The pool in GiB per GPU from the answer's assumptions, as the checks read it. */
function poolGib(j: Json): number {
	const m = (j.assumptions as string[]).map((s) => /KV pool (\d+) MiB per GPU/.exec(s)?.[1]).find((x) => x !== undefined);
	expect(m).toBeDefined();
	return Number(m) / 1024;
}

const within = (ours: number, logged: number) => Math.abs(ours / logged - 1);

describe("vLLM reference rows through canirun --json", () => {
	it("Llama-3.1-8B bf16, RTX 3090, max_model_len 20000, 0.90 (vllm#10517): 1952 blocks × 16 = 31,232 tokens, 3.81 GiB, starts", async () => {
		const j = await ask("canirun llama 3.1 8b bf16 rtx 3090 vllm ctx=20000 gpu_memory_utilization=0.90");
		expect(j.ignored).toEqual([]);
		expect(j.kvCacheType).toBe("f16");
		expect(j.fit.verdict).toBe("fits");
		expect(within(j.fit.maxContextTokens, 31232)).toBeLessThan(0.1);
		expect(j.fit.maxContextTokens % 16).toBe(0);
		expect(within(poolGib(j), 3.81)).toBeLessThan(0.1);
		// the printed command carries the utilisation the estimate used
		const serve = (j.runCommands as { runtime: string; command: string }[]).find((c) => c.runtime === "vllm")?.command ?? "";
		expect(serve).toContain("--gpu-memory-utilization 0.9");
		expect(serve).toContain("--max-model-len 20000");
		expect(serve).not.toContain("--kv-cache-dtype");
	});

	it("the same at 29,000: vLLM's default cache holds 23,648 tokens and fails to start — NO, with fp8 as the first fix", async () => {
		const j = await ask("canirun llama 3.1 8b bf16 rtx 3090 vllm ctx=29000 gpu_memory_utilization=0.90");
		expect(j.ignored).toEqual([]);
		expect(j.kvCacheType).toBe("f16");
		expect(j.fit.verdict).toBe("no");
		expect(within(j.fit.maxContextTokens, 23648)).toBeLessThan(0.1);
		expect(within(poolGib(j), 2.89)).toBeLessThan(0.1);
		expect(j.runCommands).toEqual([]);
		const [fix] = j.suggestions as { text: string; query: string | null }[];
		expect(fix?.text).toContain("--kv-cache-dtype fp8");
		expect(fix?.query).toContain("kv=fp8");
		expect(fix?.query).toContain("gpu_memory_utilization=0.9");
		// a shorter max_model_len is the other fix, at the pool's size
		const shorter = (j.suggestions as { text: string; query: string | null }[]).find((s) => /fits fully up to/.test(s.text));
		expect(shorter?.query).toContain(`ctx=${j.fit.maxContextTokens}`);
		// asked with fp8, the fp8 pool: twice the tokens in the same bytes, and it starts
		const fp8 = await ask(fix?.query ?? "");
		expect(fp8.kvCacheType).toBe("fp8");
		expect(fp8.fit.verdict).toBe("fits");
		expect(within(fp8.fit.maxContextTokens, 2 * j.fit.maxContextTokens)).toBeLessThan(0.01);
		expect(within(poolGib(fp8), poolGib(j))).toBeLessThan(0.01);
		const serve = (fp8.runCommands as { runtime: string; command: string }[]).find((c) => c.runtime === "vllm")?.command ?? "";
		expect(serve).toContain("--kv-cache-dtype fp8");
	});

	it("named fp8 straight away is the fp8 pool, not the default one", async () => {
		const j = await ask("canirun llama 3.1 8b bf16 rtx 3090 vllm ctx=29000 gpu_memory_utilization=0.90 kv_cache_dtype=fp8");
		expect(j.kvCacheType).toBe("fp8");
		expect(j.fit.verdict).toBe("fits");
		expect(j.fit.maxContextTokens).toBeGreaterThan(1.9 * 23648);
	});

	it("gpt-oss-120b MXFP4, one H100, 0.95, 1024 batched tokens (vllm#27508): 1.71 GiB of KV, fails at 131,072", async () => {
		const j = await ask("canirun gpt-oss-120b mxfp4 h100 80gb vllm ctx=131072 gpu_memory_utilization=0.95 max_num_batched_tokens=1024");
		expect(j.ignored).toEqual([]);
		expect(j.quant.id).toBe("MXFP4");
		expect(j.fit.verdict).toBe("no");
		expect(within(poolGib(j), 1.71)).toBeLessThan(0.1);
		// the weights as vLLM holds them (its Marlin layout), not the GGUF's bytes
		expect(j.memory.weightsBytes / 2 ** 30).toBeGreaterThan(65);
		expect((j.assumptions as string[]).some((s) => /1024 sequences' sampler/.test(s))).toBe(true);
	});

	it("a utilisation or sequence cap asked for moves the pool by what it frees", async () => {
		const base = await ask("canirun gpt-oss-120b mxfp4 h100 80gb vllm ctx=65536 gpu_memory_utilization=0.95");
		const fewer = await ask("canirun gpt-oss-120b mxfp4 h100 80gb vllm ctx=65536 gpu_memory_utilization=0.95 max_num_seqs=128");
		// above 32K the profile batches 8192 tokens, so the sampler is the peak: 1024 → 128 sequences of a
		// 201,088-entry vocabulary at 38 B each
		const freed = poolGib(fewer) - poolGib(base);
		expect(freed).toBeGreaterThan(0.9 * ((896 * 201088 * 38) / 2 ** 30));
		expect(freed).toBeLessThan(1.1 * ((896 * 201088 * 38) / 2 ** 30));
		expect(fewer.fit.verdict).toBe("fits");
	});
});
