/**
 * The whole process wiring with the real adapters (discord.js, Bolt) against the loopback fakes in
 * tests/fakes/: config from an environment → startApp(defaultFactories) → /healthz, a request, the
 * per-user rate limit answered with a friendly "slow down", one request log line each, no secret in
 * any log line, and SIGTERM → exit 0 with the servers closed.
 */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { createLogger } from "../../src/log/logger.js";
import { startApp } from "../../src/server/app.js";
import type { App } from "../../src/server/app.js";
import { defaultFactories } from "../../src/server/factories.js";
import { startFakeDiscord } from "../fakes/discord.js";
import type { FakeDiscord } from "../fakes/discord.js";
import { FORM, postSigned, slashCommandBody } from "../fakes/slack-signing.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";
import { captureLog } from "../fakes/log-capture.js";
import type { FakeSlackApi } from "../fakes/slack-web-api.js";

const SLACK_BOT_TOKEN = "xoxb-ship-integration-bot-secret";
const SLACK_SIGNING_SECRET = "ship-integration-signing-secret-42";
const DISCORD_TOKEN = "ship-integration.discord.token-secret";

function harness() {
	const log = captureLog();
	let resolveExit: (code: number) => void = () => {};
	const exited = new Promise<number>((resolve) => {
		resolveExit = resolve;
	});
	return {
		signals: new EventEmitter(),
		exited,
		exit: (code: number) => resolveExit(code),
		logger: (secrets: readonly string[]) => createLogger({ level: "debug", format: "json", secrets, destination: log.stream }),
		text: log.text,
		lines: log.lines,
	};
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const fn of cleanup.reverse()) await fn().catch(() => {});
	cleanup = [];
});

describe("npm start with Slack credentials (HTTP mode)", () => {
	it("serves /healthz on Bolt's port, answers, rate-limits kindly, logs without secrets, and drains on SIGTERM", async () => {
		const api: FakeSlackApi = await startFakeSlackApi();
		cleanup.push(() => api.close());
		const h = harness();
		const config = loadConfig({
			SLACK_BOT_TOKEN,
			SLACK_SIGNING_SECRET,
			SLACK_API_URL: api.apiUrl,
			PORT: "0",
			RATE_LIMIT_USER_PER_MIN: "1",
			RATE_LIMIT_USER_BURST: "1",
		});
		const app: App = await startApp(config, { factories: defaultFactories, exit: h.exit, signals: h.signals, logger: h.logger(config.secrets) });
		cleanup.push(() => app.shutdown.run("cleanup"));
		expect(app.healthPort).toBeGreaterThan(0);
		const base = `http://127.0.0.1:${app.healthPort}`;

		const health = await fetch(`${base}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: "ok", adapters: { slack: "connected" } });

		const first = api.responseUrl("first");
		const ack = await postSigned(
			`${base}/slack/events`,
			slashCommandBody({ text: "deepseek-r1 q4_k_m 2x4090", responseUrl: first }),
			FORM,
			SLACK_SIGNING_SECRET,
		);
		expect(ack.status).toBe(200);
		expect(ack.elapsedMs).toBeLessThan(3_000);
		const answer = await api.waitFor((r) => r.path === new URL(first).pathname, 10_000);
		expect(JSON.stringify(answer.body)).toContain("DeepSeek-R1");

		const second = api.responseUrl("second");
		await postSigned(`${base}/slack/events`, slashCommandBody({ text: "help", responseUrl: second }), FORM, SLACK_SIGNING_SECRET);
		const refused = await api.waitFor((r) => r.path === new URL(second).pathname, 10_000);
		expect(JSON.stringify(refused.body)).toMatch(/slow down/i);
		expect(refused.body).toMatchObject({ response_type: "ephemeral" });

		const requests = h.lines().filter((l) => l.msg === "request");
		expect(requests.map((l) => [l.platform, l.outcome])).toEqual([
			["slack", "answered"],
			["slack", "rate_limited"],
		]);
		for (const line of requests) expect(typeof line.latencyMs).toBe("number");
		// the resolved ids, never the raw text
		expect(requests[0]?.ids).toMatchObject({ model: "deepseek-r1", quant: "Q4_K_M", hardware: expect.stringContaining("4090") });
		expect(h.text()).not.toContain("2x4090");

		h.signals.emit("SIGTERM");
		expect(await h.exited).toBe(0);
		await expect(fetch(`${base}/healthz`)).rejects.toThrow();
		for (const secret of [SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET]) expect(h.text()).not.toContain(secret);
	});

	it("exits 1 with a clear fatal line when Slack rejects the token", async () => {
		const api = await startFakeSlackApi({ authError: "invalid_auth" });
		cleanup.push(() => api.close());
		const h = harness();
		const config = loadConfig({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: "0" });
		await startApp(config, { factories: defaultFactories, exit: h.exit, signals: h.signals, logger: h.logger(config.secrets) });
		expect(await h.exited).toBe(1);
		const fatal = h.lines().find((l) => l.level === 60);
		expect(fatal?.msg).toBe("slack failed to start");
		expect(h.text()).toContain("invalid_auth");
		expect(h.text()).not.toContain(SLACK_BOT_TOKEN);
	});
});

describe("npm start with a Discord token", () => {
	it("serves /healthz on PORT, answers a slash command, rate-limits kindly, and drains on SIGTERM", async () => {
		const fake: FakeDiscord = await startFakeDiscord({ token: DISCORD_TOKEN, guilds: [{ id: "200", name: "g", channelIds: ["300"] }] });
		cleanup.push(() => fake.close());
		const h = harness();
		const config = loadConfig({
			DISCORD_TOKEN,
			DISCORD_API_URL: fake.apiUrl,
			DISCORD_MENTIONS: "false",
			PORT: "0",
			RATE_LIMIT_USER_PER_MIN: "1",
			RATE_LIMIT_USER_BURST: "1",
		});
		const app = await startApp(config, {
			factories: defaultFactories,
			exit: h.exit,
			signals: h.signals,
			healthHost: "127.0.0.1",
			logger: h.logger(config.secrets),
		});
		cleanup.push(() => app.shutdown.run("cleanup"));
		const healthUrl = `http://127.0.0.1:${app.healthPort}/healthz`;
		const health = await fetch(healthUrl);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: "ok", adapters: { discord: "connected" } });

		const callbackOf = (id: string) => (r: { method: string; path: string }) => r.method === "POST" && r.path.includes(`/interactions/${id}/`);
		const first = fake.sendSlashCommand("help", {});
		const answered = await fake.waitFor(callbackOf(first.id), 10_000);
		expect([4, 5]).toContain((answered.body as { type: number }).type);

		const second = fake.sendSlashCommand("help", {});
		const refused = (await fake.waitFor(callbackOf(second.id), 10_000)).body as { type: number; data: { content?: string; flags?: number } };
		expect(refused.type).toBe(4);
		expect(refused.data.content).toMatch(/slow down/i);
		expect(refused.data.flags).toBe(64);

		h.signals.emit("SIGTERM");
		expect(await h.exited).toBe(0);
		await expect(fetch(healthUrl)).rejects.toThrow();
		expect(h.text()).not.toContain(DISCORD_TOKEN);
		const outcomes = h
			.lines()
			.filter((l) => l.msg === "request")
			.map((l) => [l.platform, l.outcome]);
		expect(outcomes).toContainEqual(["discord", "rate_limited"]);
	});
});
