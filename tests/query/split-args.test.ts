/**
 * splitArgs cuts a printable ASCII line in one pass and leaves other lines to the regex split and
 * the quote scan: its words must be the regex split's (empty words dropped) for any line without
 * quotes, and the quote scan's for any line with them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileQueries } from "../../bench/hostile.js";
import { benchmarkQueries } from "../../bench/queries.js";
import { getCatalog } from "../../src/catalog/index.js";
import { splitArgs } from "../../src/query/tokenize.js";

/** The split as it was before the one-pass cut: regex split, empty words dropped (lines without quotes). */
function referenceSplit(line: string): string[] {
	return line.split(/[\s,;]+/).filter((w) => w.length > 0);
}

describe("splitArgs", () => {
	const cat = getCatalog();

	it("splits bench and hostile lines without quotes as the regex split does", () => {
		for (const line of [...benchmarkQueries(cat, 2000, 3), ...hostileQueries(cat, 500, 6)]) {
			if (line.includes('"') || line.includes("'")) continue;
			expect(splitArgs(line)).toEqual(referenceSplit(line));
		}
	});

	it("splits any line without quotes as the regex split does", () => {
		const piece = fc.oneof(
			fc.constantFrom(" ", ",", ";", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u0001", "\u007f", "qwen3", "32b", "é", "×", "-", ""),
			fc.string({ maxLength: 4 }),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
				const line = parts.join("").replace(/["']/g, "");
				expect(splitArgs(line)).toEqual(referenceSplit(line));
			}),
			{ numRuns: 3000, seed: 21 },
		);
	});

	it("still groups quoted words and keeps apostrophes inside words", () => {
		expect(splitArgs(`--hardware "m3 max 128gb" qwen3`)).toEqual(["--hardware", "m3 max 128gb", "qwen3"]);
		expect(splitArgs("what's the best, for 'rtx 4090'")).toEqual(["what's", "the", "best", "for", "rtx 4090"]);
		expect(splitArgs("can my\u00a0'3090' run it")).toEqual(["can", "my", "3090", "run", "it"]);
	});
});
