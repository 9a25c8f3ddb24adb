/**
 * Issue 18: the one fuzzy entry (src/catalog/lazy-fuse.ts) bounds what fuse.js is asked. A pattern
 * longer than any key plus FUZZY_LENGTH_SLACK matches nothing (without a search), and a pattern is
 * scored only against the keys the candidate screen lets through (shared characters and character
 * pairs): the results must be exactly plain fuse.js's.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import type FuseType from "fuse.js";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/catalog/index.js";
import { CandidateScreen, FUZZY_LENGTH_SLACK, fuseConstructor, maxBitapErrors } from "../../src/catalog/lazy-fuse.js";
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

	it("a name with as many edits as fuse.js accepts (and one more) is answered as plain fuse.js does: the screen's bounds are tight, not loose", () => {
		// every edit kind at every position, up to the most errors the threshold allows and one past it
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-";
		const edited = (name: string, seed: number, edits: number): string => {
			let out = name;
			let r = seed;
			const next = () => {
				r = (r * 1103515245 + 12345) % 2 ** 31;
				return r;
			};
			for (let k = 0; k < edits; k++) {
				const at = next() % (out.length + 1);
				const ch = alphabet[next() % alphabet.length] ?? "x";
				const kind = next() % 3;
				out =
					kind === 0 ? out.slice(0, at) + ch + out.slice(at + 1) : kind === 1 ? out.slice(0, at) + ch + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
			}
			return out;
		};
		for (const [docs, threshold, limit] of [
			[modelWords, 0.34, 1],
			[deviceKeys, 0.25, 30],
		] as const) {
			const options = typeof docs[0] === "string" ? { includeScore: true, threshold } : { keys: ["key"], includeScore: true, threshold };
			const bounded = new (fuseConstructor())(docs as readonly unknown[], options);
			const plain = new Fuse(docs as readonly unknown[], options);
			let matched = 0;
			docs.forEach((doc, i) => {
				if (i % 3 !== 0) return;
				const name = typeof doc === "string" ? doc : (doc as { key: string }).key;
				const most = maxBitapErrors(name.length, threshold);
				for (const edits of [most, most + 1]) {
					const pattern = edited(name, i * 7 + edits, edits);
					const got = bounded.search(pattern, { limit });
					expect(got).toEqual(plain.search(pattern, { limit }));
					if (got.length > 0) matched++;
				}
			});
			// the edge is exercised: many of these still match
			expect(matched).toBeGreaterThan(50);
		}
	});

	it("the screen lets few keys through for a random word, so a typo search scores a handful of names, not the catalog", () => {
		const texts = modelWords.map((w) => [w]);
		const screen = new CandidateScreen(texts);
		let rand = 5;
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.:+=";
		const through: number[] = [];
		for (let n = 0; n < 500; n++) {
			let w = "";
			const length = 4 + (n % 20);
			for (let i = 0; i < length; i++) {
				rand = (rand * 1103515245 + 12345) % 2 ** 31;
				w += alphabet[rand % alphabet.length];
			}
			through.push(screen.candidates(w, 0.34).length);
		}
		through.sort((a, b) => a - b);
		// (every key would be scored without the screen)
		expect(through[Math.floor(through.length / 2)] ?? Number.POSITIVE_INFINITY).toBeLessThan(modelWords.length / 50);
		expect(through[through.length - 1] ?? Number.POSITIVE_INFINITY).toBeLessThan(modelWords.length / 4);
	});

	it("the most errors fuse.js accepts, per chunk length: its own errors / length ≤ threshold", () => {
		expect(maxBitapErrors(4, 0.34)).toBe(1);
		expect(maxBitapErrors(6, 0.34)).toBe(2);
		expect(maxBitapErrors(3, 0.34)).toBe(1);
		expect(maxBitapErrors(32, 0.25)).toBe(8);
		expect(maxBitapErrors(8, 0.25)).toBe(2);
		expect(maxBitapErrors(5, 1)).toBe(5);
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
