#!/usr/bin/env node
// The `canirun` executable: runs the compiled CLI. `npm ci` builds dist/ through the `prepare` script.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
	process.stderr.write("canirun is not built yet: run `npm run build` (npm ci does it for you).\n");
	process.exit(1);
}
await import(entry.href);
