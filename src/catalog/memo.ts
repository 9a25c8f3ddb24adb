/**
 * A bounded memo for resolver answers. People ask about the same few hundred names over and over
 * (and the query parser tries the same word runs several times within one question), so a resolved
 * name is kept; the map is emptied when full rather than tracking recency, which keeps a hit at one
 * Map lookup and bounds memory under hostile input (every entry is a short string → small object).
 */
export const MEMO_MAX_ENTRIES = 4096;

export class BoundedMemo<V> {
	private readonly map = new Map<string, V>();
	constructor(private readonly max = MEMO_MAX_ENTRIES) {}

	get(key: string, compute: (key: string) => V): V {
		const hit = this.map.get(key);
		if (hit !== undefined) return hit;
		const v = compute(key);
		if (this.map.size >= this.max) this.map.clear();
		this.map.set(key, v);
		return v;
	}
}
