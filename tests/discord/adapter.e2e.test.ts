/**
 * End to end: the real discord.js client (through createGatewayAdapter) against the fake Discord on
 * 127.0.0.1, answering with the real commands/ layer. Asserts the exact REST bodies discord.js sends.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeDetailsButton, decodeQueryButton } from "../../src/discord/custom-id.js";
import { DISCORD_LIMITS } from "../../src/discord/limits.js";
import { outgoingMessageSchema, type OutgoingMessage } from "../../src/discord/payload-schema.js";
import { isCallbackFor, PINGABLE, startHarness, TEST_TOKEN, type Harness } from "./harness.js";

const EPHEMERAL = 64;

let h: Harness;

beforeAll(async () => {
	h = await startHarness();
});

afterAll(async () => {
	await h?.close();
});

/** The interaction's reply message, whether sent at once (type 4) or deferred (type 5) and edited in. */
async function replyOf(interaction: { id: string; token: string }): Promise<{ type: number; message: OutgoingMessage; at: number }> {
	const callback = await h.fake.waitFor(isCallbackFor(interaction), 8_000);
	const body = callback.body as { type: number; data?: unknown };
	if (body.type === 4) return { type: 4, message: outgoingMessageSchema.parse(body.data), at: callback.at };
	expect(body.type).toBe(5);
	const edit = await h.fake.waitFor((req) => req.method === "PATCH" && req.path.endsWith(`/${interaction.token}/messages/@original`), 8_000);
	return { type: 5, message: outgoingMessageSchema.parse(edit.body), at: callback.at };
}

function embedText(message: OutgoingMessage): string {
	return (message.embeds ?? [])
		.flatMap((e) => [e.title ?? "", e.description ?? "", e.footer?.text ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])
		.join("\n");
}

describe("Discord adapter end to end", () => {
	it("connects through the fake gateway and reports connected", () => {
		expect(h.adapter.state()).toBe("connected");
		const identify = h.fake.gatewayFrames.find((f) => f.op === 2) as { d: { token: string; intents: number } } | undefined;
		expect(identify?.d.token).toBe(TEST_TOKEN);
		// Guilds (1) | GuildMessages (512) | MessageContent (32768): mentions are enabled here
		expect(identify?.d.intents).toBe(1 | 512 | 32768);
	});

	it("answers /canirun model:deepseek-r1 quant:q4_k_m hardware:2x4090 with an embed naming the model and sizes, within 3 s", async () => {
		const sent = h.fake.sendSlashCommand("canirun", { model: "deepseek-r1", quant: "q4_k_m", hardware: "2x4090" });
		const callback = await h.fake.waitFor(isCallbackFor(sent), 5_000);
		expect(callback.at - sent.sentAt).toBeLessThan(DISCORD_LIMITS.initialResponseMs);
		// interaction callbacks carry no Authorization header: the interaction token is the credential
		expect(callback.headers.authorization).toBeUndefined();
		const { message } = await replyOf(sent);
		expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
		expect(message.flags ?? 0).toBe(0);
		expect(message.embeds).toHaveLength(1);
		const text = embedText(message);
		expect(text).toMatch(/deepseek/i);
		expect(text).toMatch(/\d+(\.\d+)? GiB/);
		expect(message.components?.length ?? 0).toBeGreaterThan(0);
		// Details (crd:) first, then follow-ups that re-run a query (crq:)
		for (const row of message.components ?? [])
			for (const button of row.components) expect(decodeQueryButton(button.custom_id) ?? decodeDetailsButton(button.custom_id)).not.toBeNull();
		expect(message.components?.[0]?.components[0]?.label).toBe("Details");
	});

	it("autocompletes the model option with at most 25 matching choices of at most 100 characters", async () => {
		const sent = h.fake.sendAutocomplete("canirun", { model: "deepseek" }, "model");
		const callback = await h.fake.waitFor(isCallbackFor(sent), 3_000);
		expect(callback.at - sent.sentAt).toBeLessThan(DISCORD_LIMITS.initialResponseMs);
		const body = callback.body as { type: number; data: { choices: { name: string; value: string }[] } };
		expect(body.type).toBe(8);
		expect(body.data.choices.length).toBeGreaterThan(0);
		expect(body.data.choices.length).toBeLessThanOrEqual(25);
		for (const choice of body.data.choices) {
			expect(choice.name.length).toBeGreaterThan(0);
			expect(choice.name.length).toBeLessThanOrEqual(100);
			expect(choice.value.length).toBeLessThanOrEqual(100);
		}
		expect(body.data.choices.some((c) => /deepseek/i.test(`${c.name} ${c.value}`))).toBe(true);
	});

	it("autocompletes quant and hardware from the catalog", async () => {
		const quant = h.fake.sendAutocomplete("canirun", { model: "deepseek-r1", quant: "q4" }, "quant");
		const quantBody = (await h.fake.waitFor(isCallbackFor(quant), 3_000)).body as { type: number; data: { choices: { name: string; value: string }[] } };
		expect(quantBody.type).toBe(8);
		expect(quantBody.data.choices.some((c) => /q4_k_m/i.test(c.value))).toBe(true);
		const hardware = h.fake.sendAutocomplete("canirun", { model: "deepseek-r1", hardware: "4090" }, "hardware");
		const hardwareBody = (await h.fake.waitFor(isCallbackFor(hardware), 3_000)).body as { type: number; data: { choices: { name: string; value: string }[] } };
		expect(hardwareBody.type).toBe(8);
		expect(hardwareBody.data.choices.some((c) => /4090/.test(`${c.name} ${c.value}`))).toBe(true);
		expect(hardwareBody.data.choices.length).toBeLessThanOrEqual(25);
	});

	it("re-runs the query carried by a button and answers with a new reply", async () => {
		const first = h.fake.sendSlashCommand("canirun", { model: "deepseek-r1", quant: "q4_k_m", hardware: "2x4090" });
		const { message } = await replyOf(first);
		const button = message.components?.[0]?.components[0];
		expect(button).toBeDefined();
		const click = h.fake.sendButtonClick(button?.custom_id ?? "");
		const reply = await replyOf(click);
		expect(reply.message.embeds?.length).toBe(1);
		expect(embedText(reply.message)).toMatch(/GiB/);
		expect(reply.message.allowed_mentions).toEqual({ parse: [], replied_user: false });
	});

	it("answers a mention as a reply that pings nobody, not even the asker", async () => {
		const { id } = h.fake.sendMessageCreate({ content: `<@${h.fake.botUserId}> can my 3090 run qwen3 32b?`, mentionBot: true });
		const req = await h.fake.waitFor(
			(r) =>
				r.method === "POST" &&
				r.path === "/api/v10/channels/300/messages" &&
				(r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === id,
			8_000,
		);
		const message = outgoingMessageSchema.parse(req.body);
		expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
		expect(embedText(message)).toMatch(/qwen/i);
		expect(req.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
	});

	it("ignores messages that do not mention the bot", async () => {
		const ignored = h.fake.sendMessageCreate({ content: "can my 3090 run qwen3 32b?" });
		const asked = h.fake.sendMessageCreate({ content: `<@!${h.fake.botUserId}> 4090 llama 8b`, mentionBot: true });
		await h.fake.waitFor((r) => (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id === asked.id, 8_000);
		const repliesToIgnored = h.fake.requests.filter(
			(r) => (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id === ignored.id,
		);
		expect(repliesToIgnored).toEqual([]);
	});

	it("answers an unknown model privately (ephemeral) with did-you-mean", async () => {
		const sent = h.fake.sendSlashCommand("canirun", { model: "deepseak-r1xx", hardware: "4090" });
		const callback = await h.fake.waitFor(isCallbackFor(sent), 5_000);
		const body = callback.body as { type: number; data: unknown };
		expect(body.type).toBe(4);
		const message = outgoingMessageSchema.parse(body.data);
		expect(message.flags).toBe(EPHEMERAL);
		// did-you-mean names are buttons that ask again with each name (issue 16), or a line when none can
		const labels = (message.components ?? []).flatMap((row) => row.components.map((b) => b.label));
		expect(labels.some((l) => /deepseek/i.test(l)) || /did you mean/i.test(embedText(message))).toBe(true);
	});

	it("never lets hostile slash-command text ping, and keeps the reply within limits", async () => {
		const hostile = `@everyone @here <@&123> <@456> ${"@everyone ".repeat(500)}`.slice(0, 5000);
		const sent = h.fake.sendSlashCommand("canirun", { model: hostile, quant: "<@&999>", hardware: "@here" });
		const { message } = await replyOf(sent);
		expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
		expect(embedText(message)).not.toMatch(PINGABLE);
		expect(JSON.stringify(message)).not.toMatch(PINGABLE);
	});

	it("never lets a hostile mention ping", async () => {
		const { id } = h.fake.sendMessageCreate({ content: `<@${h.fake.botUserId}> @everyone <@&123> run ${"x".repeat(4000)} @here`, mentionBot: true });
		const req = await h.fake.waitFor(
			(r) => (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id === id,
			8_000,
		);
		const message = outgoingMessageSchema.parse(req.body);
		expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
		expect(JSON.stringify(message)).not.toMatch(PINGABLE);
	});

	it("logs one structured line per request with resolved ids and never the token", async () => {
		// each line is written once Discord acknowledged the reply
		await vi.waitFor(() => expect(h.logLines().filter((line) => line.msg === "request" && line.command === "mention").length).toBeGreaterThanOrEqual(3));
		const lines = h.logLines().filter((line) => line.msg === "request");
		const slash = lines.find((line) => line.command === "canirun" && line.outcome === "answered");
		expect(slash).toMatchObject({ platform: "discord", command: "canirun", outcome: "answered" });
		expect(typeof slash?.latencyMs).toBe("number");
		expect((slash?.ids as Record<string, unknown> | undefined)?.model).toMatch(/deepseek/i);
		expect(lines.some((line) => line.command === "mention" && line.outcome === "answered")).toBe(true);
		expect(lines.some((line) => line.outcome === "error")).toBe(true);
		expect(h.rawLog()).not.toContain(TEST_TOKEN);
	});
});
