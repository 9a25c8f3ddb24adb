/**
 * `npm run register`: registers canirun's slash commands with Discord (compiled to
 * dist/src/discord/register.js). Reads the same environment as the bot (src/config/env.ts):
 * DISCORD_TOKEN (required), DISCORD_APPLICATION_ID (else fetched from /applications/@me),
 * DISCORD_GUILD_ID (register in one guild: instant, for development) and DISCORD_API_URL.
 * Compares with what is registered and writes only when different. Exit 0 on success, 1 on failure,
 * with a one-line message that never contains the token.
 */
import { pathToFileURL } from "node:url";
import { allCommands } from "../../commands/index.js";
import { loadConfig } from "../config/env.js";
import { toDiscordCommands } from "./slash-commands.js";
import { syncCommands } from "./sync-commands.js";

function errorLine(error: unknown, token: string | null): string {
	const message = error instanceof Error ? error.message : String(error);
	return token ? message.replaceAll(token, "[redacted]") : message;
}

export async function runRegister(env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
	let token: string | null = null;
	try {
		const config = loadConfig(env);
		if (!config.discord) {
			process.stderr.write("register: DISCORD_TOKEN is not set (Discord developer portal → your app → Bot → Reset Token)\n");
			return 1;
		}
		token = config.discord.token;
		const result = await syncCommands({
			token: config.discord.token,
			commands: toDiscordCommands(allCommands),
			...(config.discord.apiUrl !== undefined ? { apiUrl: config.discord.apiUrl } : {}),
			...(config.discord.applicationId !== undefined ? { applicationId: config.discord.applicationId } : {}),
			...(config.discord.guildId !== undefined ? { guildId: config.discord.guildId } : {}),
		});
		const where = result.scope === "guild" ? `in guild ${result.guildId}` : "globally";
		const what = result.action === "updated" ? `registered ${result.count} commands` : `${result.count} commands already up to date, nothing written`;
		process.stdout.write(`register: ${what} ${where} for application ${result.applicationId}\n`);
		return 0;
	} catch (error) {
		process.stderr.write(`register: failed: ${errorLine(error, token)}\n`);
		return 1;
	}
}

// Run when executed as a script (node dist/src/discord/register.js), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await runRegister();
}
