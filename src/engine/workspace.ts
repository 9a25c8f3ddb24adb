/**
 * Where the engine keeps what it computes between calls: an EngineCache (per catalog, bounded) of the
 * per model × quant work, and a Workspace (per question's plan) of the last request shape's
 * KV detail and compute terms, the last hardware's GPU slots, and the scratch a layout search writes
 * into. Nothing in src/engine/ keeps state at module level (tests/engine/no-module-state.test.ts): who
 * owns a Workspace decides how long its memo lives and that no two searches share one at once.
 */
import type { Device, Model, Quant } from "../catalog/schema.js";
import { BoundedPairCache } from "./boundedCache.js";
import type { ComputeTerms } from "./compute.js";
import type { GpuSlot, Placement } from "./placement.js";
import type { KvDetail, ModelKvFacts } from "./kvCache.js";
import type { NoExperts, PreparedModel } from "./prepared-model.js";
import type { SpeedInputs } from "./speed.js";
import type { ParamCount } from "./tensors.js";
import type { TensorTable } from "./tensorTable.js";
import type { EstimateRequest, HardwareSpec, Runtime } from "./types.js";
import type { WeightsMemo } from "./weights.js";

/**
 * Bound of the prepared-model memo. The catalog has 227 models × 54 quants (11,809 pairs prepare)
 * and a mixed load touches most pairs vram lists: the bench's mix touched 4,600 distinct pairs in
 * 20,000 questions. Replayed against this bound's eviction, 4,096 entries missed 799 times in the
 * second 10,000 questions, 8,192 missed 405 times (the first touches), 2,048 missed 12,461 times. An
 * entry is ~2.5 KB (heap + its buffer, all 11,809 pairs prepared into an empty cache, after gc)
 * and a miss 65–95 µs of CPU (every pair the bench touches, prepared into a fresh cache), so 8,192
 * caps the memo at ~20 MB while a catalog pair is prepared about once.
 */
export const PREPARED_CACHE_ENTRIES = 8192;

/**
 * The per-catalog memo of work that depends only on catalog objects (shared, never mutated), looked up
 * by identity: prepared models (bounded; an entry holds its weights too), and per model or device its
 * tensor table, parameter count, KV facts and GPU-slot table (WeakMaps, the slots' one per runtime: an
 * entry lives as long as the model or device it describes, and a device has at most LIMITS.maxDevices
 * counts per runtime), plus
 * the zero expert arrays shared by the prepared models without routed experts, one per layer count.
 */
export class EngineCache implements WeightsMemo {
	readonly prepared = new BoundedPairCache<Model, Quant, PreparedModel>(PREPARED_CACHE_ENTRIES);
	readonly tables = new WeakMap<Model, TensorTable>();
	readonly params = new WeakMap<Model, ParamCount>();
	readonly kvFacts = new WeakMap<Model, ModelKvFacts>();
	/** per runtime, per device: its slot arrays by count (one WeakMap read per lookup, no Map keyed by runtime behind it) */
	readonly slotsByDevice: Readonly<Record<Runtime, WeakMap<Device, (readonly GpuSlot[])[]>>> = {
		"llama.cpp": new WeakMap(),
		ollama: new WeakMap(),
		vllm: new WeakMap(),
		mlx: new WeakMap(),
	};
	readonly noExperts = new Map<number, NoExperts>();
	/**
	 * Scratch of one layout call (fit.ts layoutInto: free memory, first and end layer per GPU), grown to
	 * the largest device count seen. Filled and read within that call and never across calls (the
	 * engine is synchronous and a layout calls out to nothing), so one set serves every workspace of the
	 * catalog: three fresh typed arrays per layout were a large share of its garbage, and three per
	 * question's Workspace were still ~0.4 KB per answer.
	 */
	avail = new Float64Array(8);
	firsts = new Int32Array(8);
	ends = new Int32Array(8);
}

/**
 * The memo and scratch of one owner (a question's plan, shared by its setups). The engine is
 * synchronous; a search writes into `scratch` and reads it back before its next layout, and what it
 * keeps is copied out (clonePlacement), so an owner needs one Workspace, never one per call.
 */
export class Workspace {
	constructor(readonly cache: EngineCache = new EngineCache()) {}

	/** the model × quant prepared last (catalog pairs only), checked by identity before the memo */
	lastPrepared: PreparedModel | undefined = undefined;

	/**
	 * The KV detail and compute terms of the last request shape seen (model facts, context, cache type,
	 * runtime, ubatch, parallel, flash attention): a command's estimates mostly differ only in hardware
	 * (canirun's suggestions, bestfit's devices, gpus' fewest counts), and rebuilding the same two
	 * objects per estimate was a steady share of the engine's garbage (issue 8). Both are read-only
	 * everywhere (layouts, speed, vLLM read numbers from them), so sharing them is safe.
	 */
	kvFacts: ModelKvFacts | undefined = undefined;
	kvCtx = -1;
	kvType: EstimateRequest["kvCacheType"] | undefined = undefined;
	kvRuntime: Runtime | undefined = undefined;
	kvUbatch = -1;
	kvParallel = -1;
	kvFa = false;
	kv: KvDetail | undefined = undefined;
	termsKv: KvDetail | undefined = undefined;
	terms: ComputeTerms | undefined = undefined;

	/** the hardware validateRequest() accepted last (a question's estimates share one HardwareSpec, never mutated) */
	validHardware: HardwareSpec | undefined = undefined;

	/** the one-group slots returned last (a command's estimates mostly share their hardware) */
	slotsDevice: Device | undefined = undefined;
	slotsCount = -1;
	slotsRuntime: Runtime | undefined = undefined;
	slots: readonly GpuSlot[] = [];
	/**
	 * the slots of the last hardware of several device groups, by the HardwareSpec's identity (read-only
	 * everywhere: a HardwareSpec is never mutated, and the slots are not either)
	 */
	mixedHw: HardwareSpec | undefined = undefined;
	mixedRuntime: Runtime | undefined = undefined;
	mixedSlots: readonly GpuSlot[] = [];

	/**
	 * The speed-model inputs estimate() sums its speeds over (estimate.ts speedFor), rewritten in place
	 * by the next one: a part object of 16 numbers per device per estimate was a steady share of the
	 * engine's garbage. Null until the first estimate with hardware.
	 */
	speedInputs: SpeedInputs | null = null;

	/**
	 * The scratch placement of the searches (largest context, fewest CPU layers / expert layers, fewest
	 * devices, the single-device scan): they lay out several candidates and keep at most one, so a fresh
	 * Placement, DevicePlan per GPU and HostPlan per probe was most of the engine's garbage (issue 8).
	 */
	readonly scratch: Placement = {
		fits: false,
		gpus: [],
		host: { weightsBytes: 0, activeWeightsBytes: 0, kvBytes: 0, computeBytes: 0, layers: 0 },
		expertsOnCpu: 0,
		gpuStart: 0,
		outputOnGpu: false,
		pipeline: false,
		overflowBytes: 0,
	};
}
