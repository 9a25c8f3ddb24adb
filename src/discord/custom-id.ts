/**
 * Buttons carry the whole follow-up request in their `custom_id`, so nothing is stored between the
 * answer and the click (any shard, any restart can serve it). A `custom_id` is at most 100 characters
 * (components reference); the Answer contract keeps action queries ≤ 90 (src/answer/answer.ts), and a
 * query that still does not fit gets no button rather than a broken one.
 */
import { DISCORD_LIMITS } from "./limits.js";

/** "canirun query": the prefix says how to read the rest, and leaves room for other kinds later. */
export const QUERY_BUTTON_PREFIX = "crq:";

/** The custom_id for a button that re-runs `query`, or null when it cannot fit. */
export function encodeQueryButton(query: string): string | null {
	const id = `${QUERY_BUTTON_PREFIX}${query}`;
	return query.trim().length > 0 && id.length <= DISCORD_LIMITS.customId ? id : null;
}

/** "canirun details": re-run the query and show the full breakdown privately to whoever clicked (issue 16). */
export const DETAILS_BUTTON_PREFIX = "crd:";

/** The custom_id of a Details button for `query`, or null when it cannot fit. */
export function encodeDetailsButton(query: string): string | null {
	const id = `${DETAILS_BUTTON_PREFIX}${query}`;
	return query.trim().length > 0 && id.length <= DISCORD_LIMITS.customId ? id : null;
}

/** The query of a Details button, or null when the custom_id is not a Details button. */
export function decodeDetailsButton(customId: string): string | null {
	if (!customId.startsWith(DETAILS_BUTTON_PREFIX)) return null;
	const query = customId.slice(DETAILS_BUTTON_PREFIX.length).trim();
	return query.length > 0 ? query : null;
}

/** The query a button click asks to re-run, or null when the custom_id is not one of ours. */
export function decodeQueryButton(customId: string): string | null {
	if (!customId.startsWith(QUERY_BUTTON_PREFIX)) return null;
	const query = customId.slice(QUERY_BUTTON_PREFIX.length).trim();
	return query.length > 0 ? query : null;
}
