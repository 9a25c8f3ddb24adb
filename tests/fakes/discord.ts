/**
 * A fake Discord on 127.0.0.1: the REST API (under /api/v10) and the gateway WebSocket, enough for the
 * real discord.js 14 client to log in, receive interactions and messages, and answer them. Every REST
 * request is recorded so tests can assert the exact bodies discord.js sent.
 *
 * Protocol facts follow ../../../shared/ADAPTERS.md §2 (checked against discord.js 14.28.1):
 * - discord.js GETs /gateway/bot through its REST base and connects to the `url` it returns;
 * - HELLO (op 10) → IDENTIFY (op 2) → READY (op 0, with `user`, `guilds`, `application`) → heartbeats
 *   (op 1), each answered with HEARTBEAT_ACK (op 11) or the client treats the socket as a zombie;
 * - interaction callbacks and webhook edits carry no Authorization header (the interaction token is
 *   the credential); `@original` arrives percent-encoded.
 *
 * Reusable by any test: `const discord = await startFakeDiscord()`, then point a client at
 * `discord.apiUrl` (the discord.js `rest.api` base).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface RecordedRequest {
	method: string;
	/** decoded path without the query string, e.g. /api/v10/webhooks/100/tok/messages/@original */
	path: string;
	query: string;
	headers: Record<string, string | string[] | undefined>;
	/** parsed JSON body (a multipart body's payload_json), or the raw text when it was not JSON, or undefined when empty */
	body: unknown;
	/** the files of a multipart body (attachments) */
	files?: RecordedFile[];
	/** milliseconds since the fake started */
	at: number;
}

export interface FakeGuild {
	id: string;
	name: string;
	/** text channels (type 0) created in the guild */
	channelIds: string[];
}

export interface FakeDiscordOptions {
	applicationId?: string;
	botUserId?: string;
	botUsername?: string;
	/** HELLO's heartbeat interval; large by default so tests are quiet */
	heartbeatIntervalMs?: number;
	/** guilds announced by a GUILD_CREATE after READY (READY itself always carries `guilds: []`) */
	guilds?: FakeGuild[];
	/** the token the fake accepts on authorised routes; any token is accepted when omitted */
	token?: string;
	/** commands already registered, per scope ("global" or a guild id) */
	initialCommands?: Record<string, unknown[]>;
	/** the shard count GET /gateway/bot recommends (1 by default) */
	recommendedShards?: number;
}

export interface InteractionUser {
	id: string;
	username: string;
}

export interface SentInteraction {
	id: string;
	token: string;
	sentAt: number;
}

export interface GatewayFrame {
	op: number;
	d: unknown;
	s?: number | null;
	t?: string | null;
}

export interface FakeDiscord {
	/** the discord.js `rest.api` base, e.g. http://127.0.0.1:PORT/api */
	apiUrl: string;
	port: number;
	applicationId: string;
	botUserId: string;
	requests: RecordedRequest[];
	/** frames received from clients over the gateway */
	gatewayFrames: GatewayFrame[];
	/** registered commands per scope ("global" or a guild id) */
	commands: Map<string, unknown[]>;
	/** resolves once a client has identified and received READY (and the guilds' GUILD_CREATE) */
	waitForReady(timeoutMs?: number): Promise<void>;
	/** dispatch an INTERACTION_CREATE with a complete, realistic envelope; `data` and `type` are yours */
	sendInteraction(input: {
		type: number;
		data: Record<string, unknown>;
		user?: InteractionUser;
		message?: Record<string, unknown>;
		guildId?: string;
		channelId?: string;
	}): SentInteraction;
	sendSlashCommand(name: string, options: Record<string, string>, user?: InteractionUser): SentInteraction;
	sendAutocomplete(name: string, options: Record<string, string>, focused: string, user?: InteractionUser): SentInteraction;
	sendButtonClick(customId: string, user?: InteractionUser): SentInteraction;
	/** dispatch a MESSAGE_CREATE in a guild text channel; `mentionBot` adds the bot to `mentions` */
	sendMessageCreate(input: { content: string; mentionBot?: boolean; user?: InteractionUser; guildId?: string; channelId?: string }): { id: string };
	/** dispatch any event with any payload, as a broken or hostile gateway would (malformed-payload tests) */
	sendRawDispatch(t: string, d: unknown): void;
	/** close every gateway socket with this close code (4000 "unknown error" is resumable); the client reconnects */
	dropGatewayConnections(code?: number): void;
	/** wait for the first recorded request (past or future) matching the predicate */
	waitFor(predicate: (req: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
	close(): Promise<void>;
}

const DEFAULT_USER: InteractionUser = { id: "400", username: "alice" };
const DEFAULT_GUILD_ID = "200";
const DEFAULT_CHANNEL_ID = "300";

/** Gateway opcodes (discord/discord-api-docs: developers/topics/opcodes-and-status-codes). */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, hello: 10, heartbeatAck: 11 } as const;

/** Interaction callback types (discord-api-docs: receiving-and-responding). */
const COMPONENT_TYPE_BUTTON = 2;

function snowflakeFactory(start: bigint): () => string {
	let next = start;
	return () => {
		next += 1n;
		return next.toString();
	};
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on("data", (chunk: Buffer) => chunks.push(chunk));
		req.on("end", () => resolve(Buffer.concat(chunks)));
		req.on("error", reject);
	});
}

/** A file part of a multipart/form-data request (discord.js sends attachments as `files[n]`). */
export interface RecordedFile {
	field: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

/**
 * multipart/form-data as discord.js (undici FormData) sends a message with files: a `payload_json`
 * part holding the message JSON, and one `files[n]` part per attachment.
 */
function parseMultipart(raw: Buffer, boundary: string): { payload: unknown; files: RecordedFile[] } {
	const delimiter = Buffer.from(`--${boundary}`);
	const files: RecordedFile[] = [];
	let payload: unknown;
	let at = raw.indexOf(delimiter);
	while (at !== -1) {
		const start = at + delimiter.length;
		if (raw.subarray(start, start + 2).toString() === "--") break;
		const next = raw.indexOf(delimiter, start);
		if (next === -1) break;
		// part = CRLF headers CRLF CRLF body CRLF
		const part = raw.subarray(start + 2, next - 2);
		const split = part.indexOf("\r\n\r\n");
		const headers = part.subarray(0, split).toString("utf8");
		const data = part.subarray(split + 4);
		const name = /name="([^"]*)"/.exec(headers)?.[1] ?? "";
		const filename = /filename="([^"]*)"/.exec(headers)?.[1];
		if (filename !== undefined) files.push({ field: name, filename, contentType: /content-type:\s*(\S+)/i.exec(headers)?.[1] ?? "", data: Buffer.from(data) });
		else if (name === "payload_json") payload = JSON.parse(data.toString("utf8"));
		at = next;
	}
	return { payload, files };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	if (status === 204) {
		res.writeHead(204);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
	res.end(text);
}

/**
 * The fields of a Discord message object that the fake (and a test sending raw gateway payloads)
 * leaves at their plain values: sent now, not edited, no mentions, attachments, embeds or components.
 */
export function messageDefaults(): Record<string, unknown> {
	return {
		timestamp: new Date().toISOString(),
		edited_timestamp: null,
		tts: false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: [],
		embeds: [],
		components: [],
		pinned: false,
		flags: 0,
	};
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
	const applicationId = options.applicationId ?? "100";
	const botUserId = options.botUserId ?? "900";
	const botUsername = options.botUsername ?? "canirun";
	const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 45_000;
	const guilds = options.guilds ?? [];
	const nextId = snowflakeFactory(1_000_000_000_000_000n);
	const startedAt = Date.now();
	const requests: RecordedRequest[] = [];
	const gatewayFrames: GatewayFrame[] = [];
	const commands = new Map<string, unknown[]>(Object.entries(options.initialCommands ?? {}));
	const waiters: { predicate: (req: RecordedRequest) => boolean; resolve: (req: RecordedRequest) => void }[] = [];
	const readyWaiters: (() => void)[] = [];
	const sockets = new Set<WebSocket>();
	const readySockets = new Set<WebSocket>();
	let sequence = 0;
	let port = 0;

	const botUser = { id: botUserId, username: botUsername, discriminator: "0", global_name: null, avatar: null, bot: true };

	function record(req: RecordedRequest): void {
		requests.push(req);
		for (const waiter of [...waiters]) {
			if (waiter.predicate(req)) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(req);
			}
		}
	}

	function messageObject(channelId: string, body: Record<string, unknown>, id = nextId()): Record<string, unknown> {
		return {
			id,
			type: body.message_reference ? 19 : 0,
			channel_id: channelId,
			author: botUser,
			content: typeof body.content === "string" ? body.content : "",
			...messageDefaults(),
			embeds: Array.isArray(body.embeds) ? body.embeds : [],
			components: Array.isArray(body.components) ? body.components : [],
			flags: typeof body.flags === "number" ? body.flags : 0,
			...(body.message_reference ? { message_reference: body.message_reference } : {}),
		};
	}

	function authorised(req: IncomingMessage): boolean {
		const auth = req.headers.authorization;
		if (typeof auth !== "string" || !auth.startsWith("Bot ")) return false;
		return options.token === undefined || auth === `Bot ${options.token}`;
	}

	function route(method: string, path: string, body: unknown, req: IncomingMessage, res: ServerResponse): void {
		const parts = path.split("/").filter(Boolean);
		// every route lives under /api/v10
		if (parts[0] !== "api" || parts[1] !== "v10") return sendJson(res, 404, { message: "404: Not Found", code: 0 });
		const rest = parts.slice(2);
		const [a, b, c, d, e, f] = rest;
		const unauthorised = (): void => sendJson(res, 401, { message: "401: Unauthorized", code: 0 });

		if (method === "GET" && a === "gateway" && (b === "bot" || b === undefined)) {
			if (b === "bot" && !authorised(req)) return unauthorised();
			return sendJson(res, 200, {
				url: `ws://127.0.0.1:${port}`,
				shards: options.recommendedShards ?? 1,
				session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
			});
		}
		if (method === "GET" && ((a === "applications" && b === "@me") || (a === "oauth2" && b === "applications" && c === "@me"))) {
			if (!authorised(req)) return unauthorised();
			return sendJson(res, 200, { id: applicationId, name: botUsername, flags: 0, bot: botUser, description: "", icon: null });
		}
		if (method === "GET" && a === "users" && b === "@me") {
			if (!authorised(req)) return unauthorised();
			return sendJson(res, 200, botUser);
		}
		// /applications/{app}/commands and /applications/{app}/guilds/{guild}/commands
		if (a === "applications" && b === applicationId && (c === "commands" || (c === "guilds" && e === "commands"))) {
			if (!authorised(req)) return unauthorised();
			const scope = c === "commands" ? "global" : (d ?? "");
			if (method === "GET") return sendJson(res, 200, commands.get(scope) ?? []);
			if (method === "PUT") {
				if (!Array.isArray(body)) return sendJson(res, 400, { message: "Invalid Form Body", code: 50035 });
				const stored = body.map((command: unknown) => ({
					...(command as Record<string, unknown>),
					id: nextId(),
					application_id: applicationId,
					version: nextId(),
					type: (command as { type?: number }).type ?? 1,
					...(scope === "global" ? {} : { guild_id: scope }),
					default_member_permissions: null,
					nsfw: false,
				}));
				commands.set(scope, stored);
				return sendJson(res, 200, stored);
			}
		}
		if (method === "POST" && a === "interactions" && d === "callback") {
			return sendJson(res, 204, null);
		}
		// /webhooks/{app}/{token}/messages/@original and follow-ups /webhooks/{app}/{token}
		if (a === "webhooks" && b === applicationId && c !== undefined) {
			if (d === "messages" && e !== undefined && f === undefined) {
				if (method === "PATCH") return sendJson(res, 200, messageObject(DEFAULT_CHANNEL_ID, (body ?? {}) as Record<string, unknown>));
				if (method === "DELETE") return sendJson(res, 204, null);
				if (method === "GET") return sendJson(res, 200, messageObject(DEFAULT_CHANNEL_ID, {}));
			}
			if (d === undefined && method === "POST") return sendJson(res, 200, messageObject(DEFAULT_CHANNEL_ID, (body ?? {}) as Record<string, unknown>));
		}
		if (a === "channels" && b !== undefined && c === "messages" && method === "POST") {
			if (!authorised(req)) return unauthorised();
			return sendJson(res, 200, messageObject(b, (body ?? {}) as Record<string, unknown>));
		}
		if (a === "channels" && b !== undefined && c === "typing" && method === "POST") {
			if (!authorised(req)) return unauthorised();
			return sendJson(res, 204, null);
		}
		return sendJson(res, 404, { message: "404: Not Found", code: 0 });
	}

	const server = createServer((req, res) => {
		void (async () => {
			const raw = await readBody(req);
			const text = raw.toString("utf8");
			const url = new URL(req.url ?? "/", "http://127.0.0.1");
			let body: unknown;
			let files: RecordedFile[] | undefined;
			const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(req.headers["content-type"] ?? "")?.[2];
			if (boundary !== undefined) {
				const parsed = parseMultipart(raw, boundary);
				body = parsed.payload;
				files = parsed.files;
			} else if (text.length > 0) {
				try {
					body = JSON.parse(text);
				} catch {
					body = text;
				}
			}
			const method = req.method ?? "GET";
			const path = decodeURIComponent(url.pathname);
			record({ method, path, query: url.search, headers: { ...req.headers }, body, ...(files ? { files } : {}), at: Date.now() - startedAt });
			route(method, path, body, req, res);
		})().catch((error: unknown) => {
			sendJson(res, 500, { message: String(error), code: 0 });
		});
	});

	const wss = new WebSocketServer({ server });

	function send(ws: WebSocket, frame: GatewayFrame): void {
		ws.send(JSON.stringify(frame));
	}

	function dispatch(ws: WebSocket, t: string, d: unknown): void {
		sequence += 1;
		send(ws, { op: OP.dispatch, t, s: sequence, d });
	}

	function guildCreatePayload(guild: FakeGuild): Record<string, unknown> {
		return {
			id: guild.id,
			name: guild.name,
			icon: null,
			splash: null,
			discovery_splash: null,
			owner_id: "1",
			afk_channel_id: null,
			afk_timeout: 300,
			verification_level: 0,
			default_message_notifications: 0,
			explicit_content_filter: 0,
			roles: [{ id: guild.id, name: "@everyone", permissions: "0", position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
			emojis: [],
			stickers: [],
			features: [],
			mfa_level: 0,
			system_channel_id: null,
			system_channel_flags: 0,
			rules_channel_id: null,
			vanity_url_code: null,
			description: null,
			banner: null,
			premium_tier: 0,
			preferred_locale: "en-US",
			public_updates_channel_id: null,
			nsfw_level: 0,
			premium_progress_bar_enabled: false,
			joined_at: "2024-01-01T00:00:00.000Z",
			large: false,
			unavailable: false,
			member_count: 2,
			voice_states: [],
			members: [],
			presences: [],
			threads: [],
			stage_instances: [],
			guild_scheduled_events: [],
			soundboard_sounds: [],
			channels: guild.channelIds.map((id, position) => ({
				id,
				type: 0,
				guild_id: guild.id,
				name: `channel-${position}`,
				position,
				permission_overwrites: [],
				nsfw: false,
				topic: null,
				last_message_id: null,
				parent_id: null,
				rate_limit_per_user: 0,
			})),
		};
	}

	wss.on("connection", (ws) => {
		sockets.add(ws);
		ws.on("close", () => {
			sockets.delete(ws);
			readySockets.delete(ws);
		});
		ws.on("message", (raw) => {
			let frame: GatewayFrame;
			try {
				frame = JSON.parse(String(raw)) as GatewayFrame;
			} catch {
				return;
			}
			gatewayFrames.push(frame);
			if (frame.op === OP.heartbeat) {
				send(ws, { op: OP.heartbeatAck, d: null });
			} else if (frame.op === OP.identify) {
				dispatch(ws, "READY", {
					v: 10,
					user: botUser,
					guilds: [],
					session_id: randomUUID(),
					resume_gateway_url: `ws://127.0.0.1:${port}`,
					shard: [0, 1],
					application: { id: applicationId, flags: 0 },
				});
				for (const guild of guilds) dispatch(ws, "GUILD_CREATE", guildCreatePayload(guild));
				readySockets.add(ws);
				for (const resolve of readyWaiters.splice(0)) resolve();
			} else if (frame.op === OP.resume) {
				dispatch(ws, "RESUMED", {});
				readySockets.add(ws);
			}
		});
		send(ws, { op: OP.hello, d: { heartbeat_interval: heartbeatIntervalMs } });
	});

	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	port = (server.address() as AddressInfo).port;

	function broadcast(t: string, d: unknown): void {
		if (readySockets.size === 0) throw new Error(`fake Discord: no ready gateway client to receive ${t}`);
		for (const ws of readySockets) dispatch(ws, t, d);
	}

	function userPayload(user: InteractionUser): Record<string, unknown> {
		return { id: user.id, username: user.username, discriminator: "0", global_name: null, avatar: null };
	}

	function sendInteraction(input: Parameters<FakeDiscord["sendInteraction"]>[0]): SentInteraction {
		const id = nextId();
		const token = `tok-${id}`;
		const guildId = input.guildId ?? DEFAULT_GUILD_ID;
		const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
		const user = input.user ?? DEFAULT_USER;
		broadcast("INTERACTION_CREATE", {
			id,
			application_id: applicationId,
			type: input.type,
			token,
			version: 1,
			guild_id: guildId,
			guild: { id: guildId, locale: "en-US", features: [] },
			guild_locale: "en-US",
			channel_id: channelId,
			channel: { id: channelId, type: 0, guild_id: guildId, name: "general", permissions: "0" },
			member: {
				user: userPayload(user),
				roles: [],
				permissions: "0",
				joined_at: "2024-01-01T00:00:00.000Z",
				deaf: false,
				mute: false,
				flags: 0,
			},
			app_permissions: "0",
			locale: "en-US",
			entitlements: [],
			entitlement_sku_ids: [],
			authorizing_integration_owners: { "0": guildId },
			context: 0,
			attachment_size_limit: 8_388_608,
			data: input.data,
			...(input.message ? { message: input.message } : {}),
		});
		return { id, token, sentAt: Date.now() - startedAt };
	}

	function commandOptions(options: Record<string, string>, focused: string | null): Record<string, unknown>[] {
		return Object.entries(options).map(([name, value]) => ({ type: 3, name, value, ...(name === focused ? { focused: true } : {}) }));
	}

	const fake: FakeDiscord = {
		apiUrl: `http://127.0.0.1:${port}/api`,
		port,
		applicationId,
		botUserId,
		requests,
		gatewayFrames,
		commands,
		waitForReady(timeoutMs = 5_000) {
			if (readySockets.size > 0) return Promise.resolve();
			return new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error("fake Discord: no client became ready")), timeoutMs);
				readyWaiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		sendInteraction,
		sendSlashCommand(name, options, user) {
			return sendInteraction({ type: 2, user, data: { id: "500", name, type: 1, options: commandOptions(options, null) } });
		},
		sendAutocomplete(name, options, focused, user) {
			return sendInteraction({ type: 4, user, data: { id: "500", name, type: 1, options: commandOptions(options, focused) } });
		},
		sendButtonClick(customId, user) {
			const message = messageObject(DEFAULT_CHANNEL_ID, {
				embeds: [],
				components: [{ type: 1, components: [{ type: COMPONENT_TYPE_BUTTON, style: 2, custom_id: customId, label: "button" }] }],
			});
			return sendInteraction({ type: 3, user, message, data: { custom_id: customId, component_type: COMPONENT_TYPE_BUTTON } });
		},
		sendMessageCreate(input) {
			const id = nextId();
			const user = input.user ?? DEFAULT_USER;
			const guildId = input.guildId ?? guilds[0]?.id ?? DEFAULT_GUILD_ID;
			const channelId = input.channelId ?? guilds[0]?.channelIds[0] ?? DEFAULT_CHANNEL_ID;
			broadcast("MESSAGE_CREATE", {
				id,
				type: 0,
				channel_id: channelId,
				guild_id: guildId,
				author: userPayload(user),
				member: { roles: [], joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
				content: input.content,
				...messageDefaults(),
				mentions: input.mentionBot ? [{ ...botUser, member: { roles: [], joined_at: "2024-01-01T00:00:00.000Z" } }] : [],
				nonce: id,
			});
			return { id };
		},
		sendRawDispatch(t, d) {
			broadcast(t, d);
		},
		dropGatewayConnections(code = 4000) {
			for (const ws of sockets) {
				readySockets.delete(ws);
				ws.close(code, "fake Discord dropped the connection");
			}
		},
		waitFor(predicate, timeoutMs = 5_000) {
			const found = requests.find(predicate);
			if (found) return Promise.resolve(found);
			return new Promise<RecordedRequest>((resolve, reject) => {
				const waiter = {
					predicate,
					resolve: (req: RecordedRequest) => {
						clearTimeout(timer);
						resolve(req);
					},
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms; saw ${requests.map((r) => `${r.method} ${r.path}`).join(", ")}`));
				}, timeoutMs);
				waiters.push(waiter);
			});
		},
		async close() {
			for (const ws of sockets) ws.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return fake;
}
