/**
 * The one-shot CLI ships as an esbuild bundle (scripts/bundle-cli.mjs → dist/cli/, issue 8). This
 * bundles the sources the same way into a scratch directory and checks that the bundle answers
 * exactly what the unbundled CLI answers, that catalog/ is still found from where the bundle lives,
 * and that the bundle's statically loaded files pull in none of the heavy packages (the lazy
 * `import()`s must stay lazy chunks).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
/**
 * two levels under the repository, like dist/cli/, so catalog/ is found by the same upward search; in
 * dist/ (ignored by git) rather than node_modules/.cache, which git worktrees sharing one node_modules
 * would share too (one checkout's bundle then read another checkout's catalog)
 */
const OUT = join(ROOT, "dist", "canirun-bundle-test");

const HEAVY = /(?:from|import)\s*["'](zod|fuse\.js|discord\.js|@discordjs\/[^"']*|@slack\/[^"']*|pino|pino-pretty|@huggingface\/[^"']*)["']/;
const STATIC_CHUNK = /(?:^|\n)\s*import\s*(?:[^"';]*?\s+from\s+)?["'](\.\/[^"']+)["']/g;

async function inProcess(argv: string[]): Promise<{ code: number; out: string }> {
	const stdout = new PassThrough();
	let out = "";
	stdout.on("data", (c: Buffer) => {
		out += c.toString();
	});
	const code = await runCli(argv, { stdin: Readable.from([""]), stdout, stderr: new PassThrough(), isTty: false, env: {} });
	return { code, out };
}

beforeAll(() => {
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
	const built = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle-cli.mjs"), "--entry", "src/cli/main.ts", "--outdir", OUT], {
		cwd: ROOT,
		encoding: "utf8",
	});
	expect(built.status, built.stderr).toBe(0);
}, 60_000);

afterAll(() => {
	rmSync(OUT, { recursive: true, force: true });
});

describe("the bundled CLI", () => {
	const queries = [
		["deepseek-r1", "q4_k_m", "2x4090", "--json"],
		["qwen3 32b", "3090", "32k", "--json"],
		["gpus", "llama 3.1 70b", "q4_k_m", "--json"],
		["bestfit", "2x3090", "--json"],
		["vram", "gemma 3 27b", "--json"],
		["qwen3 32b", "4090", "--json"],
		["help"],
		["mistral small", "rtx 3060 12gb"],
	];
	for (const argv of queries) {
		it(`answers "${argv.join(" ")}" exactly as the unbundled CLI does`, async () => {
			const bundled = spawnSync(process.execPath, [join(OUT, "main.js"), ...argv], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
			const expected = await inProcess(argv);
			expect(bundled.stderr).toBe("");
			expect(bundled.status).toBe(expected.code);
			expect(bundled.stdout).toBe(expected.out);
			expect(bundled.stdout.length).toBeGreaterThan(20);
		}, 30_000);
	}

	it("loads none of the heavy packages through static imports", () => {
		const seen = new Set<string>();
		const queue = ["main.js"];
		for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
			if (seen.has(file)) continue;
			seen.add(file);
			const text = readFileSync(join(OUT, file), "utf8");
			expect(text.match(HEAVY)?.[1], `${file} statically imports a heavy package`).toBeUndefined();
			for (const m of text.matchAll(STATIC_CHUNK)) if (m[1] !== undefined) queue.push(m[1].slice(2));
		}
		// the entry plus at least one shared chunk: the commands stay lazily loaded chunks
		expect(seen.size).toBeGreaterThan(1);
	});
});
