import type { ResolutionJson, ResolvedPart } from "../answer/contract.js";

/** The answer of every resolver: a match (or none), how sure, a note to show, and ranked alternatives. */
export interface Resolution<T> {
	match: T | null;
	confidence: "exact" | "fuzzy" | "family" | "none";
	/** shown to the user, e.g. "“qwen3” is a family; picked the flagship Qwen3-235B-A22B" */
	note: string | null;
	/** ranked, for did-you-mean, best first, ≤ 5 */
	candidates: T[];
	/** more did-you-mean texts that are not catalog entries (Ollama tags of models the catalog lacks, Hub repos) */
	suggest?: string[];
	/** the name is known to be this Hugging Face repo, which the catalog does not have: the Hub can estimate it */
	hubRepo?: string | null;
	/** a quantization the name itself carries ("Qwen3-32B-AWQ", "qwen3:8b-q8_0"): a catalog quant id */
	quantId?: string | null;
}

export type { ResolutionJson, ResolvedPart };

/**
 * The one builder of the `resolution` field, used by answers and by ask-backs alike: the model half
 * comes from the model resolver (names), the hardware half from the hardware parser (devices).
 */
export function resolutionJson(parts: {
	model?: ResolvedPart | null;
	hardware?: ResolvedPart | null;
	ignored?: readonly string[];
	asked: boolean;
}): ResolutionJson {
	return {
		model: parts.model ?? null,
		hardware: parts.hardware ?? null,
		ignored: [...(parts.ignored ?? [])],
		asked: parts.asked,
	};
}
