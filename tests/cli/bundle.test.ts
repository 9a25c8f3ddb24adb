/**
 * The one-shot CLI ships as a CommonJS esbuild bundle with a trained V8 code cache and a copy of the
 * stamped catalog (scripts/bundle-cli.mjs → dist/cli/, issue 8), loaded by bin/canirun.js. This
 * bundles the sources the same way into a scratch directory and checks that the bundle answers
 * exactly what the unbundled CLI answers, with the cache used, rejected or absent; that catalog/ is
 * still found from where the bundle lives; that a one-shot question loads none of the heavy packages
 * (the lazy `import()`s stay lazy in the bundle) and not node:crypto (the copy spares the hash).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const BUNDLE = join(OUT, "canirun.cjs");
const BIN = join(ROOT, "bin", "canirun.js");

/** Packages a one-shot question must not load (tests/cli/startup-imports.test.ts checks the sources). */
const HEAVY = /node_modules\/(zod|fuse\.js|discord\.js|@discordjs|@slack|pino|pino-pretty|@huggingface)\//;

/**
 * Runs `code` in a fresh node with no flags and no NODE_OPTIONS (V8 rejects a code cache made under
 * other flags), with `load(cacheFile?)` → bin/canirun.js's loadCliBundle on the scratch bundle.
 */
function node(code: string, args: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
	const prelude = `const load = (cache) => require(${JSON.stringify(BIN)}).loadCliBundle(${JSON.stringify(BUNDLE)}, cache);`;
	return spawnSync(process.execPath, ["-e", `${prelude}\n${code}`, "--", ...args], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
}

/** The bundle answering argv as the `canirun` process does (runProcess), with the cache file given (default: its trained cache). */
function bundled(argv: readonly string[], cache?: string): { status: number | null; stdout: string; stderr: string } {
	return node(`load(${cache === undefined ? "undefined" : JSON.stringify(cache)}).exports.runProcess(process.argv.slice(1));`, argv);
}

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
	const built = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle-cli.mjs"), "--entry", "src/cli/bundle-entry.ts", "--outdir", OUT], {
		cwd: ROOT,
		encoding: "utf8",
	});
	expect(built.status, built.stderr).toBe(0);
	expect(built.stderr).toBe("");
}, 120_000);

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
			const out = bundled(argv);
			const expected = await inProcess(argv);
			expect(out.stderr).toBe("");
			expect(out.status).toBe(expected.code);
			expect(out.stdout).toBe(expected.out);
			expect(out.stdout.length).toBeGreaterThan(20);
		}, 30_000);
	}

	it("uses its trained code cache in a plain node, and has the validated catalog copy with the prebuilt indexes", () => {
		const r = node("process.stdout.write(load().cache);");
		expect(r.stderr).toBe("");
		expect(r.stdout).toBe("used");
		const copy = readFileSync(join(OUT, "catalog.validated"), "latin1");
		expect(copy.startsWith("models.json\n")).toBe(true);
		expect(copy).toContain("\nindexes.json\n");
	});

	it("answers the same when the cache is rejected (not V8's) or missing", async () => {
		const garbage = join(OUT, "garbage.cache");
		writeFileSync(garbage, Buffer.alloc(4096, 7));
		const argv = ["qwen3 32b", "2x3090", "--json"];
		const expected = await inProcess(argv);
		const cacheState = node(`process.stdout.write(load(${JSON.stringify(garbage)}).cache);`);
		expect(cacheState.stdout).toBe("rejected");
		for (const cache of [garbage, join(OUT, "missing.cache")]) {
			const out = bundled(argv, cache);
			expect(out.stderr).toBe("");
			expect(out.stdout).toBe(expected.out);
		}
	}, 30_000);

	it("loads none of the heavy packages, nor node:crypto, for one-shot questions", () => {
		for (const argv of [
			["deepseek-r1", "q4_k_m", "2x4090", "--json"],
			["gpus", "llama 3.1 70b"],
			["bestfit", "24gb"],
		]) {
			const r = node(
				[
					"const { PassThrough } = require('node:stream'); const sink = new PassThrough(); sink.resume();",
					"load().exports.runCli(process.argv.slice(1), { stdin: process.stdin, stdout: sink, stderr: sink, isTty: false, env: {} }).then((code) => {",
					"  process.stdout.write(JSON.stringify({ code, files: Object.keys(require.cache), builtins: process.moduleLoadList }));",
					"});",
				].join("\n"),
				argv,
			);
			expect(r.stderr).toBe("");
			const { code, files, builtins } = JSON.parse(r.stdout) as { code: number; files: string[]; builtins: string[] };
			expect(code, argv.join(" ")).toBe(0);
			expect(
				files.filter((f) => HEAVY.test(f)),
				argv.join(" "),
			).toEqual([]);
			expect(
				builtins.filter((m) => /\bcrypto\b/.test(m)),
				argv.join(" "),
			).toEqual([]);
		}
	}, 30_000);
});
