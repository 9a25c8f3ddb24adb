import { describe, expect, it } from "vitest";
import { BoundedPairCache } from "../../src/engine/boundedCache.js";

describe("BoundedPairCache (identity keys, second-chance eviction)", () => {
	const a = { id: "a" };
	const b = { id: "b" };
	const q1 = { id: "q1" };
	const q2 = { id: "q2" };

	it("finds entries by object identity, not by equal content", () => {
		const c = new BoundedPairCache<object, object, number>(4);
		c.set(a, q1, 1);
		expect(c.get(a, q1)).toBe(1);
		expect(c.get({ id: "a" }, q1)).toBeUndefined();
		expect(c.get(a, q2)).toBeUndefined();
	});

	it("keeps an entry read since insertion and drops the oldest unread one", () => {
		const c = new BoundedPairCache<object, object, number>(3);
		c.set(a, q1, 1);
		c.set(a, q2, 2);
		c.set(b, q1, 3);
		expect(c.get(a, q1)).toBe(1);
		c.set(b, q2, 4);
		expect(c.get(a, q2)).toBeUndefined();
		expect([c.get(a, q1), c.get(b, q1), c.get(b, q2)]).toEqual([1, 3, 4]);
		expect(c.size).toBe(3);
	});

	it("never grows past its bound and overwrites in place", () => {
		const c = new BoundedPairCache<object, object, number>(50);
		const keys = Array.from({ length: 500 }, (_, i) => ({ i }));
		for (const k of keys) {
			c.set(k, q1, k.i);
			c.get(k, q1);
			expect(c.size).toBeLessThanOrEqual(50);
		}
		c.set(a, q1, 1);
		c.set(a, q1, 2);
		expect(c.get(a, q1)).toBe(2);
		expect(c.size).toBe(50);
	});
});
