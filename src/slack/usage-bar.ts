/** A text usage bar for Slack mrkdwn: filled and empty block characters, in a code span. */

/** Cells in one bar; 20 cells = 5 % per cell, and fits a phone screen in a code span. */
export const USAGE_BAR_CELLS = 20;

const FILLED = "█";
const EMPTY = "░";

/** `used / capacity` as a bar; over capacity shows a full bar (the caller states by how much). */
export function usageBar(usedBytes: number, capacityBytes: number, cells: number = USAGE_BAR_CELLS): string {
	const ratio = capacityBytes > 0 ? usedBytes / capacityBytes : 1;
	const filled = Math.min(cells, Math.max(0, Math.round(ratio * cells)));
	return FILLED.repeat(filled) + EMPTY.repeat(cells - filled);
}

/** Whole percent of capacity used; null when capacity is unknown or zero. */
export function usagePercent(usedBytes: number, capacityBytes: number): number | null {
	if (!(capacityBytes > 0)) return null;
	return Math.round((usedBytes / capacityBytes) * 100);
}
