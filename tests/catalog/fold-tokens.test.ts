/**
 * tokens() (src/catalog/fold.ts) builds one output array instead of an array per part (issue 18: it
 * runs on every run of words a question tries). Its answers must be the earlier implementation's,
 * kept here as the reference, for names and for any text a user can type.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { tokens } from "../../src/catalog/fold.js";
import { hostileQueries } from "../../bench/hostile.js";

function referenceTokens(text: string): string[] {
	const lower = text
		.toLowerCase()
		.replace(/\.(?!\d)/g, " ")
		.replace(/(^|[\s\-_/:])a(\d+(?:\.\d+)?b)\b/g, "$1@$2");
	return lower
		.split(/[\s\-_/:,()[\]]+/)
		.flatMap((t) => (t.startsWith("@") ? [`a${t.slice(1)}`] : /^\d+x\d+(?:\.\d+)?b$/.test(t) ? [t] : t.replace(/([a-z])(\d)/g, "$1 $2").split(" ")))
		.filter((t) => t !== "");
}

describe("tokens", () => {
	const cat = getCatalog();

	it("splits every catalog name and every hostile line as the reference does", () => {
		for (const m of cat.models) for (const n of [m.id, m.name, m.family, ...m.aliases]) expect(tokens(n)).toEqual(referenceTokens(n));
		for (const line of hostileQueries(cat, 500, 3)) expect(tokens(line)).toEqual(referenceTokens(line));
	});

	it("splits any text as the reference does", () => {
		const piece = fc.oneof(
			fc.constantFrom(
				"a3b",
				"A22B",
				"8x7b",
				"1.5b",
				"qwen3",
				"llama3.1",
				"r1",
				"@x",
				"@",
				".",
				"..",
				"-",
				"_",
				"/",
				":",
				",",
				"(",
				")",
				"[",
				"]",
				" ",
				"\u00a0",
				"\t",
				"é",
				"İ",
				"3",
				"a",
				"b",
			),
			fc.string({ maxLength: 6 }),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
				const text = parts.join("");
				expect(tokens(text)).toEqual(referenceTokens(text));
			}),
			{ numRuns: 2000, seed: 18 },
		);
	});
});
