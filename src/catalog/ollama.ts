/**
 * The Ollama tag table (catalog/ollama.json): what `ollama run name[:tag]` pulls, as a catalog model
 * and a quantization. Ollama names are not model names: `deepseek-r1` alone (= `deepseek-r1:latest`)
 * is an 8B distill while the catalog's DeepSeek-R1 is the 671B model, so tags resolve through this
 * table and never through fuzzy matching. Each table entry names a Hugging Face repo; the catalog
 * model is the one with that `hfRepo` (or alias), and when the catalog has none yet the repo is
 * handed to the Hub path. Used by the model resolver (typed tags) and by the run commands (the tag
 * to print for a model).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CatalogError } from "./catalog-error.js";
import { compactKey } from "./fold.js";
import { FoldedKeys } from "./folded-keys.js";
import { resolveQuantExactWith } from "./resolve-quant.js";
import type { QuantIndex } from "./resolve-quant.js";
import type { Catalog } from "./read.js";
import { defaultCatalogDir } from "./read.js";
import type { Model, Quant } from "./schema.js";

export const OLLAMA_FILE = "ollama.json";

/** One name of the library, as stored in catalog/ollama.json. */
export interface OllamaNameEntry {
	name: string;
	source: string;
	/** the tag `ollama run name` pulls; null when it was not confirmed (a bare name then asks) */
	latest: string | null;
	/** the quantization (catalog quant id) of the name's size tags */
	quant: string;
	/** tag → Hugging Face repo */
	tags: Record<string, string>;
	note?: string;
}

export interface OllamaTableFile {
	about: string;
	names: OllamaNameEntry[];
}

/** One tag, joined to the catalog. */
export interface OllamaTag {
	name: string;
	tag: string;
	/** "name:tag", as `ollama run` takes it */
	ref: string;
	hfRepo: string;
	/** the catalog model with that repo; null when the catalog does not have it (the Hub can estimate it) */
	model: Model | null;
	/** the catalog quant id the tag serves */
	quant: string;
	/** this tag is what the bare name pulls */
	isLatest: boolean;
	source: string;
}

export type OllamaLookup =
	/** the text is a tag of the table (a quant suffix, "-q8_0", read as `quant`) */
	| { kind: "tag"; tag: OllamaTag; quant: Quant | null }
	/** a library name with a tag the table does not have ("qwen3:70b"), or a bare name whose default is unknown */
	| { kind: "unknown-tag"; name: string; typedTag: string; tags: OllamaTag[] };

export interface OllamaIndex {
	/** every tag of every name, table order */
	readonly tags: readonly OllamaTag[];
	/** library name → its tags */
	readonly byName: ReadonlyMap<string, readonly OllamaTag[]>;
	/** "name:tag" (lowercase) → tag */
	readonly byRef: ReadonlyMap<string, OllamaTag>;
	/** A typed Ollama reference ("qwen3", "qwen3:8b", "library/qwen3:8b-q8_0", "qwen3:latest"), or null when the name is not in the library table. */
	lookup(text: string): OllamaLookup | null;
	/** The library name a typed text is, folded ("gemma 3", "Qwen3", "gpt oss" → gemma3, qwen3, gpt-oss); null when none. */
	nameOf(text: string): string | null;
	/** The tag to print in `ollama run` for a catalog model: a size tag, not the name alone. Null when the library has none. */
	forModel(model: Model): OllamaTag | null;
}

let fileMemo: OllamaTableFile | null = null;

/** Read and check catalog/ollama.json (once per process). Throws a CatalogError naming the entry. */
export function readOllamaTable(dir: string = defaultCatalogDir()): OllamaTableFile {
	if (fileMemo !== null && dir === defaultCatalogDir()) return fileMemo;
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(join(dir, OLLAMA_FILE), "utf8")) as unknown;
	} catch (err) {
		// a catalog directory without the table (an older catalog/, a test fixture) has no Ollama tags:
		// typed tags then resolve as names; a table that is there but broken still stops start-up
		if ((err as NodeJS.ErrnoException)?.code === "ENOENT") return { about: "", names: [] };
		throw new CatalogError(OLLAMA_FILE, null, null, `cannot read (${err instanceof Error ? err.message : String(err)})`);
	}
	const table = checkTable(raw);
	if (dir === defaultCatalogDir()) fileMemo = table;
	return table;
}

const TAG_TEXT = /^[a-z0-9][a-z0-9._-]*$/;
const REPO_TEXT = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A hand check of the file's shape (no zod on the CLI's path, issue 8). */
function checkTable(raw: unknown): OllamaTableFile {
	const names = (raw as { names?: unknown })?.names;
	if (!Array.isArray(names)) throw new CatalogError(OLLAMA_FILE, null, "names", "must be an array");
	const seen = new Set<string>();
	for (const e of names as OllamaNameEntry[]) {
		const id = typeof e?.name === "string" ? e.name : "?";
		if (!TAG_TEXT.test(id)) throw new CatalogError(OLLAMA_FILE, id, "name", "must be a lowercase library name");
		if (seen.has(id)) throw new CatalogError(OLLAMA_FILE, id, "name", "duplicate");
		seen.add(id);
		if (typeof e.source !== "string" || !e.source.startsWith("https://")) throw new CatalogError(OLLAMA_FILE, id, "source", "must be the library page URL");
		if (typeof e.quant !== "string") throw new CatalogError(OLLAMA_FILE, id, "quant", "must be a quant id");
		if (typeof e.tags !== "object" || e.tags === null) throw new CatalogError(OLLAMA_FILE, id, "tags", "must be an object");
		for (const [tag, repo] of Object.entries(e.tags)) {
			if (!TAG_TEXT.test(tag) || tag === "latest") throw new CatalogError(OLLAMA_FILE, id, `tags.${tag}`, "bad tag");
			if (typeof repo !== "string" || !REPO_TEXT.test(repo)) throw new CatalogError(OLLAMA_FILE, id, `tags.${tag}`, "must be an org/name Hugging Face repo");
		}
		if (e.latest !== null && (typeof e.latest !== "string" || !(e.latest in e.tags))) {
			throw new CatalogError(OLLAMA_FILE, id, "latest", "must be one of the tags, or null");
		}
	}
	return raw as OllamaTableFile;
}

/** Catalog models by lowercase HF repo: each model's hfRepo, then aliases of the org/name form. */
function modelsByRepo(cat: Catalog): Map<string, Model> {
	const out = new Map<string, Model>();
	for (const m of cat.models) if (m.hfRepo !== null) out.set(m.hfRepo.toLowerCase(), m);
	for (const m of cat.models) {
		for (const a of m.aliases) {
			const k = a.toLowerCase();
			if (REPO_TEXT.test(a) && !out.has(k)) out.set(k, m);
		}
	}
	return out;
}

/** Words between a size tag and its quantization that change nothing ("8b-instruct-q4_K_M", "27b-it-q8_0"). */
const FLAVOR_WORDS: ReadonlySet<string> = new Set(["instruct", "it", "chat"]);
/** Suffixes naming a quantization in a different spelling than the catalog's. */
const QUANT_SUFFIX: ReadonlyMap<string, string> = new Map([
	["fp16", "F16"],
	["f16", "F16"],
	["bf16", "BF16"],
	["fp32", "F32"],
	// Gemma 3 "it-qat" tags are Google's quantization-aware Q4_0 GGUFs
	["qat", "Q4_0"],
]);

class TableIndex implements OllamaIndex {
	readonly tags: OllamaTag[] = [];
	readonly byName = new Map<string, OllamaTag[]>();
	readonly byRef = new Map<string, OllamaTag>();
	readonly #byModel = new Map<string, OllamaTag>();
	readonly #byFolded = new Map<string, string>();
	/** #byFolded looked up as typed, without folding the text into a new string (nameOf runs for every model named) */
	readonly #byFoldedKeys: FoldedKeys<string>;
	constructor(
		private readonly cat: Catalog,
		private readonly quants: QuantIndex,
		table: OllamaTableFile,
	) {
		const repos = modelsByRepo(cat);
		for (const e of table.names) {
			const list: OllamaTag[] = [];
			for (const [tag, repo] of Object.entries(e.tags)) {
				const t: OllamaTag = {
					name: e.name,
					tag,
					ref: `${e.name}:${tag}`,
					hfRepo: repo,
					model: repos.get(repo.toLowerCase()) ?? null,
					quant: e.quant,
					isLatest: e.latest === tag,
					source: e.source,
				};
				list.push(t);
				this.tags.push(t);
				this.byRef.set(t.ref, t);
				// the first size tag of a model is the one printed ("qwen3:30b" before "qwen3:30b-a3b")
				if (t.model !== null && !this.#byModel.has(t.model.id)) this.#byModel.set(t.model.id, t);
			}
			this.byName.set(e.name, list);
			this.#byFolded.set(compactKey(e.name), e.name);
		}
		this.#byFoldedKeys = new FoldedKeys(this.#byFolded);
	}

	nameOf(text: string): string | null {
		const t = text.trim();
		if (t.length > 40 || t.includes(":")) return null;
		return this.#byFoldedKeys.get(t) ?? null;
	}

	lookup(text: string): OllamaLookup | null {
		let t = text.trim().toLowerCase();
		if (t.startsWith("ollama.com/")) t = t.slice("ollama.com/".length);
		if (t.startsWith("library/")) t = t.slice("library/".length);
		const colon = t.indexOf(":");
		const name = colon >= 0 ? t.slice(0, colon) : t;
		const list = this.byName.get(name);
		if (list === undefined) return null;
		const typedTag = colon >= 0 ? t.slice(colon + 1) : "latest";
		if (typedTag === "latest") {
			const latest = list.find((x) => x.isLatest);
			return latest !== undefined ? { kind: "tag", tag: latest, quant: null } : { kind: "unknown-tag", name, typedTag, tags: list };
		}
		const whole = this.byRef.get(`${name}:${typedTag}`);
		if (whole !== undefined) return { kind: "tag", tag: whole, quant: null };
		// "8b-instruct-q4_K_M", "27b-it-qat": the longest known tag followed by flavor words and a quantization
		for (let i = typedTag.lastIndexOf("-"); i > 0; i = typedTag.lastIndexOf("-", i - 1)) {
			const base = this.byRef.get(`${name}:${typedTag.slice(0, i)}`);
			if (base === undefined) continue;
			const rest = typedTag.slice(i + 1).split("-");
			while (rest.length > 0 && FLAVOR_WORDS.has(rest[0] ?? "")) rest.shift();
			if (rest.length === 0) return { kind: "tag", tag: base, quant: null };
			const q = this.#quant(rest.join("-"));
			if (q !== null) return { kind: "tag", tag: base, quant: q };
			break;
		}
		return { kind: "unknown-tag", name, typedTag, tags: list };
	}

	#quant(text: string): Quant | null {
		const alias = QUANT_SUFFIX.get(text);
		if (alias !== undefined) return this.cat.quantById.get(alias) ?? null;
		return resolveQuantExactWith(this.cat, this.quants, text);
	}

	forModel(model: Model): OllamaTag | null {
		return this.#byModel.get(model.id) ?? null;
	}
}

const cache = new WeakMap<Catalog, OllamaIndex>();

/** The table joined to a catalog, built on first use and kept beside it. */
export function ollamaIndexOf(cat: Catalog, quants: QuantIndex, table: OllamaTableFile = readOllamaTable()): OllamaIndex {
	let ix = cache.get(cat);
	if (ix === undefined) {
		ix = new TableIndex(cat, quants, table);
		cache.set(cat, ix);
	}
	return ix;
}
