/**
 * catalog/quality.json: a published quality measure per catalog model (the Artificial Analysis
 * Intelligence Index and its category scores), built by scripts/build-quality.ts from a vendored,
 * dated copy (its `source` and `pulled`). Imported as JSON so the CLI bundle carries it; checked by
 * hand (no zod on the one-shot path): a score that is not a finite number is dropped.
 */
import table from "../../catalog/quality.json" with { type: "json" };

export interface QualityScores {
	/** the index itself (composite) */
	intelligenceIndex: number;
	general: number | null;
	scientific: number | null;
	coding: number | null;
	agents: number | null;
}

export interface QualityTable {
	measure: string;
	source: string;
	/** when the copy was taken (YYYY-MM-DD) */
	pulled: string;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

const scores = new Map<string, QualityScores>();
for (const [id, raw] of Object.entries(table.scores as Record<string, Record<string, unknown>>)) {
	const index = num(raw.intelligenceIndex);
	if (index === null) continue;
	scores.set(id, { intelligenceIndex: index, general: num(raw.general), scientific: num(raw.scientific), coding: num(raw.coding), agents: num(raw.agents) });
}

export const QUALITY: QualityTable = { measure: table.measure, source: table.source, pulled: table.pulled };

/** The published scores of a catalog model, or null when the measure has none for it. */
export function qualityOf(modelId: string): QualityScores | null {
	return scores.get(modelId) ?? null;
}
