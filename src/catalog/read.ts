/**
 * Reading catalog/*.json without zod: the files, their parse, the lookup maps, and the stamped fast
 * path of the one-shot CLI (issue 8). A catalog whose bytes hash to catalog/stamp.json passed the full
 * zod validation when the stamp was written (scripts/build-catalog-stamp.ts), so no check runs again;
 * anything else is handed back raw for load.ts / validate.ts to validate fully.
 *
 * The bundled CLI skips even the hash: the build (scripts/bundle-cli.mjs) writes a copy of the files'
 * bytes next to the bundle, only when they hash to the stamp (writeValidatedCopy), and a run whose
 * files are byte for byte that copy is stamped by the same argument: a compare instead of SHA-256,
 * and node:crypto is never loaded (~6 ms of a ~100 ms run). Files that differ from the copy in any
 * byte are hashed as before.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG_FILES, CatalogError } from "./catalog-error.js";
import type { CatalogData } from "./cross-check.js";
import type { Device, Model, Quant, System } from "./schema.js";
import { catalogHash, fileFrame, readStamp } from "./stamp.js";

export interface Catalog {
	models: Model[];
	devices: Device[];
	quants: Quant[];
	systems: System[];
	modelById: ReadonlyMap<string, Model>;
	deviceById: ReadonlyMap<string, Device>;
	quantById: ReadonlyMap<string, Quant>;
	systemById: ReadonlyMap<string, System>;
}

/** How far up from this module we look for catalog/ (src/catalog → 2 levels, dist/src/catalog → 3). */
const MAX_PARENT_LEVELS = 5;

/** The directory found by the first call: it depends only on where this module sits, so it is looked up once. */
const foundDir: { dir?: string } = {};

/** The repo's catalog/ directory, found relative to this module (works from src/ and from dist/src/). */
export function defaultCatalogDir(): string {
	foundDir.dir ??= findCatalogDir();
	return foundDir.dir;
}

function findCatalogDir(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i <= MAX_PARENT_LEVELS; i++) {
		const candidate = join(dir, "catalog", CATALOG_FILES.models);
		if (existsSync(candidate)) return join(dir, "catalog");
		dir = dirname(dir);
	}
	throw new CatalogError(CATALOG_FILES.models, null, null, `catalog/ directory not found above ${dirname(fileURLToPath(import.meta.url))}`);
}

function readBytes(dir: string, file: string): Buffer {
	const path = join(dir, file);
	try {
		return readFileSync(path);
	} catch {
		throw new CatalogError(file, null, null, `cannot read ${path}`);
	}
}

function parseJson(file: string, text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw new CatalogError(file, null, null, `invalid JSON (${err instanceof Error ? err.message : String(err)})`);
	}
}

/** The four files, read and parsed (not yet validated), and whether their bytes are the stamped ones. */
export interface RawCatalog {
	/** parsed JSON by file name (CATALOG_FILES values) */
	raw: Record<string, unknown>;
	/** the bytes match catalog/stamp.json (or the build-time copy of stamped files); worked out on first read */
	readonly stamped: boolean;
	/**
	 * What the build stored in the copy after the files (writeValidatedCopy's extras, e.g. prebuilt
	 * indexes, src/catalog/prebuilt.ts), by name: made from these very bytes. Empty unless the copy vouched.
	 */
	readonly extras: ReadonlyMap<string, Buffer>;
}

export interface ReadOptions {
	/** a build-time copy of stamped files (writeValidatedCopy): files equal to it need no hash */
	validatedCopy?: string;
}

interface FileBytes {
	name: string;
	text: Buffer;
}

/** The files in CATALOG_FILES order, read as bytes; throws a CatalogError for a missing one. */
function readFiles(dir: string): FileBytes[] {
	return Object.values(CATALOG_FILES).map((name) => ({ name, text: readBytes(dir, name) }));
}

/** Frames in the copy's layout: each one's frame (stamp.ts fileFrame: name, length) and bytes, in order. */
function framed(files: readonly { name: string; text: string | Uint8Array }[]): Buffer {
	return Buffer.concat(files.flatMap((f) => [Buffer.from(fileFrame(f)), typeof f.text === "string" ? Buffer.from(f.text) : f.text]));
}

/** The frames of `bytes` from `at` on (name → contents), or null when they are not well formed. */
function framesFrom(bytes: Buffer, at: number): Map<string, Buffer> | null {
	const out = new Map<string, Buffer>();
	while (at < bytes.length) {
		const nameEnd = bytes.indexOf(10, at);
		const lengthEnd = nameEnd < 0 ? -1 : bytes.indexOf(10, nameEnd + 1);
		if (lengthEnd < 0) return null;
		const length = Number(bytes.toString("latin1", nameEnd + 1, lengthEnd));
		const end = lengthEnd + 1 + length;
		if (!Number.isSafeInteger(length) || length < 0 || end > bytes.length) return null;
		out.set(bytes.toString("utf8", at, nameEnd), bytes.subarray(lengthEnd + 1, end));
		at = end;
	}
	return out;
}

/**
 * When `files` are byte for byte the ones the copy at `path` starts with: the copy's extras (by name);
 * otherwise (a byte differs, the copy is missing, unreadable or malformed) null.
 */
function sameAsCopy(files: readonly FileBytes[], path: string): Map<string, Buffer> | null {
	let copy: Buffer;
	try {
		copy = readFileSync(path);
	} catch {
		return null;
	}
	let at = 0;
	for (const f of files) {
		const frame = Buffer.from(fileFrame(f));
		for (const part of [frame, f.text]) {
			const end = at + part.length;
			if (end > copy.length || copy.compare(part, 0, part.length, at, end) !== 0) return null;
			at = end;
		}
	}
	return framesFrom(copy, at);
}

/** Read and parse the files; throws a CatalogError for a missing file or bad JSON. */
export function readCatalogFiles(dir: string, opts: ReadOptions = {}): RawCatalog {
	const files = readFiles(dir);
	const raw: Record<string, unknown> = {};
	for (const f of files) raw[f.name] = parseJson(f.name, f.text.toString("utf8"));
	const extras = opts.validatedCopy !== undefined ? sameAsCopy(files, opts.validatedCopy) : null;
	let stamped: boolean | null = extras !== null ? true : null;
	return {
		raw,
		// the bot validates fully and never asks: no hash is computed for it
		get stamped() {
			stamped ??= readStamp(dir) === catalogHash(files);
			return stamped;
		},
		extras: extras ?? new Map(),
	};
}

/**
 * Writes the build-time copy (see the file comment) of the files in `dir` to `path`, followed by
 * `extras` (made from these files by the caller), when they hash to dir/stamp.json; otherwise writes
 * nothing and returns false (an edited catalog is validated per run).
 */
export function writeValidatedCopy(dir: string, path: string, extras: readonly { name: string; text: string }[] = []): boolean {
	const files = readFiles(dir);
	if (readStamp(dir) !== catalogHash(files)) return false;
	const partial = `${path}.${process.pid}.tmp`;
	writeFileSync(partial, framed([...files, ...extras]));
	// a reader sees the old copy or the new one, never half of one
	renameSync(partial, path);
	return true;
}

/** The files as typed data, on the word of the stamp (see stamp.ts). */
function stampedData(raw: Record<string, unknown>): CatalogData {
	return {
		models: raw[CATALOG_FILES.models] as CatalogData["models"],
		devices: raw[CATALOG_FILES.devices] as CatalogData["devices"],
		quants: raw[CATALOG_FILES.quants] as CatalogData["quants"],
		systems: raw[CATALOG_FILES.systems] as CatalogData["systems"],
	};
}

/**
 * A model with every field of the schema, in the schema's order, the optional ones undefined when
 * absent: zod (and the stamped JSON) leave an absent optional key out, so the catalog's models came in
 * five object shapes (flagship, blockPattern, perLayerEmbedding), and every read of a model field in a
 * loop over models saw them all and became a slow (megamorphic) load. One literal gives one shape.
 * JSON.stringify leaves undefined fields out, so a model serializes as before.
 */
function oneShapeModel(m: Model): Model {
	return {
		id: m.id,
		name: m.name,
		family: m.family,
		publisher: m.publisher,
		aliases: m.aliases,
		ollamaTags: m.ollamaTags,
		hfRepo: m.hfRepo,
		architecture: m.architecture,
		modelType: m.modelType,
		totalParams: m.totalParams,
		activeParams: m.activeParams,
		layers: m.layers,
		mtpLayers: m.mtpLayers,
		hiddenSize: m.hiddenSize,
		vocabSize: m.vocabSize,
		tiedEmbeddings: m.tiedEmbeddings,
		blockPattern: m.blockPattern,
		perLayerEmbedding: m.perLayerEmbedding,
		contextLength: m.contextLength,
		nativeDtype: m.nativeDtype,
		attention: m.attention,
		ffn: m.ffn,
		moe: m.moe,
		visionParams: m.visionParams,
		license: m.license,
		releaseDate: m.releaseDate,
		relations: m.relations,
		source: m.source,
		notes: m.notes,
		flagship: m.flagship,
	};
}

/** A device in one shape, as oneShapeModel (memory, unifiedRule and ramFromUser made five shapes). */
function oneShapeDevice(d: Device): Device {
	return {
		id: d.id,
		name: d.name,
		vendor: d.vendor,
		kind: d.kind,
		formFactor: d.formFactor,
		backend: d.backend,
		aliases: d.aliases,
		memoryBytes: d.memoryBytes,
		bandwidthBytesPerSecond: d.bandwidthBytesPerSecond,
		fp16Flops: d.fp16Flops,
		unifiedMemory: d.unifiedMemory,
		group: d.group,
		releaseYear: d.releaseYear,
		source: d.source,
		notes: d.notes,
		memory: d.memory,
		unifiedRule: d.unifiedRule,
		ramFromUser: d.ramFromUser,
	};
}

/** Typed, cross-checked data plus the id maps every resolver uses; models and devices each in one object shape. */
export function catalogFromData(raw: CatalogData): Catalog {
	const data: CatalogData = { ...raw, models: raw.models.map(oneShapeModel), devices: raw.devices.map(oneShapeDevice) };
	return {
		...data,
		modelById: new Map(data.models.map((m) => [m.id, m])),
		deviceById: new Map(data.devices.map((d) => [d.id, d])),
		quantById: new Map(data.quants.map((q) => [q.id, q])),
		systemById: new Map(data.systems.map((s) => [s.id, s])),
	};
}

/**
 * The catalog when the files are the stamped ones; otherwise null. No check runs: these exact bytes
 * passed zod unchanged and then crossCheckCatalog when the stamp was written
 * (scripts/build-catalog-stamp.ts calls validateCatalog), and both are pure functions of the bytes.
 * Re-running the cross-checks cost ~8 ms of a ~200 ms CLI run (issue 8). A change to the schema or
 * the checks without re-stamping is caught by tests/catalog, which always validate fully.
 */
export function stampedCatalog(files: RawCatalog): Catalog | null {
	return files.stamped ? catalogFromData(stampedData(files.raw)) : null;
}
