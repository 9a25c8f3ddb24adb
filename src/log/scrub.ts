/**
 * Value-based secret scrubbing: every configured secret value is replaced by "[redacted]" wherever it
 * shows up in a log line, whatever key (or error message, or URL) carried it. Path-based redaction
 * (pino's `redact`) only catches keys we thought of; this catches the rest (issue 7, item 2).
 */

export const REDACTED = "[redacted]";

/**
 * Shorter values are not scrubbed: a one-letter "secret" would redact that letter in every line
 * (issue 18). The config refuses secrets this short at start-up (config/env.ts), so this only guards
 * a caller that passes one anyway.
 */
export const MIN_SCRUB_CHARS = 8;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The forms a secret takes once serialised: as is, JSON-escaped, URL-encoded. */
function variants(secret: string): string[] {
	return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

/**
 * Build a function that replaces every secret in a string. Longer variants are matched first, so a
 * secret that contains another secret is removed whole.
 */
export function createScrubber(secrets: readonly string[]): (line: string) => string {
	const forms = [...new Set(secrets.filter((s) => s.length >= MIN_SCRUB_CHARS).flatMap(variants))].sort((a, b) => b.length - a.length);
	if (forms.length === 0) return (line) => line;
	const pattern = new RegExp(forms.map((f) => f.replace(REGEX_SPECIAL, "\\$&")).join("|"), "g");
	return (line) => line.replace(pattern, REDACTED);
}
