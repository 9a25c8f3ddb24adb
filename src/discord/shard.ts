/**
 * Sharding for large deployments (ADAPTERS.md §4.3). Discord requires shards from 2,500 guilds and
 * recommends about 1,000 guilds per shard. Set SHARDS=auto (Discord's recommended count, from
 * GET /gateway/bot) or SHARDS=<n>; the adapter then runs discord.js's ShardingManager, which spawns
 * one child process per shard running shard-worker.js (one gateway client each; discord.js reads the
 * shard id and count the manager puts in SHARDS / SHARD_COUNT). canirun is stateless per request and
 * buttons carry their request in the custom_id, so shards share nothing but the static catalog.
 * Rate-limit buckets are per process, i.e. per shard (a guild always lands on the same shard).
 *
 * Without SHARDS one process runs one client, which is right below a few thousand guilds.
 */
import { REST, Routes, ShardingManager } from "discord.js";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Adapter, AdapterDeps, AdapterState } from "../server/adapter.js";
import type { DiscordAdapterConfig } from "./adapter.js";

/** The gateway/bot answer: `shards` is Discord's recommended count (gateway.mdx, "Get Gateway Bot"). */
const gatewayBotSchema = z.object({ shards: z.number().int().min(1) });

/** Discord's identify rate limit is one per 5 s per bucket; discord.js's default spawn delay respects it. */
const SPAWN_DELAY_MS = 5_500;
const SPAWN_TIMEOUT_MS = 30_000;

export interface ShardOptions {
	/** the script each shard runs; dist/src/discord/shard-worker.js by default */
	workerFile?: string;
	/** node flags for the children (tests run the TypeScript worker with ["--import", "tsx"]) */
	execArgv?: string[];
	spawnDelayMs?: number;
}

/**
 * Discord's recommended shard count, asked through the configured API base (discord.js's own
 * fetchRecommendedShardCount always calls discord.com, which would ignore DISCORD_API_URL).
 */
export async function recommendedShardCount(token: string, apiUrl?: string): Promise<number> {
	const rest = new REST(apiUrl !== undefined ? { api: apiUrl } : {}).setToken(token);
	return gatewayBotSchema.parse(await rest.get(Routes.gatewayBot())).shards;
}

export function createShardedDiscordAdapter(config: DiscordAdapterConfig, deps: AdapterDeps, options: ShardOptions = {}): Adapter {
	let state: AdapterState = "starting";
	let manager: ShardingManager | null = null;
	const workerFile = options.workerFile ?? fileURLToPath(new URL("./shard-worker.js", import.meta.url));

	return {
		name: "discord",
		state: () => state,
		async start() {
			state = "starting";
			const total = config.shards === "auto" || config.shards === undefined ? await recommendedShardCount(config.token, config.apiUrl) : config.shards;
			const m = new ShardingManager(workerFile, {
				token: config.token,
				totalShards: total,
				respawn: true,
				mode: "process",
				...(options.execArgv !== undefined ? { execArgv: options.execArgv } : {}),
			});
			manager = m;
			m.on("shardCreate", (shard) => {
				deps.logger.info({ shardId: shard.id, total }, "discord shard spawned");
				shard.on("death", () => {
					deps.logger.warn({ shardId: shard.id }, "discord shard process died; respawning");
					if (state === "connected") state = "reconnecting";
				});
				shard.on("ready", () => {
					if (state === "reconnecting" && [...m.shards.values()].every((s) => s.ready)) state = "connected";
				});
			});
			try {
				await m.spawn({ amount: total, delay: options.spawnDelayMs ?? SPAWN_DELAY_MS, timeout: SPAWN_TIMEOUT_MS });
			} catch (error) {
				state = "down";
				deps.logger.error({ err: error }, "discord shards failed to start");
				for (const shard of m.shards.values()) shard.kill();
				throw error;
			}
			state = "connected";
		},
		async stop(deadlineMs = SPAWN_DELAY_MS) {
			// kill() sends SIGTERM without respawning; each worker then finishes its in-flight answers
			// (shard-worker.ts) and exits. A worker still running at the deadline gets SIGKILL.
			const exits = [...(manager?.shards.values() ?? [])].map((shard) => {
				const child = shard.process;
				const exited = child && child.exitCode === null ? new Promise<void>((resolve) => child.once("exit", () => resolve())) : Promise.resolve();
				shard.kill();
				return { child, exited };
			});
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				Promise.all(exits.map((e) => e.exited)),
				new Promise<void>((resolve) => {
					timer = setTimeout(resolve, deadlineMs);
				}),
			]);
			clearTimeout(timer);
			for (const { child } of exits) if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
			manager = null;
			state = "stopped";
		},
	};
}
