/**
 * The `canirun` executable's entry (bin/canirun.js imports dist/src/cli/main.js). All work is in
 * run.ts; this file wires the process streams and the exit code, and turns anything unexpected into
 * one line on stderr and exit 1: never a stack trace.
 */
import { runCli } from "./run.js";

try {
	const code = await runCli(process.argv.slice(2), {
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		isTty: process.stdout.isTTY === true,
		...(process.stdout.isTTY === true && typeof process.stdout.columns === "number" ? { columns: process.stdout.columns } : {}),
		env: process.env,
	});
	process.exitCode = code;
} catch (err) {
	process.stderr.write(`canirun: internal error: ${err instanceof Error ? (err.message.split("\n")[0] ?? "").slice(0, 200) : "unknown"}\n`);
	process.exitCode = 1;
}

// EPIPE (e.g. `canirun … | head`) is not an error worth a trace.
process.stdout.on("error", () => {
	process.exitCode ??= 0;
});
