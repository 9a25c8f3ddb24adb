/**
 * A memo with a size bound for the engine's prepared models (prepared.ts). The bound keeps a
 * long-running bot's memory flat however many distinct models (e.g. Hub ids) it is asked about.
 *
 * Eviction is "second chance" (the CLOCK approximation of least-recently-used): a hit only sets the
 * entry's flag, and when the table is full the oldest entries with a flag get it cleared and move to
 * the back, the first one without is dropped. A hit therefore costs one Map lookup instead of a
 * delete + re-insert (the memo is read ~40 times per answer), while hot entries still stay.
 */
/** Entries one insert may move to the back before it evicts the oldest anyway (bounds the insert's cost). */
const MAX_SECOND_CHANCES = 32;

interface PairSlot<A, B, V> {
	first: A;
	second: B;
	value: V;
	referenced: boolean;
}

/**
 * Keyed by two objects (a model and a quant), looked up by identity: a hit is a WeakMap and a Map
 * read that land on the entry itself, with no key string to build and hash. Insertion order (the
 * eviction order) is kept in a Set of the entries.
 */
export class BoundedPairCache<A extends object, B extends object, V> {
	private readonly index = new WeakMap<A, Map<B, PairSlot<A, B, V>>>();
	private readonly order = new Set<PairSlot<A, B, V>>();

	constructor(private readonly maxEntries: number) {}

	get(first: A, second: B): V | undefined {
		const slot = this.index.get(first)?.get(second);
		if (slot === undefined) return undefined;
		slot.referenced = true;
		return slot.value;
	}

	set(first: A, second: B, value: V): void {
		let seconds = this.index.get(first);
		const slot = seconds?.get(second);
		if (slot !== undefined) {
			slot.value = value;
			slot.referenced = true;
			return;
		}
		if (this.order.size >= this.maxEntries) this.evictOne();
		if (seconds === undefined) {
			seconds = new Map();
			this.index.set(first, seconds);
		}
		const added: PairSlot<A, B, V> = { first, second, value, referenced: false };
		seconds.set(second, added);
		this.order.add(added);
	}

	/**
	 * Drops the oldest entry not read since it was last given a second chance; after
	 * MAX_SECOND_CHANCES moved entries the oldest goes regardless, so one insert stays cheap.
	 */
	private evictOne(): void {
		for (let moved = 0; ; moved++) {
			const oldest = this.order.values().next();
			if (oldest.done === true) return;
			const slot = oldest.value;
			this.order.delete(slot);
			if (!slot.referenced || moved >= MAX_SECOND_CHANCES) {
				this.index.get(slot.first)?.delete(slot.second);
				return;
			}
			slot.referenced = false;
			this.order.add(slot);
		}
	}

	get size(): number {
		return this.order.size;
	}
}
