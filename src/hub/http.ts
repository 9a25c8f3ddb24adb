/**
 * The only door to the network for the Hub layer: a `fetch` the Hugging Face libraries call, which
 * adds the deadline (AbortSignal), the token (only towards the Hub's own origin, never to a
 * redirect target such as a CDN), and caps on what a response may make us buffer. A server that
 * ignores `Range` and starts streaming a 40 GB file is cut off after the bytes we asked for.
 */
import { HubError, hubErrorFromStatus } from "./errors.js";

/** One response body may not exceed this (a sharded index of a huge MoE is ~60 MB; we stop earlier). */
export const MAX_RESPONSE_BYTES = 48 * 1024 * 1024;
/** All bytes read for one resolution (config, index, headers, GGUF header chunks). */
export const MAX_TOTAL_BYTES = 96 * 1024 * 1024;
/** Requests per resolution: a sharded checkpoint costs ~3 per shard; stop a crafted index with thousands. */
export const MAX_REQUESTS = 400;

export interface HubFetchStats {
	requests: number;
	bytes: number;
}

export interface HubFetchOptions {
	endpoint: string;
	token: string | undefined;
	signal: AbortSignal;
	/** true when `signal` aborted because our deadline passed (vs the caller cancelling) */
	timedOut: () => boolean;
	stats: HubFetchStats;
	/** for messages when the response is an HTTP error and `throwOnHttpError` is set */
	repo: string;
	file?: string | null;
	gated?: boolean;
	/** the GGUF reader wants an exception for 4xx/5xx; the hub library reads statuses itself */
	throwOnHttpError?: boolean;
}

const USER_AGENT = "canirun (+https://github.com/canirun; hub resolver)";

function parseRange(header: string | null): { start: number; end: number } | null {
	const m = header ? /^bytes=(\d+)-(\d+)$/.exec(header.trim()) : null;
	if (!m?.[1] || !m[2]) return null;
	const start = Number(m[1]);
	const end = Number(m[2]);
	return Number.isSafeInteger(start) && Number.isSafeInteger(end) && end >= start ? { start, end } : null;
}

function abortError(opts: HubFetchOptions, cause?: unknown): HubError {
	return opts.timedOut()
		? new HubError("timeout", "The Hugging Face Hub did not answer in time; try again, or name a catalog model.", { cause })
		: new HubError("timeout", "The Hub lookup was cancelled.", { cause });
}

/** Reads at most `limit` bytes of a body; returns them and whether more was left (then cancels it). */
async function readCapped(body: ReadableStream<Uint8Array>, limit: number): Promise<{ bytes: Uint8Array; more: boolean }> {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let length = 0;
	let more = false;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		length += value.byteLength;
		if (length >= limit) {
			more = length > limit;
			// ask whether anything follows without waiting for it: cancel releases the socket
			await reader.cancel().catch(() => undefined);
			break;
		}
	}
	const bytes = new Uint8Array(Math.min(length, limit));
	let offset = 0;
	for (const chunk of chunks) {
		const take = Math.min(chunk.byteLength, bytes.byteLength - offset);
		bytes.set(chunk.subarray(0, take), offset);
		offset += take;
		if (offset >= bytes.byteLength) break;
	}
	return { bytes, more };
}

function headerRecord(init: RequestInit | undefined): Headers {
	return new Headers(init?.headers ?? undefined);
}

function requestUrl(input: string | URL | Request): string {
	if (typeof input === "string") return input;
	if (input instanceof URL) return input.href;
	return input.url;
}

/** Builds the fetch handed to @huggingface/hub and @huggingface/gguf for one resolution. */
export function createHubFetch(opts: HubFetchOptions): typeof fetch {
	const hubOrigin = new URL(opts.endpoint).origin;

	const hubFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		if (opts.signal.aborted) throw abortError(opts);
		opts.stats.requests += 1;
		if (opts.stats.requests > MAX_REQUESTS) {
			throw new HubError("too_large", `${opts.repo} needs too many requests to read (more than ${MAX_REQUESTS}).`);
		}
		const url = requestUrl(input);
		const headers = headerRecord(init);
		headers.set("User-Agent", USER_AGENT);
		// the token goes to the Hub only; fetch drops Authorization itself on cross-origin redirects
		if (opts.token && new URL(url).origin === hubOrigin && !headers.has("Authorization")) {
			headers.set("Authorization", `Bearer ${opts.token}`);
		}
		const method = (init?.method ?? "GET").toUpperCase();
		let response: Response;
		try {
			response = await fetch(url, { ...init, method, headers, signal: opts.signal, redirect: "follow" });
		} catch (error) {
			if (opts.signal.aborted) throw abortError(opts, error);
			throw new HubError("network", "Could not reach the Hugging Face Hub; try again later.", { cause: error });
		}

		if (opts.throwOnHttpError && !response.ok) {
			await response.body?.cancel().catch(() => undefined);
			throw hubErrorFromStatus(response.status, response.headers.get("x-error-code"), {
				repo: opts.repo,
				file: opts.file ?? null,
				gated: opts.gated,
				hasToken: opts.token !== undefined,
			});
		}

		if (method === "HEAD" || response.body === null || [204, 205, 304].includes(response.status)) {
			return response;
		}

		// Buffer the body under caps; a 200 to a Range request is sliced to the range asked for.
		const range = parseRange(headers.get("Range"));
		const ignoredRange = range !== null && response.status === 200;
		const limit = ignoredRange ? range.end + 1 : MAX_RESPONSE_BYTES;
		if (limit > MAX_RESPONSE_BYTES) {
			await response.body.cancel().catch(() => undefined);
			throw new HubError("too_large", `${opts.file ?? opts.repo} needs more than ${MAX_RESPONSE_BYTES >> 20} MiB read from it.`);
		}
		let read: { bytes: Uint8Array; more: boolean };
		try {
			read = await readCapped(response.body, ignoredRange ? limit : limit + 1);
		} catch (error) {
			if (opts.signal.aborted) throw abortError(opts, error);
			throw new HubError("network", "The connection to the Hugging Face Hub broke off; try again.", { cause: error });
		}
		if (!ignoredRange && read.bytes.byteLength > MAX_RESPONSE_BYTES) {
			throw new HubError("too_large", `${opts.file ?? opts.repo} needs more than ${MAX_RESPONSE_BYTES >> 20} MiB read from it.`);
		}
		opts.stats.bytes += read.bytes.byteLength;
		if (opts.stats.bytes > MAX_TOTAL_BYTES) {
			throw new HubError("too_large", `${opts.repo} needs more than ${MAX_TOTAL_BYTES >> 20} MiB of headers read.`);
		}

		const outHeaders = new Headers(response.headers);
		// the body we hand on is already decoded and may be shorter: drop headers that describe the wire form
		outHeaders.delete("content-encoding");
		outHeaders.delete("content-length");
		let body = read.bytes;
		let status = response.status;
		if (ignoredRange) {
			if (read.bytes.byteLength <= range.start) {
				if (opts.throwOnHttpError) throw hubErrorFromStatus(416, null, { repo: opts.repo, file: opts.file ?? null, hasToken: false });
				return new Response(null, { status: 416 });
			}
			body = read.bytes.subarray(range.start, range.end + 1);
			const total = response.headers.get("content-length");
			outHeaders.set("content-range", `bytes ${range.start}-${range.start + body.byteLength - 1}/${total ?? "*"}`);
			status = 206;
		}
		const out = new Response(body.byteLength > 0 ? body : null, { status, statusText: response.statusText, headers: outHeaders });
		// keep the final URL: @huggingface/hub compares its origin with the Hub's after redirects
		Object.defineProperty(out, "url", { value: response.url });
		return out;
	};
	return hubFetch as typeof fetch;
}
