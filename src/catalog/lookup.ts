/**
 * The catalog's lookups over a loaded Catalog: resolve typed names (models, quants, devices, whole
 * hardware phrases), find hardware inside a sentence, and autocomplete. No zod on this path (issue 8:
 * the one-shot CLI imports it without the loader); index.ts re-exports it as the public API.
 */
import type { Completion } from "../answer/question.js";
import { completeWith } from "./complete.js";
import { type HardwareParse, matchHardwareSpanWith, parseHardwareWith } from "./hardware.js";
import { indexesOf } from "./indexes.js";
import type { Catalog } from "./read.js";
import type { Resolution } from "./resolution.js";
import { resolveDeviceWith } from "./resolve-device.js";
import type { OllamaIndex } from "./ollama.js";
import {
	isModelWordWith,
	isNewToCatalogWith,
	isVersionedWordWith,
	longestExactModelRunWith,
	mayNameHubRepoWith,
	memoizedModelAnswer,
	resolveModelExactWith,
	resolveModelWith,
} from "./resolve-model.js";
import { mayStartQuantWith, resolveQuantExactWith, resolveQuantWith } from "./resolve-quant.js";
import type { Device, Model, Quant } from "./schema.js";

export function resolveModel(cat: Catalog, text: string): Resolution<Model> {
	return resolveModelWith(indexesOf(cat).model, text);
}

/** Whether resolveModel(text) may name a Hub repo the catalog lacks (an Ollama reference; see mayNameHubRepoWith). */
export function mayNameHubRepo(cat: Catalog, text: string): boolean {
	return mayNameHubRepoWith(indexesOf(cat).model, text);
}

/** resolveModel's answer without its copy, to read only (its arrays are the memo's: copy what you keep). */
export function readModelAnswer(cat: Catalog, text: string): Readonly<Resolution<Model>> {
	return memoizedModelAnswer(indexesOf(cat).model, text);
}

/**
 * The Ollama tag table joined to the catalog: `lookup("qwen3:8b")` for a typed tag, `forModel(m)` for
 * the tag to print in `ollama run` (with its quant), `byName` for a library name's tags.
 */
export function ollamaTags(cat: Catalog): OllamaIndex {
	return indexesOf(cat).ollama;
}

/** A word that belongs to a model name (a size, a version, a catalog name word, a variant word, a known family, a typo of one). */
export function isModelWord(cat: Catalog, word: string): boolean {
	return isModelWordWith(indexesOf(cat).model, word);
}

/** A word a catalog name follows with a version number ("llama", "large", "phi"). */
export function isVersionedWord(cat: Catalog, word: string): boolean {
	return isVersionedWordWith(indexesOf(cat).model, word);
}

/** The name has a word or a version no catalog name has (worth a Hub search; a typo or a missing size is not). */
export function isNewToCatalog(cat: Catalog, text: string): boolean {
	return isNewToCatalogWith(indexesOf(cat).model, text);
}

export function resolveQuant(cat: Catalog, text: string): Resolution<Quant> {
	return resolveQuantWith(cat, indexesOf(cat).quant, text);
}

/** Only an exact model name (id, name, alias, Ollama tag, HF repo), no typo repair: cheap enough to try on every run of words. */
export function resolveModelExact(cat: Catalog, text: string): Model | null {
	return resolveModelExactWith(indexesOf(cat).model, text);
}

/** The longest run of words at `start` (at most `max`) that is an exact model name (resolveModelExact), or null. */
export function longestExactModelRun(
	cat: Catalog,
	words: readonly string[],
	start: number,
	max: number,
): { length: number; model: Model; text: string } | null {
	return longestExactModelRunWith(indexesOf(cat).model, words, start, max);
}

/** Only an exact quantization name (or EXL2/EXL3 with bits per weight), no typo repair. */
export function resolveQuantExact(cat: Catalog, text: string): Quant | null {
	return resolveQuantExactWith(cat, indexesOf(cat).quant, text);
}

/** Whether resolveQuantExact may name this word or a run of words it starts (see mayStartQuantWith). */
export function mayStartQuant(cat: Catalog, word: string): boolean {
	return mayStartQuantWith(indexesOf(cat).quant, word);
}

export function resolveDevice(cat: Catalog, text: string): Resolution<Device> {
	return resolveDeviceWith(indexesOf(cat).hardware.devices, text);
}

/** A whole hardware phrase: "2x4090", "3090+3060 +64gb ram", "m3 max 128gb", "24gb", "cpu 64gb ram", "dgx h100". */
export function parseHardware(cat: Catalog, text: string): HardwareParse {
	return parseHardwareWith(indexesOf(cat).hardware, text);
}

/**
 * Longest run of tokens starting at `start` that reads as hardware (device names, counts, NNgb,
 * "+64gb ram", systems), matching names exactly (no typo repair) so model words are never swallowed:
 * "32b" is a model size and "32k" a context, never hardware.
 */
export function matchHardwareSpan(cat: Catalog, tokens: readonly string[], start: number): { length: number; parse: HardwareParse } | null {
	return matchHardwareSpanWith(indexesOf(cat).hardware, tokens, start);
}

export function complete(cat: Catalog, kind: "model" | "quant" | "hardware", partial: string, limit?: number): Completion[] {
	return completeWith(indexesOf(cat).completion, kind, partial, limit);
}
