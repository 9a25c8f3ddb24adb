/**
 * An Answer table as a monospaced code block inside one section's mrkdwn: columns padded to their
 * widest cell, rows cut when the section would pass Slack's 3,000-character text limit, with a note of
 * how many rows were left out. (Slack's newer `table` block allows one per message and is not shown by
 * every client, so the code block is the portable choice.)
 */
import type { AnswerTable } from "../answer/answer.js";
import { escapeSlackText } from "./escape.js";
import { SLACK_LIMITS, truncate } from "./limits.js";

/** Widest a single cell may be before it is cut, so one long name cannot push the table off-screen. */
export const TABLE_CELL_MAX_CHARS = 28;
const FENCE = "```";

function padRow(cells: string[], widths: number[]): string {
	return cells
		.map((cell, i) => cell.padEnd(widths[i] ?? 0))
		.join("  ")
		.trimEnd();
}

/** Renders `table` as `*title*` plus a code block, at most `maxChars` characters of escaped mrkdwn. */
export function renderCompactTable(table: AnswerTable, maxChars: number = SLACK_LIMITS.sectionText): string {
	const clip = (cell: string): string => truncate(cell.replace(/\s+/g, " "), TABLE_CELL_MAX_CHARS);
	const header = table.columns.map(clip);
	const rows = table.rows.map((row) => table.columns.map((_c, i) => clip(row[i] ?? "")));
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));

	const title = `*${escapeSlackText(truncate(table.title, 200))}*\n`;
	const lines = [padRow(header, widths), padRow(widths.map((w) => "-".repeat(w)), widths)].map(escapeSlackText);
	const overhead = title.length + FENCE.length * 2 + 2;
	let used = overhead + lines.reduce((n, l) => n + l.length + 1, 0);
	let shown = 0;
	for (const row of rows) {
		const line = escapeSlackText(padRow(row, widths));
		// keep room for the "+N more rows" line
		if (used + line.length + 1 > maxChars - 40) break;
		lines.push(line);
		used += line.length + 1;
		shown += 1;
	}
	const hidden = rows.length - shown;
	const more = hidden > 0 ? `\n_+${hidden} more row${hidden === 1 ? "" : "s"}_` : "";
	return `${title}${FENCE}\n${lines.join("\n")}\n${FENCE}${more}`;
}
