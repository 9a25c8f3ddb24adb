import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import type { DiscordConfig } from "../../src/config/env.js";
import { createLogger } from "../../src/log/logger.js";
import type { AdapterDeps } from "../../src/server/adapter.js";
import { startApp } from "../../src/server/app.js";
import type { AdapterFactories, ConsoleAdapterOptions, SlackAdapterOptions } from "../../src/server/app.js";
import { createFakeAdapter } from "./fake-adapter.js";
import type { FakeAdapter } from "./fake-adapter.js";

const DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0Mw.GAbCdE.app-test-discord-secret";
const SLACK_BOT_TOKEN = "xoxb-1111-2222-app-test-slack-secret";
const SLACK_SIGNING_SECRET = "app-test-signing-secret-0123456789";

function harness(overrides: Partial<Record<keyof AdapterFactories, () => FakeAdapter>> = {}) {
	const made: Record<string, FakeAdapter> = {};
	const calls: { discord?: DiscordConfig; slack?: SlackAdapterOptions; console?: ConsoleAdapterOptions; deps?: AdapterDeps } = {};
	const factories: AdapterFactories = {
		async discord(config, deps) {
			calls.discord = config;
			calls.deps = deps;
			made.discord = overrides.discord?.() ?? createFakeAdapter("discord", "starting");
			return made.discord;
		},
		async slack(options, deps) {
			calls.slack = options;
			calls.deps = deps;
			made.slack = overrides.slack?.() ?? createFakeAdapter("slack", "starting");
			return made.slack;
		},
		async console(options, deps) {
			calls.console = options;
			calls.deps = deps;
			made.console = overrides.console?.() ?? createFakeAdapter("console", "starting");
			return made.console;
		},
	};
	const chunks: string[] = [];
	const destination = new Writable({
		write(chunk: Buffer, _e, done) {
			chunks.push(chunk.toString());
			done();
		},
	});
	const codes: number[] = [];
	let onExit: (code: number) => void = () => {};
	const exited = new Promise<number>((resolve) => {
		onExit = resolve;
	});
	const signals = new EventEmitter();
	return {
		made,
		calls,
		factories,
		signals,
		codes,
		exited,
		exit: (code: number) => {
			codes.push(code);
			onExit(code);
		},
		logText: () => chunks.join(""),
		logger: (secrets: readonly string[]) => createLogger({ level: "info", format: "json", secrets, destination }),
	};
}

describe("startApp", () => {
	it("starts the console, and no HTTP server, when no chat credentials are set; closing it exits 0", async () => {
		const h = harness();
		const config = loadConfig({});
		const app = await startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, logger: h.logger(config.secrets) });
		expect(app.mode).toBe("console");
		expect(app.healthPort).toBeNull();
		expect(app.adapters.map((a) => a.name)).toEqual(["console"]);
		expect(h.made.console?.state()).toBe("connected");
		h.calls.console?.onClose();
		expect(await h.exited).toBe(0);
		expect(h.made.console?.state()).toBe("stopped");
	});

	it("runs Discord with /healthz on PORT, passes the limiter and logger, and drains on SIGTERM", async () => {
		const h = harness();
		const config = loadConfig({ DISCORD_TOKEN, PORT: "0", RATE_LIMIT_USER_PER_MIN: "1", RATE_LIMIT_USER_BURST: "1" });
		const app = await startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, healthHost: "127.0.0.1", logger: h.logger(config.secrets) });
		expect(app.mode).toBe("chat");
		expect(h.calls.discord).toMatchObject({ token: DISCORD_TOKEN, mentions: true });
		// the injected limiter is the configured one: 1 per minute, burst 1
		expect(h.calls.deps?.rateLimiter.take("u", "c")).toEqual({ ok: true });
		expect(h.calls.deps?.rateLimiter.take("u", "c").ok).toBe(false);

		const url = `http://127.0.0.1:${app.healthPort}/healthz`;
		const healthy = await fetch(url);
		expect(healthy.status).toBe(200);
		expect(await healthy.json()).toMatchObject({ status: "ok", adapters: { discord: "connected" } });

		h.made.discord?.setState("down");
		expect((await fetch(url)).status).toBe(503);
		h.made.discord?.setState("connected");

		const request = h.made.discord?.begin(100);
		h.signals.emit("SIGTERM");
		expect(await h.exited).toBe(0);
		expect(await request?.done).toBe("finished");
		await expect(fetch(url)).rejects.toThrow();
		expect(h.signals.listenerCount("SIGTERM")).toBe(0);

		const log = h.logText();
		expect(log).toContain('"msg":"canirun started"');
		expect(log).not.toContain(DISCORD_TOKEN);
	});

	it("lets Bolt serve /healthz in Slack HTTP mode instead of opening a second server", async () => {
		const h = harness();
		const config = loadConfig({ DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, PORT: "0" });
		const app = await startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, logger: h.logger(config.secrets) });
		expect(h.calls.slack?.config.mode).toBe("http");
		expect(h.calls.slack?.port).toBe(0);
		expect(app.healthPort).toBe(0); // Bolt's, from PORT
		const report = h.calls.slack?.healthz?.();
		expect(report).toMatchObject({ status: 200, body: { adapters: { discord: "connected", slack: "connected" } } });
		h.made.slack?.setState("down");
		expect(h.calls.slack?.healthz?.().status).toBe(503);
		await app.shutdown.run("test");
		expect(h.codes).toEqual([0]);
		const log = h.logText();
		for (const secret of [DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET]) expect(log).not.toContain(secret);
	});

	it("serves /healthz itself in Slack Socket Mode (Bolt has no HTTP server there)", async () => {
		const h = harness();
		const config = loadConfig({ SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN: "xapp-1-A1-app-test", PORT: "0" });
		const app = await startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, healthHost: "127.0.0.1", logger: h.logger(config.secrets) });
		expect(h.calls.slack?.healthz).toBeUndefined();
		const res = await fetch(`http://127.0.0.1:${app.healthPort}/healthz`);
		expect(await res.json()).toMatchObject({ adapters: { slack: "connected" } });
		await app.shutdown.run("test");
	});

	it("exits 1 with a fatal line when an adapter cannot start, and keeps the token out of it", async () => {
		const h = harness({
			discord: () => {
				const failing = createFakeAdapter("discord", "starting");
				failing.start = async () => {
					failing.setState("down");
					throw new Error(`An invalid token was provided: ${DISCORD_TOKEN}`);
				};
				return failing;
			},
		});
		const config = loadConfig({ DISCORD_TOKEN, PORT: "0" });
		await startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, healthHost: "127.0.0.1", logger: h.logger(config.secrets) });
		expect(await h.exited).toBe(1);
		const log = h.logText();
		expect(log).toContain("discord failed to start");
		expect(log).toContain("An invalid token was provided: [redacted]");
		expect(log).not.toContain(DISCORD_TOKEN);
	});

	it("shuts down cleanly (exit 0, no fatal line) when SIGTERM arrives while an adapter is still connecting", async () => {
		const h = harness({
			discord: () => {
				const slow = createFakeAdapter("discord", "starting");
				let giveUp: (err: Error) => void = () => {};
				slow.start = () =>
					new Promise<void>((_resolve, reject) => {
						giveUp = reject;
					});
				const stop = slow.stop.bind(slow);
				slow.stop = async (ms) => {
					giveUp(new Error("client destroyed before READY"));
					await stop(ms);
				};
				return slow;
			},
		});
		const config = loadConfig({ DISCORD_TOKEN, PORT: "0" });
		const starting = startApp(config, { factories: h.factories, exit: h.exit, signals: h.signals, healthHost: "127.0.0.1", logger: h.logger(config.secrets) });
		await new Promise((r) => setTimeout(r, 50));
		h.signals.emit("SIGTERM");
		const app = await starting;
		expect(await h.exited).toBe(0);
		expect(app.shutdown.shuttingDown).toBe(true);
		expect(h.logText()).not.toContain("failed to start");
		expect(h.logText()).not.toContain('"level":60');
	});

	it("fails start-up cleanly when PORT is taken", async () => {
		const h1 = harness();
		const config = loadConfig({ DISCORD_TOKEN, PORT: "0" });
		const first = await startApp(config, { factories: h1.factories, exit: h1.exit, signals: h1.signals, healthHost: "127.0.0.1", logger: h1.logger([]) });
		const h2 = harness();
		const taken = loadConfig({ DISCORD_TOKEN, PORT: String(first.healthPort) });
		await expect(
			startApp(taken, { factories: h2.factories, exit: h2.exit, signals: h2.signals, healthHost: "127.0.0.1", logger: h2.logger([]) }),
		).rejects.toThrow(/EADDRINUSE/);
		expect(h2.signals.listenerCount("SIGTERM")).toBe(0);
		await first.shutdown.run("test");
	});
});
