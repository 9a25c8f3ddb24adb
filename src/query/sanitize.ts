/**
 * Input hygiene. User text is cleaned before anything reads it (control and invisible characters
 * removed, Unicode folded with NFKC so full-width digits and "×" behave), and any word we echo back
 * is reduced to a short, plain token that cannot ping a channel or break a renderer.
 */
import { QUERY_LIMITS } from "./limits.js";

// ANSI escape sequences (colours, cursor moves) are removed whole, so "\x1b[31m" leaves no "[31m" behind.
const ANSI_ESCAPE = /\u001B(?:\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])/g;
// C0/C1 controls, zero-width and bidi-override characters: invisible, and used to spoof or break output.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const WHITESPACE = /[\s\u0009\u000A]+/g;
// Characters an echoed word may keep: letters, digits and the punctuation that appears in model,
// quant and device names. Everything else (<, >, @, !, #, backticks, *) is dropped, so "<!channel>"
// and "@everyone" can never be rendered as mentions or markup.
const ECHO_UNSAFE = /[^\p{L}\p{N}._:+\-/= ]/gu;
/** runs of spaces left where unsafe characters were dropped */
const SPACE_RUN = / {2,}/g;

/**
 * Printable ASCII and nothing else: NFKC leaves it as is and it holds no escape, invisible or "×"
 * character, so of the whole cleaning only the space collapsing can change it.
 */
function isPrintableAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || c > 0x7e) return false;
	}
	return true;
}

/** Clean a whole query: NFKC, "×" → "x", invisible characters gone, whitespace collapsed. */
export function sanitizeInput(text: string): string {
	// Fast path (issue 8): almost every query is plain ASCII, and the parser cleans the whole text and
	// then each word again; six regex passes and an NFKC normalization would allocate for nothing.
	if (isPrintableAscii(text)) {
		if (!text.includes("  ") && text.charCodeAt(0) !== 0x20 && text.charCodeAt(text.length - 1) !== 0x20) return text;
		return text.replace(WHITESPACE, " ").trim();
	}
	return text.replace(ANSI_ESCAPE, " ").normalize("NFKC").replace(/[×✕]/g, "x").replace(INVISIBLE, " ").replace(WHITESPACE, " ").trim();
}

/**
 * Only characters echoWord keeps, all ASCII (letters, digits, . _ : + - / =), and no space: NFKC and
 * every pass below leave such a word as it is. Most echoed words are names as typed ("qwen3", "2x4090").
 */
function isPlainEchoWord(word: string): boolean {
	for (let i = 0; i < word.length; i++) {
		const c = word.charCodeAt(i);
		// a-z, A-Z, 0-9 and ":" (58), then . _ + - / =
		if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58)) continue;
		if (c !== 46 && c !== 95 && c !== 43 && c !== 45 && c !== 47 && c !== 61) return false;
	}
	return true;
}

/** A word safe to echo: only name-like characters, at most QUERY_LIMITS.maxEchoWordChars long. */
export function echoWord(word: string): string {
	// Fast path: a plain name is echoed as it is, without NFKC and four regex passes (every answer echoes
	// the words typed for its model and hardware, src/query/resolution.ts)
	if (word.length <= QUERY_LIMITS.maxEchoWordChars && isPlainEchoWord(word)) return word;
	// spaces are kept ("gemma 4 27b", not "gemma427b", issue 16): a space cannot ping or mark up
	const safe = word.normalize("NFKC").replace(WHITESPACE, " ").replace(ECHO_UNSAFE, "").replace(SPACE_RUN, " ").trim();
	if (safe.length <= QUERY_LIMITS.maxEchoWordChars) return safe;
	return `${safe.slice(0, QUERY_LIMITS.maxEchoWordChars - 1)}…`;
}
