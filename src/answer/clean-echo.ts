/**
 * The one cleaner every echo of user text goes through before it leaves us (issue 18), on every
 * platform and in the CLI's text and JSON: the ask() pipeline (src/server/ask.ts) runs it over each
 * Answer, and the CLI over each answer it prints. Error texts and notes quote what the user typed
 * ("unknown device “…”", "read “…” as …", the JSON `resolution.typed`), so the cleaner works on every
 * string of an Answer:
 * - invisible and direction-changing characters are removed (C0/C1 controls except newline and tab,
 *   U+061C ARABIC LETTER MARK, U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF, U+00AD): they
 *   spoof or reorder what a reader sees (a U+202E reverses the rest of a line in a terminal);
 * - mentions are neutralised: `@everyone`, `@here` lose the "@", and Discord/Slack markup `<@id>`,
 *   `<@!id>`, `<@&role>`, `<#channel>`, `<!here>`, `<!subteam^…>` loses its brackets and sigil, so it
 *   can neither ping nor render as a link in any client, even one that ignores allowed_mentions;
 * - a quoted echo (“…”, or one "word") longer than ECHO_MAX_CHARS is cut with "…", and any string is cut at
 *   STRING_MAX_CHARS: a 480-character word is not repeated back.
 * Our own wording never contains any of these, so a normal answer comes back unchanged (the same
 * object, not a copy).
 */
import type { Answer } from "./answer.js";

/** A quoted echo of user text is cut past this many characters (a model name fits with room). */
export const ECHO_MAX_CHARS = 60;
/** No string of an Answer is longer than this (our own longest texts are run commands, ~300). */
export const STRING_MAX_CHARS = 2_000;

const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** Discord `<@id>`, `<@!id>`, `<@&role>`, `<#channel>`, `</cmd:id>`-free forms and Slack `<!here>`, `<@U1|name>`, `<#C1|x>`. */
const MARKUP_MENTION = /<[@#!][^<>]{0,200}>/g;
const BROADCAST = /@(everyone|here|channel)\b/gi;
/** curly quotes: any echo; straight quotes: one word (a run command may quote a longer argument with spaces) */
const QUOTED = /“([^“”]*)”|"([^"\s]*)"/g;
/** Quick test: does the string hold anything the cleaner changes? (most strings: no) */
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF<@“"]/;

function cut(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One string, cleaned (see the file comment). */
export function cleanEcho(text: string): string {
	if (text.length <= STRING_MAX_CHARS && !NEEDS_CLEANING.test(text)) return text;
	const out = text
		.replace(INVISIBLE, "")
		.replace(MARKUP_MENTION, (m) =>
			m
				.slice(1, -1)
				.replace(/^[@#!][!&]?/, "")
				.replace(/\|/, " "),
		)
		.replace(BROADCAST, "$1")
		.replace(QUOTED, (m, curly: string | undefined, straight: string | undefined) => {
			const inner = curly ?? straight ?? "";
			if (inner.length <= ECHO_MAX_CHARS) return m;
			return curly !== undefined ? `“${cut(inner, ECHO_MAX_CHARS)}”` : `"${cut(inner, ECHO_MAX_CHARS)}"`;
		});
	return cut(out, STRING_MAX_CHARS);
}

/** Every string in a value of plain objects and arrays, cleaned; unchanged parts are kept as they are. */
function cleanValue<T>(value: T): T {
	if (typeof value === "string") return cleanEcho(value) as T;
	if (Array.isArray(value)) {
		let copy: unknown[] | null = null;
		for (let i = 0; i < value.length; i++) {
			const v = value[i] as unknown;
			const c = cleanValue(v);
			if (c !== v) {
				copy ??= [...value];
				copy[i] = c;
			}
		}
		return (copy ?? value) as T;
	}
	if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
		let copy: Record<string, unknown> | null = null;
		for (const [k, v] of Object.entries(value)) {
			const c = cleanValue(v);
			if (c !== v) {
				copy ??= { ...(value as Record<string, unknown>) };
				copy[k] = c;
			}
		}
		return (copy ?? value) as T;
	}
	return value;
}

/** The Answer with every echo cleaned; the same object when nothing needed it. */
export function cleanAnswer(answer: Answer): Answer {
	return cleanValue(answer);
}
