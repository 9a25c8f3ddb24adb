/**
 * An Answer table as a monospaced code block inside one section's mrkdwn: columns padded to their
 * widest cell, rows cut when the section would pass Slack's 3,000-character text limit, with a note of
 * how many rows were left out. (Slack's newer `table` block allows one per message and is not shown by
 * every client, so the code block is the portable choice.)
 */
import type { AnswerTable } from "../answer/answer.js";
import { escapeSlackText } from "./escape.js";
import { jsonStringLength } from "./json-length.js";
import { SLACK_LIMITS, truncate } from "./limits.js";

/** Widest a single cell may be before it is cut, so one long name cannot push the table off-screen. */
export const TABLE_CELL_MAX_CHARS = 28;
const FENCE = "```";
/** every whitespace run becomes one space, so a cell stays on its row */
const WHITESPACE_RUN = /\s+/g;
/**
 * What that collapse would change: whitespace other than a plain space, or two spaces in a row. A cell
 * with neither (nearly all of them) is kept as it is, with no replace and no new string.
 */
const NEEDS_COLLAPSE = /[^\S ]| {2}/;

function clip(cell: string): string {
	const text = NEEDS_COLLAPSE.test(cell) ? cell.replace(WHITESPACE_RUN, " ") : cell;
	return truncate(text, TABLE_CELL_MAX_CHARS);
}

/**
 * Cells padded to their column's width, two spaces apart, trailing spaces dropped. The last cell is not
 * padded: trimEnd would take the padding off again.
 */
function padRow(cells: readonly string[], widths: readonly number[]): string {
	let line = "";
	const last = cells.length - 1;
	for (let i = 0; i <= last; i++) {
		const cell = cells[i] ?? "";
		if (i > 0) line += "  ";
		line += i === last ? cell : cell.padEnd(widths[i] ?? 0);
	}
	return line.trimEnd();
}

/**
 * What a line may need: a Slack entity (`&`, `<`, `>`) or a JSON escape (quote, backslash, control
 * character, surrogate). One test per line answers both; nearly every line has none of them.
 */
const NEEDS_ESCAPE_OR_JSON_ESCAPE = /[&<>"\\\u0000-\u001f\ud800-\udfff]/;

/** The compact table's text and its JSON string length (quotes included), as json-length.ts counts it. */
export interface MeasuredTable {
	text: string;
	jsonChars: number;
}

/**
 * `table` as `*title*` plus a code block, at most `maxChars` characters of escaped mrkdwn, with the
 * text's JSON length tracked while the lines are built: the line test that decides on escaping also
 * proves the line needs no JSON escape, so the 1–3,000-character text is not scanned again (measuring it afterwards was the Slack renderer's largest cost).
 */
export function measureCompactTable(table: AnswerTable, maxChars: number = SLACK_LIMITS.sectionText): MeasuredTable {
	const columns = table.columns.length;
	const header: string[] = [];
	const widths: number[] = [];
	for (const column of table.columns) {
		const cell = clip(column);
		header.push(cell);
		widths.push(cell.length);
	}
	// every row is cut to the header's columns, and widened columns are measured in the same pass
	const rows: string[][] = [];
	for (const row of table.rows) {
		const cells: string[] = [];
		for (let i = 0; i < columns; i++) {
			const cell = clip(row[i] ?? "");
			cells.push(cell);
			if (cell.length > (widths[i] ?? 0)) widths[i] = cell.length;
		}
		rows.push(cells);
	}

	// false once any piece needs a JSON escape: then the finished text is measured as a whole
	let plain = true;
	const escapeLine = (line: string): string => {
		if (!NEEDS_ESCAPE_OR_JSON_ESCAPE.test(line)) return line;
		plain = false;
		return escapeSlackText(line);
	};
	const title = `*${escapeLine(truncate(table.title, 200))}*\n`;
	const rule: string[] = [];
	for (const w of widths) rule.push("-".repeat(w));
	const headerLine = escapeLine(padRow(header, widths));
	const ruleLine = escapeLine(padRow(rule, widths));
	// the section text is joined once at the end: a flat string, where appending line by line built a
	// deep rope that the size check (json-length.ts) would then have to flatten
	const lines = [`${title}${FENCE}`, headerLine, ruleLine];
	const overhead = title.length + FENCE.length * 2 + 2;
	let used = overhead + headerLine.length + 1 + ruleLine.length + 1;
	let shown = 0;
	for (const row of rows) {
		const line = escapeLine(padRow(row, widths));
		// keep room for the "+N more rows" line
		if (used + line.length + 1 > maxChars - 40) break;
		lines.push(line);
		used += line.length + 1;
		shown += 1;
	}
	const hidden = rows.length - shown;
	const more = hidden > 0 ? `\n_+${hidden} more row${hidden === 1 ? "" : "s"}_` : "";
	lines.push(`${FENCE}${more}`);
	const text = lines.join("\n");
	// each newline serialises as "\n": the joins, the one ending the title, and the one before `more`
	const newlines = lines.length - 1 + 1 + (hidden > 0 ? 1 : 0);
	return { text, jsonChars: plain ? text.length + 2 + newlines : jsonStringLength(text) };
}
