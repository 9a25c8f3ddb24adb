/**
 * The one place that decides *how* to run a model on given hardware: the best plan, not the first fit.
 *
 * It weighs what an experienced llama.cpp / vLLM user weighs — the quantization, the KV cache type
 * (q8_0 with flash attention, vLLM's fp8), and the offload the engine lays out for each (MoE experts
 * to RAM with `--n-cpu-moe N`, whole layers, or nothing) — estimates every candidate with the engine,
 * and picks one by a stated rule (PLAN_RULE). Self-contained and pure: the estimate function and the
 * candidate quants are injected, nothing is read from the catalog or the platform: canirun hands it
 * the question's plan's views (commands/canirun.ts: each candidate is `plan.at(setup).tryEstimate()`).
 *
 * The rule, in order (planKey): meet the quality floor (≥ 3 bits per weight; 1–2-bit only for giant
 * MoE, whose many experts tolerate it — Unsloth's dynamic 1.58-bit R1 runs, a 1-bit 70B dense model
 * does not), the better quality class (Q4-class ≥ 4 bits, 3-bit), a usable speed (≥ 10 tok/s, faster
 * than people read), not a tight fit; then, among plans within 20 % of the fastest of that group (or
 * already fast, ≥ 30 tok/s), the higher-quality quant (counted only up to Q4_K_M for plans that offload); then an f16 KV cache over a quantized one;
 * then speed.
 */
import type { Quant } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest, KvCacheType, Runtime } from "../../src/engine/types.js";

/** Q4-class and above: llama.cpp's quantize table puts Q4_K_M at +0.18 ppl on Llama-3-8B, Q3_K_M at +0.66, Q2_K at +3.52. */
export const GOOD_QUALITY_BITS = 4;
/** Below ~3 bits a dense model degrades steeply (Q2_K +3.52 ppl, quantize.cpp); the floor for dense and mid-size MoE models. */
export const DENSE_FLOOR_BITS = 3;
/** Giant MoE (≥ 200B total): 1.58-bit dynamic quants are what people run (unsloth DeepSeek-R1 IQ1_S); floor at IQ1_S. */
export const GIANT_MOE_FLOOR_BITS = 1.5;
export const GIANT_MOE_PARAMS = 200e9;
/** ≥ 10 tok/s streams faster than it is read (describe.ts USABLE_TOKENS_PER_SECOND). */
export const USABLE_SPEED = 10;
/** ≥ 30 tok/s feels instant (describe.ts FAST_TOKENS_PER_SECOND): beyond it, quality decides. */
export const FAST_SPEED = 30;
/**
 * Offloading to buy more than Q4_K_M's 4.5 bits is not worth it: decode time grows with every byte read
 * from RAM while the quality gain past Q4_K_M is small (+0.175 → +0.057 ppl for Q5_K_M, quantize.cpp);
 * for plans that offload, quality counts only up to this many bits and speed decides beyond.
 */
export const OFFLOAD_QUALITY_CAP_BITS = 4.5;
/** A larger quant is worth up to this share of speed lost against the fastest plan of its group. */
export const SPEED_TOLERANCE = 0.2;
/** Under 5 % free on the fullest device is a tight fit (describe.ts TIGHT_HEADROOM_FRACTION). */
export const TIGHT_HEADROOM = 0.05;

/**
 * vLLM: a pool that holds one whole sequence of the asked length is not a tight fit. vLLM fills
 * gpu_memory_utilization with its pool whatever the KV type, so "room" is concurrency, which one
 * person's question does not need (at two, a default cache holding 1.5 sequences counted as tight).
 */
export const VLLM_ROOMY_SEQUENCES = 1;

export const PLAN_RULE =
	"best quality class first (Q4-class ≥ 4 bits, then ≥ 3 bits; 1–2-bit only for giant MoE), then a usable speed (≥ 10 tok/s) with room to spare, then the highest quant within 20 % of the fastest such plan (or ≥ 30 tok/s) — never offloading to go past Q4_K_M — f16 KV before a quantized one";

export interface PlanCandidate {
	quant: Quant;
	kvCacheType: KvCacheType;
	req: EstimateRequest;
	est: Estimate;
	/** "fits" or "offload": it runs on the hardware as laid out */
	runs: boolean;
	decode: number;
	/** smallest free fraction over the GPUs */
	headroom: number;
	meetsFloor: boolean;
}

export interface PlanSearchInput {
	/** the request with the hardware, context, runtime and settings fixed (its quant and KV type are replaced) */
	base: EstimateRequest;
	/** quants to try, largest first (one when the user named it) */
	quants: readonly Quant[];
	/** KV cache types to try, preferred first (one when the user named it) */
	kvTypes: readonly KvCacheType[];
	estimate(req: EstimateRequest): Estimate | null;
	/** the request at a quant and KV type (exact tensors of that quant when known) */
	at(quant: Quant, kvCacheType: KvCacheType): EstimateRequest;
	/** a cheap screen: false only when the quant cannot fit even with offload (optional) */
	mayRun?(quant: Quant): boolean;
	/** a sharper screen of one request: false only when it cannot run at all (optional; e.g. one GPU, no RAM) */
	mayRunRequest?(req: EstimateRequest): boolean;
	/**
	 * Only `best` is read (a family table's row): once a plan no later quant can beat is found, the
	 * rest of the ladder is skipped. Otherwise the quants that could still be an alternative are kept.
	 */
	bestOnly?: boolean;
	/** estimate every quant (no skipping): what the skipping is checked against (tests/commands/plan-search.test.ts) */
	exhaustive?: boolean;
}

export interface PlanChoice {
	readonly best: PlanCandidate | null;
	/** every candidate estimated, best first by planKey */
	readonly ranked: PlanCandidate[];
	/** up to two runnable plans that differ from the best in kind (faster, or higher quality), with why they lost */
	readonly alternatives: { candidate: PlanCandidate; why: string }[];
	readonly floorBits: number;
	/** one line: what was chosen and why (the rule applied) */
	readonly why: string;
}

/** The quality floor of a model: giant MoE may go to ~1.6 bits, everything else stays at ≥ 3. */
export function floorBitsFor(model: EstimateRequest["model"]): number {
	return model.moe !== null && model.totalParams >= GIANT_MOE_PARAMS ? GIANT_MOE_FLOOR_BITS : DENSE_FLOOR_BITS;
}

/**
 * KV cache types worth trying per runtime, f16 first: llama.cpp q8_0 (needs flash attention); MLX none.
 * vLLM: only its default (`--kv-cache-dtype auto`, the model's dtype) unless the question names one — the
 * answer is about what `vllm serve` does as asked (vllm#10517: Llama-3.1-8B on a 3090 at 29,000 tokens
 * fails to start with the default cache's 23,648 tokens); fp8 is offered as the fix (canirun's suggestions).
 */
export function kvTypesFor(runtime: Runtime, named: KvCacheType | null, flashAttention: EstimateRequest["flashAttention"]): KvCacheType[] {
	if (named !== null) return [named];
	if (runtime === "vllm") return ["f16"];
	if (runtime === "mlx") return ["f16"];
	// a quantized V cache needs flash attention (llama.cpp refuses -ctv q8_0 with -fa off)
	return flashAttention === "off" ? ["f16"] : ["f16", "q8_0"];
}

function headroomOf(est: Estimate): number {
	let min = 1;
	for (const d of est.fit?.devices ?? []) if (d.capacityBytes > 0) min = Math.min(min, 1 - d.usedBytes / d.capacityBytes);
	return min;
}

export function qualityClass(bits: number): number {
	if (bits >= GOOD_QUALITY_BITS) return 2;
	if (bits >= DENSE_FLOOR_BITS) return 1;
	return 0;
}

/** Quality order of quants: more bits, then the smaller published perplexity loss. */
export function qualityOf(q: Quant): number {
	return q.bitsPerWeight * 1000 - Math.min(999, (q.pplDelta ?? 0) * 100);
}

function candidateOf(quant: Quant, kvCacheType: KvCacheType, req: EstimateRequest, est: Estimate, floor: number): PlanCandidate {
	const verdict = est.fit?.verdict ?? "no";
	return {
		quant,
		kvCacheType,
		req,
		est,
		runs: verdict === "fits" || verdict === "offload",
		decode: est.speed?.decodeTokensPerSecond ?? 0,
		headroom: headroomOf(est),
		meetsFloor: quant.bitsPerWeight >= floor,
	};
}

/**
 * Room to spare on the GPUs. Only a full fit can be tight: an offload plan fills the GPUs by
 * construction (as many layers or experts as fit), and its margin is a flag away (-ngl, --n-cpu-moe).
 */
function roomy(c: PlanCandidate): boolean {
	if (c.est.fit?.verdict !== "fits") return true;
	// vLLM always claims gpu_memory_utilization of each GPU: room is KV pool for more than one sequence
	if (c.est.vllm != null) return c.est.vllm.maxConcurrentSequences >= VLLM_ROOMY_SEQUENCES;
	return c.headroom >= TIGHT_HEADROOM;
}

/**
 * The group a candidate competes in on speed, as one number: runs, floor, quality class (0–2, qualityClass),
 * usable speed and room, each a digit of a mixed radix (2 · 2 · 3 · 2 · 2), so comparing two codes
 * compares those five in that order.
 */
function groupCode(c: PlanCandidate): number {
	const runsAndFloor = (c.runs ? 2 : 0) + (c.meetsFloor ? 1 : 0);
	return (runsAndFloor * 3 + qualityClass(c.quant.bitsPerWeight)) * 4 + (c.decode >= USABLE_SPEED ? 2 : 0) + (roomy(c) ? 1 : 0);
}

/**
 * The rule as a sort key (larger is better, compared left to right). `fastest` is the fastest decode
 * among the candidates sharing this candidate's group, whose groupCode is `group`.
 */
export function planKey(c: PlanCandidate, fastest: number, group: number): number[] {
	const quick = c.decode >= Math.min(FAST_SPEED, (1 - SPEED_TOLERANCE) * fastest) ? 1 : 0;
	const offloads = c.est.fit?.verdict === "offload";
	const quality = offloads && c.quant.bitsPerWeight >= OFFLOAD_QUALITY_CAP_BITS ? OFFLOAD_QUALITY_CAP_BITS * 1000 : qualityOf(c.quant);
	return [group, quick, quality, c.kvCacheType === "f16" ? 1 : 0, c.decode];
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
	const n = Math.max(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/**
 * planKey of every candidate against its own group's fastest, in the candidates' order. A search has a
 * handful of candidates (2 on average for canirun, at most ladder × KV types), so each group's fastest
 * is found by a scan of the codes rather than through a Map.
 */
function keyList(cands: readonly PlanCandidate[]): number[][] {
	const n = cands.length;
	const codes = new Array<number>(n);
	for (let i = 0; i < n; i++) codes[i] = groupCode(cands[i] as PlanCandidate);
	const keys = new Array<number[]>(n);
	for (let i = 0; i < n; i++) {
		const g = codes[i] as number;
		let fastest = 0;
		for (let j = 0; j < n; j++) if (codes[j] === g) fastest = Math.max(fastest, (cands[j] as PlanCandidate).decode);
		keys[i] = planKey(cands[i] as PlanCandidate, fastest, g);
	}
	return keys;
}

/** planKey of every candidate against its own group's fastest. */
export function keysOf(cands: readonly PlanCandidate[]): Map<PlanCandidate, number[]> {
	const list = keyList(cands);
	const keys = new Map<PlanCandidate, number[]>();
	for (let i = 0; i < cands.length; i++) keys.set(cands[i] as PlanCandidate, list[i] as number[]);
	return keys;
}

/**
 * `cands` best first by planKey, in place: a stable insertion sort of the candidates and their keys
 * together (the order the stable built-in sort gives), without a Map from candidate to key for the
 * comparator nor the sort's copies, for a list this short.
 */
function rankInPlace(cands: PlanCandidate[]): void {
	const keys = keyList(cands);
	for (let i = 1; i < cands.length; i++) {
		const c = cands[i] as PlanCandidate;
		const key = keys[i] as number[];
		let j = i;
		while (j > 0 && compareKeys(key, keys[j - 1] as number[]) > 0) {
			cands[j] = cands[j - 1] as PlanCandidate;
			keys[j] = keys[j - 1] as number[];
			j--;
		}
		cands[j] = c;
		keys[j] = key;
	}
}

/**
 * A plan that holds the best group key of its quality class: it runs, at or above the floor, at a
 * usable speed, with room. planKey compares the group key first and the class sits before speed and
 * room in it, so no quant of a lower class can beat it — nor be an alternative to the best, since
 * alternativesTo takes faster plans of the best's class and higher-quality plans.
 */
function leadsItsClass(c: PlanCandidate): boolean {
	return c.runs && c.meetsFloor && c.decode >= USABLE_SPEED && roomy(c);
}

/**
 * A plan no lower-quality quant can beat: it leads its class, runs fully on the GPUs (a full fit's
 * quality is not capped) and at ≥ FAST_SPEED (so `quick` is 1 whatever the group's fastest is); a
 * lower-quality quant then loses on the group key or on quality, whatever its own estimate says.
 */
function unbeatable(c: PlanCandidate): boolean {
	return leadsItsClass(c) && c.est.fit?.verdict === "fits" && c.decode >= FAST_SPEED;
}

/** What is known to win so far: the first plan that leads its class, and the first unbeatable one. */
interface Decided {
	classLeader: PlanCandidate | null;
	unbeatable: PlanCandidate | null;
}

/** Whether estimating `quant` can change neither the best plan nor (unless only the best is wanted) its alternatives. */
function skippable(quant: Quant, decided: Decided, bestOnly: boolean): boolean {
	const leader = decided.classLeader;
	if (leader !== null && qualityClass(quant.bitsPerWeight) < qualityClass(leader.quant.bitsPerWeight)) return true;
	const top = decided.unbeatable;
	return bestOnly && top !== null && qualityOf(quant) < qualityOf(top.quant);
}

export function searchPlan(input: PlanSearchInput): PlanChoice {
	const floor = floorBitsFor(input.base.model);
	const cands: PlanCandidate[] = [];
	// the estimates are the cost of an answer (a family table runs this for every member): stop
	// estimating quants whose outcome is already decided (see leadsItsClass, unbeatable)
	const decided: Decided = { classLeader: null, unbeatable: null };
	for (const quant of input.quants) {
		if (input.exhaustive !== true && skippable(quant, decided, input.bestOnly === true)) continue;
		if (input.mayRun !== undefined && !input.mayRun(quant)) continue;
		for (const kv of input.kvTypes) {
			const req = input.at(quant, kv);
			if (input.mayRunRequest !== undefined && !input.mayRunRequest(req)) continue;
			const est = input.estimate(req);
			if (est === null) continue;
			const c = candidateOf(quant, kv, req, est, floor);
			cands.push(c);
			if (decided.classLeader === null && leadsItsClass(c)) decided.classLeader = c;
			if (decided.unbeatable === null && unbeatable(c)) decided.unbeatable = c;
			// a roomy full fit with the preferred KV type: a quantized cache cannot improve on it
			if (est.fit?.verdict === "fits" && roomy(c)) break;
		}
	}
	// the candidates are this search's own list: ranked where they stand
	rankInPlace(cands);
	const ranked = cands;
	const top = ranked[0];
	const best = top?.runs && top.meetsFloor ? top : null;
	return new Choice(best, ranked, floor);
}

/**
 * A search's result. The alternatives and the `why` line are built when first read: canirun reads them
 * of its final search only, and a family row or a "does a flag fix it" search reads `best` alone.
 */
class Choice implements PlanChoice {
	private alternativesRead: PlanChoice["alternatives"] | undefined;
	private whyRead: string | undefined;

	constructor(
		readonly best: PlanCandidate | null,
		readonly ranked: PlanCandidate[],
		readonly floorBits: number,
	) {}

	get alternatives(): PlanChoice["alternatives"] {
		this.alternativesRead ??= this.best === null ? lowBitAlternative(this.ranked) : alternativesTo(this.best, this.ranked);
		return this.alternativesRead;
	}

	get why(): string {
		this.whyRead ??= whyLine(this.best, this.ranked, this.floorBits);
		return this.whyRead;
	}
}

export function describePlan(c: PlanCandidate): string {
	const fit = c.est.fit;
	const parts = [c.quant.id];
	if (c.kvCacheType !== "f16") parts.push(`KV ${c.kvCacheType}`);
	if (fit !== null && fit.verdict === "offload") {
		if (fit.offloadMode === "experts") parts.push(`experts of ${fit.cpuMoeLayers} layers in RAM`);
		else parts.push(`${fit.gpuLayers} of ${fit.totalLayers} layers on GPU`);
	}
	return parts.join(", ");
}

function speedText(c: PlanCandidate): string {
	return `${c.decode >= 100 ? Math.round(c.decode) : c.decode.toFixed(1)} tok/s`;
}

/** Plans that differ from the best in kind: the fastest one, and the highest-quality one that runs. */
function alternativesTo(best: PlanCandidate, ranked: readonly PlanCandidate[]): { candidate: PlanCandidate; why: string }[] {
	const out: { candidate: PlanCandidate; why: string }[] = [];
	const runnable = ranked.filter((c) => c.runs && c.meetsFloor && c.quant !== best.quant);
	const cls = qualityClass(best.quant.bitsPerWeight);
	const faster = runnable
		.filter((c) => c.decode > best.decode * 1.3 && qualityClass(c.quant.bitsPerWeight) >= cls && roomy(c))
		.sort((a, b) => b.decode - a.decode)[0];
	if (faster !== undefined) out.push({ candidate: faster, why: `faster (${speedText(faster)}) at lower quality` });
	const better = runnable.filter((c) => qualityOf(c.quant) > qualityOf(best.quant)).sort((a, b) => qualityOf(b.quant) - qualityOf(a.quant))[0];
	if (better !== undefined && better !== faster) {
		const reason =
			better.decode < USABLE_SPEED
				? `only ${speedText(better)}`
				: !roomy(better)
					? "a tight fit"
					: `${speedText(better)}, ${Math.round((1 - better.decode / Math.max(1e-9, best.decode)) * 100)} % slower`;
		out.push({ candidate: better, why: `higher quality but ${reason}` });
	}
	return out;
}

/** Nothing at the floor runs: the best sub-floor plan that runs is worth naming, as a warning. */
function lowBitAlternative(ranked: readonly PlanCandidate[]): { candidate: PlanCandidate; why: string }[] {
	const low = ranked.find((c) => c.runs);
	return low === undefined ? [] : [{ candidate: low, why: `runs, but ${low.quant.bitsPerWeight} bits per weight is below the quality floor for this model` }];
}

function whyLine(best: PlanCandidate | null, ranked: readonly PlanCandidate[], floor: number): string {
	if (best === null) {
		const low = ranked.find((c) => c.runs);
		const floorText = `${floor} bits per weight`;
		return low !== undefined
			? `Nothing at ${floorText} or more runs on this hardware; only ${low.quant.id} (below the floor) would.`
			: `Nothing at ${floorText} or more runs on this hardware.`;
	}
	const lost: string[] = [];
	const higher = ranked.filter((c) => c.quant !== best.quant && qualityOf(c.quant) > qualityOf(best.quant));
	const nextUp = higher.sort((a, b) => qualityOf(a.quant) - qualityOf(b.quant))[0];
	if (nextUp !== undefined)
		lost.push(nextUp.runs ? `${nextUp.quant.id} runs at ${speedText(nextUp)}${!roomy(nextUp) ? " (a tight fit)" : ""}` : `${nextUp.quant.id} does not fit`);
	if (best.kvCacheType !== "f16") lost.push(`KV ${best.kvCacheType} is what lets ${best.quant.id} fit at this context`);
	const fit = best.est.fit;
	const how = fit?.verdict === "offload" ? "" : fit !== null && fit.devices.length === 0 ? " in system RAM on the CPU" : " fully on the GPU";
	return `${describePlan(best)}${how} at ${speedText(best)}: ${lost.length > 0 ? `${lost.join("; ")}. ` : ""}Rule: ${PLAN_RULE}.`;
}
