/**
 * `npm run bench:accuracy`: engine vs ../shared/reference/ rows (copied into bench/accuracy/*.ts and
 * tests/engine/fixtures/), row by row, then per quantity the median and worst absolute error and the
 * share of rows within the issue's target. Outliers (documented per row) are listed but not summarised.
 */
import { type Comparison, evaluateBuffers, evaluateFileSizes } from "./accuracy/evaluate.js";
import { leaveOneSourceOut, type LosoResult } from "./accuracy/fitSpeed.js";
import { cliRows } from "./accuracy/cliRows.js";
import { fixturesDir, speedCases } from "./accuracy/speedCases.js";

/** Issue 3 targets: quantity → tolerance and the share of rows that must meet it. */
export const TARGETS: Record<Comparison["quantity"], { tolerance: number; share: number }> = {
	file: { tolerance: 0.02, share: 0.5 },
	weights: { tolerance: 0.02, share: 0.5 },
	kv: { tolerance: 0.01, share: 1 },
	compute: { tolerance: 0.25, share: 0.5 },
	total: { tolerance: 0.1, share: 0.9 },
	decode: { tolerance: 0.3, share: 0.75 },
	prefill: { tolerance: 0.4, share: 0.6 },
};

function pct(x: number): string {
	return `${(x * 100).toFixed(1)}%`;
}

export function summarize(rows: Comparison[]): string[] {
	const lines: string[] = [];
	for (const q of Object.keys(TARGETS) as Comparison["quantity"][]) {
		const errs = rows
			.filter((r) => r.quantity === q && r.outlier === undefined)
			.map((r) => Math.abs(r.error))
			.sort((a, b) => a - b);
		if (errs.length === 0) continue;
		const median = errs[Math.floor((errs.length - 1) / 2)] ?? 0;
		const worst = errs[errs.length - 1] ?? 0;
		const t = TARGETS[q];
		const within = errs.filter((e) => e <= t.tolerance).length / errs.length;
		lines.push(
			`${q.padEnd(8)} n=${String(errs.length).padStart(3)}  median ${pct(median).padStart(6)}  worst ${pct(worst).padStart(7)}  within ±${pct(t.tolerance)}: ${pct(within)} (target ${pct(t.share)})`,
		);
	}
	return lines;
}

function median(xs: number[]): number {
	const a = [...xs].sort((x, y) => x - y);
	return a.length === 0 ? 0 : ((a[Math.floor((a.length - 1) / 2)] ?? 0) + (a[Math.ceil((a.length - 1) / 2)] ?? 0)) / 2;
}

function share(xs: number[], tol: number): number {
	return xs.length === 0 ? 0 : xs.filter((x) => x <= tol).length / xs.length;
}

/**
 * The speed table: per measured backend × class (where the weights run × dense/MoE), the median |error|
 * with every row in the fit ("in") and with the row's whole source left out ("held out": the honest
 * proxy for rows nobody has seen), and the share of held-out rows within the issue's tolerance.
 */
export function speedTable(res: LosoResult[]): string[] {
	const lines: string[] = [];
	const used = res.filter((r) => r.c.note?.startsWith("outlier") !== true);
	lines.push(
		`${"test".padEnd(8)} ${"backend".padEnd(7)} ${"class".padEnd(14)} ${"n".padStart(3)} ${"median in".padStart(9)} ${"median held-out".padStart(15)} ${"held-out within ±30/40 %".padStart(24)}`,
	);
	const row = (test: string, backend: string, cls: string, rows: LosoResult[]) => {
		const tol = test === "decode" ? 0.3 : 0.4;
		const inS = rows.map((r) => Math.abs(r.inSample));
		const out = rows.map((r) => Math.abs(r.heldOut));
		lines.push(
			`${test.padEnd(8)} ${backend.padEnd(7)} ${cls.padEnd(14)} ${String(rows.length).padStart(3)} ${pct(median(inS)).padStart(9)} ${pct(median(out)).padStart(15)} ${pct(share(out, tol)).padStart(24)}`,
		);
	};
	for (const test of ["decode", "prefill"] as const) {
		const t = used.filter((r) => r.c.test === test);
		const keys = [...new Set(t.map((r) => `${r.c.measuredBackend}|${r.c.cls}`))].sort();
		for (const k of keys) {
			const [b, cls] = k.split("|") as [string, string];
			row(
				test,
				b,
				cls,
				t.filter((r) => `${r.c.measuredBackend}|${r.c.cls}` === k),
			);
		}
		row(
			test,
			"all",
			"moe",
			t.filter((r) => r.c.cls.endsWith("moe")),
		);
		row(
			test,
			"all",
			"2026 rows",
			t.filter((r) => r.c.id.startsWith("2026")),
		);
		row(test, "all", "all", t);
	}
	return lines;
}

/** The reference rows with a `query` column through `canirun --batch - --json` (cliRows.ts): per row and summed. */
async function cliTable(out: NodeJS.WriteStream): Promise<void> {
	const rows = await cliRows(fixturesDir());
	out.write(
		`\n${"through the CLI (--batch - --json), rows with a query column".padEnd(72)} ${"what".padEnd(11)} ${"measured".padStart(9)} ${"answer".padStart(9)} ${"error".padStart(8)}\n`,
	);
	for (const r of rows) {
		const err = r.answered === null ? "" : pct(r.answered / r.measured - 1);
		out.write(
			`${`${r.file}#${r.line} ${r.query}`.slice(0, 72).padEnd(72)} ${r.what.padEnd(11)} ${r.measured.toFixed(2).padStart(9)} ${(r.answered?.toFixed(2) ?? "—").padStart(9)} ${err.padStart(8)}${r.problem !== null ? `  (${r.problem})` : ""}\n`,
		);
	}
	const tol = { decode: 0.3, prefill: 0.4, "pool-tokens": 0.1, "pool-gib": 0.1 } as const;
	for (const what of ["decode", "prefill", "pool-tokens", "pool-gib"] as const) {
		const t = rows.filter((r) => r.what === what);
		if (t.length === 0) continue;
		// a row the CLI could not answer counts as an infinite error
		const errs = t.map((r) => (r.problem !== null || r.answered === null ? Number.POSITIVE_INFINITY : Math.abs(r.answered / r.measured - 1)));
		const misread = t.filter((r) => r.problem !== null).length;
		out.write(
			`${what.padEnd(11)} n=${String(t.length).padStart(3)}  median ${pct(median(errs)).padStart(7)}  within ±${pct(tol[what])}: ${pct(share(errs, tol[what]))}  not answered or misread: ${misread}\n`,
		);
	}
}

function main(): void {
	const rows = [...evaluateFileSizes(), ...evaluateBuffers()];
	const out = process.stdout;
	out.write(`${"row".padEnd(58)} ${"quantity".padEnd(8)} ${"reference".padStart(10)} ${"engine".padStart(10)} ${"error".padStart(8)}\n`);
	for (const r of rows) {
		out.write(
			`${r.row.slice(0, 58).padEnd(58)} ${r.quantity.padEnd(8)} ${r.reference.toFixed(2).padStart(10)} ${r.estimate.toFixed(2).padStart(10)} ${pct(r.error).padStart(8)}${r.outlier !== undefined ? `  (outlier: ${r.outlier})` : ""}\n`,
		);
	}
	out.write("\nsummary (outliers excluded):\n");
	for (const l of summarize(rows)) out.write(`${l}\n`);
	// speed: every measured row, its estimate with all rows fitted and with its source left out
	const res = leaveOneSourceOut(speedCases());
	out.write(`\n${"speed row".padEnd(70)} ${"test".padEnd(7)} ${"measured".padStart(9)} ${"in".padStart(7)} ${"held-out".padStart(8)}\n`);
	for (const r of res) {
		out.write(
			`${r.c.id.slice(0, 70).padEnd(70)} ${r.c.test.padEnd(7)} ${r.c.tps.toFixed(1).padStart(9)} ${pct(r.inSample).padStart(7)} ${pct(r.heldOut).padStart(8)}${r.c.note !== undefined ? `  (${r.c.note})` : ""}\n`,
		);
	}
	out.write("\nspeed by backend × class (leave-one-source-out; outliers excluded):\n");
	for (const l of speedTable(res)) out.write(`${l}\n`);
}

main();
await cliTable(process.stdout);
