/**
 * sizesAgree finds the sizes typed in an exact name's text by scanning back from each "b" instead of
 * a global regex: its answer must be the regex version's (kept here as the reference) for catalog
 * names, bench and hostile lines, and any text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileQueries } from "../../bench/hostile.js";
import { benchmarkQueries } from "../../bench/queries.js";
import { getCatalog } from "../../src/catalog/index.js";
import { sizesAgree } from "../../src/catalog/resolve-model.js";
import type { Model } from "../../src/catalog/schema.js";

const TYPED_SIZE = /(?:^|[\s:_/-])(\d+(?:\.\d+)?)b(?=$|[\s:_/-])/gi;

function referenceSizesAgree(text: string, m: Model): boolean {
	if (!/\db/i.test(text)) return true;
	const own = new Set(
		[m.id, m.name, ...m.aliases, ...m.ollamaTags].flatMap((n) => n.toLowerCase().split(/[^a-z0-9.]+/)).filter((w) => /^\d+(?:\.\d+)?b$/.test(w)),
	);
	TYPED_SIZE.lastIndex = 0;
	for (let found = TYPED_SIZE.exec(text); found !== null; found = TYPED_SIZE.exec(text)) {
		if (own.has(`${found[1]}b`)) continue;
		const billions = Number(found[1]) * 1e9;
		const near = (p: number) => Math.abs(p - billions) <= 0.1 * billions;
		if (!near(m.totalParams) && !near(m.activeParams)) return false;
	}
	return true;
}

describe("sizesAgree", () => {
	const cat = getCatalog();
	const models = cat.models;

	it("agrees with the regex reference on catalog names and bench and hostile lines", () => {
		const texts = [
			...models.flatMap((m) => [m.id, m.name, ...m.aliases, ...m.ollamaTags]),
			...benchmarkQueries(cat, 1000, 5),
			...hostileQueries(cat, 300, 2),
			"gemma 31b",
			"qwen 38b",
			"deepseek r1 671b",
			"x-.5b",
			"1..5b",
			"a1.5b",
			"-12.5B:",
			"7b\u00a08b",
			"1.5b-2b",
		];
		texts.forEach((t, k) => {
			for (const m of [models[k % models.length], models[(k * 31) % models.length]]) {
				if (m !== undefined) expect(sizesAgree(t, m)).toBe(referenceSizesAgree(t, m));
			}
		});
	});

	it("agrees with the regex reference on any text", () => {
		const piece = fc.oneof(
			fc.constantFrom("b", "B", "1", "32", "0.5", ".", "..", " ", ":", "_", "/", "-", "\u00a0", "\u2003", "\t", "x", "qwen", "7b", "70b", "1.5b"),
			fc.string({ maxLength: 3 }),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 10 }), fc.nat(models.length - 1), (parts, k) => {
				const text = parts.join("");
				const m = models[k];
				if (m !== undefined) expect(sizesAgree(text, m)).toBe(referenceSizesAgree(text, m));
			}),
			{ numRuns: 4000, seed: 5 },
		);
	});
});
