import { describe, expect, it } from "vitest";
import { escapeAndTruncate, escapeSlackText, plainTextSafe, unescapeSlackText } from "../../src/slack/escape.js";
import { truncate } from "../../src/slack/limits.js";
import { slackTextToQuery } from "../../src/slack/query-text.js";

describe("escapeSlackText", () => {
	it("escapes exactly &, < and > so broadcasts and mentions cannot ping", () => {
		expect(escapeSlackText("<!channel> <!here> <!everyone> <@U123> a&b 'q' \"x\"")).toBe(
			"&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; a&amp;b 'q' \"x\"",
		);
	});

	it("round-trips through unescapeSlackText, including text that already looks escaped", () => {
		for (const text of ["<!here> & <@U1>", "&lt;literal&gt;", "&amp;amp;", "plain"]) {
			expect(unescapeSlackText(escapeSlackText(text))).toBe(text);
		}
	});

	it("never cuts an entity in half when truncating", () => {
		const out = escapeAndTruncate("<<<<<<<<<<", 12);
		expect(out).toBe("&lt;&lt;…");
		expect(out.length).toBeLessThanOrEqual(12);
	});

	it("keeps plain_text readable but free of angle brackets", () => {
		expect(plainTextSafe("<!channel> Q4_K_M & co")).toBe("\u2039!channel\u203A Q4_K_M & co");
	});
});

describe("truncate", () => {
	it("ends cut text with an ellipsis and never splits a surrogate pair", () => {
		expect(truncate("abcdef", 4)).toBe("abc…");
		expect(truncate("abc", 3)).toBe("abc");
		const cut = truncate("😀😀😀", 4);
		expect(cut).toBe("😀…");
		expect(cut.length).toBeLessThanOrEqual(4);
	});
});

describe("slackTextToQuery", () => {
	it("strips the bot mention and other mentions, broadcasts and channel links", () => {
		expect(slackTextToQuery("<@UBOT> can I run llama-3-70b q4 on 4090?")).toBe("can I run llama-3-70b q4 on 4090?");
		expect(slackTextToQuery("<!channel> deepseek-r1 <!here|here> <@U123|bob> <#C1|general> 2x4090")).toBe("deepseek-r1 2x4090");
		expect(slackTextToQuery("<!subteam^S1|@team> qwen3")).toBe("qwen3");
	});

	it("keeps link targets (a Hugging Face URL names a model) and decodes entities", () => {
		expect(slackTextToQuery("<https://huggingface.co/Qwen/Qwen3-8B|Qwen3> on m3 max &amp; 32k")).toBe("https://huggingface.co/Qwen/Qwen3-8B on m3 max & 32k");
		expect(slackTextToQuery("a &lt;b&gt;")).toBe("a <b>");
	});

	it("collapses whitespace and bounds the length", () => {
		expect(slackTextToQuery("  a \n\t b  ")).toBe("a b");
		expect(slackTextToQuery("x".repeat(2000)).length).toBe(500);
	});
});
