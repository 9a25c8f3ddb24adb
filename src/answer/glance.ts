/**
 * The compact first answer (issue 16), platform-neutral: what the question was, the verdict with its
 * plan, one memory bar, the speed, the one next step, the run command, the one footer line, and the
 * follow-up buttons that fit the verdict. Discord, Slack and the CLI lay these out; nothing here is a
 * number of its own: every value is read from the Answer's structured fields (its `glance` when the
 * command filled it, else the contract JSON, usage bars, suggestions and run hints).
 */
import type { Answer, AnswerAction, AnswerGlance, AnswerSuggestion } from "./answer.js";
import { formatContext } from "./format.js";

/** The verdict as a chat colour: green, amber, red, or neutral for answers without a verdict. */
export type Tone = "good" | "warn" | "bad" | "info";

export function toneOf(answer: Answer): Tone {
	const severity = answer.verdict?.severity ?? (answer.kind === "error" ? "danger" : "info");
	if (severity === "success") return "good";
	if (severity === "warning") return "warn";
	if (severity === "danger") return "bad";
	return "info";
}

/** How the contract JSON (DESIGN §2) is read here: only the fields a glance needs, each checked. */
function record(value: unknown): Record<string, unknown> | null {
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function num(value: unknown): number | null {
	return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The fit verdict of a canirun answer ("fits", "offload", "no"), or null for other answers. */
export function fitVerdictOf(answer: Answer): "fits" | "offload" | "no" | null {
	const fit = record(record(answer.json)?.fit);
	const verdict = fit?.verdict;
	return verdict === "fits" || verdict === "offload" || verdict === "no" ? verdict : null;
}

/**
 * The one memory bar of a compact answer from per-device usage: used and capacity added up, each
 * device's excess counted as over. For a "no" (`shortByBytes` > 0), what the devices hold of a layout
 * that cannot finish is not the point: the bar shows the need (capacity + the engine's shortfall)
 * against the capacity, over by the shortfall. Shared by the commands' glance (commands/lib/glance.ts)
 * and the glance read back from an answer's JSON or usage bars below.
 */
export function summedMemory(
	devices: readonly { usedBytes: number; capacityBytes: number }[],
	shortByBytes: number,
): { usedBytes: number; capacityBytes: number; overBytes: number } {
	let used = 0;
	let capacity = 0;
	let over = 0;
	for (const d of devices) {
		used += d.usedBytes;
		capacity += d.capacityBytes;
		over += Math.max(0, d.usedBytes - d.capacityBytes);
	}
	if (shortByBytes > 0) return { usedBytes: capacity + shortByBytes, capacityBytes: capacity, overBytes: shortByBytes };
	return { usedBytes: used, capacityBytes: capacity, overBytes: over };
}

function memoryFromJson(answer: Answer): AnswerGlance["memory"] {
	const fit = record(record(answer.json)?.fit);
	const devices = Array.isArray(fit?.devices) ? (fit?.devices as unknown[]) : null;
	if (fit === null || devices === null || devices.length === 0) return null;
	const read: { usedBytes: number; capacityBytes: number }[] = [];
	for (const d of devices) {
		const u = num(record(d)?.usedBytes);
		const c = num(record(d)?.capacityBytes);
		if (u === null || c === null) return null;
		read.push({ usedBytes: u, capacityBytes: c });
	}
	const hardware = answer.facts.find((f) => f.label === "Hardware")?.value;
	return {
		label: hardware ?? answer.usage[0]?.label ?? "memory",
		...summedMemory(read, fit.verdict === "no" ? (num(fit.shortByBytes) ?? 0) : 0),
		offloadBytes: num(fit.offloadBytes) ?? 0,
	};
}

/** Without a contract fit: the usage bars added up (each bar's excess counted as over). */
function memoryFromUsage(answer: Answer): AnswerGlance["memory"] {
	if (answer.usage.length === 0) return null;
	const label = answer.usage.length === 1 ? (answer.usage[0]?.label ?? "memory") : `${answer.usage.length} devices`;
	return { label, ...summedMemory(answer.usage, 0), offloadBytes: 0 };
}

function speedFromJson(answer: Answer): AnswerGlance["speed"] {
	const json = record(answer.json);
	const speed = record(json?.speed);
	const decode = num(speed?.decodeTokensPerSecond);
	if (speed === null || decode === null || decode <= 0) return null;
	return { decodeTokensPerSecond: decode, band: num(speed.band) ?? 0, measured: record(json?.measured) !== null || speed.measured === true };
}

function planFromJson(answer: Answer): string | null {
	const json = record(answer.json);
	const quant = record(json?.quant)?.id;
	const context = num(json?.contextTokens);
	if (typeof quant !== "string" || context === null) return null;
	return `${quant} · ${formatContext(context)} context`;
}

/** The glance of an answer: the command's own, with anything it left out derived from the rest. */
export function glanceOf(answer: Answer): AnswerGlance {
	const own = answer.glance;
	const isEstimate = answer.kind === "canirun";
	return {
		question: own?.question ?? answer.title,
		plan: own?.plan ?? (isEstimate ? planFromJson(answer) : null),
		memory: own?.memory ?? (isEstimate ? (memoryFromJson(answer) ?? memoryFromUsage(answer)) : null),
		speed: own?.speed ?? (isEstimate && fitVerdictOf(answer) !== "no" ? speedFromJson(answer) : null),
		next: own?.next ?? firstNext(answer),
		run: own?.run ?? (isEstimate && fitVerdictOf(answer) !== "no" ? (answer.runHints[0] ?? null) : null),
		changed: own?.changed ?? [],
	};
}

function firstNext(answer: Answer): AnswerSuggestion | null {
	if (answer.kind === "error" || answer.kind === "help") return null;
	return answer.suggestions.find((s) => s.query !== null) ?? answer.suggestions[0] ?? null;
}

/**
 * The one footer line of the first answer: only what differs from the defaults (never sources).
 * `changed` is the answer's glance's (a renderer that has the glance already passes it along).
 * `escapePiece` is applied to each setting and ignored word rather than to the joined line: the answer's
 * own strings are tested where they are, instead of a new line being built only to be scanned. It
 * must be an escaper whose every change lies within one piece (per character, or a pattern that no
 * " · ", ", " or "ignored: " can be part of), so that escaping the pieces is escaping the line.
 */
export function footerLine(answer: Answer, changed: readonly string[] = glanceOf(answer).changed, escapePiece: (piece: string) => string = same): string {
	let line = "";
	for (let i = 0; i < changed.length; i++) line += `${i > 0 ? " · " : ""}${escapePiece(changed[i] as string)}`;
	const ignored = answer.ignored;
	if (ignored === undefined || ignored.length === 0) return line;
	line += `${line ? " · " : ""}ignored: `;
	for (let i = 0; i < ignored.length; i++) line += `${i > 0 ? ", " : ""}${escapePiece(ignored[i] as string)}`;
	return line;
}

function same(text: string): string {
	return text;
}

/** Labels of follow-ups that only make sense when the setup fits (a fallback for actions without an intent). */
const GROWS = /^(larger|better) quant|^longer context/i;

/** A button label from a suggestion's sentence: its first clause (before ":" or "("), without the stop. */
export function labelOf(text: string, max = 48): string {
	const clause = /^(.+?)(?::\s| \(|, about )/.exec(text)?.[1] ?? text;
	const plain = clause.replace(/\.$/, "");
	if (plain.length <= max) return plain;
	const cut = plain.slice(0, max - 1);
	const space = cut.lastIndexOf(" ");
	return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

function growsSetup(action: AnswerAction): boolean {
	if (action.intent !== undefined) return action.intent === "larger" || action.intent === "longer";
	return GROWS.test(action.label);
}

/**
 * The follow-ups offered as buttons under the first answer, at most `max`, matching the verdict:
 * - "no" or offload: what makes it fit (the suggestions that carry a query: smaller quant, sibling,
 *   more GPUs, RAM, shorter context), then a smaller quant; never a larger quant or longer context;
 * - "yes": a better quantization that fits, a longer context;
 * - "did you mean": one per candidate (the command's actions re-ask the question with each name);
 * - others: the command's actions.
 */
export function followUps(answer: Answer, max = 4): AnswerAction[] {
	const out: AnswerAction[] = [];
	const verdict = answer.kind === "canirun" ? fitVerdictOf(answer) : null;
	if (verdict === "no" || verdict === "offload") {
		addSuggestions(out, answer, max);
		for (const a of answer.actions) if (!growsSetup(a)) add(out, a, max);
	} else if (verdict === "fits") {
		addSuggestions(out, answer, max);
		for (const a of answer.actions) if (growsSetup(a)) add(out, a, max);
		for (const a of answer.actions) if (a.intent !== "smaller" && !/^smaller/i.test(a.label)) add(out, a, max);
	} else {
		for (const a of answer.actions) add(out, a, max);
	}
	return out;
}

/** Whether a follow-up with `query` may join `out`: there is room, it asks something, and no other asks the same. */
function fits(out: readonly AnswerAction[], query: string, max: number): boolean {
	if (out.length >= max || query.trim() === "") return false;
	for (const a of out) if (a.query === query) return false;
	return true;
}

function add(out: AnswerAction[], action: AnswerAction, max: number): void {
	if (fits(out, action.query, max)) out.push(action);
}

/** The suggestions that carry a query, as follow-ups; a label is made only for one that is kept. */
function addSuggestions(out: AnswerAction[], answer: Answer, max: number): void {
	for (const s of answer.suggestions) if (s.query !== null && fits(out, s.query, max)) out.push({ label: labelOf(s.text), query: s.query });
}
