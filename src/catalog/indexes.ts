/**
 * Per-catalog lookup indexes, each built on first use and kept beside the catalog (a WeakMap, so the
 * Catalog shape stays plain data and a test catalog gets its own indexes). Lazily per kind: a one-shot
 * CLI question never builds the autocomplete index, a bot builds it on the first keystroke.
 */
import { type CompletionIndex, buildCompletionIndex } from "./complete.js";
import { type HardwareContext, buildSystemIndex } from "./hardware.js";
import { type OllamaIndex, ollamaIndexOf } from "./ollama.js";
import type { Catalog } from "./read.js";
import { deviceTablesFrom, modelStepsFrom } from "./prebuilt.js";
import { deviceIndexOf, deviceNameTables } from "./resolve-device.js";
import { type ModelIndex, buildModelIndex } from "./resolve-model.js";
import { type QuantIndex, buildQuantIndex } from "./resolve-quant.js";

export interface CatalogIndexes {
	readonly model: ModelIndex;
	readonly quant: QuantIndex;
	readonly hardware: HardwareContext;
	readonly completion: CompletionIndex;
	readonly ollama: OllamaIndex;
}

class LazyIndexes implements CatalogIndexes {
	#model: ModelIndex | null = null;
	#quant: QuantIndex | null = null;
	#hardware: HardwareContext | null = null;
	#completion: CompletionIndex | null = null;
	#ollama: OllamaIndex | null = null;
	constructor(
		private readonly cat: Catalog,
		/** indexes made at build time from this catalog's bytes (prebuilt.ts), or null */
		private readonly prebuilt: unknown = null,
	) {}
	get model(): ModelIndex {
		this.#model ??= buildModelIndex(this.cat, () => this.ollama, (this.prebuilt !== null ? modelStepsFrom(this.cat, this.prebuilt) : null) ?? undefined);
		return this.#model;
	}
	get quant(): QuantIndex {
		this.#quant ??= buildQuantIndex(this.cat);
		return this.#quant;
	}
	get hardware(): HardwareContext {
		if (this.#hardware === null) {
			const tables = (this.prebuilt !== null ? deviceTablesFrom(this.cat, this.prebuilt) : null) ?? deviceNameTables(this.cat);
			this.#hardware = { cat: this.cat, devices: deviceIndexOf(tables), systems: buildSystemIndex(this.cat) };
		}
		return this.#hardware;
	}
	get ollama(): OllamaIndex {
		// kept: building the table reads catalog/ollama.json, which must not happen per question
		this.#ollama ??= ollamaIndexOf(this.cat, this.quant);
		return this.#ollama;
	}
	get completion(): CompletionIndex {
		this.#completion ??= buildCompletionIndex(this.cat);
		return this.#completion;
	}
}

const cache = new WeakMap<Catalog, CatalogIndexes>();

/**
 * Gives `cat` the indexes prebuilt from its files' bytes (prebuilt.ts; the bundled CLI, whose files
 * equal the build's validated copy). Only before its indexes are first asked for; later calls change nothing.
 */
export function usePrebuiltIndexes(cat: Catalog, prebuilt: unknown): void {
	if (!cache.has(cat)) cache.set(cat, new LazyIndexes(cat, prebuilt));
}

export function indexesOf(cat: Catalog): CatalogIndexes {
	let ix = cache.get(cat);
	if (ix === undefined) {
		ix = new LazyIndexes(cat);
		cache.set(cat, ix);
	}
	return ix;
}
