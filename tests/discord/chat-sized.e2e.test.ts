/**
 * Issue 16 against the fake Discord with the real discord.js client and the real command layer:
 * per answer kind, the first answer is compact (≤ 8 lines, about 600 characters, tables ≤ 40
 * characters a line), carries the buttons that fit its verdict, and vram/gpus answers attach a valid
 * PNG chart shown by the embed; Details answers privately with the full breakdown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeDetailsButton, decodeQueryButton } from "../../src/discord/custom-id.js";
import { DISCORD_LIMITS } from "../../src/discord/limits.js";
import { outgoingMessageSchema, type OutgoingMessage } from "../../src/discord/payload-schema.js";
import type { RecordedRequest } from "../fakes/discord.js";
import { measureDiscord, pngSize } from "../chat/measure.js";
import { CHART_WIDTH } from "../../src/chart/chart-svg.js";
import { isCallbackFor, PINGABLE, startHarness, type Harness } from "./harness.js";

const EPHEMERAL = 64;
/** "at most 8 short lines and about 600 characters" */
const MAX_LINES = 8;
const MAX_CHARS = 700;
const PHONE_WIDTH = 40;
/** a chart for a chat message: a few tens of KB */
const MAX_PNG_BYTES = 200_000;

let h: Harness;

beforeAll(async () => {
	h = await startHarness();
});

afterAll(async () => {
	await h?.close();
});

/** Asks in a mention (free text, the real answerQuery) and returns the reply request. */
async function ask(question: string): Promise<RecordedRequest> {
	const { id } = h.fake.sendMessageCreate({ content: `<@${h.fake.botUserId}> ${question}`, mentionBot: true });
	return h.fake.waitFor(
		(r) =>
			r.method === "POST" &&
			r.path === "/api/v10/channels/300/messages" &&
			(r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === id,
		10_000,
	);
}

function buttons(message: OutgoingMessage): { label: string; custom_id: string }[] {
	return (message.components ?? []).flatMap((row) => row.components.map((b) => ({ label: b.label, custom_id: b.custom_id })));
}

function expectCompact(message: OutgoingMessage): void {
	const size = measureDiscord(message.embeds ?? []);
	expect(message.embeds).toHaveLength(1);
	expect(message.embeds?.[0]?.fields ?? []).toHaveLength(0);
	expect(size.lines).toBeLessThanOrEqual(MAX_LINES);
	expect(size.chars).toBeLessThanOrEqual(MAX_CHARS);
	expect(size.widestCodeLine).toBeLessThanOrEqual(PHONE_WIDTH);
	expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
	for (const b of buttons(message)) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
	// never a commit hash or a source path in the first answer
	expect(JSON.stringify(message.embeds)).not.toMatch(/\b[0-9a-f]{12,40}\b|catalog\/sources/);
}

describe("compact first answers on Discord (issue 16)", () => {
	it("fits: verdict with plan, one bar, speed, run command; Details, better quant / longer context, green", async () => {
		const req = await ask("can my 4090 run qwen3 14b at 8k?");
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		const embed = message.embeds?.[0];
		expect(embed?.color).toBe(0x57f287);
		expect(embed?.description).toMatch(/\*\*Yes\*\* · \S+ · 8K context · all on/);
		expect(embed?.description).toMatch(/`[█░]{12}` \d/);
		expect(embed?.description).toMatch(/≈ \d+ tok\/s/);
		expect(embed?.description).toMatch(/`llama-server [^`]+`/);
		// 8K differs from the default context: the one footer line says so, and only that
		expect(embed?.footer?.text).toBe("8K context");
		const labels = buttons(message).map((b) => b.label);
		expect(labels[0]).toBe("Details");
		expect(labels.some((l) => /longer context|fits too|better|larger/i.test(l))).toBe(true);
		expect(labels.some((l) => /^smaller quant/i.test(l))).toBe(false);
	});

	it("no: red, over-by marker, what makes it fit; never a larger quant or longer context", async () => {
		const req = await ask("llama 3.1 405b q4_k_m 2x3090");
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		const embed = message.embeds?.[0];
		expect(embed?.color).toBe(0xed4245);
		expect(embed?.description).toMatch(/\*\*over by \d+(\.\d)? GiB\*\*/);
		// nothing runs: no speed line and no run command (a suggestion may quote its own speed)
		expect(embed?.description).not.toMatch(/^≈|llama-server/m);
		const labels = buttons(message).map((b) => b.label);
		expect(labels[0]).toBe("Details");
		expect(labels.length).toBeGreaterThan(1);
		expect(labels.some((l) => /larger quant|longer context/i.test(l))).toBe(false);
		for (const b of buttons(message).slice(1)) expect(decodeQueryButton(b.custom_id)).not.toBeNull();
	});

	it("offload: amber, the RAM share on the bar line, layers in the plan", async () => {
		const req = await ask("llama 3.3 70b q4_k_m 3090 +64gb ram");
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		const embed = message.embeds?.[0];
		expect(embed?.color).toBe(0xf0b232);
		expect(embed?.description).toMatch(/\d+\/\d+ layers on GPU, rest in RAM/);
		expect(embed?.description).toMatch(/\+\d+(\.\d)? GiB in RAM/);
		expect(buttons(message).some((b) => /larger quant|longer context/i.test(b.label))).toBe(false);
	});

	it.each([
		["vram qwen3 14b", 150],
		["gpus llama 3.3 70b q4_k_m", 100],
	])("%s: a valid PNG chart attached and shown by the embed, with alt text", async (question, minHeight) => {
		const req = await ask(question);
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		expect(req.files).toHaveLength(1);
		const file = req.files?.[0];
		expect(file?.filename).toBe("chart.png");
		expect(file?.contentType).toBe("image/png");
		const size = pngSize(file?.data ?? Buffer.alloc(0));
		expect(size).not.toBeNull();
		expect(size?.width).toBe(CHART_WIDTH);
		expect(size?.height).toBeGreaterThan(minHeight);
		expect(file?.data.length).toBeLessThan(MAX_PNG_BYTES);
		expect(message.embeds?.[0]?.image).toEqual({ url: "attachment://chart.png" });
		// the alt text travels as the attachment's description (id "0" = files[0])
		const attachments = (req.body as { attachments?: { id: string; description?: string }[] }).attachments ?? [];
		expect(attachments[0]?.id).toBe("0");
		expect(attachments[0]?.description?.length ?? 0).toBeGreaterThan(20);
	});

	it("bestfit: a phone table of the top models, model buttons", async () => {
		const req = await ask("bestfit rtx 3060");
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		expect(message.embeds?.[0]?.description).toMatch(/```\nModel +Quant +GiB +tok\/s\n/);
		expect(message.embeds?.[0]?.description).toContain("more in Details");
		expect(buttons(message)[0]?.label).toBe("Details");
		expect(buttons(message).length).toBeGreaterThanOrEqual(3);
	});

	it("did you mean: one button per candidate, each asking the question again with that name", async () => {
		const req = await ask("can my 3090 run qwen3 70b");
		const message = outgoingMessageSchema.parse(req.body);
		expectCompact(message);
		const candidates = buttons(message);
		expect(candidates.length).toBeGreaterThanOrEqual(2);
		for (const b of candidates) expect(decodeQueryButton(b.custom_id)).toBe(`can my 3090 run ${b.label}`);
		// the names are buttons, not listed twice in the text
		expect(message.embeds?.[0]?.description ?? "").not.toMatch(/did you mean/i);
		expect(message.embeds?.[0]?.description).toContain('"qwen3 70b"');
	});

	it("error and help stay compact; the help examples are buttons", async () => {
		const error = outgoingMessageSchema.parse((await ask("canirun")).body);
		expectCompact(error);
		expect(error.embeds?.[0]?.color).toBe(0xed4245);
		const help = outgoingMessageSchema.parse((await ask("help")).body);
		expectCompact(help);
		expect(buttons(help).map((b) => b.label)).toContain("Details");
		expect(buttons(help).filter((b) => /^Example/.test(b.label)).length).toBe(3);
	});

	it("echoes user text with its spaces and without pings", async () => {
		// a model nobody knows, named in several words: echoed with its spaces ("zorblax 9 77b")
		const req = await ask("can my 4090 run zorblax 9 77b @everyone");
		const message = outgoingMessageSchema.parse(req.body);
		expect(JSON.stringify(message.embeds)).toContain("zorblax 9 77b");
		expect(JSON.stringify(message)).not.toMatch(PINGABLE);
	});

	it("Details answers privately with the full breakdown (per device, sources), its tables phone-wide", async () => {
		const first = outgoingMessageSchema.parse((await ask("deepseek-r1 distill qwen 32b q4_k_m 2x3090")).body);
		const details = buttons(first).find((b) => b.label === "Details");
		expect(details).toBeDefined();
		expect(decodeDetailsButton(details?.custom_id ?? "")).toMatch(/^canirun /);
		const click = h.fake.sendButtonClick(details?.custom_id ?? "");
		const callback = await h.fake.waitFor(isCallbackFor(click), 8_000);
		const body = callback.body as { type: number; data: unknown };
		expect(body.type).toBe(4);
		const full = outgoingMessageSchema.parse(body.data);
		expect(full.flags).toBe(EPHEMERAL);
		const text = JSON.stringify(full.embeds);
		expect(text).toContain("GPU 0");
		expect(text).toContain("GPU 1");
		expect(text).toMatch(/Model facts|Catalog|catalog/);
		// the bars and tables (the description's code blocks); run commands keep their full length
		expect(measureDiscord((full.embeds ?? []).map((e) => ({ description: e.description ?? "" }))).widestCodeLine).toBeLessThanOrEqual(PHONE_WIDTH);
	});
});
