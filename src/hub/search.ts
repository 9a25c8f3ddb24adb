/**
 * Model names the catalog does not know, looked up on the Hub's model search (issue 14 item 5):
 * "qwen3.8 27b" → Qwen/Qwen3.8-27B, offered back to the user ("estimate it?") rather than
 * estimated unasked. Uses @huggingface/hub's listModels (GET /api/models?search=…) against the same
 * endpoint as the resolver (HF_ENDPOINT, else huggingface.co), with the token sent to that endpoint
 * only. Bounded: one deadline for the whole search, a small result limit, results cached briefly.
 * Never throws: offline, slow or failing, the answer is "nothing found".
 */
import { TtlLruCache } from "./cache.js";
import { hubEnv } from "./env.js";
import { DEFAULT_HUB_ENDPOINT } from "./resolve.js";
import { hubLibrary } from "./library.js";

export interface HubSearchOptions {
	signal?: AbortSignal;
	/** the caller's deadline for the whole search (2.5 s in chat, 10 s at a terminal: commands/lib/model-step.ts) */
	timeoutMs: number;
	endpoint?: string;
	token?: string;
	/** most repos returned */
	max?: number;
}

/** Repos asked of the Hub per search: enough to filter re-uploads out of, small enough to read fast. */
const SEARCH_LIMIT = 20;
/** Repos offered back at most. */
const DEFAULT_MAX = 3;
/** The longest text searched (the query bound is the parser's; this keeps a URL short). */
const MAX_SEARCH_CHARS = 80;
const SEARCH_TTL_MS = 10 * 60_000;
const cache = new TtlLruCache<string[]>(200);
/** After the Hub could not be reached, searches are skipped for this long (offline: one failure, not one per question). */
const OFFLINE_PAUSE_MS = 60_000;
/** At most this many searches per RATE_WINDOW_MS per process: a flood of unknown names costs the Hub a bounded number of requests. */
const RATE_MAX = 10;
const RATE_WINDOW_MS = 10_000;
let pausedUntil = 0;
const recent: number[] = [];

/** Whether a search may go out now (the offline pause and the rate bound), counting it when it may. */
function mayAsk(now: number): boolean {
	if (now < pausedUntil) return false;
	while (recent.length > 0 && (recent[0] ?? 0) <= now - RATE_WINDOW_MS) recent.shift();
	if (recent.length >= RATE_MAX) return false;
	recent.push(now);
	return true;
}

/** Forget the offline pause, the rate window and cached searches (tests). */
export function resetHubSearch(): void {
	pausedUntil = 0;
	recent.length = 0;
	cache.clear();
}

/** Re-uploads and conversions: offered only when the original is not found. */
const PACKAGED = /(?:gguf|awq|gptq|fp8|mlx|exl2|exl3|\d-?bit|int4|int8|bnb|nvfp4|onnx)$/i;

/** Lowercase letters, digits and dots: "Qwen3.8-27B" and "qwen3.8 27b" both fold to "qwen3.827b". */
function fold(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9.]+/g, "");
}

/** The words of a typed name, folded, each of which a repo name must contain. */
function wordsOf(text: string): string[] {
	return text
		.toLowerCase()
		.split(/[\s_:/]+|-(?=[a-z])/)
		.map(fold)
		.filter((w) => w.length > 0);
}

/** What to send as `search`: the Hub matches it as a substring of the repo id, so spaces become dashes ("qwen3.8 27b" → "qwen3.8-27b"). */
export function searchTexts(text: string): string[] {
	const t = text.trim().slice(0, MAX_SEARCH_CHARS);
	const words = t.split(/\s+/).filter(Boolean);
	const out = [words.join("-")];
	// "qwen3.8 27b" may be published as Qwen3.8-27B-Instruct; the first word alone finds those too
	if (words.length > 1 && (words[0] ?? "").length >= 3) out.push(words[0] ?? "");
	return [...new Set(out)].filter((x) => x.length > 0);
}

/** The repo ids matching every typed word, originals before re-uploads, most downloaded first. */
export function rankRepos(text: string, found: ReadonlyArray<{ name: string; downloads: number }>, max = DEFAULT_MAX): string[] {
	const words = wordsOf(text);
	const hits = found.filter((r) => {
		const name = fold(r.name.slice(r.name.indexOf("/") + 1));
		return words.every((w) => name.includes(w));
	});
	const packaged = (name: string) => PACKAGED.test(name.replace(/[-_.]+$/, ""));
	return [...new Set(hits)]
		.sort((a, b) => Number(packaged(a.name)) - Number(packaged(b.name)) || b.downloads - a.downloads)
		.map((r) => r.name)
		.filter((name, i, all) => all.indexOf(name) === i)
		.slice(0, max);
}

/** Repos on the Hub whose names hold every word of `text`; [] when none, offline, or out of time. */
export async function searchHubModels(text: string, opts: HubSearchOptions): Promise<string[]> {
	const env = hubEnv();
	const endpoint = (opts.endpoint ?? env.endpoint ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, "");
	const token = (opts.token ?? env.token)?.trim() || undefined;
	const max = opts.max ?? DEFAULT_MAX;
	const key = `${endpoint}|${fold(text)}|${max}`;
	const cached = cache.get(key);
	if (cached !== undefined) return [...cached];
	if (!mayAsk(Date.now())) return [];
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	opts.signal?.addEventListener("abort", onAbort, { once: true });
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<null>((resolve) => {
		timer = setTimeout(() => {
			controller.abort();
			resolve(null);
		}, opts.timeoutMs);
	});
	const boundFetch = ((input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, signal: controller.signal })) as typeof fetch;
	const run = async (): Promise<string[]> => {
		const { listModels } = await hubLibrary();
		const found: { name: string; downloads: number }[] = [];
		for (const search of searchTexts(text)) {
			for await (const m of listModels({
				search: { query: search },
				limit: SEARCH_LIMIT,
				hubUrl: endpoint,
				fetch: boundFetch,
				...(token !== undefined ? { accessToken: token } : {}),
			})) {
				found.push({ name: m.name, downloads: m.downloads ?? 0 });
			}
			const ranked = rankRepos(text, found, max);
			if (ranked.length > 0) return ranked;
		}
		return [];
	};
	try {
		const result = await Promise.race([run(), deadline]);
		if (result === null) {
			// no answer within the budget is offline too for a chat answer: where connections hang
			// instead of failing, every unknown name would otherwise wait the whole budget (issue 18)
			pausedUntil = Date.now() + OFFLINE_PAUSE_MS;
			return [];
		}
		cache.set(key, result, SEARCH_TTL_MS);
		return [...result];
	} catch {
		// unreachable or refusing: pause searching rather than fail every question the same way
		pausedUntil = Date.now() + OFFLINE_PAUSE_MS;
		return [];
	} finally {
		clearTimeout(timer);
		opts.signal?.removeEventListener("abort", onAbort);
		controller.abort();
	}
}
