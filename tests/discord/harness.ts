/**
 * Shared set-up for the Discord end-to-end tests: a fake Discord, the real adapter pointed at it, a
 * pino logger writing JSON lines to memory, and a rate limiter you choose.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { createGatewayAdapter, type DiscordAdapterConfig } from "../../src/discord/adapter.js";
import { defaultCommandLayer, type DiscordCommandLayer } from "../../src/discord/command-layer.js";
import type { Adapter, RateLimiter } from "../../src/server/adapter.js";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../fakes/discord.js";

export const TEST_TOKEN = "test-token.abc.xyz";
export const GUILD = { id: "200", name: "test guild", channelIds: ["300"] };

export const alwaysOk: RateLimiter = { take: () => ({ ok: true }) };

export interface Harness {
	fake: FakeDiscord;
	adapter: Adapter;
	logLines: () => Record<string, unknown>[];
	rawLog: () => string;
	close(): Promise<void>;
}

export async function startHarness(
	options: { config?: Partial<DiscordAdapterConfig>; commands?: DiscordCommandLayer; rateLimiter?: RateLimiter; fake?: FakeDiscordOptions } = {},
): Promise<Harness> {
	const fake = await startFakeDiscord({ guilds: [GUILD], token: TEST_TOKEN, ...options.fake });
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			chunks.push(chunk.toString("utf8"));
			callback();
		},
	});
	const logger = pino({ level: "debug" }, stream);
	const adapter = createGatewayAdapter(
		{ token: TEST_TOKEN, apiUrl: fake.apiUrl, mentions: true, rest: { retries: 0, timeout: 3_000 }, ...options.config },
		{ logger, rateLimiter: options.rateLimiter ?? alwaysOk },
		options.commands ?? defaultCommandLayer,
	);
	await adapter.start();
	return {
		fake,
		adapter,
		rawLog: () => chunks.join(""),
		logLines: () =>
			chunks
				.join("")
				.split("\n")
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Record<string, unknown>),
		async close() {
			await adapter.stop(1_000);
			await fake.close();
		},
	};
}

/** The callback request discord.js sent for one interaction. */
export function isCallbackFor(interaction: { id: string; token: string }) {
	return (req: { method: string; path: string }) =>
		req.method === "POST" && req.path === `/api/v10/interactions/${interaction.id}/${interaction.token}/callback`;
}

export function isEditOriginalFor(applicationId: string, interaction: { token: string }) {
	return (req: { method: string; path: string }) =>
		req.method === "PATCH" && req.path === `/api/v10/webhooks/${applicationId}/${interaction.token}/messages/@original`;
}

/** Any mention Discord would parse: mass mentions and user/role mentions. */
export const PINGABLE = /@(everyone|here)|<@[!&]?\d/;
