/**
 * Bolt, its WebClient and the Socket Mode client log through @slack/logger's interface; this bridges
 * them into our pino logger as `{ lib: "slack-bolt" }` lines. Debug is never forwarded: at debug
 * level the WebClient prints request arguments, and `auth.test` is called with `{ token }` in them.
 * Anything shaped like a Slack token is masked as well, in case a library error message carries one
 * (the process logger scrubs configured secret values again).
 */
import type { Logger as BoltLogger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import type { Logger } from "pino";

/** xoxb-/xoxp-/xoxa-/xoxr-/xoxe- bot and user tokens, xapp- app-level tokens. */
const SLACK_TOKEN = /\bx(?:ox[abeprs]|app)-[A-Za-z0-9-]+/g;
const MAX_LINE_CHARS = 2000;

const RANK: Record<LogLevel, number> = {
	[LogLevel.DEBUG]: 10,
	[LogLevel.INFO]: 20,
	[LogLevel.WARN]: 30,
	[LogLevel.ERROR]: 40,
};

function describe(part: unknown): string {
	if (part instanceof Error) return `${part.name}: ${part.message}`;
	if (typeof part === "string") return part;
	try {
		return JSON.stringify(part) ?? String(part);
	} catch {
		return String(part);
	}
}

/** One line of text from Bolt's variadic log arguments, tokens masked. */
export function boltLogLine(parts: unknown[]): string {
	return parts.map(describe).join(" ").replace(SLACK_TOKEN, "[redacted]").slice(0, MAX_LINE_CHARS);
}

/** A @slack/logger Logger writing to `logger` at `minLevel` or above (never below info). */
export function createBoltLogger(logger: Logger, minLevel: LogLevel = LogLevel.INFO): BoltLogger {
	let level = RANK[minLevel] < RANK[LogLevel.INFO] ? LogLevel.INFO : minLevel;
	let name = "slack-bolt";
	const emit = (at: LogLevel, parts: unknown[]): void => {
		if (RANK[at] < RANK[level]) return;
		// "lib", not "component": the adapter's child logger already sets component "slack"
		const line = { lib: name };
		const text = boltLogLine(parts);
		if (at === LogLevel.ERROR) logger.error(line, text);
		else if (at === LogLevel.WARN) logger.warn(line, text);
		else logger.info(line, text);
	};
	return {
		debug: () => undefined,
		info: (...parts: unknown[]) => emit(LogLevel.INFO, parts),
		warn: (...parts: unknown[]) => emit(LogLevel.WARN, parts),
		error: (...parts: unknown[]) => emit(LogLevel.ERROR, parts),
		setLevel: (next: LogLevel) => {
			level = RANK[next] < RANK[LogLevel.INFO] ? LogLevel.INFO : next;
		},
		getLevel: () => level,
		setName: (next: string) => {
			name = next;
		},
	};
}
