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

export interface AdapterDeps {
	logger: Logger;
	rateLimiter: RateLimiter;
}
