/**
 * The terminal rendering's tables, by hand: columns padded to the widest cell, the last cell never
 * padded, trailing whitespace trimmed (an empty last cell, a last cell ending in a no-break space)
 * while the indent stays, long cells cut to 60 columns with "…", and display widths in code points.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyAnswer } from "../../commands/lib/answers.js";
import type { AnswerTable } from "../../src/answer/answer.js";
import { renderText, wrap, wrapAfter } from "../../src/cli/render-text.js";

function tableOnly(table: AnswerTable): string {
	return renderText({ ...emptyAnswer("vram", "Title"), tables: [table] });
}

describe("renderText tables", () => {
	it("pads every cell but the last and trims only the cells' trailing whitespace", () => {
		const text = tableOnly({ title: "T", columns: ["Name", "Size", "Note"], rows: [["a", "1", ""], ["", "", ""], ["bb", "22", "x\u00a0"], ["c"], []] });
		expect(text).toBe(["Title", "", "T", "  Name  Size  Note", "  ────  ────  ────", "  a     1", "  ", "  bb    22    x", "  c", "  ", ""].join("\n"));
	});

	it("measures in code points and cuts long cells to 60 columns", () => {
		const long = `${"x".repeat(70)} end`;
		const text = tableOnly({
			title: "T",
			columns: ["A", "B"],
			rows: [
				["🙂🙂", "y"],
				[long, "z"],
			],
		});
		const lines = text.split("\n");
		expect(lines[3]).toBe(`  A${" ".repeat(59)}  B`);
		expect(lines[5]).toBe(`  🙂🙂${" ".repeat(58)}  y`);
		expect(lines[6]).toBe(`  ${"x".repeat(59)}…  z`);
	});

	it("says (none) for a table without rows", () => {
		expect(tableOnly({ title: "T", columns: ["A", "B"], rows: [] })).toBe("Title\n\nT\n  A  B\n  ─  ─\n  (none)\n");
	});
});

describe("wrapAfter", () => {
	// words of spaces, letters, newlines, a surrogate pair and a two-byte letter, so every way of
	// breaking (and every fallback to the joined text) is reached
	const piece = fc.constantFrom(" ", "  ", "a", "bb", "cccccc", "\n", "🙂", "é", "x".repeat(30));
	const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(""));

	it("wraps head + body exactly as wrap() wraps the joined text", () => {
		fc.assert(
			fc.property(text, text, fc.integer({ min: 0, max: 50 }), fc.constantFrom("", "  ", "    ", "🙂 "), (head, body, width, indent) => {
				expect(wrapAfter(head, body, width, indent)).toBe(wrap(head + body, width, indent));
			}),
			{ numRuns: 3000 },
		);
	});

	it("keeps the answer's own layouts: a bullet, a label, an indent", () => {
		const body = "It would take 13× GeForce RTX 4090 to hold it fully, with room for a 32K context and a second sequence.";
		for (const head of ["  • ", "  ", "NO SINGLE GPU · ", "  Model          "]) {
			for (const width of [20, 40, 100]) expect(wrapAfter(head, body, width, "    ")).toBe(wrap(head + body, width, "    "));
		}
	});
});
