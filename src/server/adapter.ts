/**
 * What main.ts needs from each chat adapter (Discord, Slack, console): start, stop, and a health
 * state for GET /healthz. Adapters get their dependencies injected so tests can pass their own.
 */
import type { Logger } from "pino";

export type AdapterState = "starting" | "connected" | "reconnecting" | "down" | "stopped";

export interface Adapter {
	readonly name: "discord" | "slack" | "console";
	start(): Promise<void>;
	/** stop taking new work, wait for in-flight answers (bounded by the deadline), then disconnect */
	stop(deadlineMs?: number): Promise<void>;
	state(): AdapterState;
}

/** Result of taking a token from the per-user and per-channel buckets. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
	take(userKey: string, channelKey: string): RateDecision;
}

/** One structured log line per request (see issue 7): platform, command, resolved ids, outcome, latency. */
export interface RequestLogFields {
	platform: "discord" | "slack" | "cli";
	command: string;
	/** resolved model/quant/hardware ids, never raw user text beyond a bounded, sanitised query */
	ids?: Record<string, string | null>;
	outcome: "answered" | "error" | "rate_limited" | "busy" | "stopping" | "failed";
	latencyMs: number;
}

export interface AdapterDeps {
	logger: Logger;
	rateLimiter: RateLimiter;
}
