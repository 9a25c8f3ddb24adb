/**
 * Resolves a Hub reference to a catalog-shaped Model: the repo's API entry (commit, file list,
 * license), its config.json, and the exact parameter count from the checkpoint itself — the
 * safetensors header(s), or, when a GGUF file is named, the GGUF tensor table (exact weight
 * bytes). Bounded: one deadline for the whole resolution (Discord answers within 3 s, adapters
 * defer when slower), byte and request caps in ./http.ts and ./gguf-read.ts, and an LRU cache.
 */
import type { HubApiError, QuantizationConfig } from "@huggingface/hub";
import { hubLibrary } from "./library.js";
import { parseGGUFQuantLabel } from "@huggingface/gguf";
import { type Model, ModelSchema } from "../catalog/schema.js";
import { countParams } from "../engine/tensorTable.js";
import type { TensorInfo } from "../engine/types.js";
import { TtlLruCache } from "./cache.js";
import { type ConfigFacts, type HubConfig, HubConfigSchema, mapConfig } from "./config-model.js";
import { hubEnv } from "./env.js";
import { HubError, hubErrorFromStatus } from "./errors.js";
import { type GgufHeader, readGgufHeader } from "./gguf-read.js";
import { mapGguf } from "./gguf-model.js";
import { createHubFetch, type HubFetchOptions, type HubFetchStats } from "./http.js";
import { formatHubRef, type HubRef, parseHubRef } from "./ref.js";
import { countSafetensors, readSafetensorsCounts, readSafetensorsHeadersDirect, type SafetensorsCounts, type SafetensorsHeaders } from "./safetensors.js";

export interface HubModel {
	/** built from config.json (+ safetensors counts, GGUF keys when a GGUF file is named); passes ModelSchema */
	model: Model;
	/** the GGUF tensor table when a GGUF file was read (exact weights), else null */
	tensors: TensorInfo[] | null;
	/** general.file_type by name ("Q4_K_M") when a GGUF was read */
	ggufFileType: string | null;
	source: { repo: string; revision: string; file: string | null; endpoint: string };
	/** architecture fields that were not in the config / GGUF and were assumed, in words */
	assumed: string[];
	/** download size of the named GGUF (all shards) when the server reported it */
	fileBytes: number | null;
	/** where totalParams came from */
	paramsFrom: "safetensors" | "gguf" | "hub-api" | "config-estimate";
}

export interface ResolveHubOptions {
	signal?: AbortSignal;
	/**
	 * The whole lookup's deadline: the caller's, who knows its platform's budget (commands/lib/model-step.ts:
	 * 2.5 s in chat, where the acknowledgement window is 3 s; 10 s at a terminal).
	 */
	timeoutMs: number;
	endpoint?: string;
	token?: string;
	/** the quant the user asked for: picks the GGUF in a GGUF-only repo when no file or tag is named */
	quant?: string;
}

export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
export const HUB_CACHE_MAX_ENTRIES = 100;
export const HUB_CACHE_TTL_MS = 30 * 60_000;
/** Definitive failures are remembered briefly so repeated asks do not hammer the Hub. */
export const HUB_NEGATIVE_TTL_MS = 60_000;
/** config.json of the largest real models is ~10 kB; a bigger one is not a config. */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** GGUF picked in a GGUF-only repo when nothing says which: canirun's default quant (DESIGN.md §2). */
const DEFAULT_GGUF_QUANT = "Q4_K_M";
const NEGATIVE_CODES = new Set(["not_found", "gated", "unauthorized", "unsupported_architecture", "malformed", "too_large"]);

type CacheEntry = { ok: true; value: HubModel } | { ok: false; error: HubError };
const cache = new TtlLruCache<CacheEntry>(HUB_CACHE_MAX_ENTRIES);
const inflight = new Map<string, Promise<HubModel>>();

/** Forget cached resolutions (tests; an operator command). */
export function clearHubCache(): void {
	cache.clear();
	inflight.clear();
}

function normaliseEndpoint(raw: string): string {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new HubError("network", "HF_ENDPOINT is not a valid http(s) URL.");
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") throw new HubError("network", "HF_ENDPOINT must be an http(s) URL.");
	return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** A short digest of the token, so a cached "gated" for one token never answers for another. */
async function tokenKey(token: string | undefined): Promise<string> {
	if (!token) return "anon";
	const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
	return Buffer.from(digest).toString("hex").slice(0, 16);
}

export async function resolveHubModel(refText: string, opts: ResolveHubOptions): Promise<HubModel> {
	const ref = parseHubRef(refText);
	if (!ref) {
		throw new HubError("not_found", "That is not a Hugging Face model reference (expected org/name or a huggingface.co link).");
	}
	const env = hubEnv();
	const endpoint = normaliseEndpoint(opts.endpoint ?? env.endpoint ?? DEFAULT_HUB_ENDPOINT);
	const token = (opts.token ?? env.token)?.trim() || undefined;
	const key = `${endpoint}|${formatHubRef(ref)}|${opts.quant?.toUpperCase() ?? ""}|${await tokenKey(token)}`;

	const cached = cache.get(key);
	if (cached) {
		if (cached.ok) return cached.value;
		throw cached.error;
	}
	let work = inflight.get(key);
	if (!work) {
		work = resolveWithDeadline(ref, endpoint, token, opts.quant ?? null, opts.timeoutMs)
			.then((value) => {
				cache.set(key, { ok: true, value }, HUB_CACHE_TTL_MS);
				return value;
			})
			.catch((error: unknown) => {
				const hubError = error instanceof HubError ? error : new HubError("network", "The Hub lookup failed unexpectedly.", { cause: error });
				if (NEGATIVE_CODES.has(hubError.code)) cache.set(key, { ok: false, error: hubError }, HUB_NEGATIVE_TTL_MS);
				throw hubError;
			})
			.finally(() => inflight.delete(key));
		inflight.set(key, work);
	}
	return raceSignal(work, opts.signal);
}

/** The caller's own cancellation wins even while a shared in-flight lookup continues for others. */
function raceSignal<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return work;
	if (signal.aborted) return Promise.reject(new HubError("timeout", "The Hub lookup was cancelled."));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new HubError("timeout", "The Hub lookup was cancelled."));
		signal.addEventListener("abort", onAbort, { once: true });
		work.then(
			(v) => {
				signal.removeEventListener("abort", onAbort);
				resolve(v);
			},
			(e: unknown) => {
				signal.removeEventListener("abort", onAbort);
				reject(e);
			},
		);
	});
}

async function resolveWithDeadline(ref: HubRef, endpoint: string, token: string | undefined, quant: string | null, timeoutMs: number): Promise<HubModel> {
	const controller = new AbortController();
	let timedOut = false;
	const timeoutError = new HubError("timeout", "The Hugging Face Hub did not answer in time; try again, or name a catalog model.");
	let timer: NodeJS.Timeout | undefined;
	// the deadline both aborts every request and settles the race, whatever a library is awaiting
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			timedOut = true;
			controller.abort();
			reject(timeoutError);
		}, timeoutMs);
	});
	try {
		return await Promise.race([new Resolution(ref, endpoint, token, quant, controller.signal, () => timedOut).run(), deadline]);
	} finally {
		clearTimeout(timer);
		controller.abort();
	}
}

interface RepoInfo {
	sha: string | null;
	gated: boolean;
	files: string[] | null;
	safetensorsTotal: number | null;
	license: string | null;
	createdAt: string | null;
}

/** One resolution's state: its fetch, its error codes by URL, what it assumed. */
class Resolution {
	private readonly stats: HubFetchStats = { requests: 0, bytes: 0 };
	private readonly errorCodes = new Map<string, string>();
	private readonly assumed: string[] = [];
	private readonly sources: string[] = [];
	private info: RepoInfo | null = null;
	private revision: string;
	/** the Hub client's error class, known once run() has loaded the library */
	private apiError: (new (...args: never[]) => HubApiError) | null = null;

	constructor(
		private readonly ref: HubRef,
		private readonly endpoint: string,
		private readonly token: string | undefined,
		private readonly quant: string | null,
		private readonly signal: AbortSignal,
		private readonly timedOut: () => boolean,
	) {
		this.revision = ref.revision ?? "main";
	}

	private fetchFor(extra: Partial<HubFetchOptions> = {}): typeof fetch {
		const inner = createHubFetch({
			endpoint: this.endpoint,
			token: this.token,
			signal: this.signal,
			timedOut: this.timedOut,
			stats: this.stats,
			repo: this.ref.repo,
			gated: this.info?.gated,
			...extra,
		});
		// remember X-Error-Code per URL: @huggingface/hub's HubApiError keeps the status, not the header
		return (async (input: string | URL | Request, init?: RequestInit) => {
			const response = await inner(input, init);
			const code = response.headers.get("x-error-code");
			if (!response.ok && code) this.errorCodes.set(response.url || String(input), code);
			if (!response.ok && code) this.errorCodes.set(String(input instanceof Request ? input.url : input), code);
			return response;
		}) as typeof fetch;
	}

	private mapError(error: unknown, file: string | null = null): HubError {
		if (error instanceof HubError) return error;
		if (this.signal.aborted) {
			return new HubError("timeout", "The Hugging Face Hub did not answer in time; try again, or name a catalog model.", { cause: error });
		}
		if (this.isApiError(error)) {
			return hubErrorFromStatus(error.statusCode, this.errorCodes.get(error.url) ?? null, {
				repo: this.ref.repo,
				file,
				gated: this.info?.gated,
				hasToken: this.token !== undefined,
			});
		}
		const reason = error instanceof Error ? error.message.slice(0, 120) : "unknown error";
		return new HubError("malformed", `${file ?? this.ref.repo} could not be read (${reason}).`, { cause: error });
	}

	private fileUrl(path: string): string {
		const encoded = path.split("/").map(encodeURIComponent).join("/");
		return `${this.endpoint}/${this.ref.repo}/resolve/${encodeURIComponent(this.revision)}/${encoded}`;
	}

	private sourceLabel(path: string): string {
		const host = new URL(this.endpoint).host;
		return `${host}/${this.ref.repo}@${this.revision}:${path}`;
	}

	private isApiError(error: unknown): error is HubApiError {
		return this.apiError !== null && error instanceof this.apiError;
	}

	async run(): Promise<HubModel> {
		const library = await hubLibrary();
		this.apiError = library.HubApiError;
		await this.loadInfo(library.modelInfo);
		const file = this.pickFile();
		const wantConfig = this.info?.files ? this.info.files.includes("config.json") : true;
		const configPromise = wantConfig ? this.loadConfig(file !== null) : Promise.resolve(null);
		if (file) {
			// with a GGUF named, config.json only lends its HF names: its failures do not decide the answer
			const [config, header] = await Promise.all([configPromise.catch(() => null), this.loadGguf(file)]);
			return this.fromGguf(file, header, config);
		}
		// read the safetensors headers while config.json arrives; count once both are in
		const headers = this.loadSafetensorsHeaders();
		headers.catch(() => undefined); // settled below; a config failure must not leave it unhandled
		const config = await configPromise;
		if (!config) {
			throw new HubError("unsupported_architecture", `${this.ref.repo} has neither a config.json nor a GGUF file canirun can read.`);
		}
		const mapping = mapConfig(config);
		this.assumed.push(...mapping.assumed);
		const counts = await this.countCheckpoint(config, mapping.facts.layers, await headers);
		return this.fromConfig(mapping.facts, counts);
	}

	private async loadInfo(modelInfo: typeof import("@huggingface/hub").modelInfo): Promise<void> {
		try {
			const entry = await modelInfo({
				name: this.ref.repo,
				hubUrl: this.endpoint,
				revision: this.ref.revision ?? undefined,
				fetch: this.fetchFor(),
				additionalFields: ["sha", "safetensors", "cardData", "createdAt", "filePaths", "tags"],
			});
			const raw = entry as unknown as Record<string, unknown>;
			const cardLicense = (raw["cardData"] as { license?: unknown } | undefined)?.license;
			const tagLicense = Array.isArray(raw["tags"])
				? (raw["tags"] as unknown[]).find((t): t is string => typeof t === "string" && t.startsWith("license:"))?.slice(8)
				: undefined;
			const total = (raw["safetensors"] as { total?: unknown } | undefined)?.total;
			const created = typeof raw["createdAt"] === "string" ? raw["createdAt"] : null;
			const updated = entry.updatedAt instanceof Date && !Number.isNaN(entry.updatedAt.getTime()) ? entry.updatedAt.toISOString() : null;
			this.info = {
				sha: typeof raw["sha"] === "string" && /^[0-9a-f]{7,64}$/i.test(raw["sha"]) ? raw["sha"] : null,
				gated: entry.gated === "auto" || entry.gated === "manual",
				files: Array.isArray(raw["filePaths"]) ? (raw["filePaths"] as unknown[]).filter((f): f is string => typeof f === "string") : null,
				safetensorsTotal: typeof total === "number" && Number.isSafeInteger(total) && total > 0 ? total : null,
				license: typeof cardLicense === "string" ? cardLicense : (tagLicense ?? null),
				createdAt: created ?? updated,
			};
			if (this.info.files?.length === 0) this.info.files = null; // an API that lists nothing tells us nothing
			if (this.info.sha) this.revision = this.info.sha;
		} catch (error) {
			const mapped = this.mapError(error);
			// a missing repo, a private one, a cancelled lookup: final. A mirror without the model API
			// (plain 404, 5xx): carry on with the files themselves, which give the definitive answer.
			const code = this.isApiError(error) ? (this.errorCodes.get(error.url) ?? null) : null;
			const plainApiGap = this.isApiError(error) && code === null && (error.statusCode === 404 || error.statusCode >= 500);
			if (!plainApiGap) throw mapped;
			this.info = null;
		}
	}

	/** The GGUF to read: the one named, the one the Ollama tag names, or (GGUF-only repo) the asked quant's. */
	private pickFile(): string | null {
		if (this.ref.file) {
			if (!this.ref.file.toLowerCase().endsWith(".gguf")) {
				throw new HubError("unsupported_architecture", `${this.ref.file} is not a GGUF file; name the repo, or a .gguf file in it.`);
			}
			return this.ref.file;
		}
		const files = this.info?.files ?? null;
		const ggufs = (files ?? []).filter((f) => f.toLowerCase().endsWith(".gguf") && !/mmproj/i.test(f)).sort();
		const wanted = this.ref.tag ?? (files && !files.includes("config.json") && ggufs.length > 0 ? (this.quant ?? DEFAULT_GGUF_QUANT) : null);
		if (wanted === null) return null;
		if (!files) {
			throw new HubError("not_found", `Could not list the files of ${this.ref.repo} to find its ${wanted} GGUF.`);
		}
		const byLabel = ggufs.filter((f) => parseGGUFQuantLabel(f.split("/").pop() ?? f)?.toUpperCase() === wanted.toUpperCase());
		const byName = ggufs.filter((f) => f.toUpperCase().includes(wanted.toUpperCase()));
		const candidates = byLabel.length > 0 ? byLabel : byName;
		// a split file is named by its first shard
		const pick = candidates.find((f) => !/-\d{5}-of-\d{5}\.gguf$/i.test(f) || /-00001-of-\d{5}\.gguf$/i.test(f));
		if (pick) {
			if (!this.ref.tag) this.assumed.push(`read ${pick}: the repo has GGUF files only, and ${wanted} was the quant asked for (or canirun's default)`);
			return pick;
		}
		if (this.ref.tag || ggufs.length === 0) {
			const available = [...new Set(ggufs.map((f) => parseGGUFQuantLabel(f.split("/").pop() ?? f)).filter(Boolean))].slice(0, 8);
			throw new HubError("not_found", `${this.ref.repo} has no ${wanted} GGUF${available.length > 0 ? ` (it has ${available.join(", ")})` : ""}.`);
		}
		const first = ggufs.find((f) => !/-\d{5}-of-\d{5}\.gguf$/i.test(f) || /-00001-of-\d{5}\.gguf$/i.test(f)) ?? null;
		if (first) this.assumed.push(`read ${first}: the repo has no ${wanted} GGUF`);
		return first;
	}

	/** GET a repo file through the Hub fetch; null when the Hub says the file (not the repo) is missing. */
	private async getFile(path: string, range?: { start: number; end: number }): Promise<Response | null> {
		const response = await this.fetchFor({ file: path })(this.fileUrl(path), {
			headers: range ? { Range: `bytes=${range.start}-${range.end}` } : {},
		});
		if (response.ok) return response;
		const code = response.headers.get("x-error-code");
		await response.body?.cancel().catch(() => undefined);
		// without the model API, a plain 404 cannot tell a missing repo from a missing file: report the repo
		const fileMissing = response.status === 404 && (code === "EntryNotFound" || (code === null && this.info !== null));
		if (fileMissing) return null;
		if (range && response.status === 416) return null;
		throw hubErrorFromStatus(response.status, code, {
			repo: this.ref.repo,
			file: code === "EntryNotFound" ? path : null,
			gated: this.info?.gated,
			hasToken: this.token !== undefined,
		});
	}

	private async loadConfig(optional: boolean): Promise<HubConfig | null> {
		const response = await this.getFile("config.json");
		if (!response) {
			if (optional) return null;
			if (this.info === null)
				throw new HubError("not_found", `No model repo "${this.ref.repo}" on the Hugging Face Hub (check the spelling, or it may be private).`);
			return null;
		}
		const bytes = new Uint8Array(await response.arrayBuffer());
		if (bytes.byteLength > MAX_CONFIG_BYTES) throw new HubError("too_large", `${this.ref.repo}'s config.json is larger than ${MAX_CONFIG_BYTES >> 20} MiB.`);
		let json: unknown;
		try {
			json = JSON.parse(new TextDecoder().decode(bytes));
		} catch {
			throw new HubError("malformed", `${this.ref.repo}'s config.json is not valid JSON.`);
		}
		const parsed = HubConfigSchema.safeParse(json);
		if (!parsed.success) throw new HubError("malformed", `${this.ref.repo}'s config.json is not a model config object.`);
		this.sources.push(this.sourceLabel("config.json"));
		return parsed.data;
	}

	private async loadGguf(file: string): Promise<GgufHeader> {
		const header = await readGgufHeader(file, (f) => this.fileUrl(f), this.fetchFor({ file, throwOnHttpError: true }));
		this.sources.push(...header.files.map((f) => this.sourceLabel(`${f} (GGUF header)`)));
		return header;
	}

	/** The safetensors headers by plain range reads; `failed` when they exist but could not be read that way. */
	private async loadSafetensorsHeaders(): Promise<{ read: SafetensorsHeaders | null; failed: boolean }> {
		const files = this.info?.files ?? null;
		const single = files?.includes("model.safetensors") ?? false;
		const sharded = files?.includes("model.safetensors.index.json") ?? false;
		if (files && !single && !sharded) return { read: null, failed: false };
		try {
			const read = await readSafetensorsHeadersDirect({
				readRange: async (path, start, end) => {
					const response = await this.getFile(path, { start, end });
					return response ? new Uint8Array(await response.arrayBuffer()) : null;
				},
				readText: async (path) => {
					const response = await this.getFile(path);
					return response ? response.text() : null;
				},
				layout: single ? "single" : sharded ? "sharded" : "unknown",
			});
			return { read, failed: false };
		} catch (error) {
			if (error instanceof HubError && (error.code === "timeout" || error.code === "too_large")) throw error;
			return { read: null, failed: true };
		}
	}

	/** Exact counts from the headers; @huggingface/hub's parser when our plain reads failed. */
	private async countCheckpoint(
		config: HubConfig,
		textLayers: number,
		headers: { read: SafetensorsHeaders | null; failed: boolean },
	): Promise<{ counts: SafetensorsCounts | null; from: HubModel["paramsFrom"] }> {
		const quantConfig = ((config as Record<string, unknown>)["quantization_config"] ?? undefined) as QuantizationConfig | undefined;
		if (headers.read) {
			const counts = await countSafetensors(headers.read, quantConfig, textLayers);
			this.sources.push(...counts.files.map((f) => this.sourceLabel(`${f} (safetensors header)`)));
			return { counts, from: "safetensors" };
		}
		if (!headers.failed) return { counts: null, from: "config-estimate" };
		try {
			const counts = await readSafetensorsCounts({
				repo: this.ref.repo,
				revision: this.revision,
				hubUrl: this.endpoint,
				fetch: this.fetchFor(),
				quantConfig,
				textLayers,
			});
			this.sources.push(...counts.files.map((f) => this.sourceLabel(`${f} (safetensors header)`)));
			return { counts, from: "safetensors" };
		} catch (error) {
			const mapped = this.mapError(error);
			if (mapped.code === "timeout" || mapped.code === "too_large") throw mapped;
			this.assumed.push(`the safetensors header could not be read (${mapped.message.slice(0, 100)})`);
			return { counts: null, from: "config-estimate" };
		}
	}

	private fromConfig(facts: ConfigFacts, st: { counts: SafetensorsCounts | null; from: HubModel["paramsFrom"] }): HubModel {
		// the engine's tensor list of this architecture: the fallback count, and the routed-expert share
		const estimate = countParams(this.buildModel(facts, { total: 1, active: 1, vision: 0 }, null, null));
		let paramsFrom = st.from;
		let total: number;
		let active: number;
		let vision = 0;
		if (st.counts) {
			total = st.counts.total;
			vision = st.counts.vision;
			let routed = st.counts.routedExperts;
			if (facts.moe && routed === 0) {
				routed = estimate.byGroup.routedExperts;
				this.assumed.push("the routed-expert share of the parameters is estimated from config.json (expert tensors not recognised by name)");
			}
			active = this.activeParams(facts, total - vision - st.counts.mtp, routed);
		} else if (this.info?.safetensorsTotal) {
			total = this.info.safetensorsTotal;
			paramsFrom = "hub-api";
			active = Math.round(estimate.active * (total / estimate.total));
			this.assumed.push("parameter count from the Hub API's safetensors summary (the header itself was not read); active share from config.json");
		} else {
			total = estimate.total;
			active = estimate.active;
			paramsFrom = "config-estimate";
			this.assumed.push("parameter count computed from config.json (no safetensors header was read)");
		}
		return this.finish(facts, { total, active, vision }, paramsFrom, null, null, null, null);
	}

	private fromGguf(file: string, header: GgufHeader, config: HubConfig | null): HubModel {
		const mapping = mapGguf(header.metadata, header.tensors);
		this.assumed.push(...mapping.assumed);
		let facts = mapping.facts;
		if (config) {
			// HF names read better than llama.cpp's; the GGUF stays the source of every size
			const hfArch = config.architectures?.[0];
			facts = { ...facts, architecture: hfArch ?? facts.architecture, modelType: config.model_type ?? facts.modelType };
		}
		let total = 0;
		let routed = 0;
		let mtp = 0;
		for (const t of header.tensors) {
			const elements = t.shape.reduce((acc, d) => acc * d, 1);
			total += elements;
			const block = /^blk\.(\d+)\./.exec(t.name)?.[1];
			if (block !== undefined && Number(block) >= facts.layers)
				mtp += elements; // nextn blocks (GLM-4.5)
			else if (/_exps\.(weight|bias)$/.test(t.name)) routed += elements;
		}
		if (total <= 0) throw new HubError("malformed", `${file} has no tensors.`);
		// GGUF converters put vision towers in a separate mmproj file: every tensor here is text
		const active = this.activeParams(facts, total - mtp, routed);
		return this.finish(facts, { total, active, vision: 0 }, "gguf", header.tensors, mapping.fileType, file, header.fileBytes, mapping.license);
	}

	/** A token reads every text weight except the routed experts it is not routed to. */
	private activeParams(facts: ConfigFacts, textTotal: number, routed: number): number {
		const moe = facts.moe;
		const inactive = moe ? Math.round((routed * (moe.experts - moe.activeExperts)) / moe.experts) : 0;
		return Math.max(1, textTotal - inactive);
	}

	/** The Model object before validation (also fed to the engine's countParams for the fallback count). */
	private buildModel(
		facts: ConfigFacts,
		params: { total: number; active: number; vision: number },
		file: string | null,
		ggufFileType: string | null,
		ggufLicense: string | null = null,
	): Model {
		const [org = "hub", name = this.ref.repo] = this.ref.repo.split("/");
		let id = this.ref.repo
			.toLowerCase()
			.replace("/", "--")
			.replace(/[^a-z0-9._-]/g, "-");
		if (!/^[a-z0-9]/.test(id)) id = `hf-${id}`;
		const release = this.info?.createdAt?.slice(0, 10);
		return {
			id,
			name,
			family: facts.modelType,
			publisher: org,
			aliases: [this.ref.repo],
			// Ollama runs Hub GGUFs as hf.co/org/name:QUANT
			ollamaTags: file && ggufFileType ? [`hf.co/${this.ref.repo}:${ggufFileType}`] : [],
			hfRepo: this.ref.repo,
			...facts,
			totalParams: params.total,
			activeParams: Math.min(params.active, params.total),
			visionParams: params.vision,
			license: this.info?.license ?? ggufLicense ?? "unknown",
			// the schema wants a date; the Hub's creation date, else the day we read it
			releaseDate: release && /^\d{4}-\d{2}-\d{2}$/.test(release) ? release : new Date().toISOString().slice(0, 10),
			relations: { distilledFrom: [], baseModel: null, smallerSiblings: [] },
			source: this.sources.length > 0 ? [...this.sources] : [this.sourceLabel("")],
			notes: `Read from the Hugging Face Hub (${this.ref.repo}@${this.revision.slice(0, 12)}${file ? `, ${file}` : ""}).`,
		};
	}

	private finish(
		facts: ConfigFacts,
		params: { total: number; active: number; vision: number },
		paramsFrom: HubModel["paramsFrom"],
		tensors: TensorInfo[] | null,
		ggufFileType: string | null,
		file: string | null,
		fileBytes: number | null,
		ggufLicense: string | null = null,
	): HubModel {
		const parsed = ModelSchema.safeParse(this.buildModel(facts, params, file, ggufFileType, ggufLicense));
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new HubError("malformed", `${this.ref.repo} gave a model canirun cannot use (${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}).`);
		}
		return {
			model: parsed.data,
			tensors,
			ggufFileType,
			source: { repo: this.ref.repo, revision: this.revision, file, endpoint: this.endpoint },
			assumed: [...new Set(this.assumed)],
			fileBytes,
			paramsFrom,
		};
	}
}
