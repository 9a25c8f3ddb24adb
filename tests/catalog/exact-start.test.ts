/**
 * The parser's screens before an exact-name lookup: mayStartExactModel (a run of words starting with
 * a word no exact name starts with is never joined and looked up) and echoWord's plain-word fast path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mayStartExactModel, resolveModelExact } from "../../src/catalog/lookup.js";
import { getCatalog } from "../../src/catalog/index.js";
import { echoWord } from "../../src/query/sanitize.js";

const cat = getCatalog();

/** Every way the catalog spells a model, split into words as a question would be. */
const NAME_WORDS: string[][] = cat.models.flatMap((m) => [m.id, m.name, ...m.aliases, ...m.ollamaTags].map((n) => n.toLowerCase().split(/\s+/)));

describe("mayStartExactModel", () => {
	it("holds for the first word of every name the exact lookup finds", () => {
		let checked = 0;
		for (const words of NAME_WORDS) {
			if (resolveModelExact(cat, words.join(" ")) === null) continue;
			expect(mayStartExactModel(cat, words[0] ?? ""), words.join(" ")).toBe(true);
			checked++;
		}
		expect(checked).toBeGreaterThan(1000);
	});

	it("is false only where no run of words from there is an exact name", () => {
		const starts = ["3090", "rtx", "h100", "q4_k_m", "vllm", "2x4090", "blorp", "qwen3", "deepseek-r1", "gemma", "qwq:latest", "İ", "-", ""];
		const tails = ["32b", "r1", "3", "coder", "instruct", "4090", "k2", "v3", ":latest"];
		fc.assert(
			fc.property(fc.constantFrom(...starts), fc.array(fc.constantFrom(...tails), { maxLength: 4 }), (first, rest) => {
				if (mayStartExactModel(cat, first)) return;
				for (let n = 0; n <= rest.length; n++) expect(resolveModelExact(cat, [first, ...rest.slice(0, n)].join(" "))).toBeNull();
			}),
		);
		// and it screens: hardware, quant and runtime words start no model name
		for (const w of ["3090", "2x4090", "q4_k_m", "vllm"]) expect(mayStartExactModel(cat, w), w).toBe(false);
		for (const w of ["qwen3", "deepseek-r1", "qwq:latest", "-"]) expect(mayStartExactModel(cat, w), w).toBe(true);
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
