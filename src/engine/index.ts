/**
 * The engine's public API (DESIGN.md §3): pure functions, no I/O, no platform types.
 */
export { estimate, fewestDevices, deviceScan, type SingleDeviceFit, type FewestFit, maxContextThatFits } from "./estimate.js";
export { EngineInputError } from "./errors.js";
export { plan, Plan, Setup } from "./plan.js";
export { EngineCache, Workspace } from "./workspace.js";
export { ENGINE_DEFAULTS, LIMITS } from "./limits.js";
export { weightsFor } from "./weights.js";
export { kvCacheBytes, kvCacheDetail } from "./kvCache.js";
export { modelTensors } from "./tensors.js";
export { countParams } from "./tensorTable.js";
export { unifiedRule } from "./unified.js";
export type * from "./types.js";
