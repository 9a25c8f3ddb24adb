/**
 * The family table the model cards lead with ("which DeepSeek R1 can I run on 8 GB?"): the full model
 * and its distills (and the smaller siblings the catalog lists), each with the best plan the plan
 * search finds on the asked hardware, and the biggest member that runs. Every number is the engine's.
 */
import type { AnswerTable } from "../../src/answer/answer.js";
import { formatBytes, formatParams, formatSpeed } from "../../src/answer/format.js";
import type { Model } from "../../src/catalog/schema.js";
import type { Estimate, EstimateRequest } from "../../src/engine/types.js";
import { modelIndex } from "./model-index.js";
import { type PlanChoice, describePlan, kvTypesFor, searchPlan } from "./plan-search.js";
import { deviceCapacity, textParams, weightsLowerBoundOf } from "./prefilter.js";
import { autoLadder } from "./quant-ladder.js";
import { requestAtQuant, requestForModel, requestWithKvCache } from "./request.js";
import { type OllamaTagOf, sizedOllamaTag } from "./run-hints.js";
import type { Services } from "./services.js";

/** Members listed at most (R1: the full model and six distills). */
const MAX_MEMBERS = 8;

export interface FamilyRow {
	model: Model;
	choice: PlanChoice;
}

export interface Family {
	root: Model;
	rows: FamilyRow[];
	/** the largest member whose best plan runs (fits or offloads) */
	biggestThatRuns: Model | null;
}

/** The family of a model: its teacher when it is a distill, that model's distills and smaller siblings, largest first. */
export function familyMembers(services: Services, model: Model): Model[] {
	const index = modelIndex(services.models);
	const teacher = model.relations.distilledFrom.map((id) => index.byId.get(id)).find((m) => m !== undefined);
	const root = teacher ?? model;
	const out = new Map<string, Model>([[root.id, root]]);
	for (const m of index.distillsOf.get(root.id) ?? []) out.set(m.id, m);
	for (const id of root.relations.smallerSiblings) {
		const m = index.byId.get(id);
		if (m !== undefined) out.set(m.id, m);
	}
	if (!out.has(model.id)) out.set(model.id, model);
	return [...out.values()].sort((a, b) => b.totalParams - a.totalParams).slice(0, MAX_MEMBERS);
}

/** Whether a family table belongs in the answer: the model has distills or is one. */
export function hasDistillFamily(services: Services, model: Model): boolean {
	const index = modelIndex(services.models);
	return (index.distillsOf.get(model.id)?.length ?? 0) > 0 || model.relations.distilledFrom.some((id) => index.byId.has(id));
}

export function familyPlans(services: Services, model: Model, base: EstimateRequest, estimate: (r: EstimateRequest) => Estimate | null): Family {
	const members = familyMembers(services, model);
	const hw = base.hardware;
	// what the hardware holds at most, GPUs and RAM (each row's mayRun bound)
	const holds = hw === null ? 0 : deviceCapacity(hw) + (hw.systemMemoryBytes ?? 0);
	const rows: FamilyRow[] = members.map((m) => {
		const mBase = requestForModel(base, m);
		const text = textParams(m);
		const choice = searchPlan({
			base: mBase,
			quants: autoLadder(services.quants, base.runtime, m.nativeDtype),
			kvTypes: kvTypesFor(base.runtime, null, base.flashAttention),
			estimate,
			at: (quant, kv) => requestWithKvCache(requestAtQuant(mBase, quant, undefined), kv, base.flashAttention),
			mayRun: (quant) => hw === null || weightsLowerBoundOf(text, quant) <= holds,
			// a row shows the best plan only
			bestOnly: true,
		});
		return { model: m, choice };
	});
	const biggest = rows.find((r) => r.choice.best !== null)?.model ?? null;
	return { root: members[0] ?? model, rows, biggestThatRuns: biggest };
}

export function familyTable(f: Family, tagOf?: OllamaTagOf): AnswerTable {
	return {
		title: `${f.root.family} family on this hardware (best plan each; biggest that runs: ${f.biggestThatRuns?.name ?? "none"})`,
		columns: ["Model", "Params", "Ollama", "Best plan", "Memory", "Decode"],
		rows: f.rows.map(({ model, choice }) => {
			const b = choice.best;
			const params = model.moe !== null ? `${formatParams(model.totalParams)} (${formatParams(model.activeParams)} active)` : formatParams(model.totalParams);
			return [
				`${model.name}${model === f.biggestThatRuns ? " ←" : ""}`,
				params,
				sizedOllamaTag(model, tagOf) ?? "—",
				b === null ? "does not run" : describePlan(b),
				b === null ? "—" : formatBytes(b.est.memory.totalBytes),
				b === null || b.est.speed === null ? "—" : formatSpeed(b.est.speed.decodeTokensPerSecond),
			];
		}),
	};
}

export function familyJson(f: Family, tagOf?: OllamaTagOf): Record<string, unknown> {
	return {
		root: f.root.id,
		biggestThatRuns: f.biggestThatRuns?.id ?? null,
		members: f.rows.map(({ model, choice }) => {
			const b = choice.best;
			return {
				id: model.id,
				name: model.name,
				totalParams: model.totalParams,
				ollamaTag: sizedOllamaTag(model, tagOf),
				quant: b?.quant.id ?? null,
				kvCacheType: b?.kvCacheType ?? null,
				verdict: b?.est.fit?.verdict ?? "no",
				offloadMode: b?.est.fit?.offloadMode ?? null,
				totalBytes: b?.est.memory.totalBytes ?? null,
				decodeTokensPerSecond: b?.est.speed?.decodeTokensPerSecond ?? null,
			};
		}),
	};
}
