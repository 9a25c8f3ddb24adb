/**
 * Usage bars for the Discord renderer. The numbers come from the engine through the Answer (bytes used
 * and capacity per device); sizes are written with the shared src/answer/format.ts so Discord, Slack
 * and the CLI show the same strings. This only draws the bar.
 */

/** Width of a usage bar in characters: fine enough for 5 % steps, narrow enough for phone screens. */
export const USAGE_BAR_WIDTH = 20;
const FULL = "█";
const EMPTY = "░";

/** A text bar, e.g. `██████████████░░░░░░`; full when used ≥ capacity. */
export function usageBar(usedBytes: number, capacityBytes: number, width = USAGE_BAR_WIDTH): string {
	const fraction = capacityBytes > 0 ? Math.min(1, Math.max(0, usedBytes / capacityBytes)) : 1;
	const filled = Math.round(fraction * width);
	return FULL.repeat(filled) + EMPTY.repeat(width - filled);
}

/** Whole percent of capacity used (may exceed 100 when it does not fit). */
export function usagePercent(usedBytes: number, capacityBytes: number): string {
	if (capacityBytes <= 0) return "—";
	return `${Math.round((usedBytes / capacityBytes) * 100)}%`;
}
