/**
 * Placement of a llama.cpp-family model (llama.cpp, Ollama, MLX) on the devices, per device, never on
 * the sum. Rules (../shared/ENGINE.md (b)8, llama-model.cpp load_tensors, common/fit.cpp):
 * - `-sm layer`: whole blocks go to GPUs in order, in proportion to their free memory (the default
 *   `--tensor-split`), the KV of a layer lives with it, the output layer sits on the last GPU;
 * - token_embd always stays in host memory (its "CPU buffer" in every log: A02 281.81 MiB);
 * - with partial offload the CPU keeps the *first* layers and the output (-ngl counts from the end);
 * - MoE: the routed experts of the first layers go to RAM first (`-ot exps=CPU`, `--n-cpu-moe`), the
 *   rest of each layer stays on the GPU;
 * - pipeline parallelism (several GPUs, everything offloaded) enlarges each GPU's compute buffer.
 */
import type { Device } from "../catalog/schema.js";
import { type DeviceBudget, deviceBudget } from "./budget.js";
import type { DevicePlan, GpuSlot, HostPlan, Placement } from "./placement.js";
import { type ComputeInputs, type ComputeTerms, computeTerms, deviceComputeFrom, hostComputeFrom } from "./compute.js";
import { type KvDetail, kvBytesBefore, kvRangeBytes } from "./kvCache.js";
import { LIMITS } from "./limits.js";
import { matrixFlops, speedKeyOf } from "./speed.js";
import type { PreparedModel } from "./prepared.js";
import type { HardwareSpec, Runtime } from "./types.js";
import { Workspace } from "./workspace.js";

export type { GpuSlot, Placement } from "./placement.js";

function slotOf(device: Device, budget: DeviceBudget, index: number): GpuSlot {
	return {
		device,
		budget,
		index,
		backend: device.backend,
		memoryBytes: device.memoryBytes,
		bandwidth: device.bandwidthBytesPerSecond,
		flops: matrixFlops(device),
		speedKey: speedKeyOf(device),
	};
}

const NO_SLOTS: readonly GpuSlot[] = [];

/**
 * Slots of the common one-group hardware (`4090`, `2x3090`, `m2 max`) per device, runtime and count:
 * every estimate needs them and a scan (gpus, bestfit) builds a new HardwareSpec per request, so they
 * are kept with the Device object in the per-catalog cache (EngineCache.slotsByDevice). The arrays and
 * slots are shared and read-only: nothing writes to a slot or its budget.
 */
function oneGroupSlots(ws: Workspace, device: Device, count: number, runtime: Runtime): readonly GpuSlot[] {
	const byDevice = ws.cache.slotsByDevice[runtime];
	let byCount = byDevice.get(device);
	if (byCount === undefined) {
		byCount = [];
		byDevice.set(device, byCount);
	}
	let slots = byCount[count];
	// a CPU has no slots; kept in the table too, so a lookup reads no field of the catalog device
	// (devices come in several object shapes: each such read is a slow load)
	if (slots === undefined && device.kind === "cpu") {
		slots = NO_SLOTS;
		byCount[count] = slots;
	} else if (slots === undefined) {
		// a slot depends on its index alone: the largest count built so far lends its slots (and budget),
		// so the table holds one slot per index rather than one per index and count (1 + 2 + … + 64)
		const longest = byCount[byCount.length - 1];
		const budget = longest?.[0]?.budget ?? deviceBudget(device, runtime);
		const built: GpuSlot[] = [];
		for (let i = 0; i < count; i++) built.push(longest?.[i] ?? slotOf(device, budget, i));
		slots = built;
		byCount[count] = slots;
	}
	return slots;
}

/**
 * deviceBudget(device, runtime) of a GPU or unified device, the one its cached slot holds: scans ask it
 * for ~100 devices per answer, and a new budget object per device and question was garbage.
 */
export function cachedBudget(device: Device, runtime: Runtime, ws: Workspace = new Workspace()): DeviceBudget {
	return oneGroupSlots(ws, device, 1, runtime)[0]?.budget ?? deviceBudget(device, runtime);
}

/** The cached slot of one `device` alone (undefined for a CPU, which has none). */
export function gpuSlotOf(device: Device, runtime: Runtime, ws: Workspace): GpuSlot | undefined {
	return oneGroupSlots(ws, device, 1, runtime)[0];
}

/** The GPU slots of `hw`; one-group hardware from the cache, the slots returned last checked first. */
export function gpuSlots(hw: HardwareSpec, runtime: Runtime, ws: Workspace = new Workspace()): readonly GpuSlot[] {
	const only = hw.devices.length === 1 ? hw.devices[0] : undefined;
	if (only !== undefined && Number.isInteger(only.count) && only.count >= 0 && only.count <= LIMITS.maxDevices) {
		if (ws.slotsDevice === only.device && ws.slotsCount === only.count && ws.slotsRuntime === runtime) return ws.slots;
		ws.slots = oneGroupSlots(ws, only.device, only.count, runtime);
		ws.slotsDevice = only.device;
		ws.slotsCount = only.count;
		ws.slotsRuntime = runtime;
		return ws.slots;
	}
	// mixed hardware (`4090+3090`, `3090 + 64gb ram` with a named CPU): an answer's estimates share the
	// question's HardwareSpec object, so the slots built last for it are kept with it
	if (ws.mixedHw === hw && ws.mixedRuntime === runtime) return ws.mixedSlots;
	const slots: GpuSlot[] = [];
	for (const g of hw.devices) {
		if (g.device.kind === "cpu") continue;
		for (let i = 0; i < g.count; i++) slots.push(slotOf(g.device, deviceBudget(g.device, runtime), slots.length));
	}
	ws.mixedHw = hw;
	ws.mixedRuntime = runtime;
	ws.mixedSlots = slots;
	return slots;
}

/**
 * System RAM left to the operating system, never planned for the model: 4 GiB, the minimum memory
 * Windows 11 states for itself (microsoft.com/windows/windows-11-specifications: "RAM: 4 gigabyte")
 * and the 4 GB Ubuntu Desktop recommends. A plan that fills all of RAM swaps or gets killed the moment
 * the desktop, a browser or the server process itself needs a page.
 */
export const OS_RAM_RESERVE_BYTES = 4 * 2 ** 30;

/** The whole system RAM of the request: the stated size, else the memory of its CPU devices (null: none given). */
export function systemRam(hw: HardwareSpec | null): number | null {
	if (hw === null) return null;
	if (hw.systemMemoryBytes !== null) return hw.systemMemoryBytes;
	let sum = 0;
	for (const g of hw.devices) if (g.device.kind === "cpu") sum += g.device.memoryBytes * g.count;
	return sum > 0 ? sum : null;
}

/** RAM the model may use (CPU-only, or offload): the system RAM less the OS reserve. */
export function hostMemory(hw: HardwareSpec | null): number | null {
	const ram = systemRam(hw);
	return ram === null ? null : Math.max(0, ram - OS_RAM_RESERVE_BYTES);
}

/**
 * GPU-side bytes of layers 0 … i−1 with the routed experts of layers < expertsOnCpu in RAM, KV
 * included: a non-decreasing prefix sum, so a range costs costBefore(end) − costBefore(first) and the
 * greedy split point is a binary search. All terms are whole bytes, so the differences are exact.
 */
function costBefore(p: PreparedModel, kv: KvDetail, i: number, expertsOnCpu: number): number {
	return (p.cumLayerBytes[i] ?? 0) - (p.cumExpertBytes[Math.min(i, expertsOnCpu)] ?? 0) + kvBytesBefore(kv, i);
}

/** Bytes the GPUs must hold when every layer and the output are on them (weights + KV, no buffers). */
export function gpuBytesAllLayers(p: PreparedModel, kv: KvDetail): number {
	return costBefore(p, kv, p.layers, 0) + p.outputBytes;
}

/** Largest end in [first, L] with cost(first, end) ≤ budget (first when even one layer does not fit). */
function lastLayerWithin(p: PreparedModel, kv: KvDetail, first: number, budget: number, expertsOnCpu: number): number {
	if (!(budget >= 0)) return first;
	const limit = costBefore(p, kv, first, expertsOnCpu) + budget;
	let lo = first;
	let hi = p.layers;
	if (costBefore(p, kv, hi, expertsOnCpu) <= limit) return hi;
	// invariant: cost(first … lo) ≤ budget < cost(first … hi)
	while (hi - lo > 1) {
		const mid = (lo + hi) >>> 1;
		if (costBefore(p, kv, mid, expertsOnCpu) <= limit) lo = mid;
		else hi = mid;
	}
	return lo;
}

/**
 * Contiguous ranges of [gpuStart, L) per GPU, written into firsts/ends: proportional to free memory
 * (llama.cpp's default tensor_split), else a greedy fill in device order (what --tensor-split tuned by
 * hand or --fit would find), the last GPU taking all the remaining layers (so an overflow shows on it).
 * O(devices × log layers) from the prefix sums.
 */
function splitLayers(
	p: PreparedModel,
	kv: KvDetail,
	n: number,
	avail: Float64Array,
	gpuStart: number,
	expertsOnCpu: number,
	firsts: Int32Array,
	ends: Int32Array,
): void {
	const L = p.layers;
	// one GPU (most layouts: single-GPU questions, the gpus scan): both rules give it all of
	// [gpuStart, L), the last GPU's share, so its costs need no reading
	if (n === 1 && gpuStart <= L) {
		firsts[0] = gpuStart;
		ends[0] = L;
		return;
	}
	let total = 0;
	for (let i = 0; i < n; i++) total += Math.max(0, avail[i] ?? 0);
	let start = gpuStart;
	let cum = 0;
	let overflows = false;
	for (let i = 0; i < n; i++) {
		cum += Math.max(0, avail[i] ?? 0);
		const end = i === n - 1 ? L : gpuStart + Math.round(((L - gpuStart) * cum) / (total > 0 ? total : 1));
		const e = Math.max(start, end);
		firsts[i] = start;
		ends[i] = e;
		if (costBefore(p, kv, e, expertsOnCpu) - costBefore(p, kv, start, expertsOnCpu) > (avail[i] ?? 0)) overflows = true;
		start = e;
	}
	if (!overflows) return;
	let il = gpuStart;
	for (let i = 0; i < n; i++) {
		firsts[i] = il;
		il = i < n - 1 ? lastLayerWithin(p, kv, il, avail[i] ?? 0, expertsOnCpu) : L;
		ends[i] = il;
	}
}

/**
 * Lay the model out with the first `gpuStart` layers on the CPU and the experts of the first
 * `expertsOnCpu` layers in RAM. O(devices × log layers); allocates only the result.
 */
export function layout(
	p: PreparedModel,
	kv: KvDetail,
	base: ComputeInputs,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
	ws: Workspace = new Workspace(),
): Placement {
	return layoutWith(p, kv, computeTerms(base), slots, gpuStart, expertsOnCpu, ws);
}

/** layout() from compute terms computed once per estimate (they depend only on the request, not the split). */
export function layoutWith(
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
	ws: Workspace = new Workspace(),
): Placement {
	return layoutInto(ws, null, p, kv, terms, slots, gpuStart, expertsOnCpu);
}

/**
 * layoutWith() into the workspace's scratch placement (Workspace.scratch): valid until the
 * workspace's next scratch layout; never keep it — a result kept past the probe is copied out with
 * clonePlacement().
 */
export function layoutScratch(
	ws: Workspace,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
): Placement {
	return layoutInto(ws, ws.scratch, p, kv, terms, slots, gpuStart, expertsOnCpu);
}

/** A fresh copy of a placement (of the scratch one, to keep it): same fields in the same order. */
export function clonePlacement(pl: Placement): Placement {
	const gpus: DevicePlan[] = [];
	for (const g of pl.gpus) {
		gpus.push({
			slot: g.slot,
			firstLayer: g.firstLayer,
			endLayer: g.endLayer,
			hasOutput: g.hasOutput,
			weightsBytes: g.weightsBytes,
			activeWeightsBytes: g.activeWeightsBytes,
			kvBytes: g.kvBytes,
			computeBytes: g.computeBytes,
			usedBytes: g.usedBytes,
			capacityBytes: g.capacityBytes,
		});
	}
	const h = pl.host;
	const host: HostPlan = {
		weightsBytes: h.weightsBytes,
		activeWeightsBytes: h.activeWeightsBytes,
		kvBytes: h.kvBytes,
		computeBytes: h.computeBytes,
		layers: h.layers,
	};
	return {
		fits: pl.fits,
		gpus,
		host,
		expertsOnCpu: pl.expertsOnCpu,
		gpuStart: pl.gpuStart,
		outputOnGpu: pl.outputOnGpu,
		pipeline: pl.pipeline,
		overflowBytes: pl.overflowBytes,
	};
}

/**
 * What a GPU holding `weightsBytes`, `kvBytes` and a `computeBytes` buffer uses of its memory, and what
 * it has: the budget's overhead (CUDA context, runtime) counts on both sides, so the overflow is
 * used − capacity against the card's usable memory. One expression for layoutInto, mlxAdjust and the
 * gpus scan's one-GPU rows (estimate.ts), which must give the same floats.
 */
export function gpuUsedBytes(budget: DeviceBudget, weightsBytes: number, kvBytes: number, computeBytes: number): number {
	return weightsBytes + kvBytes + computeBytes + budget.overheadBytes;
}

export function gpuCapacityBytes(budget: DeviceBudget): number {
	return budget.capacityBytes + budget.overheadBytes;
}

/** The layout, written into `out`'s objects when given (reused, see Workspace.scratch), else into new ones. */
function layoutInto(
	ws: Workspace,
	out: Placement | null,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
): Placement {
	const L = p.layers;
	const n = slots.length;
	const outputOnGpu = gpuStart === 0 && n > 0;
	let pipeline = n > 1 && gpuStart === 0 && expertsOnCpu === 0;
	for (let i = 0; pipeline && i < n; i++) {
		const b = slots[i]?.backend;
		if (b !== "cuda" && b !== "rocm") pipeline = false;
	}
	// weights the GPUs compute on although they stay in RAM (op offload): the largest such tensor
	const eoc = Math.min(expertsOnCpu, L);
	let copied = p.maxTensorBefore[Math.min(gpuStart, L)] ?? 0;
	if (eoc > gpuStart) {
		if (gpuStart === 0) copied = Math.max(copied, p.maxExpertTensorBefore[eoc] ?? 0);
		else for (let il = gpuStart; il < eoc; il++) copied = Math.max(copied, p.layerMaxExpertTensor[il] ?? 0);
	}
	const outputBytes = outputOnGpu ? p.outputBytes : 0;
	const scratch = ws.cache;
	if (scratch.avail.length < n) {
		scratch.avail = new Float64Array(n);
		scratch.firsts = new Int32Array(n);
		scratch.ends = new Int32Array(n);
	}
	const avail = scratch.avail;
	for (let i = 0; i < n; i++) {
		const slot = slots[i] as GpuSlot;
		const last = i === n - 1;
		const reserve = deviceComputeFrom(terms, slot.backend, true, outputOnGpu && last, i === 0 ? copied : 0, pipeline);
		avail[i] = slot.budget.capacityBytes - reserve - (last ? outputBytes : 0);
	}
	const firsts = scratch.firsts;
	const ends = scratch.ends;
	splitLayers(p, kv, n, avail, gpuStart, expertsOnCpu, firsts, ends);
	const gpus: DevicePlan[] = out !== null ? out.gpus : [];
	let overflow = 0;
	const frac = p.expertActiveFraction;
	for (let i = 0; i < n; i++) {
		const slot = slots[i] as GpuSlot;
		const first = firsts[i] ?? L;
		const end = ends[i] ?? L;
		const hasLayers = end > first;
		// routed experts of [first, end) split at expertsOnCpu: those below it are in RAM
		const mid = Math.max(first, Math.min(end, eoc));
		const layerW = (p.cumLayerBytes[end] ?? 0) - (p.cumLayerBytes[first] ?? 0);
		const expertsInRam = (p.cumExpertBytes[mid] ?? 0) - (p.cumExpertBytes[first] ?? 0);
		const expertsHere = (p.cumExpertBytes[end] ?? 0) - (p.cumExpertBytes[mid] ?? 0);
		let weights = hasLayers ? layerW - expertsInRam : 0;
		// dense weights are read in full, the routed experts held here by the active share
		let activeW = hasLayers ? layerW - expertsInRam - expertsHere + expertsHere * frac : 0;
		const kvb = kvRangeBytes(kv, first, end);
		const hasOutput = outputOnGpu && i === n - 1;
		if (hasOutput) {
			weights += p.outputBytes;
			activeW += p.outputBytes;
		}
		const compute = hasLayers || hasOutput ? deviceComputeFrom(terms, slot.backend, hasLayers, hasOutput, i === 0 ? copied : 0, pipeline) : 0;
		const capacity = gpuCapacityBytes(slot.budget);
		const used = gpuUsedBytes(slot.budget, weights, kvb, compute);
		overflow += Math.max(0, used - capacity);
		const reused = out !== null ? gpus[i] : undefined;
		if (reused === undefined)
			gpus.push({
				slot,
				firstLayer: first,
				endLayer: end,
				hasOutput,
				weightsBytes: weights,
				activeWeightsBytes: activeW,
				kvBytes: kvb,
				computeBytes: compute,
				usedBytes: used,
				capacityBytes: capacity,
			});
		else {
			reused.slot = slot;
			reused.firstLayer = first;
			reused.endLayer = end;
			reused.hasOutput = hasOutput;
			reused.weightsBytes = weights;
			reused.activeWeightsBytes = activeW;
			reused.kvBytes = kvb;
			reused.computeBytes = compute;
			reused.usedBytes = used;
			reused.capacityBytes = capacity;
		}
	}
	// a reused list from a layout over more GPUs: only this layout's n plans stay listed
	if (gpus.length > n) gpus.length = n;
	// host side: the first gpuStart layers (all of them without GPUs) and the experts of [gpuStart, expertsOnCpu)
	const hostEnd = n === 0 ? L : gpuStart;
	const hostLayerW = p.cumLayerBytes[hostEnd] ?? 0;
	const hostExpertsAll = p.cumExpertBytes[hostEnd] ?? 0;
	const expertsOff = n === 0 || eoc <= hostEnd ? 0 : (p.cumExpertBytes[eoc] ?? 0) - (p.cumExpertBytes[hostEnd] ?? 0);
	let hostW = p.embeddingBytes + hostLayerW + expertsOff;
	let hostActive = hostLayerW - hostExpertsAll + hostExpertsAll * frac + expertsOff * frac;
	const hostKv = kvBytesBefore(kv, hostEnd);
	if (!outputOnGpu) {
		hostW += p.outputBytes;
		hostActive += p.outputBytes;
	}
	const hostHasLayers = gpuStart > 0 || n === 0;
	let hostCompute: number;
	if (n === 0) hostCompute = deviceComputeFrom(terms, "cpu", true, true, 0, false);
	else {
		hostCompute = hostComputeFrom(terms, pipeline);
		if (hostHasLayers || !outputOnGpu) hostCompute = Math.max(hostCompute, deviceComputeFrom(terms, "cpu", hostHasLayers, !outputOnGpu, 0, false));
	}
	if (out === null) {
		const host: HostPlan = { weightsBytes: hostW, activeWeightsBytes: hostActive, kvBytes: hostKv, computeBytes: hostCompute, layers: hostEnd };
		return { fits: overflow === 0, gpus, host, expertsOnCpu, gpuStart, outputOnGpu, pipeline, overflowBytes: overflow };
	}
	const host = out.host;
	host.weightsBytes = hostW;
	host.activeWeightsBytes = hostActive;
	host.kvBytes = hostKv;
	host.computeBytes = hostCompute;
	host.layers = hostEnd;
	out.fits = overflow === 0;
	out.expertsOnCpu = expertsOnCpu;
	out.gpuStart = gpuStart;
	out.outputOnGpu = outputOnGpu;
	out.pipeline = pipeline;
	out.overflowBytes = overflow;
	return out;
}

export type PlanMode = "none" | "layers" | "experts";

/** The placement llama.cpp would run and how it offloads (planLlama). */
export interface LlamaPlan {
	/**
	 * When the full layout fits, the workspace's scratch placement (most plans: a fresh one per estimate
	 * was most of its garbage): read it before the workspace's next layout. Otherwise one of its own.
	 */
	placement: Placement;
	mode: PlanMode;
}

/** A change applied to every candidate placement (MLX replaces llama.cpp's compute buffers). */
export type PlacementAdjust = (pl: Placement) => void;

/** A search probe: the scratch layout (see layoutScratch), adjusted. */
function laid(
	ws: Workspace,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	slots: readonly GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
	adjust: PlacementAdjust | undefined,
): Placement {
	const pl = layoutScratch(ws, p, kv, terms, slots, gpuStart, expertsOnCpu);
	if (adjust !== undefined) adjust(pl);
	return pl;
}

/** Smallest i in [lo, hi] with arr[i] ≥ target (hi + 1 when none); arr is non-decreasing. */
function firstAtLeast(arr: Float64Array, lo: number, hi: number, target: number): number {
	let a = lo;
	let b = hi + 1;
	while (a < b) {
		const mid = (a + b) >>> 1;
		if ((arr[mid] ?? 0) >= target) b = mid;
		else a = mid + 1;
	}
	return a;
}

/** Σ over GPUs of the bytes buffers may take: a necessary bound for any layout that fits. */
function capacitySum(slots: readonly GpuSlot[]): number {
	let s = 0;
	for (const slot of slots) s += slot.budget.capacityBytes;
	return s;
}

/**
 * The fewest layers to keep on the CPU (-ngl counting from the end) so that the GPUs hold the rest:
 * llama.cpp's partial offload. Candidates below a bound are skipped without a layout: every layer on
 * the GPUs is held somewhere, so Σ capacity ≥ bytes of layers gpuStart … L−1 is necessary for a fit,
 * and the scan from there finds the same first fit as a scan from 1. Null when no layer fits.
 */
export function fewestCpuLayers(
	ws: Workspace,
	p: PreparedModel,
	kv: KvDetail,
	terms: ComputeTerms,
	slots: readonly GpuSlot[],
	adjust?: PlacementAdjust,
): Placement | null {
	const L = p.layers;
	const cap = capacitySum(slots);
	const total = costBefore(p, kv, L, 0);
	// costBefore(g) ≥ total − cap, by binary search on the non-decreasing prefix cost
	let lo = 1;
	let hi = L;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (costBefore(p, kv, mid, 0) >= total - cap) hi = mid;
		else lo = mid + 1;
	}
	for (let g = lo; g <= L; g++) {
		const pl = laid(ws, p, kv, terms, slots, g, 0, adjust);
		if (pl.fits) return clonePlacement(pl);
	}
	return null;
}

/**
 * The placement llama.cpp would run: everything on the GPUs if it fits; otherwise, when RAM is given,
 * MoE experts of the first layers to RAM, else the first layers to the CPU, as few as possible.
 * The searches start at a bound from total bytes (see fewestCpuLayers), so they return the same first
 * fit as a scan from 1 with only a few layouts. A full layout that fits is returned as the scratch
 * placement (see LlamaPlan.placement).
 */
export function planLlama(ws: Workspace, p: PreparedModel, kv: KvDetail, terms: ComputeTerms, slots: readonly GpuSlot[], allowOffload: boolean): LlamaPlan {
	const full = layoutScratch(ws, p, kv, terms, slots, 0, 0);
	if (full.fits) return { placement: full, mode: "none" };
	// the estimate lays out again for its "no" picture (fewestCpuLayers): this one is kept apart
	if (slots.length === 0 || !allowOffload) return { placement: clonePlacement(full), mode: "none" };
	const L = p.layers;
	if (p.model.moe !== null) {
		// experts of layers < k in RAM: the GPUs hold total + output − cumExpert[k] ≤ Σ capacity
		const need = costBefore(p, kv, L, 0) + p.outputBytes - capacitySum(slots);
		for (let k = Math.max(1, firstAtLeast(p.cumExpertBytes, 1, L, need)); k <= L; k++) {
			const pl = layoutScratch(ws, p, kv, terms, slots, 0, k);
			if (pl.fits) return { placement: clonePlacement(pl), mode: "experts" };
		}
	}
	const pl = fewestCpuLayers(ws, p, kv, terms, slots);
	if (pl !== null) return { placement: pl, mode: "layers" };
	return { placement: layoutWith(p, kv, terms, slots, L, 0, ws), mode: "layers" };
}

/** MLX: no compute-buffer reservation; each device with layers holds `activationBytes` of activations instead. */
export function mlxAdjust(activationBytes: number): PlacementAdjust {
	return (pl) => {
		let overflow = 0;
		for (const g of pl.gpus) {
			g.computeBytes = g.endLayer > g.firstLayer ? activationBytes : 0;
			g.usedBytes = gpuUsedBytes(g.slot.budget, g.weightsBytes, g.kvBytes, g.computeBytes);
			overflow += Math.max(0, g.usedBytes - g.capacityBytes);
		}
		pl.host.computeBytes = 0;
		pl.overflowBytes = overflow;
		pl.fits = overflow === 0;
	};
}
