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
import { REST, Routes, type Shard, ShardingManager } from "discord.js";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Adapter, AdapterDeps, AdapterState } from "../server/adapter.js";
import type { DiscordAdapterConfig } from "./config.js";
import { SHARD_SHUTDOWN_MESSAGE, type ShardShutdownMessage } from "./shard-shutdown.js";

/** The gateway/bot answer: `shards` is Discord's recommended count (gateway.mdx, "Get Gateway Bot"). */
const gatewayBotSchema = z.object({ shards: z.number().int().min(1) });

/** Discord's identify rate limit is one per 5 s per bucket; discord.js's default spawn delay respects it. */
const SPAWN_DELAY_MS = 5_500;
const SPAWN_TIMEOUT_MS = 30_000;
/** How long stop() waits for the shards by default; main.ts passes its own deadline. */
const DEFAULT_STOP_DEADLINE_MS = 5_000;
/**
 * A shard is told to finish its in-flight answers this much before the manager's deadline, leaving
 * it time to close its gateway connection and exit before it would be killed (at most a quarter of
 * the deadline, so short deadlines still leave the answers most of it).
 */
const SHARD_EXIT_MARGIN_MS = 1_000;
/** After SIGKILL, how long to wait for the kernel to reap a child before giving up on it. */
const KILL_REAP_MS = 1_000;

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
	let stopping = false;
	let manager: ShardingManager | null = null;
	const workerFile = options.workerFile ?? fileURLToPath(new URL("./shard-worker.js", import.meta.url));

	return {
		name: "discord",
		state: () => state,
		async start() {
			state = "starting";
			stopping = false;
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
					// stop() turns respawning off before it signals the shards: their exits are expected
					if (stopping) {
						deps.logger.info({ shardId: shard.id }, "discord shard exited");
						return;
					}
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
		async stop(deadlineMs = DEFAULT_STOP_DEADLINE_MS) {
			stopping = true;
			const m = manager;
			manager = null;
			if (m !== null) {
				// no respawn when a shard exits from here on (discord.js reads manager.respawn on exit)
				m.respawn = false;
				await stopShards(m, deadlineMs, deps);
			}
			state = "stopped";
		},
	};
}

type ShardProcess = NonNullable<Shard["process"]>;

function isRunning(child: ShardProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

function exitOf(child: ShardProcess): Promise<void> {
	return isRunning(child) ? new Promise<void>((resolve) => child.once("exit", () => resolve())) : Promise.resolve();
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		work,
		new Promise<void>((resolve) => {
			timer = setTimeout(resolve, Math.max(0, ms));
		}),
	]);
	clearTimeout(timer);
}

/**
 * Graceful shutdown of every shard process: each is told (over the IPC channel discord.js keeps to
 * it) to stop taking work and finish its in-flight answers within the deadline less a margin, then
 * exits by itself (shard-worker.ts). If the message cannot be delivered it gets SIGTERM, which the
 * worker handles the same way. Shards still running at the deadline are killed.
 */
async function stopShards(m: ShardingManager, deadlineMs: number, deps: AdapterDeps): Promise<void> {
	const started = performance.now();
	const childDeadlineMs = Math.max(0, deadlineMs - Math.min(SHARD_EXIT_MARGIN_MS, deadlineMs / 4));
	const running: { shard: Shard; child: ShardProcess; exited: Promise<void> }[] = [];
	for (const shard of m.shards.values()) {
		const child = shard.process;
		if (child === null || !isRunning(child)) continue;
		running.push({ shard, child, exited: exitOf(child) });
	}
	const message: ShardShutdownMessage = { type: SHARD_SHUTDOWN_MESSAGE, deadlineMs: childDeadlineMs };
	await Promise.all(
		running.map(async ({ shard, child }) => {
			try {
				await shard.send(message);
			} catch {
				child.kill("SIGTERM");
			}
		}),
	);
	await within(Promise.all(running.map((r) => r.exited)), deadlineMs - (performance.now() - started));
	const left = running.filter((r) => isRunning(r.child));
	for (const { shard, child } of left) {
		deps.logger.warn({ shardId: shard.id, deadlineMs }, "discord shard still running at the shutdown deadline; killing it");
		child.kill("SIGKILL");
	}
	if (left.length > 0) await within(Promise.all(left.map((r) => r.exited)), KILL_REAP_MS);
}
