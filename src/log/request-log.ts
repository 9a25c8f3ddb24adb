/**
 * The one structured line per request (issue 7, item 3): platform, command, resolved ids, outcome and
 * latency, under a fixed message so log queries can find them (`msg == "request"`). Adapters call
 * this (or log the same fields themselves); raw user text never goes in, only resolved ids.
 */
import type { Logger } from "pino";

/**
 * Where a question came from: the one list of platforms (the command layer's CommandContext and the
 * ask() pipeline name them from here; the log is the lowest layer, so every layer can).
 */
export type Platform = "discord" | "slack" | "cli";

/** One structured log line per request (see issue 7): platform, command, resolved ids, outcome, latency. */
export interface RequestLogFields {
	platform: Platform;
	command: string;
	/** resolved model/quant/hardware ids, never raw user text beyond a bounded, sanitised query */
	ids?: Record<string, string | null>;
	outcome: "answered" | "error" | "rate_limited" | "busy" | "stopping" | "failed";
	latencyMs: number;
}

export const REQUEST_LOG_MESSAGE = "request";

/** Outcomes that mean the bot failed, logged at warn so alerting can key on level. */
const FAILED_OUTCOMES: ReadonlySet<RequestLogFields["outcome"]> = new Set(["failed"]);

export function logRequest(logger: Logger, fields: RequestLogFields): void {
	const line = { ...fields, latencyMs: Math.round(fields.latencyMs) };
	if (FAILED_OUTCOMES.has(fields.outcome)) logger.warn(line, REQUEST_LOG_MESSAGE);
	else logger.info(line, REQUEST_LOG_MESSAGE);
}
