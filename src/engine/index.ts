/**
 * The engine's public API (DESIGN.md §3): pure functions, no I/O, no platform types.
 */
export { estimate, fewestDevices, singleDeviceScreen, deviceScan, type DeviceScan, type FewestFit, type SingleDeviceFit, maxContextThatFits, validateRequest, resolveFlashAttention, PREFILL_TOKENS, DECODE_CONTEXT_TOKENS } from "./estimate.js";
export { EngineInputError } from "./errors.js";
export { ENGINE_DEFAULTS, LIMITS } from "./limits.js";
export { weightsFor, type WeightsResult } from "./weights.js";
export { kvCacheBytes, kvCacheDetail, KV_ELEMENT_BYTES, type KvOptions, type MlaCacheLayout } from "./kvCache.js";
export { countParams, modelTensors, type ModelTensor, type TensorGroup } from "./tensors.js";
export { appleWorkingSetBytes, deviceBudget } from "./budget.js";
export { type UnifiedRule, unifiedRule } from "./unified.js";
export { GGML_TYPES, ggmlBitsPerWeight, type GgmlType } from "./ggml.js";
export { ggufMixFromQuantId, GGUF_FTYPES } from "./quantMix.js";
export type * from "./types.js";
