/**
 * Number formatting for Answers. Every adapter shows the same strings, so the units are decided once
 * here: memory in GiB/MiB (2^30 / 2^20 bytes, the units llama.cpp prints in its load log), speeds in
 * tokens per second, contexts in K tokens (1K = 1024 tokens, llama.cpp's and Ollama's convention).
 */

const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;
const TIB = GIB * 1024;

/** "21.3 GiB", "512 MiB", "1.40 TiB": three significant figures are enough to compare against a card's memory. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return "?";
	const abs = Math.abs(bytes);
	if (abs >= TIB) return `${(bytes / TIB).toFixed(2)} TiB`;
	if (abs >= 100 * GIB) return `${(bytes / GIB).toFixed(0)} GiB`;
	if (abs >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`;
	if (abs >= MIB) return `${(bytes / MIB).toFixed(0)} MiB`;
	if (abs >= KIB) return `${(bytes / KIB).toFixed(0)} KiB`;
	return `${Math.round(bytes)} B`;
}

/** "41.2 tok/s", "7.5 tok/s", "1,234 tok/s". */
export function formatSpeed(tokensPerSecond: number): string {
	if (!Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) return "n/a";
	if (tokensPerSecond >= 1000) return `${thousands(Math.round(tokensPerSecond))} tok/s`;
	if (tokensPerSecond >= 10) return `${tokensPerSecond.toFixed(0)} tok/s`;
	return `${tokensPerSecond.toFixed(1)} tok/s`;
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
	if (params >= 1e12) return `${(params / 1e12).toFixed(2)}T`;
	if (params >= 100e9) return `${(params / 1e9).toFixed(0)}B`;
	if (params >= 1e9) return `${(params / 1e9).toFixed(1)}B`;
	return `${(params / 1e6).toFixed(0)}M`;
}

/** "4.89" bits per weight. */
export function formatBits(bits: number): string {
	return bits.toFixed(2);
}

/** "12 s", "1.4 s", "3 min". */
export function formatSeconds(seconds: number): string {
	if (!Number.isFinite(seconds)) return "n/a";
	if (seconds >= 120) return `${(seconds / 60).toFixed(0)} min`;
	if (seconds >= 10) return `${seconds.toFixed(0)} s`;
	return `${seconds.toFixed(1)} s`;
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
	if (Math.abs(gib) >= 100) return gib.toFixed(0);
	if (Math.abs(gib) >= 1) return gib.toFixed(1);
	return gib.toFixed(2);
}

/** A speed as a bare number of tokens per second, for tables whose header says "tok/s". */
export function formatRate(tokensPerSecond: number): string {
	if (!Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) return "n/a";
	if (tokensPerSecond >= 1000) return thousands(Math.round(tokensPerSecond));
	if (tokensPerSecond >= 10) return tokensPerSecond.toFixed(0);
	return tokensPerSecond.toFixed(1);
}
