/**
 * Autocomplete for `model`, `quant` and `hardware`: which catalog resolver answers is declared on the
 * option in commands/ (`autocomplete: "model" | "quant" | "hardware"`). Discord allows at most 25
 * choices with names and values of 1–100 characters (application-commands.mdx, choice structure), and
 * the response cannot be deferred, so this is synchronous and must always answer, with [] at worst.
 */
import type { APIApplicationCommandOptionChoice } from "discord.js";
import type { DiscordCommandLayer } from "./command-layer.js";
import { truncate } from "./escape.js";
import { DISCORD_LIMITS } from "./limits.js";

/** The Discord-safe choices for the option being typed; [] when the option has no resolver. */
export function autocompleteChoices(
	commands: DiscordCommandLayer,
	commandName: string,
	optionName: string,
	partial: string,
): APIApplicationCommandOptionChoice<string>[] {
	const option = commands.allCommands.find((c) => c.name === commandName)?.options.find((o) => o.name === optionName);
	if (!option?.autocomplete) return [];
	const seen = new Set<string>();
	const choices: APIApplicationCommandOptionChoice<string>[] = [];
	for (const completion of commands.completeOption(option.autocomplete, partial, DISCORD_LIMITS.choices)) {
		// a value cut short would no longer resolve, so an over-long value is dropped, never truncated
		const value = completion.value.trim();
		if (value.length === 0 || value.length > DISCORD_LIMITS.choiceValue || seen.has(value)) continue;
		seen.add(value);
		choices.push({ name: truncate(completion.name.trim() || value, DISCORD_LIMITS.choiceName), value });
		if (choices.length === DISCORD_LIMITS.choices) break;
	}
	return choices;
}
