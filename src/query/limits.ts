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
	/** follow-up queries must fit a Discord custom_id (100 characters) with a prefix */
	maxActionQueryChars: 90,
} as const;
