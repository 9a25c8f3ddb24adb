import { describe, expect, it } from "vitest";
import { jsonLength, jsonStringLength } from "../../src/slack/json-length.js";
import { rankBlocks, renderAnswerBlocks } from "../../src/slack/render-blocks.js";
import { errorAnswer, fitsAnswer } from "./answer-fixtures.js";

describe("jsonLength (the renderer's size check without serialising)", () => {
	it("matches JSON.stringify on strings that need escaping", () => {
		const samples = [
			"",
			"plain",
			'a"b\\c',
			"\u0001\u001f\b\t\n\f\r",
			"line\nline\n",
			"\ud83d\ude00",
			"\ud83d",
			"x\ude00y",
			"\ud83d\ud83d\ude00",
			"\u2028\u2029",
			"é ✓ █░",
		];
		for (const text of samples) expect(jsonStringLength(text)).toBe(JSON.stringify(text).length);
	});

	it("matches JSON.stringify on nested values, skipping undefined properties", () => {
		const value = { a: undefined, b: [1, null, true, false, -0.5, 1e21, Number.NaN, "x"], c: {}, d: [], e: { f: "g\n" } };
		expect(jsonLength(value)).toBe(JSON.stringify(value).length);
	});

	it("matches JSON.stringify on every block of a rendered message", () => {
		const answer = fitsAnswer({
			title: 'Tom & "Jerry" <!here>\n\\ \ud83d',
			facts: [{ label: "Model", value: "a\tb\n<@U1>" }],
			footnotes: ["note \u0007", "😀"],
		});
		const message = renderAnswerBlocks(answer);
		for (const block of message.blocks) expect(jsonLength(block)).toBe(JSON.stringify(block).length);
		expect(jsonLength(message)).toBe(JSON.stringify(message).length);
	});

	it("gives every block the renderer builds its exact JSON length", () => {
		const answers = [
			fitsAnswer(),
			fitsAnswer({
				title: 'Tom & "Jerry" <!here>\n\\ \ud83d',
				facts: Array.from({ length: 23 }, (_, i) => ({ label: `fact "${i}"`, value: "v\t<&>" })),
				footnotes: Array.from({ length: 14 }, (_, i) => `note ${i} \u0007`),
				actions: [
					{ label: "a <b>", query: "canirun x & y" },
					{ label: "", query: "" },
					{ label: "c", query: 'vram "z"' },
				],
			}),
			errorAnswer('<!channel> "quoted" \\'),
			// usage sections and compact tables are measured from their pieces: labels and cells with
			// entities, quotes, control characters and surrogates must fall back to an exact count
			fitsAnswer({
				usage: [
					{ label: "GPU & <0>", usedBytes: 2 ** 30, capacityBytes: 2 ** 31, parts: [{ label: "w&b", bytes: 2 ** 29 }] },
					{ label: "GPU 1", usedBytes: 2 ** 31, capacityBytes: 2 ** 30, parts: [] },
					{ label: 'GPU "2"', usedBytes: 2 ** 30, capacityBytes: 2 ** 31, parts: [{ label: "w\u0007", bytes: 2 ** 29 }] },
				],
				tables: [
					{ title: "plain", columns: ["a", "b"], rows: [["x", "y"]] },
					{ title: "t & <u>", columns: ["a", "b"], rows: [["x&y", "<z>"]] },
					{ title: "q", columns: ["a"], rows: [['"x"'], ["\\"], ["\ud83d"], ["😀"]] },
					{ title: "many", columns: ["a", "b"], rows: Array.from({ length: 200 }, (_, i) => [`row ${i}`, "x".repeat(20)]) },
				],
			}),
		];
		for (const answer of answers) {
			for (const ranked of rankBlocks(answer)) expect(ranked.chars).toBe(JSON.stringify(ranked.block).length);
		}
	});
});
