/**
 * A fake Socket Mode server on 127.0.0.1 (port 0), speaking the protocol of ../shared/ADAPTERS.md §3.3:
 * on connect it sends `{"type":"hello"}`; the test pushes envelopes
 * `{ envelope_id, type: "slash_commands" | "interactive" | "events_api", payload, accepts_response_payload }`
 * and waits for the client's ack `{ envelope_id, payload? }` on the same socket. The URL it serves is
 * what the fake Web API's `apps.connections.open` hands out.
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import type { WebSocket } from "ws";

export interface SocketAck {
	envelope_id: string;
	payload?: unknown;
}

export interface FakeSocketServer {
	/** ws://127.0.0.1:PORT/link?ticket=… */
	url(): string;
	/** resolves once a client has connected and been sent hello */
	connected(timeoutMs?: number): Promise<void>;
	/** sends an envelope to the connected client and resolves with its ack */
	send(type: "slash_commands" | "interactive" | "events_api", payload: unknown, timeoutMs?: number): Promise<SocketAck>;
	connections(): number;
	close(): Promise<void>;
}

export async function startFakeSocketServer(): Promise<FakeSocketServer> {
	const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
	await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
	const { port } = wss.address() as AddressInfo;
	let client: WebSocket | null = null;
	let connections = 0;
	let envelope = 0;
	const acks = new Map<string, (ack: SocketAck) => void>();
	const onConnect: (() => void)[] = [];

	wss.on("connection", (ws) => {
		connections += 1;
		client = ws;
		ws.on("message", (data) => {
			let ack: SocketAck;
			try {
				ack = JSON.parse(String(data)) as SocketAck;
			} catch {
				return;
			}
			acks.get(ack.envelope_id)?.(ack);
			acks.delete(ack.envelope_id);
		});
		ws.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" }, connection_info: { app_id: "A1" } }));
		for (const resolve of onConnect.splice(0)) resolve();
	});

	return {
		url: () => `ws://127.0.0.1:${port}/link?ticket=fake-ticket`,
		connections: () => connections,
		connected(timeoutMs = 5000) {
			if (client) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error("fake socket: no client connected")), timeoutMs);
				onConnect.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		send(type, payload, timeoutMs = 5000) {
			const socket = client;
			if (!socket) return Promise.reject(new Error("fake socket: no client"));
			envelope += 1;
			const id = `env-${envelope}`;
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					acks.delete(id);
					reject(new Error(`fake socket: no ack for ${id}`));
				}, timeoutMs);
				acks.set(id, (ack) => {
					clearTimeout(timer);
					resolve(ack);
				});
				socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== "events_api" }));
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const ws of wss.clients) ws.terminate();
				wss.close(() => resolve());
			}),
	};
}
