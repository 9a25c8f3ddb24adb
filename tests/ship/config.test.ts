import { describe, expect, it } from "vitest";
import { CONFIG_DEFAULTS, ConfigError, loadConfig } from "../../src/config/env.js";

const DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0Mw.GAbCdE.super-secret-discord-token_value";
const SLACK_BOT_TOKEN = "xoxb-1111-2222-slack-bot-secret";
const SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

function configError(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (err) {
		if (err instanceof ConfigError) return err;
		throw err;
	}
	throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
	it("starts the console (no adapters) with documented defaults when nothing is set", () => {
		const config = loadConfig({});
		expect(config.discord).toBeNull();
		expect(config.slack).toBeNull();
		expect(config.port).toBe(CONFIG_DEFAULTS.port);
		expect(config.log).toEqual({ level: "info", format: "auto", levelFromEnv: false });
		expect(config.rateLimit).toEqual({
			userPerMinute: CONFIG_DEFAULTS.rateLimitUserPerMinute,
			userBurst: CONFIG_DEFAULTS.rateLimitUserBurst,
			channelPerMinute: CONFIG_DEFAULTS.rateLimitChannelPerMinute,
			channelBurst: CONFIG_DEFAULTS.rateLimitChannelBurst,
		});
		expect(config.shutdownTimeoutMs).toBe(CONFIG_DEFAULTS.shutdownTimeoutMs);
		expect(config.secrets).toEqual([]);
	});

	it("treats blank variables as unset", () => {
		const config = loadConfig({ DISCORD_TOKEN: "", PORT: "  ", SLACK_BOT_TOKEN: " " });
		expect(config.discord).toBeNull();
		expect(config.port).toBe(3000);
	});

	it("builds the Discord and Slack (HTTP mode) configs from their credentials", () => {
		const config = loadConfig({
			DISCORD_TOKEN,
			DISCORD_API_URL: "http://127.0.0.1:4000/api",
			DISCORD_GUILD_ID: "123456789012345678",
			DISCORD_MENTIONS: "off",
			SHARDS: "auto",
			SLACK_BOT_TOKEN,
			SLACK_SIGNING_SECRET,
			SLACK_API_URL: "http://127.0.0.1:4001/api/",
			PORT: "8080",
			LOG_LEVEL: "DEBUG",
		});
		expect(config.discord).toEqual({
			token: DISCORD_TOKEN,
			apiUrl: "http://127.0.0.1:4000/api",
			guildId: "123456789012345678",
			mentions: false,
			shards: "auto",
		});
		expect(config.slack).toEqual({
			botToken: SLACK_BOT_TOKEN,
			signingSecret: SLACK_SIGNING_SECRET,
			apiUrl: "http://127.0.0.1:4001/api/",
			mode: "http",
		});
		expect(config.port).toBe(8080);
		expect(config.log).toEqual({ level: "debug", format: "auto", levelFromEnv: true });
		expect(config.secrets.sort()).toEqual([DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET].sort());
	});

	it("selects Slack Socket Mode when an app-level token is set", () => {
		const config = loadConfig({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN: "xapp-1-A1-secret" });
		expect(config.slack?.mode).toBe("socket");
		expect(config.slack?.appToken).toBe("xapp-1-A1-secret");
	});

	it("parses SHARDS as a number and rate limits as integers (0 turns a limit off)", () => {
		const config = loadConfig({ DISCORD_TOKEN, SHARDS: "4", RATE_LIMIT_USER_PER_MIN: "0", RATE_LIMIT_CHANNEL_BURST: "3" });
		expect(config.discord?.shards).toBe(4);
		expect(config.rateLimit.userPerMinute).toBe(0);
		expect(config.rateLimit.channelBurst).toBe(3);
	});

	const malformed: [string, Record<string, string>, RegExp][] = [
		["PORT", { PORT: "abc" }, /^PORT must be a whole number \(got "abc"\)$/],
		["PORT", { PORT: "70000" }, /^PORT must be at most 65535/],
		["DISCORD_API_URL", { DISCORD_TOKEN, DISCORD_API_URL: "not a url" }, /^DISCORD_API_URL must be an http/],
		["SLACK_API_URL", { SLACK_API_URL: "ftp://x" }, /^SLACK_API_URL must be an http/],
		["HF_ENDPOINT", { HF_ENDPOINT: "localhost:8080" }, /^HF_ENDPOINT must be an http/],
		["LOG_LEVEL", { LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of fatal, error, warn, info/],
		["LOG_FORMAT", { LOG_FORMAT: "xml" }, /^LOG_FORMAT must be one of auto, json, pretty/],
		["SHARDS", { SHARDS: "many" }, /^SHARDS must be "auto" or a number/],
		["SHARDS", { SHARDS: "0" }, /^SHARDS must be between 1 and 1024/],
		["DISCORD_MENTIONS", { DISCORD_MENTIONS: "maybe" }, /^DISCORD_MENTIONS must be true or false/],
		["DISCORD_GUILD_ID", { DISCORD_GUILD_ID: "my-server" }, /^DISCORD_GUILD_ID must be a Discord id/],
		["RATE_LIMIT_USER_BURST", { RATE_LIMIT_USER_BURST: "0" }, /^RATE_LIMIT_USER_BURST must be at least 1/],
		["RATE_LIMIT_CHANNEL_PER_MIN", { RATE_LIMIT_CHANNEL_PER_MIN: "-5" }, /^RATE_LIMIT_CHANNEL_PER_MIN must be a whole number/],
		["SHUTDOWN_TIMEOUT_MS", { SHUTDOWN_TIMEOUT_MS: "1.5" }, /^SHUTDOWN_TIMEOUT_MS must be a whole number/],
	];
	for (const [variable, env, message] of malformed) {
		it(`names ${variable} in one line when it is malformed (${JSON.stringify(Object.values(env).at(-1))})`, () => {
			const err = configError(env);
			expect(err.variable).toBe(variable);
			expect(err.message).toMatch(message);
			expect(err.message).not.toContain("\n");
		});
	}

	it("never echoes a secret's value in the error", () => {
		const cases: Record<string, string>[] = [
			{ DISCORD_TOKEN: "Bot abc.def-secret-value" },
			{ DISCORD_TOKEN: "abc def-secret-value" },
			{ SLACK_BOT_TOKEN: "xapp-secret-value-1", SLACK_SIGNING_SECRET },
			{ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN: "xoxb-secret-value-2" },
			{ HF_TOKEN: `hf_${"x".repeat(600)}` },
		];
		for (const env of cases) {
			const err = configError(env);
			for (const value of Object.values(env)) {
				expect(err.message).not.toContain(value);
				expect(err.message).not.toContain(value.slice(4, 20));
			}
			expect(err.message.startsWith(err.variable)).toBe(true);
			expect(err.message).not.toContain("\n");
		}
	});

	it("explains the usual token mix-ups", () => {
		expect(configError({ DISCORD_TOKEN: "Bot abcdef" }).message).toMatch(/without the "Bot " prefix/);
		expect(configError({ SLACK_BOT_TOKEN: "xapp-1-abc", SLACK_SIGNING_SECRET }).message).toMatch(/put it in SLACK_APP_TOKEN/);
		expect(configError({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN: "xoxb-2" }).message).toMatch(/put it in SLACK_BOT_TOKEN/);
	});

	it("refuses half a set of Slack credentials with a line naming the missing variable", () => {
		const noSecret = configError({ SLACK_BOT_TOKEN });
		expect(noSecret.variable).toBe("SLACK_SIGNING_SECRET");
		expect(noSecret.message).toMatch(/^SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set/);
		expect(noSecret.message).not.toContain(SLACK_BOT_TOKEN);

		const noBot = configError({ SLACK_SIGNING_SECRET });
		expect(noBot.variable).toBe("SLACK_BOT_TOKEN");
		expect(noBot.message).not.toContain(SLACK_SIGNING_SECRET);

		expect(configError({ SLACK_APP_TOKEN: "xapp-1-zzz-0123456789" }).variable).toBe("SLACK_BOT_TOKEN");
	});

	it("refuses secrets shorter than the platform's format at start-up, with a clear message and without the value (issue 18)", () => {
		const oneChar = configError({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: "s" });
		expect(oneChar.variable).toBe("SLACK_SIGNING_SECRET");
		expect(oneChar.message).toMatch(/too short: a Slack signing secret has at least 32 characters/);
		// 31 hex characters: one short of Slack's 32
		expect(configError({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SLACK_SIGNING_SECRET.slice(0, 31) }).variable).toBe("SLACK_SIGNING_SECRET");
		const shortToken = configError({ DISCORD_TOKEN: "abc.def.ghi" });
		expect(shortToken.variable).toBe("DISCORD_TOKEN");
		expect(shortToken.message).toMatch(/too short/);
		expect(shortToken.message).not.toContain("abc.def.ghi");
		expect(configError({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET }).variable).toBe("SLACK_BOT_TOKEN");
	});

	it("bounds and strips control characters from echoed values", () => {
		const err = configError({ PORT: `12\u0007${"9".repeat(100)}\u001b[31m` });
		expect(err.message).not.toMatch(/[\u0000-\u001f]/);
		expect(err.message.length).toBeLessThan(120);
	});
});
