import { describe, expect, it } from "vitest";
import { LazyOwner, lazyProperty } from "../../src/engine/lazyProperty.js";

describe("lazyProperty (own enumerable, computed once on first read)", () => {
	const defineTotal = lazyProperty<number>("total");
	type Totalled = LazyOwner & { a: number; total: number; b: number };

	function make(total: () => number): Totalled {
		const o = new LazyOwner() as Totalled;
		o.a = 1;
		defineTotal(o, total);
		o.b = 2;
		return o;
	}

	it("computes on first read only and keeps the value", () => {
		let calls = 0;
		const o = make(() => {
			calls++;
			return 42;
		});
		expect(calls).toBe(0);
		expect(o.total).toBe(42);
		expect(o.total).toBe(42);
		expect(calls).toBe(1);
	});

	it("looks like a plain object to Object.keys, spreads, JSON.stringify and deep equality", () => {
		const o = make(() => 7);
		expect(Object.keys(o)).toEqual(["a", "total", "b"]);
		expect({ ...o }).toEqual({ a: 1, total: 7, b: 2 });
		expect(o).toEqual({ a: 1, total: 7, b: 2 });
		expect(make(() => 7)).toEqual(make(() => 7));
		expect(JSON.stringify(o)).toBe('{"a":1,"total":7,"b":2}');
	});

	it("keeps each object's own state", () => {
		expect([make(() => 1).total, make(() => 2).total]).toEqual([1, 2]);
	});
});
