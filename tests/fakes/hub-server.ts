/**
 * A fake Hugging Face Hub on 127.0.0.1 (port 0) speaking the routes @huggingface/hub and
 * @huggingface/gguf use: GET /api/models/{repo}[/revision/{rev}] (model info JSON),
 * GET|HEAD /{repo}/resolve/{rev}/{path} and /{repo}/raw/{rev}/{path} with Range support
 * (206 + Content-Range, 416 past the end), and the Hub's error conventions: 401 + X-Error-Code
 * RepoNotFound for an unknown repo (anonymous), 404 + EntryNotFound for a missing file, 401/403 +
 * GatedRepo for a gated repo without access; GET /api/models?search=… (the model search). Every
 * request is logged for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRepo {
	files: Record<string, Uint8Array | string>;
	sha?: string;
	/** "gated": files need the token; "private": everything needs it (403 with a wrong one) */
	access?: "public" | "gated" | "private";
	/** extra fields merged into the API JSON (cardData, safetensors …) */
	api?: Record<string, unknown>;
	/** ms to wait before answering any request for this repo */
	delayMs?: number;
}

export interface FakeHubOptions {
	/** the token that opens gated/private repos */
	token?: string;
	/** answer 404 (no X-Error-Code) on /api/…, like a plain file mirror */
	noApi?: boolean;
	/** ignore Range headers and always send the whole file with 200 */
	ignoreRange?: boolean;
	/** leave out ETag (some mirrors) */
	noEtag?: boolean;
	/** ms to wait before answering a model search */
	searchDelayMs?: number;
}

export interface LoggedRequest {
	method: string;
	url: string;
	range: string | null;
	authorization: string | null;
}

export interface FakeHub {
	url: string;
	requests: LoggedRequest[];
	repos: Record<string, FakeRepo>;
	close(): Promise<void>;
}

const DEFAULT_SHA = "0123456789abcdef0123456789abcdef01234567";

function bytesOf(content: Uint8Array | string): Buffer {
	return typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
}

function sendError(res: ServerResponse, status: number, code: string | null, message: string): void {
	const headers: Record<string, string> = { "Content-Type": "application/json" };
	if (code) headers["X-Error-Code"] = code;
	res.writeHead(status, headers);
	res.end(JSON.stringify({ error: message }));
}

export async function startFakeHub(repos: Record<string, FakeRepo>, options: FakeHubOptions = {}): Promise<FakeHub> {
	const requests: LoggedRequest[] = [];

	function authorized(req: IncomingMessage): boolean {
		return options.token !== undefined && req.headers.authorization === `Bearer ${options.token}`;
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? "/", "http://127.0.0.1");
		requests.push({
			method: req.method ?? "GET",
			url: url.pathname + url.search,
			range: req.headers.range ?? null,
			authorization: req.headers.authorization ?? null,
		});
		const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

		if (segments[0] === "api" && segments[1] === "models" && segments.length === 2) {
			// GET /api/models?search=…&limit=… (what listModels calls): repos whose id contains the
			// search text, case-insensitively, most downloaded first, as the Hub answers it
			if (options.noApi) return sendError(res, 404, null, "Not Found");
			const search = (url.searchParams.get("search") ?? "").toLowerCase();
			const limit = Number(url.searchParams.get("limit") ?? "20");
			const found = Object.entries(repos)
				.filter(([id, repo]) => repo.access !== "private" && id.toLowerCase().includes(search))
				.map(([id, repo]) => ({ id, repo, downloads: typeof repo.api?.["downloads"] === "number" ? repo.api["downloads"] : 1 }))
				.sort((a, b) => b.downloads - a.downloads)
				.slice(0, limit);
			const delay = Math.max(0, ...found.map((f) => f.repo.delayMs ?? 0), options.searchDelayMs ?? 0);
			if (delay > 0) await new Promise((r) => setTimeout(r, delay));
			res.writeHead(200, { "Content-Type": "application/json" });
			res.end(
				JSON.stringify(
					found.map(({ id, repo, downloads }) => ({
						_id: `id-${id}`,
						id,
						private: false,
						gated: repo.access === "gated" ? "manual" : false,
						downloads,
						likes: 0,
						lastModified: "2025-08-06T12:00:00.000Z",
						pipeline_tag: "text-generation",
					})),
				),
			);
			return;
		}

		if (segments[0] === "api" && segments[1] === "models") {
			if (options.noApi) return sendError(res, 404, null, "Not Found");
			const repoId = `${segments[2]}/${segments[3]}`;
			const repo = repos[repoId];
			if (repo?.delayMs) await new Promise((r) => setTimeout(r, repo.delayMs));
			if (!repo || (repo.access === "private" && !authorized(req))) {
				return sendError(res, 401, "RepoNotFound", "Repository not found");
			}
			const rev = segments[4] === "revision" ? segments[5] : "main";
			const sha = repo.sha ?? DEFAULT_SHA;
			if (rev !== "main" && rev !== "HEAD" && rev !== sha) return sendError(res, 404, "RevisionNotFound", "Invalid rev id");
			res.writeHead(200, { "Content-Type": "application/json" });
			res.end(
				JSON.stringify({
					_id: `id-${repoId}`,
					id: repoId,
					sha,
					private: repo.access === "private",
					gated: repo.access === "gated" ? "manual" : false,
					downloads: 1,
					likes: 0,
					lastModified: "2025-08-06T12:00:00.000Z",
					createdAt: "2025-08-01T09:00:00.000Z",
					tags: ["license:apache-2.0"],
					siblings: Object.keys(repo.files).map((rfilename) => ({ rfilename })),
					...repo.api,
				}),
			);
			return;
		}

		// /{org}/{name}/{resolve|raw}/{rev}/{path...}
		const [org, name, kind, rev, ...pathParts] = segments;
		const repoId = `${org}/${name}`;
		const repo = repos[repoId];
		if (repo?.delayMs) await new Promise((r) => setTimeout(r, repo.delayMs));
		if (!repo || (kind !== "resolve" && kind !== "raw") || rev === undefined) {
			return sendError(res, 401, "RepoNotFound", "Repository not found");
		}
		if (repo.access === "private" && !authorized(req)) {
			return req.headers.authorization ? sendError(res, 403, null, "Forbidden") : sendError(res, 401, "RepoNotFound", "Repository not found");
		}
		if (repo.access === "gated" && !authorized(req)) {
			return sendError(res, req.headers.authorization ? 403 : 401, "GatedRepo", "Access to this model is restricted");
		}
		const sha = repo.sha ?? DEFAULT_SHA;
		if (rev !== "main" && rev !== sha) return sendError(res, 404, "RevisionNotFound", "Invalid rev id");
		const path = pathParts.join("/");
		const content = repo.files[path];
		if (content === undefined) return sendError(res, 404, "EntryNotFound", "Entry not found");
		const body = bytesOf(content);
		const headers: Record<string, string> = { "Content-Type": "application/octet-stream", "Accept-Ranges": "bytes" };
		if (!options.noEtag) headers["ETag"] = `"${sha.slice(0, 8)}-${body.byteLength}"`;
		const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
		if (range && !options.ignoreRange) {
			const start = Number(range[1]);
			const end = Math.min(range[2] ? Number(range[2]) : body.byteLength - 1, body.byteLength - 1);
			if (start >= body.byteLength) {
				res.writeHead(416, { "Content-Range": `bytes */${body.byteLength}` });
				res.end();
				return;
			}
			res.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${body.byteLength}`, "Content-Length": String(end - start + 1) });
			res.end(req.method === "HEAD" ? undefined : body.subarray(start, end + 1));
			return;
		}
		res.writeHead(200, { ...headers, "Content-Length": String(body.byteLength) });
		res.end(req.method === "HEAD" ? undefined : body);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) res.writeHead(500);
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		repos,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
