/**
 * The Slack adapter in HTTP mode as the end-to-end tests run it: the real Bolt App and our receiver
 * on a random port of 127.0.0.1, sending to a fake Web API, no retries, every request allowed by the
 * rate limiter, and its log kept in memory. Without `answer` it answers through the real command layer.
 */
import { pino } from "pino";
import type { Answer } from "../../src/answer/answer.js";
import type { CommandContext } from "../../commands/types.js";
import { createSlackAdapter, type SlackAdapter } from "../../src/slack/adapter.js";
import { allowAll } from "./allow-all.js";
import { captureLog, type LogCapture } from "./log-capture.js";
import type { FakeSlackApi } from "./slack-web-api.js";

export interface SlackHttpOptions {
	api: FakeSlackApi;
	botToken: string;
	signingSecret: string;
	answer?: (text: string, ctx: CommandContext) => Promise<Answer>;
	maxInFlight?: number;
	/** "silent" for tests that never read the log */
	logLevel?: "info" | "silent";
}

export interface SlackHttp {
	adapter: SlackAdapter;
	log: LogCapture;
	port: number;
	/** http://127.0.0.1:port */
	base: string;
	/** base + /slack/events, where Slack posts */
	events: string;
}

export async function startSlackHttp(options: SlackHttpOptions): Promise<SlackHttp> {
	const log = captureLog();
	const { api, botToken, signingSecret, answer, maxInFlight } = options;
	const adapter = createSlackAdapter(
		{
			botToken,
			signingSecret,
			apiUrl: api.apiUrl,
			port: 0,
			host: "127.0.0.1",
			...(answer === undefined ? {} : { answer }),
			apiRetries: 0,
			...(maxInFlight === undefined ? {} : { maxInFlight }),
		},
		{ logger: pino({ level: options.logLevel ?? "info" }, log.stream), rateLimiter: allowAll },
	);
	await adapter.start();
	const address = adapter.address();
	if (!address) throw new Error("adapter did not bind");
	const base = `http://127.0.0.1:${address.port}`;
	return { adapter, log, port: address.port, base, events: `${base}/slack/events` };
}
