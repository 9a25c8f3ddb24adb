/**
 * plan(request): every view of a plan's setups says what the one-call functions say for the same
 * question, and plans and setups worked on in turn do not disturb each other (a plan's memo and
 * scratch are its own, its setups' searches read their scratch back before the next: issue 13).
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_DEVICES } from "../../bench/accuracy/devices.js";
import { FIXTURE_MODELS } from "../../bench/accuracy/models.js";
import type { Request } from "../../src/answer/question.js";
import { emptyRequest } from "../../src/query/parse.js";
import type { Device, Model } from "../../src/catalog/schema.js";
import { deviceScan, EngineCache, ENGINE_DEFAULTS, estimate, fewestDevices, maxContextThatFits, plan, Workspace } from "../../src/engine/index.js";
import type { EstimateRequest, HardwareSpec, Runtime } from "../../src/engine/index.js";
import { engineRequest } from "./request.js";

function req(model: Model, runtime: Runtime, contextTokens: number, hardware: HardwareSpec | null, quantId: string = ENGINE_DEFAULTS.quantId): EstimateRequest {
	return engineRequest(model, { runtime, contextTokens, hardware, quantId });
}

const devices = (Object.values(FIXTURE_DEVICES) as Device[]).filter((d) => d.kind !== "cpu");
const models = Object.values(FIXTURE_MODELS) as Model[];
const one = (device: Device, count = 1, ram: number | null = null): HardwareSpec => ({ devices: [{ device, count }], systemMemoryBytes: ram });
/** An estimate as the JSON contract sees it (lazy fields read, so they are compared too). */
const seen = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
/** The one-call functions' own workspace (warm): separate from every plan's. */
const ref = new Workspace();

/** What was asked (the command decides the setups a plan is read at; the engine does not read the words). */
const ASKED: Request = emptyRequest("canirun");
/** A question's plan read at one setup. */
const setupOf = (question: EstimateRequest, cache?: EngineCache) => plan(ASKED, cache).at(question);

describe("plan()", () => {
	it("has a model and device set to work on", () => {
		expect(models.length).toBeGreaterThan(3);
		expect(devices.length).toBeGreaterThan(3);
	});

	for (const runtime of ["llama.cpp", "mlx", "vllm"] as const) {
		it(`estimate, on(), with() and largestContext equal estimate() and maxContextThatFits() (${runtime})`, () => {
			const cache = new EngineCache();
			for (const model of models) {
				for (const [i, device] of devices.entries()) {
					if (i % 2 === 1) continue; // every other device: the views, not the device list, are under test
					const hw = one(device, 1 + (i % 3), i % 4 === 0 ? 64 * 2 ** 30 : null);
					const question = req(model, runtime, 8192, hw);
					let expected: unknown;
					try {
						expected = seen(estimate(question, ref));
					} catch (error) {
						expect(() => setupOf(question, cache).estimate).toThrow((error as Error).message);
						expect(setupOf(question, cache).tryEstimate()).toBeNull();
						continue;
					}
					const p = setupOf(question, cache);
					expect(seen(p.tryEstimate())).toEqual(expected);
					expect(seen(p.estimate)).toEqual(expected);
					// read twice: the same object (computed once)
					expect(p.estimate).toBe(p.estimate);
					expect(p.largestContext).toBe(maxContextThatFits(question, ref));
					const other = one(devices[(i + 1) % devices.length] as Device);
					expect(seen(p.on(other))).toEqual(seen(estimate({ ...question, hardware: other }, ref)));
					expect(seen(p.on(null))).toEqual(seen(estimate({ ...question, hardware: null }, ref)));
					const longer = p.with({ contextTokens: 32768, kvCacheType: "q8_0" });
					expect(longer.request.contextTokens).toBe(32768);
					expect(seen(longer.estimate)).toEqual(seen(estimate({ ...question, contextTokens: 32768, kvCacheType: "q8_0" }, ref)));
				}
			}
		});
	}

	it("a setup the engine refuses: estimate throws, tryEstimate is null, mayFitAlone says lay it out", () => {
		const [model] = models;
		const [device] = devices;
		if (model === undefined || device === undefined) throw new Error("fixtures");
		for (const bad of [{ contextTokens: 0 }, { ubatch: 1.5 }, { parallel: -1 }] as const) {
			const p = setupOf({ ...req(model, "llama.cpp", 8192, one(device)), ...bad });
			expect(() => p.estimate).toThrow();
			expect(p.tryEstimate()).toBeNull();
			expect(p.mayFitAlone(device)).toBe(true);
		}
	});

	it("alone(), fewest(), fewestCount() and mayFitAlone() equal deviceScan() and fewestDevices()", () => {
		let fits = 0;
		for (const model of models) {
			for (const runtime of ["llama.cpp", "ollama", "mlx", "vllm"] as const) {
				const question = req(model, runtime, 16384, null);
				const p = setupOf(question);
				const scan = deviceScan(question, ref);
				for (const device of devices) {
					const alone = scan.alone(one(device));
					expect(p.alone(one(device))).toEqual(alone);
					if (alone !== null) {
						fits++;
						expect(p.mayFitAlone(device)).toBe(true);
					}
					expect(p.fewest(device, 16)).toEqual(scan.fewest(device, 16));
					expect(p.fewestCount(device, 16)).toBe(fewestDevices(question, device, 16, ref));
				}
			}
		}
		expect(fits).toBeGreaterThan(0);
	});

	for (const shared of [false, true])
		it(`${shared ? "setups of one plan" : "plans sharing one cache"}, worked on in turn, answer as if each were alone`, () => {
			const cache = new EngineCache();
			const one_ = plan(ASKED, cache);
			const at = (q: EstimateRequest) => (shared ? one_.at(q) : setupOf(q, cache));
			const [m1, m2] = models;
			const [d1, d2] = devices;
			if (m1 === undefined || m2 === undefined || d1 === undefined || d2 === undefined) throw new Error("fixtures");
			const a = at(req(m1, "llama.cpp", 32768, one(d1, 2, 32 * 2 ** 30)));
			const b = at(req(m2, "mlx", 4096, one(d2)));
			const c = at(req(m1, "llama.cpp", 131072, one(d2, 1, 128 * 2 ** 30), "Q8_0"));
			// interleave every view: each plan's searches write only into its own scratch
			const got = [
				a.alone(one(d2)),
				b.fewest(d1, 8),
				c.largestContext,
				a.fewest(d2, 8),
				b.largestContext,
				c.alone(one(d1)),
				a.largestContext,
				seen(b.estimate),
				seen(c.estimate),
			];
			const alone = (q: EstimateRequest, hw: HardwareSpec) => deviceScan(q, ref).alone(hw);
			const fewest = (q: EstimateRequest, d: Device) => deviceScan(q, ref).fewest(d, 8);
			expect(got).toEqual([
				alone(a.request, one(d2)),
				fewest(b.request, d1),
				maxContextThatFits(c.request, ref),
				fewest(a.request, d2),
				maxContextThatFits(b.request, ref),
				alone(c.request, one(d1)),
				maxContextThatFits(a.request, ref),
				seen(estimate(b.request, ref)),
				seen(estimate(c.request, ref)),
			]);
		});
});
