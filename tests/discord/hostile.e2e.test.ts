/**
 * Issue 18 through discord.js against the fake gateway: malformed payloads never reject unhandled,
 * echoes of user text are cleaned (no `<#id>`, `<@id>`, `@everyone`, bidi or invisible characters,
 * no 400-character word repeated back), and a flood past the in-flight bound is told "busy".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer.js";
import { defaultCommandLayer, type DiscordCommandLayer } from "../../src/discord/command-layer.js";
import { messageDefaults, type RecordedRequest } from "../fakes/discord.js";
import { startHarness, type Harness } from "./harness.js";

const ECHO_ATTACK = /<[@#!][^>]*>|@everyone|@here|[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

function repliesTo(id: string) {
	return (r: RecordedRequest) => (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id === id;
}

describe("Discord adapter under hostile payloads (issue 18)", () => {
	let h: Harness;
	const unhandled: unknown[] = [];
	const onUnhandled = (reason: unknown) => {
		unhandled.push(reason);
		if (process.env.DEBUG_UNHANDLED) console.error((reason as Error).stack);
	};

	beforeAll(async () => {
		process.on("unhandledRejection", onUnhandled);
		h = await startHarness();
	}, 20_000);

	afterAll(async () => {
		await h?.close();
		process.off("unhandledRejection", onUnhandled);
	});

	afterEach(() => {
		expect(unhandled).toEqual([]);
	});

	it("a MESSAGE_CREATE without an author (or with a non-string content) never rejects unhandled, and the bot keeps answering", async () => {
		const bot = h.fake.botUserId;
		const base = {
			type: 0,
			channel_id: "300",
			guild_id: "200",
			...messageDefaults(),
		};
		// no `author` key: discord.js builds the Message with `author === null` (Message._patch), which
		// mention.ts read (`message.author.bot`) before its try, an unhandled rejection per message
		h.fake.sendRawDispatch("MESSAGE_CREATE", { ...base, id: "9001", content: `<@${bot}> qwen3 8b 4090` });
		h.fake.sendRawDispatch("MESSAGE_CREATE", { ...base, id: "9002", content: `<@!${bot}> vram llama 3.1 8b` });
		h.fake.sendRawDispatch("MESSAGE_CREATE", { ...base, id: "9003", author: { id: "401", username: "x", discriminator: "0", avatar: null }, content: null });
		const { id } = h.fake.sendMessageCreate({ content: `<@${bot}> qwen3 8b 4090`, mentionBot: true });
		await h.fake.waitFor(repliesTo(id), 8_000);
		// give the malformed ones every chance to have failed
		await new Promise((r) => setTimeout(r, 200));
		expect(h.fake.requests.filter(repliesTo("9001"))).toEqual([]);
		expect(h.fake.requests.filter(repliesTo("9002"))).toEqual([]);
		expect(unhandled).toEqual([]);
	});

	it("cleans every echo of user text in a mention answer (channel links, user mentions, bidi and invisible characters, long words)", async () => {
		const long = "q".repeat(400);
		const { id } = h.fake.sendMessageCreate({
			content: `<@${h.fake.botUserId}> can my 2x<#123456789012345678>\u202e\u061c gpu run qwen3 8b <@987654321098765432> ${long}\u200b`,
			mentionBot: true,
		});
		const req = await h.fake.waitFor(repliesTo(id), 8_000);
		const text = JSON.stringify(req.body);
		expect(text).not.toMatch(ECHO_ATTACK);
		expect(text).not.toContain("q".repeat(80));
	});

	it("cleans echoes in slash-command answers (the hardware option echoed in an error)", async () => {
		const sent = h.fake.sendSlashCommand("canirun", { model: "qwen3 8b", hardware: "2x<#123456789012345678>\u202eabc\u200b@everyone" });
		const callback = await h.fake.waitFor((r) => r.method === "POST" && r.path.startsWith(`/api/v10/interactions/${sent.id}/`), 8_000);
		expect(JSON.stringify(callback.body)).not.toMatch(ECHO_ATTACK);
	});
});

describe("Discord adapter under load (issue 18)", () => {
	let h: Harness;
	let release: () => void = () => undefined;
	const gate = new Promise<void>((resolve) => {
		release = resolve;
	});
	// answers wait until released: questions pile up in flight
	const slow: DiscordCommandLayer = {
		...defaultCommandLayer,
		answerCommand: async (name, options, ctx): Promise<Answer> => {
			if (name !== "help") await gate;
			return defaultCommandLayer.answerCommand(name, options, ctx);
		},
	};

	beforeAll(async () => {
		h = await startHarness({ commands: slow, config: { deferAfterMs: 50 } });
	}, 20_000);

	afterAll(async () => {
		release();
		await h?.close();
	});

	it("past the in-flight bound answers 'busy' at once instead of queueing", async () => {
		// DEFAULT_MAX_IN_FLIGHT (64) questions hold the pipeline; the next ones are refused at once
		const held = Array.from({ length: 64 }, (_, i) => h.fake.sendSlashCommand("vram", { model: "qwen3 8b" }, { id: String(5000 + i), username: `u${i}` }));
		await h.fake.waitFor((r) => r.path.startsWith(`/api/v10/interactions/${held[63]?.id}/`), 10_000);
		const extra = h.fake.sendSlashCommand("vram", { model: "qwen3 8b" }, { id: "6000", username: "late" });
		const refusal = await h.fake.waitFor((r) => r.method === "POST" && r.path.startsWith(`/api/v10/interactions/${extra.id}/`), 5_000);
		expect(JSON.stringify(refusal.body)).toMatch(/busy/i);
		release();
		await h.fake.waitFor((r) => r.method === "PATCH" && r.path.includes(held[0]?.token ?? "none"), 10_000);
		await new Promise((r) => setTimeout(r, 100));
		const busyLines = h.logLines().filter((l) => l.msg === "request" && l.outcome === "busy");
		expect(busyLines.length).toBeGreaterThanOrEqual(1);
	}, 30_000);
});
