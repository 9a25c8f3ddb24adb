import { afterEach, describe, expect, it } from "vitest";
import { HEALTH_PATH, healthReport, startHealthServer } from "../../src/server/health.js";
import type { HealthServer } from "../../src/server/health.js";
import { createFakeAdapter } from "./fake-adapter.js";

describe("healthReport", () => {
	it("is ok (200) when every adapter is connected", () => {
		const report = healthReport([createFakeAdapter("discord"), createFakeAdapter("slack")], { uptimeSeconds: 5 });
		expect(report).toEqual({ status: 200, body: { status: "ok", adapters: { discord: "connected", slack: "connected" }, uptimeSeconds: 5 } });
	});

	it("is degraded but still 200 while one reconnects", () => {
		const slack = createFakeAdapter("slack", "reconnecting");
		const report = healthReport([createFakeAdapter("discord"), slack]);
		expect(report.status).toBe(200);
		expect(report.body.status).toBe("degraded");
		expect(report.body.adapters.slack).toBe("reconnecting");
	});

	it("is 503 (not ready for traffic) until every adapter has connected", () => {
		const report = healthReport([createFakeAdapter("discord", "starting"), createFakeAdapter("slack")]);
		expect(report.status).toBe(503);
		expect(report.body).toMatchObject({ status: "starting", adapters: { discord: "starting", slack: "connected" } });
	});

	it("is ok with no adapters at all", () => {
		expect(healthReport([]).status).toBe(200);
	});

	it("is 503 when one adapter is down", () => {
		const discord = createFakeAdapter("discord", "down");
		const report = healthReport([discord, createFakeAdapter("slack")]);
		expect(report.status).toBe(503);
		expect(report.body).toMatchObject({ status: "down", adapters: { discord: "down", slack: "connected" } });
	});

	it("is 503 while shutting down, so load balancers drain the instance", () => {
		const report = healthReport([createFakeAdapter("discord")], { shuttingDown: true });
		expect(report.status).toBe(503);
		expect(report.body.status).toBe("shutting_down");
	});
});

describe("startHealthServer", () => {
	let server: HealthServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it("serves GET /healthz with each adapter's state: 200, then 503 when one goes down", async () => {
		const discord = createFakeAdapter("discord");
		const slack = createFakeAdapter("slack");
		server = await startHealthServer({ port: 0, host: "127.0.0.1", report: () => healthReport([discord, slack]) });
		const url = `http://127.0.0.1:${server.port}${HEALTH_PATH}`;

		const ok = await fetch(url);
		expect(ok.status).toBe(200);
		expect(ok.headers.get("content-type")).toMatch(/^application\/json/);
		expect(await ok.json()).toMatchObject({ status: "ok", adapters: { discord: "connected", slack: "connected" } });

		discord.setState("reconnecting");
		const degraded = await fetch(url);
		expect(degraded.status).toBe(200);
		expect(await degraded.json()).toMatchObject({ status: "degraded", adapters: { discord: "reconnecting" } });

		discord.setState("down");
		const down = await fetch(url);
		expect(down.status).toBe(503);
		expect(await down.json()).toMatchObject({ status: "down", adapters: { discord: "down", slack: "connected" } });
	});

	it("answers HEAD, 404 for other paths and 405 for other methods", async () => {
		server = await startHealthServer({ port: 0, host: "127.0.0.1", report: () => healthReport([]) });
		const base = `http://127.0.0.1:${server.port}`;
		const head = await fetch(`${base}/healthz`, { method: "HEAD" });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe("");
		expect((await fetch(`${base}/healthz?verbose=1`)).status).toBe(200);
		expect((await fetch(`${base}/`)).status).toBe(404);
		expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(405);
	});

	it("answers 500 rather than crashing when the report throws", async () => {
		server = await startHealthServer({
			port: 0,
			host: "127.0.0.1",
			report: () => {
				throw new Error("adapter exploded");
			},
		});
		const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({ error: "health report failed" });
	});

	it("fails to start with a clear error when the port is taken", async () => {
		server = await startHealthServer({ port: 0, host: "127.0.0.1", report: () => healthReport([]) });
		await expect(startHealthServer({ port: server.port, host: "127.0.0.1", report: () => healthReport([]) })).rejects.toThrow(/EADDRINUSE/);
	});

	it("closes promptly even with a keep-alive connection open", async () => {
		const local = await startHealthServer({ port: 0, host: "127.0.0.1", report: () => healthReport([]) });
		await fetch(`http://127.0.0.1:${local.port}/healthz`, { keepalive: true });
		const started = Date.now();
		await local.close();
		expect(Date.now() - started).toBeLessThan(1_500);
	});
});
