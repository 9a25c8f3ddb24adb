/**
 * bestfit ranks by a published quality measure (catalog/quality.json, from a vendored dated copy),
 * per use, scored models first, never beyond a model's native context; the answer names the measure.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { getCatalog } from "../../src/catalog/index.js";
import { QUALITY, qualityOf } from "../../src/catalog/quality.js";

const CTX = { platform: "cli" } as const;
type Row = { id: string; qualityScore: number | null; releaseDate: string };
// biome-ignore lint/suspicious/noExplicitAny: the answer's JSON is read field by field in assertions
type Json = Record<string, any>;

async function bestfit(q: string): Promise<{ json: Json; footnotes: string[]; title: string }> {
	const a = await answerQuery(q, CTX);
	expect(a.kind).toBe("bestfit");
	return { json: a.json as Json, footnotes: a.footnotes, title: a.tables[0]?.title ?? "" };
}

describe("bestfit by a published quality measure", () => {
	const cat = getCatalog();

	it("ranks scored models by their score, before every unscored one, and names the measure and its date", async () => {
		const { json, footnotes, title } = await bestfit("bestfit 2xrtx-3090");
		const rows = json.models as Row[];
		expect(rows.length).toBeGreaterThan(3);
		const scores = rows.map((r) => r.qualityScore);
		const firstUnscored = scores.indexOf(null);
		const scored = (firstUnscored < 0 ? scores : scores.slice(0, firstUnscored)) as number[];
		expect([...scored].sort((a, b) => b - a)).toEqual(scored);
		if (firstUnscored >= 0) for (const s of scores.slice(firstUnscored)) expect(s).toBeNull();
		for (const r of rows) if (r.qualityScore !== null) expect(r.qualityScore).toBe(qualityOf(r.id)?.intelligenceIndex);
		expect(json.ranking.measure).toBe("Artificial Analysis Intelligence Index");
		expect(title).toContain("Artificial Analysis Intelligence Index");
		expect(footnotes.join(" ")).toContain(`pulled ${QUALITY.pulled}`);
		// the 2023 Falcon is not the answer any more
		expect(rows[0]?.id).not.toMatch(/falcon/);
	});

	it("uses the Coding score for code", async () => {
		const { json } = await bestfit("bestfit rtx-4090 code");
		const rows = json.models as Row[];
		for (const r of rows) {
			const q = qualityOf(r.id);
			if (q !== null) expect(r.qualityScore).toBe(q.coding ?? q.intelligenceIndex);
		}
		expect(rows[0]?.qualityScore).not.toBeNull();
	});

	it("never lists a model beyond its native context", async () => {
		const { json } = await bestfit("bestfit 2xrtx-3090 64k");
		const rows = json.models as Row[];
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) expect(cat.modelById.get(r.id)?.contextLength ?? 0).toBeGreaterThanOrEqual(65536);
		expect(rows.some((r) => r.id === "phi-4")).toBe(false);
	});

	it("holds only scores that are in the vendored source sheet", () => {
		const tsv = readFileSync("catalog/sources/quality/llm-architecture-gallery.tsv", "utf8");
		const table = JSON.parse(readFileSync("catalog/quality.json", "utf8")) as { scores: Record<string, { intelligenceIndex: number; sheet: string }> };
		expect(Object.keys(table.scores).length).toBeGreaterThan(15);
		for (const [id, s] of Object.entries(table.scores)) {
			expect(cat.modelById.has(id)).toBe(true);
			const line = tsv.split("\n").find((l) => l.startsWith(`${s.sheet}\t`)) ?? "";
			expect(line).toMatch(new RegExp(`Total score\\s+${s.intelligenceIndex.toFixed(1).replace(".", "\\.")}`));
		}
	});
});
