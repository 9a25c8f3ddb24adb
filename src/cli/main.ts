/**
 * The `canirun` executable's unbundled entry: bin/canirun.js runs it when the bundle
 * (dist/cli/canirun.cjs) is missing, and tests run it through tsx. All work is in process.ts / run.ts.
 */
import { runProcess } from "./process.js";

void runProcess(process.argv.slice(2));
