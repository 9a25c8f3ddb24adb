/**
 * A fake of Slack's side of the conversation, on 127.0.0.1 (port 0): the Web API methods the adapter
 * calls (`auth.test`, `chat.postMessage`, `chat.postEphemeral`, `apps.connections.open`) under
 * `/api/`, and response_url endpoints under `/respond/<id>` (what `respond()` POSTs to). Every request
 * is recorded with its raw body, so tests can assert on exactly what left the app
 * (../shared/ADAPTERS.md §3.2: form-encoded Web API calls with `Authorization: Bearer`, JSON to
 * response_url with no auth header).
 */
import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	raw: string;
	/** the body as received (binary uploads) */
	bytes: Buffer;
	/** form fields (Web API calls) or the parsed JSON body (response_url) */
	body: Record<string, unknown>;
}

export interface FakeSlackApiOptions {
	/** what apps.connections.open hands out (a fake Socket Mode server's URL) */
	socketUrl?: () => string;
	/** make auth.test fail with this Slack error code */
	authError?: string;
	botUserId?: string;
	teamId?: string;
	/** the bot token lacks files:write: the upload flow answers missing_scope */
	noFilesWrite?: boolean;
}

export interface FakeSlackApi {
	/** base for SLACK_API_URL, ending in /api/ */
	apiUrl: string;
	/** a fresh response_url */
	responseUrl(id?: string): string;
	requests: RecordedRequest[];
	/** file bytes received by the upload step, by file id */
	uploads: Map<string, Buffer>;
	/** resolves with the first recorded (or future) request matching `predicate` */
	waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
	close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
	if (contentType?.startsWith("application/json")) {
		try {
			const parsed: unknown = JSON.parse(raw);
			return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	}
	const form: Record<string, unknown> = {};
	for (const [key, value] of new URLSearchParams(raw)) form[key] = value;
	return form;
}

/** The body of the first part of a multipart/form-data body (the uploaded file). */
function firstFilePart(raw: Buffer, boundary: string): Buffer | null {
	const delimiter = Buffer.from(`--${boundary}`);
	const at = raw.indexOf(delimiter);
	if (at === -1) return null;
	const next = raw.indexOf(delimiter, at + delimiter.length);
	if (next === -1) return null;
	const part = raw.subarray(at + delimiter.length + 2, next - 2);
	const split = part.indexOf("\r\n\r\n");
	return split === -1 ? null : Buffer.from(part.subarray(split + 4));
}

export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
	const botUserId = options.botUserId ?? "UBOT";
	const teamId = options.teamId ?? "T1";
	const requests: RecordedRequest[] = [];
	const uploads = new Map<string, Buffer>();
	const waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
	let messageTs = 1_700_000_000;
	let fileNumber = 0;
	let port = 0;

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			const bytes = Buffer.concat(chunks);
			const raw = bytes.toString("utf8");
			const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
			const record: RecordedRequest = {
				method: req.method ?? "",
				path,
				headers: req.headers,
				raw,
				body: parseBody(raw, req.headers["content-type"]),
				bytes,
			};
			requests.push(record);
			for (const w of [...waiters]) {
				if (w.predicate(record)) {
					waiters.splice(waiters.indexOf(w), 1);
					w.resolve(record);
				}
			}
			const json = (status: number, payload: unknown): void => {
				res.writeHead(status, { "content-type": "application/json" });
				res.end(JSON.stringify(payload));
			};
			if (path.startsWith("/upload/")) {
				// the external upload step: the bytes to the URL files.getUploadURLExternal handed out, as
				// @slack/web-api sends them (multipart/form-data with the file as one part) or raw
				const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(req.headers["content-type"] ?? "")?.[2];
				uploads.set(path.slice("/upload/".length), boundary !== undefined ? (firstFilePart(bytes, boundary) ?? bytes) : bytes);
				res.writeHead(200, { "content-type": "text/plain" });
				res.end(`OK - ${bytes.length}`);
				return;
			}
			if (path.startsWith("/respond/")) {
				res.writeHead(200, { "content-type": "text/plain" });
				res.end("ok");
				return;
			}
			const bearer = req.headers.authorization ?? "";
			if (!bearer.startsWith("Bearer ")) return json(200, { ok: false, error: "not_authed" });
			switch (path) {
				case "/api/auth.test":
					if (options.authError) return json(200, { ok: false, error: options.authError });
					return json(200, {
						ok: true,
						url: "https://canirun-test.slack.com/",
						team: "canirun test",
						user: "canirun",
						team_id: teamId,
						user_id: botUserId,
						bot_id: "B1",
						is_enterprise_install: false,
					});
				case "/api/chat.postMessage":
					messageTs += 1;
					return json(200, {
						ok: true,
						channel: record.body.channel,
						ts: `${messageTs}.000100`,
						message: { type: "message", text: record.body.text, ts: `${messageTs}.000100` },
					});
				case "/api/chat.postEphemeral":
					return json(200, { ok: true, message_ts: `${messageTs}.000200` });
				case "/api/files.getUploadURLExternal": {
					if (options.noFilesWrite) return json(200, { ok: false, error: "missing_scope", needed: "files:write", provided: "commands,chat:write" });
					fileNumber += 1;
					const id = `F${String(fileNumber).padStart(6, "0")}`;
					return json(200, { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id });
				}
				case "/api/files.completeUploadExternal": {
					if (options.noFilesWrite) return json(200, { ok: false, error: "missing_scope" });
					let files: { id: string; title?: string }[] = [];
					try {
						files = JSON.parse(String(record.body.files ?? "[]")) as { id: string; title?: string }[];
					} catch {
						return json(200, { ok: false, error: "invalid_arguments" });
					}
					if (files.some((f) => !uploads.has(f.id))) return json(200, { ok: false, error: "file_not_found" });
					return json(200, {
						ok: true,
						files: files.map((f) => ({ id: f.id, title: f.title ?? "", mimetype: "image/png", size: uploads.get(f.id)?.length ?? 0 })),
					});
				}
				case "/api/apps.connections.open":
					if (!options.socketUrl) return json(200, { ok: false, error: "not_allowed_token_type" });
					return json(200, { ok: true, url: options.socketUrl() });
				default:
					return json(200, { ok: false, error: "unknown_method" });
			}
		});
	});

	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	port = (server.address() as AddressInfo).port;
	let responseId = 0;

	return {
		apiUrl: `http://127.0.0.1:${port}/api/`,
		responseUrl: (id) => `http://127.0.0.1:${port}/respond/${id ?? `r${++responseId}`}`,
		requests,
		uploads,
		waitFor(predicate, timeoutMs = 5000) {
			const seen = requests.find(predicate);
			if (seen) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				const waiter = {
					predicate,
					resolve: (r: RecordedRequest) => {
						clearTimeout(timer);
						resolve(r);
					},
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(new Error(`fake Slack API: no matching request within ${timeoutMs} ms (saw ${requests.map((r) => r.path).join(", ")})`));
				}, timeoutMs);
				waiters.push(waiter);
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
