/**
 * A bounded memo for resolver answers. People ask about the same few hundred names over and over
 * (and the query parser tries the same word runs several times within one question), so a resolved
 * name is kept; a map is emptied when full rather than tracking recency, which keeps a hit at one
 * Map lookup and bounds memory under hostile input (every entry is a short string → small object).
 *
 * Answers that found nothing (the memo's `found` test says which) go to a second, much smaller map
 * (issue 18). A line of random words adds ~30 such answers, and keeping 4,096 of them per memo grew a
 * warm bot's live heap from ~45 MB to ~85 MB under a hostile corpus (--trace-gc, heap after each
 * mark-compact); every mark-compact then paused for longer, and those pauses were the hostile set's
 * worst lines. A miss is still remembered for a while: the parser asks the same run again within one
 * question, and a user retrying a typo asks it again.
 */
export const MEMO_MAX_ENTRIES = 4096;
/** Misses kept per memo (see above): enough for the runs of the last few questions. */
export const MEMO_MAX_MISSES = 256;

export class BoundedMemo<V> {
	private readonly map = new Map<string, V>();
	private readonly misses = new Map<string, V>();
	constructor(
		private readonly max = MEMO_MAX_ENTRIES,
		/** whether an answer found something (kept in the large map); all answers count as found without it */
		private readonly found: ((v: V, key: string) => boolean) | null = null,
		private readonly maxMisses = Math.min(max, MEMO_MAX_MISSES),
	) {}

	get(key: string, compute: (key: string) => V): V {
		const hit = this.map.get(key) ?? this.misses.get(key);
		if (hit !== undefined) return hit;
		const v = compute(key);
		const into = this.found === null || this.found(v, key) ? this.map : this.misses;
		if (into.size >= (into === this.map ? this.max : this.maxMisses)) into.clear();
		into.set(key, v);
		return v;
	}
}
