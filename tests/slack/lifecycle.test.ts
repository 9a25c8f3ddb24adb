/**
 * Rate limiting, health delegation, start-up failure and graceful stop, each against the real Bolt
 * HTTP receiver and the fake Web API on 127.0.0.1.
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer.js";
import type { RateLimiter } from "../../src/server/adapter.js";
import { SlackAdapterError, createSlackAdapter } from "../../src/slack/adapter.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";
import type { FakeSlackApi } from "../fakes/slack-web-api.js";
import { FORM, JSON_TYPE, appMentionBody, postSigned, slashCommandBody } from "../fakes/slack-signing.js";
import { fitsAnswer } from "./answer-fixtures.js";
import { allowAll } from "../fakes/allow-all.js";

const SECRET = "lifecycle-signing-secret";
const silent = pino({ level: "silent" });

let api: FakeSlackApi;
beforeAll(async () => {
	api = await startFakeSlackApi();
});
afterAll(async () => {
	await api?.close();
});

function base(answer: (text: string) => Promise<Answer>) {
	return { botToken: "xoxb-5-6-life", signingSecret: SECRET, apiUrl: api.apiUrl, port: 0, host: "127.0.0.1", answer, apiRetries: 0 };
}

describe("Slack adapter lifecycle", () => {
	it("tells a rate-limited user to slow down, privately, without computing an answer", async () => {
		let computed = 0;
		const taken: [string, string][] = [];
		const limiter: RateLimiter = {
			take: (user, channel) => {
				taken.push([user, channel]);
				return { ok: false, retryAfterMs: 4200 };
			},
		};
		const adapter = createSlackAdapter(
			base(async () => {
				computed += 1;
				return fitsAnswer();
			}),
			{ logger: silent, rateLimiter: limiter },
		);
		await adapter.start();
		try {
			const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
			await postSigned(url, slashCommandBody({ text: "deepseek-r1", responseUrl: api.responseUrl("limited"), userId: "U7", channelId: "C7" }), FORM, SECRET);
			const posted = await api.waitFor((r) => r.path === "/respond/limited");
			expect(posted.body.response_type).toBe("ephemeral");
			expect(posted.body.text).toContain("ask again in 5 s");
			expect(taken).toEqual([["slack:T1:U7", "slack:T1:C7"]]);
			expect(computed).toBe(0);
		} finally {
			await adapter.stop(1000);
		}
	});

	it("serves the process-wide /healthz it is given (GET and HEAD)", async () => {
		const adapter = createSlackAdapter(
			{ ...base(async () => fitsAnswer()), healthz: () => ({ status: 503, body: { status: "shutting_down" } }) },
			{ logger: silent, rateLimiter: allowAll },
		);
		await adapter.start();
		try {
			const url = `http://127.0.0.1:${adapter.address()?.port}/healthz`;
			const res = await fetch(url);
			expect(res.status).toBe(503);
			expect(await res.json()).toEqual({ status: "shutting_down" });
			const head = await fetch(url, { method: "HEAD" });
			expect(head.status).toBe(503);
			expect(await head.text()).toBe("");
		} finally {
			await adapter.stop(1000);
		}
	});

	it("fails start() with a clear, secret-free error when auth.test refuses the token", async () => {
		const badApi = await startFakeSlackApi({ authError: "invalid_auth" });
		try {
			const adapter = createSlackAdapter(
				{
					botToken: "xoxb-bad-token-value",
					signingSecret: SECRET,
					apiUrl: badApi.apiUrl,
					port: 0,
					host: "127.0.0.1",
					answer: async () => fitsAnswer(),
					apiRetries: 0,
				},
				{ logger: silent, rateLimiter: allowAll },
			);
			const failure = await adapter.start().catch((e: unknown) => e);
			expect(failure).toBeInstanceOf(SlackAdapterError);
			expect((failure as SlackAdapterError).code).toBe("auth_failed");
			expect((failure as Error).message).toContain("invalid_auth");
			expect((failure as Error).message).not.toContain("xoxb-bad-token-value");
			expect(adapter.state()).toBe("down");
			expect(adapter.address()).toBeNull();
			await adapter.stop(100);
			expect(adapter.state()).toBe("stopped");
		} finally {
			await badApi.close();
		}
	});

	it("ignores @mentions when mentions are turned off, but still answers /canirun", async () => {
		const asked: string[] = [];
		const adapter = createSlackAdapter(
			{
				...base(async (text) => {
					asked.push(text);
					return fitsAnswer();
				}),
				mentions: false,
			},
			{ logger: silent, rateLimiter: allowAll },
		);
		await adapter.start();
		try {
			const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
			const mention = await postSigned(url, appMentionBody({ text: "<@UBOT> qwen3", ts: "1700000099.000001" }), JSON_TYPE, SECRET);
			expect(mention.status).toBe(200);
			await postSigned(url, slashCommandBody({ text: "llama", responseUrl: api.responseUrl("no-mentions") }), FORM, SECRET);
			await api.waitFor((r) => r.path === "/respond/no-mentions");
			expect(asked).toEqual(["llama"]);
			expect(api.requests.some((r) => r.body.thread_ts === "1700000099.000001")).toBe(false);
		} finally {
			await adapter.stop(1000);
		}
	});

	it("passes a taken port's EADDRINUSE on, so main.ts can explain it", async () => {
		const { createServer } = await import("node:http");
		const blocker = createServer();
		await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
		const port = (blocker.address() as { port: number }).port;
		try {
			const adapter = createSlackAdapter({ ...base(async () => fitsAnswer()), port }, { logger: silent, rateLimiter: allowAll });
			const failure = await adapter.start().catch((e: unknown) => e);
			expect((failure as { code?: string }).code).toBe("EADDRINUSE");
			expect(adapter.state()).toBe("down");
			await adapter.stop(100);
		} finally {
			await new Promise<void>((resolve) => blocker.close(() => resolve()));
		}
	});

	it("rejects an invalid configuration without echoing secrets", () => {
		expect(() => createSlackAdapter({ botToken: "xoxb-1", signingSecret: "", port: 3000 }, { logger: silent, rateLimiter: allowAll })).toThrow(/signingSecret/);
		expect(() =>
			createSlackAdapter({ botToken: "xoxb-1", signingSecret: "s", port: 3000, apiUrl: "ftp://x" }, { logger: silent, rateLimiter: allowAll }),
		).toThrow(/apiUrl/);
	});

	it("finishes an answer in flight before stopping, then refuses connections", async () => {
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		let started: () => void = () => undefined;
		const running = new Promise<void>((resolve) => {
			started = resolve;
		});
		const adapter = createSlackAdapter(
			base(async () => {
				started();
				await gate;
				return fitsAnswer({ title: "slow answer" });
			}),
			{ logger: silent, rateLimiter: allowAll },
		);
		await adapter.start();
		const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
		const sent = await postSigned(url, slashCommandBody({ text: "slow", responseUrl: api.responseUrl("slow") }), FORM, SECRET);
		expect(sent.status).toBe(200);
		await running;
		const stopping = adapter.stop(5000);
		expect(adapter.state()).not.toBe("stopped");
		release();
		await stopping;
		expect(adapter.state()).toBe("stopped");
		const posted = await api.waitFor((r) => r.path === "/respond/slow");
		expect(posted.body.text).toContain("slow answer");
		await expect(fetch(url, { method: "POST" })).rejects.toThrow();
	});
});
