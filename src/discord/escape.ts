/**
 * Text safety for everything we send to Discord. Answer strings are plain text (src/answer/answer.ts)
 * and may echo what a user typed ("no model called …"), so every one is escaped before it lands in
 * markdown. Two layers:
 * 1. Markdown: a backslash before every character Discord's markdown gives meaning to (`\ * _ ~ `
 *    | [ ]`), and before line-start markers (headings, `-#` subtext, lists, block quotes). Discord
 *    renders a backslash-escaped punctuation character as itself, so `q4_k_m` still shows as typed,
 *    `**x**` is not bold, and `[free gpu](https://…)` cannot become a disguised link. We do not use
 *    discord.js `escapeMarkdown`: it is super-linear (measured 320 ms for 5,000 characters, 11 ms for
 *    1,000), which hostile text could turn into a slow answer; this is one linear pass.
 * 2. Mentions: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>` get a zero-width space after the
 *    `@` so Discord never parses them. The client also sends `allowed_mentions: { parse: [] }` on every
 *    message (ADAPTERS.md §2.6); this is the second line of defence should that ever be lost, and it
 *    also keeps a mention from *rendering* as a highlighted ping.
 */

const ZERO_WIDTH_SPACE = "\u200b";
/** `@everyone` / `@here`, case-insensitive (Discord matches them case-sensitively; we are stricter). */
const MASS_MENTION = /@(everyone|here)/gi;
/** user, nickname, role and slash-command-style mentions: `<@123>`, `<@!123>`, `<@&123>` */
const ANGLE_MENTION = /<@/g;
/**
 * line-start markers: heading ("# "), subtext ("-# "), bulleted list ("- ", "+ "), block quote
 * ("> ", ">>> "). Only when followed by what makes them markup, so "-5 %" or "1.0 GiB" stay clean.
 */
const LINE_START_MARKER = /^([ \t]*)([#>+-])(?=[\s#>])/gm;
/** numbered list: "1. item" */
const NUMBERED_LIST = /^([ \t]*\d+)\.(?=\s)/gm;
/*
 * inline markdown (escapes, bold/italic, underline, strikethrough, code, spoilers, masked links),
 * and non-global twins of the two patterns above, used as a test before each replace. Almost every
 * answer string ("Llama-3.1-8B", "21.3 GiB") matches none of them, and a test allocates nothing,
 * where a replace always builds a result; non-global so they carry no lastIndex state between calls.
 */
const HAS_INLINE_MARKDOWN = /[\\*_~`|[\]]/;
const HAS_LINE_START_MARKER = /^[ \t]*[#>+-][\s#>]/m;
const HAS_NUMBERED_LIST = /^[ \t]*\d+\.\s/m;
/** a line terminator of a multiline regex's `^`: where the line-start patterns could match again */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Whether the line-start patterns could match: false only when they surely cannot. A single line (no
 * line terminator) can only match at its start, which is checked by hand; a character that may be
 * whitespace for `\s` (≤ U+0020 or ≥ U+00A0) counts as whitespace here, so this never says no wrongly.
 */
function mayHaveLineStartMarkup(text: string): boolean {
	return LINE_BREAK.test(text) || mayStartWithMarkup(text);
}

/** The first line's part of {@link mayHaveLineStartMarkup}: whether a marker could begin the text. */
function mayStartWithMarkup(text: string): boolean {
	let i = 0;
	let c = text.charCodeAt(0);
	while (c === 0x20 || c === 0x09) c = text.charCodeAt(++i);
	if (c >= 0x30 && c <= 0x39) {
		// "1. item": digits, a dot, whitespace
		while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
		if (c !== 0x2e) return false;
	} else if (c !== 0x23 && c !== 0x3e && c !== 0x2b && c !== 0x2d) {
		// not one of # > + -
		return false;
	}
	const next = text.charCodeAt(i + 1);
	// NaN (the end of the text) is not whitespace; "#", ">" also continue a marker ("##", ">>>")
	return next <= 0x20 || next >= 0xa0 || (c !== 0x2e && (next === 0x23 || next === 0x3e));
}
/**
 * Any character that could give escapeDiscordText work: inline markdown, a line terminator (where a
 * line-start marker could follow) or an "@" (mentions). Without one, and with no marker at the very
 * start, the text comes back unchanged: one scan instead of three (two tests and an includes).
 */
const MAY_NEED_ESCAPE = /[\\*_~`|[\]@\n\r\u2028\u2029]/;
/** three backticks would close our code block early */
const TRIPLE_BACKTICK = /`{3,}/g;
/** a trailing lone backslash left by truncating an escape sequence would escape our "…" */
const TRAILING_BACKSLASH = /\\+$/;

/** Neutralises mentions without touching markdown (for text inside code blocks, or plain labels). */
export function neutraliseMentions(text: string): string {
	// both patterns need an "@": most answer strings have none, so skip the two regex passes
	if (!text.includes("@")) return text;
	return text.replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`).replace(ANGLE_MENTION, `<@${ZERO_WIDTH_SPACE}`);
}

/** Escapes plain text for any Discord markdown surface (embed description, field, title, content). */
export function escapeDiscordText(text: string): string {
	if (!MAY_NEED_ESCAPE.test(text) && !mayStartWithMarkup(text)) return text;
	// each pass runs only when its pattern can occur: most strings that get here have only a "_"
	// (quantization names) or an "@"; escaping inline markdown adds backslashes only, which neither
	// make nor unmake a line-start marker, so that check is asked of the original text
	let escaped = HAS_INLINE_MARKDOWN.test(text) ? escapeInlineMarkdown(text) : text;
	if (mayHaveLineStartMarkup(text)) {
		if (HAS_LINE_START_MARKER.test(escaped)) escaped = escaped.replace(LINE_START_MARKER, "$1\\$2");
		if (HAS_NUMBERED_LIST.test(escaped)) escaped = escaped.replace(NUMBERED_LIST, "$1\\.");
	}
	// escaping only adds backslashes: without an "@" in the text there is none in the escaped string,
	// and neutraliseMentions would return it as it is (asked of the text, not of the new string)
	return text.includes("@") ? neutraliseMentions(escaped) : escaped;
}

/**
 * A backslash before each inline markdown character (`\ * _ ~ \` | [ ]`): what
 * `text.replace(/[\\*_~`|[\]]/g, "\\$&")` returns, as one pass that copies the runs between them
 * (a regex replace with a "$&" pattern goes through the runtime's substitution path, ~2x slower).
 */
function escapeInlineMarkdown(text: string): string {
	let out = "";
	let from = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		// \ * _ ~ ` | [ ]
		if (c === 0x5c || c === 0x2a || c === 0x5f || c === 0x7e || c === 0x60 || c === 0x7c || c === 0x5b || c === 0x5d) {
			out += `${text.slice(from, i)}\\`;
			from = i;
		}
	}
	return out + text.slice(from);
}

/** a character without which codeBlockSafe() returns the text unchanged: a backtick or an "@" */
const CODE_BLOCK_UNSAFE = /[`@]/;

/** Whether codeBlockSafe() could change `text` (false: it surely returns it as it is). */
export function mayNeedCodeBlockSafety(text: string): boolean {
	return CODE_BLOCK_UNSAFE.test(text);
}

/**
 * Plain text made safe to sit inside a ``` code block: markdown does not render there (so no
 * backslashes, which would show), but a run of backticks would end the block, and we still keep
 * mention syntax out of every outgoing string.
 */
export function codeBlockSafe(text: string): string {
	// a run of three needs "``" somewhere: skip the replace (and its result string) without one
	const safe = text.includes("``") ? text.replace(TRIPLE_BACKTICK, (run) => "\u02cb".repeat(run.length)) : text;
	return neutraliseMentions(safe);
}

/** Cuts text to `max` characters, ending with "…" when it had to cut. */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 1) return "…".slice(0, max);
	return `${text.slice(0, max - 1).replace(TRAILING_BACKSLASH, "")}…`;
}
