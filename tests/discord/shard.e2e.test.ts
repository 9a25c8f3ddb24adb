/**
 * Sharding end to end: SHARDS=auto asks the (fake) Discord for its recommended count through
 * DISCORD_API_URL, and discord.js's ShardingManager spawns one process per shard, each identifying
 * with its own shard id. The children run the TypeScript worker through tsx.
 */
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createShardedDiscordAdapter } from "../../src/discord/shard.js";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord.js";
import { alwaysOk, TEST_TOKEN } from "./harness.js";

const WORKER = fileURLToPath(new URL("../../src/discord/shard-worker.ts", import.meta.url));
let fake: FakeDiscord;
const savedEnv = { ...process.env };

beforeAll(async () => {
	fake = await startFakeDiscord({ token: TEST_TOKEN, recommendedShards: 2 });
	// the shard processes read the same environment as the main process
	process.env.DISCORD_API_URL = fake.apiUrl;
	process.env.LOG_LEVEL = "silent";
	process.env.DISCORD_MENTIONS = "false";
});

afterAll(async () => {
	process.env = savedEnv;
	await fake?.close();
});

describe("Discord sharding", () => {
	it("spawns the recommended number of shard processes, each identifying as its own shard", async () => {
		const adapter = createShardedDiscordAdapter(
			{ token: TEST_TOKEN, apiUrl: fake.apiUrl, mentions: false, shards: "auto" },
			{ logger: pino({ level: "silent" }), rateLimiter: alwaysOk },
			{ workerFile: WORKER, execArgv: ["--import", "tsx"], spawnDelayMs: 0 },
		);
		try {
			await adapter.start();
			expect(adapter.state()).toBe("connected");
			const shards = fake.gatewayFrames.filter((f) => f.op === 2).map((f) => (f.d as { shard: [number, number] }).shard);
			expect(shards.sort()).toEqual([
				[0, 2],
				[1, 2],
			]);
			// each shard answers interactions routed to it
			const sent = fake.sendSlashCommand("help", {});
			await vi.waitFor(() => expect(fake.requests.some((r) => r.path.includes(`/interactions/${sent.id}/`))).toBe(true), { timeout: 10_000 });
		} finally {
			await adapter.stop(3_000);
		}
		expect(adapter.state()).toBe("stopped");
	}, 60_000);
});
