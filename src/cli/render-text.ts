/**
 * The terminal rendering of an Answer: aligned facts, usage bars against capacity, aligned tables,
 * suggestions with the query that answers them, run hints and footnotes. Plain text; colour only
 * when asked (a TTY without NO_COLOR). Nothing is computed here: every number arrives formatted.
 */
import type { Answer, AnswerTable, AnswerUsage, Severity } from "../answer/answer.js";
import { formatBytes, formatPercent, formatSpeed } from "../answer/format.js";
import { followUps, footerLine, glanceOf } from "../answer/glance.js";
import { phoneTableLines } from "../answer/narrow-table.js";
import { mayEndInWhitespace, rule, spaces } from "../answer/spaces.js";

export const TEXT_LIMITS = {
	/** wrap prose at this many columns */
	width: 100,
	/** characters of a usage bar */
	barWidth: 30,
	/** a table cell longer than this is cut (quality notes can be long) */
	maxCell: 60,
} as const;

export interface RenderOptions {
	color: boolean;
	width?: number;
}

const ANSI: ReadonlyMap<Severity | "dim" | "bold", string> = new Map([
	["success", "\u001b[32m"],
	["warning", "\u001b[33m"],
	["danger", "\u001b[31m"],
	["info", "\u001b[36m"],
	["dim", "\u001b[2m"],
	["bold", "\u001b[1m"],
]);
const RESET = "\u001b[0m";

function paint(text: string, style: Severity | "dim" | "bold", opts: RenderOptions): string {
	return opts.color ? `${ANSI.get(style) ?? ""}${text}${RESET}` : text;
}

/**
 * Greedy word wrap with a hanging indent. Words are split on single spaces, so a line is always one
 * contiguous slice of `text` (after the indent on continuation lines): the pass tracks where the line
 * starts and ends and slices once per line, instead of building it word by word.
 */
export function wrap(text: string, width: number, indent = ""): string {
	// one paragraph no wider than the line (most facts and suggestions) never breaks: it is the text
	// itself (a display width is at most the UTF-16 length, so the short ones need no surrogate scan)
	if (text.length <= width && !text.includes("\n")) return text;
	// without surrogates a word's width is its UTF-16 length: no per-word scan
	const plain = !HIGH_SURROGATE.test(text);
	if (!plain && len(text) <= width && !text.includes("\n")) return text;
	const indentLen = len(indent);
	let out = "";
	let start = 0;
	// one pass per paragraph; the line's display width is carried along instead of re-measured per word
	while (start <= text.length) {
		let end = text.indexOf("\n", start);
		if (end === -1) end = text.length;
		// keep the paragraph's own leading spaces; wrap the rest with the hanging indent
		let at = start;
		while (at < end && text.charCodeAt(at) === 32) at++;
		if (plain) {
			out += wrapPlainParagraph(text, start, at, end, width, indent, indentLen);
			if (end >= text.length) break;
			out += "\n";
			start = end + 1;
			continue;
		}
		/** the current line is prefix + text.slice(lineFrom, lineTo) */
		let prefix = "";
		let lineFrom = start;
		let lineTo = at;
		let lineLen = at - start;
		let empty = true;
		for (;;) {
			let stop = text.indexOf(" ", at);
			if (stop === -1 || stop > end) stop = end;
			const wordLen = plain ? stop - at : len(text.slice(at, stop));
			if (!empty && lineLen + 1 + wordLen > width) {
				out += `${prefix}${text.slice(lineFrom, lineTo)}\n`;
				prefix = indent;
				lineFrom = at;
				lineLen = indentLen + wordLen;
			} else {
				lineLen += empty ? wordLen : 1 + wordLen;
			}
			lineTo = stop;
			empty = false;
			if (stop >= end) break;
			at = stop + 1;
		}
		out += prefix + text.slice(lineFrom, lineTo);
		if (end >= text.length) break;
		out += "\n";
		start = end + 1;
	}
	return out;
}

/**
 * One paragraph text[start, end) of surrogate-free text (the indent may have surrogates: `indentLen`
 * is its display width), whose first word begins at `at` (after the paragraph's own leading spaces),
 * wrapped greedily; the first line starts with `head` (`headLen` columns wide, "" in a paragraph of
 * its own). Widths are UTF-16 lengths here, so a line is the longest run of whole words that fits:
 * its end is the last space within reach (one lastIndexOf per line), or the end of its first word
 * when even that one does not fit.
 */
function wrapPlainParagraph(
	text: string,
	start: number,
	at: number,
	end: number,
	width: number,
	indent: string,
	indentLen: number,
	head = "",
	headLen = 0,
): string {
	let out = "";
	let prefix = head;
	let prefixLen = headLen;
	let lineFrom = start;
	let wordFrom = at;
	for (;;) {
		// the farthest a line can reach: prefix + text.slice(lineFrom, limit) is `width` wide
		const limit = lineFrom + width - prefixLen;
		if (end <= limit) return `${out}${prefix}${text.slice(lineFrom, end)}`;
		let firstEnd = text.indexOf(" ", wordFrom);
		if (firstEnd === -1 || firstEnd > end) firstEnd = end;
		const space = limit >= 0 ? text.lastIndexOf(" ", limit) : -1;
		const lineTo = Math.max(space, firstEnd);
		if (lineTo >= end) return `${out}${prefix}${text.slice(lineFrom, end)}`;
		out += `${prefix}${text.slice(lineFrom, lineTo)}\n`;
		prefix = indent;
		prefixLen = indentLen;
		lineFrom = lineTo + 1;
		wordFrom = lineFrom;
	}
}

/**
 * wrap(head + body, width, indent), without joining the two first: joining made a new string only
 * for wrap() to copy it flat and scan it, where `body` (an answer's string) can be scanned where it
 * is and its lines sliced from it, the first one after `head` (our words before it: an indent, a
 * bullet, a label). Plain text whose first line ends inside the body takes that way; anything else
 * (a newline, a surrogate, a body that starts with a space or whose first word does not fit after the
 * head) is wrapped as the joined text.
 */
export function wrapAfter(head: string, body: string, width: number, indent: string): string {
	const reach = width - head.length;
	const newline = body.includes("\n") || head.includes("\n");
	if (body.length <= reach && !newline) return head + body;
	// the first line's break is the last space of the body within reach (the body's first word fits
	// after the head), and nothing before it could be a place to break or a paragraph's own indent
	if (reach < 0 || body.charCodeAt(0) === 32 || body.lastIndexOf(" ", reach) < 0) return wrap(head + body, width, indent);
	if (newline || HIGH_SURROGATE.test(body) || HIGH_SURROGATE.test(head)) return wrap(head + body, width, indent);
	return wrapPlainParagraph(body, 0, 0, body.length, width, indent, len(indent), head, head.length);
}

/** a UTF-16 high surrogate: the only way code points and UTF-16 units can differ (no g flag: stateless) */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * Display width: code points, not UTF-16 units ("▶", "×", "█" are one column each). Counts as the
 * string iterator does ([...s].length: a high surrogate followed by a low one is one code point, a
 * lone surrogate is one) without building an array.
 */
function len(s: string): number {
	// no high surrogate (almost every answer string): one native scan, and the length is the count
	if (!HIGH_SURROGATE.test(s)) return s.length;
	let n = s.length;
	for (let i = 0; i < s.length - 1; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				n--;
				i++;
			}
		}
	}
	return n;
}

/** `s` padded to `n` columns, and the two spaces after it (a label before its value), as one run. */
function padGap(s: string, n: number): string {
	return s + spaces(Math.max(0, n - len(s)) + 2);
}

function cut(s: string, n: number): string {
	if (len(s) <= n) return s;
	// without a high surrogate every UTF-16 unit is one code point: slice instead of splitting into an array
	if (!HIGH_SURROGATE.test(s)) return `${s.slice(0, n - 1)}…`;
	return `${[...s].slice(0, n - 1).join("")}…`;
}

/** The bar of each fill at the default width (31 strings), built once: every usage line drew one. */
const BARS: readonly string[] = Array.from({ length: TEXT_LIMITS.barWidth + 1 }, (_, filled) => "█".repeat(filled) + "░".repeat(TEXT_LIMITS.barWidth - filled));

export function renderBar(u: AnswerUsage, width: number = TEXT_LIMITS.barWidth): string {
	if (u.capacityBytes <= 0) return `${formatBytes(u.usedBytes)}`;
	const frac = u.usedBytes / u.capacityBytes;
	const filled = Math.max(0, Math.min(width, Math.round(frac * width)));
	const bar = width === TEXT_LIMITS.barWidth ? (BARS[filled] as string) : "█".repeat(filled) + "░".repeat(width - filled);
	const over = frac > 1 ? " OVER" : "";
	return `[${bar}] ${formatBytes(u.usedBytes)} / ${formatBytes(u.capacityBytes)} (${formatPercent(frac)})${over}`;
}

/**
 * The table as aligned lines, each followed by "\n" (appended straight to the rendering). Each cell
 * is measured once: its display width is kept row after row in one flat array of numbers, and the
 * cell itself read again from the row (cut when it is wider than a cell may be).
 */
function tableText(t: AnswerTable, indent = "  "): string {
	const widths: number[] = [];
	for (const column of t.columns) widths.push(len(column));
	const lens: number[] = [];
	for (const r of t.rows) {
		for (let i = 0; i < r.length; i++) {
			const rawLen = len(r[i] ?? "");
			lens.push(rawLen);
			// a longer cell is cut to n columns (tableLine)
			const cellLen = Math.min(rawLen, TEXT_LIMITS.maxCell);
			if (i < widths.length && cellLen > (widths[i] ?? 0)) widths[i] = cellLen;
		}
	}
	let out = tableLine(t.columns, null, 0, widths, indent) + indent;
	for (let i = 0; i < widths.length; i++) out += (i > 0 ? "  " : "") + rule(widths[i] ?? 0);
	out += "\n";
	let from = 0;
	for (const r of t.rows) {
		out += tableLine(r, lens, from, widths, indent);
		from += r.length;
	}
	if (t.rows.length === 0) out += `${indent}(none)\n`;
	return out;
}

/**
 * One row as a line: each cell but the last padded to its column's width. `lens` holds the cells'
 * display widths from index `from` (null: measure them here, for the header).
 */
function tableLine(cells: readonly string[], lens: readonly number[] | null, from: number, widths: readonly number[], indent: string): string {
	let text = indent;
	let c = "";
	const last = cells.length - 1;
	for (let i = 0; i <= last; i++) {
		c = cells[i] ?? "";
		let cellLen = lens !== null ? (lens[from + i] ?? 0) : len(c);
		// a row's cell wider than a cell may be is cut (cut() keeps n − 1 code points and adds "…"); a header never is
		if (lens !== null && cellLen > TEXT_LIMITS.maxCell) {
			c = cut(c, TEXT_LIMITS.maxCell);
			cellLen = TEXT_LIMITS.maxCell;
		}
		text += c;
		// the padding and the two spaces before the next cell, as one run
		if (i < last) text += spaces(Math.max(0, (widths[i] ?? 0) - cellLen) + 2);
	}
	// only the cells are trimmed (the indent stays even on a row of empty cells), and only when the
	// last cell may end in whitespace: else the line has nothing to trim
	return `${mayEndInWhitespace(c) ? indent + text.slice(indent.length).trimEnd() : text}\n`;
}

/** Widest display width among `texts` (−Infinity for none, as Math.max() of nothing). */
function widest<T>(items: readonly T[], text: (item: T) => string): number {
	let w = Number.NEGATIVE_INFINITY;
	for (const item of items) {
		const n = len(text(item));
		if (n > w) w = n;
	}
	return w;
}

/**
 * The whole rendering is appended to one string, each line followed by "\n" (what joining the lines
 * with "\n" and adding a final one gave), without an array of lines in between.
 */
export function renderText(a: Answer, opts: RenderOptions = { color: false }): string {
	const width = opts.width ?? TEXT_LIMITS.width;
	let out = `${paint(a.title, "bold", opts)}\n`;
	if (a.verdict !== null) {
		const label = paint(a.verdict.label.toUpperCase(), a.verdict.severity, opts);
		out += `${wrapAfter(`${label} · `, a.verdict.summary, width, "  ")}\n`;
	}
	if (a.facts.length > 0) {
		out += "\n";
		const w = widest(a.facts, (f) => f.label);
		const hanging = spaces(w + 4);
		for (const f of a.facts) {
			out += `${wrapAfter(`  ${padGap(f.label, w)}`, f.value, width, hanging)}\n`;
		}
	}
	if (a.usage.length > 0) {
		out += "\n";
		const w = widest(a.usage, (u) => u.label);
		for (const u of a.usage) {
			out += `  ${padGap(u.label, w)}${renderBar(u)}\n`;
			if (u.parts.length > 0) {
				let parts = "";
				for (let i = 0; i < u.parts.length; i++) {
					const p = u.parts[i];
					if (p !== undefined) parts += `${i > 0 ? " · " : ""}${p.label} ${formatBytes(p.bytes)}`;
				}
				out += `${paint(`  ${spaces(w)}  ${parts}`, "dim", opts)}\n`;
			}
		}
	}
	for (const t of a.tables) {
		out += `\n${paint(t.title, "bold", opts)}\n`;
		out += tableText(t);
	}
	if (a.suggestions.length > 0) {
		out += `\n${paint(a.kind === "error" ? "Suggestions" : "What else you can do", "bold", opts)}\n`;
		for (const s of a.suggestions) {
			out += `${wrapAfter("  • ", s.text, width, "    ")}\n`;
			if (s.query !== null) out += `${paint(`    canirun ${stripCommand(s.query)}`, "dim", opts)}\n`;
		}
	}
	if (a.runHints.length > 0) {
		out += `\n${paint("Run it", "bold", opts)}\n`;
		const w = widest(a.runHints, (h) => h.label);
		for (const h of a.runHints) out += `  ${padGap(h.label, w)}${h.command}\n`;
	}
	if (a.actions.length > 0) {
		out += `\n${paint("Try", "bold", opts)}\n`;
		for (const act of a.actions) out += `  canirun ${stripCommand(act.query)}${paint(`   # ${act.label}`, "dim", opts)}\n`;
	}
	if (a.footnotes.length > 0) {
		out += "\n";
		for (const f of a.footnotes) {
			out += `${paint(wrapAfter("  ", f, width, "  "), "dim", opts)}\n`;
		}
	}
	return out;
}

/** "canirun qwen3 …" → "qwen3 …": the CLI is already `canirun`; other command words stay. */
function stripCommand(query: string): string {
	return query.startsWith("canirun ") ? query.slice("canirun ".length) : query;
}

/** Rows of the table in the compact view (the rest: --full). */
const COMPACT_TABLE_ROWS = 5;
const COMPACT_BAR_CELLS = 12;

/**
 * The compact view (issue 16), the default on a narrow terminal: the question, the verdict with its
 * plan, one memory bar, the speed, the next step, the run command, the settings that differ from the
 * defaults, and the follow-ups as commands (with `--full` for the whole breakdown).
 */
export function renderCompactText(a: Answer, opts: RenderOptions = { color: false }): string {
	const width = Math.max(20, opts.width ?? TEXT_LIMITS.width);
	const g = glanceOf(a);
	let out = `${paint(wrap(g.question, width), "bold", opts)}\n`;
	if (a.verdict !== null) {
		const label = paint(a.verdict.label.toUpperCase(), a.verdict.severity, opts);
		out += `${wrap(`${label} · ${g.plan ?? a.verdict.summary}`, width, "  ")}\n`;
	}
	if (g.memory !== null) {
		const m = g.memory;
		const filled =
			m.capacityBytes > 0 ? Math.max(0, Math.min(COMPACT_BAR_CELLS, Math.round((m.usedBytes / m.capacityBytes) * COMPACT_BAR_CELLS))) : COMPACT_BAR_CELLS;
		let line = `[${"█".repeat(filled)}${"░".repeat(COMPACT_BAR_CELLS - filled)}] ${formatBytes(m.usedBytes)} of ${formatBytes(m.capacityBytes)}`;
		if (m.overBytes > 0) line += paint(` · over by ${formatBytes(m.overBytes)}`, "danger", opts);
		if (m.offloadBytes > 0) line += ` · +${formatBytes(m.offloadBytes)} in RAM`;
		out += `${wrap(line, width, "  ")}\n`;
	}
	if (g.speed !== null) out += `≈ ${formatSpeed(g.speed.decodeTokensPerSecond)}${g.speed.band > 0 ? ` (±${formatPercent(g.speed.band)})` : ""}\n`;
	const table = a.tables[0];
	if (table !== undefined && a.kind !== "help" && a.kind !== "canirun") {
		for (const line of phoneTableLines(table, Math.min(width, 60), COMPACT_TABLE_ROWS)) out += `${line}\n`;
		if (table.rows.length > COMPACT_TABLE_ROWS) out += `${paint(`+${table.rows.length - COMPACT_TABLE_ROWS} more (--full)`, "dim", opts)}\n`;
	}
	if (g.next !== null) out += `${wrap(`Next: ${g.next.text}`, width, "  ")}\n`;
	if (g.run !== null) out += `${g.run.command}\n`;
	const footer = footerLine(a, g.changed);
	if (footer) out += `${paint(wrap(footer, width), "dim", opts)}\n`;
	const actions = followUps(a);
	if (actions.length > 0 || a.query !== undefined) {
		out += "\n";
		if (a.query !== undefined) out += paint(`  canirun ${stripCommand(a.query)} --full   # details\n`, "dim", opts);
		for (const act of actions) out += paint(`  canirun ${stripCommand(act.query)}   # ${act.label}\n`, "dim", opts);
	}
	return out;
}
