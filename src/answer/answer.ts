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
}

/** A follow-up the user can take: a button in chat, a suggested command in the terminal. */
export interface AnswerAction {
	label: string;
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
}
