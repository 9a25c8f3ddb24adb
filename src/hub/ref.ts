/**
 * Recognises a Hugging Face Hub reference in what a user typed: `org/name`, `hf.co/org/name`,
 * `huggingface.co/org/name`, a full URL (`…/blob/main/x.gguf`, `…/resolve/<rev>/x.gguf`,
 * `…/tree/<rev>`), Ollama's `hf.co/org/name:Q4_K_M` tag form, and `org/name@revision`.
 * Everything else (`qwen3 32b`, `2x4090`, `4090+3090`, `tok/s`) is not a Hub ref: null.
 */

import { hubEnv } from "./env.js";

export interface HubRef {
	/** `org/name`, as the Hub spells it (case kept: the Hub redirects case variants) */
	repo: string;
	/** branch, tag or commit when the text named one; null = the default branch */
	revision: string | null;
	/** a file inside the repo (a GGUF), when the text named one */
	file: string | null;
	/** Ollama-style `:TAG` after the repo (`hf.co/org/name:Q4_K_M`): picks the GGUF whose name holds it */
	tag: string | null;
}

/**
 * huggingface_hub `utils/_validators.py` REPO_ID_REGEX: word chars, '-' and '.', at most 96
 * characters, no "--" or ".." inside, not starting or ending with '-' or '.'.
 */
const REPO_PART = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const MAX_REPO_ID_CHARS = 96;
/** Ollama tags and git refs we accept after ':' or '@' */
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const REVISION_RE = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;
const HUB_HOSTS = new Set(["huggingface.co", "www.huggingface.co", "hf.co"]);
/** Discord wraps links in <…>; people end sentences after a link. */
const WRAPPING = /^[<("'`]+|[>)"'`.,;!?]+$/g;
const HAS_LETTER = /[A-Za-z]/;

function isRepoPart(part: string): boolean {
	return part.length >= 2 && REPO_PART.test(part) && !part.includes("--") && !part.includes("..") && HAS_LETTER.test(part);
}

function safeDecode(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}

/** Hosts that count as "the Hub": huggingface.co, hf.co, and the host of HF_ENDPOINT (mirrors, tests). */
function hubHosts(): Set<string> {
	const hosts = new Set(HUB_HOSTS);
	const { endpoint } = hubEnv();
	if (endpoint) {
		try {
			hosts.add(new URL(endpoint).host.toLowerCase());
		} catch {
			// a malformed HF_ENDPOINT is reported by resolveHubModel; here it just adds no host
		}
	}
	return hosts;
}

/** Splits `org/name[:tag][@rev]` (the repo part of a ref). */
function parseRepoWithSuffix(org: string, nameWithSuffix: string): Omit<HubRef, "file"> | null {
	let name = nameWithSuffix;
	let revision: string | null = null;
	let tag: string | null = null;
	const at = name.indexOf("@");
	if (at >= 0) {
		revision = name.slice(at + 1);
		name = name.slice(0, at);
		if (!REVISION_RE.test(revision)) return null;
	}
	const colon = name.indexOf(":");
	if (colon >= 0) {
		tag = name.slice(colon + 1);
		name = name.slice(0, colon);
		if (!TAG_RE.test(tag)) return null;
		if (tag.toLowerCase() === "latest") tag = null; // Ollama's default tag: no preference
	}
	if (!isRepoPart(org) || !isRepoPart(name) || org.length + 1 + name.length > MAX_REPO_ID_CHARS) return null;
	return { repo: `${org}/${name}`, revision, tag };
}

/** `[org, name, ("blob"|"resolve"|"tree"), rev, ...file]` or `[org, name, ...file]` */
function parsePathSegments(segments: string[]): HubRef | null {
	const [org, nameWithSuffix, kind, rev, ...rest] = segments;
	if (org === undefined || nameWithSuffix === undefined) return null;
	if (org === "datasets" || org === "spaces" || org === "api" || org === "models") return null;
	const base = parseRepoWithSuffix(org, nameWithSuffix);
	if (!base) return null;
	if (kind === undefined) return { ...base, file: null };
	if (kind === "blob" || kind === "resolve" || kind === "tree" || kind === "raw") {
		if (rev === undefined) return { ...base, file: null };
		if (!REVISION_RE.test(rev)) return null;
		const file = kind === "tree" || rest.length === 0 ? null : rest.join("/");
		return { ...base, revision: rev, file };
	}
	// `org/name/path/to/file.gguf` (no blob/<rev>): only a GGUF file is meaningful here
	const file = [kind, rev, ...rest].filter((s): s is string => s !== undefined).join("/");
	if (!file.toLowerCase().endsWith(".gguf")) return null;
	return { ...base, file };
}

function splitPath(path: string): string[] | null {
	const out: string[] = [];
	for (const raw of path.split("/")) {
		if (raw === "") continue;
		const seg = safeDecode(raw);
		if (seg === null || seg === "." || seg === ".." || seg.includes("\\")) return null;
		out.push(seg);
	}
	return out;
}

/**
 * Parses one Hub reference. The text must be a single token (no spaces): a query such as
 * "qwen3 32b" is for the catalog, not the Hub. Returns null when the text is not a Hub ref.
 */
export function parseHubRef(text: string): HubRef | null {
	const token = text.trim().replace(WRAPPING, "");
	if (token === "" || /\s/.test(token) || token.length > 512) return null;

	// hf://org/name (huggingface_hub's fsspec form)
	if (token.toLowerCase().startsWith("hf://")) {
		const segments = splitPath(token.slice("hf://".length));
		return segments ? parsePathSegments(segments) : null;
	}

	const hasScheme = /^https?:\/\//i.test(token);
	const firstSlash = token.indexOf("/");
	const head = firstSlash >= 0 ? token.slice(0, firstSlash).toLowerCase() : "";
	if (hasScheme || hubHosts().has(head)) {
		let url: URL;
		try {
			url = new URL(hasScheme ? token : `https://${token}`);
		} catch {
			return null;
		}
		if (!hubHosts().has(url.host.toLowerCase())) return null;
		// the Ollama tag lives in the path (`hf.co/org/name:Q4_K_M`), which URL keeps as is
		const segments = splitPath(url.pathname);
		return segments ? parsePathSegments(segments) : null;
	}

	// bare org/name[...]: no scheme, no host
	const segments = splitPath(token);
	if (!segments || segments.length < 2) return null;
	return parsePathSegments(segments);
}

/**
 * Finds the first word of a free-text query that is a Hub ref, for the command layer:
 * `"Qwen/Qwen3-4B q4_k_m 24gb"` → the ref and the remaining words.
 */
export function findHubRef(text: string): { ref: HubRef; word: string; rest: string } | null {
	const words = text.split(/\s+/).filter((w) => w !== "");
	for (const [index, word] of words.entries()) {
		const ref = parseHubRef(word);
		if (ref) {
			const rest = words.filter((_, i) => i !== index).join(" ");
			return { ref, word, rest };
		}
	}
	return null;
}

/** The canonical text of a ref (cache key, messages). */
export function formatHubRef(ref: HubRef): string {
	return `${ref.repo}${ref.tag ? `:${ref.tag}` : ""}${ref.revision ? `@${ref.revision}` : ""}${ref.file ? `/${ref.file}` : ""}`;
}
