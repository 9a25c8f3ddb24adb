/**
 * Two-sided freshness check on Slack's `x-slack-request-timestamp`. Bolt 5.1 refuses requests older
 * than five minutes but accepts any timestamp in the future (checked; `verifySlackRequest` in
 * slackapi/bolt-js `src/receivers/verify-request.ts` only tests `ts < now − 300`), so a signed
 * request captured now could be replayed for as long as its timestamp lies ahead. Slack's own advice
 * is to refuse a timestamp "more than five minutes from local time" (api.slack.com/authentication/
 * verifying-requests-from-slack), i.e. |now − ts| > 300 s, as vercel/chat's `webhook/verify.ts` does.
 */

/** Slack's replay window: five minutes either side of our clock. */
export const SLACK_MAX_REQUEST_SKEW_SECONDS = 300;

const DIGITS = /^\d{1,12}$/;

export type RequestAgeVerdict =
	| { ok: true }
	/** `missing`: no header (Bolt decides: only unsigned `ssl_check` survives its own check) */
	| { ok: false; reason: "malformed" | "stale" | "future" };

/** Checks a raw timestamp header against `nowMs`; a missing header is left to Bolt's verification. */
export function checkRequestAge(
	header: string | string[] | undefined,
	nowMs: number,
	maxSkewSeconds: number = SLACK_MAX_REQUEST_SKEW_SECONDS,
): RequestAgeVerdict | { ok: "missing" } {
	if (header === undefined) return { ok: "missing" };
	const raw = Array.isArray(header) ? header[0] : header;
	if (raw === undefined || !DIGITS.test(raw.trim())) return { ok: false, reason: "malformed" };
	const skew = Math.floor(nowMs / 1000) - Number(raw.trim());
	if (skew > maxSkewSeconds) return { ok: false, reason: "stale" };
	if (skew < -maxSkewSeconds) return { ok: false, reason: "future" };
	return { ok: true };
}
