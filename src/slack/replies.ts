/**
 * What the user sees for each outcome of a question, and who sees it: answers in the channel; errors,
 * "did you mean", help, "slow down" and faults only to the asker (ephemeral), so a typo or a flood
 * never clutters a channel.
 */
import type { Answer } from "../answer/answer.js";
import { BUSY_MESSAGE } from "../server/ask.js";
import type { Outcome } from "./ask.js";
import { renderAnswerBlocks } from "./render-blocks.js";
import type { SlackChartImage, SlackMessage } from "./render-blocks.js";

export type Visibility = "public" | "private";

export interface Reply {
	visibility: Visibility;
	message: SlackMessage;
}

const PRIVATE_KINDS: ReadonlySet<Answer["kind"]> = new Set(["error", "help"]);

function notice(text: string): SlackMessage {
	// fixed wording of our own: no user text, nothing to escape
	return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export const STOPPING_REPLY: Reply = {
	visibility: "private",
	message: notice(":hourglass: canirun is restarting; ask again in a few seconds."),
};

/**
 * `view` "full" is the Details breakdown, always private to the one who clicked; `image` is the
 * answer's chart once uploaded (chart-upload.ts), else the compact answer carries its table.
 */
export function replyFor(outcome: Outcome, view: "compact" | "full" = "compact", image: SlackChartImage | null = null): Reply {
	switch (outcome.kind) {
		case "answer":
			return {
				visibility: view === "full" || PRIVATE_KINDS.has(outcome.answer.kind) ? "private" : "public",
				message: renderAnswerBlocks(outcome.answer, view, image),
			};
		case "rate_limited": {
			const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
			return {
				visibility: "private",
				message: notice(`:snail: Slow down a little — you can ask again in ${seconds} s.`),
			};
		}
		case "stopping":
			return STOPPING_REPLY;
		case "busy":
			return { visibility: "private", message: notice(`:hourglass: ${BUSY_MESSAGE}`) };
		case "failed":
			return {
				visibility: "private",
				message: notice(":warning: Sorry, something went wrong while answering. Please try again."),
			};
	}
}
