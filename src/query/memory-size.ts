/**
 * Memory sizes as people type them for `--ram`: "64gb", "64 GB", "64g", "1tb", "64" (GB implied).
 * Memory is sold in binary sizes (a "64 GB" kit holds 64 GiB), so GB here means 2^30 bytes.
 */
const SIZE = /^\+?(\d+(?:\.\d+)?)\s*(tb|tib|t|gb|gib|g|mb|mib|m)?$/;

const UNIT_BYTES: ReadonlyMap<string, number> = new Map([
	["tb", 2 ** 40],
	["tib", 2 ** 40],
	["t", 2 ** 40],
	["gb", 2 ** 30],
	["gib", 2 ** 30],
	["g", 2 ** 30],
	["mb", 2 ** 20],
	["mib", 2 ** 20],
	["m", 2 ** 20],
]);

/** Bytes, or null when the text is not a size. */
export function parseMemorySize(text: string): number | null {
	const m = SIZE.exec(
		text
			.trim()
			.toLowerCase()
			.replace(/\s*ram$/, ""),
	);
	if (!m) return null;
	const value = Number(m[1]);
	const unit = UNIT_BYTES.get(m[2] ?? "gb") ?? 2 ** 30;
	const bytes = Math.round(value * unit);
	return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
