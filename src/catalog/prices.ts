/**
 * catalog/prices.json: launch MSRPs (US dollars) of common consumer GPUs, each with the announcement
 * report it comes from — for "which GPU should I buy for X" (the cheapest devices that run it well).
 * Launch prices only: street prices change weekly and are not facts of the device. Imported as JSON
 * so the CLI bundle carries it; checked by hand (no zod on the one-shot path): an entry without a
 * positive whole price and an https source is dropped.
 */
import table from "../../catalog/prices.json" with { type: "json" };

export interface LaunchPrice {
	/** US dollars at launch */
	usd: number;
	/** when it was announced (YYYY-MM-DD) */
	announced: string;
	/** the report(s) the price comes from */
	source: string;
}

const prices = new Map<string, LaunchPrice>();
for (const [id, raw] of Object.entries(table.prices as Record<string, Record<string, unknown>>)) {
	const usd = raw.usd;
	if (typeof usd !== "number" || !Number.isInteger(usd) || usd <= 0) continue;
	if (typeof raw.source !== "string" || !raw.source.startsWith("https://") || typeof raw.announced !== "string") continue;
	prices.set(id, { usd, announced: raw.announced, source: raw.source });
}

/** The launch MSRP of a catalog device, or null when the table has none. */
export function launchPriceOf(deviceId: string): LaunchPrice | null {
	return prices.get(deviceId) ?? null;
}

/** The ids of every device with a launch price. */
export function pricedDeviceIds(): string[] {
	return [...prices.keys()];
}
