/**
 * Answer → Discord message JSON (one embed plus button rows). Pure: no client, no I/O, so it is
 * unit-tested on its own. It computes nothing about models; it lays out what the Answer says:
 * - colour by verdict severity;
 * - the description holds the verdict and one usage bar per device with its breakdown (weights, KV
 *   cache, compute, overhead), in a code block so the bars line up;
 * - facts become inline fields, tables monospace fields, then "what to do instead", "run it";
 * - footnotes (defaults and sources) go to the footer;
 * - every limit of DISCORD_LIMITS holds; what does not fit is cut with a visible "…", never sent
 *   over the limit (Discord would reject the whole message with a 400).
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from "discord.js";
import type { Answer, AnswerTable, AnswerUsage, Severity } from "../answer/answer.js";
import { encodeQueryButton } from "./custom-id.js";
import { codeBlockSafe, escapeDiscordText, neutraliseMentions, truncate } from "./escape.js";
import { formatBytes } from "../answer/format.js";
import { usageBar, usagePercent } from "./format.js";
import { DISCORD_LIMITS } from "./limits.js";
import { totalEmbedChars } from "./payload-schema.js";

/** Embed colours by severity: Discord's own palette (green, yellow, red, blurple). */
export const SEVERITY_COLOURS: Record<Severity, number> = {
	success: 0x57f287,
	warning: 0xfee75c,
	danger: 0xed4245,
	info: 0x5865f2,
};

export interface RenderedMessage {
	embeds: APIEmbed[];
	components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
	/** error answers are shown only to the person who asked (flags 64) */
	ephemeral: boolean;
}

const CODE_FENCE = "```";
/** room for the fences and a newline around a code block */
const CODE_BLOCK_OVERHEAD = CODE_FENCE.length * 2 + 2;
const OMITTED_MARKER = "…";
/** the verdict line may take at most this much of the description, leaving room for the usage bars */
const VERDICT_MAX = 1024;

/**
 * Lines in a ``` block of at most `max` characters, with "… N more" when the rest does not fit. Built
 * as one string in one pass (no array of kept lines, no iterator): it runs for every usage and table.
 */
function codeBlock(lines: readonly string[], max: number, language = ""): string {
	const budget = max - CODE_BLOCK_OVERHEAD - language.length;
	let body = "";
	let used = 0;
	for (let index = 0; index < lines.length; index++) {
		const safe = codeBlockSafe(lines[index] ?? "");
		const remaining = lines.length - index - 1;
		// keep one line of room for the "… N more" marker whenever lines remain
		const reserve = remaining > 0 ? 24 : 0;
		if (used + safe.length + 1 + reserve > budget) {
			body += `${index > 0 ? "\n" : ""}… ${lines.length - index} more`;
			break;
		}
		body += index > 0 ? `\n${safe}` : safe;
		used += safe.length + 1;
	}
	return `${CODE_FENCE}${language}\n${body}\n${CODE_FENCE}`;
}

/** One device: label, bar with percent and GiB, then what the used bytes are made of (appended to `lines`). */
function pushUsageLines(usage: AnswerUsage, lines: string[]): void {
	const over = usage.usedBytes > usage.capacityBytes;
	lines.push(
		usage.label,
		`${usageBar(usage.usedBytes, usage.capacityBytes)} ${usagePercent(usage.usedBytes, usage.capacityBytes).padStart(4)}  ${formatBytes(usage.usedBytes)} / ${formatBytes(usage.capacityBytes)}${over ? "  (over)" : ""}`,
	);
	let parts = "";
	for (const part of usage.parts) {
		if (!(part.bytes > 0)) continue;
		parts += `${parts ? " · " : ""}${part.label} ${formatBytes(part.bytes)}`;
	}
	if (parts) lines.push(`  ${parts}`);
}

/**
 * Cells padded to their column's width, two spaces apart, trailing spaces dropped. The last column is
 * not padded: trimEnd would take that padding off again, so it was a string built for nothing.
 */
function tableRow(cells: readonly string[], widths: readonly number[]): string {
	let line = "";
	const last = widths.length - 1;
	for (let i = 0; i <= last; i++) {
		if (i > 0) line += "  ";
		const cell = cells[i] ?? "";
		line += i === last ? cell : cell.padEnd(widths[i] ?? 0);
	}
	return line.trimEnd();
}

/** A table as aligned monospace rows: header, rule, rows. */
function tableLines(table: AnswerTable): string[] {
	const widths: number[] = [];
	for (let i = 0; i < table.columns.length; i++) {
		let width = (table.columns[i] ?? "").length;
		for (const row of table.rows) {
			const cellWidth = (row[i] ?? "").length;
			if (cellWidth > width) width = cellWidth;
		}
		widths.push(width);
	}
	let rule = "";
	for (let i = 0; i < widths.length; i++) rule += `${i > 0 ? "  " : ""}${"─".repeat(widths[i] ?? 0)}`;
	const lines = [tableRow(table.columns, widths), rule];
	for (const row of table.rows) lines.push(tableRow(row, widths));
	return lines;
}

function severityOf(answer: Answer): Severity {
	if (answer.verdict) return answer.verdict.severity;
	return answer.kind === "error" ? "danger" : "info";
}

function descriptionOf(answer: Answer, tableInDescription: AnswerTable | null): string {
	const sections: string[] = [];
	if (answer.verdict) {
		const summary = answer.verdict.summary ? ` — ${escapeDiscordText(answer.verdict.summary)}` : "";
		sections.push(truncate(`**${escapeDiscordText(answer.verdict.label)}**${summary}`, VERDICT_MAX));
	}
	if (answer.kind === "error" && answer.didYouMean.length > 0) {
		sections.push(truncate(`Did you mean ${answer.didYouMean.map((name) => `**${escapeDiscordText(name)}**`).join(", ")}?`, VERDICT_MAX));
	}
	// the length sections.join("\n\n") would have, added up instead of joining a string to measure it
	const budget = (): number => {
		let joined = 0;
		for (let i = 0; i < sections.length; i++) joined += (i > 0 ? 2 : 0) + (sections[i]?.length ?? 0);
		return DISCORD_LIMITS.description - joined - 2;
	};
	if (answer.usage.length > 0) {
		const lines: string[] = [];
		for (const usage of answer.usage) pushUsageLines(usage, lines);
		sections.push(codeBlock(lines, Math.min(budget(), DISCORD_LIMITS.description)));
	}
	if (tableInDescription) {
		sections.push(`**${escapeDiscordText(tableInDescription.title)}**`);
		sections.push(codeBlock(tableLines(tableInDescription), Math.max(0, budget())));
	}
	return truncate(sections.join("\n\n"), DISCORD_LIMITS.description);
}

function field(name: string, value: string, inline = false): APIEmbedField {
	return {
		name: truncate(name, DISCORD_LIMITS.fieldName) || OMITTED_MARKER,
		value: truncate(value, DISCORD_LIMITS.fieldValue) || OMITTED_MARKER,
		inline,
	};
}

function fieldsOf(answer: Answer, tables: AnswerTable[]): APIEmbedField[] {
	const fields: APIEmbedField[] = [];
	for (const fact of answer.facts) fields.push(field(escapeDiscordText(fact.label), escapeDiscordText(fact.value), true));
	for (const table of tables) fields.push(field(escapeDiscordText(table.title), codeBlock(tableLines(table), DISCORD_LIMITS.fieldValue)));
	if (answer.suggestions.length > 0) {
		const lines = answer.suggestions.map((s) => `• ${escapeDiscordText(s.text)}${s.query ? ` — \`${codeBlockSafe(s.query).replaceAll("`", "ˋ")}\`` : ""}`);
		fields.push(field(answer.kind === "error" ? "Try" : "What to do instead", lines.join("\n")));
	}
	if (answer.runHints.length > 0) {
		// one code block per hint so each command can be copied on its own
		const value = answer.runHints.map((hint) => `${escapeDiscordText(hint.label)}\n${codeBlock([hint.command], DISCORD_LIMITS.fieldValue, "sh")}`).join("\n");
		fields.push(field("Run it", value));
	}
	return fields;
}

/**
 * Enforces the field count and the 6,000-character total: drops fields from the end (least important
 * last), then trims the footer, then the description, and says in the footer what was left out.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
	// Nearly every embed is within all limits already: then the result would be a copy with the same
	// keys in the same order, so it is returned as it is, without the rebuilds below.
	const footerText = embed.footer?.text;
	if (
		embed.fields !== undefined &&
		embed.fields.length <= DISCORD_LIMITS.fields &&
		(footerText === undefined || (footerText.length > 0 && footerText.length <= DISCORD_LIMITS.footer)) &&
		totalEmbedChars([embed]) <= DISCORD_LIMITS.embedTotal
	) {
		return embed;
	}
	const fields = [...(embed.fields ?? [])];
	let omitted = 0;
	while (fields.length > DISCORD_LIMITS.fields) {
		fields.pop();
		omitted += 1;
	}
	const footerOf = (base: string | undefined): string | undefined => {
		const note = omitted > 0 ? `${OMITTED_MARKER} ${omitted} more section${omitted === 1 ? "" : "s"} left out (Discord's size limit)` : "";
		const text = [note, base ?? ""].filter(Boolean).join(" · ");
		return text ? truncate(text, DISCORD_LIMITS.footer) : undefined;
	};
	const build = (description: string | undefined, footer: string | undefined): APIEmbed => ({
		...embed,
		...(description !== undefined ? { description } : {}),
		fields,
		...(footer !== undefined ? { footer: { text: footer } } : {}),
	});
	let result = build(embed.description, footerOf(embed.footer?.text));
	while (totalEmbedChars([result]) > DISCORD_LIMITS.embedTotal && fields.length > 0) {
		fields.pop();
		omitted += 1;
		result = build(embed.description, footerOf(embed.footer?.text));
	}
	let excess = totalEmbedChars([result]) - DISCORD_LIMITS.embedTotal;
	if (excess > 0 && result.footer) {
		const footer = truncate(result.footer.text, Math.max(1, result.footer.text.length - excess));
		result = build(embed.description, footer);
		excess = totalEmbedChars([result]) - DISCORD_LIMITS.embedTotal;
	}
	if (excess > 0 && result.description) {
		result = build(truncate(result.description, Math.max(1, result.description.length - excess)), result.footer?.text);
	}
	return result;
}

function buttonsOf(answer: Answer): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
	const seen = new Set<string>();
	const buttons: APIButtonComponentWithCustomId[] = [];
	for (const action of answer.actions) {
		const customId = encodeQueryButton(action.query);
		if (customId === null || seen.has(customId)) continue;
		seen.add(customId);
		buttons.push({
			type: ComponentType.Button,
			style: ButtonStyle.Secondary,
			custom_id: customId,
			label: truncate(neutraliseMentions(action.label), DISCORD_LIMITS.buttonLabel) || OMITTED_MARKER,
		});
	}
	const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
	for (let i = 0; i < buttons.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
		rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
	}
	return rows;
}

/** Kinds whose main content is a table (the VRAM grid, the GPU list) rather than one estimate. */
const TABLE_FIRST_KINDS: ReadonlySet<Answer["kind"]> = new Set(["vram", "gpus", "bestfit", "help"]);

export function renderAnswer(answer: Answer): RenderedMessage {
	// A table-first answer puts its first table in the 4,096-character description, where it has four
	// times the room of a 1,024-character field.
	// (indexing, not `[first, ...rest]` destructuring, which copied the rest into a new array every time)
	const firstTable = answer.tables[0];
	const tableInDescription = firstTable && answer.usage.length === 0 && TABLE_FIRST_KINDS.has(answer.kind) ? firstTable : null;
	const tables = tableInDescription ? answer.tables.slice(1) : answer.tables;
	let footer = "";
	for (let i = 0; i < answer.footnotes.length; i++) footer += `${i > 0 ? " · " : ""}${neutraliseMentions(answer.footnotes[i] ?? "")}`;
	const description = descriptionOf(answer, tableInDescription);
	const embed = fitEmbed({
		title: truncate(escapeDiscordText(answer.title), DISCORD_LIMITS.title) || OMITTED_MARKER,
		color: SEVERITY_COLOURS[severityOf(answer)],
		...(description ? { description } : {}),
		fields: fieldsOf(answer, tables),
		...(footer ? { footer: { text: truncate(footer, DISCORD_LIMITS.footer) } } : {}),
	});
	return { embeds: [embed], components: buttonsOf(answer), ephemeral: answer.kind === "error" };
}
