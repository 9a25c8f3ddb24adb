/**
 * Models built from vendored Hugging Face config.json files (catalog/sources/models/configs/) and
 * their curation rows (catalog/sources/models/hub-models.json). Filled in by the next commits.
 */
import type { Model } from "../src/catalog/schema.js";

export function loadVendoredConfigModels(_modelsDir: string): Model[] {
	return [];
}
