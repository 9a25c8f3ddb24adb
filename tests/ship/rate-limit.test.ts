import { describe, expect, it } from "vitest";
import { createRateLimiter, slowDownMessage } from "../../src/server/rate-limit.js";

function clock(start = 1_000_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createRateLimiter", () => {
	it("lets a user burst, then refuses with the time until the next token", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 6, userBurst: 3, channelPerMinute: 0, channelBurst: 1, now: c.now });
		expect(limiter.take("u1", "c1")).toEqual({ ok: true });
		expect(limiter.take("u1", "c1")).toEqual({ ok: true });
		expect(limiter.take("u1", "c1")).toEqual({ ok: true });
		// 6 per minute = one token every 10 s
		expect(limiter.take("u1", "c1")).toEqual({ ok: false, retryAfterMs: 10_000 });
		c.advance(4_000);
		expect(limiter.take("u1", "c1")).toEqual({ ok: false, retryAfterMs: 6_000 });
		c.advance(6_000);
		expect(limiter.take("u1", "c1")).toEqual({ ok: true });
		expect(limiter.take("u1", "c1").ok).toBe(false);
	});

	it("refills at the configured rate but never beyond the burst", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 60, userBurst: 2, channelPerMinute: 0, channelBurst: 1, now: c.now });
		limiter.take("u", "c");
		limiter.take("u", "c");
		c.advance(60 * 60_000); // an hour idle: still only 2 tokens
		expect(limiter.take("u", "c").ok).toBe(true);
		expect(limiter.take("u", "c").ok).toBe(true);
		expect(limiter.take("u", "c")).toEqual({ ok: false, retryAfterMs: 1_000 });
	});

	it("keeps users apart", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 1, userBurst: 1, channelPerMinute: 0, channelBurst: 1, now: c.now });
		expect(limiter.take("alice", "c").ok).toBe(true);
		expect(limiter.take("alice", "c").ok).toBe(false);
		expect(limiter.take("bob", "c").ok).toBe(true);
	});

	it("limits a channel across users, and a refused request costs the user nothing", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 60, userBurst: 2, channelPerMinute: 3, channelBurst: 3, now: c.now });
		expect(limiter.take("a", "busy").ok).toBe(true);
		expect(limiter.take("b", "busy").ok).toBe(true);
		expect(limiter.take("c", "busy").ok).toBe(true);
		const refused = limiter.take("d", "busy");
		expect(refused).toEqual({ ok: false, retryAfterMs: 20_000 });
		// d was refused by the channel; d's own bucket is untouched, so d can burst elsewhere
		expect(limiter.take("d", "quiet").ok).toBe(true);
		expect(limiter.take("d", "quiet").ok).toBe(true);
		expect(limiter.take("d", "quiet").ok).toBe(false);
	});

	it("reports the longer wait when both buckets are empty", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 12, userBurst: 1, channelPerMinute: 2, channelBurst: 1, now: c.now });
		expect(limiter.take("u", "ch").ok).toBe(true);
		expect(limiter.take("u", "ch")).toEqual({ ok: false, retryAfterMs: 30_000 });
	});

	it("turns a limit off with 0 per minute", () => {
		const limiter = createRateLimiter({ userPerMinute: 0, userBurst: 1, channelPerMinute: 0, channelBurst: 1 });
		for (let i = 0; i < 1_000; i++) expect(limiter.take("u", "c").ok).toBe(true);
		expect(limiter.size()).toEqual({ users: 0, channels: 0 });
	});

	it("treats hostile keys as plain keys", () => {
		const limiter = createRateLimiter({ userPerMinute: 1, userBurst: 1, channelPerMinute: 1, channelBurst: 1 });
		expect(limiter.take("__proto__", "constructor").ok).toBe(true);
		expect(limiter.take("__proto__", "other").ok).toBe(false);
		expect(limiter.take("toString", "hasOwnProperty").ok).toBe(true);
	});

	it("evicts idle buckets so memory stays bounded", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 60, userBurst: 5, channelPerMinute: 60, channelBurst: 5, maxKeys: 100, now: c.now });
		for (let i = 0; i < 1_000; i++) limiter.take(`user-${i}`, `channel-${i}`);
		expect(limiter.size().users).toBeLessThanOrEqual(100);
		expect(limiter.size().channels).toBeLessThanOrEqual(100);

		// after a quiet spell every bucket has refilled; the periodic sweep drops them all
		c.advance(10 * 60_000);
		limiter.take("fresh", "fresh");
		expect(limiter.size()).toEqual({ users: 1, channels: 1 });
	});

	it("evicts least recently used buckets first under a flood", () => {
		const c = clock();
		const limiter = createRateLimiter({ userPerMinute: 1, userBurst: 1, channelPerMinute: 0, channelBurst: 1, maxKeys: 3, now: c.now });
		limiter.take("old", "c");
		limiter.take("b", "c");
		limiter.take("c", "c");
		expect(limiter.take("old", "c").ok).toBe(false); // touches "old": now most recent
		limiter.take("d", "c"); // over the cap: "b" (least recent) goes
		expect(limiter.size().users).toBe(3);
		expect(limiter.take("old", "c").ok).toBe(false); // still remembered
		expect(limiter.take("b", "c").ok).toBe(true); // forgotten, so a fresh bucket
	});
});

describe("slowDownMessage", () => {
	it("says when to try again, in whole seconds, at least 1", () => {
		expect(slowDownMessage(10_000)).toMatch(/try again in 10 s/i);
		expect(slowDownMessage(1_001)).toMatch(/try again in 2 s/i);
		expect(slowDownMessage(5)).toMatch(/try again in 1 s/i);
	});
});
