/**
 * A deterministic mix of real-looking queries for the latency benchmark: names drawn from the
 * catalog (display names, aliases, Ollama tags), typos, multi-GPU phrases, contexts, runtimes, every
 * command, and plain-English questions. Deterministic (seeded) so runs are comparable.
 */
import type { Catalog } from "../src/catalog/index.js";

/** mulberry32: a tiny seeded PRNG, good enough to pick benchmark inputs reproducibly. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HARDWARE = [
	"4090",
	"2x4090",
	"3090",
	"2x3090",
	"4x3090",
	"3090+3060",
	"4090+3090",
	"rtx 3060 12gb",
	"3060",
	"4060 ti 16gb",
	"5090",
	"2x5090",
	"h100",
	"8xh100",
	"a100 80gb",
	"4xa100",
	"h200",
	"l40s",
	"a6000",
	"7900 xtx",
	"mi300x",
	"m3 max 128gb",
	"m2 ultra 192gb",
	"m4 pro 48gb",
	"mac studio m3 ultra 512gb",
	"dgx spark",
	"24gb",
	"16gb",
	"8gb",
	"3090 +64gb ram",
	"4090 +128gb ram",
	"2x3090 +256gb ram",
	"dgx h100",
	"cpu 64gb ram",
];
const QUANTS = ["q4_k_m", "Q8_0", "q5_k_m", "q6_k", "iq2_xxs", "q3_k_m", "q2_k", "fp16", "bf16", "iq4_xs", "q4_0", "awq", "fp8", "mlx-4bit"];
const CONTEXTS = ["", "", "8k", "32k", "128k", "ctx=16384", "64k"];
const RUNTIMES = ["", "", "", "ollama", "vllm", "llama.cpp", "mlx"];

function pick<T>(rand: () => number, items: readonly T[]): T {
	return items[Math.floor(rand() * items.length)] as T;
}

/** Drops or swaps a character in one word, as people do when typing fast. */
function typo(rand: () => number, text: string): string {
	if (text.length < 5) return text;
	const i = 1 + Math.floor(rand() * (text.length - 2));
	return rand() < 0.5 ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

function modelName(rand: () => number, cat: Catalog): string {
	const model = pick(rand, cat.models);
	const names = [model.name, model.id, ...model.aliases, ...model.ollamaTags];
	const name = pick(rand, names);
	// A typo'd "org/name" is a Hugging Face reference: answering it is a network lookup, which is not
	// our own work per answer (issue 8), so HF ids are typed correctly and resolve from the catalog.
	return rand() < 0.1 && !name.includes("/") ? typo(rand, name) : name;
}

/** `count` queries mixing every command; about 1 in 10 has a typo, 1 in 6 is plain English. */
export function benchmarkQueries(cat: Catalog, count: number, seed = 42): string[] {
	const rand = seededRandom(seed);
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const model = modelName(rand, cat);
		const roll = rand();
		const words = (...parts: string[]) => parts.filter((p) => p !== "").join(" ");
		if (roll < 0.55) out.push(words(model, rand() < 0.7 ? pick(rand, QUANTS) : "", pick(rand, HARDWARE), pick(rand, CONTEXTS), pick(rand, RUNTIMES)));
		else if (roll < 0.65) out.push(words("vram", model, pick(rand, CONTEXTS)));
		else if (roll < 0.72) out.push(words("gpus", model, rand() < 0.5 ? pick(rand, QUANTS) : ""));
		else if (roll < 0.78) out.push(words("bestfit", pick(rand, HARDWARE), pick(rand, CONTEXTS)));
		else if (roll < 0.8) out.push("help");
		else if (roll < 0.85) out.push(`can my ${pick(rand, HARDWARE)} run ${model}?`);
		else if (roll < 0.9) out.push(`how much vram for ${model} at ${pick(rand, ["8k", "32k", "128k"])} context`);
		else if (roll < 0.95) out.push(`what can I run on ${pick(rand, HARDWARE)}`);
		else out.push(`download size of ${model}`);
	}
	return out;
}

/** Growing prefixes of real names ("d", "de", "dee", …) for the autocomplete benchmark. */
export function autocompletePrefixes(cat: Catalog, kind: "model" | "quant" | "hardware", max = 400, seed = 7): string[] {
	const rand = seededRandom(seed);
	const names = kind === "model" ? cat.models.map((m) => m.name) : kind === "quant" ? cat.quants.map((q) => q.id) : HARDWARE;
	const out: string[] = [];
	while (out.length < max) {
		const name = pick(rand, names);
		for (let n = 1; n <= name.length && out.length < max; n++) out.push(name.slice(0, n));
	}
	return out;
}
