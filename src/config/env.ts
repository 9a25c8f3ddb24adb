/**
 * The whole process configuration, read once from the environment through zod (issue 7, item 2).
 *
 * - Empty or blank variables count as unset (docker-compose and `.env` files often leave `X=`).
 * - A malformed value throws a ConfigError whose message is ONE line naming the variable; the value
 *   is echoed (bounded, control characters stripped) only for variables that are not secrets.
 * - Which adapters run follows from which credentials are present; half a set of credentials (a
 *   Slack bot token without its signing secret, say) is an error, never a silent fallback.
 * - `secrets` lists every secret value so the logger can scrub them from any line (src/log/logger.ts).
 */
import { z } from "zod";

/** Variables whose values must never appear in logs, errors or answers. */
export const SECRET_VARIABLES = ["DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "HF_TOKEN"] as const;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;

/** Defaults, documented in README.md's configuration table. */
export const CONFIG_DEFAULTS = {
	port: 3000,
	/** LOG_LEVEL when unset: a chat bot logs every request; the console keeps the terminal quiet */
	logLevel: { chat: "info", console: "warn" },
	logFormat: "auto",
	discordMentions: true,
	/** a person asking a question every few seconds for a minute is plenty for a chat bot */
	rateLimitUserPerMinute: 10,
	rateLimitUserBurst: 5,
	/** a busy channel: several people each asking a few questions a minute */
	rateLimitChannelPerMinute: 30,
	rateLimitChannelBurst: 15,
	/** Docker sends SIGKILL 10 s after SIGTERM by default; finish within that */
	shutdownTimeoutMs: 8_000,
} as const;

/** Longest value we echo back in an error line (non-secrets only). */
const ECHO_MAX_CHARS = 40;
const MAX_SECRET_CHARS = 512;
/** Discord ids are snowflakes: 64-bit integers written in decimal (17–20 digits today). */
const SNOWFLAKE = /^\d{15,21}$/;
const WHITESPACE = /\s/;

/** A start-up configuration error: one line, names the variable, never carries a secret's value. */
export class ConfigError extends Error {
	override readonly name = "ConfigError";
	constructor(
		readonly variable: string,
		message: string,
	) {
		super(message);
	}
}

/**
 * The shortest value each secret can have (issue 18: a one-character signing secret was accepted, and
 * the log scrubber then redacted that letter everywhere). Slack signing secrets are 32 hex characters
 * (api.slack.com/authentication/verifying-requests-from-slack); Slack and Discord tokens are longer
 * still (xoxb-/xapp- tokens 50+, a Discord bot token three dot-separated parts, 59+). A token shorter
 * than MIN_TOKEN_CHARS is a truncated paste or a placeholder, never a real one.
 */
export const MIN_SIGNING_SECRET_CHARS = 32;
export const MIN_TOKEN_CHARS = 16;

/** A token or secret: one word, bounded; `hint` catches a known mix-up first, with its own advice. */
const secret = (hint?: (value: string) => string | null, minChars = MIN_TOKEN_CHARS, format = "a real one") =>
	z
		.string()
		.superRefine((v, ctx) => {
			const problem = hint?.(v);
			if (problem) ctx.addIssue({ code: "custom", message: problem });
		})
		.refine((v) => !WHITESPACE.test(v), "contains whitespace (a stray newline or space when it was pasted?)")
		.refine((v) => v.length >= minChars, `is too short: ${format} has at least ${minChars} characters (was it cut off when it was pasted?)`)
		.max(MAX_SECRET_CHARS, `is longer than ${MAX_SECRET_CHARS} characters`);

const httpUrl = z.string().refine((v) => {
	try {
		const url = new URL(v);
		return url.protocol === "http:" || url.protocol === "https:";
	} catch {
		return false;
	}
}, "must be an http:// or https:// URL");

const wholeNumber = (min: number, max: number) =>
	z
		.string()
		.regex(/^\d+$/, "must be a whole number")
		.transform(Number)
		.pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const flag = z
	.string()
	.transform((v) => v.toLowerCase())
	.pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "must be true or false" }))
	.transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");

const snowflake = z.string().regex(SNOWFLAKE, "must be a Discord id (a number of 15–21 digits)");

/** The raw environment, variable by variable. Unknown variables are ignored. */
export const EnvSchema = z.object({
	// discord.js adds the "Bot " prefix itself; a token pasted with it would fail to log in
	DISCORD_TOKEN: secret((v) => (/^bot\s/i.test(v) ? 'must be the bare token, without the "Bot " prefix' : null)).optional(),
	DISCORD_API_URL: httpUrl.optional(),
	DISCORD_GUILD_ID: snowflake.optional(),
	DISCORD_APPLICATION_ID: snowflake.optional(),
	DISCORD_MENTIONS: flag.optional(),
	SHARDS: z
		.string()
		.regex(/^(auto|\d+)$/i, 'must be "auto" or a number of shards')
		.transform((v): number | "auto" => (v.toLowerCase() === "auto" ? "auto" : Number(v)))
		.refine((v) => v === "auto" || (v >= 1 && v <= 1024), "must be between 1 and 1024")
		.optional(),
	SLACK_BOT_TOKEN: secret((v) =>
		v.startsWith("xapp-") ? "is an app-level token (xapp-…); put it in SLACK_APP_TOKEN and the xoxb-… bot token here" : null,
	).optional(),
	SLACK_SIGNING_SECRET: secret(undefined, MIN_SIGNING_SECRET_CHARS, "a Slack signing secret").optional(),
	SLACK_APP_TOKEN: secret((v) =>
		v.startsWith("xoxb-") ? "is a bot token (xoxb-…); put it in SLACK_BOT_TOKEN and the xapp-… app-level token here" : null,
	).optional(),
	SLACK_API_URL: httpUrl.optional(),
	PORT: wholeNumber(0, 65_535).optional(),
	// read by the Hub client where a lookup runs (src/hub/env.ts); checked here so a bad value stops start-up
	HF_TOKEN: secret().optional(),
	HF_ENDPOINT: httpUrl.optional(),
	LOG_LEVEL: z
		.string()
		.transform((v) => v.toLowerCase())
		.pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }))
		.optional(),
	LOG_FORMAT: z
		.string()
		.transform((v) => v.toLowerCase())
		.pipe(z.enum(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(", ")}` }))
		.optional(),
	RATE_LIMIT_USER_PER_MIN: wholeNumber(0, 100_000).optional(),
	RATE_LIMIT_USER_BURST: wholeNumber(1, 100_000).optional(),
	RATE_LIMIT_CHANNEL_PER_MIN: wholeNumber(0, 100_000).optional(),
	RATE_LIMIT_CHANNEL_BURST: wholeNumber(1, 100_000).optional(),
	SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).optional(),
});

export interface DiscordConfig {
	/** the bot token (without the "Bot " prefix) */
	token: string;
	/** discord.js `rest.api` base, e.g. http://127.0.0.1:PORT/api (tests, self-hosted proxies) */
	apiUrl?: string;
	/** where `npm run register` registers commands; the runtime answers in every guild either way */
	guildId?: string;
	applicationId?: string;
	/**
	 * answer "@canirun …" mentions. Needs the privileged MessageContent intent, enabled in the
	 * Developer Portal (Bot → Privileged Gateway Intents); without it Discord closes the gateway with
	 * 4014 and the adapter logs how to fix it (or set DISCORD_MENTIONS=false).
	 */
	mentions: boolean;
	/** run a ShardingManager with this many shards ("auto": Discord's recommendation) */
	shards?: number | "auto";
}

export interface SlackConfig {
	botToken: string;
	signingSecret: string;
	appToken?: string;
	apiUrl?: string;
	/** HTTP mode (Bolt's receiver on PORT) unless an app-level token selects Socket Mode */
	mode: "http" | "socket";
}

export interface RateLimitConfig {
	/** tokens added per minute; 0 turns that bucket off */
	userPerMinute: number;
	userBurst: number;
	channelPerMinute: number;
	channelBurst: number;
}

export interface Config {
	discord: DiscordConfig | null;
	slack: SlackConfig | null;
	port: number;
	/**
	 * `level` is LOG_LEVEL or, when unset, "info"; `levelFromEnv` says which, so the console can keep
	 * the terminal quiet (warn) unless the operator asked for more.
	 */
	log: { level: (typeof LOG_LEVELS)[number]; format: (typeof LOG_FORMATS)[number]; levelFromEnv: boolean };
	rateLimit: RateLimitConfig;
	shutdownTimeoutMs: number;
	/** every secret value present, for the log scrubber; never log this array */
	secrets: string[];
}

type EnvInput = Readonly<Record<string, string | undefined>>;

/** Drop unset and blank variables, so `X=` behaves like no X at all. */
function presentValues(env: EnvInput): Record<string, string> {
	const out: Record<string, string> = Object.create(null) as Record<string, string>;
	for (const key of Object.keys(EnvSchema.shape)) {
		const value = env[key];
		if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
	}
	return out;
}

function isSecret(variable: string): boolean {
	return (SECRET_VARIABLES as readonly string[]).includes(variable);
}

/** A bounded, printable rendering of a non-secret value for an error line. */
function echo(value: string): string {
	// C0 and C1 control characters: escape sequences must not reach a terminal through an error line
	const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
	const short = printable.length > ECHO_MAX_CHARS ? `${printable.slice(0, ECHO_MAX_CHARS)}…` : printable;
	return JSON.stringify(short);
}

/** Read and check the configuration; throws ConfigError (one line naming the variable). */
export function loadConfig(env: EnvInput = process.env): Config {
	const raw = presentValues(env);
	const parsed = EnvSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const variable = String(issue?.path[0] ?? "environment");
		const given = raw[variable];
		const shown = given !== undefined && !isSecret(variable) ? ` (got ${echo(given)})` : "";
		throw new ConfigError(variable, `${variable} ${issue?.message ?? "is invalid"}${shown}`);
	}
	const e = parsed.data;

	if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) {
		throw new ConfigError(
			"SLACK_SIGNING_SECRET",
			"SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set (Slack app settings → Basic Information → Signing Secret)",
		);
	}
	if (!e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
		const given = e.SLACK_SIGNING_SECRET ? "SLACK_SIGNING_SECRET" : "SLACK_APP_TOKEN";
		throw new ConfigError(
			"SLACK_BOT_TOKEN",
			`SLACK_BOT_TOKEN is required when ${given} is set (Slack app settings → OAuth & Permissions → Bot User OAuth Token, xoxb-…)`,
		);
	}

	const discord: DiscordConfig | null = e.DISCORD_TOKEN
		? {
				token: e.DISCORD_TOKEN,
				mentions: e.DISCORD_MENTIONS ?? CONFIG_DEFAULTS.discordMentions,
				...(e.DISCORD_API_URL !== undefined && { apiUrl: e.DISCORD_API_URL }),
				...(e.DISCORD_GUILD_ID !== undefined && { guildId: e.DISCORD_GUILD_ID }),
				...(e.DISCORD_APPLICATION_ID !== undefined && { applicationId: e.DISCORD_APPLICATION_ID }),
				...(e.SHARDS !== undefined && { shards: e.SHARDS }),
			}
		: null;

	const slack: SlackConfig | null =
		e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
			? {
					botToken: e.SLACK_BOT_TOKEN,
					signingSecret: e.SLACK_SIGNING_SECRET,
					mode: e.SLACK_APP_TOKEN ? "socket" : "http",
					...(e.SLACK_APP_TOKEN !== undefined && { appToken: e.SLACK_APP_TOKEN }),
					...(e.SLACK_API_URL !== undefined && { apiUrl: e.SLACK_API_URL }),
				}
			: null;

	const secrets = SECRET_VARIABLES.map((name) => e[name]).filter((v): v is string => typeof v === "string");

	return {
		discord,
		slack,
		port: e.PORT ?? CONFIG_DEFAULTS.port,
		log: {
			level: e.LOG_LEVEL ?? CONFIG_DEFAULTS.logLevel.chat,
			format: e.LOG_FORMAT ?? CONFIG_DEFAULTS.logFormat,
			levelFromEnv: e.LOG_LEVEL !== undefined,
		},
		rateLimit: {
			userPerMinute: e.RATE_LIMIT_USER_PER_MIN ?? CONFIG_DEFAULTS.rateLimitUserPerMinute,
			userBurst: e.RATE_LIMIT_USER_BURST ?? CONFIG_DEFAULTS.rateLimitUserBurst,
			channelPerMinute: e.RATE_LIMIT_CHANNEL_PER_MIN ?? CONFIG_DEFAULTS.rateLimitChannelPerMinute,
			channelBurst: e.RATE_LIMIT_CHANNEL_BURST ?? CONFIG_DEFAULTS.rateLimitChannelBurst,
		},
		shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? CONFIG_DEFAULTS.shutdownTimeoutMs,
		secrets,
	};
}
