/**
 * Context lengths as people write them: "32k", "128K", "1m", "32768", "ctx=32768", "8k tokens".
 * K means 1024 tokens and M 1024² (llama.cpp's and Ollama's convention: "32k" is -c 32768).
 */

const K_OR_M = /^(\d+(?:\.\d+)?)([km])$/;
const PLAIN = /^\d+$/;

/** Words that say "this number is a context": "32k ctx", "context 8192", "8192 tokens". */
export const CONTEXT_WORDS: ReadonlySet<string> = new Set([
	"ctx",
	"context",
	"contexts",
	"tokens",
	"token",
	"window",
	"ctx-size",
	"n_ctx",
	"num_ctx",
	"context-length",
]);

/**
 * Parse a context value. With `bare` false (a free-standing word), only "32k"-style values count,
 * because a bare number in a sentence may be a GPU ("3090") or part of a model name; with `bare` true
 * (after "ctx=", "--ctx" or beside a context word), plain token counts count too.
 * Returns null when the word is not a context; the caller checks the bounds.
 */
export function parseContextWord(word: string, bare: boolean): number | null {
	// Both forms start with a digit once underscores are dropped: most words are rejected here without
	// the lowercase copy and two regexes (issue 8: the parser asks about every word, some twice).
	const c = word.charCodeAt(0);
	if (!((c >= 48 && c <= 57) || c === 95)) return null;
	const w = word.toLowerCase().replace(/_/g, "");
	const km = K_OR_M.exec(w);
	if (km) {
		const value = Number(km[1]);
		const unit = km[2] === "m" ? 1024 * 1024 : 1024;
		const tokens = Math.round(value * unit);
		return Number.isFinite(tokens) && tokens > 0 ? tokens : null;
	}
	if (bare && PLAIN.test(w)) {
		const tokens = Number(w);
		return Number.isSafeInteger(tokens) && tokens > 0 ? tokens : null;
	}
	return null;
}
