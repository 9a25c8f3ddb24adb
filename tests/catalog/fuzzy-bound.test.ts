/**
 * Issue 18: the one fuzzy entry (src/catalog/lazy-fuse.ts) bounds what fuse.js is asked. A pattern
 * longer than any key plus FUZZY_LENGTH_SLACK matches nothing (without a search), and a pattern is
 * scored only against keys long enough to match it: the results must be exactly plain fuse.js's.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import type FuseType from "fuse.js";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { FUZZY_LENGTH_SLACK, fuseConstructor } from "../../src/catalog/lazy-fuse.js";
import { buildDeviceIndex, resolveDeviceWith } from "../../src/catalog/resolve-device.js";

const Fuse = createRequire(import.meta.url)("fuse.js") as typeof FuseType;
const cat = getCatalog();
const deviceKeys = [...new Map(buildDeviceIndex(cat).keys.map((k) => [k.key, { key: k.key }])).values()];
const modelWords = [...new Set(cat.models.flatMap((m) => m.name.toLowerCase().split(/[\s-]+/)))].filter((w) => w.length >= 3);

describe("the bounded fuzzy matcher", () => {
	it("answers exactly as plain fuse.js for patterns near catalog names (keyed and string lists)", () => {
		const bounded = new (fuseConstructor())(deviceKeys, { keys: ["key"], includeScore: true, threshold: 0.25 });
		const plain = new Fuse(deviceKeys, { keys: ["key"], includeScore: true, threshold: 0.25 });
		const boundedWords = new (fuseConstructor())(modelWords, { includeScore: true, threshold: 0.35 });
		const plainWords = new Fuse(modelWords, { includeScore: true, threshold: 0.35 });
		const typo = (source: readonly string[]) =>
			fc.tuple(fc.constantFrom(...source), fc.array(fc.tuple(fc.nat(60), fc.constantFrom("", "a", "x", "0", "-")), { maxLength: 4 })).map(([name, edits]) => {
				let out = name;
				for (const [at, ch] of edits) out = out.slice(0, at % (out.length + 1)) + ch + out.slice((at % (out.length + 1)) + (ch === "" ? 1 : 0));
				return out;
			});
		fc.assert(
			fc.property(typo(deviceKeys.map((k) => k.key)), typo(modelWords), (d, w) => {
				expect(bounded.search(d, { limit: 30 })).toEqual(plain.search(d, { limit: 30 }));
				expect(boundedWords.search(w, { limit: 1 })).toEqual(plainWords.search(w, { limit: 1 }));
			}),
			{ numRuns: 150, seed: 7 },
		);
	});

	it("the shared-characters screen changes no answer: random words and near names alike, as plain fuse.js", () => {
		const bounded = new (fuseConstructor())(deviceKeys, { keys: ["key"], includeScore: true, threshold: 0.25 });
		const plain = new Fuse(deviceKeys, { keys: ["key"], includeScore: true, threshold: 0.25 });
		const boundedWords = new (fuseConstructor())(modelWords, { includeScore: true, threshold: 0.34 });
		const plainWords = new Fuse(modelWords, { includeScore: true, threshold: 0.34 });
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-._:+= éü";
		const word = fc.array(fc.constantFrom(...alphabet), { minLength: 3, maxLength: 34 }).map((cs) => cs.join(""));
		let empty = 0;
		fc.assert(
			fc.property(word, (w) => {
				const got = bounded.search(w, { limit: 30 });
				expect(got).toEqual(plain.search(w, { limit: 30 }));
				expect(boundedWords.search(w, { limit: 1 })).toEqual(plainWords.search(w, { limit: 1 }));
				if (got.length === 0) empty++;
			}),
			{ numRuns: 300, seed: 11 },
		);
		// random words mostly match nothing: the screen's case, checked above against plain fuse.js
		expect(empty).toBeGreaterThan(100);
	});

	it("refuses a pattern longer than any name could be, without searching", () => {
		const bounded = new (fuseConstructor())(deviceKeys, { keys: ["key"], includeScore: true, threshold: 0.25 }) as unknown as {
			maxPatternLength: number;
			search: (p: string) => unknown[];
		};
		const longest = Math.max(...deviceKeys.map((k) => k.key.length));
		expect(bounded.maxPatternLength).toBe(longest + FUZZY_LENGTH_SLACK);
		expect(bounded.search("x".repeat(longest + FUZZY_LENGTH_SLACK + 1))).toEqual([]);
	});

	it("a 480-character word tried as a device name costs milliseconds, not most of a second", () => {
		const index = buildDeviceIndex(cat);
		resolveDeviceWith(index, "rtx 4909"); // builds the index (first use)
		const word = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(14).slice(0, 480);
		const started = process.cpuUsage();
		for (let i = 0; i < 5; i++) expect(resolveDeviceWith(index, `${word}${i}`).match).toBeNull();
		const used = process.cpuUsage(started);
		expect((used.user + used.system) / 1000 / 5).toBeLessThan(50);
	});
});
