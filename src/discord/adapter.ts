/**
 * The Discord adapter: a discord.js 14 gateway client that answers /canirun, /vram, /gpus, /bestfit
 * and /help (built from commands/), their autocomplete, the follow-up buttons, and mentions when
 * enabled. Thin by design: it renders Answers (render-embed.ts) and owns Discord I/O, nothing else.
 *
 * Health (`state()`) follows the client: "starting" until READY, "connected" when ready or resumed,
 * "reconnecting" while a shard reconnects, "down" when the session is invalidated or login failed,
 * "stopped" after stop(). With `shards` set, start() runs a ShardingManager instead (shard.ts).
 */
import { Events, type Client } from "discord.js";
import type { Adapter, AdapterDeps, AdapterState } from "../server/adapter.js";
import { createAskPipeline } from "../server/ask.js";
import { createDiscordClient } from "./client.js";
import { fatalCloseHint } from "./close-codes.js";
import { defaultCommandLayer, type DiscordCommandLayer } from "./command-layer.js";
import type { HandlerContext } from "./handler-context.js";
import { handleInteraction } from "./interactions.js";
import { DEFER_AFTER_MS } from "./limits.js";
import { handleMessage } from "./mention.js";
import type { DiscordAdapterConfig } from "./config.js";
import { createShardedDiscordAdapter } from "./shard.js";

export type { DiscordAdapterConfig } from "./config.js";

/** How long stop() waits for in-flight answers by default; main.ts passes its own deadline. */
const DEFAULT_STOP_DEADLINE_MS = 5_000;

export function createDiscordAdapter(config: DiscordAdapterConfig, deps: AdapterDeps, commands: DiscordCommandLayer = defaultCommandLayer): Adapter {
	if (config.shards !== undefined) return createShardedDiscordAdapter(config, deps);
	return createGatewayAdapter(config, deps, commands);
}

/**
 * Loads the catalog and compiles the hot paths before the first interaction arrives, so a cold first
 * /canirun does not eat into Discord's 3-second window. Best effort: a failure here shows up again,
 * with a proper answer, on the first real request.
 */
async function warmUp(commands: DiscordCommandLayer, deps: AdapterDeps): Promise<void> {
	const started = performance.now();
	try {
		commands.completeOption("model", "", 1);
		await commands.answerCommand("help", {}, { platform: "discord" });
	} catch (error) {
		deps.logger.warn({ err: error }, "discord warm-up failed");
	}
	deps.logger.debug({ latencyMs: Math.round(performance.now() - started) }, "discord warm-up done");
}

/** One gateway client in this process (also what each shard process runs). */
export function createGatewayAdapter(
	config: DiscordAdapterConfig,
	deps: AdapterDeps,
	commands: DiscordCommandLayer = defaultCommandLayer,
): Adapter & { client(): Client | null } {
	let state: AdapterState = "starting";
	let stopping = false;
	let client: Client | null = null;
	const inFlight = new Set<Promise<void>>();

	const ctx: HandlerContext = {
		commands,
		deps,
		pipeline: createAskPipeline({ logger: deps.logger, rateLimiter: deps.rateLimiter, isStopping: () => stopping }),
		deferAfterMs: config.deferAfterMs ?? DEFER_AFTER_MS,
		isStopping: () => stopping,
		now: () => performance.now(),
	};

	function track(work: Promise<void>): void {
		inFlight.add(work);
		void work.finally(() => inFlight.delete(work));
	}

	function wire(c: Client): void {
		c.on(Events.InteractionCreate, (interaction) => track(handleInteraction(ctx, interaction)));
		if (config.mentions) {
			c.on(Events.MessageCreate, (message) => {
				const botId = c.user?.id;
				if (botId) track(handleMessage(ctx, message, botId));
			});
		}
		c.on(Events.ShardReady, () => {
			if (!stopping) state = "connected";
		});
		c.on(Events.ShardResume, () => {
			if (!stopping) state = "connected";
		});
		c.on(Events.ShardReconnecting, () => {
			if (!stopping) state = "reconnecting";
		});
		c.on(Events.ShardDisconnect, (event, shardId) => {
			const hint = fatalCloseHint(event.code);
			if (hint !== null && !stopping) deps.logger.error({ shardId, code: event.code, mentions: config.mentions }, hint);
			else deps.logger.warn({ shardId, code: event.code }, "discord shard disconnected");
			if (!stopping) state = "down";
		});
		c.on(Events.Invalidated, () => {
			deps.logger.error("discord session invalidated");
			if (!stopping) state = "down";
		});
		c.on(Events.Error, (error) => deps.logger.error({ err: error }, "discord client error"));
		c.on(Events.Warn, (message) => deps.logger.warn({ detail: message }, "discord client warning"));
	}

	return {
		name: "discord",
		client: () => client,
		state: () => state,
		async start() {
			state = "starting";
			stopping = false;
			const c = createDiscordClient({
				mentions: config.mentions,
				...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
				...(config.rest !== undefined ? { rest: config.rest } : {}),
			});
			client = c;
			wire(c);
			await warmUp(commands, deps);
			// READY never comes when Discord closes the gateway for good (4014 disallowed intents, 4004
			// bad token): fail start-up with the hint instead of waiting forever
			const ready = new Promise<void>((resolve, reject) => {
				c.once(Events.ClientReady, () => resolve());
				c.on(Events.ShardDisconnect, (event) => {
					const hint = fatalCloseHint(event.code);
					if (hint !== null) reject(new Error(hint));
				});
			});
			ready.catch(() => undefined); // awaited below; this only keeps an early rejection from counting as unhandled
			try {
				await c.login(config.token);
				await ready;
			} catch (error) {
				state = "down";
				// discord.js errors can carry request details; never the token, but keep the line short
				deps.logger.error({ err: error }, "discord login failed");
				await c.destroy();
				throw error;
			}
			state = "connected";
			deps.logger.info({ user: c.user?.tag, applicationId: c.application?.id, mentions: config.mentions }, "discord connected");
		},
		async stop(deadlineMs = DEFAULT_STOP_DEADLINE_MS) {
			stopping = true;
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				Promise.allSettled([...inFlight]),
				new Promise<void>((resolve) => {
					timer = setTimeout(resolve, deadlineMs);
				}),
			]);
			clearTimeout(timer);
			await client?.destroy();
			client = null;
			state = "stopped";
		},
	};
}
