/**
 * Bundles the one-shot CLI (dist/src/cli/bundle-entry.js, already compiled by tsc) into one CommonJS
 * file, dist/cli/canirun.cjs, with esbuild, trains a V8 code cache for it (dist/cli/canirun.cjs.cache)
 * and writes the validated catalog copy beside it (dist/cli/catalog.validated, src/catalog/read.ts);
 * run by `npm run build` after tsc. Why (issue 8, `cliVsNodeRatio` ≤ 2):
 * `npx canirun …` is a fresh process per question, and nearly all it pays over `node -e 0` is
 * loading, compiling and first-running the CLI's ~600 kB of JavaScript.
 *
 * - One file: the ES module loader resolved, stat-ed and compiled ~60 files (later ~35 chunks) one
 *   by one. In the bundle a lazily imported module (gpus, bestfit, the zod validator, the Hub client)
 *   is still initialised only when its `import()` runs, so tests/cli/startup-imports.test.ts's
 *   import discipline holds; and `packages: "external"`: npm packages load from node_modules, only
 *   on the paths that need them.
 * - CommonJS: Node 20 has a code cache only for scripts (vm.Script `cachedData`); bin/canirun.js
 *   compiles the bundle with it. `import()`s become require()s (every package used has a CommonJS
 *   build) and import.meta.url is the bundle's own file URL.
 * - The cache: after bundling, a fresh node process (no flags, NODE_OPTIONS cleared: V8 rejects a
 *   cache made under other flags) loads the bundle through bin/canirun.js's loader, answers
 *   TRAINING_QUESTIONS (every command, text and JSON, a typo, a list), and writes
 *   script.createCachedData(): the bytecode of every function those answers ran. A question none of
 *   them covers compiles the rest lazily as without the cache. A failed training only warns: the
 *   CLI then runs without a cache, as correct and slower.
 * - The same process first writes dist/cli/catalog.validated: the catalog files' bytes, only when they
 *   hash to catalog/stamp.json. A run whose files equal it skips the hash and node:crypto; an edited
 *   catalog differs from it and is hashed (and validated) as before.
 * - The bundle lives two levels under the repository (dist/cli/), where src/catalog/read.ts's upward
 *   search finds catalog/ exactly as from dist/src/catalog/.
 *
 * Usage: `node scripts/bundle-cli.mjs [--entry FILE] [--outdir DIR]` (defaults: the tsc output and
 * dist/cli/; tests/cli/bundle.test.ts bundles the TypeScript sources into a scratch directory).
 * `--train FILE` is the training step itself (run in its own process by the bundling step).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), "..");
const { values } = parseArgs({ options: { entry: { type: "string" }, outdir: { type: "string" }, train: { type: "string" } } });

/** The bundle's file name in the output directory (bin/canirun.js loads dist/cli/canirun.cjs). */
const BUNDLE_NAME = "canirun.cjs";

/**
 * What the cache is trained on: each command and output form a one-shot question takes (the bench's
 * question among them, but no more than any other), so the functions they share, the catalog read,
 * the parser, the resolvers, the engine, the renderers, are compiled once here instead of per process.
 */
const TRAINING_QUESTIONS = [
	["deepseek-r1", "q4_k_m", "2x4090", "--json"],
	["llama 3.1 70b on 2x3090"],
	["qwen3 32b", "4090", "32k", "--json"],
	["can my m3 max 64gb run gemma 3 27b?", "--compact"],
	["vram", "qwen3 32b"],
	["vram", "mistral small 24b", "--json"],
	["gpus", "deepseek-r1"],
	["gpus", "llama 3.3 70b", "q4_k_m", "--json"],
	["bestfit", "24gb"],
	["bestfit", "2x3090", "--json"],
	["lama 3.1 7b", "3090"],
	["qwen3 8b", "rtx 9999"],
	["help"],
	["--list", "models", "--json"],
];

/**
 * The bundle with every non-ASCII character written as a \\u escape. esbuild escapes them in strings
 * but leaves them in comments and regular expression literals (66 characters: "×", "→", quotes), and
 * one of them near the top made Node decode the whole ~700 kB file through V8's slow UTF-8 path into a
 * two-byte string: 28M of the one-shot run's ~380M instructions over `node -e 0` were that decoding
 * (valgrind cachegrind, cg_diff against `node -e 0`). An ASCII file becomes a one-byte string by the
 * fast path. A \\uXXXX escape means the same character in a string, a template, a regular expression
 * (UTF-16 units, as the source's own characters were read) and an identifier, and nothing in a comment.
 */
function asciiOnly(source) {
	return source.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

async function train(file) {
	const { loadCliBundle } = createRequire(import.meta.url)("../bin/canirun.js");
	// no cache file: the script compiles from source, then collects what the questions compiled
	const { exports, script } = loadCliBundle(file, `${file}.none`);
	// first, so the questions below read the catalog as a run will (compared with the copy, not hashed)
	if (!exports.writeValidatedCatalog()) process.stderr.write("bundle-cli: catalog/ does not match catalog/stamp.json: each run hashes and validates it\n");
	for (const argv of TRAINING_QUESTIONS) {
		const sink = new PassThrough();
		sink.resume();
		await exports.runCli(argv, { stdin: Readable.from([]), stdout: sink, stderr: sink, isTty: false, env: {} });
	}
	const cacheFile = `${file}.cache`;
	const partial = `${cacheFile}.${process.pid}.tmp`;
	writeFileSync(partial, script.createCachedData());
	// a reader sees the old cache or the new one, never half of one
	renameSync(partial, cacheFile);
}

if (values.train !== undefined) {
	await train(resolve(values.train));
} else {
	const { build } = await import("esbuild");
	const entry = resolve(root, values.entry ?? join("dist", "src", "cli", "bundle-entry.js"));
	const outdir = resolve(root, values.outdir ?? join("dist", "cli"));
	const outfile = join(outdir, BUNDLE_NAME);
	rmSync(outdir, { recursive: true, force: true });
	await build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		format: "cjs",
		platform: "node",
		target: "node20",
		packages: "external",
		// import() → require(): a vm.Script has no ES module loader behind its import()s
		supported: { "dynamic-import": false },
		define: { "import.meta.url": "__bundleFileUrl" },
		banner: { js: 'var __bundleFileUrl = require("node:url").pathToFileURL(__filename).href;' },
		logLevel: "warning",
	});
	writeFileSync(outfile, asciiOnly(readFileSync(outfile, "utf8")));
	const { NODE_OPTIONS: _ignored, ...env } = process.env;
	const trained = spawnSync(process.execPath, [here, "--train", outfile], { cwd: root, env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
	if (trained.status !== 0)
		process.stderr.write(`bundle-cli: no code cache (the CLI runs without it): ${(trained.stderr || `exit ${trained.status}`).trim().split("\n")[0]}\n`);
	else if (trained.stderr !== "") process.stderr.write(trained.stderr);
}
