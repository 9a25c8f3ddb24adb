/**
 * Block Kit limits for one message. Exceeding any of them makes Slack reject the whole message with
 * `invalid_blocks`, so the renderer truncates to these. Sources: Slack's Block Kit reference as
 * collected in vercel/chat `packages/adapter-slack/src/blocks/limits.ts` and ../shared/ADAPTERS.md §3.4.
 */
export const SLACK_LIMITS = {
	/** blocks per message ("up to 50 blocks in each message") */
	blocks: 50,
	/** section `text` (and any mrkdwn text object) */
	sectionText: 3000,
	/** header `text` (plain_text) */
	header: 150,
	/** section `fields` count */
	fields: 10,
	/** each section field */
	fieldText: 2000,
	/** button label (plain_text) */
	buttonText: 75,
	/** button `value` */
	buttonValue: 2000,
	/** action_id and block_id */
	actionId: 255,
	/** elements in one actions block */
	actionsElements: 25,
	/** elements in one context block */
	contextElements: 10,
} as const;

/**
 * A practical cap on the serialised blocks. Slack has answered `msg_blocks_too_long` to messages of
 * about 13,000 characters that were under every documented limit (slackapi/bolt-js issue #2509), so
 * we stay below that with a margin and drop the lowest-priority blocks first.
 */
export const SLACK_PRACTICAL_BLOCKS_CHARS = 11_000;

/** Fallback `text` (notifications, screen readers); Slack's own cap is 40,000, we keep it short. */
export const SLACK_FALLBACK_TEXT_CHARS = 1000;

const ELLIPSIS = "…";

/**
 * Cuts `text` to at most `max` UTF-16 units (what `.length` counts, never less than Slack's character
 * count), ending with "…" when it was cut, and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	// One slice instead of a loop over code points that appended them one by one: the longest
	// whole-code-point prefix of at most max − 1 units is max − 1 units, one fewer when that would
	// split a surrogate pair (a lone surrogate is a code point of its own and may end the prefix).
	let end = max - ELLIPSIS.length;
	if (end <= 0) return ELLIPSIS;
	if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end--;
	return text.slice(0, end) + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}
