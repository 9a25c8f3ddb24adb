/**
 * Per-user and per-channel token buckets (issue 7, item 5). A request takes one token from its
 * user's bucket AND one from its channel's; it is refused when either is empty, and then neither is
 * charged, so a refused request never eats into the other budget.
 *
 * Memory stays bounded: a bucket that has refilled to its burst is indistinguishable from a new one,
 * so it is dropped on the next sweep; if a flood of distinct keys still exceeds `maxKeys`, the least
 * recently used buckets go first (which at worst forgives a little of someone's debt).
 *
 * Keys are opaque strings chosen by the adapter (e.g. "discord:<user id>"); they live in Maps, never
 * as object properties, so "__proto__" is just another key.
 */
import type { RateDecision, RateLimiter } from "./adapter.js";

export interface RateLimiterOptions {
	/** tokens per minute for each user; 0 turns the per-user limit off */
	userPerMinute: number;
	/** the most a user can ask at once after being idle */
	userBurst: number;
	channelPerMinute: number;
	channelBurst: number;
	/** most buckets kept per kind before least-recently-used ones are evicted */
	maxKeys?: number;
	/** milliseconds clock, injectable for tests */
	now?: () => number;
}

export interface InspectableRateLimiter extends RateLimiter {
	/** how many buckets are held (for tests and metrics) */
	size(): { users: number; channels: number };
}

/** 10 000 buckets × ~100 bytes each ≈ 1 MB per kind: plenty for a busy bot, tiny for the process. */
export const DEFAULT_MAX_KEYS = 10_000;
/** Sweep full buckets at most this often (ms of the limiter's clock). */
const SWEEP_INTERVAL_MS = 60_000;
const MS_PER_MINUTE = 60_000;

interface Bucket {
	tokens: number;
	updatedAt: number;
}

/** One kind of bucket (users or channels) with its own rate, burst and LRU order. */
class BucketSet {
	private readonly buckets = new Map<string, Bucket>();
	private readonly perMs: number;

	constructor(
		perMinute: number,
		private readonly burst: number,
		private readonly maxKeys: number,
	) {
		this.perMs = perMinute / MS_PER_MINUTE;
	}

	get enabled(): boolean {
		return this.perMs > 0;
	}

	get size(): number {
		return this.buckets.size;
	}

	/** Current tokens of `key` at `now` (a missing bucket is full). */
	peek(key: string, now: number): number {
		const bucket = this.buckets.get(key);
		if (!bucket) return this.burst;
		return Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
	}

	/** Milliseconds until `key` holds one whole token. */
	waitMs(key: string, now: number): number {
		const tokens = this.peek(key, now);
		return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perMs);
	}

	/** Mark `key` recently used without charging it (a refused request still counts as activity). */
	touch(key: string): void {
		const bucket = this.buckets.get(key);
		if (!bucket) return;
		this.buckets.delete(key);
		this.buckets.set(key, bucket);
	}

	take(key: string, now: number): void {
		const tokens = this.peek(key, now) - 1;
		// delete + set moves the key to the end of the Map's order: the most recently used
		this.buckets.delete(key);
		this.buckets.set(key, { tokens, updatedAt: now });
		if (this.buckets.size > this.maxKeys) this.evict(now);
	}

	/** Drop buckets that have refilled; then, if still too many, the least recently used. */
	evict(now: number): void {
		for (const [key] of this.buckets) {
			if (this.peek(key, now) >= this.burst) this.buckets.delete(key);
		}
		for (const [key] of this.buckets) {
			if (this.buckets.size <= this.maxKeys) break;
			this.buckets.delete(key);
		}
	}
}

export function createRateLimiter(opts: RateLimiterOptions): InspectableRateLimiter {
	const now = opts.now ?? Date.now;
	const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
	const users = new BucketSet(opts.userPerMinute, Math.max(1, opts.userBurst), maxKeys);
	const channels = new BucketSet(opts.channelPerMinute, Math.max(1, opts.channelBurst), maxKeys);
	let lastSweep = now();

	return {
		take(userKey: string, channelKey: string): RateDecision {
			const t = now();
			if (t - lastSweep >= SWEEP_INTERVAL_MS) {
				users.evict(t);
				channels.evict(t);
				lastSweep = t;
			}
			const wait = Math.max(users.enabled ? users.waitMs(userKey, t) : 0, channels.enabled ? channels.waitMs(channelKey, t) : 0);
			if (wait > 0) {
				// a user who keeps asking while refused must not age out of the LRU and get a fresh burst
				users.touch(userKey);
				channels.touch(channelKey);
				return { ok: false, retryAfterMs: wait };
			}
			if (users.enabled) users.take(userKey, t);
			if (channels.enabled) channels.take(channelKey, t);
			return { ok: true };
		},
		size: () => ({ users: users.size, channels: channels.size }),
	};
}

/** The friendly reply to a refused request, shared by every adapter so the wording is the same. */
export function slowDownMessage(retryAfterMs: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	return `Slow down a little: I'm answering a lot of questions right now. Try again in ${seconds} s.`;
}
