/**
 * The Slack adapter (issue 6): a Bolt App in HTTP mode (Bolt's receiver on PORT, POST /slack/events,
 * GET /healthz), or in Socket Mode when an app-level token is given (no public URL needed). Thin: it
 * turns Slack requests into questions, hands them to the command layer and renders the Answers as
 * Block Kit (handlers.ts, render-blocks.ts).
 *
 * Start-up calls `auth.test` (Bolt's token check; against SLACK_API_URL when set) before listening,
 * so a bad token fails `start()` with a clear message instead of an unhandled rejection later.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { CustomRoute } from "@slack/bolt";
import type { Adapter, AdapterDeps, AdapterState } from "../server/adapter.js";
import { createAskPipeline } from "../server/ask.js";
import type { AnswerFn, Asker } from "./ask.js";
import { createBoltLogger } from "./bolt-logger.js";
import { slackAdapterConfigSchema } from "./config.js";
import type { HealthzFn, SlackAdapterConfig } from "./config.js";
import { registerHandlers } from "./handlers.js";
import { createChartUploader } from "./chart-upload.js";
import { InFlight } from "./in-flight.js";
import { FreshHTTPReceiver, SLACK_EVENTS_PATH, applyServerTimeouts } from "./receiver.js";

export type { SlackAdapterConfig } from "./config.js";

/** Bounded wait for in-flight answers when stop() is called without a deadline. */
export const SLACK_DEFAULT_STOP_DEADLINE_MS = 5_000;
export const HEALTHZ_PATH = "/healthz";
/**
 * At shutdown, after in-flight answers are done: how long a request that is just being acknowledged
 * may take before every remaining socket (idle keep-alives, stalled uploads) is closed.
 */
const SOCKET_CLOSE_GRACE_MS = 250;
/** Node's system error codes (EADDRINUSE, EACCES, …): safe to pass on, they carry no secrets. */
const SYSTEM_ERROR_CODE = /^E[A-Z]+$/;

export interface SlackAdapter extends Adapter {
	readonly name: "slack";
	readonly mode: "http" | "socket";
	/** HTTP mode: the bound address once started (port 0 picks a free port); null otherwise */
	address(): { host: string; port: number } | null;
}

/** Thrown by `start()` with a one-line, secret-free reason. */
export class SlackAdapterError extends Error {
	override readonly name = "SlackAdapterError";
	constructor(
		message: string,
		readonly code: "invalid_config" | "commands_failed" | "auth_failed" | "listen_failed",
	) {
		super(message);
	}
}

function describeStartError(error: unknown): string {
	if (error instanceof Error) {
		const data = (error as { data?: { error?: unknown } }).data;
		if (data && typeof data.error === "string") return data.error;
		return error.message.replace(/\bx(?:ox[abeprs]|app)-[A-Za-z0-9-]+/g, "[redacted]");
	}
	return String(error);
}

/**
 * The command layer's `answerQuery`, imported when the adapter starts rather than when this module
 * loads: start() then fails fast on a broken catalog, and tests that inject their own answer never
 * load the catalog at all.
 */
async function loadAnswerQuery(): Promise<AnswerFn> {
	const commands = await import("../../commands/index.js");
	// Loading the catalog is synchronous work (about a second); do it now, before we listen, rather
	// than inside the first question, where it would hold up the acks of requests arriving meanwhile.
	// A model lookup is the cheapest call that builds the catalog and its resolvers.
	commands.completeOption("model", "llama", 1);
	return commands.answerQuery;
}

export function createSlackAdapter(rawConfig: SlackAdapterConfig, deps: AdapterDeps): SlackAdapter {
	const parsed = slackAdapterConfigSchema.safeParse(rawConfig);
	if (!parsed.success) {
		// zod messages name the field; values (secrets) are never included
		const first = parsed.error.issues[0];
		throw new SlackAdapterError(`invalid Slack configuration: ${first ? `${first.path.join(".")} ${first.message}` : "unknown problem"}`, "invalid_config");
	}
	const config = parsed.data;
	const mode: "http" | "socket" = config.appToken ? "socket" : "http";
	const logger = deps.logger.child({ component: "slack", mode });
	const boltLogger = createBoltLogger(logger, LogLevel.INFO);
	const inFlight = new InFlight();
	let state: AdapterState = "starting";
	let server: Server | null = null;
	/** true between a successful app.start() and app.stop() */
	let started = false;

	const ownHealth: HealthzFn = () => ({
		status: state === "connected" ? 200 : 503,
		body: { status: state === "connected" ? "ok" : "unavailable", slack: state },
	});
	const healthz = config.healthz ?? ownHealth;
	const customRoutes: CustomRoute[] = [
		{
			path: HEALTHZ_PATH,
			method: ["GET", "HEAD"],
			handler: (req, res) => {
				let result: { status: number; body: unknown };
				try {
					result = healthz();
				} catch {
					result = { status: 500, body: { status: "error" } };
				}
				const text = JSON.stringify(result.body);
				res.writeHead(result.status, {
					"content-type": "application/json; charset=utf-8",
					"content-length": Buffer.byteLength(text),
					"cache-control": "no-store",
				});
				res.end(req.method === "HEAD" ? undefined : text);
			},
		},
	];

	const clientOptions = {
		...(config.apiUrl !== undefined && { slackApiUrl: config.apiUrl }),
		...(config.apiRetries !== undefined && { retryConfig: { retries: config.apiRetries } }),
	};

	let app: App;
	let socketReceiver: SocketModeReceiver | null = null;
	const common = {
		token: config.botToken,
		logger: boltLogger,
		logLevel: LogLevel.INFO,
		clientOptions,
		// auth.test runs in start() (app.init), where a failure can be reported, not in the constructor
		deferInitialization: true,
		// nothing is stored between requests: buttons carry their query
		convoStore: false as const,
	};
	if (mode === "socket") {
		socketReceiver = new SocketModeReceiver({
			appToken: config.appToken ?? "",
			logger: boltLogger,
			logLevel: LogLevel.INFO,
			// App does not forward clientOptions to apps.connections.open; the receiver takes them here
			installerOptions: { clientOptions },
		});
		socketReceiver.client.on("connected", () => {
			if (state !== "stopped") state = "connected";
		});
		socketReceiver.client.on("reconnecting", () => {
			if (state !== "stopped") state = "reconnecting";
		});
		socketReceiver.client.on("disconnected", () => {
			if (state !== "stopped" && state !== "starting") state = "down";
		});
		app = new App({ ...common, socketMode: true, appToken: config.appToken, receiver: socketReceiver });
	} else {
		const receiver = new FreshHTTPReceiver({
			signingSecret: config.signingSecret,
			endpoints: [SLACK_EVENTS_PATH],
			customRoutes,
			logger: boltLogger,
			logLevel: LogLevel.INFO,
			// ack() goes out at once; the answer follows on the response_url (Slack's 3 s rule)
			processBeforeResponse: false,
			onRefused: (reason, status) => logger.warn({ reason, status }, "slack request refused"),
		});
		app = new App({ ...common, receiver });
	}

	let answer: AnswerFn | null = config.answer ?? null;
	const asker: Asker = {
		answer: async (text, ctx) => {
			answer ??= await loadAnswerQuery();
			return answer(text, ctx);
		},
		pipeline: createAskPipeline({
			logger,
			rateLimiter: deps.rateLimiter,
			isStopping: () => !inFlight.accepting,
			...(config.maxInFlight !== undefined && { maxInFlight: config.maxInFlight }),
		}),
	};
	registerHandlers(app, { asker, inFlight, logger, mentions: config.mentions ?? true, charts: createChartUploader(logger) });
	app.error(async (error) => {
		logger.error({ err: { name: error.name, code: error.code, message: describeStartError(error) } }, "slack listener error");
	});

	return {
		name: "slack",
		mode,
		state: () => state,
		address: () => {
			const addr = server?.address();
			if (!addr || typeof addr === "string") return null;
			return { host: (addr as AddressInfo).address, port: (addr as AddressInfo).port };
		},
		async start() {
			state = "starting";
			try {
				answer ??= await loadAnswerQuery();
			} catch (error) {
				state = "down";
				throw new SlackAdapterError(`the command layer failed to load: ${describeStartError(error)}`, "commands_failed");
			}
			try {
				await app.init();
			} catch (error) {
				state = "down";
				throw new SlackAdapterError(
					`Slack auth.test failed (${describeStartError(error)}): check SLACK_BOT_TOKEN${config.apiUrl ? " and SLACK_API_URL" : ""}`,
					"auth_failed",
				);
			}
			try {
				if (mode === "socket") {
					await app.start();
					started = true;
					state = "connected";
					logger.info("slack adapter connected (Socket Mode)");
				} else {
					const listen = config.host !== undefined ? { port: config.port, host: config.host } : config.port;
					server = (await app.start(listen)) as Server;
					applyServerTimeouts(server);
					started = true;
					state = "connected";
					const addr = server.address() as AddressInfo | null;
					logger.info({ port: addr?.port }, `slack adapter listening (HTTP mode, POST ${SLACK_EVENTS_PATH})`);
				}
			} catch (error) {
				state = "down";
				// a system error (EADDRINUSE, EACCES) keeps its code so main.ts can explain it
				const code: unknown = (error as { code?: unknown } | null)?.code;
				if (error instanceof Error && typeof code === "string" && SYSTEM_ERROR_CODE.test(code)) throw error;
				throw new SlackAdapterError(`Slack adapter could not start: ${describeStartError(error)}`, "listen_failed");
			}
		},
		async stop(deadlineMs = SLACK_DEFAULT_STOP_DEADLINE_MS) {
			if (state === "stopped") return;
			const finished = await inFlight.drain(deadlineMs);
			if (!finished) logger.warn({ pending: inFlight.size }, "slack adapter stopping with answers still in flight");
			state = "stopped";
			if (!started) return;
			started = false;
			const open = server;
			let cut: NodeJS.Timeout | undefined;
			try {
				// server.close() waits for every socket: end the idle ones now, and any still open (a
				// client stalled mid-request) after a short grace, so a stalled client cannot hold shutdown
				const stopping = app.stop();
				open?.closeIdleConnections();
				cut = setTimeout(() => open?.closeAllConnections(), SOCKET_CLOSE_GRACE_MS);
				await stopping;
			} catch (error) {
				logger.warn({ err: describeStartError(error) }, "slack app.stop failed");
			} finally {
				clearTimeout(cut);
			}
			server = null;
			logger.info("slack adapter stopped");
		},
	};
}
