/**
 * The devices people ask about are in the catalog (issue 14 item 3), each fact with its source, built
 * only from the files under catalog/sources/devices: the numbers asserted here are the sourced ones,
 * so a changed source row or a dropped source fails.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAdditions, buildCpus, buildDeviceCatalog } from "../../scripts/build-catalog-devices.js";
import { getCatalog } from "../../src/catalog/index.js";

const cat = getCatalog();
const GIB = 2 ** 30;
const DIR = join(import.meta.dirname, "..", "..", "catalog", "sources", "devices");

// [device id, GiB, GB/s, a word of the source it must cite]
const FACTS: [string, number, number, string][] = [
	["rtx-5080-laptop", 16, 768, "neowin.net"],
	["rtx-5070-ti-laptop", 12, 576, "neowin.net"],
	["rtx-5070-laptop", 8, 384, "neowin.net"],
	["rtx-5060-laptop", 8, 384, "testoria.pl"],
	["rtx-5050-laptop", 8, 384, "tech-next.pl"],
	["rtx-5090-d-v2", 24, 1344, "wikipedia_gpu_lists_scrape.csv id 526"],
	["radeon-rx-9060-xt-8gb", 8, 320, "wikipedia_gpu_lists_scrape.csv id 1479"],
	["radeon-rx-9070-gre", 12, 432, "wikipedia_gpu_lists_scrape.csv id 1480"],
	["radeon-ai-pro-r9700", 32, 640, "gpus.csv"],
	["arc-pro-b50", 16, 224, "technical.city"],
	["arc-pro-b60", 24, 456, "gpus.csv"],
	["arc-pro-b70", 32, 608, "zolotukhin.ai"],
	["tesla-p40", 24, 345.6, "wikipedia_gpu_lists_scrape.csv id 1046"],
	["mi50-32gb", 32, 1024, "wikipedia_gpu_lists_scrape.csv id 1946"],
	["mi50-16gb", 16, 1024, "wikipedia_gpu_lists_scrape.csv id 1946"],
	["rtx-2080-ti-22gb-modded", 22, 616, "vLLM-2080Ti-Definitive"],
	["rtx-4090-48gb-modded", 48, 1008, "woter.ai"],
	["apple-m5-max-128gb", 128, 614, "mac-dvd.com"],
	["gb300-dgx-station", 288, 8000, "codingmall.com"],
	["radeon-780m-32gb", 32, 102.4, "wikipedia_gpu_lists_scrape.csv id 1988"],
	["arc-140v-lunar-lake-32gb", 32, 136.528, "meterpreter.org"],
	["snapdragon-x-elite-32gb", 32, 136, "mspoweruser.com"],
	["dgx-spark", 128, 273, "gpus.csv"],
	["strix-halo-395-64gb", 64, 256, "gpus.csv"],
];

describe("devices people ask about, each fact sourced", () => {
	it.each(FACTS)("%s: %d GB at %d GB/s, citing %s", (id, gb, gbps, cites) => {
		const d = cat.deviceById.get(id);
		expect(d, id).toBeDefined();
		expect(d?.memoryBytes).toBe(gb * GIB);
		expect(d?.bandwidthBytesPerSecond).toBe(Math.round(gbps * 1e9));
		expect(d?.source.join(" ")).toContain(cites);
	});

	it("every device cites at least one source, and every CPU its channels and speed", () => {
		for (const d of cat.devices) {
			expect(d.source.length, d.id).toBeGreaterThan(0);
			if (d.kind === "cpu" && d.ramFromUser === true) {
				expect(d.source.join(" "), d.id).toMatch(/channels:/);
				expect(d.source.join(" "), d.id).toMatch(/speed:/);
			}
		}
	});

	it("every Apple chip is in the catalog in each memory size it is sold with", () => {
		const sizes = (group: string) =>
			cat.devices
				.filter((d) => d.group === group)
				.map((d) => d.memoryBytes / GIB)
				.sort((a, b) => a - b);
		expect(sizes("apple-m1")).toEqual([8, 16]);
		expect(sizes("apple-m2-max")).toEqual([32, 64, 96]);
		expect(sizes("apple-m3-pro")).toEqual([18, 36]);
		expect(sizes("apple-m3-max-30c")).toEqual([36, 96]);
		expect(sizes("apple-m3-max")).toEqual([48, 64, 128]);
		expect(sizes("apple-m3-ultra")).toEqual([96, 256, 512]);
		expect(sizes("apple-m4-pro")).toEqual([24, 48, 64]);
		expect(sizes("apple-m4-max")).toEqual([48, 64, 128]);
		expect(sizes("apple-m5")).toEqual([16, 24, 32]);
	});

	it("CPU bandwidth is channels × 8 bytes × the supported transfer rate", () => {
		const bw = (id: string) => (cat.deviceById.get(id)?.bandwidthBytesPerSecond ?? 0) / 1e9;
		expect(bw("ryzen-9-9950x")).toBeCloseTo(89.6, 6); // 2 × 8 B × 5600 MT/s
		expect(bw("ryzen-9-7950x")).toBeCloseTo(83.2, 6); // 2 × 8 B × 5200
		expect(bw("core-i9-14900k")).toBeCloseTo(89.6, 6); // Intel's stated 89.6 GB/s
		expect(bw("epyc-9004-genoa")).toBeCloseTo(460.8, 6); // 12 × 8 B × 4800: the 460.8 GB/s sources state
		expect(bw("epyc-9005-turin")).toBeCloseTo(576, 6);
		expect(bw("xeon-sapphire-rapids-4th-gen-xeon-scalable")).toBeCloseTo(307.2, 6);
		expect(bw("xeon-6-6900p-granite-rapids")).toBeCloseTo(614.4, 6);
		expect(bw("cpu-ddr4-dual")).toBeCloseTo(51.2, 6);
		expect(bw("grace-dgx-station-gb300")).toBe(396);
	});

	it("unified machines carry their platform's memory rule", () => {
		expect(cat.deviceById.get("apple-m4-max-128gb")?.unifiedRule).toBe("apple");
		expect(cat.deviceById.get("dgx-spark")?.unifiedRule).toBe("gb10");
		expect(cat.deviceById.get("strix-halo-395-128gb")?.unifiedRule).toBe("strix-halo");
		expect(cat.deviceById.get("radeon-780m-32gb")?.unifiedRule).toBe("igpu");
		expect(cat.deviceById.get("rtx-4090")?.unifiedRule).toBeUndefined();
	});
});

describe("the device build", () => {
	it("reads only catalog/sources/devices and gives the committed devices", () => {
		const built = buildDeviceCatalog(DIR);
		expect(built.devices.map((d) => d.id)).toEqual(cat.devices.map((d) => d.id));
		expect(built.systems.map((s) => s.id)).toEqual(cat.systems.map((s) => s.id));
		// what could not be sourced is reported, not invented
		expect(built.skipped.some((s) => s.includes("unsourced: Radeon 890M"))).toBe(true);
	});

	it("a row without a bandwidth or a bus is refused, not guessed", () => {
		const rows = JSON.parse(readFileSync(join(DIR, "additions.json"), "utf8")) as { devices: Record<string, unknown>[] };
		const row = { ...rows.devices[0], bandwidthGbs: undefined, busBits: undefined };
		expect(() => buildAdditions([row as never])).toThrow(/neither bandwidthGbs nor busBits/);
		expect(() => buildCpus([{ name: "X", vendor: "amd", aliases: [], memoryType: "DDR5", releaseYear: null, sources: {} }], [])).toThrow(
			/channels and transferMTs/,
		);
	});
});
