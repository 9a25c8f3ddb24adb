/**
 * Issue 18 through the real Bolt App and our receiver over HTTP, with requests signed as Slack signs
 * them: replays refused, malformed but signed bodies answered 400 (never left hanging), duplicate form
 * fields refused with a log line, load shedding ("busy" at once, the ack never waits on an answer),
 * and stop() closing idle and stalled sockets.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../src/slack/adapter.js";
import type { LogCapture } from "../fakes/log-capture.js";
import { startSlackHttp } from "../fakes/slack-http.js";
import { FORM, JSON_TYPE, postSigned, slackSignature, slashCommandBody } from "../fakes/slack-signing.js";
import { startFakeSlackApi, type FakeSlackApi } from "../fakes/slack-web-api.js";
import { fitsAnswer } from "./answer-fixtures.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BOT_TOKEN = "xoxb-1111-2222-testtokenvalue";

describe("Slack HTTP receiver under hostile requests (issue 18)", () => {
	let api: FakeSlackApi;
	let adapter: SlackAdapter;
	let events: string;
	let log: LogCapture;
	const asked: string[] = [];

	beforeAll(async () => {
		api = await startFakeSlackApi();
		({ adapter, events, log } = await startSlackHttp({
			api,
			botToken: BOT_TOKEN,
			signingSecret: SECRET,
			answer: async (text) => {
				asked.push(text);
				return fitsAnswer({ title: "an answer" });
			},
		}));
	});

	afterAll(async () => {
		await adapter?.stop(1000);
		await api?.close();
	});

	it("acknowledges and answers a signed request once; its replays (same signature and timestamp) are refused", async () => {
		const body = slashCommandBody({ text: "qwen3 8b replay-me", responseUrl: api.responseUrl("replay") });
		const timestamp = Math.floor(Date.now() / 1000);
		const first = await postSigned(events, body, FORM, SECRET, { timestamp });
		const replays = await Promise.all(Array.from({ length: 5 }, () => postSigned(events, body, FORM, SECRET, { timestamp })));
		expect(first.status).toBe(200);
		for (const r of replays) expect(r.status).toBe(409);
		await api.waitFor((r) => r.path === "/respond/replay");
		await new Promise((r) => setTimeout(r, 200));
		expect(api.requests.filter((r) => r.path === "/respond/replay")).toHaveLength(1);
		expect(asked.filter((t) => t.includes("replay-me"))).toHaveLength(1);
		expect(log.lines().some((l) => l.msg === "slack request refused" && l.reason === "replay")).toBe(true);
	});

	it("a new signature (a new timestamp) is a new request, not a replay", async () => {
		const body = slashCommandBody({ text: "qwen3 8b again", responseUrl: api.responseUrl("again") });
		const now = Math.floor(Date.now() / 1000);
		expect((await postSigned(events, body, FORM, SECRET, { timestamp: now - 1 })).status).toBe(200);
		expect((await postSigned(events, body, FORM, SECRET, { timestamp: now - 2 })).status).toBe(200);
	});

	it("answers malformed but signed bodies with a clear 400 at once (payload=null, not JSON, not an object, JSON null)", async () => {
		const cases: [string, string][] = [
			["payload=null", FORM],
			["payload=%7Bnot-json", FORM],
			["payload=%5B1%2C2%5D", FORM],
			["payload=42", FORM],
			["null", JSON_TYPE],
			["[]", JSON_TYPE],
			["{not json", JSON_TYPE],
		];
		for (const [body, type] of cases) {
			const r = await postSigned(events, body, type, SECRET);
			expect(r.status, body).toBe(400);
			expect(r.elapsedMs, body).toBeLessThan(2_000);
		}
	});

	it("refuses a slash command with a field given twice (text= twice) with a 400 and a log line", async () => {
		const body = `${slashCommandBody({ text: "qwen3 8b", responseUrl: api.responseUrl("dup") })}&text=${encodeURIComponent("llama 3.1 70b")}`;
		const r = await postSigned(events, body, FORM, SECRET);
		expect(r.status).toBe(400);
		expect(log.lines().some((l) => l.msg === "slack request refused" && String(l.reason).includes('"text" given twice'))).toBe(true);
		await new Promise((res) => setTimeout(res, 100));
		expect(api.requests.filter((q) => q.path === "/respond/dup")).toHaveLength(0);
	});

	it("still refuses bad signatures with 401 (the gate verifies before it remembers anything)", async () => {
		const body = slashCommandBody({ text: "forged", responseUrl: api.responseUrl("forged") });
		expect((await postSigned(events, body, FORM, SECRET, { secret: "another-secret-of-32-characters!" })).status).toBe(401);
		const ts = Math.floor(Date.now() / 1000);
		// the real request after a forgery with the same timestamp is still accepted
		expect((await postSigned(events, body, FORM, SECRET, { timestamp: ts, signature: slackSignature("x".repeat(32), ts, body) })).status).toBe(401);
		expect((await postSigned(events, body, FORM, SECRET, { timestamp: ts })).status).toBe(200);
	});
});

describe("Slack load shedding and shutdown (issue 18)", () => {
	it("past the in-flight bound, acks at once and answers 'busy'; the ack never waits on an answer", async () => {
		const api = await startFakeSlackApi();
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		const { adapter, events, log } = await startSlackHttp({
			api,
			botToken: BOT_TOKEN,
			signingSecret: SECRET,
			answer: async () => {
				await gate;
				return fitsAnswer({ title: "slow answer" });
			},
			maxInFlight: 3,
		});
		try {
			const sends = Array.from({ length: 8 }, (_, i) =>
				postSigned(events, slashCommandBody({ text: `q ${i}`, responseUrl: api.responseUrl(`load-${i}`), userId: `U${i}` }), FORM, SECRET),
			);
			const acks = await Promise.all(sends);
			for (const ack of acks) {
				expect(ack.status).toBe(200);
				expect(ack.elapsedMs).toBeLessThan(2_000);
			}
			// five were told "busy" while three answers were still held
			await api.waitFor(() => api.requests.filter((r) => r.path.startsWith("/respond/load-")).length >= 5, 5_000);
			const busy = api.requests.filter((r) => r.path.startsWith("/respond/load-"));
			expect(busy).toHaveLength(5);
			for (const r of busy) expect(JSON.stringify(r.body)).toMatch(/busy/i);
			release();
			await api.waitFor(() => api.requests.filter((r) => r.path.startsWith("/respond/load-")).length >= 8, 5_000);
			expect(log.lines().filter((l) => l.msg === "request" && l.outcome === "busy")).toHaveLength(5);
		} finally {
			release();
			await adapter.stop(1000);
			await api.close();
		}
	});

	it("stop() finishes in-flight answers, then closes idle and stalled sockets without waiting for them", async () => {
		const api = await startFakeSlackApi();
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		const { adapter, events, port } = await startSlackHttp({
			api,
			botToken: BOT_TOKEN,
			signingSecret: SECRET,
			answer: async () => {
				await gate;
				return fitsAnswer({ title: "finished during shutdown" });
			},
		});
		// a stalled client: headers and 3 bytes of a 100-byte body, then nothing
		const stalled = connect(port, "127.0.0.1");
		await new Promise<void>((resolve) => stalled.once("connect", () => resolve()));
		stalled.write(
			`POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: 100\r\nX-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\n\r\nabc`,
		);
		const stalledClosed = new Promise<void>((resolve) => stalled.once("close", () => resolve()));
		stalled.on("error", () => undefined);
		// an idle keep-alive client
		const idle = connect(port, "127.0.0.1");
		await new Promise<void>((resolve) => idle.once("connect", () => resolve()));
		const idleClosed = new Promise<void>((resolve) => idle.once("close", () => resolve()));
		idle.on("error", () => undefined);
		// one answer in flight
		const ack = await postSigned(events, slashCommandBody({ text: "in flight", responseUrl: api.responseUrl("inflight") }), FORM, SECRET);
		expect(ack.status).toBe(200);
		const started = Date.now();
		setTimeout(release, 300);
		await adapter.stop(5_000);
		const took = Date.now() - started;
		await api.waitFor((r) => r.path === "/respond/inflight", 1_000);
		await Promise.all([stalledClosed, idleClosed]);
		expect(took).toBeLessThan(2_000);
		await api.close();
	});
});
