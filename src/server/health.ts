/**
 * GET /healthz (issue 7, item 4): each adapter's state, 503 when any is down, has not connected yet,
 * or the process is shutting down (so a load balancer routes to it only when it can answer, and
 * stops while in-flight work drains). A reconnect is a transient blip: still 200, "degraded".
 *
 * `healthReport` is pure, so the Slack adapter can serve the same report on Bolt's own HTTP server
 * (customRoutes) when Bolt owns PORT; `startHealthServer` is the tiny node:http server main.ts runs
 * on PORT otherwise.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Adapter, AdapterState } from "./adapter.js";

export const HEALTH_PATH = "/healthz";
/** States in which an adapter cannot answer; one of them turns the report into a 503. */
const DOWN: ReadonlySet<AdapterState> = new Set(["down", "stopped"]);
/** How long close() waits for open keep-alive connections before cutting them. */
const CLOSE_GRACE_MS = 1_000;

export interface HealthBody {
	/**
	 * ok: every adapter connected (200); degraded: one is reconnecting, a blip the client library
	 * recovers from by itself (200); starting: one has not connected yet (503, not ready for traffic);
	 * down: one cannot answer (503); shutting_down: draining (503)
	 */
	status: "ok" | "degraded" | "starting" | "down" | "shutting_down";
	adapters: Record<string, AdapterState>;
	uptimeSeconds: number;
}

export interface HealthReport {
	status: 200 | 503;
	body: HealthBody;
}

export function healthReport(
	adapters: readonly Pick<Adapter, "name" | "state">[],
	opts: { shuttingDown?: boolean; uptimeSeconds?: number } = {},
): HealthReport {
	const states: Record<string, AdapterState> = {};
	for (const adapter of adapters) states[adapter.name] = adapter.state();
	const values = Object.values(states);
	const uptimeSeconds = Math.round(opts.uptimeSeconds ?? process.uptime());
	const body = (status: HealthBody["status"]): HealthBody => ({ status, adapters: states, uptimeSeconds });
	if (opts.shuttingDown) return { status: 503, body: body("shutting_down") };
	if (values.some((s) => DOWN.has(s))) return { status: 503, body: body("down") };
	if (values.includes("starting")) return { status: 503, body: body("starting") };
	if (values.includes("reconnecting")) return { status: 200, body: body("degraded") };
	return { status: 200, body: body("ok") };
}

export interface HealthServer {
	readonly port: number;
	readonly server: Server;
	close(): Promise<void>;
}

function respond(res: ServerResponse, status: number, body: unknown, head: boolean): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		"content-type": "application/json; charset=utf-8",
		"content-length": Buffer.byteLength(text),
		"cache-control": "no-store",
	});
	res.end(head ? undefined : text);
}

function handle(req: IncomingMessage, res: ServerResponse, report: () => HealthReport): void {
	const path = (req.url ?? "/").split("?")[0];
	if (path !== HEALTH_PATH) return respond(res, 404, { error: "not found" }, req.method === "HEAD");
	if (req.method !== "GET" && req.method !== "HEAD") {
		res.setHeader("allow", "GET, HEAD");
		return respond(res, 405, { error: "method not allowed" }, false);
	}
	const { status, body } = report();
	respond(res, status, body, req.method === "HEAD");
}

/** Listen on `port` (0 = any free port) and serve the report at /healthz. */
export async function startHealthServer(opts: { port: number; host?: string; report: () => HealthReport }): Promise<HealthServer> {
	const server = createServer((req, res) => {
		try {
			handle(req, res, opts.report);
		} catch {
			respond(res, 500, { error: "health report failed" }, false);
		}
	});
	// keep-alive sockets would hold close() open; health probes never need them for long
	server.keepAliveTimeout = 1_000;
	// a probe is one small GET: a client that has not sent its request within seconds is stalled (issue
	// 18; Node's defaults let it hold the socket 60–300 s)
	server.headersTimeout = 5_000;
	server.requestTimeout = 5_000;
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(opts.port, opts.host, () => {
			server.off("error", reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		server,
		close: () =>
			new Promise<void>((resolve) => {
				const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
				cut.unref();
				server.close(() => {
					clearTimeout(cut);
					resolve();
				});
				server.closeIdleConnections();
			}),
	};
}
