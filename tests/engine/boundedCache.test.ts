import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/engine/boundedCache.js";

describe("BoundedCache (second-chance eviction)", () => {
	it("keeps an entry read since insertion and drops the oldest unread one", () => {
		const c = new BoundedCache<string, number>(3);
		c.set("a", 1);
		c.set("b", 2);
		c.set("c", 3);
		expect(c.get("a")).toBe(1);
		c.set("d", 4);
		expect(c.get("b")).toBeUndefined();
		expect([c.get("a"), c.get("c"), c.get("d")]).toEqual([1, 3, 4]);
		expect(c.size).toBe(3);
	});

	it("never grows past its bound, even when every entry is read", () => {
		const c = new BoundedCache<number, number>(50);
		for (let i = 0; i < 5000; i++) {
			c.set(i, i);
			c.get(i);
			expect(c.size).toBeLessThanOrEqual(50);
		}
		expect(c.get(4999)).toBe(4999);
	});

	it("overwrites a key in place", () => {
		const c = new BoundedCache<string, number>(2);
		c.set("a", 1);
		c.set("a", 2);
		expect(c.size).toBe(1);
		expect(c.get("a")).toBe(2);
	});
});
