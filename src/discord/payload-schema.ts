/**
 * Zod schemas of the message JSON we send to Discord, mirroring Discord's limits (DISCORD_LIMITS;
 * discord.js main validates embeds the same way in packages/builders/src/messages/embed/Assertions.ts,
 * `embedLength(embed) <= 6_000`). Tests check every recorded REST body against them, so "within
 * limits" is a checked property of real traffic, not a hope.
 */
import { z } from "zod";
import { DISCORD_LIMITS } from "./limits.js";

export const embedFieldSchema = z.object({
	name: z.string().min(1).max(DISCORD_LIMITS.fieldName),
	value: z.string().min(1).max(DISCORD_LIMITS.fieldValue),
	inline: z.boolean().optional(),
});

export const embedSchema = z
	.object({
		title: z.string().min(1).max(DISCORD_LIMITS.title).optional(),
		description: z.string().min(1).max(DISCORD_LIMITS.description).optional(),
		color: z.number().int().min(0).max(0xffffff).optional(),
		fields: z.array(embedFieldSchema).max(DISCORD_LIMITS.fields).optional(),
		footer: z.object({ text: z.string().min(1).max(DISCORD_LIMITS.footer) }).optional(),
	})
	.loose();

export const buttonSchema = z
	.object({
		type: z.literal(2),
		style: z.number().int(),
		custom_id: z.string().min(1).max(DISCORD_LIMITS.customId),
		label: z.string().min(1).max(DISCORD_LIMITS.buttonLabel),
	})
	.loose();

export const actionRowSchema = z.object({
	type: z.literal(1),
	components: z.array(buttonSchema).min(1).max(DISCORD_LIMITS.buttonsPerRow),
});

/** `allowed_mentions` that lets nothing ping (replied_user absent or false). */
export const noMentionsSchema = z.object({
	parse: z.array(z.string()).length(0),
	replied_user: z.literal(false).optional(),
	users: z.array(z.string()).length(0).optional(),
	roles: z.array(z.string()).length(0).optional(),
});

/** The parts of an embed Discord counts toward its 6,000-character total. */
export interface CountedEmbed {
	title?: string | undefined;
	description?: string | undefined;
	footer?: { text: string } | undefined;
	author?: { name?: string } | undefined;
	fields?: readonly { name: string; value: string }[] | undefined;
}

/** Characters counted toward Discord's 6,000 total (title, description, field names and values, footer, author). */
export function totalEmbedChars(embeds: readonly CountedEmbed[]): number {
	let total = 0;
	for (const embed of embeds) {
		total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name?.length ?? 0);
		for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
	}
	return total;
}

/** A message body (reply data, webhook edit, channel message) as we send it. */
export const outgoingMessageSchema = z
	.object({
		content: z.string().max(DISCORD_LIMITS.content).optional(),
		embeds: z.array(embedSchema).max(DISCORD_LIMITS.embeds).optional(),
		components: z.array(actionRowSchema).max(DISCORD_LIMITS.actionRows).optional(),
		allowed_mentions: noMentionsSchema,
		flags: z.number().int().optional(),
	})
	.loose()
	.refine((message) => totalEmbedChars(message.embeds ?? []) <= DISCORD_LIMITS.embedTotal, "embeds exceed 6,000 characters in total");

export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
