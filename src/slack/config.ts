/**
 * The Slack adapter's configuration, validated by zod when the adapter is created (main.ts builds it
 * from the environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, optional SLACK_APP_TOKEN and
 * SLACK_API_URL, PORT). Secrets are checked for shape only and never echoed in an error.
 */
import { z } from "zod";
import type { AnswerFn } from "./ask.js";

export type HealthzFn = () => { status: number; body: unknown };

export const slackAdapterConfigSchema = z.object({
	/** xoxb-… bot token */
	botToken: z.string().min(1, "SLACK_BOT_TOKEN is empty"),
	/** the app's signing secret (Basic Information → App Credentials) */
	signingSecret: z.string().min(1, "SLACK_SIGNING_SECRET is empty"),
	/** xapp-… app-level token; when set, Socket Mode instead of HTTP */
	appToken: z.string().min(1).optional(),
	/** Web API base (default https://slack.com/api/); also used for Socket Mode's apps.connections.open */
	apiUrl: z.url({ protocol: /^https?$/ }).optional(),
	/** HTTP mode: where Bolt listens for POST /slack/events and GET /healthz (0 = any free port) */
	port: z.number().int().min(0).max(65535),
	/** HTTP mode: the interface to bind (default all interfaces, as Bolt does) */
	host: z.string().min(1).optional(),
	/** answer @mentions in channels (default true) */
	mentions: z.boolean().optional(),
	/** GET /healthz in HTTP mode: main.ts's process-wide health; when absent, this adapter's own state */
	healthz: z.custom<HealthzFn>((v) => typeof v === "function").optional(),
	/** what answers a query (default: `answerQuery` from commands/index.ts); tests inject their own */
	answer: z.custom<AnswerFn>((v) => typeof v === "function").optional(),
	/** answers in progress past which new questions are told "busy" (default DEFAULT_MAX_IN_FLIGHT) */
	maxInFlight: z.number().int().min(1).max(10_000).optional(),
	/** Web API retries (default: the library's ten retries over about thirty minutes); tests use 0 */
	apiRetries: z.number().int().min(0).max(100).optional(),
});

export type SlackAdapterConfig = z.infer<typeof slackAdapterConfigSchema>;
