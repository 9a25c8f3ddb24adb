/**
 * Discord's platform limits as named constants. Going over any of them makes Discord answer 400, so
 * the renderer truncates to them with a visible "…" instead.
 *
 * Sources: discord/discord-api-docs developers/resources/message.mdx (embed limits l.603–619, content
 * and 10 embeds l.1080–1083), developers/interactions/receiving-and-responding.mdx (3 s initial
 * response, 25 autocomplete choices), developers/interactions/application-commands.mdx (choice and
 * command limits), developers/components/reference.mdx (5 buttons per action row, 5 rows, custom_id
 * 100, label 80). Collected in ../../../shared/ADAPTERS.md §2.4–2.6.
 */
export const DISCORD_LIMITS = {
	/** embed title */
	title: 256,
	/** embed description */
	description: 4096,
	/** fields per embed */
	fields: 25,
	fieldName: 256,
	fieldValue: 1024,
	footer: 2048,
	authorName: 256,
	/** all characters of all embeds of one message together */
	embedTotal: 6000,
	/** embeds per message */
	embeds: 10,
	/** message content */
	content: 2000,
	/** autocomplete choices per response */
	choices: 25,
	/** autocomplete choice name and string value */
	choiceName: 100,
	choiceValue: 100,
	/** component custom_id */
	customId: 100,
	/** button label */
	buttonLabel: 80,
	/** buttons per action row */
	buttonsPerRow: 5,
	/** action rows per message */
	actionRows: 5,
	/** an interaction must get its initial response within 3 s */
	initialResponseMs: 3000,
} as const;

/**
 * How long an answer may take before we defer (type 5) and edit the original later. Well inside the
 * 3 s window so the defer itself (one HTTP round trip, often 100–300 ms to Discord) still lands in time.
 */
export const DEFER_AFTER_MS = 1500;
