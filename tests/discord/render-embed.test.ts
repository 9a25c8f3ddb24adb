import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeQueryButton, encodeQueryButton } from "../../src/discord/custom-id.js";
import { codeBlockSafe, escapeDiscordText, truncate } from "../../src/discord/escape.js";
import { DISCORD_LIMITS } from "../../src/discord/limits.js";
import { embedSchema, totalEmbedChars } from "../../src/discord/payload-schema.js";
import { renderAnswer, SEVERITY_COLOURS } from "../../src/discord/render-embed.js";
import type { Answer } from "../../src/answer/answer.js";

/** The full breakdown (Details): what these tests checked before the compact first answer (issue 16). */
const renderFull = (answer: Answer) => renderAnswer(answer, "full");
import { errorAnswer, estimateAnswer } from "./answers.js";

const HOSTILE = "@everyone @here <@&123> <@456> <@!789> **bold** [free gpu](https://evil.example) ```";
/** any unescaped mass or angle mention left in a string */
const PINGABLE = /@(everyone|here)|<@[!&]?\d/;

function allText(rendered: ReturnType<typeof renderAnswer>): string[] {
	const embed = rendered.embeds[0];
	return [
		embed?.title ?? "",
		embed?.description ?? "",
		embed?.footer?.text ?? "",
		...(embed?.fields ?? []).flatMap((f) => [f.name, f.value]),
		...rendered.components.flatMap((row) => row.components.map((b) => b.label ?? "")),
	];
}

describe("renderAnswer", () => {
	it("colours the embed by verdict severity and names the model in the title", () => {
		const rendered = renderFull(estimateAnswer());
		expect(rendered.embeds[0]?.color).toBe(SEVERITY_COLOURS.success);
		expect(rendered.embeds[0]?.title).toContain("DeepSeek");
		expect(renderFull(estimateAnswer({ verdict: { label: "Does not fit", severity: "danger", summary: "" } })).embeds[0]?.color).toBe(SEVERITY_COLOURS.danger);
		// the full view is Details: always private to the one who asked (issue 16); the first answer is public
		expect(rendered.ephemeral).toBe(true);
		expect(renderAnswer(estimateAnswer()).ephemeral).toBe(false);
	});

	it("draws one usage bar per device with its breakdown in a code block", () => {
		const description = renderFull(estimateAnswer()).embeds[0]?.description ?? "";
		expect(description).toContain("GPU 0 · RTX 4090");
		expect(description).toContain("GPU 1 · RTX 4090");
		// 10.2 of 24 GiB is 43 %: 5 of 12 cells (12, so the line fits a phone, issue 16)
		expect(description).toMatch(/█{5}░{7}\s+43%\s+10\.2 GiB\/24\.0 GiB/);
		// the parts wrap at the phone width (issue 16)
		expect(description).toContain("weights 9.3 GiB · KV 512 MiB");
		expect(description).toContain("compute 410 MiB");
		expect(description.match(/```/g)?.length).toBe(2);
	});

	it("escapes markdown in plain text so names with underscores and stars show as typed", () => {
		const rendered = renderFull(estimateAnswer({ title: "my_model **x**" }));
		expect(rendered.embeds[0]?.title).toBe("my\\_model \\*\\*x\\*\\*");
	});

	it("turns actions into buttons whose custom_id carries the query, at most 5 a row", () => {
		const actions = Array.from({ length: 12 }, (_, i) => ({ label: `Option ${i}`, query: `canirun model-${i}` }));
		const rendered = renderFull(estimateAnswer({ actions }));
		// the full view offers at most two rows of follow-ups (issue 16: fewer, fitting buttons)
		expect(rendered.components.map((row) => row.components.length)).toEqual([5, 5]);
		const first = rendered.components[0]?.components[0];
		expect(first?.custom_id).toBe(encodeQueryButton("canirun model-0"));
		expect(decodeQueryButton(first?.custom_id ?? "")).toBe("canirun model-0");
	});

	it("drops a button whose query cannot fit in 100 characters and de-duplicates the rest", () => {
		const rendered = renderFull(
			estimateAnswer({
				actions: [
					{ label: "long", query: "x".repeat(120) },
					{ label: "a", query: "vram qwen3" },
					{ label: "b", query: "vram qwen3" },
				],
			}),
		);
		const ids = rendered.components.flatMap((row) => row.components.map((b) => b.custom_id));
		expect(ids).toEqual(["crq:vram qwen3"]);
		expect(ids.every((id) => id.length <= DISCORD_LIMITS.customId)).toBe(true);
	});

	it("renders an error as an ephemeral red embed that offers the did-you-mean names", () => {
		const rendered = renderFull(errorAnswer());
		expect(rendered.ephemeral).toBe(true);
		expect(rendered.embeds[0]?.color).toBe(SEVERITY_COLOURS.danger);
		expect(rendered.embeds[0]?.description).toContain("Did you mean **llama-3.1-8b**, **llama-3.3-70b**?");
	});

	it("never lets hostile text ping or render as markdown, anywhere in the message", () => {
		const hostile = estimateAnswer({
			title: HOSTILE,
			verdict: { label: HOSTILE, severity: "warning", summary: HOSTILE },
			facts: [{ label: HOSTILE, value: HOSTILE }],
			usage: [{ label: HOSTILE, usedBytes: 1, capacityBytes: 2, parts: [{ label: HOSTILE, bytes: 1 }] }],
			tables: [{ title: HOSTILE, columns: [HOSTILE], rows: [[HOSTILE]] }],
			suggestions: [{ text: HOSTILE, query: HOSTILE }],
			runHints: [{ label: HOSTILE, command: HOSTILE }],
			actions: [{ label: HOSTILE, query: "canirun x" }],
			footnotes: [HOSTILE],
		});
		const texts = allText(renderFull(hostile));
		for (const text of texts) expect(text).not.toMatch(PINGABLE);
		const description = renderFull(hostile).embeds[0]?.description ?? "";
		// outside code blocks (where markdown does not render) no masked link survives
		expect(description.replace(/```[\s\S]*?```/g, "")).not.toContain("[free gpu](");
		// the code block still has exactly its own two fences: the user's ``` cannot close it early
		expect(description.match(/```/g)?.length).toBe(2);
	});

	it("keeps every limit with 5,000-character inputs and says what it cut", () => {
		const long = "y".repeat(5000);
		const huge = estimateAnswer({
			title: long,
			verdict: { label: long, severity: "info", summary: long },
			facts: Array.from({ length: 40 }, (_, i) => ({ label: `${i}${long}`, value: long })),
			usage: Array.from({ length: 50 }, (_, i) => ({ label: `GPU ${i}`, usedBytes: i, capacityBytes: 100, parts: [] })),
			tables: [{ title: long, columns: ["a", "b"], rows: Array.from({ length: 300 }, (_, i) => [`row ${i}`, long.slice(0, 50)]) }],
			suggestions: Array.from({ length: 30 }, () => ({ text: long, query: null })),
			footnotes: [long, long],
		});
		const rendered = renderFull(huge);
		const embed = rendered.embeds[0];
		expect(embedSchema.safeParse(embed).success).toBe(true);
		expect(totalEmbedChars(rendered.embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
		expect(embed?.title?.endsWith("…")).toBe(true);
		expect(embed?.footer?.text).toMatch(/more sections? left out/);
	});

	it("puts a table-first answer's table in the description, aligned and truncated with a row count", () => {
		const rows = Array.from({ length: 400 }, (_, i) => [`q${i}`, `${i}.0 GiB`]);
		const rendered = renderFull(
			estimateAnswer({ kind: "vram", usage: [], verdict: null, tables: [{ title: "VRAM by quant", columns: ["quant", "total"], rows }] }),
		);
		const description = rendered.embeds[0]?.description ?? "";
		expect(description).toContain("**VRAM by quant**");
		// phone-width table: one space between columns, numbers right-aligned (issue 16)
		expect(description).toContain("quant total");
		expect(description).toMatch(/… \d+ more/);
		expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
	});
});

describe("escaping and truncation", () => {
	it("neutralises mass and angle mentions with a zero-width space", () => {
		expect(escapeDiscordText("@everyone hi <@&1>")).toBe("@\u200beveryone hi <@\u200b&1>");
		expect(codeBlockSafe("```rm -rf``` @here")).toBe("ˋˋˋrm -rfˋˋˋ @\u200bhere");
	});

	it("escapes headings, lists, masked links and block quotes", () => {
		expect(escapeDiscordText("# big")).toBe("\\# big");
		expect(escapeDiscordText("> quote")).toBe("\\> quote");
		expect(escapeDiscordText("[a](http://b)")).toContain("\\[a\\]");
		expect(escapeDiscordText("-# small\n1. one\n>>> all")).toBe("\\-# small\n1\\. one\n\\>>> all");
		// numbers and signs that are not markup stay as they are
		expect(escapeDiscordText("1.0 GiB\n-5 %")).toBe("1.0 GiB\n-5 %");
	});

	it("escapes exactly as the three regex replaces do, whatever the text", () => {
		// the plain definition: a backslash before inline markdown, then before line-start markers
		const reference = (text: string): string =>
			text
				.replace(/[\\*_~`|[\]]/g, "\\$&")
				.replace(/^([ \t]*)([#>+-])(?=[\s#>])/gm, "$1\\$2")
				.replace(/^([ \t]*\d+)\.(?=\s)/gm, "$1\\.")
				.replace(/@(everyone|here)/gi, "@\u200b$1")
				.replace(/<@/g, "<@\u200b");
		const piece = fc.constantFrom(
			"\\",
			"*",
			"_",
			"~",
			"`",
			"|",
			"[",
			"]",
			"#",
			">",
			"+",
			"-",
			"1",
			"12",
			".",
			" ",
			"\t",
			"\n",
			"\r",
			"\u2028",
			"\u00a0",
			"@",
			"<",
			"everyone",
			"HERE",
			"q4_k_m",
			"a",
			"é",
			"🙂",
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
				const text = pieces.join("");
				expect(escapeDiscordText(text)).toBe(reference(text));
			}),
			{ numRuns: 2000 },
		);
	});

	it("truncates with an ellipsis and never leaves a dangling escape", () => {
		expect(truncate("abcdef", 4)).toBe("abc…");
		expect(truncate("ab\\*cd", 4)).toBe("ab…");
		expect(truncate("abc", 3)).toBe("abc");
	});
});
