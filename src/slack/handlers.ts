/**
 * The three ways a question reaches us on Slack, wired onto a Bolt App:
 * - `/canirun <words>`: `ack()` at once (empty, inside Slack's 3 s), then the answer via `respond()`
 *   on the response_url, in the channel or only to the asker (see replies.ts).
 * - a button on an answer (`block_actions`, action_id `canirun_rerun_<n>`): the button's value IS the
 *   query, so nothing is stored; the new answer is posted as a NEW message (`replace_original: false`)
 *   so the one it was derived from stays readable for comparison, in the same thread if there is one.
 * - `@canirun <question>` (`app_mention`): answered in the thread of the mention (`say` with
 *   `thread_ts`), private replies via `chat.postEphemeral` in that thread.
 */
import type { App, BlockButtonAction } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import { askSlack } from "./ask.js";
import type { Asker, Outcome } from "./ask.js";
import { unescapeSlackText } from "./escape.js";
import type { InFlight } from "./in-flight.js";
import { slackTextToQuery } from "./query-text.js";
import { DETAILS_ACTION_ID, RERUN_ACTION_PREFIX } from "./render-blocks.js";
import type { ChartUploader } from "./chart-upload.js";
import { replyFor } from "./replies.js";
import type { Reply } from "./replies.js";
import { SLACK_LIMITS } from "./limits.js";

/** The slash command, as declared in slack-manifest.yml. */
export const SLASH_COMMAND = "/canirun";

export interface HandlerContext {
	asker: Asker;
	inFlight: InFlight;
	logger: Logger;
	/** answer @mentions (default true) */
	mentions: boolean;
	/** uploads answer charts when the app may (files:write); absent: answers carry tables */
	charts?: ChartUploader;
}

const RERUN_ACTION = new RegExp(`^${RERUN_ACTION_PREFIX}\\d{1,3}$`);

/** A button value as we wrote it: an escaped query of at most 2,000 characters. */
const buttonValue = z.string().min(1).max(SLACK_LIMITS.buttonValue);

function errorFields(error: unknown): Record<string, unknown> {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code;
		return { name: error.name, message: error.message, ...(typeof code === "string" && { code }) };
	}
	return { message: String(error) };
}

/**
 * The reply for an outcome: the compact first answer with its chart uploaded first (when the app may
 * upload and the answer has one), or the full breakdown for Details (issue 16).
 */
async function replyWithChart(ctx: HandlerContext, outcome: Outcome, client: App["client"] | undefined, view: "compact" | "full" = "compact"): Promise<Reply> {
	const image =
		view === "compact" && outcome.kind === "answer" && client !== undefined && ctx.charts !== undefined
			? await ctx.charts.upload(client, outcome.answer)
			: null;
	return replyFor(outcome, view, image);
}

export function registerHandlers(app: App, ctx: HandlerContext): void {
	app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
		// the ack goes out first and never waits on the answer (Slack's 3 s rule)
		await ack();
		const question = {
			command: SLASH_COMMAND,
			teamId: command.team_id,
			userId: command.user_id,
			channelId: command.channel_id,
			text: slackTextToQuery(command.text ?? ""),
		};
		await ctx.inFlight.track(async () => {
			await askSlack(ctx.asker, question, async (outcome) => {
				const reply = await replyWithChart(ctx, outcome, client);
				try {
					await respond({ response_type: reply.visibility === "public" ? "in_channel" : "ephemeral", ...reply.message });
				} catch (error) {
					ctx.logger.warn({ command: SLASH_COMMAND, err: errorFields(error) }, "slack respond failed");
				}
			});
		});
	});

	// Details: the same question again, in full, to the one who clicked only (issue 16)
	app.action<BlockButtonAction>({ type: "block_actions", action_id: DETAILS_ACTION_ID }, async ({ ack, action, body, respond }) => {
		await ack();
		await ctx.inFlight.track(async () => {
			const value = buttonValue.safeParse(action.value);
			if (!value.success) {
				ctx.logger.warn({ command: "details", action_id: action.action_id }, "slack button without a usable value");
				return;
			}
			const question = {
				command: "details",
				teamId: body.team?.id ?? body.user.team_id ?? "",
				userId: body.user.id,
				channelId: body.channel?.id ?? "",
				text: slackTextToQuery(unescapeSlackText(value.data)),
			};
			await askSlack(ctx.asker, question, async (outcome) => {
				const reply = await replyWithChart(ctx, outcome, undefined, "full");
				try {
					await respond({ response_type: "ephemeral", replace_original: false, ...reply.message });
				} catch (error) {
					ctx.logger.warn({ command: "details", err: errorFields(error) }, "slack respond failed");
				}
			});
		});
	});

	app.action<BlockButtonAction>({ type: "block_actions", action_id: RERUN_ACTION }, async ({ ack, action, body, respond, client }) => {
		await ack();
		await ctx.inFlight.track(async () => {
			const value = buttonValue.safeParse(action.value);
			if (!value.success) {
				ctx.logger.warn({ command: "button", action_id: action.action_id }, "slack button without a usable value");
				return;
			}
			const question = {
				command: "button",
				teamId: body.team?.id ?? body.user.team_id ?? "",
				userId: body.user.id,
				channelId: body.channel?.id ?? "",
				text: slackTextToQuery(unescapeSlackText(value.data)),
			};
			const threadTs: unknown = body.message?.thread_ts;
			await askSlack(ctx.asker, question, async (outcome) => {
				const reply = await replyWithChart(ctx, outcome, client);
				try {
					await respond({
						response_type: reply.visibility === "public" ? "in_channel" : "ephemeral",
						replace_original: false,
						...(typeof threadTs === "string" && { thread_ts: threadTs }),
						...reply.message,
					});
				} catch (error) {
					ctx.logger.warn({ command: "button", err: errorFields(error) }, "slack respond failed");
				}
			});
		});
	});

	if (!ctx.mentions) return;

	app.event("app_mention", async ({ event, context, say, client }) => {
		// other bots mentioning us could loop; ignoreSelf only covers our own messages
		if (event.bot_id !== undefined || event.user === undefined) return;
		// Slack re-sends an event it thinks we missed; after an `http_timeout` we did get the first
		// delivery (Bolt acks events on receipt), so answering again would post twice
		if ((context.retryNum ?? 0) > 0 && context.retryReason === "http_timeout") return;
		const user = event.user;
		const threadTs = event.thread_ts ?? event.ts;
		await ctx.inFlight.track(async () => {
			const question = {
				command: "app_mention",
				teamId: context.teamId ?? event.team ?? "",
				userId: user,
				channelId: event.channel,
				text: slackTextToQuery(event.text),
			};
			await askSlack(ctx.asker, question, async (outcome) => {
				const reply = await replyWithChart(ctx, outcome, client);
				try {
					if (reply.visibility === "public") {
						await say({ thread_ts: threadTs, ...reply.message });
					} else {
						await client.chat.postEphemeral({ channel: event.channel, user, thread_ts: threadTs, ...reply.message });
					}
				} catch (error) {
					ctx.logger.warn({ command: "app_mention", err: errorFields(error) }, "slack reply failed");
				}
			});
		});
	});
}
