/**
 * The real adapter factories for startApp. Each SDK is imported only when its adapter is configured,
 * so the console (no credentials) starts without loading discord.js or Bolt.
 */
import type { AdapterFactories } from "./app.js";

export const defaultFactories: AdapterFactories = {
	async discord(config, deps) {
		const { createDiscordAdapter } = await import("../discord/adapter.js");
		return createDiscordAdapter(config, deps);
	},
	async slack({ config, port, healthz }, deps) {
		const { createSlackAdapter } = await import("../slack/adapter.js");
		return createSlackAdapter(
			{
				botToken: config.botToken,
				signingSecret: config.signingSecret,
				port,
				...(config.appToken !== undefined && { appToken: config.appToken }),
				...(config.apiUrl !== undefined && { apiUrl: config.apiUrl }),
				...(healthz !== undefined && { healthz }),
			},
			deps,
		);
	},
	async console(options, deps) {
		const { startConsole } = await import("../cli/console.js");
		return startConsole({ ...options, logger: deps.logger, rateLimiter: deps.rateLimiter });
	},
};
