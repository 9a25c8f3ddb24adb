/**
 * Sends an Answer as the response to an interaction, inside Discord's 3-second window: if the answer
 * is ready within `deferAfterMs` it goes out as one reply (callback type 4); otherwise we defer
 * (type 5, "canirun is thinking…") and edit the original message when it is ready (the token lasts
 * 15 minutes). An error answer is ephemeral (flags 64); when it arrives after a public defer, the
 * deferred message is deleted and the error sent as an ephemeral follow-up, since a deferred
 * response cannot change its visibility afterwards (receiving-and-responding.mdx l.304).
 */
import { MessageFlags, type InteractionReplyOptions, type MessageMentionOptions, type RepliableInteraction } from "discord.js";
import type { Answer } from "../answer/answer.js";
import { renderAnswerWithChart, type RenderedMessage, type View } from "./render-embed.js";

/** No mention in anything we send can ping; also set client-wide (ADAPTERS.md §2.6). */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** The chart (if any) as discord.js attachments: sent multipart, shown by the embed's attachment:// image. */
export function filesOf(rendered: RenderedMessage): { attachment: Buffer; name: string; description: string }[] {
	return rendered.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description }));
}

export function replyOptions(rendered: RenderedMessage): InteractionReplyOptions {
	return {
		embeds: rendered.embeds,
		components: rendered.components,
		allowedMentions: NO_MENTIONS,
		...(rendered.files.length > 0 ? { files: filesOf(rendered) } : {}),
		...(rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
	};
}

/** A private one-line reply (rate limit, restart, internal fault). */
export function ephemeralText(content: string): InteractionReplyOptions {
	return { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

export interface ReplyOutcome {
	answer: Answer;
	deferred: boolean;
}

const TIMED_OUT = Symbol("timed out");

function raceTimer<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
		timer = setTimeout(() => resolve(TIMED_OUT), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `view` "full" is the Details breakdown: always ephemeral, so the deferral is ephemeral too (a
 * deferred response keeps the visibility it was deferred with).
 */
export async function replyWithAnswer(
	interaction: RepliableInteraction,
	answerPromise: Promise<Answer>,
	deferAfterMs: number,
	view: View = "compact",
): Promise<ReplyOutcome> {
	const early = await raceTimer(answerPromise, deferAfterMs);
	if (early !== TIMED_OUT) {
		await interaction.reply(replyOptions(renderAnswerWithChart(early, view)));
		return { answer: early, deferred: false };
	}
	await interaction.deferReply(view === "full" ? { flags: MessageFlags.Ephemeral } : {});
	const answer = await answerPromise;
	const rendered = renderAnswerWithChart(answer, view);
	if (rendered.ephemeral && view !== "full") {
		await interaction.deleteReply();
		await interaction.followUp(replyOptions(rendered));
	} else {
		await interaction.editReply({
			embeds: rendered.embeds,
			components: rendered.components,
			allowedMentions: NO_MENTIONS,
			...(rendered.files.length > 0 ? { files: filesOf(rendered) } : {}),
		});
	}
	return { answer, deferred: true };
}
