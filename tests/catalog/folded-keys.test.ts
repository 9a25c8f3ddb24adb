import { describe, expect, it } from "vitest";
import { compactKey } from "../../src/catalog/fold.js";
import { FoldedKeys } from "../../src/catalog/folded-keys.js";

const NAMES = ["Llama-3.1_8B", "llama3", "qwen2.5", "qwen2.5:7b", "deepseek-r1", "deepseek", "r1", "rtx4090", "4090", "m3max", "a", "ikea"];
const byKey = new Map(NAMES.map((n, i) => [compactKey(n), i] as const));
const keys = new FoldedKeys(byKey);

// typed texts: case, separators, prefixes, over-long runs, non-ASCII letters that lowercase to ASCII
const TEXTS = [
	"",
	" ",
	"-",
	"llama 3.1 8b",
	"LLAMA-3.1-8B",
	"llama3.1",
	"llama",
	"llama3 q4_k_m 2x4090",
	"Qwen2.5",
	"qwen 2.5 7b",
	"deepseek r1",
	"deepseek-r1 32k",
	"DeepSeek",
	"r",
	"r1",
	"R1?",
	"4090",
	"rtx 4090",
	"RTX-4090 24gb",
	"m3 max",
	"m3 max 128gb",
	"a",
	"A",
	"ab",
	"İkea",
	"\u212Aey",
	"ıkea",
	"llama3.1:8b",
	"qwen2.5:latest",
	"zzz",
	"...",
	"3.",
	".",
];

describe("FoldedKeys", () => {
	it("finds what a map keyed by compactKey finds", () => {
		for (const t of TEXTS) expect([t, keys.get(t)]).toEqual([t, byKey.get(compactKey(t))]);
	});
	it("knows which texts start some key", () => {
		for (const t of TEXTS) {
			const key = compactKey(t);
			expect([t, keys.hasPrefix(t)]).toEqual([t, [...byKey.keys()].some((k) => k.startsWith(key))]);
		}
	});
	it("an empty map has only the empty prefix", () => {
		const none = new FoldedKeys(new Map<string, number>());
		expect(none.get("x")).toBeUndefined();
		expect(none.hasPrefix("")).toBe(true);
		expect(none.hasPrefix("-")).toBe(true);
		expect(none.hasPrefix("x")).toBe(false);
	});
});
