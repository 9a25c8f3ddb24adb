/**
 * plan(request): the engine's one entry for a question. A Plan owns everything computed for it — the
 * prepared model, the KV detail, the compute terms, the layouts, the speed — in its own Workspace (the
 * per-catalog EngineCache shared), and gives the views the commands read. The pipeline builds one per
 * question (commands/query-layer.ts) and hands it to the command with the Request.
 *
 * A Request names what was asked; the command decides the setup — the model (perhaps from the Hub), the
 * quant, the hardware and the settings with their defaults — and reads the plan at it: `plan.at(setup)`
 * gives the estimate on the setup's hardware, on other hardware, alone on one device, the fewest of a
 * device, the largest context, and the same setup with other settings (context, KV type, quant, model,
 * runtime …) — the choices the advice weighs. Every view of one plan shares its memo; the engine is
 * synchronous and each search reads its scratch back before the next, so one Workspace serves them all.
 * Pure like the rest of the engine: no I/O, no platform types.
 */
import type { Request } from "../answer/question.js";
import type { Device } from "../catalog/schema.js";
import { type DeviceScan, deviceScan, estimate, type FewestFit, fewestDevices, type SingleDeviceFit, singleDeviceScreen } from "./estimate.js";
import type { Estimate, EstimateRequest, HardwareSpec } from "./types.js";
import { type EngineCache, Workspace } from "./workspace.js";

/** One setup of a question (model, quant, hardware and settings decided) and its views; made by Plan.at(). */
export class Setup {
	private est: Estimate | undefined;
	private scan: DeviceScan | undefined;
	private screenOf: ((device: Device) => boolean) | undefined;

	constructor(
		readonly request: EstimateRequest,
		private readonly ws: Workspace,
	) {}

	/** Memory, fit and speed on the setup's hardware (memory only without hardware); computed once. Throws EngineInputError on bad input. */
	get estimate(): Estimate {
		this.est ??= estimate(this.request, this.ws);
		return this.est;
	}

	/**
	 * The estimate, or null when the engine refuses the setup (a quantized V cache without flash
	 * attention, a device without bandwidth …): an alternative the advice weighs is then not offered.
	 */
	tryEstimate(): Estimate | null {
		try {
			return this.estimate;
		} catch {
			return null;
		}
	}

	/** The same setup on other hardware (null: memory only). */
	on(hardware: HardwareSpec | null): Estimate {
		return estimate({ ...this.request, hardware }, this.ws);
	}

	/** The same setup with other settings (context, KV type, runtime, quant …), in the same plan. */
	with(changes: Partial<EstimateRequest>): Setup {
		return new Setup({ ...this.request, ...changes }, this.ws);
	}

	/**
	 * Alone on `hardware` (one accelerator, no RAM): the numbers a scan row shows when it fits, null for
	 * any other verdict (DeviceScan.alone).
	 */
	alone(hardware: HardwareSpec): SingleDeviceFit | null {
		this.scan ??= deviceScan(this.request, this.ws);
		return this.scan.alone(hardware);
	}

	/** The fewest of `device` that hold the setup fully and the decode rate on that many (DeviceScan.fewest). */
	fewest(device: Device, maxCount: number): FewestFit | null {
		this.scan ??= deviceScan(this.request, this.ws);
		return this.scan.fewest(device, maxCount);
	}

	/** Only the count of fewest(): no speed. Throws EngineInputError on bad input. */
	fewestCount(device: Device, maxCount: number): number | null {
		return fewestDevices(this.request, device, maxCount, this.ws);
	}

	/**
	 * False only when one `device` cannot hold the setup fully, by the engine's exact lower bound (the
	 * bytes every layer, the output and the KV cache take over the device's budget): far cheaper than the
	 * estimate it saves, whose layouts and offload search are the expensive part. True means "lay it
	 * out", and so does a bad setup (its estimate says what is wrong).
	 */
	mayFitAlone(device: Device): boolean {
		try {
			this.screenOf ??= singleDeviceScreen(this.request, this.ws);
			return this.screenOf(device);
		} catch {
			return true;
		}
	}

	/** Largest context (tokens per sequence) that fits fully on the setup's hardware; 0 when not even the weights do. */
	get largestContext(): number {
		return this.estimate.fit?.maxContextTokens ?? 0;
	}
}

/**
 * The plan of one question: its memo, and each setup the command reads. Cheap to build: the Workspace
 * (memo and scratch) is made when a first setup is read, so a question that computes nothing (help, a
 * name to ask back about) costs one small object.
 */
export class Plan {
	private ws: Workspace | undefined;

	constructor(
		readonly request: Request,
		private readonly cache?: EngineCache,
	) {}

	/** The question at one setup: its estimate and the views around it. */
	at(setup: EstimateRequest): Setup {
		this.ws ??= new Workspace(this.cache);
		return new Setup(setup, this.ws);
	}
}

/** The plan of one question; `cache` is the per-catalog memo to share (one per bound catalog). */
export function plan(request: Request, cache?: EngineCache): Plan {
	return new Plan(request, cache);
}
