#!/usr/bin/env node
/**
 * The `canirun` executable. `npm ci` builds dist/ through the `prepare` script: tsc, then
 * scripts/bundle-cli.mjs bundles the CLI into one CommonJS file, dist/cli/canirun.cjs, and trains a
 * V8 code cache for it (dist/cli/canirun.cjs.cache). A one-shot question is a fresh process, so what
 * it pays for over `node -e 0` is mostly compiling and first-running ~600 kB of JavaScript (issue 8,
 * `cliVsNodeRatio` ≤ 2): the cache hands V8 the bytecode of the functions a typical question runs.
 *
 * Why CommonJS (bin/package.json): Node 20 caches code only for scripts (vm.Script `cachedData`), not
 * for ES modules, and a CommonJS entry also skips the ES module loader.
 *
 * Fails safe: a missing or unreadable cache, or one V8 rejects (another Node version or V8 flags),
 * only means V8 compiles from source as without it; the answers are the same. The cache is written
 * only by the build, never here (the install may be read-only). Without the bundle, the tsc output
 * (dist/src/cli/main.js) runs.
 */
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const { pathToFileURL } = require("node:url");
const { Script } = require("node:vm");

const DIST = join(__dirname, "..", "dist");
const BUNDLE = join(DIST, "cli", "canirun.cjs");

/**
 * Compiles and runs a CommonJS bundle as Node's own loader would (same wrapper, its own require),
 * with `cacheFile` as its V8 code cache when there is one. Returns the bundle's exports, the compiled
 * script (the build calls createCachedData() on it after training) and what became of the cache.
 */
function loadCliBundle(file = BUNDLE, cacheFile = `${file}.cache`) {
	const source = readFileSync(file, "utf8");
	let cachedData;
	try {
		cachedData = readFileSync(cacheFile);
	} catch {
		cachedData = undefined;
	}
	const script = new Script(Module.wrap(source), cachedData === undefined ? { filename: file } : { filename: file, cachedData });
	const cache = cachedData === undefined ? "none" : script.cachedDataRejected === true ? "rejected" : "used";
	const module = { exports: {} };
	script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
	return { exports: module.exports, script, cache };
}

if (require.main === module) {
	if (existsSync(BUNDLE)) {
		let run;
		try {
			run = loadCliBundle().exports.runProcess;
		} catch (err) {
			process.stderr.write(`canirun: cannot load ${BUNDLE}: ${err instanceof Error ? (err.message.split("\n")[0] ?? "").slice(0, 200) : "unknown"}\n`);
			process.exit(1);
		}
		run(process.argv.slice(2));
	} else {
		const unbundled = join(DIST, "src", "cli", "main.js");
		if (!existsSync(unbundled)) {
			process.stderr.write("canirun is not built yet: run `npm run build` (npm ci does it for you).\n");
			process.exit(1);
		}
		import(pathToFileURL(unbundled).href);
	}
} else {
	module.exports = { loadCliBundle };
}
