/**
 * The catalog's public API: load once, resolve typed names (models, quants, devices, whole hardware
 * phrases), find hardware inside a sentence, and autocomplete. See DESIGN.md §1. Loading here
 * validates with zod; read.ts + lookup.ts are the zod-free pieces the one-shot CLI uses directly.
 */
export { type Catalog, defaultCatalogDir, getCatalog, loadCatalog, trustCatalogStamp } from "./load.js";
export { CatalogError } from "./catalog-error.js";
export { complete, isModelWord, matchHardwareSpan, ollamaTags, parseHardware, resolveDevice, resolveModel, resolveModelExact, resolveQuant, resolveQuantExact } from "./lookup.js";
export type { Resolution, ResolutionJson, ResolvedPart } from "./resolution.js";
export { resolutionJson } from "./resolution.js";
export type { OllamaIndex, OllamaLookup, OllamaTag } from "./ollama.js";
export type { HardwareParse } from "./hardware.js";
export { genericDevice, MAX_DEVICE_COUNT } from "./hardware.js";
export type { Device, Model, Quant, System } from "./schema.js";
