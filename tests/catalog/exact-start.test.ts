/**
 * The parser's exact-name step and echo: longestExactModelRun (the longest run of words at a position
 * that resolveModelExact names, runs of plain words read in one pass) and echoWord's plain-word path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { longestExactModelRun, resolveModelExact } from "../../src/catalog/lookup.js";
import { getCatalog } from "../../src/catalog/index.js";
import { echoWord } from "../../src/query/sanitize.js";

const cat = getCatalog();

/** What the parser did before: join each run, longest first, and ask resolveModelExact. */
function runByRun(words: readonly string[], start: number, max: number): { length: number; id: string; text: string } | null {
	for (let len = max; len >= 1; len--) {
		const text = words.slice(start, start + len).join(" ");
		const m = resolveModelExact(cat, text);
		if (m !== null) return { length: len, id: m.id, text };
	}
	return null;
}

function longest(words: readonly string[], start: number, max: number): { length: number; id: string; text: string } | null {
	const found = longestExactModelRun(cat, words, start, max);
	return found === null ? null : { length: found.length, id: found.model.id, text: found.text };
}

/** Every way the catalog spells a model, lowercased and split into words as a question would be. */
const NAME_WORDS: string[][] = cat.models.flatMap((m) => [m.id, m.name, ...m.aliases, ...m.ollamaTags].map((n) => n.toLowerCase().split(/\s+/)));

describe("longestExactModelRun", () => {
	it("finds every catalog name as a run, with words after it, as run-by-run lookups do", () => {
		let named = 0;
		for (const name of NAME_WORDS) {
			const words = ["can", "my", "3090", "run", ...name, "q4_k_m", "32k", "vllm"];
			for (const start of [0, 3, 4]) {
				const max = Math.min(7, words.length - start);
				const want = runByRun(words, start, max);
				expect(longest(words, start, max), name.join(" ")).toEqual(want);
				if (start === 4 && want !== null) named++;
			}
		}
		expect(named).toBeGreaterThan(1000);
	});

	it("keeps a typed size binding: a run that folds like another size's name is not it", () => {
		// "gemma 31b" folds like "gemma3 1b", "qwen 38b" like "qwen3 8b"
		expect(longest(["gemma", "31b", "4090"], 0, 3)).toBeNull();
		expect(longest(["qwen", "38b"], 0, 2)).toBeNull();
		expect(longest(["gemma3", "1b", "4090"], 0, 3)).toEqual({ length: 2, id: "gemma-3-1b-it", text: "gemma3 1b" });
		expect(longest(["run", "qwen3", "8b", "fast"], 1, 3)).toEqual({ length: 2, id: "qwen3-8b", text: "qwen3 8b" });
	});

	it("answers as run-by-run lookups for any words (sizes that disagree, tags, non-ASCII, odd spacing)", () => {
		const word = fc.constantFrom(
			..."qwen3 qwen 3 32b 31b 8b gemma 4 gemma3 1b deepseek-r1 r1 deepseek :latest qwen3:8b qwq:latest llama 3.1 70b İ - 4090 q4_k_m Qwen3-32B a3b 30b".split(
				" ",
			),
			"",
			" qwen3",
			"qwen3 32b",
		);
		fc.assert(
			fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.nat(7), fc.integer({ min: 0, max: 7 }), (words, at, max) => {
				const start = Math.min(at, words.length - 1);
				const m = Math.min(max, words.length - start);
				expect(longest(words, start, m)).toEqual(m <= 0 ? null : runByRun(words, start, m));
			}),
			{ numRuns: 2000 },
		);
	});
});

describe("echoWord", () => {
	it("keeps a plain name as typed and still cleans everything else", () => {
		for (const w of ["qwen3", "Qwen/Qwen3-32B", "deepseek-r1:8b", "+64gb", "ctx=16384", "gemma_3"]) expect(echoWord(w)).toBe(w);
		expect(echoWord("@everyone")).toBe("everyone");
		expect(echoWord("<@123>")).toBe("123");
		expect(echoWord("ｑｗｅｎ３")).toBe("qwen3");
		expect(echoWord("a  b")).toBe("a b");
		expect(echoWord("x".repeat(41))).toBe(`${"x".repeat(39)}…`);
		expect(echoWord("x".repeat(40))).toBe("x".repeat(40));
	});

	it("returns only characters it keeps, at most 40 long, whatever the word", () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (w) => {
				const e = echoWord(w);
				expect(e.length).toBeLessThanOrEqual(40);
				expect(/[<>@!#`*]/.test(e)).toBe(false);
				// a word of only kept ASCII characters comes back as it is
				if (/^[A-Za-z0-9._:+\-/=]{0,40}$/.test(w)) expect(e).toBe(w);
			}),
		);
	});
});
