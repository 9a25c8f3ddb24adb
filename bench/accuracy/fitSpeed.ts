/**
 * The fit behind src/engine/speedFit.ts. Decode and prefill times are linear in the coefficients of
 * speed.ts (1/η, seconds per layer, seconds per expert call, 1/MFU, …), so the fit is a regularised
 * least squares on the relative error of the time (decode) or its log (prefill; see solve), by projected
 * coordinate descent:
 *   minimise Σ_rows w_row (t̂_row / t_row − 1)² + λ Σ_coef ((x − prior) / prior)²,  x within physical bounds
 *   (prefill: ln(t̂_row / t_row)² in place of (t̂_row / t_row − 1)²)
 * - w_row = 1/√(rows of its source): one big source (61 rows of one 2024 sweep) does not outweigh the rest;
 * - the prior keeps a coefficient that few rows see near its physical value (ENGINE.md: η ≈ 0.6–0.85,
 *   kernel launches 5–10 µs); a backend with no rows keeps its prior;
 * - bounds: η ≤ 1 (no more than the bandwidth), MFU ≤ 2 (int8 MMA runs at twice the FP16 rate).
 * Deterministic: fixed order, fixed number of sweeps. Decode is fitted first; prefill reuses its 1/η.
 */
import {
	type SpeedKey,
	type BackendCoefficients,
	decodeFeatures,
	decodeSeconds,
	prefillFeatures,
	prefillSeconds,
	type SpeedCoefficients,
} from "../../src/engine/speed.js";
import { caseDepth, type SpeedCase } from "./speedCases.js";

const BACKENDS: SpeedKey[] = ["cuda", "rocm", "amd-apu", "vulkan", "sycl", "metal", "cpu"];

/** ROCm's priors, which the AMD APU set starts from too. */
const ROCM_PRIORS: BackendCoefficients = {
	invEta: 1.3,
	layerSeconds: 6e-5,
	expertSeconds: 1e-5,
	invMfuQuant: 3,
	invMfuFloat: 3,
	prefillRead: 1,
	invMfuExpert: 6,
	prefillActivation: 20,
	expertPrefillSeconds: 1e-5,
};

/**
 * Physical priors (and the values of backends without rows):
 * - 1/η: llama.cpp mat-vec reaches 70–85 % of peak bandwidth on CUDA (ENGINE.md anchors: 4090 F16 82 %,
 *   Q8_0 70 %), less on Metal/Vulkan (whichllm: Apple ×0.82, AMD ×0.78 relative to NVIDIA), ~60 % on CPU;
 * - layerSeconds: ~15 kernels per block at 2–5 µs each (CUDA graphs) and more per launch without graphs;
 * - expertSeconds: one routed mat-vec triple (gate, up, down) plus its share of the routing per expert;
 * - 1/MFU: int8 MMQ on tensor cores ≈ the FP16 rate; GEMM on F16 ≈ 60 %; Vulkan/ROCm lower;
 * - pcieUpload: 1 = the full PCIE_BYTES_PER_SECOND.
 */
export const PRIORS: SpeedCoefficients = {
	backends: {
		cuda: {
			invEta: 1.2,
			layerSeconds: 4e-5,
			expertSeconds: 6e-6,
			invMfuQuant: 2.5,
			invMfuFloat: 2.2,
			prefillRead: 1,
			invMfuExpert: 5,
			prefillActivation: 20,
			expertPrefillSeconds: 1e-5,
		},
		// AMD APUs: the ROCm priors (same kernels, on LPDDR5X); copies, so each set is fitted on its own
		"amd-apu": { ...ROCM_PRIORS },
		rocm: { ...ROCM_PRIORS },
		vulkan: {
			invEta: 1.3,
			layerSeconds: 6e-5,
			expertSeconds: 1e-5,
			invMfuQuant: 4,
			invMfuFloat: 4,
			prefillRead: 1,
			invMfuExpert: 8,
			prefillActivation: 20,
			expertPrefillSeconds: 1e-5,
		},
		sycl: {
			invEta: 1.5,
			layerSeconds: 8e-5,
			expertSeconds: 1.5e-5,
			invMfuQuant: 4,
			invMfuFloat: 4,
			prefillRead: 1,
			invMfuExpert: 8,
			prefillActivation: 20,
			expertPrefillSeconds: 1e-5,
		},
		metal: {
			invEta: 1.35,
			layerSeconds: 6e-5,
			expertSeconds: 1e-5,
			invMfuQuant: 1.5,
			invMfuFloat: 1.5,
			prefillRead: 1,
			invMfuExpert: 3.0,
			prefillActivation: 20,
			expertPrefillSeconds: 1e-5,
		},
		cpu: {
			invEta: 1.6,
			layerSeconds: 2e-5,
			expertSeconds: 5e-6,
			invMfuQuant: 1.5,
			invMfuFloat: 1.5,
			prefillRead: 1,
			invMfuExpert: 3.0,
			prefillActivation: 20,
			expertPrefillSeconds: 1e-5,
		},
	},
	pcieUpload: 1,
};

const BOUNDS: Record<keyof BackendCoefficients | "pcieUpload", [number, number]> = {
	invEta: [1, 4],
	layerSeconds: [0, 1e-3],
	expertSeconds: [0, 2e-4],
	invMfuQuant: [0.5, 60],
	invMfuFloat: [0.5, 60],
	prefillRead: [0, 5],
	invMfuExpert: [0.5, 60],
	prefillActivation: [0, 200],
	expertPrefillSeconds: [0, 2e-4],
	pcieUpload: [0.2, 10],
};

/** Strength of the pull toward the prior (per coefficient, in units of squared relative error). */
export const PRIOR_WEIGHT = 0.05;
const SWEEPS = 400;

interface Row {
	features: Map<string, number>;
	constant: number;
	target: number;
	weight: number;
}

function get(c: SpeedCoefficients, key: string): number {
	if (key === "pcieUpload") return c.pcieUpload;
	const [b, k] = key.split(".") as [SpeedKey, keyof BackendCoefficients];
	return c.backends[b][k];
}

function set(c: SpeedCoefficients, key: string, v: number): void {
	if (key === "pcieUpload") {
		c.pcieUpload = v;
		return;
	}
	const [b, k] = key.split(".") as [SpeedKey, keyof BackendCoefficients];
	c.backends[b][k] = v;
}

function bounds(key: string): [number, number] {
	return BOUNDS[(key === "pcieUpload" ? key : key.split(".")[1]) as keyof typeof BOUNDS];
}

function clone(c: SpeedCoefficients): SpeedCoefficients {
	const backends = {} as Record<SpeedKey, BackendCoefficients>;
	for (const b of BACKENDS) backends[b] = { ...c.backends[b] };
	return { backends, pcieUpload: c.pcieUpload };
}

function solve(rows: Row[], x: SpeedCoefficients, keys: string[], logLoss = false): void {
	const prior = (k: string) => get(PRIORS, k);
	// first the relative-error fit (a parabola per coefficient: exact coordinate minimum), which gives
	// a good start; then the log-error fit from there
	for (let sweep = 0; sweep < SWEEPS; sweep++) {
		for (const k of keys) {
			// with the others fixed the objective is a parabola in x_k: its minimum, clamped to the bounds
			let aa = 0;
			let ab = 0;
			for (const r of rows) {
				const f = r.features.get(k);
				if (f === undefined) continue;
				let rest = r.constant;
				for (const [k2, f2] of r.features) if (k2 !== k) rest += f2 * get(x, k2);
				const a = f / r.target;
				const b = rest / r.target - 1;
				aa += r.weight * a * a;
				ab += r.weight * a * b;
			}
			const p = prior(k);
			const lam = PRIOR_WEIGHT / (p * p);
			const v = (-ab + lam * p) / (aa + lam);
			const [lo, hi] = bounds(k);
			set(x, k, Math.min(hi, Math.max(lo, v)));
		}
	}
	// The answer is judged by |estimate / measured − 1| in tokens/s, and rows that share one query but
	// differ 2× (ROCm vs Vulkan on one Strix Halo) should meet in the middle, not at the fast one: the
	// squared log ratio ln(t̂/t)² is symmetric in over- and under-estimation, where the relative error
	// of the time (t̂/t − 1) lets a slow row's error saturate at −1. Gauss–Newton per coefficient.
	// Prefill only: decode rows have no such spread (ROCm and Vulkan decode those rows within 10 %).
	for (let sweep = 0; logLoss && sweep < SWEEPS; sweep++) {
		for (const k of keys) {
			let aa = 0;
			let ab = 0;
			for (const r of rows) {
				const f = r.features.get(k);
				if (f === undefined) continue;
				let t = r.constant;
				for (const [k2, f2] of r.features) t += f2 * get(x, k2);
				if (!(t > 0)) continue;
				const g = f / t;
				aa += r.weight * g * g;
				ab += r.weight * g * Math.log(t / r.target);
			}
			const p = prior(k);
			const lam = PRIOR_WEIGHT / (p * p);
			const cur = get(x, k);
			const v = cur - (ab + lam * (cur - p)) / (aa + lam);
			const [lo, hi] = bounds(k);
			set(x, k, Math.min(hi, Math.max(lo, v)));
		}
	}
}

function weights(cases: SpeedCase[]): Map<string, number> {
	const n = new Map<string, number>();
	for (const c of cases) n.set(c.source, (n.get(c.source) ?? 0) + 1);
	return n;
}

function excluded(c: SpeedCase): boolean {
	return c.note?.startsWith("outlier") === true;
}

/** Fit the coefficients on `cases` (outliers left out). */
export function fitCoefficients(cases: SpeedCase[]): SpeedCoefficients {
	const used = cases.filter((c) => !excluded(c));
	const perSource = weights(used);
	const w = (c: SpeedCase) => 1 / Math.sqrt(perSource.get(c.source) ?? 1);
	const x = clone(PRIORS);
	const decodeRows: Row[] = used
		.filter((c) => c.test === "decode")
		.map((c) => {
			const f = decodeFeatures(c.inputs, caseDepth(c));
			const constant = f.get("const") ?? 0;
			f.delete("const");
			return { features: f, constant, target: 1 / c.tps, weight: w(c) };
		});
	const decodeKeys = BACKENDS.flatMap((b) => [`${b}.invEta`, `${b}.layerSeconds`, `${b}.expertSeconds`]).filter((k) =>
		decodeRows.some((r) => r.features.has(k)),
	);
	solve(decodeRows, x, decodeKeys);
	const prefillRows: Row[] = used
		.filter((c) => c.test === "prefill")
		.map((c) => ({ features: prefillFeatures(c.inputs, c.tokens, x), constant: 0, target: c.tokens / c.tps, weight: w(c) }));
	const prefillKeys = [
		...BACKENDS.flatMap((b) => [
			`${b}.invMfuQuant`,
			`${b}.invMfuFloat`,
			`${b}.prefillRead`,
			`${b}.invMfuExpert`,
			`${b}.prefillActivation`,
			`${b}.expertPrefillSeconds`,
		]),
		"pcieUpload",
	].filter((k) => prefillRows.some((r) => r.features.has(k)));
	solve(prefillRows, x, prefillKeys, true);
	// Vulkan: catalog cards answer with their native backend, so the rows measured on Vulkan are fitted
	// above under CUDA/ROCm; the vulkan coefficients (for devices the catalog lists as Vulkan, e.g. iGPUs)
	// come from the same rows relabelled, with everything else held fixed
	const vulkan = used
		.filter((c) => c.measuredBackend === "vulkan")
		.map((c) => ({ ...c, inputs: { ...c.inputs, parts: c.inputs.parts.map((p) => (p.backend === "cpu" ? p : { ...p, backend: "vulkan" as const })) } }));
	const vDecode: Row[] = vulkan
		.filter((c) => c.test === "decode")
		.map((c) => {
			const f = decodeFeatures(c.inputs, caseDepth(c));
			const constant = f.get("const") ?? 0;
			f.delete("const");
			return { features: f, constant, target: 1 / c.tps, weight: w(c) };
		});
	solve(
		vDecode,
		x,
		["vulkan.invEta", "vulkan.layerSeconds", "vulkan.expertSeconds"].filter((k) => vDecode.some((r) => r.features.has(k))),
	);
	const vPrefill: Row[] = vulkan
		.filter((c) => c.test === "prefill")
		.map((c) => ({ features: prefillFeatures(c.inputs, c.tokens, x), constant: 0, target: c.tokens / c.tps, weight: w(c) }));
	solve(
		vPrefill,
		x,
		["vulkan.invMfuQuant", "vulkan.invMfuFloat", "vulkan.prefillRead", "vulkan.invMfuExpert", "vulkan.prefillActivation", "vulkan.expertPrefillSeconds"].filter(
			(k) => vPrefill.some((r) => r.features.has(k)),
		),
		true,
	);
	return x;
}

/** The tokens/s the coefficients give for a case (decode of a tgN test at its mean depth, prefill of ppN). */
export function predict(c: SpeedCase, x: SpeedCoefficients): number {
	return c.test === "decode" ? 1 / decodeSeconds(c.inputs, caseDepth(c), x) : c.tokens / prefillSeconds(c.inputs, c.tokens, x);
}

/** How many fitted rows inform each coefficient (for the comments of the generated file). */
export function rowsPerCoefficient(cases: SpeedCase[]): Map<string, number> {
	const n = new Map<string, number>();
	const x = clone(PRIORS);
	for (const c of cases.filter((c) => !excluded(c))) {
		const f = c.test === "decode" ? decodeFeatures(c.inputs, caseDepth(c)) : prefillFeatures(c.inputs, c.tokens, x);
		for (const k of f.keys()) n.set(k, (n.get(k) ?? 0) + 1);
		if (c.measuredBackend === "vulkan")
			for (const k of f.keys())
				if (/^(cuda|rocm|amd-apu)\./.test(k)) n.set(k.replace(/^[\w-]+?(?=\.)/, "vulkan"), (n.get(k.replace(/^[\w-]+?(?=\.)/, "vulkan")) ?? 0) + 1);
	}
	return n;
}

export interface LosoResult {
	c: SpeedCase;
	/** estimate with all rows fitted / measured − 1 */
	inSample: number;
	/** estimate with the row's whole source left out of the fit / measured − 1 */
	heldOut: number;
}

/** Leave-one-source-out: refit without each source, predict its rows. */
export function leaveOneSourceOut(cases: SpeedCase[]): LosoResult[] {
	const all = fitCoefficients(cases);
	const bySource = new Map<string, SpeedCase[]>();
	for (const c of cases) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
	const out: LosoResult[] = [];
	for (const [source, rows] of bySource) {
		const x = fitCoefficients(cases.filter((c) => c.source !== source));
		for (const c of rows) out.push({ c, inSample: predict(c, all) / c.tps - 1, heldOut: predict(c, x) / c.tps - 1 });
	}
	return out;
}
