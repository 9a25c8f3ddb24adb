/**
 * The discord.js Client canirun runs, configured once:
 * - intents: Guilds always (slash commands and autocomplete need no more); GuildMessages and
 *   MessageContent only when mention answers are on. MessageContent is privileged: it must be enabled
 *   in the developer portal (Bot → Privileged Gateway Intents) or Discord closes the gateway with 4014.
 * - `allowedMentions: { parse: [] }` client-wide: discord.js falls back to it for every payload
 *   (structures/MessagePayload.js l.177–180), so no reply can ever ping (ADAPTERS.md §2.6).
 * - `rest.api`: DISCORD_API_URL for tests and self-hosted proxies; the gateway address then comes
 *   from that API's GET /gateway/bot (ADAPTERS.md §2.1).
 */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from "discord.js";

export interface DiscordClientConfig {
	apiUrl?: string;
	mentions: boolean;
	/** REST tuning; discord.js defaults are 3 retries and a 15 s timeout */
	rest?: { retries?: number; timeout?: number };
}

export function discordIntents(mentions: boolean): GatewayIntentBits[] {
	return mentions ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [GatewayIntentBits.Guilds];
}

export function createDiscordClient(config: DiscordClientConfig): Client {
	const options: ClientOptions = {
		intents: discordIntents(config.mentions),
		allowedMentions: { parse: [], repliedUser: false },
		// a mention in a channel discord.js has not cached (a thread it has not seen) still arrives
		partials: config.mentions ? [Partials.Channel] : [],
		rest: {
			...(config.apiUrl !== undefined ? { api: config.apiUrl } : {}),
			...(config.rest?.retries !== undefined ? { retries: config.rest.retries } : {}),
			...(config.rest?.timeout !== undefined ? { timeout: config.rest.timeout } : {}),
		},
	};
	return new Client(options);
}
