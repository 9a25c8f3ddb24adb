import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText, parseQueryWords } from "../../src/query/parse.js";
import type { ParsedQuery } from "../../src/query/types.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);

interface Expect {
	command?: ParsedQuery["command"];
	model?: string | null;
	quant?: string | null;
	devices?: string | null;
	ram?: number | null;
	ctx?: number | null;
	runtime?: string | null;
	kv?: string | null;
	highlight?: string | null;
	ignored?: string[];
	filter?: string | null;
	use?: string | null;
	hub?: string | null;
}

const GIB = 2 ** 30;

function devicesOf(q: ParsedQuery): string | null {
	if (q.hardware === null || q.hardware.devices.length === 0) return null;
	return q.hardware.devices.map((g) => `${g.count}x${g.device.id}`).join("+");
}

// [query, expectations]: slash words, flags and plain English (the phrasings first).
const CASES: [string, Expect][] = [
	["deepseek-r1 q4_k_m 2x4090 32k", { command: "canirun", model: "deepseek-r1", quant: "Q4_K_M", devices: "2xrtx-4090", ctx: 32768 }],
	["can a 3090 run qwen3 32b at 32k context?", { command: "canirun", model: "qwen3-32b", devices: "1xrtx-3090", ctx: 32768, quant: null }],
	["Can my 3090 run Qwen3 32B?", { command: "canirun", model: "qwen3-32b", devices: "1xrtx-3090" }],
	["how much vram for llama 3.1 70b", { command: "vram", model: "llama-3.1-70b-instruct", devices: null }],
	["How much VRAM does DeepSeek R1 need at Q4?", { command: "vram", model: "deepseek-r1", quant: "Q4_K_M" }],
	["what can I run on 2x3090", { command: "bestfit", model: null, devices: "2xrtx-3090" }],
	["What's the best model for 2×3090?", { command: "bestfit", devices: "2xrtx-3090" }],
	["download size of deepseek r1", { command: "vram", model: "deepseek-r1", highlight: "download" }],
	["How big is the download for llama 3.1 8b?", { command: "vram", model: "llama-3.1-8b-instruct", highlight: "download" }],
	["which gpus can run deepseek r1", { command: "gpus", model: "deepseek-r1" }],
	["Which GPUs can run it? deepseek-r1 q4", { command: "gpus", model: "deepseek-r1", quant: "Q4_K_M" }],
	["what gpu do I need for qwen3 32b", { command: "gpus", model: "qwen3-32b" }],
	// the buyer's question: "which graphics card should i get" is gpus (cards by price), not the VRAM card
	["which graphics card should i get for qwen3 32b", { command: "gpus", model: "qwen3-32b", devices: null }],
	["what gpu should i buy for llama 3.1 70b", { command: "gpus", model: "llama-3.1-70b-instruct" }],
	["best gpu to buy for qwen3 30b a3b", { command: "gpus", model: "qwen3-30b-a3b" }],
	["what video card for gemma 3 27b", { command: "gpus", model: "gemma-3-27b-it" }],
	["Can I run deepseek r1 distill qwen 14b on a Mac?", { command: "gpus", model: "deepseek-r1-distill-qwen-14b", filter: "apple" }],
	["vram llama 3.1 70b", { command: "vram", model: "llama-3.1-70b-instruct" }],
	["gpus deepseek-r1 q4", { command: "gpus", model: "deepseek-r1", quant: "Q4_K_M" }],
	["bestfit 2x3090", { command: "bestfit", devices: "2xrtx-3090" }],
	["/bestfit m3 max 128gb", { command: "bestfit", devices: "1xapple-m3-max-128gb" }],
	["help", { command: "help" }],
	["canirun deepseek-r1:14b 4090", { command: "canirun", model: "deepseek-r1-distill-qwen-14b", devices: "1xrtx-4090" }],
	["r1 distill qwen 14b q8_0 3090", { command: "canirun", model: "deepseek-r1-distill-qwen-14b", quant: "Q8_0", devices: "1xrtx-3090" }],
	["llama 3.1 70b q4_k_m 2x3090 +64gb ram", { model: "llama-3.1-70b-instruct", devices: "2xrtx-3090", ram: 64 * GIB }],
	["qwen3 32b 4090+3090", { model: "qwen3-32b", devices: "1xrtx-4090+1xrtx-3090" }],
	["qwen3 32b h100", { model: "qwen3-32b", devices: "1xh100-sxm" }],
	["deepseek-r1 8xh100 fp8 vllm", { model: "deepseek-r1", devices: "8xh100-sxm", quant: "FP8", runtime: "vllm" }],
	["llama 3.1 8b 24gb", { model: "llama-3.1-8b-instruct", devices: "1xgeneric-24gb" }],
	["qwen3 8b rtx 3060 12gb", { model: "qwen3-8b", devices: "1xrtx-3060-12gb" }],
	["qwen3 32b 3090 ctx=32768", { model: "qwen3-32b", ctx: 32768 }],
	["qwen3 32b 3090 128k ctx", { model: "qwen3-32b", ctx: 131072 }],
	["qwen3 32b 3090 context 8192", { model: "qwen3-32b", ctx: 8192 }],
	["qwen3 32b 3090 8192 tokens", { model: "qwen3-32b", ctx: 8192 }],
	["qwen3 32b 3090 kv=q8_0", { model: "qwen3-32b", kv: "q8_0" }],
	["qwen3 32b 3090 with q8_0 kv cache", { model: "qwen3-32b", kv: "q8_0", quant: null }],
	["qwen3 32b 3090 ollama", { runtime: "ollama" }],
	["qwen3 32b 3090 llama.cpp", { runtime: "llama.cpp" }],
	["qwen3 8b m2 max mlx", { runtime: "mlx", model: "qwen3-8b" }],
	["qwen3 32b 3090 ubatch=1024 fa=off parallel=4", { model: "qwen3-32b" }],
	["qwen3 32b --ctx 16384 --hardware 2x4090", { model: "qwen3-32b", ctx: 16384, devices: "2xrtx-4090" }],
	["--model llama-3.1-8b-instruct --quant q8_0 --hardware 4090", { model: "llama-3.1-8b-instruct", quant: "Q8_0", devices: "1xrtx-4090" }],
	["qwen3 32b 3090 --hardware 4090", { devices: "1xrtx-4090" }],
	["qwen3 32b 3090 --ram 128gb", { devices: "1xrtx-3090", ram: 128 * GIB }],
	["qwen3 32b 3090 32k --ctx=8k", { ctx: 8192 }],
	["qwen3 32b 3090 --runtime vllm --kv fp8", { runtime: "vllm", kv: "fp8" }],
	["gemma 3 27b on a 4090 at 32k", { model: "gemma-3-27b-it", devices: "1xrtx-4090", ctx: 32768 }],
	["mistral small 3.1 24b 3090", { model: "mistral-small-3.1-24b-instruct-2503" }],
	["gpt-oss 120b h100", { model: "gpt-oss-120b", devices: "1xh100-sxm" }],
	["qwen3 30b a3b 3090", { model: "qwen3-30b-a3b" }],
	["will llama 3.3 70b fit on my 5090", { model: "llama-3.3-70b-instruct", devices: "1xrtx-5090" }],
	["is a 4090 enough for qwen2.5 coder 32b?", { model: "qwen2.5-coder-32b-instruct", devices: "1xrtx-4090" }],
	["does phi-4 run on a 3060 12gb", { model: "phi-4", devices: "1xrtx-3060-12gb" }],
	["please tell me if kimi k2 fits on 8xh200", { model: "kimi-k2-instruct", devices: "8xh200-sxm" }],
	["best model for coding on a 4090", { command: "bestfit", devices: "1xrtx-4090", use: "code" }],
	["what should I run on m3 max 128gb", { command: "bestfit", devices: "1xapple-m3-max-128gb" }],
	["which models fit 24gb", { command: "bestfit", devices: "1xgeneric-24gb" }],
	["how much memory does qwen3 235b need at 32k context", { command: "vram", model: "qwen3-235b-a22b", ctx: 32768 }],
	["vram requirements of mixtral 8x7b", { command: "vram" }],
	["file size of gemma 3 12b q8_0", { command: "vram", highlight: "download", quant: "Q8_0" }],
	["qwen3 32b blorp 3090", { model: "qwen3-32b", ignored: ["blorp"] }],
	["deepseek r1 on 2x4090 with iq1_s", { model: "deepseek-r1", quant: "IQ1_S" }],
	["DeepSeek-R1 Q4_K_M 2X4090 32K", { model: "deepseek-r1", quant: "Q4_K_M", devices: "2xrtx-4090", ctx: 32768 }],
	["llama-3.1-70b-instruct,q4_k_m,2x3090", { model: "llama-3.1-70b-instruct", quant: "Q4_K_M", devices: "2xrtx-3090" }],
	["Can my RTX 4090 run Llama 3.1 8B at 128k?", { model: "llama-3.1-8b-instruct", ctx: 131072 }],
	["unsloth/Qwen3-32B-GGUF 4090", { hub: "unsloth/Qwen3-32B-GGUF", devices: "1xrtx-4090" }],
	["can 2x 3090 run llama 3.3 70b", { devices: "2xrtx-3090", model: "llama-3.3-70b-instruct" }],
	// settings as people paste and type them: llama.cpp's short flags, "kv cache <type>", "context length N"
	["qwen3 32b 3090 -c 32768 -ctk q8_0 -ctv q8_0 -fa on", { model: "qwen3-32b", devices: "1xrtx-3090", ctx: 32768, kv: "q8_0" }],
	["qwen3 32b 3090 kv cache q4_0", { devices: "1xrtx-3090", kv: "q4_0", quant: null }],
	["qwen3 32b 3090 context length 32768", { devices: "1xrtx-3090", ctx: 32768 }],
	["qwen3 32b 3090 context window 8k", { devices: "1xrtx-3090", ctx: 8192 }],
	// a device number before "tokens per second" or before "context" + number stays the device
	["qwen3 8b 3090 tokens per second", { devices: "1xrtx-3090", ctx: null }],
	["qwen3 8b 8192 tokens 3090", { devices: "1xrtx-3090", ctx: 8192 }],
	["3090 context 8192 qwen3 8b", { devices: "1xrtx-3090", ctx: 8192 }],
];

describe("free-text query parser", () => {
	it(`covers at least 60 phrasings (${CASES.length})`, () => {
		expect(CASES.length).toBeGreaterThanOrEqual(60);
	});

	for (const [text, want] of CASES) {
		it(`parses "${text}"`, () => {
			const r = parse(text);
			if (!r.ok) throw new Error(`refused: ${r.error.message}`);
			const q = r.query;
			if (want.command !== undefined) expect(q.command).toBe(want.command);
			if (want.model !== undefined) expect(q.model?.model.id ?? null).toBe(want.model);
			if (want.quant !== undefined) expect(q.quant?.id ?? null).toBe(want.quant);
			if (want.devices !== undefined) expect(devicesOf(q)).toBe(want.devices);
			if (want.ram !== undefined) expect(q.hardware?.systemMemoryBytes ?? null).toBe(want.ram);
			if (want.ctx !== undefined) expect(q.contextTokens).toBe(want.ctx);
			if (want.runtime !== undefined) expect(q.runtime).toBe(want.runtime);
			if (want.kv !== undefined) expect(q.kvCacheType).toBe(want.kv);
			if (want.highlight !== undefined) expect(q.highlight).toBe(want.highlight);
			if (want.filter !== undefined) expect(q.deviceFilter).toBe(want.filter);
			if (want.use !== undefined) expect(q.use).toBe(want.use);
			if (want.hub !== undefined) expect(q.hubRef).toBe(want.hub);
			expect(q.ignored).toEqual(want.ignored ?? []);
		});
	}

	it("reads knobs: ubatch, flash attention and parallel sequences", () => {
		const r = parse("qwen3 32b 3090 ubatch=1024 fa=off parallel=4");
		expect(r.ok && [r.query.ubatch, r.query.flashAttention, r.query.parallel]).toEqual([1024, "off", 4]);
	});

	it("reads flash attention typed with a space, never a model's 'flash'", () => {
		const on = parse("qwen3 8b 4090 32k kv q8_0 fa on");
		expect(on.ok && [on.query.flashAttention, on.query.kvCacheType, on.query.ignored]).toEqual(["on", "q8_0", []]);
		const off = parse("qwen3 8b 4090 flash attention off");
		expect(off.ok && [off.query.flashAttention, off.query.ignored]).toEqual(["off", []]);
		// "flash" is a word of model names: "deepseek v4 flash on 2 h100" sets no flash attention
		const model = parse("deepseek v4 flash on 2 h100");
		expect(model.ok && [model.query.model?.model.id, model.query.flashAttention]).toEqual(["deepseek-v4-flash", null]);
	});

	it("reads sequences at once: '8 users', '4 concurrent requests', llama.cpp's -np", () => {
		for (const [text, n] of [
			["qwen3 32b 3090 8 users", 8],
			["qwen3 32b 3090 4 concurrent requests", 4],
			["qwen3 32b 3090 -np 2", 2],
		] as const) {
			const r = parse(text);
			expect(r.ok && [r.query.parallel, devicesOf(r.query), r.query.ignored]).toEqual([n, "1xrtx-3090", []]);
		}
	});

	it("lets flags override words", () => {
		const r = parseQueryWords(["qwen3", "32b", "3090", "32k", "--ctx", "8k", "--runtime", "ollama"], services.resolvers, services.limits);
		expect(r.ok && [r.query.contextTokens, r.query.runtime]).toEqual([8192, "ollama"]);
	});

	it("reports an unknown model with suggestions instead of guessing", () => {
		const r = parse("can my 3090 run zorblax 9000");
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/don't know a model/);
	});

	it("offers did-you-mean names for a misspelt model", () => {
		const r = parse("--model qwen9-32b");
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.didYouMean.length).toBeGreaterThan(0);
	});

	it("asks for a model when only hardware and a model-needing intent are given", () => {
		const r = parse("how much vram");
		expect(r.ok).toBe(false);
	});

	it("refuses absurd contexts and device counts with the limit in the message", () => {
		for (const text of ["qwen3 32b 4090 ctx=99999999999", "qwen3 32b 4090 99999k", "qwen3 32b 65x4090", "qwen3 32b 0x4090"]) {
			const r = parse(text);
			expect(r.ok, text).toBe(false);
		}
	});

	it("treats __proto__ and constructor as plain unknown words", () => {
		const r = parse("qwen3 32b 3090 __proto__ constructor");
		expect(r.ok && r.query.ignored).toEqual(["__proto__", "constructor"]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it("strips control characters and ANSI escapes before reading words", () => {
		const r = parse("qwen3 32b \u0007\u001b[31m 4090 \u0000");
		expect(r.ok && r.query.contextTokens).toBe(null);
		expect(r.ok && devicesOf(r.query)).toBe("1xrtx-4090");
	});

	it("never echoes mention syntax in ignored words", () => {
		const r = parse("@everyone qwen3 32b <!channel> 4090 <@123>");
		expect(r.ok).toBe(true);
		if (r.ok) for (const w of r.query.ignored) expect(w).not.toMatch(/[<>@!]/);
	});

	it("refuses queries longer than 500 characters", () => {
		expect(parse(`qwen3 ${"x".repeat(600)}`).ok).toBe(false);
	});
});
