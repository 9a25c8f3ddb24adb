/**
 * A Map with a size bound for the engine's memo tables (prepared models, weights): when full, the
 * oldest entry goes (insertion order; a hit re-inserts the key so hot entries stay). The bound keeps a
 * long-running bot's memory flat however many distinct models (e.g. Hub ids) it is asked about.
 */
export class BoundedCache<K, V> {
	private readonly map = new Map<K, V>();

	constructor(private readonly maxEntries: number) {}

	get(key: K): V | undefined {
		const v = this.map.get(key);
		if (v !== undefined) {
			// refresh recency (cheap: Map keeps insertion order)
			this.map.delete(key);
			this.map.set(key, v);
		}
		return v;
	}

	set(key: K, value: V): void {
		if (this.map.has(key)) this.map.delete(key);
		else if (this.map.size >= this.maxEntries) {
			const oldest = this.map.keys().next();
			if (oldest.done !== true) this.map.delete(oldest.value);
		}
		this.map.set(key, value);
	}

	get size(): number {
		return this.map.size;
	}
}
