/**
 * The message the shard manager (shard.ts) sends each shard process over discord.js's IPC channel
 * to shut it down gracefully: stop taking work, finish in-flight answers within `deadlineMs`, exit.
 * A message rather than only a signal, because it carries the manager's deadline: a shard must be
 * done before the manager gives up on it and kills it.
 */
import { z } from "zod";

export const SHARD_SHUTDOWN_MESSAGE = "canirun:shutdown";

export const shardShutdownMessageSchema = z.object({
	type: z.literal(SHARD_SHUTDOWN_MESSAGE),
	deadlineMs: z.number().int().min(0).max(600_000),
});

export type ShardShutdownMessage = z.infer<typeof shardShutdownMessageSchema>;
