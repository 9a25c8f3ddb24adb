/**
 * The one CSV/TSV reader the catalog scripts share (scripts/lib/parse-delimited.ts): gpus.csv lets a
 * quote open anywhere and skips blank lines; the quality TSV opens quotes only at a field's start.
 */
import { describe, expect, it } from "vitest";
import { parseDelimited } from "../../scripts/lib/parse-delimited.js";

const CSV = { quoteOpens: "anywhere", skipSingleFieldRows: true } as const;
const TSV = { quoteOpens: "field-start", skipSingleFieldRows: false } as const;

describe("parseDelimited", () => {
	it("reads quoted fields holding the separator, a newline and doubled quotes", () => {
		const text = 'name,notes\r\n"RTX 4090, 24GB","says ""fast""\nsecond line"\n';
		expect(parseDelimited(text, ",", CSV)).toEqual([{ name: "RTX 4090, 24GB", notes: 'says "fast"\nsecond line' }]);
	});

	it("lets a quote open mid-field only when asked", () => {
		const text = 'a\tb\nx "y\tz" w\tlast\n';
		expect(parseDelimited(text, "\t", { ...TSV, quoteOpens: "anywhere" })).toEqual([{ a: "x y\tz w", b: "last" }]);
		// field-start: the quotes are text, so the tab inside them splits the field (a third, unnamed one)
		expect(parseDelimited(text, "\t", TSV)).toEqual([{ a: 'x "y', b: 'z" w' }]);
	});

	it("skips single-field rows only when asked, and fills missing fields with empty text", () => {
		const text = "a,b,c\n1,2\n\n3,4,5";
		expect(parseDelimited(text, ",", CSV)).toEqual([
			{ a: "1", b: "2", c: "" },
			{ a: "3", b: "4", c: "5" },
		]);
		expect(parseDelimited(text, ",", { ...CSV, skipSingleFieldRows: false })).toHaveLength(3);
	});

	it("reads an empty text as no rows", () => {
		expect(parseDelimited("", ",", CSV)).toEqual([]);
		expect(parseDelimited("only,header", ",", TSV)).toEqual([]);
	});
});
