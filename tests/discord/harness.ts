/**
 * Shared set-up for the Discord end-to-end tests: a fake Discord, the real adapter pointed at it, a
 * pino logger writing JSON lines to memory, and a rate limiter you choose.
 */
import { pino } from "pino";
import { createGatewayAdapter, type DiscordAdapterConfig } from "../../src/discord/adapter.js";
import { defaultCommandLayer, type DiscordCommandLayer } from "../../src/discord/command-layer.js";
import type { Adapter, RateLimiter } from "../../src/server/adapter.js";
import { allowAll } from "../fakes/allow-all.js";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../fakes/discord.js";
import { captureLog } from "../fakes/log-capture.js";

export const TEST_TOKEN = "test-token.abc.xyz";
export const GUILD = { id: "200", name: "test guild", channelIds: ["300"] };

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
	const log = captureLog();
	const logger = pino({ level: "debug" }, log.stream);
	const adapter = createGatewayAdapter(
		{ token: TEST_TOKEN, apiUrl: fake.apiUrl, mentions: true, rest: { retries: 0, timeout: 3_000 }, ...options.config },
		{ logger, rateLimiter: options.rateLimiter ?? allowAll },
		options.commands ?? defaultCommandLayer,
	);
	await adapter.start();
	return {
		fake,
		adapter,
		rawLog: log.text,
		logLines: log.lines,
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
