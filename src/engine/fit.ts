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
import { type ComputeInputs, deviceComputeBytes, hostComputeBytes } from "./compute.js";
import type { KvDetail } from "./kvCache.js";
import type { PreparedModel } from "./prepared.js";
import type { HardwareSpec, Runtime } from "./types.js";

export interface GpuSlot {
	device: Device;
	budget: DeviceBudget;
	/** expanded index (CUDA0, CUDA1 …) */
	index: number;
}

export interface DevicePlan {
	slot: GpuSlot;
	firstLayer: number;
	/** exclusive */
	endLayer: number;
	hasOutput: boolean;
	weightsBytes: number;
	/** bytes read per decoded token from this device's weights (active experts only) */
	activeWeightsBytes: number;
	kvBytes: number;
	computeBytes: number;
	usedBytes: number;
	capacityBytes: number;
}

export interface HostPlan {
	weightsBytes: number;
	activeWeightsBytes: number;
	kvBytes: number;
	computeBytes: number;
	layers: number;
}

export interface Placement {
	fits: boolean;
	gpus: DevicePlan[];
	host: HostPlan;
	/** layers whose routed experts are in RAM (layers < expertsOnCpu) */
	expertsOnCpu: number;
	/** first layer on a GPU (layers before it run on the CPU) */
	gpuStart: number;
	outputOnGpu: boolean;
	pipeline: boolean;
	/** Σ over GPUs of max(0, used − capacity) */
	overflowBytes: number;
}

export function gpuSlots(hw: HardwareSpec, runtime: Runtime): GpuSlot[] {
	const slots: GpuSlot[] = [];
	for (const g of hw.devices) {
		if (g.device.kind === "cpu") continue;
		for (let i = 0; i < g.count; i++) slots.push({ device: g.device, budget: deviceBudget(g.device, runtime), index: slots.length });
	}
	return slots;
}

/** RAM for offload: the stated system memory, else the memory of CPU devices in the request. */
export function hostMemory(hw: HardwareSpec | null): number | null {
	if (hw === null) return null;
	if (hw.systemMemoryBytes !== null) return hw.systemMemoryBytes;
	let sum = 0;
	for (const g of hw.devices) if (g.device.kind === "cpu") sum += g.device.memoryBytes * g.count;
	return sum > 0 ? sum : null;
}

interface LayoutRange {
	first: number;
	end: number;
}

function layerCost(p: PreparedModel, kv: KvDetail, il: number, expertsOnCpu: number): number {
	const w = (p.layerBytes[il] ?? 0) - (il < expertsOnCpu ? (p.layerExpertBytes[il] ?? 0) : 0);
	return w + (kv.perLayer[il] ?? 0);
}

/** Contiguous ranges of [gpuStart, L) per GPU: proportional to free memory, else greedy fill. */
function splitLayers(p: PreparedModel, kv: KvDetail, slots: GpuSlot[], reserve: number[], gpuStart: number, expertsOnCpu: number, outputBytes: number): LayoutRange[] {
	const L = p.layers;
	const n = slots.length;
	const avail = slots.map((s, i) => s.budget.capacityBytes - (reserve[i] ?? 0) - (i === n - 1 ? outputBytes : 0));
	const total = avail.reduce((a, b) => a + Math.max(0, b), 0);
	const ranges: LayoutRange[] = [];
	// proportional (llama.cpp default tensor_split = free memory)
	let start = gpuStart;
	let cum = 0;
	for (let i = 0; i < n; i++) {
		cum += Math.max(0, avail[i] ?? 0);
		const end = i === n - 1 ? L : gpuStart + Math.round(((L - gpuStart) * cum) / (total > 0 ? total : 1));
		ranges.push({ first: start, end: Math.max(start, end) });
		start = Math.max(start, end);
	}
	const overflows = ranges.some((r, i) => {
		let c = 0;
		for (let il = r.first; il < r.end; il++) c += layerCost(p, kv, il, expertsOnCpu);
		return c > (avail[i] ?? 0);
	});
	if (!overflows) return ranges;
	// greedy: fill each GPU in order (what --tensor-split tuned by hand or --fit would find)
	const greedy: LayoutRange[] = [];
	let il = gpuStart;
	for (let i = 0; i < n; i++) {
		const first = il;
		let used = 0;
		while (il < L) {
			const c = layerCost(p, kv, il, expertsOnCpu);
			if (used + c > (avail[i] ?? 0) && i < n - 1) break;
			used += c;
			il++;
		}
		greedy.push({ first, end: il });
	}
	return greedy;
}

/** Lay the model out with the first `gpuStart` layers on the CPU and the experts of the first `expertsOnCpu` layers in RAM. */
export function layout(
	p: PreparedModel,
	kv: KvDetail,
	base: ComputeInputs,
	slots: GpuSlot[],
	gpuStart: number,
	expertsOnCpu: number,
): Placement {
	const L = p.layers;
	const outputOnGpu = gpuStart === 0 && slots.length > 0;
	const pipeline =
		slots.length > 1 && gpuStart === 0 && expertsOnCpu === 0 && slots.every((s) => s.device.backend === "cuda" || s.device.backend === "rocm");
	// weights the GPUs compute on although they stay in RAM (op offload): the largest such tensor
	let copied = 0;
	for (let il = 0; il < L; il++) {
		if (il < gpuStart) copied = Math.max(copied, p.layerMaxTensor[il] ?? 0);
		else if (il < expertsOnCpu) copied = Math.max(copied, p.layerMaxExpertTensor[il] ?? 0);
	}
	const reserve = slots.map((slot, i) =>
		deviceComputeBytes({ ...base, backend: slot.device.backend }, { hasLayers: true, hasOutput: outputOnGpu && i === slots.length - 1, copiedWeightBytes: i === 0 ? copied : 0, pipeline }),
	);
	const ranges = splitLayers(p, kv, slots, reserve, gpuStart, expertsOnCpu, outputOnGpu ? p.outputBytes : 0);
	const gpus: DevicePlan[] = [];
	let overflow = 0;
	const active = (il: number, onCpuExperts: boolean): number => {
		const e = p.layerExpertBytes[il] ?? 0;
		const dense = (p.layerBytes[il] ?? 0) - e;
		return (onCpuExperts ? 0 : e * p.expertActiveFraction) + dense;
	};
	slots.forEach((slot, i) => {
		const r = ranges[i] ?? { first: L, end: L };
		let weights = 0;
		let activeW = 0;
		let kvb = 0;
		for (let il = r.first; il < r.end; il++) {
			weights += layerCost(p, kv, il, expertsOnCpu) - (kv.perLayer[il] ?? 0);
			activeW += active(il, il < expertsOnCpu);
			kvb += kv.perLayer[il] ?? 0;
		}
		const hasOutput = outputOnGpu && i === slots.length - 1;
		if (hasOutput) {
			weights += p.outputBytes;
			activeW += p.outputBytes;
		}
		const hasLayers = r.end > r.first;
		const compute = hasLayers || hasOutput
			? deviceComputeBytes({ ...base, backend: slot.device.backend }, { hasLayers, hasOutput, copiedWeightBytes: i === 0 ? copied : 0, pipeline })
			: 0;
		const capacity = slot.budget.capacityBytes + slot.budget.overheadBytes;
		const used = weights + kvb + compute + slot.budget.overheadBytes;
		overflow += Math.max(0, used - capacity);
		gpus.push({ slot, firstLayer: r.first, endLayer: r.end, hasOutput, weightsBytes: weights, activeWeightsBytes: activeW, kvBytes: kvb, computeBytes: compute, usedBytes: used, capacityBytes: capacity });
	});
	// host side
	let hostW = p.embeddingBytes;
	let hostActive = 0;
	let hostKv = 0;
	for (let il = 0; il < L; il++) {
		if (il < gpuStart || slots.length === 0) {
			hostW += p.layerBytes[il] ?? 0;
			hostActive += active(il, false);
			hostKv += kv.perLayer[il] ?? 0;
		} else if (il < expertsOnCpu) {
			hostW += p.layerExpertBytes[il] ?? 0;
			hostActive += (p.layerExpertBytes[il] ?? 0) * p.expertActiveFraction;
		}
	}
	if (!outputOnGpu) {
		hostW += p.outputBytes;
		hostActive += p.outputBytes;
	}
	const hostHasLayers = gpuStart > 0 || slots.length === 0;
	let hostCompute = 0;
	if (slots.length === 0) hostCompute = deviceComputeBytes({ ...base, backend: "cpu" }, { hasLayers: true, hasOutput: true, copiedWeightBytes: 0, pipeline: false });
	else {
		hostCompute = hostComputeBytes(base, pipeline);
		if (hostHasLayers || !outputOnGpu) {
			hostCompute = Math.max(hostCompute, deviceComputeBytes({ ...base, backend: "cpu" }, { hasLayers: hostHasLayers, hasOutput: !outputOnGpu, copiedWeightBytes: 0, pipeline: false }));
		}
	}
	const host: HostPlan = { weightsBytes: hostW, activeWeightsBytes: hostActive, kvBytes: hostKv, computeBytes: hostCompute, layers: slots.length === 0 ? L : gpuStart };
	return { fits: overflow === 0, gpus, host, expertsOnCpu, gpuStart, outputOnGpu, pipeline, overflowBytes: overflow };
}

export type PlanMode = "none" | "layers" | "experts";

export interface Plan {
	placement: Placement;
	mode: PlanMode;
}

/**
 * The placement llama.cpp would run: everything on the GPUs if it fits; otherwise, when RAM is given,
 * MoE experts of the first layers to RAM, else the first layers to the CPU, as few as possible.
 */
export function planLlama(p: PreparedModel, kv: KvDetail, base: ComputeInputs, slots: GpuSlot[], allowOffload: boolean): Plan {
	const full = layout(p, kv, base, slots, 0, 0);
	if (full.fits || slots.length === 0 || !allowOffload) return { placement: full, mode: "none" };
	const L = p.layers;
	if (p.model.moe !== null) {
		for (let k = 1; k <= L; k++) {
			const pl = layout(p, kv, base, slots, 0, k);
			if (pl.fits) return { placement: pl, mode: "experts" };
		}
	}
	for (let g = 1; g <= L; g++) {
		const pl = layout(p, kv, base, slots, g, 0);
		if (pl.fits) return { placement: pl, mode: "layers" };
	}
	return { placement: layout(p, kv, base, slots, L, 0), mode: "layers" };
}
