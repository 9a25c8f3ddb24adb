/**
 * The adapter's behaviour around time and load, end to end through the fake Discord: deferring a slow
 * answer (type 5, then PATCH @original), declining politely when rate-limited or shutting down, and
 * health state transitions. The command layer is the real one; for the defer test it is wrapped to
 * answer late, which is the only way to make a real estimate slower than the threshold on demand.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Answer } from "../../src/answer/answer.js";
import { defaultCommandLayer, type DiscordCommandLayer } from "../../src/discord/command-layer.js";
import { outgoingMessageSchema } from "../../src/discord/payload-schema.js";
import { pino } from "pino";
import { createGatewayAdapter } from "../../src/discord/adapter.js";
import { startFakeDiscord } from "../fakes/discord.js";
import { isCallbackFor, isEditOriginalFor, startHarness, TEST_TOKEN, type Harness } from "./harness.js";
import { allowAll } from "../fakes/allow-all.js";

const EPHEMERAL = 64;
let h: Harness | null = null;

afterEach(async () => {
	await h?.close();
	h = null;
});

function delayed(ms: number): DiscordCommandLayer {
	const later = <T>(value: Promise<T>): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));
	return {
		...defaultCommandLayer,
		answerCommand: (name, options, ctx) => later(defaultCommandLayer.answerCommand(name, options, ctx)),
		answerQuery: (text, ctx) => later(defaultCommandLayer.answerQuery(text, ctx)),
	};
}

describe("Discord adapter timing and load", () => {
	it("defers a slow answer (type 5) and then edits the original with the embed", async () => {
		h = await startHarness({ config: { deferAfterMs: 50 }, commands: delayed(400) });
		const sent = h.fake.sendSlashCommand("canirun", { model: "deepseek-r1", quant: "q4_k_m", hardware: "2x4090" });
		const callback = await h.fake.waitFor(isCallbackFor(sent), 3_000);
		expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
		expect(callback.at - sent.sentAt).toBeLessThan(1_000);
		const edit = await h.fake.waitFor(isEditOriginalFor(h.fake.applicationId, sent), 5_000);
		const message = outgoingMessageSchema.parse(edit.body);
		expect(message.embeds?.[0]?.title).toMatch(/deepseek/i);
		expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
	});

	it("turns a slow error into an ephemeral follow-up after removing the public placeholder", async () => {
		h = await startHarness({ config: { deferAfterMs: 50 }, commands: delayed(300) });
		const sent = h.fake.sendSlashCommand("canirun", { model: "zzzz-not-a-model-zzzz" });
		const deleted = await h.fake.waitFor((r) => r.method === "DELETE" && r.path.endsWith(`/${sent.token}/messages/@original`), 5_000);
		expect(deleted).toBeDefined();
		const followUp = await h.fake.waitFor((r) => r.method === "POST" && r.path === `/api/v10/webhooks/${h?.fake.applicationId}/${sent.token}`, 5_000);
		expect(outgoingMessageSchema.parse(followUp.body).flags).toBe(EPHEMERAL);
	});

	it("declines with an ephemeral slow-down message when the rate limiter refuses", async () => {
		let asked = 0;
		const answered: Answer[] = [];
		h = await startHarness({
			rateLimiter: { take: () => ({ ok: false, retryAfterMs: 4_200 }) },
			commands: {
				...defaultCommandLayer,
				answerCommand: async (...args) => {
					// the adapter's warm-up asks for help once at start; count only real questions
					if (args[0] !== "help") asked += 1;
					const answer = await defaultCommandLayer.answerCommand(...args);
					answered.push(answer);
					return answer;
				},
			},
		});
		const sent = h.fake.sendSlashCommand("canirun", { model: "deepseek-r1" });
		const body = (await h.fake.waitFor(isCallbackFor(sent), 3_000)).body as {
			type: number;
			data: { content: string; flags: number; allowed_mentions: unknown };
		};
		expect(body.type).toBe(4);
		expect(body.data.flags).toBe(EPHEMERAL);
		expect(body.data.content).toMatch(/try again in 5 s/i);
		expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
		expect(asked).toBe(0);
		// the log line is written once Discord has acknowledged the reply
		await vi.waitFor(() => expect(h?.logLines().some((line) => line.msg === "request" && line.outcome === "rate_limited")).toBe(true));
	});

	it("follows the client's state: starting → connected → stopped", async () => {
		h = await startHarness();
		expect(h.adapter.state()).toBe("connected");
		await h.adapter.stop(500);
		expect(h.adapter.state()).toBe("stopped");
	});

	it("reports reconnecting while the gateway connection is lost, and connected again after it resumes", async () => {
		h = await startHarness();
		const states: string[] = [];
		const poll = setInterval(() => states.push(h?.adapter.state() ?? "gone"), 2);
		try {
			h.fake.dropGatewayConnections(4000);
			await vi.waitFor(() => expect(h?.fake.gatewayFrames.some((f) => f.op === 6)).toBe(true), { timeout: 5_000 });
			await vi.waitFor(() => expect(h?.adapter.state()).toBe("connected"), { timeout: 5_000 });
		} finally {
			clearInterval(poll);
		}
		expect(states).toContain("reconnecting");
		// and it still answers after resuming
		const sent = h.fake.sendSlashCommand("help", {});
		await h.fake.waitFor(isCallbackFor(sent), 3_000);
	});

	it("fails start() and reports down when Discord refuses the token", async () => {
		const fake = await startFakeDiscord({ token: TEST_TOKEN });
		const lines: string[] = [];
		const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });
		const adapter = createGatewayAdapter(
			{ token: "wrong.token.value", apiUrl: fake.apiUrl, mentions: false, rest: { retries: 0, timeout: 2_000 } },
			{ logger, rateLimiter: allowAll },
		);
		try {
			await expect(adapter.start()).rejects.toThrow();
			expect(adapter.state()).toBe("down");
			expect(lines.join("")).not.toContain("wrong.token.value");
		} finally {
			await adapter.stop(100);
			await fake.close();
		}
	});

	it("does not answer mentions when mentions are disabled, and asks only for the Guilds intent", async () => {
		h = await startHarness({ config: { mentions: false } });
		const identify = h.fake.gatewayFrames.find((f) => f.op === 2) as { d: { intents: number } } | undefined;
		expect(identify?.d.intents).toBe(1);
		// slash commands still work, and are the proof the client is listening
		const sent = h.fake.sendSlashCommand("help", {});
		await h.fake.waitFor(isCallbackFor(sent), 3_000);
		expect(h.fake.requests.some((r) => r.path.startsWith("/api/v10/channels/"))).toBe(false);
	});
});
