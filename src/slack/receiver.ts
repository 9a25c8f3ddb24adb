/**
 * Bolt's own HTTPReceiver (signature verification left on) behind our gate on the events endpoint:
 * 1. requests whose timestamp is more than five minutes from our clock, in either direction, get 401
 *    before the body is read (see request-age.ts for why Bolt's one-sided check is not enough);
 * 2. the body is read (at most SLACK_MAX_BODY_BYTES, else 413) and checked (request-gate.ts): a bad
 *    signature 401, a replay 409, a malformed body (repeated field, `payload` or JSON body not an
 *    object) 400, each with a log line; what passes is handed to Bolt already buffered (Bolt reads a
 *    request's `rawBody` when it is set) and Bolt verifies and dispatches it as before.
 * The adapter sets the server's timeouts when it starts (applyServerTimeouts) and ends idle and
 * stalled sockets at shutdown.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { HTTPReceiver } from "@slack/bolt";
import type { HTTPReceiverOptions } from "@slack/bolt";
import { checkRequestAge } from "./request-age.js";
import { ReplayGuard, SLACK_MAX_BODY_BYTES, checkSlackRequest } from "./request-gate.js";

/** Where Slack posts slash commands, interactivity and events (Bolt's default, kept explicit). */
export const SLACK_EVENTS_PATH = "/slack/events";

/**
 * Node's defaults let a slow or stalled client hold a socket for 60–300 s (requestTimeout 300 s,
 * headersTimeout 60 s). Slack sends a whole request at once and gives up on us after 3 s, so a
 * request not received within 10 s is not Slack's; keep-alive idles a little longer than a load
 * balancer's usual 60 s would need only behind one, so 5 s (Node's own default) is kept.
 */
export const SLACK_SERVER_TIMEOUTS = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 } as const;

/** Sets SLACK_SERVER_TIMEOUTS on the server Bolt started. */
export function applyServerTimeouts(server: Server): void {
	server.headersTimeout = SLACK_SERVER_TIMEOUTS.headersTimeoutMs;
	server.requestTimeout = SLACK_SERVER_TIMEOUTS.requestTimeoutMs;
	server.keepAliveTimeout = SLACK_SERVER_TIMEOUTS.keepAliveTimeoutMs;
}

export interface FreshHTTPReceiverOptions extends HTTPReceiverOptions {
	/** the clock, for tests */
	now?: () => number;
	/** told about every refused request (for the request log); never given the body or headers */
	onRefused?: (reason: string, status: number) => void;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
	// drain what is left of the body so keep-alive connections stay usable, then refuse
	req.resume();
	res.writeHead(status);
	res.end();
}

/** The body, or null when it is longer than `limit` (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let over = false;
		req.on("data", (chunk: Buffer) => {
			if (over) return;
			size += chunk.length;
			if (size > limit) {
				over = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on("end", () => resolve(over ? null : Buffer.concat(chunks)));
		req.on("error", reject);
		req.on("close", () => {
			if (!req.complete) reject(new Error("request closed before its body ended"));
		});
	});
}

export class FreshHTTPReceiver extends HTTPReceiver {
	private readonly replays = new ReplayGuard();

	constructor({ now = Date.now, onRefused, ...options }: FreshHTTPReceiverOptions) {
		super({ ...options, endpoints: options.endpoints ?? [SLACK_EVENTS_PATH], signatureVerification: true });
		const endpoints = new Set(Array.isArray(options.endpoints) ? options.endpoints : [options.endpoints ?? SLACK_EVENTS_PATH]);
		const secret = options.signingSecret;
		const inner = this.requestListener;
		this.requestListener = (req: IncomingMessage, res: ServerResponse): void => {
			const path = new URL(req.url ?? "/", "http://localhost").pathname;
			if (req.method !== "POST" || !endpoints.has(path)) {
				inner(req, res);
				return;
			}
			const verdict = checkRequestAge(req.headers["x-slack-request-timestamp"], now());
			if (verdict.ok === false) {
				onRefused?.(`timestamp ${verdict.reason}: outside ±5 min`, 401);
				refuse(req, res, 401);
				return;
			}
			readBody(req, SLACK_MAX_BODY_BYTES).then(
				(rawBody) => {
					if (rawBody === null) {
						onRefused?.("body too large", 413);
						refuse(req, res, 413);
						return;
					}
					const gate = checkSlackRequest(
						{
							rawBody,
							contentType: req.headers["content-type"],
							signature: req.headers["x-slack-signature"],
							timestamp: req.headers["x-slack-request-timestamp"],
						},
						typeof secret === "string" ? secret : "",
						this.replays,
						now(),
					);
					if (!gate.ok) {
						onRefused?.(gate.reason, gate.status);
						refuse(req, res, gate.status);
						return;
					}
					// Bolt's bufferIncomingMessage uses a request's rawBody when it is already a Buffer
					(req as IncomingMessage & { rawBody?: Buffer }).rawBody = gate.rawBody;
					inner(req, res);
				},
				() => {
					// the client went away mid-body: nothing to answer
					res.destroy();
				},
			);
		};
	}
}
