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
import { type FakeHub, startFakeHub } from "../fakes/hub-server.js";
import { tinyLlamaFiles } from "../fakes/hub-llama.js";
import { TEST_TOKEN } from "./harness.js";
import { allowAll } from "../fakes/allow-all.js";
import { captureLog } from "../fakes/log-capture.js";

const WORKER = fileURLToPath(new URL("../../src/discord/shard-worker.ts", import.meta.url));
let fake: FakeDiscord;
let hub: FakeHub;
const savedEnv = { ...process.env };

beforeAll(async () => {
	fake = await startFakeDiscord({ token: TEST_TOKEN, recommendedShards: 2 });
	// a Hub that answers slowly: an answer about one of its models is in flight for about 1.5 s
	hub = await startFakeHub({
		"zeta-labs/zeta-slow-chat": {
			delayMs: 500,
			files: tinyLlamaFiles(),
		},
	});
	process.env.HF_ENDPOINT = hub.url;
	// the shard processes read the same environment as the main process
	process.env.DISCORD_API_URL = fake.apiUrl;
	process.env.LOG_LEVEL = "silent";
	process.env.DISCORD_MENTIONS = "false";
});

afterAll(async () => {
	process.env = savedEnv;
	await fake?.close();
	await hub?.close();
});

describe("Discord sharding", () => {
	it("spawns the recommended number of shard processes, each identifying as its own shard", async () => {
		const adapter = createShardedDiscordAdapter(
			{ token: TEST_TOKEN, apiUrl: fake.apiUrl, mentions: false, shards: "auto" },
			{ logger: pino({ level: "silent" }), rateLimiter: allowAll },
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

	it("on stop, lets each shard finish its in-flight answer, waits for the processes to exit, and does not respawn them", async () => {
		const captured = captureLog();
		const logger = pino({ level: "info" }, captured.stream);
		const adapter = createShardedDiscordAdapter(
			{ token: TEST_TOKEN, apiUrl: fake.apiUrl, mentions: false, shards: 2 },
			{ logger, rateLimiter: allowAll },
			{ workerFile: WORKER, execArgv: ["--import", "tsx"], spawnDelayMs: 0 },
		);
		await adapter.start();
		const sent = fake.sendSlashCommand("canirun", { model: "zeta-labs/zeta-slow-chat", hardware: "4090" });
		// the answer is in flight once the shard has asked the Hub
		await vi.waitFor(() => expect(hub.requests.length).toBeGreaterThan(0), { timeout: 10_000 });
		const answered = () =>
			fake.requests.some(
				(r) =>
					(r.method === "PATCH" && r.path.includes(`/${sent.token}/messages/@original`)) ||
					(r.method === "POST" && r.path.includes(`/interactions/${sent.id}/`) && JSON.stringify(r.body).includes("embeds")),
			);
		expect(answered()).toBe(false);
		const stopping = performance.now();
		await adapter.stop(8_000);
		const stopMs = performance.now() - stopping;
		// the answer went out before stop() returned, and stop() returned only after the shards exited
		expect(answered()).toBe(true);
		expect(adapter.state()).toBe("stopped");
		// the shards exit as soon as their answers are out, not at the deadline
		expect(stopMs).toBeLessThan(6_000);
		const log = captured.text();
		expect(log).not.toMatch(/respawning/);
		expect(log).not.toMatch(/killing it/);
		expect((log.match(/discord shard exited/g) ?? []).length).toBe(2);
		// nothing came back: no shard identifies again after the stop
		const identifies = fake.gatewayFrames.filter((f) => f.op === 2).length;
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(fake.gatewayFrames.filter((f) => f.op === 2).length).toBe(identifies);
	}, 60_000);
});
