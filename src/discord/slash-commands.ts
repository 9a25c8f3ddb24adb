/**
 * Slash-command definitions for Discord, built from commands/ (one source of truth: names,
 * descriptions and options are written once, in the command objects). Every option is a string
 * (`model`, `quant`, `hardware`, `context`, `runtime` …): the command layer parses and validates them
 * with the same code it uses for free text, so "32k" and "2x4090" mean the same everywhere.
 *
 * Discord's rules (application-commands.mdx l.18, l.88; ADAPTERS.md §2.5): names 1–32 lowercase
 * characters, descriptions 1–100, at most 25 options and 25 choices, and `autocomplete` never
 * together with `choices`. The zod schema below checks them, so a bad definition fails registration
 * and tests, not Discord.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from "discord.js";
import { z } from "zod";
import type { BotCommand } from "../../commands/types.js";
import { truncate } from "./escape.js";

/** application-commands.mdx: `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`, lowercase */
const COMMAND_NAME = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;
const MAX_CHOICE_CHARS = 100;

const choiceSchema = z.object({
	name: z.string().min(1).max(MAX_CHOICE_CHARS),
	value: z.string().min(1).max(MAX_CHOICE_CHARS),
});

const optionSchema = z
	.object({
		type: z.literal(ApplicationCommandOptionType.String),
		name: z.string().regex(COMMAND_NAME),
		description: z.string().min(1).max(MAX_DESCRIPTION),
		required: z.boolean(),
		autocomplete: z.boolean().optional(),
		choices: z.array(choiceSchema).max(MAX_CHOICES).optional(),
	})
	.refine((option) => !(option.autocomplete && option.choices), "an option cannot have both autocomplete and choices");

export const discordCommandSchema = z
	.object({
		type: z.literal(ApplicationCommandType.ChatInput),
		name: z.string().regex(COMMAND_NAME),
		description: z.string().min(1).max(MAX_DESCRIPTION),
		options: z.array(optionSchema).max(MAX_OPTIONS),
	})
	// Discord rejects a required option after an optional one
	.refine((command) => command.options.every((option, i) => !option.required || command.options.slice(0, i).every((o) => o.required)), {
		message: "required options must come before optional ones",
	});

export type DiscordCommand = z.infer<typeof discordCommandSchema>;

/** One BotCommand as the JSON body Discord's bulk overwrite expects; throws when it breaks a rule. */
export function toDiscordCommand(command: BotCommand): DiscordCommand {
	return discordCommandSchema.parse({
		type: ApplicationCommandType.ChatInput,
		name: command.name,
		// a description over 100 characters would make Discord reject the whole bulk overwrite; a cut
		// description is still useful, so descriptions are shortened rather than refused
		description: truncate(command.description, MAX_DESCRIPTION),
		// required first: Discord insists, and it keeps the command's own order otherwise
		options: [...command.options.filter((o) => o.required), ...command.options.filter((o) => !o.required)].map((option) => ({
			type: ApplicationCommandOptionType.String,
			name: option.name,
			description: truncate(option.description, MAX_DESCRIPTION),
			required: option.required,
			...(option.autocomplete !== null ? { autocomplete: true } : {}),
			...(option.choices !== null && option.autocomplete === null ? { choices: option.choices.map((choice) => ({ name: choice, value: choice })) } : {}),
		})),
	});
}

export function toDiscordCommands(commands: readonly BotCommand[]): DiscordCommand[] {
	return commands.map(toDiscordCommand);
}
