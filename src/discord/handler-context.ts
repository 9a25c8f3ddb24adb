/**
 * What every Discord handler shares: the command layer, the injected logger and rate limiter, the
 * defer threshold, and whether the adapter is shutting down (new work is then declined politely).
 */
import type { AdapterDeps } from "../server/adapter.js";
import type { AskPipeline } from "../server/ask.js";
import type { DiscordCommandLayer } from "./command-layer.js";

export interface HandlerContext {
	commands: DiscordCommandLayer;
	deps: AdapterDeps;
	/** the shared per-question pipeline (src/server/ask.ts): shedding, rate limit, budget, cleaning, log line */
	pipeline: AskPipeline;
	deferAfterMs: number;
	isStopping(): boolean;
	/** monotonic milliseconds, for latency */
	now(): number;
}

/** Rate-limit keys are namespaced per platform so a Slack and a Discord id can never collide. */
export function rateKeys(userId: string, channelId: string | null, guildId: string | null): [string, string] {
	return [`discord:user:${userId}`, `discord:channel:${channelId ?? guildId ?? `dm:${userId}`}`];
}

export const RESTARTING_MESSAGE = "canirun is restarting. Try again in a few seconds.";
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on my side while answering. Please try again; if it keeps happening, tell the server admins.";
