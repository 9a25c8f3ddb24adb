/**
 * `JSON.stringify(value).length` without building the string. The Slack renderer checks every
 * message against a size cap measured in serialised characters (SLACK_PRACTICAL_BLOCKS_CHARS); building
 * a 4,000-character JSON string per block only to read its length was the renderer's largest cost,
 * and garbage is expensive under the bot's small young generation.
 *
 * Covers what Block Kit blocks are made of: plain objects, arrays, strings, finite numbers, booleans,
 * null, and `undefined` properties (skipped, as JSON.stringify skips them). Tests compare it with
 * JSON.stringify on every block the renderer builds.
 */

/** characters JSON.stringify escapes: quote, backslash, control characters, and surrogates (lone ones) */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** the same, without the newline: section texts are full of newlines and rarely have anything else */
const NEEDS_ESCAPE_BUT_NEWLINE = /["\\\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;

/**
 * Whether `text` serialises as itself between two quotes: nothing to escape and no surrogate (a pair
 * split across two concatenated pieces would be counted as two lone ones, so pieces with any surrogate
 * are measured whole). Renderers test the short pieces they build a text from, which are flat already,
 * and add up lengths, instead of flattening and rescanning the long concatenation.
 */
export function isJsonPlain(text: string): boolean {
	return !NEEDS_ESCAPE.test(text);
}

/** Serialised length of a string, quotes included (ECMA-262 QuoteJSONString, well-formed since ES2019). */
export function jsonStringLength(text: string): number {
	if (!NEEDS_ESCAPE.test(text)) return text.length + 2;
	// newlines become "\n" (one extra character each); count them with the native indexOf
	let newlines = 0;
	for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) newlines++;
	if (!NEEDS_ESCAPE_BUT_NEWLINE.test(text)) return text.length + 2 + newlines;
	let extra = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x22 || c === 0x5c) extra += 1;
		else if (c < 0x20) {
			// \b \t \n \f \r have two-character escapes, the rest are \u00XX
			extra += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 1 : 5;
		} else if (c >= 0xd800 && c <= 0xdbff) {
			const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
			if (next >= 0xdc00 && next <= 0xdfff) i++;
			else extra += 5;
		} else if (c >= 0xdc00 && c <= 0xdfff) extra += 5;
	}
	return text.length + 2 + extra;
}

/** Serialised length of a JSON-shaped value; `undefined` only as a property value (then skipped). */
export function jsonLength(value: unknown): number {
	if (typeof value === "string") return jsonStringLength(value);
	if (typeof value === "number") return Number.isFinite(value) ? String(value).length : 4;
	if (typeof value === "boolean") return value ? 4 : 5;
	if (value === null) return 4;
	if (Array.isArray(value)) {
		// "[" + items joined by "," + "]"; an undefined item would serialise as null
		let total = 2 + Math.max(0, value.length - 1);
		for (const item of value as unknown[]) total += item === undefined ? 4 : jsonLength(item);
		return total;
	}
	let total = 2;
	let members = 0;
	for (const key in value as Record<string, unknown>) {
		if (!Object.hasOwn(value as object, key)) continue;
		const member = (value as Record<string, unknown>)[key];
		if (member === undefined) continue;
		// "key":value, with a comma before every member but the first
		total += jsonStringLength(key) + 1 + jsonLength(member);
		members++;
	}
	return total + Math.max(0, members - 1);
}
