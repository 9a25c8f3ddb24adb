/**
 * What the Discord adapter needs from commands/: the command definitions (for autocomplete lookups)
 * and the three entry points. Injected so a test can wrap them (to make an answer slow and see the
 * adapter defer, say); production passes `defaultCommandLayer`, the real commands/ module.
 */
import type { Answer } from "../answer/answer.js";
import type { BotCommand, CommandContext, Completion, CompletionKind } from "../../commands/types.js";
import { allCommands, answerCommand, answerQuery, completeOption } from "../../commands/index.js";

export interface DiscordCommandLayer {
	allCommands: readonly BotCommand[];
	/** free text ("can my 3090 run qwen3 32b?"); never throws */
	answerQuery(text: string, ctx: CommandContext): Promise<Answer>;
	/** a slash command with its string options; never throws */
	answerCommand(name: string, options: Record<string, string>, ctx: CommandContext): Promise<Answer>;
	/** catalog completions for an autocomplete option */
	completeOption(kind: CompletionKind, partial: string, limit?: number): Completion[];
}

export const defaultCommandLayer: DiscordCommandLayer = { allCommands, answerQuery, answerCommand, completeOption };
