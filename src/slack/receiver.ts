/**
 * Bolt's own HTTPReceiver (signature verification left on) behind one extra gate: requests to the
 * events endpoint whose timestamp is more than five minutes from our clock, in either direction, get
 * 401 before Bolt reads them (see request-age.ts for why Bolt's one-sided check is not enough).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPReceiver } from "@slack/bolt";
import type { HTTPReceiverOptions } from "@slack/bolt";
import { checkRequestAge } from "./request-age.js";

/** Where Slack posts slash commands, interactivity and events (Bolt's default, kept explicit). */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface FreshHTTPReceiverOptions extends HTTPReceiverOptions {
	/** the clock, for tests */
	now?: () => number;
	/** told about every refused request (for the request log); never given the body or headers */
	onRefused?: (reason: string) => void;
}

export class FreshHTTPReceiver extends HTTPReceiver {
	constructor({ now = Date.now, onRefused, ...options }: FreshHTTPReceiverOptions) {
		super({ ...options, endpoints: options.endpoints ?? [SLACK_EVENTS_PATH], signatureVerification: true });
		const endpoints = new Set(
			Array.isArray(options.endpoints) ? options.endpoints : [options.endpoints ?? SLACK_EVENTS_PATH],
		);
		const inner = this.requestListener;
		this.requestListener = (req: IncomingMessage, res: ServerResponse): void => {
			const path = new URL(req.url ?? "/", "http://localhost").pathname;
			if (req.method === "POST" && endpoints.has(path)) {
				const verdict = checkRequestAge(req.headers["x-slack-request-timestamp"], now());
				if (verdict.ok === false) {
					onRefused?.(verdict.reason);
					// drain the body so keep-alive connections stay usable, then refuse
					req.resume();
					res.writeHead(401);
					res.end();
					return;
				}
			}
			inner(req, res);
		};
	}
}
