/**
 * Issue 15 item 9: "which GPU should I buy for X" answers with the cheapest catalog GPUs that run it
 * well, priced by sourced launch MSRPs (catalog/prices.json), fewest cards first — checked against
 * canirun on each recommended setup.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { getCatalog } from "../../src/catalog/index.js";
import { launchPriceOf, pricedDeviceIds } from "../../src/catalog/prices.js";

const CTX = { platform: "cli" } as const;

interface Buy {
	id: string;
	count: number;
	launchMsrpUsd: number;
	totalLaunchMsrpUsd: number;
	decodeTokensPerSecond: number;
	priceSource: string;
}

describe("launch prices are sourced data", () => {
	it("every priced device is a catalog GPU, with a whole positive price, a date and an https source", () => {
		const cat = getCatalog();
		const raw = JSON.parse(readFileSync("catalog/prices.json", "utf8")) as { prices: Record<string, unknown> };
		expect(pricedDeviceIds().length).toBe(Object.keys(raw.prices).length);
		expect(pricedDeviceIds().length).toBeGreaterThan(10);
		for (const id of pricedDeviceIds()) {
			expect(cat.deviceById.get(id)?.kind, id).toBe("gpu");
			const p = launchPriceOf(id);
			expect(Number.isInteger(p?.usd) && (p?.usd ?? 0) > 0, id).toBe(true);
			expect(p?.announced, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(p?.source, id).toMatch(/^https:\/\//);
		}
	});
});

describe("which GPU should I buy", () => {
	it.each([
		["which gpu should i buy for qwen3 32b", "qwen3-32b"],
		["what gpu to buy for llama 3.3 70b", "llama-3.3-70b-instruct"],
		["gpus qwen3-14b 32k", "qwen3-14b"],
		["what gpu should i buy for mistral small 24b", "mistral-small-24b-instruct-2501"],
	])("%s: priced setups that run it well, fewest cards then cheapest, each a real fit", async (q, modelId) => {
		const a = await answerQuery(q, CTX);
		expect(a.kind).toBe("gpus");
		const j = a.json as { model: { id: string }; contextTokens: number; quant: { id: string }; cheapestToBuy: Buy[] };
		expect(j.model.id).toBe(modelId);
		const buys = j.cheapestToBuy;
		expect(buys.length).toBeGreaterThan(0);
		for (let i = 1; i < buys.length; i++) {
			const [x, y] = [buys[i - 1] as Buy, buys[i] as Buy];
			expect(x.count < y.count || (x.count === y.count && x.totalLaunchMsrpUsd <= y.totalLaunchMsrpUsd), `${x.id} before ${y.id}`).toBe(true);
		}
		for (const b of buys) {
			const price = launchPriceOf(b.id);
			expect(b.launchMsrpUsd).toBe(price?.usd);
			expect(b.totalLaunchMsrpUsd).toBe((price?.usd ?? 0) * b.count);
			expect(b.priceSource).toBe(price?.source);
			expect(b.decodeTokensPerSecond).toBeGreaterThanOrEqual(10);
			// the same question on that setup fits fully
			const check = await answerQuery(`canirun ${j.model.id} ${j.quant.id} ${b.count}x${b.id} ctx=${j.contextTokens}`, CTX);
			expect((check.json as { fit: { verdict: string } }).fit.verdict, `${b.count}× ${b.id}`).toBe("fits");
		}
		// a cheaper priced card that runs it well alone is never left out for a pricier one
		const singles = buys.filter((b) => b.count === 1);
		if (singles.length > 0 && singles.length < 5) expect(buys.slice(0, singles.length).every((b) => b.count === 1)).toBe(true);
		const text = `${a.verdict?.summary ?? ""} ${a.footnotes.join(" ")}`;
		expect(text).toMatch(/launch MSRP/);
		expect(text).toContain(`$${(buys[0] as Buy).totalLaunchMsrpUsd.toLocaleString("en-US")}`);
	});

	it("a model one card runs: the answer is one card, the cheapest that is not a tight fit", async () => {
		const a = await answerQuery("which gpu should i buy for qwen3 32b", CTX);
		const buys = (a.json as { cheapestToBuy: Buy[] }).cheapestToBuy;
		expect(buys[0]?.count).toBe(1);
		// the 20 GB RX 7900 XT holds a 32B at Q4_K_M only as a tight fit: it is not recommended
		expect(buys.some((b) => b.id === "radeon-rx-7900-xt")).toBe(false);
	});
});
