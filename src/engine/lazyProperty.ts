/**
 * Own, enumerable properties computed on first read and kept (an estimate's largest context and its
 * assumption strings: most estimates are steps of a scan whose readers never look at them).
 *
 * Why not `{ get x() { … } }` in an object literal: each evaluation creates a new getter function,
 * and V8 keeps accessors in the object's hidden class, so every such object got a hidden class of its
 * own (about 1 µs and several hundred bytes of old-space garbage per object). Here one getter per
 * property name is shared by all objects, so they share one hidden class; the per-object state sits
 * in private fields of LazyOwner, which Object.keys, spreads, JSON.stringify and deep-equality checks
 * never see. The property itself stays an own enumerable accessor: they all see its value exactly as
 * with an eager field.
 */

/** An object with one lazily computed property (create it with `new LazyOwner()`, then add fields in order). */
export class LazyOwner {
	#compute: (() => unknown) | null = null;
	#value: unknown = undefined;

	static read(owner: LazyOwner): unknown {
		const compute = owner.#compute;
		if (compute !== null) {
			owner.#value = compute();
			owner.#compute = null;
		}
		return owner.#value;
	}

	static arm(owner: LazyOwner, compute: () => unknown): void {
		owner.#compute = compute;
	}
}

/** A definer of the lazy property `name`: `define(owner, compute)` adds it to `owner` (once per owner). */
export function lazyProperty<T>(name: string): (owner: LazyOwner, compute: () => T) => void {
	const descriptor: PropertyDescriptor = {
		get(this: LazyOwner): unknown {
			return LazyOwner.read(this);
		},
		enumerable: true,
		configurable: true,
	};
	return (owner, compute) => {
		LazyOwner.arm(owner, compute);
		Object.defineProperty(owner, name, descriptor);
	};
}
