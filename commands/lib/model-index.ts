/**
 * Lookups over the catalog's models that answers need again and again (by id; the distills of a
 * model, largest first), built once per model list instead of once per answer. Keyed by the list
 * itself, so a test catalog with a changed model gets its own index.
 */
import type { Model } from "../../src/catalog/schema.js";

export interface ModelIndex {
	byId: ReadonlyMap<string, Model>;
	/** model id → the models distilled from it that are smaller, largest first */
	distillsOf: ReadonlyMap<string, readonly Model[]>;
}

const indexes = new WeakMap<readonly Model[], ModelIndex>();

export function modelIndex(models: readonly Model[]): ModelIndex {
	let index = indexes.get(models);
	if (index === undefined) {
		const byId = new Map(models.map((m) => [m.id, m]));
		const distillsOf = new Map<string, Model[]>();
		for (const m of models) {
			for (const parent of m.relations.distilledFrom) {
				const list = distillsOf.get(parent) ?? [];
				list.push(m);
				distillsOf.set(parent, list);
			}
		}
		for (const list of distillsOf.values()) list.sort((a, b) => b.totalParams - a.totalParams);
		index = { byId, distillsOf };
		indexes.set(models, index);
	}
	return index;
}
