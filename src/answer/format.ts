/**
 * Number formatting for Answers. Every adapter shows the same strings, so the units are decided once
 * here: memory in GiB/MiB (2^30 / 2^20 bytes, the units llama.cpp prints in its load log), speeds in
 * tokens per second, contexts in K tokens (1K = 1024 tokens, llama.cpp's and Ollama's convention).
 */

const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;
const TIB = GIB * 1024;

/** 10^digits for fixed() */
const SCALES = [1, 10, 100] as const;

/**
 * x.toFixed(digits) for 0-2 digits, the same string: toFixed is a runtime call (~120 ns in Node 20, by a
 * loop of 2 million calls) and an answer formats dozens of numbers, where rounding x × 10^digits and
 * printing the integer parts is ~30 ns. toFixed rounds the exact value of x half up, so a product
 * within 10^-4 of a half (where the multiplication's rounding could decide) goes to toFixed, and so do
 * negative, non-finite and large values (x × 10^digits ≥ 10^9: the product's error stays below 10^-7
 * below that). Property-tested against toFixed (tests/answer/fixed.test.ts).
 */
export function fixed(x: number, digits: 0 | 1 | 2): string {
	const scale = SCALES[digits];
	const y = x * scale;
	if (!(y >= 0 && y < 1e9)) return x.toFixed(digits);
	const floor = Math.floor(y);
	const frac = y - floor;
	if (frac > 0.4999 && frac < 0.5001) return x.toFixed(digits);
	const n = frac > 0.5 ? floor + 1 : floor;
	if (digits === 0) return `${n}`;
	const whole = Math.floor(n / scale);
	const rest = n - whole * scale;
	return `${whole}.${digits === 2 && rest < 10 ? "0" : ""}${rest}`;
}

/** "21.3 GiB", "512 MiB", "1.40 TiB": three significant figures are enough to compare against a card's memory. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return "?";
	const abs = Math.abs(bytes);
	if (abs >= TIB) return `${fixed(bytes / TIB, 2)} TiB`;
	if (abs >= 100 * GIB) return `${fixed(bytes / GIB, 0)} GiB`;
	if (abs >= GIB) return `${fixed(bytes / GIB, 1)} GiB`;
	if (abs >= MIB) return `${fixed(bytes / MIB, 0)} MiB`;
	if (abs >= KIB) return `${fixed(bytes / KIB, 0)} KiB`;
	return `${Math.round(bytes)} B`;
}

/** "41.2 tok/s", "7.5 tok/s", "1,234 tok/s". */
export function formatSpeed(tokensPerSecond: number): string {
	if (!Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) return "n/a";
	if (tokensPerSecond >= 1000) return `${thousands(Math.round(tokensPerSecond))} tok/s`;
	if (tokensPerSecond >= 10) return `${fixed(tokensPerSecond, 0)} tok/s`;
	return `${fixed(tokensPerSecond, 1)} tok/s`;
}

/** "1,234,567": by hand, because toLocaleString loads ICU data (~15 ms) on a CLI's one-shot path. */
export function thousands(n: number): string {
	return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "32K" for 32768, "4096" stays "4K", 1000 stays "1000" (only exact multiples of 1024 get a K). */
export function formatContext(tokens: number): string {
	if (tokens >= 1024 * 1024 && tokens % (1024 * 1024) === 0) return `${tokens / (1024 * 1024)}M`;
	if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
	return String(tokens);
}

/** The form that the query parser accepts back, for follow-up actions: "32k", "4096". */
export function contextQueryWord(tokens: number): string {
	if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}k`;
	return `ctx=${tokens}`;
}

/** "671B", "32.8B", "1.5B", "135M". */
export function formatParams(params: number): string {
	if (params >= 1e12) return `${fixed(params / 1e12, 2)}T`;
	if (params >= 100e9) return `${fixed(params / 1e9, 0)}B`;
	if (params >= 1e9) return `${fixed(params / 1e9, 1)}B`;
	return `${fixed(params / 1e6, 0)}M`;
}

/** "4.89" bits per weight. */
export function formatBits(bits: number): string {
	return fixed(bits, 2);
}

/** "12 s", "1.4 s", "3 min". */
export function formatSeconds(seconds: number): string {
	if (!Number.isFinite(seconds)) return "n/a";
	if (seconds >= 120) return `${fixed(seconds / 60, 0)} min`;
	if (seconds >= 10) return `${fixed(seconds, 0)} s`;
	return `${fixed(seconds, 1)} s`;
}

/** "87 %" of capacity. */
export function formatPercent(fraction: number): string {
	return `${Math.round(fraction * 100)} %`;
}

/**
 * A size as a bare number of GiB, for tables whose header states the unit once (issue 16: tables fit
 * a phone): "81", "42.5", "0.75". Same precision rule as formatBytes (three significant figures).
 */
export function formatGiB(bytes: number): string {
	if (!Number.isFinite(bytes)) return "?";
	const gib = bytes / GIB;
	if (Math.abs(gib) >= 100) return fixed(gib, 0);
	if (Math.abs(gib) >= 1) return fixed(gib, 1);
	return fixed(gib, 2);
}

/** A speed as a bare number of tokens per second, for tables whose header says "tok/s". */
export function formatRate(tokensPerSecond: number): string {
	if (!Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) return "n/a";
	if (tokensPerSecond >= 1000) return thousands(Math.round(tokensPerSecond));
	if (tokensPerSecond >= 10) return fixed(tokensPerSecond, 0);
	return fixed(tokensPerSecond, 1);
}
