/**
 * The `canirun` executable's entry (bin/canirun.js imports dist/src/cli/main.js). All work is in
 * run.ts; this file wires the process streams and the exit code, and turns anything unexpected into
 * one line on stderr and exit 1: never a stack trace.
 */
import { runCli } from "./run.js";

// A closed pipe (`canirun --batch … | head`) is the reader saying "enough", not an error: exit at once
// and quietly. Installed before anything is written (issue 18: it used to be added after the batch,
// so the first EPIPE was an unhandled 'error' event with a stack trace). Waiting instead would hang:
// a write that failed never drains.
function onStreamError(err: NodeJS.ErrnoException): void {
	if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(process.exitCode ?? 0);
	process.stderr.write(`canirun: output error: ${(err.code ?? err.message).slice(0, 100)}\n`);
	process.exit(1);
}
process.stdout.on("error", onStreamError);
process.stderr.on("error", () => {
	// nowhere left to report to
	process.exit(process.exitCode ?? 0);
});

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
