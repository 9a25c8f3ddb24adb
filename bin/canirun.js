#!/usr/bin/env node
// The `canirun` executable: runs the compiled CLI. `npm ci` builds dist/ through the `prepare` script:
// tsc, then scripts/bundle-cli.mjs bundles the CLI into dist/cli/ (one file instead of ~60 modules to
// resolve and load: a one-shot question starts faster, issue 8). Without the bundle, the tsc output runs.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entries = [new URL("../dist/cli/main.js", import.meta.url), new URL("../dist/src/cli/main.js", import.meta.url)];
const entry = entries.find((url) => existsSync(fileURLToPath(url)));
if (entry === undefined) {
	process.stderr.write("canirun is not built yet: run `npm run build` (npm ci does it for you).\n");
	process.exit(1);
}
await import(entry.href);
