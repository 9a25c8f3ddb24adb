/**
 * What a layout is made of: the GPU slots a model is laid out on and the placement a layout returns
 * (per device and for the host). Types only, apart from fit.ts so that the Workspace (workspace.ts),
 * which keeps a scratch placement, and fit.ts, which writes it, do not import each other.
 */
import type { Device } from "../catalog/schema.js";
import type { DeviceBudget } from "./budget.js";
import type { SpeedKey } from "./speedCoefficients.js";

export interface GpuSlot {
	device: Device;
	budget: DeviceBudget;
	/** expanded index (CUDA0, CUDA1 …) */
	index: number;
	/**
	 * device.backend, bandwidth and dense FLOP/s copied onto the slot: catalog devices come in many
	 * object shapes, so reading them in every layout and speed sum was a slow (megamorphic) load
	 */
	backend: Device["backend"];
	bandwidth: number;
	flops: number;
	/**
	 * speedKeyOf(device) (speed.ts): the coefficient set the speed sums use, found once per slot; it
	 * matches the id against a list of patterns, and every speed sum of every estimate asked it again
	 */
	speedKey: SpeedKey;
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
