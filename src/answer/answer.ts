/**
 * The platform-neutral Answer every command returns. Adapters (Discord embeds, Slack Block Kit,
 * terminal text) render it and compute nothing. Strings here are plain text, never markdown; adapters
 * escape them for their platform. Any number shown was formatted from the engine's output by the
 * command that built the Answer.
 */
import type { CommandName } from "./question.js";

export type Severity = "success" | "warning" | "danger" | "info";

export interface AnswerFact {
	label: string;
	value: string;
}

/** One usage bar: what a device holds against its capacity. */
export interface AnswerUsage {
	/** device label, e.g. "GPU 0 · RTX 4090" or "System RAM" */
	label: string;
	usedBytes: number;
	capacityBytes: number;
	/** the parts that make up usedBytes (weights, KV cache, compute, overhead) */
	parts: { label: string; bytes: number }[];
}

export interface AnswerTable {
	title: string;
	columns: string[];
	rows: string[][];
	/**
	 * The same table for a phone (about 40 monospace characters a line, issue 16): fewer, shorter
	 * columns, units once in the header, quality as one short word. Built by the command from the same
	 * numbers; chat renderers use it when present and otherwise cut the wide table down themselves.
	 */
	narrow?: { columns: string[]; rows: string[][] };
}

/**
 * A chart the chat adapters draw as a picture (issue 16): bars with one value each, optionally against
 * a limit (the asker's memory). Values are raw numbers in `unit`; the renderer formats them with
 * ./format.ts, so the picture shows the same strings as the text.
 */
export interface AnswerChart {
	title: string;
	unit: "bytes" | "tokensPerSecond";
	bars: { label: string; value: number; tone: "good" | "warn" | "bad" | "neutral"; marked?: boolean }[];
	/** a vertical line at this value, e.g. the asker's GPU memory */
	limit: { label: string; value: number } | null;
	/** what the picture shows, as text (alt text and the fallback when no picture can be sent) */
	alt: string;
}

/**
 * The first answer at a glance (issue 16): the compact chat view is built from these fields only.
 * Every field may be missing on an Answer from a command that does not fill it yet; src/answer/glance.ts
 * then derives what it can from the other fields.
 */
export interface AnswerGlance {
	/** the question as understood, e.g. "Qwen3 32B on RTX 3090" */
	question: string;
	/** the plan: quant, context and where it runs, e.g. "Q4_K_M · 4K context · all on the GPU" */
	plan: string | null;
	/** memory used of capacity, summed over the GPUs the plan uses (one bar) */
	memory: { label: string; usedBytes: number; capacityBytes: number; overBytes: number; offloadBytes: number } | null;
	/** expected decode speed and its uncertainty band (a fraction, 0.15 = ±15 %) */
	speed: { decodeTokensPerSecond: number; band: number; measured: boolean } | null;
	/** the one thing to do next */
	next: AnswerSuggestion | null;
	/** the one command that runs it */
	run: { label: string; command: string } | null;
	/** assumptions that differ from the defaults, short ("32K context", "KV q8_0", "vllm") */
	changed: string[];
}

/** A follow-up the user can take: a button in chat, a suggested command in the terminal. */
export interface AnswerAction {
	label: string;
	/**
	 * What the follow-up changes, so chat renderers offer the ones that fit the verdict (issue 16:
	 * never "larger quant" on a "no"). Absent: a neutral follow-up.
	 */
	intent?: "smaller" | "larger" | "longer" | "table" | "gpus" | "hardware" | "candidate" | "example" | "model";
	/** the full query that re-runs the command, e.g. "canirun deepseek-r1 q3_k_m 2x4090 32k" */
	query: string;
}

export interface AnswerSuggestion {
	text: string;
	/** a query that answers the suggestion, or null for plain advice */
	query: string | null;
}

export interface Answer {
	/** which command made it; "error" answers are shown privately (ephemeral) where the platform can */
	kind: CommandName | "error";
	title: string;
	verdict: { label: string; severity: Severity; summary: string } | null;
	facts: AnswerFact[];
	usage: AnswerUsage[];
	tables: AnswerTable[];
	suggestions: AnswerSuggestion[];
	/** shell commands that run it: ollama run …, llama-server …, vllm serve … */
	runHints: { label: string; command: string }[];
	actions: AnswerAction[];
	/** the assumptions and sources: runtime, context, KV type, catalog source */
	footnotes: string[];
	/** for kind "error": names to offer as "did you mean" */
	didYouMean: string[];
	/** the JSON contract object of ../shared/DESIGN.md §2 (for --json and --batch); null for help */
	json: Record<string, unknown> | null;
	/**
	 * For kind "error": "input" when the query was not understood (CLI exit 2), "internal" for a fault
	 * on our side (CLI exit 1). Absent means "input".
	 */
	errorKind?: "input" | "internal";
	/** the words of the query that were not understood (already bounded and made safe to echo) */
	ignored?: string[];
	/** the first answer at a glance (compact chat view); derived by src/answer/glance.ts when absent */
	glance?: AnswerGlance;
	/** a query that answers this same question again (the "Details" button re-runs it), ≤ 90 chars */
	query?: string;
	/** a picture for the chat adapters (memory by quantization, GPUs by speed) */
	chart?: AnswerChart;
}
