/**
 * The terminal rendering of an Answer: aligned facts, usage bars against capacity, aligned tables,
 * suggestions with the query that answers them, run hints and footnotes. Plain text; colour only
 * when asked (a TTY without NO_COLOR). Nothing is computed here: every number arrives formatted.
 */
import type { Answer, AnswerTable, AnswerUsage, Severity } from "../answer/answer.js";
import { formatBytes, formatPercent } from "../answer/format.js";

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

/** Greedy word wrap with a hanging indent. */
export function wrap(text: string, width: number, indent = ""): string {
	const indentLen = len(indent);
	// without surrogates a word's width is its UTF-16 length: no per-word scan
	const plain = !HIGH_SURROGATE.test(text);
	let out = "";
	let start = 0;
	// one pass per paragraph; the line's display width is carried along instead of re-measured per word
	while (start <= text.length) {
		let end = text.indexOf("\n", start);
		if (end === -1) end = text.length;
		// keep the paragraph's own leading spaces; wrap the rest with the hanging indent
		let at = start;
		while (at < end && text.charCodeAt(at) === 32) at++;
		let line = text.slice(start, at);
		let lineLen = at - start;
		let empty = true;
		for (;;) {
			let stop = text.indexOf(" ", at);
			if (stop === -1 || stop > end) stop = end;
			const word = text.slice(at, stop);
			const wordLen = plain ? stop - at : len(word);
			if (!empty && lineLen + 1 + wordLen > width) {
				out += `${line}\n`;
				line = indent + word;
				lineLen = indentLen + wordLen;
			} else if (empty) {
				line += word;
				lineLen += wordLen;
			} else {
				line = `${line} ${word}`;
				lineLen += 1 + wordLen;
			}
			empty = false;
			if (stop >= end) break;
			at = stop + 1;
		}
		out += line;
		if (end >= text.length) break;
		out += "\n";
		start = end + 1;
	}
	return out;
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

function pad(s: string, n: number): string {
	const missing = n - len(s);
	return missing > 0 ? s + " ".repeat(missing) : s;
}

function cut(s: string, n: number): string {
	return len(s) <= n ? s : `${[...s].slice(0, n - 1).join("")}…`;
}

export function renderBar(u: AnswerUsage, width: number = TEXT_LIMITS.barWidth): string {
	if (u.capacityBytes <= 0) return `${formatBytes(u.usedBytes)}`;
	const frac = u.usedBytes / u.capacityBytes;
	const filled = Math.max(0, Math.min(width, Math.round(frac * width)));
	const bar = "█".repeat(filled) + "░".repeat(width - filled);
	const over = frac > 1 ? " OVER" : "";
	return `[${bar}] ${formatBytes(u.usedBytes)} / ${formatBytes(u.capacityBytes)} (${formatPercent(frac)})${over}`;
}

export function renderTable(t: AnswerTable, indent = "  "): string[] {
	const rows = t.rows.map((r) => r.map((c) => cut(c, TEXT_LIMITS.maxCell)));
	const widths = t.columns.map((c, i) => Math.max(len(c), ...rows.map((r) => len(r[i] ?? ""))));
	const line = (cells: readonly string[]) =>
		indent +
		cells
			.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
			.join("  ")
			.trimEnd();
	const out = [line(t.columns), indent + widths.map((w) => "─".repeat(w)).join("  ")];
	for (const r of rows) out.push(line(r));
	if (rows.length === 0) out.push(`${indent}(none)`);
	return out;
}

export function renderText(a: Answer, opts: RenderOptions = { color: false }): string {
	const width = opts.width ?? TEXT_LIMITS.width;
	const out: string[] = [];
	out.push(paint(a.title, "bold", opts));
	if (a.verdict !== null) {
		const label = paint(a.verdict.label.toUpperCase(), a.verdict.severity, opts);
		out.push(wrap(`${label} · ${a.verdict.summary}`, width, "  "));
	}
	if (a.facts.length > 0) {
		out.push("");
		const w = Math.max(...a.facts.map((f) => len(f.label)));
		for (const f of a.facts) out.push(wrap(`  ${pad(f.label, w)}  ${f.value}`, width, " ".repeat(w + 4)));
	}
	if (a.usage.length > 0) {
		out.push("");
		const w = Math.max(...a.usage.map((u) => len(u.label)));
		for (const u of a.usage) {
			out.push(`  ${pad(u.label, w)}  ${renderBar(u)}`);
			if (u.parts.length > 0) out.push(paint(`  ${" ".repeat(w)}  ${u.parts.map((p) => `${p.label} ${formatBytes(p.bytes)}`).join(" · ")}`, "dim", opts));
		}
	}
	for (const t of a.tables) {
		out.push("", paint(t.title, "bold", opts), ...renderTable(t));
	}
	if (a.suggestions.length > 0) {
		out.push("", paint(a.kind === "error" ? "Suggestions" : "What else you can do", "bold", opts));
		for (const s of a.suggestions) {
			out.push(wrap(`  • ${s.text}`, width, "    "));
			if (s.query !== null) out.push(paint(`    canirun ${stripCommand(s.query)}`, "dim", opts));
		}
	}
	if (a.runHints.length > 0) {
		out.push("", paint("Run it", "bold", opts));
		const w = Math.max(...a.runHints.map((h) => len(h.label)));
		for (const h of a.runHints) out.push(`  ${pad(h.label, w)}  ${h.command}`);
	}
	if (a.actions.length > 0) {
		out.push("", paint("Try", "bold", opts));
		for (const act of a.actions) out.push(`  canirun ${stripCommand(act.query)}${paint(`   # ${act.label}`, "dim", opts)}`);
	}
	if (a.footnotes.length > 0) {
		out.push("");
		for (const f of a.footnotes) out.push(paint(wrap(`  ${f}`, width, "  "), "dim", opts));
	}
	return `${out.join("\n")}\n`;
}

/** "canirun qwen3 …" → "qwen3 …": the CLI is already `canirun`; other command words stay. */
function stripCommand(query: string): string {
	return query.startsWith("canirun ") ? query.slice("canirun ".length) : query;
}
