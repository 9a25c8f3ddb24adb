/**
 * Tables laid out for a phone (issue 16): a 400 px wide chat client shows about 40 monospace
 * characters a line in a Discord code block (Slack's about the same), so every line stays within
 * PHONE_TABLE_WIDTH. The command's `narrow` variant is used when it has one (fewer columns, units once
 * in the header, quality as one word); otherwise the wide table keeps its leftmost columns that fit.
 * When a line is still too wide the first column (the name) is cut, with "…".
 */
import type { AnswerTable } from "./answer.js";
import { mayEndInWhitespace, rule, spaces } from "./spaces.js";

export const PHONE_TABLE_WIDTH = 40;
/** the first column is never cut below this many characters (a name must stay recognisable) */
const MIN_NAME_CHARS = 8;
const GAP = " ";
/** a cell that reads as a number (right-aligned so the digits line up): "42.5", "1,234", "n/a" */
const NUMERIC = /^(?:[-+]?[\d,]+(?:\.\d+)?|n\/a|\?)$/;

function cut(text: string, max: number): string {
	if (text.length <= max) return text;
	return max <= 1 ? "…" : `${text.slice(0, max - 1)}…`;
}

/** The columns and rows to show: the narrow variant, or the wide table's leftmost columns that fit. */
export function phoneTable(table: AnswerTable, width = PHONE_TABLE_WIDTH): { columns: string[]; rows: string[][] } {
	if (table.narrow !== undefined) return table.narrow;
	let keep = table.columns.length;
	const widthOf = (i: number): number => Math.max((table.columns[i] ?? "").length, ...table.rows.map((r) => (r[i] ?? "").length));
	// drop columns from the right while the table is too wide, keeping at least two
	while (keep > 2) {
		let total = 0;
		for (let i = 0; i < keep; i++) total += (i > 0 ? GAP.length : 0) + (i === 0 ? Math.min(widthOf(0), MIN_NAME_CHARS * 2) : widthOf(i));
		if (total <= width) break;
		keep--;
	}
	return { columns: table.columns.slice(0, keep), rows: table.rows.map((r) => r.slice(0, keep)) };
}

/** How many rows the phone table of `table` has (before any `maxRows` cut). */
export function phoneTableRowCount(table: AnswerTable): number {
	return (table.narrow ?? table).rows.length;
}

/**
 * Header, rule and rows, each line at most `width` characters (code points of the BMP). The first
 * `maxRows` rows set the column widths; lines are made for the first `shownRows` of them only (a
 * compact answer shows three rows of a table laid out for all of them).
 */
export function phoneTableLines(table: AnswerTable, width = PHONE_TABLE_WIDTH, maxRows = Number.POSITIVE_INFINITY, shownRows = maxRows): string[] {
	const { columns, rows: allRows } = phoneTable(table, width);
	const rows = allRows.length > maxRows ? allRows.slice(0, maxRows) : allRows;
	const n = columns.length;
	const widths: number[] = [];
	const numeric: boolean[] = [];
	for (let i = 0; i < n; i++) {
		let w = (columns[i] ?? "").length;
		let allNumeric = rows.length > 0;
		for (const r of rows) {
			const cell = r[i] ?? "";
			if (cell.length > w) w = cell.length;
			// once a column has a word in it, the rest of its cells only count for its width
			if (allNumeric && !NUMERIC.test(cell)) allNumeric = false;
		}
		widths.push(w);
		numeric.push(allNumeric && i > 0);
	}
	// cut the first column (then any other, widest first) until a line fits
	const total = (): number => widths.reduce((s, w) => s + w, 0) + GAP.length * Math.max(0, n - 1);
	while (total() > width) {
		let widest = 0;
		for (let i = 1; i < n; i++) if ((widths[i] ?? 0) > (widths[widest] ?? 0) && !numeric[i]) widest = i;
		if ((widths[0] ?? 0) > MIN_NAME_CHARS) widest = 0;
		const excess = total() - width;
		const next = Math.max(1, (widths[widest] ?? 0) - excess);
		if (next === widths[widest]) break;
		widths[widest] = next;
	}
	const line = (cells: readonly string[]): string => {
		let out = "";
		let cell = "";
		for (let i = 0; i < n; i++) {
			const w = widths[i] ?? 0;
			cell = cut(cells[i] ?? "", w);
			if (i > 0) out += GAP;
			// numbers are right-aligned (their header too), the last text column is not padded
			if (numeric[i]) out += spaces(w - cell.length) + cell;
			else out += i === n - 1 ? cell : cell + spaces(w - cell.length);
		}
		// the line ends with its last cell: only one that may end in whitespace leaves anything to trim
		return cut(mayEndInWhitespace(cell) ? out.trimEnd() : out, width);
	};
	let under = "";
	for (let i = 0; i < n; i++) under += (i > 0 ? GAP : "") + rule(widths[i] ?? 0);
	const lines = [line(columns), under];
	const shown = Math.min(rows.length, shownRows);
	for (let r = 0; r < shown; r++) lines.push(line(rows[r] ?? []));
	return lines;
}
