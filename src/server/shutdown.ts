/**
 * Graceful shutdown (issue 7, item 6). On SIGTERM or SIGINT:
 *   1. stop taking new work (health turns 503 so a load balancer drains us; adapters refuse new work),
 *   2. let in-flight answers finish, bounded by `timeoutMs`,
 *   3. close the servers (health, …),
 *   4. flush the log and exit 0 — or 1 when an adapter did not stop in time.
 * Each adapter bounds its own wait for in-flight answers by the deadline it is given (and logs what
 * it abandoned); an adapter that ignores the deadline is cut off here, a little later.
 * A second signal while this runs exits at once (an operator pressing Ctrl-C twice means it).
 *
 * `exit` is injected so tests can watch the whole sequence without ending the test process.
 */
import type { Logger } from "pino";
import type { Adapter } from "./adapter.js";

export const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** Closing a server gets its own small budget on top of the adapters' deadline. */
const CLOSE_BUDGET_MS = 2_000;
/**
 * Adapters get `timeoutMs` for in-flight work (they bound that wait themselves) and then need a
 * moment to disconnect (discord.js destroy, Bolt stop); only an adapter that has not returned by
 * `timeoutMs + DISCONNECT_GRACE_MS` counts as stuck.
 */
export const DISCONNECT_GRACE_MS = 1_500;

export interface Closable {
	name: string;
	close(): Promise<void>;
}

export interface ShutdownOptions {
	adapters: readonly Adapter[];
	/** servers and other resources closed after the adapters have stopped */
	closers?: readonly Closable[];
	logger: Logger;
	/** how long in-flight work may take to finish */
	timeoutMs: number;
	exit: (code: number) => void;
}

export interface Shutdown {
	/** begin (or join) the shutdown; resolves after `exit` was called */
	run(reason: string, exitCode?: number): Promise<void>;
	readonly shuttingDown: boolean;
}

type Outcome = "done" | "timeout";

function within(promise: Promise<unknown>, ms: number): Promise<Outcome> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<Outcome>((resolve) => {
		timer = setTimeout(() => resolve("timeout"), ms);
	});
	return Promise.race([promise.then((): Outcome => "done"), timeout]).finally(() => clearTimeout(timer));
}

export function createShutdown(opts: ShutdownOptions): Shutdown {
	let running: Promise<void> | null = null;

	async function sequence(reason: string, requestedCode: number): Promise<void> {
		const { logger } = opts;
		const started = Date.now();
		logger.info({ reason, timeoutMs: opts.timeoutMs }, "shutting down: finishing in-flight requests");

		const pending = new Set(opts.adapters.map((a) => a.name));
		const stops = opts.adapters.map(async (adapter) => {
			try {
				await adapter.stop(opts.timeoutMs);
			} catch (err) {
				logger.warn({ adapter: adapter.name, err }, "adapter did not stop cleanly");
			} finally {
				pending.delete(adapter.name);
			}
		});
		const adapterOutcome = await within(Promise.all(stops), opts.timeoutMs + DISCONNECT_GRACE_MS);
		if (adapterOutcome === "timeout") {
			logger.warn({ adapters: [...pending] }, "shutdown deadline passed: adapters still stopping");
		}

		for (const closer of opts.closers ?? []) {
			const closed = await within(
				closer.close().catch((err: unknown) => logger.warn({ closer: closer.name, err }, "close failed")),
				CLOSE_BUDGET_MS,
			);
			if (closed === "timeout") logger.warn({ closer: closer.name }, "close timed out");
		}

		const code = requestedCode !== 0 ? requestedCode : adapterOutcome === "timeout" ? 1 : 0;
		logger.info({ exitCode: code, durationMs: Date.now() - started }, "stopped");
		logger.flush();
		opts.exit(code);
	}

	return {
		run(reason, exitCode = 0) {
			running ??= sequence(reason, exitCode);
			return running;
		},
		get shuttingDown() {
			return running !== null;
		},
	};
}

/**
 * Route SIGTERM/SIGINT to the shutdown; a second signal exits immediately with 130 (128 + SIGINT,
 * the shell's convention for "interrupted"). Returns a function that removes the handlers.
 */
export function installSignalHandlers(shutdown: Shutdown, opts: { logger: Logger; exit: (code: number) => void; target?: NodeJS.EventEmitter }): () => void {
	const target = opts.target ?? process;
	const onSignal = (signal: ShutdownSignal) => {
		if (shutdown.shuttingDown) {
			opts.logger.warn({ signal }, "second signal: exiting now");
			opts.logger.flush();
			opts.exit(130);
			return;
		}
		void shutdown.run(signal);
	};
	const handlers = SHUTDOWN_SIGNALS.map((signal) => {
		const handler = () => onSignal(signal);
		target.on(signal, handler);
		return [signal, handler] as const;
	});
	return () => {
		for (const [signal, handler] of handlers) target.off(signal, handler);
	};
}
