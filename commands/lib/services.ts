/**
 * Everything a command needs from the catalog, the Hub and the engine, as one injected object. Commands
 * never import the catalog or the engine's functions directly: production binds the real ones
 * (`./bind.ts`), tests bind a catalog with a changed fact and see the answer change. The engine is
 * reached through one plan per question (`plan`), which the pipeline builds and hands to the command.
 */
import type { QualityScores } from "../../src/catalog/quality.js";
import type { Device, Model, Quant } from "../../src/catalog/schema.js";
import type { Request } from "../../src/answer/question.js";
import type { Plan } from "../../src/engine/index.js";
import type { EstimateRequest, KvCacheType, Runtime } from "../../src/engine/types.js";
import type { ParseLimits, QueryResolvers } from "../../src/query/types.js";
import type { Completion, CompletionKind } from "../types.js";

/** The defaults every answer states (DESIGN §2). */
export interface Defaults {
	quantId: string;
	contextTokens: number;
	kvCacheType: KvCacheType;
	runtime: Runtime;
	ubatch: number;
	flashAttention: "auto" | "on" | "off";
	parallel: number;
}

/** A model found on the Hugging Face Hub, reduced to what an estimate needs. */
export interface HubPick {
	model: Model;
	/** the quantization named by the file, when the reference was a GGUF file */
	quant: Quant | null;
	tensors: EstimateRequest["tensors"];
	/** where it came from, e.g. "hf.co/unsloth/Qwen3-32B-GGUF (GGUF header)" */
	source: string;
	/** the repo as the Hub spells it ("org/name") */
	repo: string;
	/** the commit (or the branch the Hub named) the facts were read at */
	revision: string;
	/** the GGUF file read, when one was */
	file: string | null;
	/** where the parameter count came from */
	paramsFrom: string;
	/** architecture fields that were not in the checkpoint and were assumed, in words */
	assumed: readonly string[];
}

export interface HubLookupOptions {
	signal?: AbortSignal;
	/** the quantization asked for: picks the GGUF in a GGUF-only repo */
	quant?: string;
	/** the Hub client's own deadline for the whole resolution (model-step.ts: per platform) */
	timeoutMs: number;
}

export interface Services {
	models: readonly Model[];
	devices: readonly Device[];
	quants: readonly Quant[];
	resolvers: QueryResolvers;
	limits: ParseLimits;
	defaults: Defaults;
	/**
	 * The engine's plan of one question (src/engine/plan.ts) over this catalog's memo: the pipeline
	 * builds one per question and the command reads every number from it. Commands never call the
	 * engine otherwise.
	 */
	plan(request: Request): Plan;
	complete(kind: CompletionKind, partial: string, limit: number): Completion[];
	/**
	 * Hub model search for a name the catalog does not know ("qwen3.8 27b" → ["Qwen/Qwen3.8-27B"]):
	 * repo ids to offer back, [] when none or offline. Absent when unavailable (never throws).
	 */
	searchHub?: (text: string, opts: { signal?: AbortSignal; timeoutMs: number }) => Promise<string[]>;
	/** Hub lookup for "org/name" references the catalog does not know; null when unavailable */
	resolveHub: ((ref: string, opts: HubLookupOptions) => Promise<HubPick>) | null;
	/**
	 * Loads the Hub client (a dynamic import) before a lookup's deadline starts, so a cold import
	 * does not eat the time budget; absent when there is nothing to load.
	 */
	loadHub?: () => Promise<void>;
	/**
	 * Published checkpoint repos of a catalog model by format ("GGUF", "AWQ-INT4", "GPTQ-INT4",
	 * "GPTQ-INT8", "FP8"), from catalog/checkpoints.json; optional (none known without it).
	 */
	checkpoints?(modelId: string): Readonly<Record<string, string>>;
	/** where the checkpoint table comes from (repo@commit:path of the scraped repo list) */
	checkpointsSource?: string;
	/** A device's launch MSRP in US dollars with its source (catalog/prices.json); optional (no prices without it). */
	launchPrice?(deviceId: string): { usd: number; announced: string; source: string } | null;
	/** The Ollama library tag to print for a catalog model and the quant it serves (catalog/ollama.json); optional. */
	ollamaTag?(model: Model): { ref: string; quant: string } | null;
	/** A published quality measure per catalog model (catalog/quality.json); optional (none known without it). */
	quality?: { of(modelId: string): QualityScores | null; measure: string; source: string; pulled: string };
	/** one line naming the catalog (files and date) for footnotes */
	catalogSource: string;
}
