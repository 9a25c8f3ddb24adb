/**
 * Mention safety for everything we send to Slack. Answers can echo words a user typed ("no model
 * called …"), and a user can type `<!channel>`, `<!here>`, `<!everyone>` or `<@U123>`. Slack parses
 * `&`, `<` and `>` as control characters in mrkdwn and in a message's top-level `text`, so those three
 * (and only those three) are replaced by HTML entities ("Escaping text", api.slack.com/reference/
 * surfaces/formatting#escaping; the same rule as vercel/chat `packages/adapter-slack/src/format/index.ts`).
 * `verbatim: true` is not a protection: it "still includes manual parsing strings" (@slack/types
 * `MrkdwnElement.verbatim`), so we escape even then.
 */

const SLACK_CONTROL_CHARS = /[&<>]/g;
/** non-global twin of SLACK_CONTROL_CHARS for a stateless test */
const HAS_CONTROL_CHAR = /[&<>]/;
const SLACK_ENTITY = /&(amp|lt|gt);/g;
const ANGLE_BRACKETS = /[<>]/g;

const ENTITY_OF: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const CHAR_OF: Record<string, string> = { amp: "&", lt: "<", gt: ">" };
/** Single guillemets: visually close to < and >, and never parsed by Slack. */
const LOOKALIKE_OF: Record<string, string> = { "<": "\u2039", ">": "\u203A" };

/** Whether `text` has a character escapeSlackText changes (it comes back the same string when not). */
export function hasSlackControlChar(text: string): boolean {
	return HAS_CONTROL_CHAR.test(text);
}

/** Escapes `&`, `<`, `>` for any mrkdwn text object or a message's fallback `text`. */
export function escapeSlackText(text: string): string {
	// most text has none of the three: a test allocates nothing, a replace always builds a result
	if (!HAS_CONTROL_CHAR.test(text)) return text;
	return text.replace(SLACK_CONTROL_CHARS, (ch) => ENTITY_OF[ch] ?? ch);
}

/** Reverses {@link escapeSlackText}; used on button values, which we escape before sending. */
export function unescapeSlackText(text: string): string {
	return text.replace(SLACK_ENTITY, (_match, name: string) => CHAR_OF[name] ?? _match);
}

/**
 * Text for `plain_text` objects (header, button labels). Slack does not parse mentions there, and it
 * escapes plain_text itself (bolt-python issue #513 shows `Answer & 1` coming back as `&amp;`), so an
 * entity we add would show literally. Angle brackets are still swapped for look-alikes, so no
 * `<!channel>` ever appears in an outgoing body, whatever a client or a notification does with it.
 */
export function plainTextSafe(text: string): string {
	if (!text.includes("<") && !text.includes(">")) return text;
	return text.replace(ANGLE_BRACKETS, (ch) => LOOKALIKE_OF[ch] ?? ch);
}

/**
 * Escapes raw text for mrkdwn and cuts it to `max` characters *after* escaping, without ever cutting
 * an entity in half (a cut `&am` would render as garbage).
 */
export function escapeAndTruncate(raw: string, max: number): string {
	const escaped = escapeSlackText(raw);
	if (escaped.length <= max) return escaped;
	const ellipsis = "…";
	let out = "";
	for (const ch of raw) {
		const piece = escapeSlackText(ch);
		if (out.length + piece.length > max - ellipsis.length) break;
		out += piece;
	}
	return out + ellipsis;
}
