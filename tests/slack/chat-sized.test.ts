/**
 * Issue 16 on Slack, end to end: the real Bolt app (HTTP mode) with the real command layer, against
 * the fake Web API. Per answer kind the first answer is one verdict-coloured attachment of at most
 * 8 lines and about 600 characters, tables ≤ 40 characters a line, buttons that fit the verdict;
 * charts go up through files.uploadV2 when the app has files:write and are shown by an image block,
 * and without the scope the phone table stands in (uploads switch off after the first refusal);
 * Details answers the clicker alone with the full breakdown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../src/slack/adapter.js";
import { SLACK_LIMITS } from "../../src/slack/limits.js";
import { measureSlack, pngSize } from "../chat/measure.js";
import { CHART_WIDTH } from "../../src/chart/chart-svg.js";
import { FORM, blockActionsBody, postSigned, slashCommandBody } from "../fakes/slack-signing.js";
import { startSlackHttp } from "../fakes/slack-http.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";
import type { FakeSlackApi, RecordedRequest } from "../fakes/slack-web-api.js";

const SECRET = "chat-sized-signing-secret";
const MAX_LINES = 8;
const MAX_CHARS = 700;
const PHONE_WIDTH = 40;
const GREEN = "#2eb67d";
const AMBER = "#ecb22e";
const RED = "#e01e5a";

interface Block {
	type: string;
	block_id?: string;
	text?: { text: string };
	elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
	slack_file?: { id: string };
	alt_text?: string;
}

interface Setup {
	api: FakeSlackApi;
	adapter: SlackAdapter;
	events: string;
}

async function start(noFilesWrite: boolean): Promise<Setup> {
	const api = await startFakeSlackApi({ noFilesWrite });
	const { adapter, events } = await startSlackHttp({ api, botToken: "xoxb-16-16-chat", signingSecret: SECRET, logLevel: "silent" });
	return { api, adapter, events };
}

let withFiles: Setup;
let withoutFiles: Setup;
let n = 0;

beforeAll(async () => {
	withFiles = await start(false);
	withoutFiles = await start(true);
}, 30_000);

afterAll(async () => {
	for (const s of [withFiles, withoutFiles]) {
		await s?.adapter.stop(2000);
		await s?.api.close();
	}
});

async function slash(s: Setup, text: string): Promise<RecordedRequest> {
	n += 1;
	const id = `c16-${n}`;
	await postSigned(s.events, slashCommandBody({ text, responseUrl: s.api.responseUrl(id) }), FORM, SECRET);
	return s.api.waitFor((r) => r.path === `/respond/${id}`, 15_000);
}

function attachment(body: Record<string, unknown>): { color: string; blocks: Block[] } {
	const attachments = body.attachments as { color: string; blocks: Block[] }[];
	expect(attachments).toHaveLength(1);
	return attachments[0] as { color: string; blocks: Block[] };
}

function buttonsOf(blocks: Block[]): { action_id: string; value: string; label: string }[] {
	return blocks
		.filter((b) => b.type === "actions")
		.flatMap((b) => b.elements ?? [])
		.map((e) => ({ action_id: e.action_id ?? "", value: e.value ?? "", label: typeof e.text === "object" ? e.text.text : "" }));
}

function expectCompact(body: Record<string, unknown>): { color: string; blocks: Block[] } {
	const a = attachment(body);
	const size = measureSlack({ attachments: [a] });
	// tables and bars ≤ 40 a line; the run command is a one-line code block of its own, copied, not read
	const tables = a.blocks.filter((b) => !(b.type === "section" && /^```[^\n]*```$/.test(b.text?.text ?? "")));
	const tableWidth = measureSlack({ attachments: [{ blocks: tables }] }).widestCodeLine;
	expect(size.lines).toBeLessThanOrEqual(MAX_LINES);
	expect(size.chars).toBeLessThanOrEqual(MAX_CHARS);
	expect(tableWidth).toBeLessThanOrEqual(PHONE_WIDTH);
	expect(a.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
	for (const b of buttonsOf(a.blocks)) {
		expect(b.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
		expect(b.label.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
	}
	expect(typeof body.text).toBe("string");
	// never a commit hash or a source path in the first answer; the bar is not a (crimson) code span
	const json = JSON.stringify(a);
	expect(json).not.toMatch(/\b[0-9a-f]{12,40}\b|catalog\/sources/);
	expect(json).not.toMatch(/`[█░]+`/);
	return a;
}

describe("compact first answers on Slack (issue 16)", () => {
	it("fits: green attachment, plan, bar, speed, run command, Details + better/longer buttons", async () => {
		const posted = await slash(withFiles, "qwen3 14b 4090 16k");
		expect(posted.body.response_type).toBe("in_channel");
		const a = expectCompact(posted.body);
		expect(a.color).toBe(GREEN);
		const text = JSON.stringify(a.blocks);
		expect(text).toMatch(/\*Yes\* · \S+ · 16K context · all on/);
		expect(text).toMatch(/[█░]{12} \d+(\.\d)? GiB of \d+(\.\d)? GiB/);
		expect(text).toMatch(/≈ \d+ tok\/s/);
		expect(text).toContain("llama-server");
		const buttons = buttonsOf(a.blocks);
		expect(buttons[0]).toMatchObject({ action_id: "canirun_details", label: "Details" });
		expect(buttons[0]?.value).toMatch(/^canirun qwen3-14b /);
		expect(buttons.some((b) => /longer context|fits too|larger/i.test(b.label))).toBe(true);
	});

	it("no: red, over by, buttons that make it fit (never larger quant or longer context)", async () => {
		const posted = await slash(withFiles, "mistral nemo q8_0 m2 pro 16gb");
		const a = expectCompact(posted.body);
		expect(a.color).toBe(RED);
		expect(JSON.stringify(a.blocks)).toMatch(/\*over by \d+(\.\d)? GiB\*/);
		const labels = buttonsOf(a.blocks).map((b) => b.label);
		expect(labels.length).toBeGreaterThan(1);
		expect(labels.some((l) => /larger quant|longer context/i.test(l))).toBe(false);
	});

	it("offload: amber", async () => {
		const posted = await slash(withFiles, "llama 3.3 70b q4_k_m 3090 +64gb ram");
		expect(expectCompact(posted.body).color).toBe(AMBER);
	});

	it("vram with files:write: the chart is uploaded (external upload flow) and shown by an image block", async () => {
		const before = withFiles.api.uploads.size;
		const posted = await slash(withFiles, "vram gemma 3 27b");
		const a = expectCompact(posted.body);
		const image = a.blocks.find((b) => b.type === "image");
		expect(image?.slack_file?.id).toMatch(/^F\d+$/);
		expect(image?.alt_text).toMatch(/memory by quantization/);
		expect(withFiles.api.uploads.size).toBe(before + 1);
		const png = withFiles.api.uploads.get(image?.slack_file?.id ?? "") ?? Buffer.alloc(0);
		expect(pngSize(png)?.width).toBe(CHART_WIDTH);
		expect(png.length).toBeLessThan(200_000);
		const steps = withFiles.api.requests.map((r) => r.path).filter((p) => /files\.|\/upload\//.test(p));
		expect(steps.slice(-3)).toEqual(["/api/files.getUploadURLExternal", `/upload/${image?.slack_file?.id}`, "/api/files.completeUploadExternal"]);
	});

	it("gpus without files:write: the phone table instead, and uploads are not tried again", async () => {
		const first = await slash(withoutFiles, "gpus qwen3 32b");
		const a = expectCompact(first.body);
		expect(a.blocks.some((b) => b.type === "image")).toBe(false);
		expect(JSON.stringify(a.blocks)).toMatch(/Device\s+GiB\s+tok\/s/);
		await slash(withoutFiles, "vram qwen3 32b");
		const tries = withoutFiles.api.requests.filter((r) => r.path === "/api/files.getUploadURLExternal");
		expect(tries).toHaveLength(1);
	});

	it("did you mean: one button per candidate, each asking the question again with that name", async () => {
		const posted = await slash(withFiles, "can my 3090 run qwen3 70b");
		expect(posted.body.response_type).toBe("ephemeral");
		const a = expectCompact(posted.body);
		expect(a.color).toBe(RED);
		const buttons = buttonsOf(a.blocks);
		expect(buttons.length).toBeGreaterThanOrEqual(2);
		for (const b of buttons) expect(b.value).toBe(`can my 3090 run ${b.label}`);
	});

	it("bestfit, error and help stay within the limits", async () => {
		expectCompact((await slash(withFiles, "bestfit 2x3060")).body);
		expectCompact((await slash(withFiles, "canirun")).body);
		const help = expectCompact((await slash(withFiles, "help")).body);
		expect(buttonsOf(help.blocks).filter((b) => /^Example/.test(b.label))).toHaveLength(3);
	});

	it("Details answers the clicker alone with the full breakdown", async () => {
		const first = attachment((await slash(withFiles, "deepseek-r1 distill qwen 32b q4_k_m 2x3090")).body);
		const details = buttonsOf(first.blocks).find((b) => b.action_id === "canirun_details");
		expect(details).toBeDefined();
		n += 1;
		const id = `c16-details-${n}`;
		await postSigned(
			withFiles.events,
			blockActionsBody({ actionId: "canirun_details", value: details?.value ?? "", responseUrl: withFiles.api.responseUrl(id) }),
			FORM,
			SECRET,
		);
		const posted = await withFiles.api.waitFor((r) => r.path === `/respond/${id}`, 15_000);
		expect(posted.body.response_type).toBe("ephemeral");
		expect(posted.body.replace_original).toBe(false);
		const text = JSON.stringify(posted.body.blocks);
		expect(text).toContain("GPU 0");
		expect(text).toContain("GPU 1");
		expect(text).toMatch(/Model facts|Catalog/);
	});
});
