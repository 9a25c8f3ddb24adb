/**
 * Quantization words from Hugging Face file names that the catalog has no entry for: Unsloth dynamic
 * mixes ("UD-Q4_K_XL") are read as their base llama.cpp type with a note, never as model words or
 * ignored words (the reference's `query` column writes them as people do).
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";
import { dynamicQuant } from "../../src/query/quant-words.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);
const known = new Set(["q2_k", "q3_k_m", "q4_k_m", "q5_k_m", "q6_k", "q8_0", "iq1_s", "iq2_xxs", "iq1_m"]);
const isQuant = (w: string) => known.has(w);

describe("dynamicQuant (words table)", () => {
	it.each([
		["ud-q4_k_xl", "q4_k_m"],
		["UD-Q3_K_XL", "q3_k_m"],
		["ud_q2_k_xl", "q2_k"],
		["UD-Q8_K_XL", "q8_0"],
		["q5_k_xl", "q5_k_m"],
		["ud-iq1_s", "iq1_s"],
		["UD-IQ2_XXS", "iq2_xxs"],
		["ud-q6_k_xl", "q6_k"],
	])("%s → %s", (word, base) => {
		expect(dynamicQuant(word, isQuant)?.base).toBe(base);
		expect(dynamicQuant(word, isQuant)?.note).toContain("Unsloth dynamic mix");
	});
	it.each(["q4_k_m", "iq1_s", "ud-", "ud-q9_k_xl", "ud-llama", "mistral", "ud-q4_k_xl_extra_long_word", "__proto__", "ud-constructor"])(
		"%s is not a dynamic mix",
		(word) => {
			expect(dynamicQuant(word, isQuant)).toBeNull();
		},
	);
});

describe("queries with dynamic-mix words (reference rows and others)", () => {
	it.each([
		["mistral small 3.1 24b ud-q4_k_xl strix halo 128gb ctx=512 fa=off", "mistral-small-3.1-24b-instruct-2503", "Q4_K_M"],
		["qwen3 235b a22b instruct 2507 ud-q3_k_xl strix halo 128gb ctx=512", "qwen3-235b-a22b-instruct-2507", "Q3_K_M"],
		["llama 4 scout UD-Q4_K_XL on 2x 3090", "llama-4-scout-17b-16e-instruct", "Q4_K_M"],
		["qwq 32b ud-q8_k_xl 48gb", "qwq-32b", "Q8_0"],
		["gemma 3 27b quant=ud-q4_k_xl 4090", "gemma-3-27b-it", "Q4_K_M"],
	])("%s", (text, model, quant) => {
		const r = parse(text);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.query.model?.model.id).toBe(model);
		expect(r.query.quant?.id).toBe(quant);
		expect(r.query.ignored).toEqual([]);
		expect(r.query.notes.some((n) => n.includes("Unsloth dynamic mix"))).toBe(true);
	});
	it("a catalog quant word carries no dynamic-mix note", () => {
		const r = parse("qwen3 30b a3b q4_k_m 4090");
		expect(r.ok && r.query.notes.some((n) => n.includes("Unsloth"))).toBe(false);
	});
});
