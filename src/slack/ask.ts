/**
 * One question from Slack, whatever surface it came from (slash command, button, mention), handed to
 * the shared ask() pipeline (src/server/ask.ts: shedding, rate limit, budget, cleaning, the request
 * log line); this file only names Slack's parts of it: the rate-limit keys and the log's command.
 */
import type { CommandContext } from "../../commands/types.js";
import type { Answer } from "../answer/answer.js";
import type { AskOutcome, AskPipeline } from "../server/ask.js";

/** What answers a query: `answerQuery` from commands/index.ts, injectable for tests. */
export type AnswerFn = (text: string, ctx: CommandContext) => Promise<Answer>;

export interface Asker {
	answer: AnswerFn;
	pipeline: AskPipeline;
}

export interface SlackQuestion {
	/** the surface, logged as `command`: "/canirun", "button", "app_mention" */
	command: string;
	teamId: string;
	userId: string;
	channelId: string;
	text: string;
}

export type Outcome = AskOutcome;

/** Asks, then delivers the outcome with `deliver` (inside the pipeline's in-flight window). Never throws. */
export function askSlack(asker: Asker, q: SlackQuestion, deliver: (outcome: Outcome) => Promise<void>): Promise<Outcome> {
	return asker.pipeline.ask({
		platform: "slack",
		command: q.command,
		// keys are namespaced so a shared limiter never confuses a Slack id with a Discord one
		rateKeys: [`slack:${q.teamId}:${q.userId}`, `slack:${q.teamId}:${q.channelId}`],
		produce: () => asker.answer(q.text === "" ? "help" : q.text, { platform: "slack" }),
		deliver,
	});
}
