/**
 * Every reference row that carries a `query` column (tests/engine/fixtures/llama-bench-speeds-2026.csv and
 * vllm-kv-pool.csv, copies of ../shared/reference/) through `canirun --batch - --json`, the path the
 * external checks take (bench/accuracy/cliRows.ts): each query is understood (no error, no ignored word)
 * except the rows whose reason is stated below, and the answered speeds meet the tolerances.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRow, cliRows } from "../../bench/accuracy/cliRows.js";

/** Rows canirun does not answer with a figure, and why (each is a decision elsewhere, stated in the answer). */
const NOT_ANSWERED: Record<string, string> = {
	// UD-Q3_K_XL read as Q3_K_M (112 GB): more than the default 96 GB GPU share, so no speed is given
	"qwen3 235b a22b instruct 2507 ud-q3_k_xl strix halo 128gb ctx=512 fa=off": "does not fit the default share",
	"qwen3 235b a22b instruct 2507 ud-q3_k_xl strix halo 128gb ctx=512 fa=on": "does not fit the default share",
};

let rows: CliRow[] = [];

describe("reference queries through the CLI batch", () => {
	beforeAll(async () => {
		rows = await cliRows(join(import.meta.dirname, "fixtures"));
	}, 60_000);
	it("runs every row (77 speed rows, 5 pool figures)", () => {
		expect(rows.length).toBeGreaterThanOrEqual(80);
	});
	it("no word of any reference query is ignored or misread; only the stated rows go unanswered", () => {
		for (const r of rows) {
			if (r.query in NOT_ANSWERED) continue;
			expect(r.problem, r.query).toBeNull();
			expect(r.answered, r.query).not.toBeNull();
		}
		for (const r of rows) expect(r.problem ?? "", r.query).not.toMatch(/^ignored/);
	});
	const within = (what: CliRow["what"], tol: number) => {
		const t = rows.filter((r) => r.what === what && r.answered !== null && r.problem === null);
		return t.filter((r) => Math.abs((r.answered ?? 0) / r.measured - 1) <= tol).length / Math.max(1, t.length);
	};
	it("answered decode rows: ≥ 80 % within ±30 %", () => {
		expect(within("decode", 0.3)).toBeGreaterThanOrEqual(0.8);
	});
	it("answered prefill rows: ≥ 75 % within ±40 %", () => {
		expect(within("prefill", 0.4)).toBeGreaterThanOrEqual(0.75);
	});
	// each vLLM row as the external check reads it: fit.maxContextTokens against kv_tokens (or the V0 log's
	// blocks × 16), the "KV pool N MiB per GPU" assumption against kv_available_gib
	const poolRows: [string, CliRow["what"], number][] = [
		["llama 3.1 8b bf16 rtx 3090 vllm ctx=20000 gpu_memory_utilization=0.90", "pool-tokens", 31232],
		["llama 3.1 8b bf16 rtx 3090 vllm ctx=20000 gpu_memory_utilization=0.90", "pool-gib", 3.81],
		["llama 3.1 8b bf16 rtx 3090 vllm ctx=29000 gpu_memory_utilization=0.90", "pool-tokens", 23648],
		["llama 3.1 8b bf16 rtx 3090 vllm ctx=29000 gpu_memory_utilization=0.90", "pool-gib", 2.89],
		["gpt-oss-120b mxfp4 h100 80gb vllm ctx=131072 gpu_memory_utilization=0.95 max_num_batched_tokens=1024", "pool-gib", 1.71],
	];
	for (const [query, what, measured] of poolRows)
		it(`vLLM ${what} within 10 %: ${query}`, () => {
			const r = rows.find((x) => x.query === query && x.what === what);
			expect(r?.measured).toBe(measured);
			expect(r?.problem ?? null).toBeNull();
			expect(Math.abs((r?.answered ?? 0) / measured - 1)).toBeLessThan(0.1);
		});
});
