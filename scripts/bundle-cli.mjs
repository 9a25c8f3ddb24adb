/**
 * Bundles the one-shot CLI (dist/src/cli/main.js, already compiled by tsc) into dist/cli/ with
 * esbuild, run by `npm run build` after tsc. Why: `npx canirun …` is a fresh process per question,
 * and about a third of its start-up over `node -e 0` was the ES module loader resolving, opening,
 * stat-ing and compiling ~60 small files one by one (issue 8, `cliVsNodeRatio` ≤ 2). One file (plus
 * a chunk per lazily imported command) does that work once.
 *
 * - `splitting`: the dynamic `import()`s stay lazy (a `canirun …` query never loads gpus/bestfit, and
 *   the zod validator / Hub client load only when needed), so the bundle keeps the import discipline
 *   tests/cli/startup-imports.test.ts checks on the sources.
 * - `packages: "external"`: npm packages (zod, fuse.js, @huggingface/*) load from node_modules as
 *   before, only on the paths that need them.
 * - The bundle lives two levels under the repository (dist/cli/), where src/catalog/read.ts's upward
 *   search finds catalog/ exactly as from dist/src/catalog/.
 * bin/canirun.js runs the bundle when it exists and falls back to dist/src/cli/main.js.
 *
 * Usage: `node scripts/bundle-cli.mjs [--entry FILE] [--outdir DIR]` (defaults: the tsc output and
 * dist/cli/; tests/cli/bundle.test.ts bundles the TypeScript sources into a scratch directory).
 */
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { entry: { type: "string" }, outdir: { type: "string" } } });
const entry = resolve(root, values.entry ?? join("dist", "src", "cli", "main.js"));
const outdir = resolve(root, values.outdir ?? join("dist", "cli"));

rmSync(outdir, { recursive: true, force: true });
await build({
	entryPoints: [entry],
	outdir,
	bundle: true,
	splitting: true,
	format: "esm",
	platform: "node",
	target: "node20",
	packages: "external",
	logLevel: "warning",
});
