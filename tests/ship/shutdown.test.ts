import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log/logger.js";
import { healthReport, startHealthServer } from "../../src/server/health.js";
import { DISCONNECT_GRACE_MS, createShutdown, installSignalHandlers } from "../../src/server/shutdown.js";
import { createFakeAdapter } from "./fake-adapter.js";

function memoryLogger() {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _enc, done) {
			for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
			done();
		},
	});
	return { logger: createLogger({ level: "info", format: "json", secrets: [], destination: stream }), lines };
}

function exitRecorder() {
	const codes: number[] = [];
	let resolveExit!: (code: number) => void;
	const exited = new Promise<number>((resolve) => {
		resolveExit = resolve;
	});
	return {
		codes,
		exited,
		exit: (code: number) => {
			codes.push(code);
			resolveExit(code);
		},
	};
}

describe("graceful shutdown", () => {
	it("on SIGTERM finishes the in-flight request, refuses new work, closes servers, then exits 0", async () => {
		const { logger, lines } = memoryLogger();
		const discord = createFakeAdapter("discord");
		const { exit, exited, codes } = exitRecorder();
		const order: string[] = [];
		let shuttingDown = () => false;
		const health = await startHealthServer({
			port: 0,
			host: "127.0.0.1",
			report: () => healthReport([discord], { shuttingDown: shuttingDown() }),
		});
		const shutdown = createShutdown({
			adapters: [discord],
			closers: [
				{
					name: "health",
					close: async () => {
						order.push("health closed");
						await health.close();
					},
				},
			],
			logger,
			timeoutMs: 5_000,
			exit: (code) => {
				order.push(`exit ${code}`);
				exit(code);
			},
		});
		shuttingDown = () => shutdown.shuttingDown;
		const signals = new EventEmitter();
		const uninstall = installSignalHandlers(shutdown, { logger, exit, target: signals });

		const request = discord.begin();
		signals.emit("SIGTERM");
		await new Promise((r) => setTimeout(r, 50));

		// draining: no exit yet, health says 503, new work refused
		expect(codes).toEqual([]);
		const during = await fetch(`http://127.0.0.1:${health.port}/healthz`);
		expect(during.status).toBe(503);
		expect(await during.json()).toMatchObject({ status: "shutting_down" });
		expect(await discord.begin().done).toBe("refused");

		request.finish();
		expect(await request.done).toBe("finished");
		expect(await exited).toBe(0);
		expect(order).toEqual(["health closed", "exit 0"]);
		expect(discord.events).toEqual(["request:begin", "stop:begin", "refused", "request:finished", "stop:end:0-in-flight"]);
		expect(discord.state()).toBe("stopped");
		await expect(fetch(`http://127.0.0.1:${health.port}/healthz`)).rejects.toThrow();
		expect(lines.map((l) => l.msg)).toEqual(["shutting down: finishing in-flight requests", "stopped"]);
		expect(lines[0]).toMatchObject({ reason: "SIGTERM" });
		uninstall();
	});

	it("stops every adapter in parallel and waits for all of them", async () => {
		const { logger } = memoryLogger();
		const discord = createFakeAdapter("discord");
		const slack = createFakeAdapter("slack");
		const { exit, exited } = exitRecorder();
		discord.begin(120);
		slack.begin(150);
		const started = Date.now();
		void createShutdown({ adapters: [discord, slack], logger, timeoutMs: 5_000, exit }).run("SIGINT");
		expect(await exited).toBe(0);
		const took = Date.now() - started;
		expect(took).toBeGreaterThanOrEqual(140);
		expect(took).toBeLessThan(1_000); // parallel, not one after the other plus slack
		expect(discord.state()).toBe("stopped");
		expect(slack.state()).toBe("stopped");
	});

	it("gives up on an adapter that ignores the deadline and exits 1, saying which adapter was stuck", async () => {
		const { logger, lines } = memoryLogger();
		const stuck = createFakeAdapter("slack");
		// an adapter that ignores its deadline entirely
		stuck.stop = () => new Promise(() => {});
		const { exit, exited } = exitRecorder();
		const started = Date.now();
		void createShutdown({ adapters: [stuck], logger, timeoutMs: 200, exit }).run("SIGTERM");
		expect(await exited).toBe(1);
		expect(Date.now() - started).toBeLessThan(200 + DISCONNECT_GRACE_MS + 500);
		expect(lines.find((l) => l.msg === "shutdown deadline passed: adapters still stopping")).toMatchObject({ adapters: ["slack"] });
	});

	it("keeps going when an adapter's stop throws", async () => {
		const { logger, lines } = memoryLogger();
		const broken = createFakeAdapter("discord");
		broken.stop = async () => {
			throw new Error("gateway already gone");
		};
		const healthy = createFakeAdapter("slack");
		const { exit, exited } = exitRecorder();
		void createShutdown({ adapters: [broken, healthy], logger, timeoutMs: 1_000, exit }).run("SIGTERM");
		expect(await exited).toBe(0);
		expect(healthy.state()).toBe("stopped");
		expect(lines.some((l) => l.msg === "adapter did not stop cleanly")).toBe(true);
	});

	it("runs the sequence once however often it is asked", async () => {
		const { logger } = memoryLogger();
		const adapter = createFakeAdapter("console");
		let stops = 0;
		const stop = adapter.stop.bind(adapter);
		adapter.stop = (ms) => {
			stops++;
			return stop(ms);
		};
		const { exit, codes } = exitRecorder();
		const shutdown = createShutdown({ adapters: [adapter], logger, timeoutMs: 1_000, exit });
		await Promise.all([shutdown.run("SIGTERM"), shutdown.run("SIGINT"), shutdown.run("eof")]);
		expect(stops).toBe(1);
		expect(codes).toEqual([0]);
	});

	it("exits at once (130) on a second signal", async () => {
		const { logger, lines } = memoryLogger();
		const adapter = createFakeAdapter("discord");
		adapter.begin(); // never finishes
		const { exit, codes } = exitRecorder();
		const shutdown = createShutdown({ adapters: [adapter], logger, timeoutMs: 60_000, exit });
		const signals = new EventEmitter();
		const uninstall = installSignalHandlers(shutdown, { logger, exit, target: signals });
		signals.emit("SIGINT");
		await new Promise((r) => setTimeout(r, 20));
		expect(codes).toEqual([]);
		signals.emit("SIGINT");
		expect(codes).toEqual([130]);
		expect(lines.some((l) => l.msg === "second signal: exiting now")).toBe(true);
		uninstall();
		expect(signals.listenerCount("SIGINT")).toBe(0);
		expect(signals.listenerCount("SIGTERM")).toBe(0);
	});
});
