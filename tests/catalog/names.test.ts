/** Typed names → catalog entries: the first thing every answer depends on. */
import { describe, expect, it } from "vitest";
import { complete, getCatalog, matchHardwareSpan, parseHardware, resolveDevice, resolveModel, resolveQuant } from "../../src/catalog/index.js";

const cat = getCatalog();
const GIB = 2 ** 30;

const MODELS: [string, string][] = [
	["deepseek-r1", "deepseek-r1"],
	["deepseek-r1:671b", "deepseek-r1-0528"],
	["DeepSeek R1", "deepseek-r1"],
	["deepseek-r1:1.5b", "deepseek-r1-distill-qwen-1.5b"],
	["deepseek-r1:7b", "deepseek-r1-distill-qwen-7b"],
	["deepseek-r1:8b", "deepseek-r1-0528-qwen3-8b"],
	["deepseek-r1:8b-llama-distill", "deepseek-r1-distill-llama-8b"],
	["deepseek-r1:14b", "deepseek-r1-distill-qwen-14b"],
	["deepseek-r1:32b", "deepseek-r1-distill-qwen-32b"],
	["deepseek-r1:70b", "deepseek-r1-distill-llama-70b"],
	["R1 distill qwen 14b", "deepseek-r1-distill-qwen-14b"],
	["deepseek r1 distill llama 8b", "deepseek-r1-distill-llama-8b"],
	["r1 0528", "deepseek-r1-0528"],
	["deepseek v3", "deepseek-v3"],
	["DeepSeek-V3.1", "deepseek-v3.1"],
	["deepseek v3.2", "deepseek-v3.2"],
	["llama3.1:70b", "llama-3.1-70b-instruct"],
	["llama 3.1 8b", "llama-3.1-8b-instruct"],
	["Llama-3.1-405B-Instruct", "llama-3.1-405b-instruct"],
	["meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct"],
	["llama3.2:1b", "llama-3.2-1b-instruct"],
	["llama 3 8b", "llama-3-8b"],
	["llama 2 70b", "llama-2-70b"],
	["llama2:13b", "llama-2-13b"],
	["llama 65b", "llama-65b"],
	["llama 7b", "llama-7b"],
	["llama 4 scout", "llama-4-scout-17b-16e-instruct"],
	["llama4:maverick", "llama-4-maverick-17b-128e-instruct"],
	["codellama 34b", "codellama-34b"],
	["codellama:7b", "codellama-7b"],
	["qwen3 32b", "qwen3-32b"],
	["qwen3:32b", "qwen3-32b"],
	["qwen3 30b a3b", "qwen3-30b-a3b"],
	["Qwen/Qwen3-32B", "qwen3-32b"],
	["qwen3:235b", "qwen3-235b-a22b"],
	["qwen 2.5 72b", "qwen2.5-72b-instruct"],
	["qwen2.5:14b", "qwen2.5-14b-instruct"],
	["qwen2.5 coder 7b", "qwen2.5-coder-7b-instruct"],
	["qwen3 coder 30b", "qwen3-coder-30b-a3b-instruct"],
	["qwen3-next", "qwen3-next-80b-a3b-instruct"],
	["qwen3 embedding 8b", "qwen3-embedding-8b"],
	["qwq", "qwq-32b"],
	["gemma3:27b", "gemma-3-27b-it"],
	["gemma 3 1b", "gemma-3-1b-it"],
	["gemma 2 9b", "gemma-2-9b-it"],
	["gpt-oss:20b", "gpt-oss-20b"],
	["gpt oss 120b", "gpt-oss-120b"],
	["mistral", "mistral-7b-instruct-v0.3"],
	["mistral 7b v0.1", "mistral-7b-v0.1"],
	["mixtral 8x7b", "mixtral-8x7b"],
	["mixtral:8x22b", "mixtral-8x22b"],
	["mistral small 3.1", "mistral-small-3.1-24b-instruct-2503"],
	["mistral nemo", "mistral-nemo-2407"],
	["mistral large", "mistral-large-instruct-2411"],
	["phi4", "phi-4"],
	["phi 3 mini", "phi-3-mini-4k-instruct"],
	["phi 3.5 moe", "phi-3.5-moe-instruct"],
	["kimi k2", "kimi-k2-instruct"],
	["glm 4.5 air", "glm-4.5-air"],
	["glm z1 32b", "glm-z1-32b-0414"],
	["minimax m2", "minimax-m2"],
	["minimax m1", "minimax-m1-80k"],
	["command r", "command-r-v01"],
	["falcon 40b", "falcon-40b-instruct"],
	["falcon3 7b", "falcon3-7b-instruct"],
	["granite 3.3 8b", "granite-3.3-8b-instruct"],
	["olmo2 13b", "olmo-2-1124-13b-instruct"],
	["smollm2 135m", "smollm2-135m-instruct"],
	["deepseek v2 lite", "deepseek-v2-lite"],
	["deepseek-coder-v2", "deepseek-coder-v2-lite-instruct"],
	["mistral-7b-instruct", "mistral-7b-instruct-v0.3"],
	["GLM 4.5 Air 106B", "glm-4.5-air"],
	["Mixtral 8x7B Instruct", "mixtral-8x7b"],
	["DeepSeek-R1 14B", "deepseek-r1-distill-qwen-14b"],
];

describe("resolveModel", () => {
	it.each(MODELS)("%s → %s", (typed, id) => {
		expect(resolveModel(cat, typed).match?.id).toBe(id);
	});
	it("an Ollama library name alone is what `ollama run` pulls, and the note says so", () => {
		const r = resolveModel(cat, "qwen3");
		expect(r.match?.id).toBe("qwen3-8b");
		expect(r.confidence).toBe("family");
		expect(r.note).toContain("qwen3:8b");
		expect(resolveModel(cat, "gpt-oss").match?.id).toBe("gpt-oss-20b");
	});
	it("a family name that is no Ollama name picks the flagship and says so", () => {
		const r = resolveModel(cat, "glm 4");
		expect(r.match?.id).toBe("glm-4-32b-0414");
		expect(r.confidence).toBe("family");
		expect(r.note).toContain("flagship");
	});
	it.each([
		["deepsek r1", "deepseek-r1"],
		["deepsek", "deepseek-r1"],
		["lama 3.1 70b", "llama-3.1-70b-instruct"],
		["quen3 32b", "qwen3-32b"],
	])("a typo (%s) only suggests %s, never answers", (typed, id) => {
		const r = resolveModel(cat, typed);
		expect(r.match).toBeNull();
		expect(r.candidates[0]?.id).toBe(id);
	});
	it("sizes are matched strictly, never fuzzily", () => {
		expect(resolveModel(cat, "qwen3 32b").match?.id).not.toBe(resolveModel(cat, "qwen3 30b a3b").match?.id);
		expect(resolveModel(cat, "llama 3.1 8b").match?.totalParams).toBeLessThan(9e9);
		const none = resolveModel(cat, "qwen3 70b");
		expect(none.match).toBeNull();
		expect(none.candidates.length).toBeGreaterThan(0);
	});
	it("an ambiguous name gives ranked candidates instead of a guess", () => {
		const r = resolveModel(cat, "llama");
		expect(r.match).toBeNull();
		expect(r.candidates.length).toBeGreaterThan(1);
		expect(r.candidates.length).toBeLessThanOrEqual(5);
	});
	it("nonsense resolves to nothing", () => {
		expect(resolveModel(cat, "zzqx blorf").match).toBeNull();
		expect(resolveModel(cat, "").match).toBeNull();
	});
});

const QUANTS: [string, string][] = [
	["q4km", "Q4_K_M"],
	["Q4_K_M", "Q4_K_M"],
	["q4-k-m", "Q4_K_M"],
	["4bit", "Q4_K_M"],
	["q8", "Q8_0"],
	["Q8_0", "Q8_0"],
	["f16", "F16"],
	["fp16", "F16"],
	["bf16", "BF16"],
	["iq2_xxs", "IQ2_XXS"],
	["IQ4_XS", "IQ4_XS"],
	["q5_k_m", "Q5_K_M"],
	["q6_k", "Q6_K"],
	["Q2_K_S", "Q2_K_S"],
	["tq1_0", "TQ1_0"],
	["mxfp4", "MXFP4"],
	["int4", "GPTQ-INT4"],
	["gptq", "GPTQ-INT4"],
	["gptq int8", "GPTQ-INT8"],
	["awq", "AWQ-INT4"],
	["fp8", "FP8"],
	["mlx-4bit", "MLX-4BIT"],
	["mlx 4bit", "MLX-4BIT"],
	["mlx 8bit", "MLX-8BIT"],
];

describe("resolveQuant", () => {
	it.each(QUANTS)("%s → %s", (typed, id) => {
		expect(resolveQuant(cat, typed).match?.id).toBe(id);
	});
	it("EXL2 takes any bits per weight and rejects impossible ones", () => {
		const q = resolveQuant(cat, "exl2 4.65bpw").match;
		expect(q?.bitsPerWeight).toBe(4.65);
		expect(q?.format).toBe("exl2");
		const bad = resolveQuant(cat, "exl2 9bpw");
		expect(bad.match).toBeNull();
		expect(bad.note).toContain("2–8");
	});
	it("ggml block sizes are exact", () => {
		const bpw = (id: string): number | undefined => cat.quantById.get(id)?.bitsPerWeight;
		expect([bpw("Q8_0"), bpw("Q4_0"), bpw("Q4_K_M"), bpw("Q6_K"), bpw("Q2_K"), bpw("IQ4_XS"), bpw("IQ2_XXS"), bpw("MXFP4")]).toEqual([
			8.5, 4.5, 4.5, 6.5625, 2.625, 4.25, 2.0625, 4.25,
		]);
	});
});

const DEVICES: [string, string][] = [
	["4090", "rtx-4090"],
	["RTX 4090", "rtx-4090"],
	["NVIDIA GeForce RTX 4090", "rtx-4090"],
	["rtx 3060 12gb", "rtx-3060-12gb"],
	["rtx 3060 8gb", "rtx-3060-8gb"],
	["h100 80gb", "h100-sxm"],
	["h100 pcie", "h100-pcie"],
	["a100 40gb", "a100-pcie-40gb"],
	["m3 max 128gb", "apple-m3-max-128gb"],
	["m2 ultra 192gb", "apple-m2-ultra-192gb"],
	["m1 8gb", "apple-m1-8gb"],
	["7900xtx", "radeon-rx-7900-xtx"],
	["mi300x", "mi300x"],
	["dgx spark", "dgx-spark"],
	["strix halo 64gb", "strix-halo-395-64gb"],
	["a6000", "rtx-a6000"],
	["L40S", "l40s"],
	["ryzen ai max+ 395 64gb", "strix-halo-395-64gb"],
];

describe("resolveDevice", () => {
	it.each(DEVICES)("%s → %s", (typed, id) => {
		expect(resolveDevice(cat, typed).match?.id).toBe(id);
	});
	it("a chip sold in several sizes takes the largest and says which sizes exist", () => {
		const r = resolveDevice(cat, "m3 max");
		expect(r.match?.id).toBe("apple-m3-max-128gb");
		// both M3 Max bins (30- and 40-core GPU): 36/96 and 48/64/128
		expect(r.note).toContain("36/48/64/96/128");
	});
	it("a size that was never sold is an error with the real sizes", () => {
		const r = resolveDevice(cat, "m3 max 256gb");
		expect(r.match).toBeNull();
		expect(r.note).toContain("36/48/64/96/128");
	});
	it("GPU memory is stored as the marketed GiB", () => {
		expect(cat.deviceById.get("rtx-4090")?.memoryBytes).toBe(24 * GIB);
	});
});

type Hw = [string, { devices: [string, number][]; ram: number | null }];
const HARDWARE: Hw[] = [
	["2x4090", { devices: [["rtx-4090", 2]], ram: null }],
	["4090x2", { devices: [["rtx-4090", 2]], ram: null }],
	["4090 * 2", { devices: [["rtx-4090", 2]], ram: null }],
	[
		"3090+3060",
		{
			devices: [
				["rtx-3090", 1],
				["rtx-3060-12gb", 1],
			],
			ram: null,
		},
	],
	["8xh100", { devices: [["h100-sxm", 8]], ram: null }],
	["h100 80gb", { devices: [["h100-sxm", 1]], ram: null }],
	["rtx 3060 12gb", { devices: [["rtx-3060-12gb", 1]], ram: null }],
	["m3 max 128gb", { devices: [["apple-m3-max-128gb", 1]], ram: null }],
	["mac studio m2 ultra 192gb", { devices: [["apple-m2-ultra-192gb", 1]], ram: null }],
	["mac studio m3 ultra 512gb", { devices: [["apple-m3-ultra-512gb", 1]], ram: null }],
	["+64gb ram", { devices: [], ram: 64 * GIB }],
	["64gb ram", { devices: [], ram: 64 * GIB }],
	["cpu 64gb ram", { devices: [["cpu-ddr5-dual", 1]], ram: 64 * GIB }],
	["2x3090 + 64gb ram", { devices: [["rtx-3090", 2]], ram: 64 * GIB }],
	["dgx h100", { devices: [["h100-sxm", 8]], ram: 2048 * GIB }],
	["dgx a100 640gb", { devices: [["a100-sxm-80gb", 8]], ram: 2048 * GIB }],
	["dual 3090", { devices: [["rtx-3090", 2]], ram: null }],
	["rtx 4090", { devices: [["rtx-4090", 1]], ram: null }],
	["macbook pro m4 max 128gb", { devices: [["apple-m4-max-128gb", 1]], ram: null }],
	["4 3090s", { devices: [["rtx-3090", 4]], ram: null }],
	["rtx 3090 x 4", { devices: [["rtx-3090", 4]], ram: null }],
	["ryzen ai max+ 395", { devices: [["strix-halo-395-128gb", 1]], ram: null }],
	[
		"4090 + 3090 + 128gb ram",
		{
			devices: [
				["rtx-4090", 1],
				["rtx-3090", 1],
			],
			ram: 128 * GIB,
		},
	],
];

describe("parseHardware", () => {
	it.each(HARDWARE)("%s", (typed, want) => {
		const r = parseHardware(cat, typed);
		if (!r.ok) throw new Error(r.error);
		expect(r.hardware.devices.map((g) => [g.device.id, g.count])).toEqual(want.devices);
		expect(r.hardware.systemMemoryBytes).toBe(want.ram);
	});
	it("24gb is a generic card with a typical card's bandwidth", () => {
		const r = parseHardware(cat, "24gb");
		if (!r.ok) throw new Error(r.error);
		const d = r.hardware.devices[0]?.device;
		expect(d?.id).toBe("generic-24gb");
		expect(d?.memoryBytes).toBe(24 * GIB);
		expect(d?.bandwidthBytesPerSecond).toBe(cat.deviceById.get("rtx-3090")?.bandwidthBytesPerSecond);
	});
	it("labels read like people write them", () => {
		const r = parseHardware(cat, "2x4090 +64gb ram");
		expect(r.ok && r.label).toBe("2× RTX 4090 + 64 GB RAM");
	});
	it.each(["0x4090", "9999x4090", "-1gb", "", "flux capacitor"])("rejects %j with a clear error", (typed) => {
		const r = parseHardware(cat, typed);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
	});
});

describe("matchHardwareSpan", () => {
	const words = "can my 2x3090 run qwen3 32b at 32k with +64gb ram".split(" ");
	it("finds the hardware and leaves model words alone", () => {
		const at2 = matchHardwareSpan(cat, words, 2);
		expect(at2?.length).toBe(1);
		expect(matchHardwareSpan(cat, words, 4)).toBeNull();
		expect(matchHardwareSpan(cat, words, 5)).toBeNull();
		expect(matchHardwareSpan(cat, words, 7)).toBeNull();
		const ram = matchHardwareSpan(cat, words, 9);
		expect(ram?.length).toBe(2);
		expect(ram?.parse.ok && ram.parse.hardware.systemMemoryBytes).toBe(64 * GIB);
	});
	it("takes the longest run: m3 max 128gb", () => {
		const w = ["on", "my", "m3", "max", "128gb", "please"];
		expect(matchHardwareSpan(cat, w, 2)?.length).toBe(3);
	});
	it("a CPU's model number the catalog lacks is asked about, not read as thousands of cards", () => {
		const r = parseHardware(cat, "5600x 32gb");
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/device numbered “5600x”.*cpu 32gb ram/);
		// a count in range is still a count; past the bound it is refused as one
		expect(parseHardware(cat, "2x4090").ok).toBe(true);
		const many = parseHardware(cat, "100x 4090");
		expect(!many.ok && many.error).toMatch(/more than the \d+ we size for/);
	});
	it("a word holding characters no hardware name has neither starts nor continues a run (issue 18)", () => {
		// a hostile line's words: each used to start runs of up to 8 strict parses
		expect(matchHardwareSpan(cat, ["9skfz_+ik=ak1", "4090"], 0)).toBeNull();
		expect(matchHardwareSpan(cat, ["<@123456>", "4090"], 0)).toBeNull();
		// the run stops before such a word, and what comes before it is still hardware
		expect(matchHardwareSpan(cat, ["2x", "4090", "x=1"], 0)?.length).toBe(2);
		// punctuation people type around hardware is not among them
		expect(matchHardwareSpan(cat, ["4090?"], 0)?.length).toBe(1);
		expect(matchHardwareSpan(cat, ["4090,", "64gb", "ram"], 0)?.length).toBe(3);
	});
	it("a run ends before a sentence word, with the same span found; after a joining word the part refused still stands", () => {
		const span = (text: string) => {
			const r = matchHardwareSpan(cat, text.split(" "), 0);
			return r === null ? null : `${r.length} ${r.parse.ok ? r.parse.label : r.parse.error.slice(0, 20)}`;
		};
		expect(span("3090 run qwen3 32b")).toBe("1 RTX 3090");
		expect(span("m3 max 128gb will run llama 3 8b")).toBe(span("m3 max 128gb"));
		expect(span("2x 3090s do")).toBe("2 2× RTX 3090");
		expect(span("4090 24gb run it")).toBe(span("4090 24gb"));
		expect(span("3090 2 can run")).toMatch(/^2 Is 2 the number/);
		// the whole run is refused as typed: "64gb" is its own part, asked about, before "run"
		expect(span("64gb + run qwen3")).toBe("4 Is 64 GB your GPU me");
		expect(span("64gb and run qwen3")).toBe("4 Is 64 GB your GPU me");
		expect(span("0x4090 + run x")).toBe("3 a GPU count must be ");
	});
});

describe("complete", () => {
	it("hardware completion understands a count", () => {
		const c = complete(cat, "hardware", "2x409");
		expect(c[0]?.name).toContain("2× RTX 4090");
		expect(parseHardware(cat, c[0]?.value ?? "").ok).toBe(true);
	});
	it("model and quant completion by prefix, within Discord limits", () => {
		expect(complete(cat, "model", "deepseek-r1").some((c) => c.value === "deepseek-r1")).toBe(true);
		expect(complete(cat, "quant", "q4")[0]?.value).toBe("Q4_K_M");
		for (const c of complete(cat, "model", "")) {
			expect(c.name.length).toBeLessThanOrEqual(100);
			expect(c.value.length).toBeLessThanOrEqual(100);
		}
		expect(complete(cat, "model", "", 10)).toHaveLength(10);
	});
	// p95, not p99: on a loaded shared 2-core machine ~1 % of calls are preempted for 4–12 ms whatever
	// the code (measured on main and on this branch alike); a real slowdown moves the p95
	it("is fast: p95 under 1 ms", () => {
		const inputs = ["d", "de", "dee", "deep", "qwen3 3", "lla", "2x40", "m3 m", "q4", "iq2"];
		for (let i = 0; i < 300; i++) complete(cat, i % 3 === 0 ? "hardware" : i % 3 === 1 ? "model" : "quant", inputs[i % inputs.length] ?? "");
		const times: number[] = [];
		for (let i = 0; i < 1000; i++) {
			const p = inputs[i % inputs.length] ?? "";
			const t0 = performance.now();
			complete(cat, i % 3 === 0 ? "hardware" : i % 3 === 1 ? "model" : "quant", p);
			times.push(performance.now() - t0);
		}
		times.sort((a, b) => a - b);
		expect(times[Math.floor(times.length * 0.95)]).toBeLessThan(1);
	});
});
