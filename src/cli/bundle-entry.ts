/**
 * What the CommonJS bundle of the CLI (dist/cli/canirun.cjs, scripts/bundle-cli.mjs) exports:
 * runProcess for bin/canirun.js, and for the build step that follows the bundling, runCli (the
 * questions that train the bundle's V8 code cache) and writeValidatedCatalog (the copy of the stamped
 * catalog that spares each run the hash, see src/catalog/read.ts).
 */
export { writeValidatedCatalog } from "./catalog.js";
export { runCli, runProcess } from "./process.js";
