/**
 * What can be asked and what was asked, at the bottom layer with the Answer (issue 13 items 1 and 5),
 * so every layer above (engine, catalog, query, commands, adapters) names them without importing up:
 * - CommandName and CompletionKind, a command's name and the kinds of autocomplete; Completion;
 * - Question: what was asked, as typed: free words, or settings given by name (slash options, CLI
 *   flags). Each platform builds one directly — a slash command's options never become text again;
 * - Request: the Question resolved against the catalog (what was matched, how sure, what was
 *   ignored), which every command reads; the parser (src/query/parse.ts) makes one from a Question.
 * The Answer is ./answer.ts and the JSON contract typed from these is ./contract.ts.
 */
import type { Model, Quant } from "../catalog/schema.js";
import type { HardwareSpec, KvCacheType, Runtime } from "./estimate.js";

/**
 * A command's name, as commands/list.ts lists it (the one list of commands: a new command is its file
 * and its entry there, issue 13). Also a word that asks for its command ("vram llama 3.1 70b", "/gpus qwen3").
 */
export type CommandName = string;

/** Which catalog resolver answers autocomplete for an option. */
export type CompletionKind = "model" | "quant" | "hardware";

export interface Completion {
	/** shown to the user, ≤ 100 characters */
	name: string;
	/** sent back when picked, ≤ 100 characters */
	value: string;
}

/**
 * A setting a question gives by name: a slash option, a CLI flag (`--ctx 32k`, DESIGN §2) or a
 * key=value word (`ctx=32k`). Named settings override what the free words say. gpuUtil, maxBatched,
 * maxSeqs: vLLM's --gpu-memory-utilization, --max-num-batched-tokens and --max-num-seqs (they size its KV pool).
 */
export type SettingName =
	| "model"
	| "quant"
	| "hardware"
	| "ram"
	| "ctx"
	| "kv"
	| "runtime"
	| "ubatch"
	| "fa"
	| "parallel"
	| "use"
	| "gpuUtil"
	| "maxBatched"
	| "maxSeqs";

/** What a bestfit question is for; filters models by their names and notes (vision: models with a vision encoder). */
export type UseCase = "chat" | "code" | "reasoning" | "vision";

/** What was asked, before anything is looked up. */
export interface Question {
	/** the command named outright (a slash command); null: the words choose it ("how much vram …") */
	command: CommandName | null;
	/** the free words in the order typed; flags the platform could not read stay here for the parser to refuse */
	words: readonly string[];
	/** settings given by name (slash options, CLI flags), each value as typed */
	settings: Readonly<Partial<Record<SettingName, string>>>;
	/** the question as one line, as typed: what "did you mean" buttons and follow-up queries re-ask */
	text: string;
}

/** How sure a resolver is of a match. */
export type Confidence = "exact" | "fuzzy" | "family" | "none";

/** What part of an answer an intent phrase asks to highlight ("how big is …": the download). */
export type Highlight = "download" | null;

export interface ModelPick {
	model: Model;
	/** the words that named it */
	text: string;
	confidence: Confidence;
	note: string | null;
}

/** A Question resolved against the catalog; commands read only this (with the services and the engine's plan). */
export interface Request {
	command: CommandName;
	highlight: Highlight;
	model: ModelPick | null;
	/** a Hugging Face reference ("org/name", hf.co URL, GGUF file) the catalog did not know */
	hubRef: string | null;
	quant: Quant | null;
	hardware: HardwareSpec | null;
	hardwareLabel: string | null;
	/** only Apple machines were meant ("can I run it on a Mac?") */
	deviceFilter: "apple" | null;
	contextTokens: number | null;
	/** "at full context", "max context": the model's native context, filled in once the model is known */
	contextFull?: boolean;
	kvCacheType: KvCacheType | null;
	runtime: Runtime | null;
	ubatch: number | null;
	flashAttention: "auto" | "on" | "off" | null;
	parallel: number | null;
	/** vLLM --gpu-memory-utilization as typed ("gpu_memory_utilization=0.95"); absent = vLLM's default 0.9 */
	gpuMemoryUtilization?: number;
	/** vLLM --max-num-batched-tokens as typed; absent = vLLM's default (engine/vllm.ts) */
	maxNumBatchedTokens?: number;
	/** vLLM --max-num-seqs as typed; absent = vLLM's default for the GPU (engine/vllm.ts vllmBatchDefaults) */
	maxNumSeqs?: number;
	use: UseCase | null;
	/** words that were not understood, already made safe to echo */
	ignored: string[];
	/** interpretation notes (fuzzy model match, family defaults) */
	notes: string[];
	/** false when the hardware was read with an assumption (a family's size, a generic card, CPU-only): JSON resolution.hardware.exact */
	hardwareExact?: boolean;
	/**
	 * A named CPU came with no RAM size: the question to ask where the size decides the answer (bestfit,
	 * gpus, vram ask it; canirun answers with the RAM the plan needs, stated as an assumption).
	 */
	ramQuestion?: string;
	/** the words that named the Hub model when they were not the repo itself (an Ollama tag of a model the catalog lacks) */
	hubTyped?: string;
	/** the words that named the hardware, as typed (for the JSON `resolution` field) */
	hardwareText?: string;
}
