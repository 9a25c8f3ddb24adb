/**
 * The compact renders escape the answer's own strings (table cells, footer settings and ignored
 * words, the Slack fallback's pieces) instead of the lines built from them. These check that this is
 * the same as escaping the built lines, on hostile cells and words in shown and hidden rows, and on
 * footers long enough to be cut.
 */
import { describe, expect, it } from "vitest";
import { emptyAnswer } from "../../commands/lib/answers.js";
import type { Answer, AnswerTable } from "../../src/answer/answer.js";
import { footerLine } from "../../src/answer/glance.js";
import { anyPhoneCell, phoneTableLines } from "../../src/answer/narrow-table.js";
import { codeBlockSafe, mayNeedCodeBlockSafety, neutraliseMentions } from "../../src/discord/escape.js";
import { renderAnswer } from "../../src/discord/render-embed.js";
import { escapeAndTruncate, escapeSlackText, hasSlackControlChar } from "../../src/slack/escape.js";
import { fallbackText, renderAnswerBlocks } from "../../src/slack/render-blocks.js";

const HOSTILE = ["@everyone", "<@123>", "a ``` b", "x & y", "<!channel>", "`tick`", "@here now"];

function tableWith(cell: string, row: number): AnswerTable {
	const rows = Array.from({ length: 6 }, (_, i) => [`Model ${i}`, `${10 + i}.5`, i === row ? cell : "fits"]);
	return { title: "Memory", columns: ["Model", "GiB", "Note"], rows };
}

function vramAnswer(table: AnswerTable): Answer {
	return { ...emptyAnswer("vram", "Qwen3 32B: memory by quantization"), tables: [table] };
}

/** The lines between the code fences of a rendered block. */
function fenced(text: string): string[] {
	const start = text.indexOf("```\n");
	const end = text.indexOf("\n```", start + 4);
	return text.slice(start + 4, end).split("\n");
}

describe("phone table lines in compact renders", () => {
	it("anyPhoneCell asks the header and the shown rows only", () => {
		const table = tableWith("@everyone", 4);
		expect(anyPhoneCell(table, 3, mayNeedCodeBlockSafety)).toBe(false);
		expect(anyPhoneCell(table, 5, mayNeedCodeBlockSafety)).toBe(true);
		expect(anyPhoneCell({ ...table, columns: ["Model", "GiB", "<Note>"] }, 0, hasSlackControlChar)).toBe(true);
		// a narrow variant is what the phone shows, so it is what is asked
		const narrow = { columns: ["Model", "GiB"], rows: [["a", "1"]] };
		expect(anyPhoneCell({ ...table, rows: [["x & y", "1", "z"]], narrow }, 3, hasSlackControlChar)).toBe(false);
	});

	for (const cell of HOSTILE) {
		for (const row of [0, 2, 4]) {
			it(`Discord and Slack lines are the escaped phone lines (${JSON.stringify(cell)} in row ${row})`, () => {
				const table = tableWith(cell, row);
				const answer = vramAnswer(table);
				const discord = renderAnswer(answer).embeds[0]?.description ?? "";
				expect(fenced(discord)).toEqual(phoneTableLines(table, undefined, 3).map(codeBlockSafe));
				expect(discord).not.toMatch(/@(everyone|here)|<@\d/);
				const section = renderAnswerBlocks(answer).attachments?.[0]?.blocks[1];
				const slack = section?.type === "section" ? (section.text?.text ?? "") : "";
				expect(fenced(slack)).toEqual(phoneTableLines(table, 40, Number.POSITIVE_INFINITY, 3).map(escapeSlackText));
				expect(slack).not.toMatch(/<[!@]/);
			});
		}
	}
});

describe("footer and fallback pieces", () => {
	const words = ["@everyone", "<@42>", "a&b", "<!here>", "plain", "x".repeat(120)];

	it("escaping each setting and ignored word is escaping the line", () => {
		for (let n = 0; n <= words.length; n++) {
			const answer: Answer = { ...emptyAnswer("canirun", "Q"), ignored: words.slice(0, n) };
			const changed = ["32K context", "KV q8_0", "@here"].slice(0, n % 4);
			const raw = footerLine(answer, changed);
			expect(footerLine(answer, changed, neutraliseMentions)).toBe(neutraliseMentions(raw));
			expect(footerLine(answer, changed, escapeSlackText)).toBe(escapeSlackText(raw));
			// the Slack footer: escaped, and cut from the raw text when too long
			const withGlance: Answer = { ...answer, glance: { question: "Q", plan: null, memory: null, speed: null, next: null, run: null, changed } };
			const context = renderAnswerBlocks(withGlance).attachments?.[0]?.blocks.find((b) => b.type === "context");
			if (raw) expect(context?.type === "context" ? context.elements[0] : null).toMatchObject({ text: escapeAndTruncate(raw, 300) });
			else expect(context).toBeUndefined();
			// the Discord footer: mentions neutralised
			const footer = renderAnswer(withGlance).embeds[0]?.footer?.text;
			expect(footer).toBe(raw ? neutraliseMentions(raw) : undefined);
		}
	});

	it("the Slack fallback text is the escaped, cut text of its pieces", () => {
		for (const title of ["Can 3090 run Qwen3?", "A & B <!channel>", ""]) {
			for (const summary of ["fits", "x < y & z", "s".repeat(1200)]) {
				for (const didYouMean of [[], ["a&b", "<@1>", "c", "d", "e", "f"]]) {
					const answer: Answer = { ...emptyAnswer("error", title), verdict: { label: "No <b>", severity: "danger", summary }, didYouMean };
					let text = title;
					text += `${text ? " — " : ""}No <b>: ${summary}`;
					if (didYouMean.length > 0) text += ` — Did you mean ${didYouMean.slice(0, 5).join(", ")}?`;
					expect(fallbackText(answer)).toBe(escapeAndTruncate(text, 1000));
				}
			}
		}
	});
});
