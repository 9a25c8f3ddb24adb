/**
 * Runs of spaces for aligned monospace text (the CLI's facts and tables, the phone tables of Discord
 * and Slack). Every padded cell needed one, and `" ".repeat(n)` (or padEnd/padStart) built a new
 * string each time: a gpus answer pads ~150 cells per render. The short runs are built once here.
 */

/** runs up to this length are kept (a table column or a fact label is rarely wider) */
const KEPT = 64;
const RUNS: readonly string[] = Array.from({ length: KEPT + 1 }, (_, n) => " ".repeat(n));

/** `n` spaces ("" for n ≤ 0). */
export function spaces(n: number): string {
	if (n <= 0) return "";
	return n <= KEPT ? (RUNS[n] as string) : " ".repeat(n);
}
