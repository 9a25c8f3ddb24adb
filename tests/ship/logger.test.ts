import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { createLogger, wantsPretty } from "../../src/log/logger.js";
import { logRequest } from "../../src/log/request-log.js";
import { REDACTED, createScrubber } from "../../src/log/scrub.js";
import { captureLog as capture } from "../fakes/log-capture.js";

const DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0Mw.GAbCdE.discord-secret_Value-123";
const SLACK_BOT_TOKEN = "xoxb-1111-2222-slack-bot-secret";
const SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const HF_TOKEN = 'hf_quote"and\\backslash';

describe("createScrubber", () => {
	it("replaces every form of every secret and leaves other text alone", () => {
		const scrub = createScrubber(["abc123456", 'q"x-secret', "a/b c-secret"]);
		expect(scrub("token abc123456 and abc123456!")).toBe(`token ${REDACTED} and ${REDACTED}!`);
		expect(scrub(JSON.stringify({ v: 'q"x-secret' }))).toBe(`{"v":"${REDACTED}"}`);
		expect(scrub("https://x/?t=a%2Fb%20c-secret")).toBe(`https://x/?t=${REDACTED}`);
		expect(scrub("nothing secret here")).toBe("nothing secret here");
	});

	it("never redacts with a secret too short to be one (issue 18: a one-letter secret redacted that letter everywhere)", () => {
		const scrub = createScrubber(["e", "ab", "1234567"]);
		expect(scrub("the 1234567 answers are here")).toBe("the 1234567 answers are here");
		expect(createScrubber(["e", "long-enough-secret"])("see long-enough-secret")).toBe(`see ${REDACTED}`);
	});

	it("is the identity when there are no secrets", () => {
		expect(createScrubber([])("abc")).toBe("abc");
		expect(createScrubber([""])("abc")).toBe("abc");
	});
});

describe("createLogger redaction", () => {
	it("never writes a configured token, whichever way it reaches the log", () => {
		const config = loadConfig({ DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, HF_TOKEN });
		const out = capture();
		const logger = createLogger({ level: "trace", format: "json", secrets: config.secrets, destination: out.stream });

		logger.info({ config }, "config loaded");
		logger.info({ discord: config.discord, slack: config.slack }, "adapters");
		logger.info(`logging in with ${DISCORD_TOKEN}`);
		logger.warn({ url: `https://hub/x?token=${encodeURIComponent(HF_TOKEN)}` }, "hub call");
		logger.error({ err: new Error(`401 for Bearer ${SLACK_BOT_TOKEN}`) }, "slack failed");
		logger.info({ headers: { authorization: `Bot ${DISCORD_TOKEN}` }, someField: SLACK_SIGNING_SECRET }, "request");
		logger.child({ token: DISCORD_TOKEN, adapter: "discord" }).info({ deep: { nested: { value: HF_TOKEN } } }, "child");
		logger.debug({ list: [SLACK_BOT_TOKEN, { x: SLACK_SIGNING_SECRET }] }, "array");

		const text = out.text();
		for (const secret of [DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, HF_TOKEN, JSON.stringify(HF_TOKEN).slice(1, -1)]) {
			expect(text).not.toContain(secret);
		}
		// the lines are still valid JSON with the rest of their content
		const lines = out.lines();
		expect(lines).toHaveLength(8);
		expect(lines.map((l) => l.msg)).toContain("config loaded");
		expect(text).toContain(REDACTED);
		expect(lines[0]?.config).toMatchObject({ port: 3000, discord: { token: REDACTED, mentions: true } });
		expect(lines[2]?.msg).toBe(`logging in with ${REDACTED}`);
	});

	it("honours the level", () => {
		const out = capture();
		const logger = createLogger({ level: "warn", format: "json", secrets: [], destination: out.stream });
		logger.info("hidden");
		logger.warn("shown");
		expect(out.lines().map((l) => l.msg)).toEqual(["shown"]);
	});

	it("pretty-prints only on a terminal outside tests, or when asked", () => {
		expect(wantsPretty("auto", true)).toBe(false); // we are under vitest
		expect(wantsPretty("auto", false)).toBe(false);
		expect(wantsPretty("pretty", false)).toBe(true);
		expect(wantsPretty("json", true)).toBe(false);
	});
});

describe("request log", () => {
	it("writes one line per request with platform, command, ids, outcome and latency", () => {
		const out = capture();
		const logger = createLogger({ level: "info", format: "json", secrets: [], destination: out.stream });
		logRequest(logger, { platform: "discord", command: "canirun", ids: { model: "deepseek-r1" }, outcome: "answered", latencyMs: 12.7 });
		logRequest(logger, { platform: "slack", command: "vram", ids: { model: "qwen3-32b", quant: "Q4_K_M" }, outcome: "rate_limited", latencyMs: 0.4 });
		logRequest(logger, { platform: "cli", command: "gpus", outcome: "failed", latencyMs: 40 });

		const lines = out.lines();
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatchObject({
			msg: "request",
			platform: "discord",
			command: "canirun",
			ids: { model: "deepseek-r1" },
			outcome: "answered",
			latencyMs: 13,
			level: 30,
		});
		expect(lines[1]).toMatchObject({
			msg: "request",
			platform: "slack",
			command: "vram",
			outcome: "rate_limited",
			latencyMs: 0,
			ids: { quant: "Q4_K_M" },
			level: 30,
		});
		// an internal fault is logged at warn, so alerting can key on the level
		expect(lines[2]).toMatchObject({ msg: "request", platform: "cli", command: "gpus", outcome: "failed", latencyMs: 40, level: 40 });
	});
});
