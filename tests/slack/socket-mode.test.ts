/**
 * Socket Mode end to end: the real Bolt App with its SocketModeReceiver (undici WebSocket) against a
 * fake `apps.connections.open` and a fake socket server on 127.0.0.1. Deterministic: every step waits
 * for a concrete message (hello, ack, response_url POST), never for time.
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer.js";
import { createSlackAdapter } from "../../src/slack/adapter.js";
import type { SlackAdapter } from "../../src/slack/adapter.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";
import type { FakeSlackApi } from "../fakes/slack-web-api.js";
import { startFakeSocketServer } from "../fakes/slack-socket.js";
import type { FakeSocketServer } from "../fakes/slack-socket.js";
import { fitsAnswer } from "./answer-fixtures.js";
import { allowAll } from "../fakes/allow-all.js";
import { captureLog } from "../fakes/log-capture.js";

const APP_TOKEN = "xapp-1-A1-1234-socketsecret";
const BOT_TOKEN = "xoxb-3333-4444-socketbot";

let api: FakeSlackApi;
let socket: FakeSocketServer;
let adapter: SlackAdapter;
const log = captureLog();
const asked: string[] = [];

async function answer(text: string): Promise<Answer> {
	asked.push(text);
	return fitsAnswer({ title: `Answer for ${text}` });
}

beforeAll(async () => {
	socket = await startFakeSocketServer();
	api = await startFakeSlackApi({ socketUrl: socket.url });
	adapter = createSlackAdapter(
		{ botToken: BOT_TOKEN, signingSecret: "unused-in-socket-mode", appToken: APP_TOKEN, apiUrl: api.apiUrl, port: 0, answer, apiRetries: 0 },
		{ logger: pino({ level: "info" }, log.stream), rateLimiter: allowAll },
	);
	await adapter.start();
	await socket.connected();
});

afterAll(async () => {
	await adapter?.stop(1000);
	await socket?.close();
	await api?.close();
});

describe("Slack adapter, Socket Mode", () => {
	it("opens the connection with the app-level token through SLACK_API_URL and is connected after hello", () => {
		expect(adapter.mode).toBe("socket");
		expect(adapter.state()).toBe("connected");
		expect(adapter.address()).toBeNull();
		const open = api.requests.find((r) => r.path === "/api/apps.connections.open");
		expect(open?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
		expect(api.requests.find((r) => r.path === "/api/auth.test")?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
		expect(socket.connections()).toBe(1);
	});

	it("acks a slash_commands envelope and answers on the response_url", async () => {
		const responseUrl = api.responseUrl("socket-slash");
		const ack = await socket.send("slash_commands", {
			token: "t",
			team_id: "T1",
			team_domain: "canirun-test",
			channel_id: "C1",
			channel_name: "general",
			user_id: "U1",
			user_name: "alice",
			command: "/canirun",
			text: "qwen3-32b q8_0 h100 <!channel>",
			api_app_id: "A1",
			is_enterprise_install: "false",
			response_url: responseUrl,
			trigger_id: "1.2.3",
		});
		expect(ack.envelope_id).toBe("env-1");
		const posted = await api.waitFor((r) => r.path === "/respond/socket-slash");
		expect(posted.body.response_type).toBe("in_channel");
		expect(posted.body.text).toContain("Answer for qwen3-32b q8_0 h100");
		expect(posted.raw).not.toContain("<!channel>");
	});

	it("answers an events_api app_mention in its thread", async () => {
		const ack = await socket.send("events_api", {
			token: "t",
			team_id: "T1",
			api_app_id: "A1",
			type: "event_callback",
			event_id: "EvSocket1",
			event_time: 1_700_000_030,
			event: { type: "app_mention", user: "U9", text: "<@UBOT> llama-3-8b on 3060", ts: "1700000030.000001", channel: "C2", event_ts: "1700000030.000001" },
			authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
		});
		expect(ack.envelope_id).toMatch(/^env-/);
		const post = await api.waitFor((r) => r.path === "/api/chat.postMessage" && r.body.thread_ts === "1700000030.000001");
		expect(post.body.channel).toBe("C2");
		expect(asked).toContain("llama-3-8b on 3060");
	});

	it("acks an interactive button and posts the re-run answer", async () => {
		const responseUrl = api.responseUrl("socket-button");
		await socket.send("interactive", {
			type: "block_actions",
			user: { id: "U2", username: "bob", team_id: "T1" },
			api_app_id: "A1",
			token: "t",
			container: { type: "message", message_ts: "1700000001.000100", channel_id: "C1" },
			trigger_id: "1.2.4",
			team: { id: "T1", domain: "canirun-test" },
			channel: { id: "C1", name: "general" },
			message: { type: "message", ts: "1700000001.000100", text: "x" },
			response_url: responseUrl,
			actions: [
				{
					type: "button",
					action_id: "canirun_rerun_1",
					block_id: "canirun_actions",
					text: { type: "plain_text", text: "Prev" },
					value: "canirun qwen3-32b q6_k h100",
					action_ts: "1",
				},
			],
		});
		const posted = await api.waitFor((r) => r.path === "/respond/socket-button");
		expect(posted.body.text).toContain("Answer for canirun qwen3-32b q6_k h100");
	});

	it("never logs the app-level or bot token", () => {
		expect(log.text()).not.toContain(APP_TOKEN);
		expect(log.text()).not.toContain(BOT_TOKEN);
	});
});
