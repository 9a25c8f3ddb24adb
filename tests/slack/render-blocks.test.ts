import { describe, expect, it } from "vitest";
import { SLACK_LIMITS, SLACK_PRACTICAL_BLOCKS_CHARS } from "../../src/slack/limits.js";
import { RERUN_ACTION_PREFIX, fallbackText, renderAnswerBlocks } from "../../src/slack/render-blocks.js";
import { errorAnswer, fitsAnswer } from "./answer-fixtures.js";

const BROADCASTS = ["<!channel>", "<!here>", "<!everyone>", "<@U123>"];

/** Every string value anywhere in a message. */
function strings(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === "object") return Object.values(value).flatMap(strings);
	return [];
}

function assertWithinLimits(message: ReturnType<typeof renderAnswerBlocks>): void {
	expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
	expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(SLACK_PRACTICAL_BLOCKS_CHARS + 200);
	for (const block of message.blocks) {
		if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
		if (block.type === "section") {
			if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
			expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
			for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
		}
		if (block.type === "actions") {
			for (const el of block.elements) {
				if (el.type !== "button") continue;
				expect(el.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
				expect((el.value ?? "").length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
				expect(el.action_id?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.actionId);
			}
		}
	}
}

describe("renderAnswerBlocks", () => {
	it("renders header, verdict, fact fields, usage bars, table, buttons and footnotes", () => {
		const message = renderAnswerBlocks(fitsAnswer(), "full");
		const types = message.blocks.map((b) => b.type);
		expect(types[0]).toBe("header");
		expect(types).toContain("actions");
		expect(types.at(-1)).toBe("context");
		const body = JSON.stringify(message.blocks);
		expect(body).toContain("DeepSeek-R1-Distill-Llama-70B");
		expect(body).toContain(":white_check_mark: *Fits*");
		expect(body).toContain("*Weights*\\n39.6 GiB");
		// the usage bar of GPU 0: 21.9 of 24 GiB is 91 % → 18 of 20 cells
		// plain characters, not a code span (Slack paints those crimson), 12 cells to fit a phone (issue 16)
		expect(body).toContain("███████████░ 21.9 GiB / 24.0 GiB (91%)");
		expect(body).toContain("weights 20.0 GiB · KV cache 666 MiB");
		// phone-width table: one space between columns (issue 16)
		expect(body).toContain("Q5_K_M 46.5 GiB offload");
		expect(message.text).toBe("DeepSeek-R1-Distill-Llama-70B · Q4_K_M on 2× RTX 4090 — Fits: All 81 layers on the GPUs, 4K context.");
		assertWithinLimits(message);
	});

	it("puts each follow-up query in a button value with a routable action_id", () => {
		const actions = renderAnswerBlocks(fitsAnswer(), "full").blocks.find((b) => b.type === "actions");
		expect(actions?.type).toBe("actions");
		if (actions?.type !== "actions") return;
		const buttons = actions.elements.map((e) => (e.type === "button" ? [e.action_id, e.value, e.text.text] : null));
		expect(buttons).toEqual([
			[`${RERUN_ACTION_PREFIX}0`, "canirun deepseek-r1 q5_k_m 2x4090", "Next quant (Q5_K_M)"],
			[`${RERUN_ACTION_PREFIX}1`, "canirun deepseek-r1 q3_k_m 2x4090", "Previous quant (Q3_K_M)"],
			[`${RERUN_ACTION_PREFIX}2`, "canirun deepseek-r1 q4_k_m 2x4090 32k", "Longer context (32K)"],
		]);
	});

	it("never sends <!channel>, <!here>, <!everyone> or <@U…> from user text back live", () => {
		for (const ping of BROADCASTS) {
			const echo = `${ping} & friends`;
			const answer = fitsAnswer({
				title: `About ${ping}`,
				verdict: { label: ping, severity: "warning", summary: `you said ${echo}` },
				facts: [{ label: ping, value: echo }],
				usage: [{ label: ping, usedBytes: 1, capacityBytes: 2, parts: [{ label: ping, bytes: 1 }] }],
				tables: [{ title: ping, columns: [ping], rows: [[echo]] }],
				suggestions: [{ text: echo, query: null }],
				runHints: [{ label: ping, command: echo }],
				actions: [{ label: ping, query: `canirun ${ping}` }],
				footnotes: [echo],
				didYouMean: [ping],
			});
			const message = renderAnswerBlocks(answer, "full");
			const all = [message.text, ...strings(message.blocks)];
			for (const s of all) {
				expect(s).not.toContain(ping);
				expect(s).not.toMatch(/<[!@#]/);
			}
			// and the escaped form is what mrkdwn carries
			expect(JSON.stringify(message.blocks)).toContain(`&lt;${ping.slice(1, -1)}&gt; &amp; friends`);
		}
	});

	it("shows errors with their did-you-mean names and no buttons", () => {
		const message = renderAnswerBlocks(errorAnswer("deepsek"), "full");
		const body = JSON.stringify(message.blocks);
		expect(body).toContain("Did you mean *deepseek-r1*, *deepseek-v3*?");
		expect(message.blocks.some((b) => b.type === "actions")).toBe(false);
		expect(fallbackText(errorAnswer("deepsek"))).toContain("Did you mean deepseek-r1, deepseek-v3?");
	});

	it("truncates over-long strings with an ellipsis and stays within every Block Kit limit", () => {
		const long = "x".repeat(5000);
		const answer = fitsAnswer({
			title: long,
			verdict: { label: long, severity: "danger", summary: long },
			facts: Array.from({ length: 23 }, (_, i) => ({ label: `fact ${i}`, value: long })),
			actions: [
				{ label: long, query: "canirun a" },
				{ label: "too long to be a value", query: `canirun ${"y".repeat(2100)}` },
			],
		});
		const message = renderAnswerBlocks(answer, "full");
		assertWithinLimits(message);
		const header = message.blocks[0];
		expect(header?.type === "header" && header.text.text.endsWith("…")).toBe(true);
		// the over-long query is left out rather than cut into a different question
		const buttons = message.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
		expect(buttons).toHaveLength(1);
	});

	it("drops low-priority blocks first when an answer is too big, and says so", () => {
		const rows = Array.from({ length: 200 }, (_, i) => [`device ${i}`, `${i}.0 GiB`, "no"]);
		const answer = fitsAnswer({
			tables: Array.from({ length: 8 }, (_, i) => ({ title: `table ${i}`, columns: ["a", "b", "c"], rows })),
			usage: Array.from({ length: 40 }, (_, i) => ({
				label: `GPU ${i} · H100`,
				usedBytes: 70e9,
				capacityBytes: 80e9,
				parts: [{ label: "weights", bytes: 70e9 }],
			})),
		});
		const message = renderAnswerBlocks(answer, "full");
		assertWithinLimits(message);
		const body = JSON.stringify(message.blocks);
		expect(body).toContain("Fits"); // the verdict survives
		expect(body).toContain("canirun_rerun_0"); // so do the buttons
		expect(body).toContain("left out to fit Slack");
	});

	it("cuts a long table at the section limit and counts the hidden rows", () => {
		const rows = Array.from({ length: 300 }, (_, i) => [`row ${i}`, "1.0 GiB"]);
		const message = renderAnswerBlocks(fitsAnswer({ tables: [{ title: "All GPUs", columns: ["gpu", "size"], rows }] }), "full");
		const table = JSON.stringify(message.blocks.filter((b) => b.type === "section" && b.text?.text.includes("All GPUs")));
		expect(table).toMatch(/\+\d+ more rows/);
		assertWithinLimits(message);
	});

	it("marks a device that is over capacity with a full bar and the shortfall", () => {
		const gib = 1024 ** 3;
		const message = renderAnswerBlocks(fitsAnswer({ usage: [{ label: "GPU 0 · RTX 3060", usedBytes: 14 * gib, capacityBytes: 12 * gib, parts: [] }] }), "full");
		expect(JSON.stringify(message.blocks)).toContain("████████████ 14.0 GiB / 12.0 GiB (117%) — over by 2.0 GiB");
	});
});
