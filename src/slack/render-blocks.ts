/**
 * Renders a platform-neutral Answer as a Block Kit message, in two views (issue 16):
 * - "compact", the first answer: one attachment coloured by verdict (green, amber, red) holding the
 *   question, the verdict with its plan, one memory bar (plain characters, not a crimson code span),
 *   the speed, the next step, the run command, the chart (an uploaded file) or a phone-width table,
 *   one footer line with only the settings that differ from the defaults, and the buttons: Details
 *   plus the follow-ups that fit the verdict;
 * - "full", what Details shows to the asker alone: header, verdict, fact fields, usage bars,
 * compact tables, advice, run hints, buttons and a context footnote, plus the fallback `text` Slack
 * shows in notifications. Pure: no I/O, no numbers of its own (sizes come from the Answer).
 *
 * Every string that could contain user words goes through `escapeSlackText` (mrkdwn) or
 * `plainTextSafe` (plain_text), so `<!channel>`, `<!here>`, `<!everyone>` and `<@U…>` are never sent
 * back live (../shared/ADAPTERS.md §3.4).
 */
import type { types } from "@slack/bolt";
import type { Answer, AnswerAction, AnswerUsage, Severity } from "../answer/answer.js";
import { followUps, footerLine, glanceOf, toneOf, type Tone } from "../answer/glance.js";
import { formatPercent, formatSpeed } from "../answer/format.js";
import { compactTableText, phoneTableText } from "./compact-table.js";
import { escapeAndTruncate, escapeSlackText, hasSlackControlChar, plainTextSafe } from "./escape.js";
import { formatBytes } from "../answer/format.js";
import { SLACK_FALLBACK_TEXT_CHARS, SLACK_LIMITS, SLACK_PRACTICAL_BLOCKS_CHARS, truncate } from "./limits.js";
import { usageBar, usagePercent } from "./usage-bar.js";

type KnownBlock = types.KnownBlock;

/** Buttons carry this prefix plus their index; the adapter routes every such action_id to a re-run. */
export const RERUN_ACTION_PREFIX = "canirun_rerun_";
export const RERUN_ACTIONS_BLOCK_ID = "canirun_actions";
/** The Details button: its value is the query; the full answer goes to the clicker only. */
export const DETAILS_ACTION_ID = "canirun_details";

export interface SlackMessage {
	text: string;
	blocks: KnownBlock[];
	/** the compact answer: one attachment whose colour is the verdict's */
	attachments?: { color: string; fallback: string; blocks: KnownBlock[] }[];
}

/** A chart already uploaded to Slack (files.uploadV2), shown by an image block. */
export interface SlackChartImage {
	fileId: string;
	alt: string;
}

/** Attachment colours by verdict: Slack's own green, amber and red, blue for neutral answers. */
export const TONE_COLOURS: Record<Tone, string> = {
	good: "#2eb67d",
	warn: "#ecb22e",
	bad: "#e01e5a",
	info: "#1d9bf0",
};

/** Cells of the compact memory bar (with the amounts it stays one line on a phone). */
const COMPACT_BAR_CELLS = 12;
/** Rows of the phone table in the compact view when no picture could be sent (with header, rule and "+N more": 6 lines). */
const COMPACT_TABLE_ROWS = 3;
const COMPACT_SUMMARY_MAX = 300;
/** image block alt_text limit */
const ALT_MAX = 2000;

const SEVERITY_EMOJI: Record<Severity, string> = {
	success: ":white_check_mark:",
	warning: ":warning:",
	danger: ":x:",
	info: ":information_source:",
};

/**
 * Lower numbers survive longer when the message has to shrink to fit Slack's limits: the verdict and
 * the buttons first, then the first ten facts, the rest of the facts and the usage bars, the advice,
 * and the tables last (the "full table" button can always bring a table back).
 */
type Priority = 0 | 1 | 2 | 3 | 4;

/**
 * A fact is a short "label: value" pair; a value longer than this is a bug upstream, and cutting it
 * here keeps ten facts (one section) well inside the practical message size.
 */
export const FACT_VALUE_MAX_CHARS = 300;

/**
 * A block and its JSON length (what fit() adds up against SLACK_PRACTICAL_BLOCKS_CHARS): the length
 * of JSON.stringify(block), as Slack counts the serialised message.
 */
interface RankedBlock {
	block: KnownBlock;
	chars: number;
	priority: Priority;
}

function mrkdwnSection(text: string): KnownBlock {
	return { type: "section", text: { type: "mrkdwn", text } };
}

function headerBlock(title: string): KnownBlock {
	const text = truncate(plainTextSafe(title) || "canirun", SLACK_LIMITS.header);
	return { type: "header", text: { type: "plain_text", text, emoji: true } };
}

function verdictBlock(verdict: NonNullable<Answer["verdict"]>): KnownBlock {
	const text = `${SEVERITY_EMOJI[verdict.severity]} *${escapeSlackText(verdict.label)}*\n${escapeSlackText(verdict.summary)}`;
	return mrkdwnSection(truncate(text, SLACK_LIMITS.sectionText));
}

/** Facts as "*label*\nvalue" fields, ten to a section. */
function factBlocks(answer: Answer): KnownBlock[] {
	const blocks: KnownBlock[] = [];
	const facts = answer.facts;
	for (let i = 0; i < facts.length; i += SLACK_LIMITS.fields) {
		const fields: { type: "mrkdwn"; text: string }[] = [];
		const end = Math.min(facts.length, i + SLACK_LIMITS.fields);
		for (let j = i; j < end; j++) {
			const fact = facts[j];
			if (fact === undefined) continue;
			const label = escapeAndTruncate(fact.label, 200);
			// "*label*\n" costs label + 3 characters of the field's 2,000
			const valueMax = Math.min(FACT_VALUE_MAX_CHARS, SLACK_LIMITS.fieldText - label.length - 3);
			fields.push({ type: "mrkdwn", text: `*${label}*\n${escapeAndTruncate(fact.value, valueMax)}` });
		}
		blocks.push({ type: "section", fields });
	}
	return blocks;
}

/** "a · b · c" of the parts with bytes, each escaped; "" when none. */
function partsLine(usage: AnswerUsage): string {
	let line = "";
	for (const part of usage.parts) {
		if (!(part.bytes > 0)) continue;
		if (line) line += " · ";
		line += `${escapeSlackText(part.label)} ${formatBytes(part.bytes)}`;
	}
	return line;
}

function usageLines(usage: AnswerUsage): string {
	const pct = usagePercent(usage.usedBytes, usage.capacityBytes);
	const over = usage.usedBytes > usage.capacityBytes && usage.capacityBytes > 0;
	const amount = `${formatBytes(usage.usedBytes)} / ${formatBytes(usage.capacityBytes)}${pct === null ? "" : ` (${pct}%)`}`;
	const overNote = over ? ` — over by ${formatBytes(usage.usedBytes - usage.capacityBytes)}` : "";
	const parts = partsLine(usage);
	// plain characters, not a code span: Slack paints code spans crimson, even on a "yes" (issue 16)
	const bar = `${usageBar(usage.usedBytes, usage.capacityBytes, COMPACT_BAR_CELLS)} ${amount}${overNote}`;
	return `*${escapeSlackText(usage.label)}*\n${bar}${parts ? `\n${parts}` : ""}`;
}

/** All usage bars, packed into as few sections as the 3,000-character text limit allows. */
function usageBlocks(answer: Answer): KnownBlock[] {
	const blocks: KnownBlock[] = [];
	let current = "";
	for (const usage of answer.usage) {
		const piece = truncate(usageLines(usage), SLACK_LIMITS.sectionText);
		if (current && current.length + 2 + piece.length > SLACK_LIMITS.sectionText) {
			blocks.push(mrkdwnSection(current));
			current = "";
		}
		current = current ? `${current}\n\n${piece}` : piece;
	}
	if (current) blocks.push(mrkdwnSection(current));
	return blocks;
}

function bulletSection(title: string, items: string[]): KnownBlock | null {
	if (items.length === 0) return null;
	const head = `*${title}*\n`;
	let body = "";
	for (const item of items) {
		const line = `• ${item}\n`;
		if (head.length + body.length + line.length > SLACK_LIMITS.sectionText) break;
		body += line;
	}
	return mrkdwnSection(`${head}${body}`.trimEnd());
}

function suggestionBlock(answer: Answer): KnownBlock | null {
	if (answer.suggestions.length === 0) return null;
	return bulletSection(
		"What to do instead",
		answer.suggestions.map((s) => escapeAndTruncate(s.text, 500)),
	);
}

function runHintBlock(answer: Answer): KnownBlock | null {
	if (answer.runHints.length === 0) return null;
	return bulletSection(
		"Run it",
		// backticks inside a code span would end it early; they never belong in these commands anyway
		answer.runHints.map((h) => `${escapeAndTruncate(h.label, 80)}: \`${escapeAndTruncate(h.command.replace(/`/g, "'"), 600)}\``),
	);
}

function didYouMeanBlock(answer: Answer): KnownBlock | null {
	if (answer.didYouMean.length === 0) return null;
	const names = answer.didYouMean.slice(0, 10).map((n) => `*${escapeAndTruncate(n, 100)}*`);
	return mrkdwnSection(truncate(`Did you mean ${names.join(", ")}?`, SLACK_LIMITS.sectionText));
}

/**
 * Buttons that re-run a query. The query itself is the button `value` (escaped, ≤2,000), so nothing is
 * stored server-side; a query that does not fit is left out rather than cut (a cut query is a
 * different question).
 */
function actionsBlock(answer: Answer): KnownBlock | null {
	const elements: types.Button[] = [];
	for (const action of answer.actions) {
		if (elements.length >= SLACK_LIMITS.actionsElements) break;
		const value = escapeSlackText(action.query);
		if (value.length === 0 || value.length > SLACK_LIMITS.buttonValue) continue;
		const actionId = `${RERUN_ACTION_PREFIX}${elements.length}`;
		const text = truncate(plainTextSafe(action.label), SLACK_LIMITS.buttonText);
		elements.push({
			type: "button",
			action_id: actionId,
			text: { type: "plain_text", text, emoji: true },
			value,
		});
	}
	if (elements.length === 0) return null;
	return { type: "actions", block_id: RERUN_ACTIONS_BLOCK_ID, elements };
}

/** Footnotes as one context block: up to 10 elements, the rest joined into the last one. */
function footnoteBlock(answer: Answer): KnownBlock | null {
	if (answer.footnotes.length === 0) return null;
	const max = SLACK_LIMITS.contextElements;
	const notes = answer.footnotes.length <= max ? answer.footnotes : [...answer.footnotes.slice(0, max - 1), answer.footnotes.slice(max - 1).join(" · ")];
	const elements: { type: "mrkdwn"; text: string }[] = [];
	for (const note of notes) elements.push({ type: "mrkdwn", text: escapeAndTruncate(note, SLACK_LIMITS.sectionText) });
	return { type: "context", elements };
}

/** The plain fallback `text`: title and verdict (or, for errors, the summary and suggestions). */
export function fallbackText(answer: Answer): string {
	// the non-empty parts joined by " — " (only the title can be empty)
	let text = answer.title;
	// whether any piece has a character to escape, asked of the answer's own strings: escaping is per
	// character, so the text built from clean pieces (and our own words) needs none
	let clean = !hasSlackControlChar(text);
	if (answer.verdict) {
		text += `${text ? " — " : ""}${answer.verdict.label}: ${answer.verdict.summary}`;
		clean &&= !hasSlackControlChar(answer.verdict.label) && !hasSlackControlChar(answer.verdict.summary);
	}
	if (answer.didYouMean.length > 0) {
		let names = "";
		const shown = Math.min(5, answer.didYouMean.length);
		for (let i = 0; i < shown; i++) {
			const name = answer.didYouMean[i] as string;
			names += `${i > 0 ? ", " : ""}${name}`;
			clean &&= !hasSlackControlChar(name);
		}
		text += `${text ? " — " : ""}Did you mean ${names}?`;
	}
	return clean && text.length <= SLACK_FALLBACK_TEXT_CHARS ? text : escapeAndTruncate(text, SLACK_FALLBACK_TEXT_CHARS);
}

/** Every block the answer has, in message order, with its priority and JSON length. */
function rankBlocks(answer: Answer): RankedBlock[] {
	const ranked: RankedBlock[] = [];
	const push = (block: KnownBlock | null, priority: Priority): void => {
		if (block) ranked.push({ block, chars: JSON.stringify(block).length, priority });
	};
	push(headerBlock(answer.title), 0);
	if (answer.verdict) push(verdictBlock(answer.verdict), 0);
	push(didYouMeanBlock(answer), 0);
	const facts = factBlocks(answer);
	for (let i = 0; i < facts.length; i++) push(facts[i] ?? null, i === 0 ? 1 : 2);
	for (const block of usageBlocks(answer)) push(block, 2);
	for (const table of answer.tables) push(mrkdwnSection(compactTableText(table)), 4);
	push(suggestionBlock(answer), 3);
	push(runHintBlock(answer), 3);
	push(actionsBlock(answer), 1);
	push(footnoteBlock(answer), 3);
	return ranked;
}

const TRIMMED_NOTE: KnownBlock = {
	type: "context",
	elements: [{ type: "mrkdwn", text: "Some details were left out to fit Slack's message limits; the CLI shows them all." }],
};

const TRIMMED_NOTE_CHARS = JSON.stringify(TRIMMED_NOTE).length;

/**
 * Drops the lowest-priority blocks (last first) until the message has at most 50 blocks and stays
 * under the practical size cap, then says so in a context line. The blocks array serialises as "[" +
 * the blocks joined by "," + "]", so its length is 2 + Σ block lengths + (n − 1).
 */
function fit(ranked: RankedBlock[]): KnownBlock[] {
	let total = 0;
	for (const r of ranked) total += r.chars;
	/** the blocks array's JSON length: brackets, blocks and the commas between them (n ≥ 1) */
	const arrayChars = (count: number, sum: number): number => 2 + sum + Math.max(0, count - 1);
	if (ranked.length <= SLACK_LIMITS.blocks && arrayChars(ranked.length, total) <= SLACK_PRACTICAL_BLOCKS_CHARS) {
		const blocks: KnownBlock[] = [];
		for (const r of ranked) blocks.push(r.block);
		return blocks;
	}
	const kept = [...ranked];
	while (kept.length > 1) {
		let worst = Number.NEGATIVE_INFINITY;
		for (const r of kept) if (r.priority > worst) worst = r.priority;
		let index = -1;
		for (let i = kept.length - 1; i >= 0; i -= 1) {
			if (kept[i]?.priority === worst) {
				index = i;
				break;
			}
		}
		if (index <= 0) break;
		total -= kept.splice(index, 1)[0]?.chars ?? 0;
		const count = kept.length + 1;
		if (count <= SLACK_LIMITS.blocks && arrayChars(count, total + TRIMMED_NOTE_CHARS) <= SLACK_PRACTICAL_BLOCKS_CHARS)
			return [...kept.map((r) => r.block), TRIMMED_NOTE];
	}
	return [...kept.map((r) => r.block), TRIMMED_NOTE].slice(0, SLACK_LIMITS.blocks);
}

/** Buttons: Details (when the answer can be asked again) and the follow-ups that fit the verdict. */
function compactActions(detailsQuery: string | null, actions: readonly AnswerAction[]): KnownBlock | null {
	const elements: types.Button[] = [];
	if (detailsQuery !== null) {
		elements.push({
			type: "button",
			action_id: DETAILS_ACTION_ID,
			style: "primary",
			text: { type: "plain_text", text: "Details", emoji: true },
			value: detailsQuery,
		});
	}
	for (const action of actions) {
		const value = escapeSlackText(action.query);
		if (value.length === 0 || value.length > SLACK_LIMITS.buttonValue) continue;
		elements.push({
			type: "button",
			action_id: `${RERUN_ACTION_PREFIX}${elements.length}`,
			text: { type: "plain_text", text: truncate(plainTextSafe(action.label), SLACK_LIMITS.buttonText) || "…", emoji: true },
			value,
		});
	}
	return elements.length > 0 ? { type: "actions", block_id: RERUN_ACTIONS_BLOCK_ID, elements } : null;
}

/** The compact first answer (issue 16). */
function renderCompact(answer: Answer, image: SlackChartImage | null): SlackMessage {
	const glance = glanceOf(answer);
	// the Details button's value (the query, escaped) when it fits, then as many follow-ups as fill
	// the row; computed once (the "did you mean" line below only asks whether there are any)
	const escapedQuery = answer.query !== undefined ? escapeSlackText(answer.query) : "";
	const detailsQuery = escapedQuery.length > 0 && escapedQuery.length <= SLACK_LIMITS.buttonValue ? escapedQuery : null;
	const actions = followUps(answer, detailsQuery !== null ? 4 : 5);
	// the section's lines joined by "\n", appended to one string (no array of lines and a join that copies them)
	let text = `*${escapeAndTruncate(glance.question, 200)}*`;
	const verdict = answer.verdict;
	if (verdict !== null) {
		const head = `${SEVERITY_EMOJI[verdict.severity]} *${escapeSlackText(verdict.label)}*`;
		text += glance.plan !== null ? `\n${head} · ${escapeSlackText(glance.plan)}` : `\n${head} — ${escapeAndTruncate(verdict.summary, COMPACT_SUMMARY_MAX)}`;
	}
	if (answer.kind === "error" && answer.didYouMean.length > 0 && actions.length === 0) {
		let names = "";
		const shown = Math.min(5, answer.didYouMean.length);
		for (let i = 0; i < shown; i++) names += `${i > 0 ? ", " : ""}*${escapeAndTruncate(answer.didYouMean[i] as string, 100)}*`;
		text += `\nDid you mean ${names}?`;
	}
	const memory = glance.memory;
	if (memory !== null) {
		text += `\n${usageBar(memory.usedBytes, memory.capacityBytes, COMPACT_BAR_CELLS)} ${formatBytes(memory.usedBytes)} of ${formatBytes(memory.capacityBytes)}`;
		if (memory.overBytes > 0) text += ` · *over by ${formatBytes(memory.overBytes)}*`;
		else if (memory.capacityBytes > 0) text += ` · ${formatPercent(memory.usedBytes / memory.capacityBytes)}`;
		if (memory.offloadBytes > 0) text += ` · +${formatBytes(memory.offloadBytes)} in RAM`;
	}
	if (glance.speed !== null) {
		const band = glance.speed.band > 0 ? ` (±${formatPercent(glance.speed.band)})` : "";
		text += `\n≈ ${formatSpeed(glance.speed.decodeTokensPerSecond)}${band}${glance.speed.measured ? " measured" : ""}`;
	}
	if (glance.next !== null) text += `\nNext: ${escapeAndTruncate(glance.next.text, 300)}`;
	const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncate(text, SLACK_LIMITS.sectionText) } }];
	let tableShown = false;
	if (image !== null) {
		blocks.push({ type: "image", slack_file: { id: image.fileId }, alt_text: truncate(plainTextSafe(image.alt), ALT_MAX) || "chart" });
	} else if (answer.tables[0] !== undefined && answer.kind !== "help") {
		// no picture (no files:write, or the upload failed): the phone table stands in for it
		blocks.push({ type: "section", text: { type: "mrkdwn", text: phoneTableText(answer.tables[0], COMPACT_TABLE_ROWS) } });
		tableShown = true;
	}
	// the run command, unless a table already takes the answer's lines (it is in Details)
	if (glance.run !== null && !(tableShown && answer.kind !== "canirun")) {
		blocks.push({ type: "section", text: { type: "mrkdwn", text: `\`\`\`${escapeAndTruncate(glance.run.command.replace(/`/g, "'"), 600)}\`\`\`` } });
	}
	const footer = footerLine(answer, glance.changed, escapeSlackText);
	// escaped piece by piece; only a line longer than its room is cut, from the raw text (never inside an entity)
	if (footer)
		blocks.push({
			type: "context",
			elements: [{ type: "mrkdwn", text: footer.length <= 300 ? footer : escapeAndTruncate(footerLine(answer, glance.changed), 300) }],
		});
	const actionsBlock = compactActions(detailsQuery, actions);
	if (actionsBlock !== null) blocks.push(actionsBlock);
	const fallback = fallbackText(answer);
	return { text: fallback, blocks: [], attachments: [{ color: TONE_COLOURS[toneOf(answer)], fallback, blocks }] };
}

/**
 * The whole message for `answer`: the compact first answer (default), or the full breakdown with
 * blocks within Slack's limits; both with a fallback `text`.
 */
export function renderAnswerBlocks(answer: Answer, view: "compact" | "full" = "compact", image: SlackChartImage | null = null): SlackMessage {
	if (view === "compact") return renderCompact(answer, image);
	return { text: fallbackText(answer), blocks: fit(rankBlocks(answer)) };
}
