/**
 * A quantization's quality as one short word, for tables narrow enough for a phone (issue 16); the
 * full sentence stays in the catalog's `quality` note (shown in Details).
 *
 * From the catalog's perplexity delta when it has one (llama.cpp's quantize table, the `pplDelta`
 * source of catalog/quants.json: +0.003 Q8_0, +0.022 Q6_K, +0.057 Q5_K_M, +0.175 Q4_K_M, +0.66
 * Q3_K_M, +3.5 Q2_K on the same model). The cut-offs sit between those rows, so each word groups
 * quants the catalog's notes already describe alike ("practically lossless", "very low loss",
 * "small loss", "noticeable loss", "heavy loss"). Without a delta (imatrix, MLX, GPTQ, EXL …) the
 * bits per weight place it in the same groups, using the bits of the rows above.
 */
import type { Quant } from "../../src/catalog/schema.js";

export type QualityWord = "lossless" | "great" | "good" | "fair" | "poor";

export function qualityWord(quant: Pick<Quant, "pplDelta" | "bitsPerWeight">): QualityWord {
	const delta = quant.pplDelta;
	if (delta !== null && delta !== undefined) {
		if (delta <= 0.01) return "lossless";
		if (delta <= 0.06) return "great";
		if (delta <= 0.3) return "good";
		if (delta <= 1) return "fair";
		return "poor";
	}
	const bits = quant.bitsPerWeight;
	if (bits >= 8) return "lossless";
	if (bits >= 5.5) return "great";
	if (bits >= 4) return "good";
	if (bits >= 3) return "fair";
	return "poor";
}
