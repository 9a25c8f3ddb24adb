/** A rate limiter that lets every request through, for adapter tests that are not about rate limits. */
import type { RateLimiter } from "../../src/server/adapter.js";

export const allowAll: RateLimiter = { take: () => ({ ok: true }) };
