/**
 * The CLI as a process: wires process.argv, the streams and the exit code to runCli (run.ts), and
 * turns anything unexpected into one line on stderr and exit 1: never a stack trace. Two entries
 * start it: src/cli/main.ts (the tsc output, and `tsx src/cli/main.ts` in tests) and the CommonJS
 * bundle that bin/canirun.js loads with its V8 code cache (scripts/bundle-cli.mjs, issue 8). The
 * bundle also hands runCli to the build step that trains that cache.
 */
import { runCli } from "./run.js";

export { runCli };

// A closed pipe (`canirun --batch … | head`) is the reader saying "enough", not an error: exit at once
// and quietly. Installed before anything is written (issue 18: it used to be added after the batch,
// so the first EPIPE was an unhandled 'error' event with a stack trace). Waiting instead would hang:
// a write that failed never drains.
function onStreamError(err: NodeJS.ErrnoException): void {
	if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(process.exitCode ?? 0);
	process.stderr.write(`canirun: output error: ${(err.code ?? err.message).slice(0, 100)}\n`);
	process.exit(1);
}

/** Answer argv on the process's streams and set process.exitCode. Never rejects. */
export async function runProcess(argv: readonly string[]): Promise<void> {
	process.stdout.on("error", onStreamError);
	process.stderr.on("error", () => {
		// nowhere left to report to
		process.exit(process.exitCode ?? 0);
	});
	try {
		const code = await runCli(argv, {
			// process.stdin is created on first access (a tty or pipe stream: ~3 ms of a one-shot run), and
			// only --batch - reads it
			get stdin() {
				return process.stdin;
			},
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
}
