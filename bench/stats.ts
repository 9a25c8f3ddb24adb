/** Small statistics helpers for the benchmarks: percentiles over sorted samples, median. */

/** The p-th percentile (0–100) by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank] as number;
}

export function median(samples: readonly number[]): number {
	return percentile(samples, 50);
}

/** Rounds for the results table (3 significant decimals is plenty for ms and MB). */
export function round(value: number, digits = 3): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
