/**
 * Wires the process together from a checked Config (main.ts reads it): the logger, the rate limiter,
 * one adapter per platform whose credentials are present (the console when there are none), the
 * /healthz endpoint, and graceful shutdown on SIGTERM/SIGINT.
 *
 * Where /healthz is served (README "Health"):
 * - Slack in HTTP mode: Bolt owns PORT (POST /slack/events), so the Slack adapter serves /healthz on
 *   the same server through the `healthz` callback we pass it.
 * - otherwise, when any chat adapter runs (Discord, Slack Socket Mode): our own node:http server on PORT.
 * - the console: no HTTP server at all (a terminal session should not hold a port).
 *
 * Adapter factories are injected, so tests can run the whole wiring with fakes.
 */
import type { Logger } from "pino";
import type { Config, DiscordConfig, SlackConfig } from "../config/env.js";
import { CONFIG_DEFAULTS } from "../config/env.js";
import { createLogger } from "../log/logger.js";
import type { Adapter, AdapterDeps } from "./adapter.js";
import { healthReport, startHealthServer } from "./health.js";
import type { HealthReport } from "./health.js";
import { createRateLimiter } from "./rate-limit.js";
import { createShutdown, installSignalHandlers } from "./shutdown.js";
import type { Closable, Shutdown } from "./shutdown.js";

export interface SlackAdapterOptions {
	config: SlackConfig;
	port: number;
	/** only in HTTP mode, where Bolt owns PORT */
	healthz?: () => HealthReport;
}

export interface ConsoleAdapterOptions {
	/** called once when the person is done (EOF on stdin, "exit", Ctrl-D): the process then shuts down */
	onClose: () => void;
}

/** Builds each adapter; the defaults (factories.ts) import discord.js / Bolt lazily. */
export interface AdapterFactories {
	discord(config: DiscordConfig, deps: AdapterDeps): Promise<Adapter>;
	slack(options: SlackAdapterOptions, deps: AdapterDeps): Promise<Adapter>;
	console(options: ConsoleAdapterOptions, deps: AdapterDeps): Promise<Adapter>;
}

export interface AppOptions {
	factories: AdapterFactories;
	/** process.exit by default */
	exit?: (code: number) => void;
	/** where signals come from (process by default) */
	signals?: NodeJS.EventEmitter;
	/** a logger to use instead of building one from config.log (tests) */
	logger?: Logger;
	/** interface the health server binds (default: all interfaces, as in a container) */
	healthHost?: string;
}

export interface App {
	mode: "chat" | "console";
	adapters: readonly Adapter[];
	logger: Logger;
	/** the port /healthz is served on (ours or Bolt's), null in the console */
	healthPort: number | null;
	shutdown: Shutdown;
}

/** The port Bolt really bound (PORT=0 picks a free one), from the Slack adapter's `address()`. */
function boundPort(adapters: readonly Adapter[]): number | null {
	for (const adapter of adapters) {
		const address = (adapter as Partial<{ address: () => { port: number } | null }>).address;
		if (adapter.name === "slack" && typeof address === "function") return address.call(adapter)?.port ?? null;
	}
	return null;
}

/** Start everything; resolves once every adapter has started (or the app is shutting down). */
export async function startApp(config: Config, opts: AppOptions): Promise<App> {
	const mode = config.discord || config.slack ? "chat" : "console";
	const exit = opts.exit ?? ((code: number) => process.exit(code));
	const logger =
		opts.logger ??
		createLogger({
			level: mode === "console" && !config.log.levelFromEnv ? CONFIG_DEFAULTS.logLevel.console : config.log.level,
			format: config.log.format,
			secrets: config.secrets,
			// the console prints answers on stdout; its logs go to stderr so they never mix
			fd: mode === "console" ? 2 : 1,
		});
	// the console is one person at a local terminal (or a pipe of queries): nothing to protect there
	const limits = mode === "console" ? { ...config.rateLimit, userPerMinute: 0, channelPerMinute: 0 } : config.rateLimit;
	const deps: AdapterDeps = { logger, rateLimiter: createRateLimiter(limits) };

	const adapters: Adapter[] = [];
	const closers: Closable[] = [];
	const report = (): HealthReport => healthReport(adapters, { shuttingDown: shutdown.shuttingDown });
	const shutdown: Shutdown = createShutdown({ adapters, closers, logger, timeoutMs: config.shutdownTimeoutMs, exit });
	const uninstall = installSignalHandlers(shutdown, { logger, exit, ...(opts.signals && { target: opts.signals }) });
	closers.push({ name: "signal handlers", close: async () => uninstall() });

	let healthPort: number | null = null;
	try {
		if (mode === "console") {
			const stop = shutdown;
			adapters.push(await opts.factories.console({ onClose: () => void stop.run("console closed") }, deps));
		} else {
			if (config.discord) adapters.push(await opts.factories.discord(config.discord, deps));
			if (config.slack) {
				const boltOwnsPort = config.slack.mode === "http";
				adapters.push(await opts.factories.slack({ config: config.slack, port: config.port, ...(boltOwnsPort && { healthz: report }) }, deps));
				if (boltOwnsPort) healthPort = config.port;
			}
			if (healthPort === null) {
				const server = await startHealthServer({ port: config.port, ...(opts.healthHost && { host: opts.healthHost }), report });
				closers.unshift({ name: "health server", close: () => server.close() });
				healthPort = server.port;
			}
		}
	} catch (err) {
		// nothing has started yet: leave no signal handlers behind for the caller's error path
		uninstall();
		throw err;
	}

	const results = await Promise.allSettled(adapters.map((adapter) => adapter.start()));
	if (config.slack?.mode === "http") healthPort = boundPort(adapters) ?? healthPort;
	const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ adapter: adapters[i]?.name, err: r.reason as unknown }] : []));
	if (shutdown.shuttingDown) {
		// a signal arrived while connecting; the stop it triggered is what made start() give up
	} else if (failed.length > 0) {
		for (const { adapter, err } of failed) logger.fatal({ adapter, err }, `${adapter ?? "adapter"} failed to start`);
		// exit non-zero so a supervisor (Docker, systemd, Kubernetes) restarts us or shows the failure
		void shutdown.run("start-up failed", 1);
	} else if (mode === "chat") {
		logger.info(
			{
				adapters: adapters.map((a) => a.name),
				slackMode: config.slack?.mode ?? null,
				healthPort,
				rateLimit: config.rateLimit,
				shutdownTimeoutMs: config.shutdownTimeoutMs,
			},
			"canirun started",
		);
	}
	return { mode, adapters, logger, healthPort, shutdown };
}
