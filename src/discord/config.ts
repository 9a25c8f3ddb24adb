/**
 * The Discord adapter's configuration (main.ts builds it from the environment). Its own file so the
 * gateway adapter (adapter.ts) and the sharding manager (shard.ts) both read it without importing
 * each other (issue 13: adapter.ts ↔ shard.ts was an import cycle).
 */
import type { DiscordConfig } from "../config/env.js";

/** The environment's Discord settings (src/config/env.ts, which documents each) and what only the adapter takes. */
export interface DiscordAdapterConfig extends DiscordConfig {
	/** answers slower than this are deferred (type 5) and edited in; default DEFER_AFTER_MS */
	deferAfterMs?: number;
	/** REST tuning for tests: discord.js defaults to 3 retries and a 15 s timeout */
	rest?: { retries?: number; timeout?: number };
}
