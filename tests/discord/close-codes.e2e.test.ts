/**
 * When Discord closes the gateway for good, the log says why and what to do: 4014 (the privileged
 * MessageContent intent that mention answers need is not enabled) names the Developer Portal switch
 * and DISCORD_MENTIONS=false.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { fatalCloseHint } from "../../src/discord/close-codes.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness | undefined;

afterEach(async () => {
	await h?.close();
	h = undefined;
});

describe("fatal gateway close codes", () => {
	it("logs how to fix disallowed intents (4014) and reports down", async () => {
		h = await startHarness({ config: { mentions: true } });
		expect(h.adapter.state()).toBe("connected");
		h.fake.dropGatewayConnections(4014);
		await vi.waitFor(() => expect(h?.logLines().some((l) => l["code"] === 4014)).toBe(true), { timeout: 5_000 });
		const line = h.logLines().find((l) => l["code"] === 4014) ?? {};
		expect(line["level"]).toBe(50);
		expect(String(line["msg"])).toMatch(/Privileged Gateway Intents/);
		expect(String(line["msg"])).toMatch(/DISCORD_MENTIONS=false/);
		expect(h.adapter.state()).toBe("down");
	});

	it("keeps a resumable close quiet (no hint for 4000)", () => {
		expect(fatalCloseHint(4000)).toBeNull();
		expect(fatalCloseHint(4004)).toMatch(/DISCORD_TOKEN/);
	});
});
