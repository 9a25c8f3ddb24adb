/**
 * The process logger: pino JSON lines (one object per line, for log shippers), pretty-printed only
 * when a person is watching a terminal. Secrets are removed twice: by key (pino `redact`) and by
 * value (a `streamWrite` hook that scrubs every configured secret from the finished line).
 */
import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";
import pretty from "pino-pretty";
import { REDACTED, createScrubber } from "./scrub.js";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export type LogFormat = "auto" | "json" | "pretty";

/** Keys whose values are secrets wherever they appear (one or two levels deep). */
const SECRET_KEYS = ["token", "botToken", "appToken", "signingSecret", "hfToken", "secret", "secrets", "password", "authorization", "Authorization"] as const;

export const REDACT_PATHS: string[] = [
	...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
	"headers.authorization",
	"*.headers.authorization",
	'headers["x-slack-signature"]',
	'*.headers["x-slack-signature"]',
];

export interface LoggerOptions {
	level: LogLevel;
	format: LogFormat;
	/** secret values to scrub from every line */
	secrets: readonly string[];
	/** where lines go; default the file descriptor `fd` */
	destination?: DestinationStream;
	/** 1 = stdout (default; what containers collect), 2 = stderr (the console keeps stdout for answers) */
	fd?: 1 | 2;
	/** override terminal detection (tests) */
	isTty?: boolean;
}

/** Under vitest or NODE_ENV=test we never pretty-print: tests parse the JSON lines. */
function inTests(): boolean {
	return process.env.VITEST !== undefined || process.env.NODE_ENV === "test";
}

/** Pretty only when asked, or when "auto" and a terminal is attached outside tests and CI. */
export function wantsPretty(format: LogFormat, isTty: boolean): boolean {
	if (format === "pretty") return true;
	if (format === "json") return false;
	return isTty && !inTests() && process.env.CI === undefined;
}

export function createLogger(opts: LoggerOptions): Logger {
	const fd = opts.fd ?? 1;
	const isTty = opts.isTty ?? Boolean(fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
	// Synchronous writes: a bot logs a few lines per request, and a fatal line written just before
	// process.exit must not be lost in an async buffer.
	const destination: DestinationStream =
		opts.destination ??
		(wantsPretty(opts.format, isTty)
			? pretty({ destination: fd, sync: true, colorize: isTty, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" })
			: pino.destination({ dest: fd, sync: true }));
	const scrub = createScrubber(opts.secrets);
	return pino(
		{
			level: opts.level,
			redact: { paths: REDACT_PATHS, censor: REDACTED },
			hooks: { streamWrite: scrub },
		},
		destination,
	);
}
