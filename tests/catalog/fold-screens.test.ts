/**
 * Screens the parser asks before a lookup must never turn a hit away: foldsTo(text, key) is
 * compactKey(text) === key without the copy, and mayStartQuant is true for every word that names a
 * quantization or starts a run of words that does ("int4 qat", "native int4").
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileQueries } from "../../bench/hostile.js";
import { compactKey, foldsTo } from "../../src/catalog/fold.js";
import { getCatalog } from "../../src/catalog/index.js";
import { mayNameHubRepo, mayStartQuant, ollamaTags, resolveModel, resolveQuantExact } from "../../src/catalog/lookup.js";
import { benchmarkQueries } from "../../bench/queries.js";

const cat = getCatalog();

const piece = fc.oneof(
	fc.constantFrom("Qwen3", "gemma", "4", "3.5", "-", "_", " ", ".", ":", "/", "K", "İ", "é", "ß", "\u212a", "Q4_K_M", "int4", "qat", "exl2", "EXL3"),
	fc.string({ maxLength: 5 }),
);

describe("foldsTo", () => {
	it("agrees with compactKey over catalog names, families and hostile lines", () => {
		const names = cat.models.flatMap((m) => [m.id, m.name, m.family, ...m.aliases]);
		const keys = [...new Set(names.map(compactKey))];
		for (const n of names) {
			expect(foldsTo(n, compactKey(n))).toBe(true);
			// against some other keys too: a prefix, an extension and unrelated keys
			const k = compactKey(n);
			for (const other of [k.slice(0, -1), `${k}x`, keys[(k.length * 7) % keys.length] ?? ""]) expect(foldsTo(n, other)).toBe(compactKey(n) === other);
		}
		for (const line of hostileQueries(cat, 300, 4)) expect(foldsTo(line, compactKey(line))).toBe(true);
	});

	it("agrees with compactKey for any text and key", () => {
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 8 }), fc.array(piece, { maxLength: 8 }), (a, b) => {
				const text = a.join("");
				const key = compactKey(b.join(""));
				expect(foldsTo(text, key)).toBe(compactKey(text) === key);
				expect(foldsTo(text, compactKey(text))).toBe(true);
			}),
			{ numRuns: 3000, seed: 13 },
		);
	});
});

describe("mayStartQuant", () => {
	it("holds for every quantization name, each of its words run together, and what follows it", () => {
		for (const q of cat.quants) {
			for (const n of [q.id, q.name, ...q.aliases]) {
				const lower = n.toLowerCase();
				expect(mayStartQuant(cat, lower)).toBe(true);
				const first = lower.split(/\s+/)[0] ?? "";
				if (resolveQuantExact(cat, lower) !== null) expect(mayStartQuant(cat, first)).toBe(true);
			}
		}
	});

	it("is true whenever a word, or the word and the next, names a quantization", () => {
		const words = fc.oneof(
			fc.constantFrom(...cat.quants.flatMap((q) => [q.id, q.name, ...q.aliases].flatMap((n) => n.toLowerCase().split(/\s+/)))),
			fc.constantFrom("native", "qat", "awq", "int4", "exl2", "exl3", "4.5bpw", "6", "bit", "gemma", "3090", "q4", "k", "m", "İnt4", "\u212a"),
			fc.string({ maxLength: 5 }),
		);
		fc.assert(
			fc.property(words, words, (w, next) => {
				if (w.length === 0) return;
				const lw = w.toLowerCase();
				const ln = next.toLowerCase();
				if (resolveQuantExact(cat, lw) !== null || resolveQuantExact(cat, `${lw} ${ln}`) !== null) expect(mayStartQuant(cat, lw)).toBe(true);
			}),
			{ numRuns: 5000, seed: 8 },
		);
	});
});

describe("mayNameHubRepo", () => {
	it("holds for every text whose model answer names a Hub repo (Ollama names and tags, bench and hostile words)", () => {
		const table = ollamaTags(cat);
		const texts = [
			...[...table.byName.keys()].flatMap((name) => [name, name.toUpperCase(), `${name}:latest`, `${name}:7b`]),
			...table.tags.map((t) => t.ref),
			...[...benchmarkQueries(cat, 2000, 9), ...hostileQueries(cat, 300, 9)].flatMap((line) => line.split(/\s+/)),
			"gemma4:31b",
			" qwen3 ",
			"nemotron",
		];
		let named = 0;
		for (const text of texts) {
			if (typeof resolveModel(cat, text).hubRepo !== "string") continue;
			named++;
			expect(mayNameHubRepo(cat, text)).toBe(true);
		}
		// the check has cases to fail on: the table has tags of repos the catalog lacks
		expect(named).toBeGreaterThan(0);
		// and it screens out plain model words
		expect(mayNameHubRepo(cat, "qwen3-32b-instruct-blorp")).toBe(false);
	});
});
