/**
 * Issue 15, items 3, 5 and 8: CPU-only plans and the RAM they leave to the OS, vLLM commands that load a
 * checkpoint in the plan's format with flags vLLM has, tensor-parallel sizes that divide the heads,
 * Ollama tags from the library table, and mlx_lm commands — through canirun's --json, on requests of
 * our own (not the examples).
 */
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { checkpointsOf } from "../../src/catalog/checkpoints.js";
import { getCatalog, ollamaTags } from "../../src/catalog/index.js";
import { OS_RAM_RESERVE_BYTES } from "../../src/engine/fit.js";
import { CLI_CTX as CTX, askCanirun as ask, type Json, runCommandsFor as commands } from "./cli-json.js";

const GIB = 2 ** 30;
/** The answer's footnotes (the text answer's notes; the JSON carries the numbers). */
async function footnotes(q: string): Promise<string> {
	return (await answerQuery(q, CTX)).footnotes.join(" ");
}

/** llama.cpp-only options that must never appear in a vllm serve line. */
const LLAMA_ONLY = /(^|\s)(-ngl|-ctk|-ctv|-fa|--n-cpu-moe|-ot|--tensor-split|-hf|-c)(\s|$)|q8_0|q4_0/;

describe("CPU only: the plan runs in RAM with the OS's share left over", () => {
	it("plans in system RAM with -ngl 0 and states the OS reserve", async () => {
		const j = await ask("canirun qwen3-14b cpu only 32gb ram 8k");
		expect(j.fit.verdict).toBe("fits");
		expect(j.plan.offload.mode).toBe("cpu");
		const llama = commands(j, "llama.cpp")[0] ?? "";
		expect(llama).toContain("-ngl 0");
		expect(llama).not.toContain("-ngl 99");
		expect(llama).toContain("-c 8192");
		expect((j.assumptions as string[]).some((s) => /28 GiB of 32 GiB planned for the model, 4 GiB left to the OS/.test(s))).toBe(true);
		// the verdict's room is the RAM planned for the model, not a GPU's "0 B to spare"
		const summary = (await answerQuery("canirun qwen3-14b cpu only 32gb ram 8k", CTX)).verdict?.summary ?? "";
		expect(summary).toMatch(/fits in system RAM .* to spare \(of the 28\.0 GiB of RAM planned for it, 4\.0 GiB left to the OS\)/);
		expect(summary).not.toMatch(/0 B to spare/);
	});

	it("never plans more than RAM less the reserve, whatever the RAM size", async () => {
		for (const gb of [8, 12, 20, 24, 40, 48]) {
			const j = await ask(`canirun qwen3-32b no gpu ${gb}gb ram`);
			if (j.fit.verdict === "fits") expect(j.memory.totalBytes, `${gb} GB`).toBeLessThanOrEqual(gb * GIB - OS_RAM_RESERVE_BYTES);
			else expect(j.runCommands).toEqual([]);
		}
	});

	it("a model that fits all of RAM but not RAM less the reserve is not a full-RAM YES", async () => {
		// Q4_K_M of a 32B is about 19 GiB at 4K: 20 GB of RAM holds it only without the reserve
		const j = await ask("canirun qwen3-32b q4_k_m cpu only 20gb ram");
		expect(j.memory.totalBytes).toBeLessThan(20 * GIB);
		expect(j.memory.totalBytes).toBeGreaterThan(20 * GIB - OS_RAM_RESERVE_BYTES);
		expect(j.fit.verdict).toBe("no");
	});

	it("a named CPU decodes from its own RAM bandwidth, never faster than reading the weights once per token", async () => {
		const j = await ask("canirun llama-3.1-8b-instruct ryzen 9 9950x 96gb");
		expect(j.resolution.hardware.matched).toContain("ryzen-9-9950x");
		expect(j.plan.offload.mode).toBe("cpu");
		const bw = j.hardware.devices[0].bandwidthBytesPerSecond as number;
		expect(j.speed.decodeTokensPerSecond).toBeLessThan(bw / j.memory.weightsBytes);
		expect(j.speed.decodeTokensPerSecond).toBeGreaterThan(0.3 * (bw / j.memory.weightsBytes));
	});

	it("a plan slower than reading points at the models that run faster on the same RAM", async () => {
		const j = await ask("canirun llama-3.3-70b-instruct cpu only 64gb ram");
		expect(j.fit.verdict).toBe("fits");
		expect(j.speed.decodeTokensPerSecond).toBeLessThan(10);
		const s = (j.suggestions as { text: string; query: string | null }[]).find((x) => x.query?.startsWith("bestfit"));
		expect(s?.text).toMatch(/slower than reading/);
		const b = await answerQuery(s?.query ?? "", CTX);
		expect(b.kind).toBe("bestfit");
		const top = (b.json as { models: { decodeTokensPerSecond: number; totalBytes: number }[] }).models[0];
		expect(top?.decodeTokensPerSecond).toBeGreaterThanOrEqual(10);
		expect(top?.totalBytes).toBeLessThanOrEqual(64 * GIB - OS_RAM_RESERVE_BYTES);
		// a fast plan gets no such pointer
		const fast = await ask("canirun qwen3-30b-a3b cpu only 64gb ram");
		expect((fast.suggestions as { query: string | null }[]).some((x) => x.query?.startsWith("bestfit"))).toBe(false);
	});

	it("a CPU named by its tier is a CPU, and 'ryzen 7 7840u' is one laptop chip, not seven GPUs", async () => {
		for (const hw of ["i7 cpu only 32gb ram", "intel i5 16gb ram", "ryzen 5 32gb ram"]) {
			const j = await ask(`canirun qwen3-4b ${hw}`);
			expect(j.resolution.asked, hw).toBe(false);
			expect(j.plan.offload.mode, hw).toBe("cpu");
			expect(j.hardware.devices[0].count).toBe(1);
		}
		const l = await ask("canirun qwen3-8b ryzen 7 7840u 32gb");
		expect(l.hardware.devices).toHaveLength(1);
		expect(l.hardware.devices[0].count).toBe(1);
		expect(l.hardware.devices[0].id).toBe("radeon-780m-32gb");
		// the iGPU's share of RAM, not all of it; the model on the GPU with -ngl 99
		expect(l.fit.devices[0].capacityBytes).toBeLessThanOrEqual(16 * GIB);
		expect(commands(l, "llama.cpp")[0]).toContain("-ngl 99");
	});
});

describe("vLLM: a checkpoint in the plan's format, flags vLLM has", () => {
	const cat = getCatalog();

	it("every vLLM plan that runs prints vllm serve with a catalogued repo and no llama.cpp option", async () => {
		const asks = [
			"gemma-3-27b-it 2x3090 vllm",
			"llama-3.3-70b-instruct 4x3090 vllm",
			"qwen3-235b-a22b 4xh100 vllm",
			"qwen3-32b rtx-4090 vllm",
			"mistral-small-24b-instruct-2501 l40s vllm 16k",
			"llama-3.1-8b-instruct rtx-3060-12gb vllm",
		];
		for (const q of asks) {
			const j = await ask(`canirun ${q}`);
			expect(j.fit.verdict, q).toBe("fits");
			const serve = commands(j, "vllm");
			expect(serve, q).toHaveLength(1);
			const line = serve[0] ?? "";
			const repo = line.split(" ")[2] ?? "";
			const model = cat.modelById.get(j.model.id);
			const known = [model?.hfRepo, ...Object.values(checkpointsOf(j.model.id))];
			expect(known, `${q}: ${line}`).toContain(repo);
			expect(line, q).not.toMatch(LLAMA_ONLY);
			expect(line).toContain(`--max-model-len ${j.contextTokens}`);
			const tp = /--tensor-parallel-size (\d+)/.exec(line);
			if (tp !== null) expect(j.model.id && (model?.attention.heads ?? 1) % Number(tp[1]), q).toBe(0);
		}
	});

	it("bestfit for vLLM lists only formats vLLM has something to load, and each pick's canirun prints vllm serve", async () => {
		for (const hw of ["2x3090", "h100-sxm"]) {
			const b = await answerQuery(`bestfit ${hw} vllm`, CTX);
			const models = (b.json as { models: { id: string; quant: string }[] }).models;
			expect(models.length).toBeGreaterThan(3);
			for (const m of models) {
				const j = await ask(`canirun ${m.id} ${m.quant} ${hw} vllm`);
				expect(commands(j, "vllm"), `${m.id} ${m.quant} on ${hw}`).toHaveLength(1);
			}
			// gpt-oss is listed in its own MXFP4 release, never as a BF16 checkpoint it does not have
			for (const m of models) if (m.id.startsWith("gpt-oss")) expect(m.quant).toBe("MXFP4");
		}
	});

	it("a vLLM NO names the loadable format closest to fitting, not a default nobody published", async () => {
		for (const q of ["llama-3.3-70b-instruct 2x4090 vllm 32k", "qwen3-32b rtx-3090 vllm 32k"]) {
			const j = await ask(`canirun ${q}`);
			expect(j.fit.verdict, q).toBe("no");
			const cp = checkpointsOf(j.model.id);
			const loadable = cp[j.plan.quant] !== undefined || j.plan.quant === "BF16-SAFETENSORS" || j.plan.quant === "FP8";
			expect(loadable, `${q}: ${j.plan.quant}`).toBe(true);
			expect(j.runCommands).toEqual([]);
		}
	});

	it("FP8 without a published FP8 repo is the BF16 repo quantized on load (--quantization fp8)", async () => {
		const m = cat.models.find(
			(x) =>
				x.nativeDtype === "bf16" && x.hfRepo !== null && checkpointsOf(x.id).FP8 === undefined && x.moe === null && x.totalParams > 7e9 && x.totalParams < 30e9,
		);
		expect(m).toBeDefined();
		if (m === undefined) return;
		const j = await ask(`canirun ${m.id} fp8 h100-sxm vllm`);
		expect(commands(j, "vllm")[0]).toBe(`vllm serve ${m.hfRepo} --quantization fp8 --max-model-len 4096`);
	});

	it("gpt-oss serves its own MXFP4 release, not an AWQ nobody published", async () => {
		// at vLLM's H100 defaults the start-up profile samples 1024 sequences over a 201,088-token vocabulary
		// and the KV cache is left negative (vllm#23278: "Available KV cache memory: -2.14 GiB"): the answer
		// stays on MXFP4 and names the one-flag fix first
		const d = await ask("canirun gpt-oss-120b h100-sxm vllm");
		expect(d.plan.quant).toBe("MXFP4");
		expect(d.fit.verdict).toBe("no");
		const fix = (d.suggestions as { text: string; query: string | null }[])[0];
		expect(fix?.text).toContain("--max-num-seqs 256");
		expect(fix?.query).toContain("max_num_seqs=256");
		const j = await ask(fix?.query ?? "");
		expect(j.plan.quant).toBe("MXFP4");
		expect(j.fit.verdict).not.toBe("no");
		expect(commands(j, "vllm")[0]).toBe("vllm serve openai/gpt-oss-120b --max-model-len 4096 --max-num-seqs 256");
		const notes = await footnotes(fix?.query ?? "");
		expect(notes).toContain("vLLM");
		expect(notes).not.toMatch(/does not normally load MXFP4/);
	});

	it("with no KV type named the answer is about vLLM's default cache, and fp8 is the offered fix", async () => {
		// at 64K the default cache's pool holds under one sequence (vllm#10517's failure mode): NO, with
		// --kv-cache-dtype fp8 first among the fixes; asked with kv=fp8, the fp8 pool and its command
		const j = await ask("canirun qwen3-30b-a3b rtx-3090 vllm 64k");
		expect(j.plan.kvCacheType).toBe("f16");
		expect(j.fit.verdict).toBe("no");
		expect(j.runCommands).toEqual([]);
		const fix = (j.suggestions as { text: string; query: string | null }[])[0];
		expect(fix?.text).toContain("--kv-cache-dtype fp8");
		expect(fix?.query).toContain("kv=fp8");
		const fp8 = await ask(fix?.query ?? "");
		expect(fp8.kvCacheType).toBe("fp8");
		expect(fp8.fit.verdict).toBe("fits");
		expect(fp8.vllm.kvPoolTokens).toBeGreaterThan(1.9 * j.fit.maxContextTokens);
		expect(commands(fp8, "vllm")[0]).toContain("--kv-cache-dtype fp8");
	});

	it("the default cache stays when it holds the asked sequence, however little room is left (vLLM fills the pool either way)", async () => {
		const j = await ask("canirun qwen3-30b-a3b rtx-3090 vllm 32k");
		expect(j.plan.kvCacheType).toBe("f16");
		expect(j.vllm.maxConcurrentSequences).toBeGreaterThanOrEqual(1);
		expect(j.vllm.maxConcurrentSequences).toBeLessThan(2);
		for (const c of commands(j, "vllm")) expect(c).not.toContain("--kv-cache-dtype");
	});

	it("heads that do not divide by the GPU count: the largest dividing count that fits, or pipeline parallel", async () => {
		const j = await ask("canirun llama-3.1-70b-instruct 3x3090 vllm");
		expect(j.fit.verdict).toBe("no");
		const fix = (j.suggestions as { text: string; query: string | null }[]).find((s) => s.text.includes("--pipeline-parallel-size 3"));
		expect(fix?.text).toContain("--tensor-parallel-size 2");
		expect(fix?.query).toContain("2xrtx-3090");
		const two = await ask(fix?.query ?? "");
		expect(two.fit.verdict).toBe("fits");
		expect(commands(two, "vllm")[0]).toContain("--tensor-parallel-size 2");
	});
});

describe("Ollama: the library's tag for its own quant, hf.co for the others", () => {
	const cat = getCatalog();
	const tags = ollamaTags(cat);

	it("the library quant prints the table's size tag; another quant the GGUF repo with its quant", async () => {
		const model = cat.modelById.get("qwen3-14b");
		const tag = model === undefined ? null : tags.forModel(model);
		expect(tag).not.toBeNull();
		const j = await ask(`canirun qwen3-14b ${tag?.quant ?? "q4_k_m"} rtx-4090 ollama`);
		expect(commands(j, "ollama")).toContain(`ollama run ${tag?.ref}`);
		const q8 = await ask("canirun qwen3-14b q8_0 rtx-4090 ollama");
		expect(commands(q8, "ollama")).toContain(`ollama run hf.co/${checkpointsOf("qwen3-14b").GGUF}:Q8_0`);
	});

	it("a quantized KV cache and a longer context come with the server settings that make them happen", async () => {
		const j = await ask("canirun qwen3-14b q4_k_m rtx-4070 32k kv=q8_0 ollama");
		const serve = commands(j, "ollama").find((c) => c.endsWith("ollama serve")) ?? "";
		expect(serve).toContain("OLLAMA_CONTEXT_LENGTH=32768");
		expect(serve).toContain("OLLAMA_FLASH_ATTENTION=1");
		expect(serve).toContain("OLLAMA_KV_CACHE_TYPE=q8_0");
	});

	it("the library's deepseek-r1:671b (R1-0528) is printed for R1-0528, and a GGUF split on the Hub gets no hf.co line", async () => {
		const j = await ask("canirun deepseek-r1-0528 q4_k_m 8xh200");
		expect(commands(j, "ollama")).toContain("ollama run deepseek-r1:671b");
		for (const c of commands(j, "ollama")) expect(c).not.toMatch(/deepseek-r1(\s|$)/);
		// the original R1 has no library tag of its own, and its GGUFs are split: llama-server only
		const r1 = await ask("canirun deepseek-r1 q4_k_m 8xh200");
		expect(commands(r1, "ollama")).toEqual([]);
		expect(await footnotes("canirun deepseek-r1 q4_k_m 8xh200")).toMatch(/ollama\/ollama#5245/);
		expect(commands(r1, "llama.cpp")[0]).toContain("-hf unsloth/DeepSeek-R1-GGUF:Q4_K_M");
	});
});

describe("a runtime on hardware it does not run on", () => {
	it.each([
		["canirun qwen3-8b m4 max 64gb vllm", "mlx", /no Metal GPU backend/],
		["canirun llama-3.1-8b-instruct rtx-4090 mlx", "llama.cpp", /Apple silicon/],
		["canirun qwen3-14b strix halo 128gb mlx", "llama.cpp", /Apple silicon/],
	])("%s: said so, no command for it, the question with %s offered", async (q, instead, why) => {
		const a = await answerQuery(q, CTX);
		expect(a.verdict?.summary).toMatch(why);
		expect(a.verdict?.severity).not.toBe("success");
		const j = a.json as Json;
		expect(j.runCommands).toEqual([]);
		const s = (j.suggestions as { query: string | null }[])[0];
		const other = await ask(s?.query ?? "");
		expect(other.runtime).toBe(instead);
		expect(other.runCommands.length).toBeGreaterThan(0);
	});
});

describe("MLX: mlx_lm on the published conversion, or a conversion first", () => {
	it("a catalogued mlx-community repo is what mlx_lm loads", async () => {
		const repo = checkpointsOf("qwen3-30b-a3b")["MLX-4BIT"];
		expect(repo).toMatch(/^mlx-community\//);
		const j = await ask("canirun qwen3-30b-a3b mlx-4bit m4 max 64gb mlx");
		expect(commands(j, "mlx")).toEqual([`mlx_lm.generate --model ${repo} --prompt "Hello"`, `mlx_lm.server --model ${repo}`]);
	});

	it("without one, mlx_lm.convert makes the plan's bits from the BF16 repo, and the commands load that folder", async () => {
		const j = await ask("canirun qwen3-32b mlx-6bit m3 max 128gb mlx");
		expect(checkpointsOf("qwen3-32b")["MLX-6BIT"]).toBeUndefined();
		const [convert, generate, server] = commands(j, "mlx");
		expect(convert).toBe("mlx_lm.convert --hf-path Qwen/Qwen3-32B -q --q-bits 6 --mlx-path Qwen3-32B-6bit");
		expect(generate).toContain("--model Qwen3-32B-6bit");
		expect(server).toBe("mlx_lm.server --model Qwen3-32B-6bit");
	});
});
