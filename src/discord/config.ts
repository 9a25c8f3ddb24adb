/**
 * The Discord adapter's configuration (main.ts builds it from the environment). Its own file so the
 * gateway adapter (adapter.ts) and the sharding manager (shard.ts) both read it without importing
 * each other (issue 13: adapter.ts ↔ shard.ts was an import cycle).
 */

export interface DiscordAdapterConfig {
	/** the bot token (without the "Bot " prefix) */
	token: string;
	/** discord.js `rest.api` base, e.g. http://127.0.0.1:PORT/api (tests, self-hosted proxies) */
	apiUrl?: string;
	/** where `npm run register` registers commands; the runtime answers in every guild either way */
	guildId?: string;
	applicationId?: string;
	/**
	 * answer "@canirun …" mentions. Needs the privileged MessageContent intent, enabled in the
	 * Developer Portal (Bot → Privileged Gateway Intents); without it Discord closes the gateway with
	 * 4014 and the adapter logs how to fix it (or set DISCORD_MENTIONS=false).
	 */
	mentions: boolean;
	/** run a ShardingManager with this many shards ("auto": Discord's recommendation) */
	shards?: number | "auto";
	/** answers slower than this are deferred (type 5) and edited in; default DEFER_AFTER_MS */
	deferAfterMs?: number;
	/** REST tuning for tests: discord.js defaults to 3 retries and a 15 s timeout */
	rest?: { retries?: number; timeout?: number };
}
