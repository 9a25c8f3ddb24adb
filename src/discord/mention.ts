/**
 * Mention answers: "@canirun can my 3090 run qwen3 32b?" in a channel is answered as a reply, when
 * mention answers are enabled. Only an explicit `<@bot>` in the text counts (a reply to one of our
 * answers also lists us in `mentions`, but is not a question to us). The mention is stripped and the
 * rest goes to the free-text parser. Replies never ping: allowed mentions are empty and
 * `repliedUser: false`, so the asker is not pinged either.
 */
import type { Message } from "discord.js";
import { BUSY_MESSAGE } from "../server/ask.js";
import { slowDownMessage } from "../server/rate-limit.js";
import { INTERNAL_ERROR_MESSAGE, rateKeys, type HandlerContext } from "./handler-context.js";
import { filesOf, NO_MENTIONS } from "./reply.js";
import { renderAnswerWithChart } from "./render-embed.js";

const CONTEXT = { platform: "discord" } as const;

/** `<@id>` and the legacy nickname form `<@!id>` of one user. */
function mentionPattern(botUserId: string): RegExp {
	return new RegExp(`<@!?${botUserId}>`, "g");
}

/** The question without the bot's mention, or null when the message does not mention the bot. */
export function questionOf(content: string, botUserId: string): string | null {
	const pattern = mentionPattern(botUserId);
	if (!pattern.test(content)) return null;
	return content.replace(mentionPattern(botUserId), " ").replace(/\s+/g, " ").trim();
}

/** Reads what a mention needs from a message; null when the payload is not a usable user message. */
function mentionOf(message: Message, botUserId: string): { question: string; authorId: string } | null {
	const author = message.author as Message["author"] | null | undefined;
	if (author === null || author === undefined || author.bot || message.webhookId !== null || author.id === botUserId) return null;
	if (typeof message.content !== "string") return null;
	const question = questionOf(message.content, botUserId);
	return question === null ? null : { question, authorId: author.id };
}

/** Answers one mention through the ask() pipeline; never rejects (a malformed payload included). */
export async function handleMessage(ctx: HandlerContext, message: Message, botUserId: string): Promise<void> {
	let mention: { question: string; authorId: string } | null;
	try {
		// everything read from the payload is read in here (issue 18: `message.author.bot` was read
		// before the try, so a malformed payload was an unhandled rejection)
		mention = mentionOf(message, botUserId);
	} catch (error) {
		ctx.deps.logger.warn({ err: error }, "discord mention payload unreadable");
		return;
	}
	if (mention === null) return;
	const { question, authorId } = mention;
	const send = async (options: Parameters<Message["reply"]>[0]): Promise<void> => {
		try {
			await message.reply(options);
		} catch (error) {
			// cannot reach Discord or lost access to the channel: the log line is all we can do
			ctx.deps.logger.warn({ err: error }, "discord mention reply failed");
		}
	};
	await ctx.pipeline.ask({
		platform: "discord",
		command: "mention",
		rateKeys: rateKeys(authorId, message.channelId, message.guildId),
		// a bare mention is a request for help
		produce: () => (question === "" ? ctx.commands.answerCommand("help", {}, CONTEXT) : ctx.commands.answerQuery(question, CONTEXT)),
		deliver: async (outcome) => {
			if (outcome.kind === "stopping") return;
			if (outcome.kind === "answer") {
				// the compact first answer, with its chart attached when it has one (issue 16)
				const rendered = renderAnswerWithChart(outcome.answer);
				await send({
					embeds: rendered.embeds,
					components: rendered.components,
					allowedMentions: NO_MENTIONS,
					...(rendered.files.length > 0 ? { files: filesOf(rendered) } : {}),
				});
				return;
			}
			const content = outcome.kind === "rate_limited" ? slowDownMessage(outcome.retryAfterMs) : outcome.kind === "busy" ? BUSY_MESSAGE : INTERNAL_ERROR_MESSAGE;
			await send({ content, allowedMentions: NO_MENTIONS });
		},
	});
}
