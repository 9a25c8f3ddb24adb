/**
 * What a request to the Slack events endpoint must pass before Bolt sees it (issue 18), checked on
 * the raw bytes:
 * - a signature that verifies (Slack's v0 HMAC-SHA256 over "v0:" + timestamp + ":" + body), so the
 *   checks below only ever remember real Slack requests,
 * - not seen before: a signed request is unique (its signature covers its timestamp and body), and
 *   one seen within the replay window is refused (Bolt accepted and answered the same request 20
 *   times within its 5-minute window),
 * - a body Bolt can read: a form without repeated fields (`text=` twice was acked and silently
 *   dropped), a `payload` field or a JSON body that is an object (`payload=null` made Bolt read
 *   `null.ssl_check` and never answer, leaving the socket open).
 * Bolt then verifies the signature again (it is cheap) and does the rest as before.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { SLACK_MAX_REQUEST_SKEW_SECONDS } from "./request-age.js";

/** Slack's own payloads are a few KB (a block_actions payload carries the message: tens of KB at most). */
export const SLACK_MAX_BODY_BYTES = 256 * 1024;

export type GateVerdict = { ok: true; rawBody: Buffer } | { ok: false; status: 400 | 401 | 409 | 413; reason: string };

const FORM = "application/x-www-form-urlencoded";

/** v0=<64 hex> */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? undefined : value;
}

export function signatureMatches(secret: string, timestamp: string, rawBody: Buffer, signature: string): boolean {
	if (!SIGNATURE.test(signature)) return false;
	const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(rawBody).digest();
	return timingSafeEqual(expected, Buffer.from(signature.slice(3), "hex"));
}

/**
 * Signatures seen within the replay window, bounded: entries expire when their timestamp leaves the
 * window (|now − ts| ≤ 5 min, so at most 10 minutes after it was sent), and past `maxEntries` the
 * oldest is forgotten first. 100,000 entries of a 67-character key and a number are about 15 MB, the
 * most one process holds: ~170 requests a second for the whole ten minutes, more than 2 cores answer.
 */
export class ReplayGuard {
	private readonly seen = new Map<string, number>();
	constructor(
		private readonly maxEntries = 100_000,
		private readonly windowSeconds = SLACK_MAX_REQUEST_SKEW_SECONDS,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/** True the first time a signature is offered within its window, false for a replay. */
	firstSight(signature: string, timestampSeconds: number, nowMs: number): boolean {
		const now = nowMs / 1000;
		// Map keeps insertion order, which is arrival order: expired entries are at the front
		for (const [key, expires] of this.seen) {
			if (expires > now && this.seen.size < this.maxEntries) break;
			this.seen.delete(key);
		}
		if (this.seen.has(signature)) return false;
		this.seen.set(signature, timestampSeconds + this.windowSeconds);
		return true;
	}
}

/** Reads a form body strictly: a field given twice is an error (URLSearchParams would keep both). */
function formFields(text: string): { ok: true; fields: Map<string, string> } | { ok: false; duplicate: string } {
	const fields = new Map<string, string>();
	for (const [key, value] of new URLSearchParams(text)) {
		if (fields.has(key)) return { ok: false, duplicate: key };
		fields.set(key, value);
	}
	return { ok: true, fields };
}

function isObject(value: unknown): boolean {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsesToObject(text: string): boolean {
	try {
		return isObject(JSON.parse(text));
	} catch {
		return false;
	}
}

/** Checks one buffered request. `timestamp` has already passed the ±5 min age check. */
export function checkSlackRequest(
	input: { rawBody: Buffer; contentType: string | undefined; signature: string | string[] | undefined; timestamp: string | string[] | undefined },
	secret: string,
	replays: ReplayGuard,
	nowMs: number,
): GateVerdict {
	const { rawBody, contentType } = input;
	const text = rawBody.toString("utf8");
	const form = contentType === FORM ? formFields(text) : null;
	// Slack's unsigned SSL check: Bolt answers it (and strips anything else from the body)
	if (form?.ok === true && form.fields.get("ssl_check") === "1") return { ok: true, rawBody };
	const signature = header(input.signature);
	const timestamp = header(input.timestamp);
	if (signature === undefined || timestamp === undefined || !signatureMatches(secret, timestamp, rawBody, signature)) {
		return { ok: false, status: 401, reason: "bad signature" };
	}
	if (!replays.firstSight(signature, Number(timestamp), nowMs)) return { ok: false, status: 409, reason: "replay" };
	if (form !== null) {
		if (!form.ok) return { ok: false, status: 400, reason: `field "${form.duplicate.slice(0, 40)}" given twice` };
		const payload = form.fields.get("payload");
		if (payload !== undefined && !parsesToObject(payload)) return { ok: false, status: 400, reason: "payload is not a JSON object" };
		return { ok: true, rawBody };
	}
	if (!parsesToObject(text)) return { ok: false, status: 400, reason: "body is not a JSON object" };
	return { ok: true, rawBody };
}
