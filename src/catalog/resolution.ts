/** The answer of every resolver: a match (or none), how sure, a note to show, and ranked alternatives. */
export interface Resolution<T> {
	match: T | null;
	confidence: "exact" | "fuzzy" | "family" | "none";
	/** shown to the user, e.g. "“qwen3” is a family; picked the flagship Qwen3-235B-A22B" */
	note: string | null;
	/** ranked, for did-you-mean, best first, ≤ 5 */
	candidates: T[];
}
