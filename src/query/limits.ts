/**
 * Bounds on user input, so that a hostile or careless query costs little and echoes little.
 * Device counts and the context ceiling come from the engine's LIMITS; these are the parser's own.
 */
export const QUERY_LIMITS = {
	/** longer queries are refused outright (a question is a sentence, not a document) */
	maxChars: 500,
	/** at most this many words are considered */
	maxTokens: 60,
	/** an echoed word (e.g. in "ignored: …") is cut to this many characters */
	maxEchoWordChars: 40,
	/** at most this many ignored words are echoed back */
	maxEchoWords: 5,
	/** the longest model name tried as one span ("deepseek r1 distill qwen 14b" is 5 words) */
	maxModelSpanWords: 7,
	/**
	 * distinct runs of words looked up as a model name in one question (issue 18). Every query of the
	 * benchmark mix (bench/queries.ts, 10,000 queries) needs at most 7; a line of 30 odd words tried
	 * 210, each a typo-repairing lookup, and took up to ~100 ms. Past the bound a run is not looked up.
	 */
	maxModelLookups: 32,
	/** follow-up queries must fit a Discord custom_id (100 characters) with a prefix */
	maxActionQueryChars: 90,
} as const;
