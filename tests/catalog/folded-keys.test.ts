import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactKey } from "../../src/catalog/fold.js";
import { FoldedKeys, WordPrefixLookup } from "../../src/catalog/folded-keys.js";

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

	it("answers as a compactKey map for any keys and texts (the first character read through its table)", () => {
		// few characters, so that keys and texts share beginnings and differ by one character
		const text = fc.string({ unit: fc.constantFrom(..."ab0.- AİK".split("")), maxLength: 5 });
		fc.assert(
			fc.property(fc.array(text, { maxLength: 12 }), fc.array(text, { maxLength: 12 }), (names, texts) => {
				const map = new Map(names.map((n, i) => [compactKey(n), i] as const));
				const folded = new FoldedKeys(map);
				// a run of words and then its shorter runs, as the parser asks them (one pass answers all)
				const runs = new WordPrefixLookup(folded);
				const words = texts.join(" ").split(" ");
				for (let n = words.length; n >= 1; n--) {
					const run = words.slice(0, n).join(" ");
					expect(runs.get(run)).toBe(map.get(compactKey(run)));
				}
				for (const t of [...texts, ...names]) {
					const key = compactKey(t);
					expect(folded.get(t)).toBe(map.get(key));
					// (the empty folding is a prefix even with no keys, as tested above)
					expect(folded.hasPrefix(t)).toBe(key === "" || [...map.keys()].some((k) => k.startsWith(key)));
				}
			}),
			{ numRuns: 300 },
		);
	});

	it("reads a run of words as the text joining them (getRunPrefixes = getWordPrefixes of the join)", () => {
		const word = fc.string({ unit: fc.constantFrom(..."ab0.-_ AİK".split("")), maxLength: 5 });
		fc.assert(
			fc.property(fc.array(word, { maxLength: 12 }), fc.array(word, { maxLength: 8 }), fc.nat(3), (names, words, start) => {
				const folded = new FoldedKeys(new Map(names.map((n, i) => [compactKey(n), i] as const)));
				const count = Math.max(1, words.length - start);
				const run = [...words, ...Array(start + 1).fill("")].slice(start, start + count);
				const ends: number[] = [];
				const values: (number | undefined)[] = [];
				const read = folded.getWordPrefixes(run.join(" "), ends, values);
				const runEnds: number[] = [];
				const runValues: (number | undefined)[] = [];
				const padded = [...Array(start).fill("x"), ...run];
				expect(folded.getRunPrefixes(padded, start, run.length, runEnds, runValues)).toBe(read);
				expect(runEnds).toEqual(ends);
				expect(runValues).toEqual(values);
				// the lookup's run pass lists the same, and is not taken for a text it never joined
				const lookup = new WordPrefixLookup(folded);
				const listed = lookup.prefixesOfRun(padded, start, run.length);
				expect(listed === null ? null : [...listed.values]).toEqual(read < 0 ? null : values);
				expect(lookup.get(run.join(" "))).toBe(folded.get(run.join(" ")));
			}),
			{ numRuns: 1000, seed: 3 },
		);
	});
});
