/**
 * Answer → Discord message JSON (one embed, button rows, and a chart picture when the answer has one,
 * drawn by renderAnswerWithChart). No client, no network, so it is unit-tested on its own. It computes nothing about models; it lays
 * out what the Answer says, in two views (issue 16):
 * - "compact", the first answer: the question, the verdict with its plan, one memory bar, the speed,
 *   the next step and the run command in a handful of short lines, one footer line with only the
 *   settings that differ from the defaults, a Details button and the follow-ups that fit the verdict;
 *   for vram and gpus answers the chart as an attached PNG (`attachment://chart.png`);
 * - "full", what Details shows privately: everything below, with tables cut for a phone.
 * The full view:
 * - colour by verdict severity;
 * - the description holds the verdict and one usage bar per device with its breakdown (weights, KV
 *   cache, compute, overhead), in a code block so the bars line up;
 * - facts become inline fields, tables monospace fields, then "what to do instead", "run it";
 * - footnotes (defaults and sources) go to the footer;
 * - every limit of DISCORD_LIMITS holds; what does not fit is cut with a visible "…", never sent
 *   over the limit (Discord would reject the whole message with a 400).
 */
// the API's own enums and payload types, not discord.js: the renderer builds plain payloads, and
// loading discord.js for two enums cost a process that never connects (the CLI, the bench) ~40 MB RSS
import {
	ButtonStyle,
	ComponentType,
	type APIActionRowComponent,
	type APIButtonComponentWithCustomId,
	type APIEmbed,
	type APIEmbedField,
} from "discord-api-types/v10";
import type { Answer, AnswerAction, AnswerTable, AnswerUsage, Severity } from "../answer/answer.js";
import { followUps, footerLine, glanceOf, toneOf, type Tone } from "../answer/glance.js";
import { PHONE_TABLE_WIDTH, phoneTableLines } from "../answer/narrow-table.js";
import { type ChartImage, chartPng } from "../chart/chart-png.js";
import { encodeDetailsButton, encodeQueryButton } from "./custom-id.js";
import { codeBlockSafe, escapeDiscordText, neutraliseMentions, truncate } from "./escape.js";
import { formatBytes, formatPercent, formatSpeed } from "../answer/format.js";
import { usageBar, usagePercent } from "./format.js";
import { DISCORD_LIMITS } from "./limits.js";
import { totalEmbedChars } from "./payload-schema.js";

/** Embed colours by severity: Discord's own palette (green, amber, red, blurple). */
export const SEVERITY_COLOURS: Record<Severity, number> = {
	success: 0x57f287,
	warning: 0xf0b232,
	danger: 0xed4245,
	info: 0x5865f2,
};

const TONE_SEVERITY: Record<Tone, Severity> = { good: "success", warn: "warning", bad: "danger", info: "info" };

/** A file sent with the message (multipart), referenced from the embed as attachment://name. */
export interface RenderedFile {
	name: string;
	data: Buffer;
	/** alt text (Discord's attachment description, ≤ 1,024 characters) */
	description: string;
}

export interface RenderedMessage {
	embeds: APIEmbed[];
	components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
	/** error answers and Details are shown only to the person who asked (flags 64) */
	ephemeral: boolean;
	files: RenderedFile[];
}

export type View = "compact" | "full";

/** The attached chart's file name (embed image `attachment://chart.png`). */
export const CHART_FILE = "chart.png";
/** Discord's attachment description limit */
const ALT_MAX = 1024;
/** Cells of the compact usage bar: with the amounts it stays one line on a 400 px phone. */
const COMPACT_BAR_CELLS = 12;
/** Rows of a table in the compact view (with header, rule and "+N more": 6 lines); the rest is behind Details. */
const COMPACT_TABLE_ROWS = 3;
/** The verdict's sentence in the compact view, when there is no plan line to say it shorter. */
const COMPACT_SUMMARY_MAX = 240;

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
	const over = usage.capacityBytes > 0 && usage.usedBytes > usage.capacityBytes;
	// ≤ 40 characters a line, so a bar never wraps on a phone (issue 16)
	lines.push(
		usage.label,
		`${usageBar(usage.usedBytes, usage.capacityBytes, COMPACT_BAR_CELLS)} ${usagePercent(usage.usedBytes, usage.capacityBytes).padStart(4)} ${formatBytes(usage.usedBytes)}/${formatBytes(usage.capacityBytes)}`,
	);
	if (over) lines.push(`  ▲ over by ${formatBytes(usage.usedBytes - usage.capacityBytes)}`);
	// the parts, as many to a line as fit the phone width
	let parts = "";
	for (const part of usage.parts) {
		if (!(part.bytes > 0)) continue;
		const piece = `${part.label} ${formatBytes(part.bytes)}`;
		if (parts && 2 + parts.length + 3 + piece.length > PHONE_TABLE_WIDTH) {
			lines.push(`  ${parts}`);
			parts = "";
		}
		parts += `${parts ? " · " : ""}${piece}`;
	}
	if (parts) lines.push(`  ${parts}`);
}

/** A table as aligned monospace rows for a phone: header, rule, rows, ≤ 40 characters each. */
function tableLines(table: AnswerTable, maxRows?: number): string[] {
	return phoneTableLines(table, undefined, maxRows);
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

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponentWithCustomId {
	return { type: ComponentType.Button, style, custom_id: customId, label: truncate(neutraliseMentions(label), DISCORD_LIMITS.buttonLabel) || OMITTED_MARKER };
}

/**
 * Buttons in rows of five: Details first when there is one (`details`, its custom_id), then the
 * follow-ups. Their custom_ids are all different without a check: followUps() has no two with the
 * same query, and Details has a prefix of its own.
 */
function buttonsOf(details: string | null, actions: readonly AnswerAction[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
	const buttons: APIButtonComponentWithCustomId[] = [];
	if (details !== null) buttons.push(button(details, "Details", ButtonStyle.Primary));
	for (const action of actions) {
		const customId = encodeQueryButton(action.query);
		if (customId !== null) buttons.push(button(customId, action.label));
	}
	// almost always one row: the buttons themselves, without a copy
	if (buttons.length <= DISCORD_LIMITS.buttonsPerRow) return buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
	const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
	for (let i = 0; i < buttons.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
		rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
	}
	return rows;
}

/** Kinds whose main content is a table (the VRAM grid, the GPU list) rather than one estimate. */
const TABLE_FIRST_KINDS: ReadonlySet<Answer["kind"]> = new Set(["vram", "gpus", "bestfit", "help"]);

/** The full breakdown: what Details shows (privately), and what the renderer showed before issue 16. */
function renderFull(answer: Answer, ephemeral: boolean): RenderedMessage {
	// A table-first answer puts its first table in the 4,096-character description, where it has four
	// times the room of a 1,024-character field.
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
	return { embeds: [embed], components: buttonsOf(null, followUps(answer, DISCORD_LIMITS.buttonsPerRow * 2)), ephemeral, files: [] };
}

/** One line of the memory bar: `████████░░░░` 19.6 GiB of 24.0 GiB · 82 % (· over by …, · + … in RAM). */
function memoryLine(memory: NonNullable<ReturnType<typeof glanceOf>["memory"]>): string {
	const bar = usageBar(memory.usedBytes, memory.capacityBytes, COMPACT_BAR_CELLS);
	let line = `\`${bar}\` ${formatBytes(memory.usedBytes)} of ${formatBytes(memory.capacityBytes)}`;
	// over capacity, "over by" says it better than a percentage above 100 (and keeps the line short)
	if (memory.overBytes > 0) line += ` · **over by ${formatBytes(memory.overBytes)}**`;
	else if (memory.capacityBytes > 0) line += ` · ${formatPercent(memory.usedBytes / memory.capacityBytes)}`;
	if (memory.offloadBytes > 0) line += ` · +${formatBytes(memory.offloadBytes)} in RAM`;
	return line;
}

/** Inline code that cannot be closed early by the text inside it. */
function inlineCode(text: string): string {
	return `\`${codeBlockSafe(text).replaceAll("`", "ˋ")}\``;
}

/**
 * The compact first answer: at most about eight short lines. Each line is there only when the
 * Answer has its data; a chart, when drawn, stands in for the table.
 */
function renderCompact(answer: Answer, chart: ChartImage | null): RenderedMessage {
	const glance = glanceOf(answer);
	// Details first, then as many follow-ups as fill the row; computed once (the "did you mean" line
	// below only asks whether there are any)
	const details = answer.query !== undefined ? encodeDetailsButton(answer.query) : null;
	const actions = followUps(answer, DISCORD_LIMITS.buttonsPerRow - (details !== null ? 1 : 0));
	// the description's lines, each followed by "\n" but the last (what joining them gave): appended
	// to one string, without an array of lines and a join that copies them
	let description = "";
	const verdict = answer.verdict;
	if (verdict !== null) {
		const head = `**${escapeDiscordText(verdict.label)}**`;
		description =
			glance.plan !== null ? `${head} · ${escapeDiscordText(glance.plan)}` : `${head} — ${escapeDiscordText(truncate(verdict.summary, COMPACT_SUMMARY_MAX))}`;
	}
	if (answer.kind === "error" && answer.didYouMean.length > 0 && actions.length === 0) {
		let names = "";
		for (const n of answer.didYouMean) names += `${names ? ", " : ""}**${escapeDiscordText(n)}**`;
		description += `${description ? "\n" : ""}Did you mean ${names}?`;
	}
	if (glance.memory !== null) description += `${description ? "\n" : ""}${memoryLine(glance.memory)}`;
	if (glance.speed !== null) {
		const band = glance.speed.band > 0 ? ` (±${formatPercent(glance.speed.band)})` : "";
		description += `${description ? "\n" : ""}≈ ${formatSpeed(glance.speed.decodeTokensPerSecond)}${band}${glance.speed.measured ? " measured" : ""}`;
	}
	const files: RenderedFile[] = [];
	let image: APIEmbed["image"] | undefined;
	if (chart !== null) {
		files.push({ name: CHART_FILE, data: chart.png, description: truncate(chart.alt, ALT_MAX) });
		image = { url: `attachment://${CHART_FILE}` };
	} else if (answer.tables[0] !== undefined && answer.kind !== "help") {
		const table = answer.tables[0];
		const rows = tableLines(table, COMPACT_TABLE_ROWS);
		const more = table.rows.length - COMPACT_TABLE_ROWS;
		description += `${description ? "\n" : ""}${codeBlock(rows, DISCORD_LIMITS.fieldValue)}${more > 0 ? `\n+${more} more in Details` : ""}`;
	}
	if (glance.next !== null) description += `${description ? "\n" : ""}Next: ${escapeDiscordText(glance.next.text)}`;
	if (glance.run !== null) description += `${description ? "\n" : ""}${inlineCode(glance.run.command)}`;
	const footer = footerLine(answer, glance.changed, neutraliseMentions);
	// the keys in the order the message always had: title, color, description, image, footer
	const embed: APIEmbed = {
		title: truncate(escapeDiscordText(glance.question), DISCORD_LIMITS.title) || OMITTED_MARKER,
		color: SEVERITY_COLOURS[TONE_SEVERITY[toneOf(answer)]],
	};
	if (description) embed.description = truncate(description, DISCORD_LIMITS.description);
	if (image !== undefined) embed.image = image;
	if (footer) embed.footer = { text: truncate(footer, DISCORD_LIMITS.footer) };
	return { embeds: [embed], components: buttonsOf(details, actions), ephemeral: answer.kind === "error", files };
}

/**
 * The message for `answer`: the compact first answer by default, or the full breakdown (Details),
 * which is always private to the person who asked.
 */
export function renderAnswer(answer: Answer, view: View = "compact", chart: ChartImage | null = null): RenderedMessage {
	return view === "full" ? renderFull(answer, true) : renderCompact(answer, chart);
}

/**
 * renderAnswer with the answer's chart drawn (src/chart/chart-png.ts: a few ms the first time, cached
 * after): what the adapter sends. Kept apart so renderAnswer itself stays pure and cheap.
 */
export function renderAnswerWithChart(answer: Answer, view: View = "compact"): RenderedMessage {
	const chart = view === "compact" && answer.chart !== undefined ? chartPng(answer.chart) : null;
	return renderAnswer(answer, view, chart);
}
