/**
 * Registers the slash commands with Discord, writing only when something changed. Discord's bulk
 * overwrite (PUT) replaces every command of a scope; Sapphire diffs before writing, and we do the
 * cheap version of that: GET the registered commands, compare the fields we own, PUT only if they
 * differ (ADAPTERS.md §4.2). A guild scope (`guildId`) updates instantly and suits development; the
 * global scope is for release.
 *
 * REST only, no gateway: this runs from `npm run register` (src/discord/register.ts) or CD, never on
 * every start.
 */
import { REST, Routes } from "discord.js";
import { z } from "zod";
import type { DiscordCommand } from "./slash-commands.js";

export interface SyncCommandsOptions {
	token: string;
	/** discord.js `rest.api` base, e.g. http://127.0.0.1:PORT/api; Discord's own when omitted */
	apiUrl?: string;
	/** fetched from /applications/@me when omitted */
	applicationId?: string;
	/** register in this guild only (instant) instead of globally */
	guildId?: string;
	commands: readonly DiscordCommand[];
	/** REST tuning, for tests: discord.js defaults are 3 retries and a 15 s timeout */
	rest?: { retries?: number; timeout?: number };
}

export interface SyncCommandsResult {
	applicationId: string;
	scope: "global" | "guild";
	guildId: string | null;
	action: "unchanged" | "updated";
	count: number;
}

const applicationSchema = z.object({ id: z.string().min(1) });

/**
 * The fields we own, with Discord's defaults filled in, so that a command as Discord returns it
 * (with id, version, `required` left out when false …) compares equal to the one we would send.
 */
const registeredOptionSchema = z.object({
	type: z.number(),
	name: z.string(),
	description: z.string(),
	required: z.boolean().optional().default(false),
	autocomplete: z.boolean().optional().default(false),
	choices: z
		.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]) }))
		.optional()
		.default([]),
});
const registeredCommandSchema = z.object({
	type: z.number().optional().default(1),
	name: z.string(),
	description: z.string(),
	options: z.array(registeredOptionSchema).optional().default([]),
});
const registeredListSchema = z.array(registeredCommandSchema);

/** A canonical string for a command list: defaults filled, commands sorted by name. */
export function canonicalCommands(commands: unknown): string {
	const parsed = registeredListSchema.parse(commands);
	const canonical = parsed
		.map((command) => ({
			type: command.type,
			name: command.name,
			description: command.description,
			options: command.options.map((o) => ({
				type: o.type,
				name: o.name,
				description: o.description,
				required: o.required,
				autocomplete: o.autocomplete,
				choices: o.choices.map((c) => ({ name: c.name, value: c.value })),
			})),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return JSON.stringify(canonical);
}

async function resolveApplicationId(rest: REST): Promise<string> {
	try {
		return applicationSchema.parse(await rest.get(Routes.currentApplication())).id;
	} catch {
		// older API versions and some proxies only serve the OAuth2 route
		return applicationSchema.parse(await rest.get(Routes.oauth2CurrentApplication())).id;
	}
}

export async function syncCommands(options: SyncCommandsOptions): Promise<SyncCommandsResult> {
	const rest = new REST({
		...(options.apiUrl !== undefined ? { api: options.apiUrl } : {}),
		...(options.rest?.retries !== undefined ? { retries: options.rest.retries } : {}),
		...(options.rest?.timeout !== undefined ? { timeout: options.rest.timeout } : {}),
	}).setToken(options.token);
	const applicationId = options.applicationId ?? (await resolveApplicationId(rest));
	const route = options.guildId ? Routes.applicationGuildCommands(applicationId, options.guildId) : Routes.applicationCommands(applicationId);
	const registered: unknown = await rest.get(route);
	const base = {
		applicationId,
		scope: options.guildId ? ("guild" as const) : ("global" as const),
		guildId: options.guildId ?? null,
		count: options.commands.length,
	};
	if (canonicalCommands(registered) === canonicalCommands(options.commands)) return { ...base, action: "unchanged" };
	await rest.put(route, { body: options.commands });
	return { ...base, action: "updated" };
}
