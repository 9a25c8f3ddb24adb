/**
 * Mention answers: "@canirun can my 3090 run qwen3 32b?" in a channel is answered as a reply, when
 * mention answers are enabled. Only an explicit `<@bot>` in the text counts (a reply to one of our
 * answers also lists us in `mentions`, but is not a question to us). The mention is stripped and the
 * rest goes to the free-text parser. Replies never ping: allowed mentions are empty and
 * `repliedUser: false`, so the asker is not pinged either.
 */
import type { Message } from "discord.js";
import type { Answer } from "../answer/answer.js";
import { logRequest } from "../log/request-log.js";
import type { RequestLogFields } from "../server/adapter.js";
import { slowDownMessage } from "../server/rate-limit.js";
import { INTERNAL_ERROR_MESSAGE, rateKeys, type HandlerContext } from "./handler-context.js";
import { logIdsOf, outcomeOf } from "./log-ids.js";
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

export async function handleMessage(ctx: HandlerContext, message: Message, botUserId: string): Promise<void> {
	if (message.author.bot || message.webhookId !== null || message.author.id === botUserId) return;
	const question = questionOf(message.content, botUserId);
	if (question === null) return;
	const started = ctx.now();
	const log = (outcome: RequestLogFields["outcome"], answer?: Answer): void => {
		const ids = answer ? logIdsOf(answer) : undefined;
		logRequest(ctx.deps.logger, { platform: "discord", command: "mention", outcome, latencyMs: ctx.now() - started, ...(ids ? { ids } : {}) });
	};
	try {
		if (ctx.isStopping()) return;
		const decision = ctx.deps.rateLimiter.take(...rateKeys(message.author.id, message.channelId, message.guildId));
		if (!decision.ok) {
			await message.reply({ content: slowDownMessage(decision.retryAfterMs), allowedMentions: NO_MENTIONS });
			log("rate_limited");
			return;
		}
		// a bare mention is a request for help
		const answer = question === "" ? await ctx.commands.answerCommand("help", {}, CONTEXT) : await ctx.commands.answerQuery(question, CONTEXT);
		const rendered = renderAnswerWithChart(answer);
		await message.reply({ embeds: rendered.embeds, components: rendered.components, allowedMentions: NO_MENTIONS, ...(rendered.files.length > 0 ? { files: filesOf(rendered) } : {}) });
		log(outcomeOf(answer), answer);
	} catch (error) {
		ctx.deps.logger.error({ err: error }, "discord mention failed");
		log("failed");
		try {
			await message.reply({ content: INTERNAL_ERROR_MESSAGE, allowedMentions: NO_MENTIONS });
		} catch {
			// cannot reach Discord or lost access to the channel: the log line above is all we can do
		}
	}
}
