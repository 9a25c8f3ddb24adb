/**
 * Own, enumerable properties computed on first read and kept (an estimate's largest context and its
 * assumption strings: most estimates are steps of a scan whose readers never look at them).
 *
 * Why not `{ get x() { … } }` in the object literal: each evaluation creates a new getter function,
 * and V8 keeps accessors in the object's hidden class, so every such object got a hidden class of its
 * own (about 1 µs and several hundred bytes of old-space garbage per object). Here one getter is shared
 * by all objects and reads its per-object state from a symbol-keyed slot, so the objects share one
 * hidden class. The property stays an own enumerable accessor: spreads, Object.keys and
 * JSON.stringify see the value exactly as with an eager field.
 */

interface LazySlot<T> {
	compute: (() => T) | null;
	value: T | undefined;
}

/** A definer of the lazy property `name`: `define(target, compute)` adds it to `target`. */
export function lazyProperty<T>(name: string): (target: object, compute: () => T) => void {
	const slotKey = Symbol(`lazy ${name}`);
	const descriptor: PropertyDescriptor = {
		get(this: Record<symbol, LazySlot<T>>): T {
			const slot = this[slotKey] as LazySlot<T>;
			if (slot.compute !== null) {
				slot.value = slot.compute();
				slot.compute = null;
			}
			return slot.value as T;
		},
		enumerable: true,
		configurable: true,
	};
	return (target, compute) => {
		(target as Record<symbol, LazySlot<T>>)[slotKey] = { compute, value: undefined };
		Object.defineProperty(target, name, descriptor);
	};
}
