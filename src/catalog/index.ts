/**
 * The catalog's public API: load once, resolve typed names (models, quants, devices, whole hardware
 * phrases), find hardware inside a sentence, and autocomplete. See DESIGN.md §1. Loading here
 * validates with zod; read.ts + lookup.ts are the zod-free pieces the one-shot CLI uses directly.
 */
export { type Catalog, defaultCatalogDir, getCatalog, loadCatalog, trustCatalogStamp } from "./load.js";
export { CatalogError } from "./catalog-error.js";
export {
	complete,
	matchHardwareSpan,
	ollamaTags,
	parseHardware,
	resolveDevice,
	resolveModel,
	resolveModelExact,
	resolveQuant,
	resolveQuantExact,
} from "./lookup.js";
