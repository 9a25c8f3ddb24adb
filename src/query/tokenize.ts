/**
 * Splitting a query into words. The same splitter serves a chat message, a `--batch` line and the
 * terminal: quotes group words ("--hardware 'm3 max 128gb'"), commas and sentence punctuation
 * separate them, and punctuation that belongs to names ("llama3.1:8b", "llama.cpp", "+64gb") stays.
 */

// Trailing sentence punctuation, stripped from the end of a word ("32b?" → "32b", "70b." → "70b").
const TRAILING = /[?!.,;:)\]}"'“”’]+$/;
const LEADING = /^[([{"'“‘]+/;
/** Characters TRAILING and LEADING strip: a word that neither starts nor ends with one is already clean. */
const TRAILING_CHARS = new Set([..."?!.,;:)]}\"'“”’"]);
const LEADING_CHARS = new Set([..."([{\"'“‘"]);
/** What splitArgs separates words on outside quotes (the same characters its scan tests). */
const SEPARATOR_RUN = /[\s,;]+/;

/** Split like a shell would (single and double quotes group), then on commas and semicolons. */
export function splitArgs(line: string): string[] {
	// Without quotes the shell-like scan below is a plain split on separators (issue 8: no string built
	// character by character). A printable ASCII line (most) is cut at its spaces, commas and
	// semicolons in one pass, the only separators it can hold; any other line by the regex.
	const out: string[] = [];
	let from = 0;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c === 32 || c === 44 || c === 59) {
			if (i > from) out.push(line.slice(from, i));
			from = i + 1;
		} else if (c === 34 || c === 39) return splitQuoted(line);
		else if (c < 0x20 || c > 0x7e) return line.includes('"') || line.includes("'") ? splitQuoted(line) : splitOnSeparators(line);
	}
	if (line.length > from) out.push(line.slice(from));
	return out;
}

function splitOnSeparators(line: string): string[] {
	const words = line.split(SEPARATOR_RUN);
	// only a separator at either end leaves an empty word
	return (words[0] ?? "") === "" || (words[words.length - 1] ?? "") === "" ? words.filter((w) => w.length > 0) : words;
}

/** The shell-like scan: quotes group words, an apostrophe inside a word is kept. */
function splitQuoted(line: string): string[] {
	const out: string[] = [];
	let current = "";
	let quote: string | null = null;
	let hasToken = false;
	for (const ch of line) {
		if (quote !== null) {
			if (ch === quote) quote = null;
			else current += ch;
			continue;
		}
		if (ch === '"' || ch === "'") {
			// An apostrophe inside a word ("what's", "i'm") is not a quote.
			if (ch === "'" && current.length > 0) {
				current += ch;
				continue;
			}
			quote = ch;
			hasToken = true;
			continue;
		}
		if (/\s/.test(ch) || ch === "," || ch === ";") {
			if (hasToken || current.length > 0) out.push(current);
			current = "";
			hasToken = false;
			continue;
		}
		current += ch;
		hasToken = true;
	}
	if (hasToken || current.length > 0) out.push(current);
	return out.filter((w) => w.length > 0);
}

/** A word without sentence punctuation around it, case kept ("32B?" → "32B"): how names are shown back. */
export function stripPunctuation(word: string): string {
	// Keep a trailing dot in "llama.cpp"-like words only when it is inside; strip the end.
	// Most words have no punctuation at either end: skip both regex passes (issue 8).
	if (word.length === 0 || (!LEADING_CHARS.has(word.charAt(0)) && !TRAILING_CHARS.has(word.charAt(word.length - 1)))) return word;
	return word.replace(LEADING, "").replace(TRAILING, "");
}

/** A word as the matchers see it: lowercase, without sentence punctuation around it. */
export function normalizeWord(word: string): string {
	return stripPunctuation(word.toLowerCase());
}
