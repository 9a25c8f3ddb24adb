/**
 * Runs of spaces for aligned monospace text (the CLI's facts and tables, the phone tables of Discord
 * and Slack), and the rules under their headers. Every padded cell needed one, and `" ".repeat(n)`
 * (or padEnd/padStart) built a new string each time: a gpus answer pads ~150 cells per render. The
 * short runs are built once here.
 */

/** runs up to this length are kept (a table column or a fact label is rarely wider) */
const KEPT = 64;
const RUNS: readonly string[] = Array.from({ length: KEPT + 1 }, (_, n) => " ".repeat(n));

/** `n` spaces ("" for n ≤ 0). */
export function spaces(n: number): string {
	if (n <= 0) return "";
	return n <= KEPT ? (RUNS[n] as string) : " ".repeat(n);
}

/** rules ("─" runs, a table's line under its header) up to this length are kept */
const RULES: readonly string[] = Array.from({ length: KEPT + 1 }, (_, n) => "─".repeat(n));

/** A rule of `n` "─" ("" for n ≤ 0): the line under a table's header, one per column. */
export function rule(n: number): string {
	if (n <= 0) return "";
	return n <= KEPT ? (RULES[n] as string) : "─".repeat(n);
}

/**
 * Whether trimEnd() could remove anything from a line whose last cell is `cell`: an empty cell (the
 * gap and padding before it would be trailing), or a last character that may be whitespace (≤ U+0020,
 * U+00A0, or any code unit from U+1680 up, where the other Unicode spaces are). Never says no wrongly.
 */
export function mayEndInWhitespace(cell: string): boolean {
	const c = cell.charCodeAt(cell.length - 1);
	return !(c > 0x20) || c === 0xa0 || c >= 0x1680;
}
