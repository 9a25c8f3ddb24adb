/**
 * A Map with a size bound for the engine's memo tables (prepared models, weights). The bound keeps a
 * long-running bot's memory flat however many distinct models (e.g. Hub ids) it is asked about.
 *
 * Eviction is "second chance" (the CLOCK approximation of least-recently-used): a hit only sets the
 * entry's flag, and when the table is full the oldest entries with a flag get it cleared and move to
 * the back, the first one without is dropped. A hit therefore costs one Map lookup instead of a
 * delete + re-insert (the memo is read ~40 times per answer), while hot entries still stay.
 */
/** Entries one insert may move to the back before it evicts the oldest anyway (bounds the insert's cost). */
const MAX_SECOND_CHANCES = 32;

interface Slot<V> {
	value: V;
	referenced: boolean;
}

export class BoundedCache<K, V> {
	private readonly map = new Map<K, Slot<V>>();

	/** `onEvict` lets a caller keep a faster index over the same entries (prepared.ts) in step with the bound. */
	constructor(
		private readonly maxEntries: number,
		private readonly onEvict?: (key: K, value: V) => void,
	) {}

	get(key: K): V | undefined {
		const slot = this.map.get(key);
		if (slot === undefined) return undefined;
		slot.referenced = true;
		return slot.value;
	}

	set(key: K, value: V): void {
		const slot = this.map.get(key);
		if (slot !== undefined) {
			slot.value = value;
			slot.referenced = true;
			return;
		}
		if (this.map.size >= this.maxEntries) this.evictOne();
		this.map.set(key, { value, referenced: false });
	}

	/**
	 * Drops the oldest entry not read since it was last given a second chance; after
	 * MAX_SECOND_CHANCES moved entries the oldest goes regardless, so one insert stays cheap.
	 */
	private evictOne(): void {
		for (let moved = 0; ; moved++) {
			const oldest = this.map.entries().next();
			if (oldest.done === true) return;
			const [key, slot] = oldest.value;
			this.map.delete(key);
			if (!slot.referenced || moved >= MAX_SECOND_CHANCES) {
				this.onEvict?.(key, slot.value);
				return;
			}
			slot.referenced = false;
			this.map.set(key, slot);
		}
	}

	get size(): number {
		return this.map.size;
	}
}
