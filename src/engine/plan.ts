/**
 * plan(request): the engine's one entry for a question. A Plan owns everything computed for it — the
 * prepared model, the KV detail, the compute terms, the layouts, the speed — in its own Workspace (the
 * per-catalog EngineCache shared), and gives the views the commands read: the estimate on the given
 * hardware, on other hardware, alone on one device, the fewest of a device, the largest context, and
 * the same question with other settings (context, KV type, runtime …) for the plan search of the advice.
 * Pure like the rest of the engine: no I/O, no platform types.
 */
import type { Device } from "../catalog/schema.js";
import { type DeviceScan, deviceScan, estimate, type FewestFit, fewestDevices, type SingleDeviceFit, singleDeviceScreen } from "./estimate.js";
import type { Estimate, EstimateRequest, HardwareSpec } from "./types.js";
import { type EngineCache, Workspace } from "./workspace.js";

export class Plan {
	private readonly ws: Workspace;
	private est: Estimate | undefined;
	private scan: DeviceScan | undefined;
	private screenOf: ((device: Device) => boolean) | undefined;

	constructor(
		readonly request: EstimateRequest,
		cache?: EngineCache,
	) {
		this.ws = new Workspace(cache);
	}

	/** Memory, fit and speed on the request's hardware (memory only without hardware); computed once. Throws EngineInputError on bad input. */
	get estimate(): Estimate {
		this.est ??= estimate(this.request, this.ws);
		return this.est;
	}

	/** The same question on other hardware (null: memory only). */
	on(hardware: HardwareSpec | null): Estimate {
		return estimate({ ...this.request, hardware }, this.ws);
	}

	/** The same question with other settings (context, KV type, runtime, quant …): a plan sharing this one's caches. */
	with(changes: Partial<EstimateRequest>): Plan {
		return new Plan({ ...this.request, ...changes }, this.ws.cache);
	}

	/**
	 * Alone on `hardware` (one accelerator, no RAM): the numbers a scan row shows when it fits, null for
	 * any other verdict (DeviceScan.alone).
	 */
	alone(hardware: HardwareSpec): SingleDeviceFit | null {
		this.scan ??= deviceScan(this.request, this.ws);
		return this.scan.alone(hardware);
	}

	/** The fewest of `device` that hold the question fully and the decode rate on that many (DeviceScan.fewest). */
	fewest(device: Device, maxCount: number): FewestFit | null {
		this.scan ??= deviceScan(this.request, this.ws);
		return this.scan.fewest(device, maxCount);
	}

	/** Only the count of fewest(): no speed. */
	fewestCount(device: Device, maxCount: number): number | null {
		return fewestDevices(this.request, device, maxCount, this.ws);
	}

	/** False only when one `device` cannot hold the question fully (a lower bound; true means "lay it out"). */
	mayFitAlone(device: Device): boolean {
		this.screenOf ??= singleDeviceScreen(this.request, this.ws);
		return this.screenOf(device);
	}

	/** Largest context (tokens per sequence) that fits fully on the request's hardware; 0 when not even the weights do. */
	get largestContext(): number {
		return this.estimate.fit?.maxContextTokens ?? 0;
	}
}

/** The plan of one question; `cache` is the per-catalog memo to share (one per bound catalog). */
export function plan(request: EstimateRequest, cache?: EngineCache): Plan {
	return new Plan(request, cache);
}
