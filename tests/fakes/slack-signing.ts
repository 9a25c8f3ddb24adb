/**
 * Sends requests to a Bolt HTTP receiver the way Slack does: `x-slack-request-timestamp` and
 * `x-slack-signature: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + rawBody))`
 * (slackapi/bolt-js `src/receivers/verify-request.ts`; ../shared/ADAPTERS.md §3.1). Slash commands and
 * interactivity are `application/x-www-form-urlencoded` (exactly that, no charset: Bolt compares with
 * `===`), events are JSON.
 */
import { createHmac } from "node:crypto";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

export function slackSignature(secret: string, timestamp: number | string, rawBody: string): string {
	return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface SignedOptions {
	/** seconds since the epoch (default now) */
	timestamp?: number;
	/** sign with this secret instead (a forgery) */
	secret?: string;
	/** send this signature header verbatim */
	signature?: string;
	/** extra headers, e.g. Slack's x-slack-retry-num / x-slack-retry-reason */
	headers?: Record<string, string>;
}

export interface SentRequest {
	status: number;
	body: string;
	elapsedMs: number;
}

export async function postSigned(url: string, rawBody: string, contentType: string, secret: string, options: SignedOptions = {}): Promise<SentRequest> {
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
	const signature = options.signature ?? slackSignature(options.secret ?? secret, timestamp, rawBody);
	const started = performance.now();
	const res = await fetch(url, {
		method: "POST",
		headers: {
			"content-type": contentType,
			"x-slack-request-timestamp": String(timestamp),
			"x-slack-signature": signature,
			...options.headers,
		},
		body: rawBody,
	});
	const body = await res.text();
	return { status: res.status, body, elapsedMs: performance.now() - started };
}

/** The form body of a slash command, with every field a real one carries. */
export function slashCommandBody(fields: { text: string; responseUrl: string; userId?: string; channelId?: string }): string {
	return new URLSearchParams({
		token: "verification-token-unused",
		team_id: "T1",
		team_domain: "canirun-test",
		channel_id: fields.channelId ?? "C1",
		channel_name: "general",
		user_id: fields.userId ?? "U1",
		user_name: "alice",
		command: "/canirun",
		text: fields.text,
		api_app_id: "A1",
		is_enterprise_install: "false",
		response_url: fields.responseUrl,
		trigger_id: "1.2.3",
	}).toString();
}

/** The form body (`payload=<json>`) of a button click on one of our answers. */
export function blockActionsBody(fields: { actionId: string; value: string; responseUrl: string; threadTs?: string }): string {
	const payload = {
		type: "block_actions",
		user: { id: "U2", username: "bob", name: "bob", team_id: "T1" },
		api_app_id: "A1",
		token: "verification-token-unused",
		container: { type: "message", message_ts: "1700000001.000100", channel_id: "C1", is_ephemeral: false },
		trigger_id: "1.2.4",
		team: { id: "T1", domain: "canirun-test" },
		enterprise: null,
		is_enterprise_install: false,
		channel: { id: "C1", name: "general" },
		message: {
			type: "message",
			user: "UBOT",
			ts: "1700000001.000100",
			text: "previous answer",
			...(fields.threadTs !== undefined && { thread_ts: fields.threadTs }),
		},
		response_url: fields.responseUrl,
		actions: [
			{
				type: "button",
				action_id: fields.actionId,
				block_id: "canirun_actions",
				text: { type: "plain_text", text: "Next quant", emoji: true },
				value: fields.value,
				action_ts: "1700000002.000300",
			},
		],
	};
	return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The JSON body of an `app_mention` event callback. */
export function appMentionBody(fields: { text: string; ts?: string; threadTs?: string; user?: string }): string {
	const ts = fields.ts ?? "1700000003.000400";
	return JSON.stringify({
		token: "verification-token-unused",
		team_id: "T1",
		api_app_id: "A1",
		type: "event_callback",
		event_id: `Ev${ts.replace(".", "")}`,
		event_time: 1_700_000_003,
		event: {
			type: "app_mention",
			user: fields.user ?? "U3",
			text: fields.text,
			ts,
			...(fields.threadTs !== undefined && { thread_ts: fields.threadTs }),
			channel: "C1",
			event_ts: ts,
		},
		authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
	});
}
