import { describe, expect, it } from "vitest";
import { SLACK_MAX_REQUEST_SKEW_SECONDS, checkRequestAge } from "../../src/slack/request-age.js";

const NOW_MS = 1_700_000_000_000;
const now = NOW_MS / 1000;

describe("checkRequestAge", () => {
	it("accepts timestamps within five minutes either side", () => {
		for (const skew of [0, 299, -299, 300, -300]) {
			expect(checkRequestAge(String(now - skew), NOW_MS)).toEqual({ ok: true });
		}
	});

	it("refuses stale (older than 5 min) and future (more than 5 min ahead) timestamps", () => {
		expect(SLACK_MAX_REQUEST_SKEW_SECONDS).toBe(300);
		expect(checkRequestAge(String(now - 301), NOW_MS)).toEqual({ ok: false, reason: "stale" });
		expect(checkRequestAge(String(now - 600), NOW_MS)).toEqual({ ok: false, reason: "stale" });
		expect(checkRequestAge(String(now + 301), NOW_MS)).toEqual({ ok: false, reason: "future" });
		expect(checkRequestAge(String(now + 3600), NOW_MS)).toEqual({ ok: false, reason: "future" });
	});

	it("refuses malformed headers and leaves a missing one to Bolt", () => {
		for (const bad of ["", "abc", "1.5", "-1", "1e9", "12345678901234"]) {
			expect(checkRequestAge(bad, NOW_MS)).toEqual({ ok: false, reason: "malformed" });
		}
		expect(checkRequestAge(undefined, NOW_MS)).toEqual({ ok: "missing" });
		expect(checkRequestAge([String(now)], NOW_MS)).toEqual({ ok: true });
	});
});
