/**
 * The checker's scenario with the real command layer (no injected answer): a signed
 * `/canirun deepseek-r1 q4_k_m 2x4090` is acked within Slack's 3 s and the response_url receives
 * Block Kit naming the model and its sizes; broadcast mentions in the text never come back live.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../src/slack/adapter.js";
import { FORM, postSigned, slashCommandBody } from "../fakes/slack-signing.js";
import { startSlackHttp } from "../fakes/slack-http.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";
import type { FakeSlackApi } from "../fakes/slack-web-api.js";

const SECRET = "real-answers-signing-secret";

/** Top-level blocks and the blocks of attachments (the compact answer's). */
function blocksOf(body: Record<string, unknown>): unknown[] {
	const attachments = (body.attachments ?? []) as { blocks?: unknown[] }[];
	return [...((body.blocks ?? []) as unknown[]), ...attachments.flatMap((a) => a.blocks ?? [])];
}
const SLACK_ACK_DEADLINE_MS = 3000;

let api: FakeSlackApi;
let adapter: SlackAdapter;
let events: string;

beforeAll(async () => {
	api = await startFakeSlackApi();
	({ adapter, events } = await startSlackHttp({ api, botToken: "xoxb-7-8-real", signingSecret: SECRET, logLevel: "silent" }));
}, 30_000);

afterAll(async () => {
	await adapter?.stop(2000);
	await api?.close();
});

describe("Slack adapter with the real command layer", () => {
	it("answers /canirun deepseek-r1 q4_k_m 2x4090 in the channel with the model and its sizes", async () => {
		const sent = await postSigned(events, slashCommandBody({ text: "deepseek-r1 q4_k_m 2x4090", responseUrl: api.responseUrl("real-1") }), FORM, SECRET);
		expect(sent.status).toBe(200);
		expect(sent.elapsedMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
		const posted = await api.waitFor((r) => r.path === "/respond/real-1", 15_000);
		expect(posted.body.response_type).toBe("in_channel");
		// the compact answer's blocks sit in one verdict-coloured attachment (issue 16)
		const blocks = JSON.stringify(blocksOf(posted.body));
		expect(blocks).toMatch(/DeepSeek[- ]R1/i);
		expect(blocks).toMatch(/\d+(\.\d+)? GiB/);
		expect(blocks).toContain("RTX 4090");
		expect(String(posted.body.text)).toMatch(/DeepSeek[- ]R1/i);
		// follow-up buttons re-run queries of the command layer
		const actions = (blocksOf(posted.body) as { type: string; elements?: { value?: string }[] }[]).find((b) => b.type === "actions");
		for (const el of actions?.elements ?? []) expect(el.value).toMatch(/^\S+ /);
	});

	it("answers a button's query with a new answer", async () => {
		const first = await api.waitFor((r) => r.path === "/respond/real-1", 15_000);
		const actions = (blocksOf(first.body) as { type: string; elements?: { action_id?: string; value?: string }[] }[]).find((b) => b.type === "actions");
		// the first follow-up after Details
		const button = actions?.elements?.find((e) => e.action_id !== "canirun_details");
		expect(button?.value).toBeTruthy();
		const { blockActionsBody } = await import("../fakes/slack-signing.js");
		await postSigned(
			events,
			blockActionsBody({ actionId: button?.action_id ?? "", value: button?.value ?? "", responseUrl: api.responseUrl("real-2") }),
			FORM,
			SECRET,
		);
		const posted = await api.waitFor((r) => r.path === "/respond/real-2", 15_000);
		expect(JSON.stringify(blocksOf(posted.body))).toMatch(/GiB/);
	});

	it("answers an unknown model privately with suggestions, never echoing broadcasts live", async () => {
		await postSigned(
			events,
			slashCommandBody({ text: "<!channel> <!here> <!everyone> <@U123> deepsek-r1 2x4090", responseUrl: api.responseUrl("real-3") }),
			FORM,
			SECRET,
		);
		await postSigned(events, slashCommandBody({ text: "&lt;!channel&gt; zzqqxx", responseUrl: api.responseUrl("real-4") }), FORM, SECRET);
		for (const id of ["real-3", "real-4"]) {
			const posted = await api.waitFor((r) => r.path === `/respond/${id}`, 15_000);
			for (const ping of ["<!channel>", "<!here>", "<!everyone>", "<@U123>"]) expect(posted.raw).not.toContain(ping);
		}
		const unknown = await api.waitFor((r) => r.path === "/respond/real-4");
		expect(unknown.body.response_type).toBe("ephemeral");
	});
});
