/**
 * What each shard process runs (spawned by shard.ts through discord.js's ShardingManager). It reads
 * the same environment as the main process, runs one gateway client for the shard the manager
 * assigned (discord.js reads SHARDS / SHARD_COUNT from the environment the manager set), and shuts
 * down gracefully, finishing its in-flight answers before it exits, when the manager says so (a
 * message carrying the manager's deadline), on SIGTERM (a supervisor), or on SIGINT (Ctrl-C reaches
 * the whole process group, shards included, before the manager can ask).
 */
import { loadConfig } from "../config/env.js";
import { createLogger } from "../log/logger.js";
import { createRateLimiter } from "../server/rate-limit.js";
import { createGatewayAdapter } from "./adapter.js";
import { shardShutdownMessageSchema } from "./shard-shutdown.js";

async function main(): Promise<void> {
	// The manager overwrites SHARDS with this shard's id list ("[0]"), which is not our SHARDS
	// setting; drop it so the config reads as an unsharded process.
	const config = loadConfig({ ...process.env, SHARDS: undefined });
	const logger = createLogger({ level: config.log.level ?? "info", format: config.log.format, secrets: config.secrets }).child({ shard: process.env.SHARDS });
	if (!config.discord) {
		logger.fatal("DISCORD_TOKEN is not set in the shard's environment");
		process.exit(1);
	}
	const adapter = createGatewayAdapter(config.discord, { logger, rateLimiter: createRateLimiter(config.rateLimit) });
	let stopping = false;
	const shutdown = (deadlineMs: number): void => {
		if (stopping) return;
		stopping = true;
		void adapter
			.stop(deadlineMs)
			.catch((error: unknown) => logger.error({ err: error }, "discord shard shutdown failed"))
			.finally(() => process.exit(0));
	};
	process.on("message", (raw: unknown) => {
		const message = shardShutdownMessageSchema.safeParse(raw);
		if (message.success) shutdown(message.data.deadlineMs);
	});
	process.once("SIGTERM", () => shutdown(config.shutdownTimeoutMs));
	process.once("SIGINT", () => shutdown(config.shutdownTimeoutMs));
	await adapter.start();
}

await main();
