/**
 * Interaction handlers: slash commands, autocomplete and button clicks. Each logs one structured line
 * (src/log/request-log.ts) and answers inside Discord's 3-second window.
 *
 * Buttons re-run the query carried in their custom_id and answer with a NEW reply (type 4, or 5 + edit)
 * rather than updating the clicked message (type 7): anyone in the channel can click, and updating
 * would overwrite the answer someone else asked for; a new reply also keeps the before/after visible.
 */
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, RepliableInteraction } from "discord.js";
import type { Answer } from "../answer/answer.js";
import { slowDownMessage } from "../server/rate-limit.js";
import { BUSY_MESSAGE, type AskOutcome } from "../server/ask.js";
import { autocompleteChoices } from "./autocomplete.js";
import { decodeDetailsButton, decodeQueryButton } from "./custom-id.js";
import { INTERNAL_ERROR_MESSAGE, RESTARTING_MESSAGE, rateKeys, type HandlerContext } from "./handler-context.js";
import { ephemeralText, replyWithAnswer } from "./reply.js";

const CONTEXT = { platform: "discord" } as const;

/** Replies privately, unless a reply already went out (then a follow-up); swallows a dead token. */
async function safeEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
	try {
		if (interaction.replied || interaction.deferred) await interaction.followUp(ephemeralText(content));
		else await interaction.reply(ephemeralText(content));
	} catch {
		// the interaction token expired or Discord is unreachable: nothing more we can say to the user
	}
}

/** What a question that got no answer says, privately. */
function refusalText(outcome: AskOutcome): string {
	switch (outcome.kind) {
		case "rate_limited":
			return slowDownMessage(outcome.retryAfterMs);
		case "busy":
			return BUSY_MESSAGE;
		case "stopping":
			return RESTARTING_MESSAGE;
		default:
			return INTERNAL_ERROR_MESSAGE;
	}
}

/**
 * Shared path of slash commands and buttons through the ask() pipeline: the answer goes out as one
 * reply, or deferred and edited in when slow (reply.ts); a refusal (rate limit, busy, restarting,
 * fault) as a private line. Delivery happens inside the pipeline, so it counts toward load shedding.
 */
async function answerInteraction(
	ctx: HandlerContext,
	interaction: RepliableInteraction,
	command: string,
	produce: () => Promise<Answer>,
	view: "compact" | "full" = "compact",
): Promise<void> {
	let settle: (answer: Answer | null) => void = () => undefined;
	const answered = new Promise<Answer | null>((resolve) => {
		settle = resolve;
	});
	// the reply starts at once: it defers when the pipeline has not produced an answer in time
	const delivery = replyWithAnswer(
		interaction,
		answered.then((a) => a ?? Promise.reject(NO_ANSWER)),
		ctx.deferAfterMs,
		view,
	).catch(async (error: unknown) => {
		if (error !== NO_ANSWER) throw error;
	});
	delivery.catch(() => undefined);
	await ctx.pipeline.ask({
		platform: "discord",
		command,
		rateKeys: rateKeys(interaction.user.id, interaction.channelId, interaction.guildId),
		produce,
		deliver: async (outcome) => {
			settle(outcome.kind === "answer" ? outcome.answer : null);
			if (outcome.kind !== "answer") {
				await delivery.catch(() => undefined);
				await safeEphemeral(interaction, refusalText(outcome));
				return;
			}
			try {
				await delivery;
			} catch (error) {
				ctx.deps.logger.error({ err: error, command }, "discord interaction failed");
				await safeEphemeral(interaction, INTERNAL_ERROR_MESSAGE);
			}
		},
	});
	settle(null);
}

/** Marks "the pipeline gave no answer" through the reply promise (not an error to report). */
const NO_ANSWER = Symbol("no answer");

function stringOptions(interaction: ChatInputCommandInteraction): Record<string, string> {
	const options: Record<string, string> = {};
	for (const option of interaction.options.data) {
		if (typeof option.value === "string" && option.value.trim() !== "") options[option.name] = option.value;
	}
	return options;
}

export async function handleChatInput(ctx: HandlerContext, interaction: ChatInputCommandInteraction): Promise<void> {
	const options = stringOptions(interaction);
	await answerInteraction(ctx, interaction, interaction.commandName, () => ctx.commands.answerCommand(interaction.commandName, options, CONTEXT));
}

export async function handleButton(ctx: HandlerContext, interaction: ButtonInteraction): Promise<void> {
	// Details: the same question again, shown in full and only to whoever clicked (issue 16)
	const details = decodeDetailsButton(interaction.customId);
	if (details !== null) {
		await answerInteraction(ctx, interaction, "details", () => ctx.commands.answerQuery(details, CONTEXT), "full");
		return;
	}
	const query = decodeQueryButton(interaction.customId);
	if (query === null) {
		await safeEphemeral(interaction, "This button is from an older version of canirun. Ask again with /canirun.");
		return;
	}
	await answerInteraction(ctx, interaction, "button", () => ctx.commands.answerQuery(query, CONTEXT));
}

export async function handleAutocomplete(ctx: HandlerContext, interaction: AutocompleteInteraction): Promise<void> {
	let choices: ReturnType<typeof autocompleteChoices> = [];
	try {
		const focused = interaction.options.getFocused(true);
		choices = autocompleteChoices(ctx.commands, interaction.commandName, focused.name, String(focused.value));
	} catch (error) {
		ctx.deps.logger.warn({ err: error, command: interaction.commandName }, "discord autocomplete failed");
	}
	try {
		await interaction.respond(choices);
	} catch (error) {
		// autocomplete tokens expire fast when the user keeps typing; a late response is harmless
		ctx.deps.logger.debug({ err: error }, "discord autocomplete response not delivered");
	}
}

/** Routes one interaction; never throws (an uncaught rejection would take down the process). */
export async function handleInteraction(ctx: HandlerContext, interaction: Interaction): Promise<void> {
	try {
		if (interaction.isAutocomplete()) await handleAutocomplete(ctx, interaction);
		else if (interaction.isChatInputCommand()) await handleChatInput(ctx, interaction);
		else if (interaction.isButton()) await handleButton(ctx, interaction);
	} catch (error) {
		ctx.deps.logger.error({ err: error }, "discord interaction handler failed");
	}
}
