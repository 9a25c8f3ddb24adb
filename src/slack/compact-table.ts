/**
 * An Answer table as a monospaced code block inside one section's mrkdwn: the phone layout of
 * src/answer/narrow-table.ts (≤ 40 characters a line, cells cut there), rows cut when the section
 * would pass Slack's 3,000-character text limit, with a note of how many rows were left out. (Slack's newer `table` block allows one per message and is not shown by
 * every client, so the code block is the portable choice.)
 */
import type { AnswerTable } from "../answer/answer.js";
import { anyPhoneCell, PHONE_TABLE_WIDTH, phoneTableLines, phoneTableRowCount } from "../answer/narrow-table.js";
import { escapeSlackText, hasSlackControlChar } from "./escape.js";
import { SLACK_LIMITS, truncate } from "./limits.js";

const FENCE = "```";
/** every whitespace run becomes one space, so a cell stays on its row */
const WHITESPACE_RUN = /\s+/g;
/**
 * `table` as `*title*` plus a code block of phone-width lines (src/answer/narrow-table.ts: ≤ 40
 * characters, the command's narrow columns when it has them), at most `maxChars` characters of
 * escaped mrkdwn, rows cut with a "+N more rows" note.
 */
export function compactTableText(
	table: AnswerTable,
	maxChars: number = SLACK_LIMITS.sectionText,
	maxRows = Number.POSITIVE_INFINITY,
	withTitle = true,
): string {
	// lines for the rows that can be shown; the column widths still come from every row
	const all = phoneTableLines(table, PHONE_TABLE_WIDTH, Number.POSITIVE_INFINITY, maxRows);
	const title = withTitle ? `*${escapeSlackText(truncate(table.title.replace(WHITESPACE_RUN, " "), 200))}*\n` : "";
	let text = `${title}${FENCE}`;
	let used = title.length + FENCE.length * 2 + 2;
	let shown = 0;
	// escaping is per character: lines made of cells without "&", "<" or ">" need none
	const plain = !anyPhoneCell(table, maxRows, hasSlackControlChar);
	for (let i = 0; i < all.length; i++) {
		const line = plain ? (all[i] ?? "") : escapeSlackText(all[i] ?? "");
		const isRow = i >= 2;
		if (isRow && (shown >= maxRows || used + line.length + 1 > maxChars - 40)) break;
		text += `\n${line}`;
		used += line.length + 1;
		if (isRow) shown += 1;
	}
	const hidden = phoneTableRowCount(table) - shown;
	const more = hidden > 0 ? `\n_+${hidden} more row${hidden === 1 ? "" : "s"}_` : "";
	return `${text}\n${FENCE}${more}`;
}

/**
 * The phone table as one mrkdwn text, without its title (the answer's question says what it is): the
 * compact answer's stand-in when no picture is sent.
 */
export function phoneTableText(table: AnswerTable, maxRows: number): string {
	return compactTableText(table, SLACK_LIMITS.sectionText, maxRows, false);
}
