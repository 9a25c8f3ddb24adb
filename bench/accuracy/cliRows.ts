/**
 * The reference rows that carry a `query` column (llama-bench-speeds-2026.csv, vllm-kv-pool.csv; copies
 * in tests/engine/fixtures/) run through the CLI exactly as the external checks do — `canirun --batch -
 * --json`, one query per line — and compared with the measured figure: tg rows with
 * speed.decodeTokensPerSecond, pp rows with speed.prefillTokensPerSecond, vLLM rows with the pool
 * (fit.maxContextTokens, or the "KV pool N MiB per GPU" bytes where the log gives GiB). A query that errors,
 * leaves words in `ignored` or answers with no figure counts as a miss, so a misread word shows here.
 * These rows are also in the speed fit: this is the in-sample figure of the real path, the
 * leave-one-source-out table is the held-out one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { runCli } from "../../src/cli/run.js";

export interface CliRow {
	file: "speeds-2026" | "vllm";
	line: number;
	query: string;
	what: "decode" | "prefill" | "pool-tokens" | "pool-gib";
	measured: number;
	/** the CLI's figure, null when it gave none */
	answered: number | null;
	/** why the row is a miss before any number is compared (error, ignored words, no figure) */
	problem: string | null;
}

/** RFC 4180-ish CSV: quoted cells with "" escapes, one record per line (the fixtures have no newlines in cells). */
export function csvRecords(text: string): Record<string, string>[] {
	const lines = text.trim().split("\n");
	const split = (line: string) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"'));
	const head = split(lines[0] ?? "");
	return lines.slice(1).map((l) => {
		const cells = split(l);
		return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ""]));
	});
}

async function batch(queries: string[]): Promise<Record<string, unknown>[]> {
	const stdout = new PassThrough();
	const chunks: Buffer[] = [];
	stdout.on("data", (c: Buffer) => chunks.push(c));
	const stderr = new PassThrough();
	stderr.resume();
	await runCli(["--batch", "-", "--json"], { stdin: Readable.from([`${queries.join("\n")}\n`]), stdout, stderr, isTty: false, env: {} });
	return Buffer.concat(chunks)
		.toString("utf8")
		.trim()
		.split("\n")
		.map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function cliRows(fixtures: string): Promise<CliRow[]> {
	const speeds = csvRecords(readFileSync(join(fixtures, "llama-bench-speeds-2026.csv"), "utf8"));
	const pools = csvRecords(readFileSync(join(fixtures, "vllm-kv-pool.csv"), "utf8"));
	const queries = [...new Set([...speeds, ...pools].map((r) => r.query ?? ""))];
	const answers = new Map(queries.map((q, i) => [q, i]));
	const out = await batch(queries);
	const answerOf = (q: string) => out[answers.get(q) ?? -1] ?? { error: { message: "no line" } };
	const problemOf = (a: Record<string, unknown>): string | null => {
		if ("error" in a) return `error: ${String((a.error as { message?: string }).message).slice(0, 80)}`;
		const ignored = (a.resolution as { ignored?: string[] } | undefined)?.ignored ?? [];
		return ignored.length > 0 ? `ignored: ${ignored.join(" ")}` : null;
	};
	const rows: CliRow[] = [];
	speeds.forEach((r, i) => {
		const a = answerOf(r.query ?? "");
		const test = (r.test ?? "").toLowerCase();
		const what = /\btg|tg\d/.test(test) ? "decode" : "prefill";
		const speed = a.speed as { decodeTokensPerSecond?: number; prefillTokensPerSecond?: number } | null | undefined;
		const v = what === "decode" ? speed?.decodeTokensPerSecond : speed?.prefillTokensPerSecond;
		const problem = problemOf(a) ?? (v === undefined ? "no speed in the answer" : null);
		rows.push({ file: "speeds-2026", line: i + 2, query: r.query ?? "", what, measured: Number.parseFloat(r.tps ?? ""), answered: v ?? null, problem });
	});
	pools.forEach((r, i) => {
		const a = answerOf(r.query ?? "");
		const problem = problemOf(a);
		// as the external checks read it (../shared/reference/README.md, vLLM units): the pool in tokens is
		// fit.maxContextTokens (one sequence), the pool in bytes per GPU only the "KV pool N MiB per GPU"
		// assumption — both stated whether or not vLLM would start
		const fit = a.fit as { maxContextTokens?: number } | null | undefined;
		const mib = ((a.assumptions as string[] | undefined) ?? []).map((x) => /KV pool (\d+) MiB per GPU/.exec(x)?.[1]).find((x) => x !== undefined);
		// a V0 log gives the pool as blocks ("# GPU blocks: 1952 (block size 16)"): blocks × block size tokens
		const blocks = /# GPU blocks:? (\d+) \(block size (\d+)\)/.exec(r.notes ?? "");
		const tokens = (r.kv_tokens ?? "") !== "" ? Number(r.kv_tokens) : blocks !== null ? Number(blocks[1]) * Number(blocks[2]) : null;
		if (tokens !== null)
			rows.push({
				file: "vllm",
				line: i + 2,
				query: r.query ?? "",
				what: "pool-tokens",
				measured: tokens,
				answered: fit?.maxContextTokens ?? null,
				problem: problem ?? (fit?.maxContextTokens === undefined ? "no fit.maxContextTokens" : null),
			});
		if ((r.kv_available_gib ?? "") !== "")
			rows.push({
				file: "vllm",
				line: i + 2,
				query: r.query ?? "",
				what: "pool-gib",
				measured: Number(r.kv_available_gib),
				answered: mib === undefined ? null : Number(mib) / 1024,
				problem: problem ?? (mib === undefined ? "no KV pool assumption" : null),
			});
	});
	return rows;
}
