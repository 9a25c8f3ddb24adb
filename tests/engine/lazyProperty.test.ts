import { describe, expect, it } from "vitest";
import { lazyProperty } from "../../src/engine/lazyProperty.js";

describe("lazyProperty (own enumerable, computed once on first read)", () => {
	const defineTotal = lazyProperty<number>("total");

	it("computes on first read only and keeps the value", () => {
		let calls = 0;
		const o = { a: 1 } as { a: number; total: number; b?: number };
		defineTotal(o, () => {
			calls++;
			return 42;
		});
		expect(calls).toBe(0);
		expect(o.total).toBe(42);
		expect(o.total).toBe(42);
		expect(calls).toBe(1);
	});

	it("is seen by Object.keys, spreads and JSON.stringify in definition order", () => {
		const o = { a: 1 } as Record<string, unknown>;
		defineTotal(o, () => 7);
		o.b = 2;
		expect(Object.keys(o)).toEqual(["a", "total", "b"]);
		expect({ ...o }).toEqual({ a: 1, total: 7, b: 2 });
		expect(JSON.stringify(o)).toBe('{"a":1,"total":7,"b":2}');
	});

	it("keeps each object's own state", () => {
		const x = {} as { total: number };
		const y = {} as { total: number };
		defineTotal(x, () => 1);
		defineTotal(y, () => 2);
		expect([x.total, y.total]).toEqual([1, 2]);
	});
});
