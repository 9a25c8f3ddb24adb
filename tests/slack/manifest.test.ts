import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLASH_COMMAND } from "../../src/slack/handlers.js";
import { SLACK_EVENTS_PATH } from "../../src/slack/receiver.js";

const manifest = readFileSync("slack-manifest.yml", "utf8");

/** The value of `key:` lines (the manifest is flat enough that a line scan is exact). */
function values(key: string): string[] {
	return [...manifest.matchAll(new RegExp(`^\\s*-?\\s*${key}:\\s*(.+?)\\s*$`, "gm"))].map((m) => (m[1] ?? "").replace(/^"|"$/g, ""));
}

describe("slack-manifest.yml", () => {
	it("declares the slash command the adapter listens for, at the adapter's events path", () => {
		expect(values("command")).toEqual([SLASH_COMMAND]);
		expect(SLASH_COMMAND.length).toBeLessThanOrEqual(32);
		const urls = [...values("url"), ...values("request_url")];
		expect(urls).toHaveLength(3);
		for (const url of urls) expect(url).toBe(`https://YOUR_HOST${SLACK_EVENTS_PATH}`);
		expect(values("should_escape")).toEqual(["false"]);
	});

	it("asks for exactly the bot scopes the adapter uses, subscribes to app_mention and enables interactivity", () => {
		const scopes = manifest.match(/bot:\n((?:\s+(?:#.*|- .*)\n)+)/)?.[1] ?? "";
		expect([...scopes.matchAll(/- (\S+)/g)].map((m) => m[1])).toEqual(["commands", "app_mentions:read", "chat:write", "files:write"]);
		expect(manifest).toMatch(/bot_events:\n\s+- app_mention\n/);
		expect(values("is_enabled")).toEqual(["true"]);
		expect(values("socket_mode_enabled")).toEqual(["false"]);
		expect(values("name")).toContain("canirun");
	});
});
