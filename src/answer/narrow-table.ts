/**
 * Tables laid out for a phone (issue 16): a 400 px wide chat client shows about 40 monospace
 * characters a line in a Discord code block (Slack's about the same), so every line stays within
 * PHONE_TABLE_WIDTH. The command's `narrow` variant is used when it has one (fewer columns, units once
 * in the header, quality as one word); otherwise the wide table keeps its leftmost columns that fit.
 * When a line is still too wide the first column (the name) is cut, with "…".
 */
import type { AnswerTable } from "./answer.js";

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

/** Header, rule and rows, each line at most `width` characters (code points of the BMP). */
export function phoneTableLines(table: AnswerTable, width = PHONE_TABLE_WIDTH, maxRows = Number.POSITIVE_INFINITY): string[] {
	const { columns, rows: allRows } = phoneTable(table, width);
	const rows = allRows.slice(0, maxRows);
	const n = columns.length;
	const widths: number[] = [];
	const numeric: boolean[] = [];
	for (let i = 0; i < n; i++) {
		let w = (columns[i] ?? "").length;
		let allNumeric = rows.length > 0;
		for (const r of rows) {
			const cell = r[i] ?? "";
			if (cell.length > w) w = cell.length;
			if (!NUMERIC.test(cell)) allNumeric = false;
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
	const line = (cells: readonly string[], header: boolean): string => {
		let out = "";
		for (let i = 0; i < n; i++) {
			const w = widths[i] ?? 0;
			const cell = cut(cells[i] ?? "", w);
			const padded = numeric[i] && !header ? cell.padStart(w) : numeric[i] ? cell.padStart(w) : i === n - 1 ? cell : cell.padEnd(w);
			out += (i > 0 ? GAP : "") + padded;
		}
		return cut(out.trimEnd(), width);
	};
	const lines = [line(columns, true), widths.map((w) => "─".repeat(w)).join(GAP)];
	for (const r of rows) lines.push(line(r, false));
	return lines;
}
