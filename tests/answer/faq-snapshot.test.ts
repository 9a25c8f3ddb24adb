import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import type { Answer } from "../../src/answer/answer.js";

/**
 * The renderer-independent shape of the answers to the FAQ questions (the list): which
 * command answered, the verdict, which facts, tables and actions it offers. Numbers are left out of
 * the snapshot on purpose (they belong to the engine's own accuracy tests); the commands tests assert
 * that they follow the catalog and the engine.
 */
const FAQ = [
	"Can my 3090 run Qwen3 32B?",
	"How much VRAM does DeepSeek R1 need at Q4?",
	"Which GPUs can run deepseek r1?",
	"Can I run deepseek r1 distill qwen 32b on a Mac?",
	"How big is the download of llama 3.1 70b?",
	"What's the best model for 2x3090?",
	"deepseek-r1 q4_k_m 2x4090 32k",
	"help",
];

function shape(a: Answer): unknown {
	return {
		kind: a.kind,
		title: a.title,
		verdict: a.verdict === null ? null : { label: a.verdict.label.replace(/\d+/g, "N"), severity: a.verdict.severity },
		facts: a.facts.map((f) => f.label),
		usage: a.usage.map((u) => u.label),
		tables: a.tables.map((t) => ({ title: t.title.replace(/\d+/g, "N"), columns: t.columns })),
		runHints: a.runHints.map((h) => h.label),
		actions: a.actions.map((x) => x.label.replace(/\(.*\)/, "(…)")),
		jsonKeys: a.json === null ? null : Object.keys(a.json),
	};
}

describe("FAQ answers", () => {
	for (const q of FAQ) {
		it(`answers "${q}"`, async () => {
			const a = await answerQuery(q, { platform: "cli" });
			expect(a.kind).not.toBe("error");
			expect(shape(a)).toMatchSnapshot();
		});
	}
});
