/**
 * Issue 15 item 9: "vision" as a use — bestfit ranks only models that take images (a vision encoder in
 * the catalog), by the published measure, and says what the measure does not score and what the
 * vision encoder adds.
 */
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { getCatalog } from "../../src/catalog/index.js";

const CTX = { platform: "cli" } as const;

describe("bestfit for vision", () => {
	const cat = getCatalog();

	it.each([
		"bestfit rtx-3090 vision",
		"what's the best vision model for my 4070 ti super",
		"best multimodal model for m4 pro 48gb",
		"bestfit 2x3090 16k vision",
	])("%s: vision-capable models only, ranked by the measure, the use kept in follow-ups", async (q) => {
		const a = await answerQuery(q, CTX);
		expect(a.kind).toBe("bestfit");
		const j = a.json as { use: string; models: { id: string; qualityScore: number | null }[] };
		expect(j.use).toBe("vision");
		expect(j.models.length).toBeGreaterThan(0);
		for (const m of j.models) expect(cat.modelById.get(m.id)?.visionParams, m.id).toBeGreaterThan(0);
		// scored models first, by score
		const scores = j.models.map((m) => m.qualityScore);
		const scored = scores.filter((s): s is number => s !== null);
		expect(scores.slice(0, scored.length)).toEqual(scored);
		expect([...scored].sort((x, y) => y - x)).toEqual(scored);
		expect(a.footnotes.join(" ")).toMatch(/no image evaluation/);
		expect(a.footnotes.join(" ")).toMatch(/mmproj/);
		for (const action of a.actions) if (action.query.startsWith("canirun bestfit")) expect(action.query).toContain("vision");
	});

	it("a chat question on the same hardware still ranks text-only models", async () => {
		const a = await answerQuery("bestfit rtx-3090", CTX);
		const j = a.json as { models: { id: string }[] };
		expect(j.models.some((m) => (cat.modelById.get(m.id)?.visionParams ?? 0) === 0)).toBe(true);
	});
});
