/**
 * Device words never pick the wrong device (issue 14 item 4, hardware half; issue 15 items 3, 4): a
 * size after a device picks its variant or is refused, counts are words people use, an article is
 * never a device, variant words select a variant or are refused, CPU-only and bare sizes are read the
 * way an expert would (and say so), typos only suggest. Each row is typed the way people type it.
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog, parseHardware, resolveDevice } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";
import type { ParsedQuery } from "../../src/query/types.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
const GIB = 2 ** 30;

type Want = { devices: string; ram?: number; note?: RegExp; exact?: boolean } | { ask: RegExp; suggests?: string };

function devicesOf(q: ParsedQuery): string {
	return (q.hardware?.devices ?? []).map((g) => `${g.count}x${g.device.id}`).join("+");
}

function check(text: string, want: Want): void {
	const r = parseQueryText(text, services.resolvers, services.limits);
	if ("ask" in want) {
		if (r.ok) throw new Error(`“${text}” was answered (${devicesOf(r.query)}) instead of asked`);
		expect(r.error.message).toMatch(want.ask);
		if (want.suggests !== undefined) expect(r.error.didYouMean).toContain(want.suggests);
		return;
	}
	if (!r.ok) throw new Error(`“${text}” asked: ${r.error.message}`);
	expect(devicesOf(r.query)).toBe(want.devices);
	if (want.ram !== undefined) expect(r.query.hardware?.systemMemoryBytes).toBe(want.ram * GIB);
	if (want.note !== undefined) expect(r.query.notes.join(" | ")).toMatch(want.note);
	if (want.exact !== undefined) expect(r.query.hardwareExact).toBe(want.exact);
	// the answer is about what was named: no hardware word is left over as "ignored"
	expect(r.query.ignored).toEqual([]);
}

// [typed question, what the hardware must be]
const PHRASES: [string, Want][] = [
	// a size right after a device picks its variant, never a second device
	["can my m3 max 36gb run qwen3 32b", { devices: "1xapple-m3-max-30c-36gb", exact: true }],
	["qwen3 32b on m3 max 96gb", { devices: "1xapple-m3-max-30c-96gb" }],
	["qwen3 32b on m3 max 48gb", { devices: "1xapple-m3-max-48gb" }],
	["qwen3 32b rtx 3060 12gb", { devices: "1xrtx-3060-12gb" }],
	["qwen3 32b rtx 3060 8gb", { devices: "1xrtx-3060-8gb" }],
	["qwen3 8b 4060 ti 8gb", { devices: "1xrtx-4060-ti-8gb" }],
	["qwen3 8b 4060 ti 16gb", { devices: "1xrtx-4060-ti-16gb" }],
	["qwen3 8b 5060 ti 16gb", { devices: "1xrtx-5060-ti-16gb" }],
	["qwen3 8b 5060 ti 8gb", { devices: "1xrtx-5060-ti-8gb" }],
	["qwen3 8b 9060 xt 8gb", { devices: "1xradeon-rx-9060-xt-8gb" }],
	["qwen3 8b 9060 xt 16gb", { devices: "1xradeon-rx-9060-xt-16gb" }],
	["qwen3 8b h100 80gb", { devices: "1xh100-sxm" }],
	["qwen3 8b mi50 16gb", { devices: "1xmi50-16gb" }],
	["qwen3 8b 2x mi50 32gb", { devices: "2xmi50-32gb" }],
	["qwen3 8b 4090 48gb", { devices: "1xrtx-4090-48gb-modded" }],
	["qwen3 8b 2080 ti 22gb", { devices: "1xrtx-2080-ti-22gb-modded" }],
	["qwen3 32b 4090 36gb", { ask: /not sold with 36 GB/ }],
	["qwen3 32b 3090 64gb", { ask: /not sold with 64 GB.*64gb ram/ }],
	["qwen3 32b m3 pro 24gb", { ask: /not sold with 24 GB \(18\/36 GB\)/ }],
	["qwen3 32b m3 max 256gb", { ask: /not sold with 256 GB/ }],
	["qwen3 32b 5090 48gb", { ask: /not sold with 48 GB/ }],
	["qwen3 32b h100 96gb", { ask: /not sold with 96 GB/ }],
	// counts as people say them; an article is never a device
	["two 4090s and a 3090 qwen3 32b", { devices: "2xrtx-4090+1xrtx-3090" }],
	["qwen3 32b pair of 3090s", { devices: "2xrtx-3090" }],
	["qwen3 32b a pair of 3090s", { devices: "2xrtx-3090" }],
	["qwen3 32b couple of 4090s", { devices: "2xrtx-4090" }],
	["qwen3 32b a couple of 3090s", { devices: "2xrtx-3090" }],
	["qwen3 32b dual 3090", { devices: "2xrtx-3090" }],
	["qwen3 32b twin 4090s", { devices: "2xrtx-4090" }],
	["qwen3 32b three 3090s", { devices: "3xrtx-3090" }],
	["qwen3 32b quad 3090", { devices: "4xrtx-3090" }],
	["qwen3 32b eight h100s", { devices: "8xh100-sxm" }],
	["qwen3 32b 2x rtx 3090", { devices: "2xrtx-3090" }],
	["qwen3 32b 3x 3090", { devices: "3xrtx-3090" }],
	["qwen3 32b 4 x 3090", { devices: "4xrtx-3090" }],
	["qwen3 32b 4 3090s", { devices: "4xrtx-3090" }],
	["qwen3 32b 3090 x2", { devices: "2xrtx-3090" }],
	["qwen3 32b 8 h100s", { devices: "8xh100-sxm" }],
	["qwen3 32b a 4090", { devices: "1xrtx-4090" }],
	["qwen3 32b one 4090", { devices: "1xrtx-4090" }],
	["qwen3 32b a 3090 and a 3060", { devices: "1xrtx-3090+1xrtx-3060-12gb" }],
	["qwen3 32b 4090 + 3090", { devices: "1xrtx-4090+1xrtx-3090" }],
	["qwen3 32b -3x h100", { ask: /count must be at least 1/ }],
	["qwen3 32b 0x4090", { ask: /count must be at least 1/ }],
	["qwen3 32b -1x 3090", { ask: /count must be at least 1/ }],
	["qwen3 32b 65x h100", { ask: /more than the 64/ }],
	["qwen3 32b 9999x4090", { ask: /more than the 64/ }],
	// variant words select a variant or are refused (never the base card)
	["qwen3 8b 5070 ti laptop", { devices: "1xrtx-5070-ti-laptop", exact: true }],
	["qwen3 8b 5070 ti mobile", { devices: "1xrtx-5070-ti-laptop" }],
	["qwen3 8b rtx 5070 laptop", { devices: "1xrtx-5070-laptop" }],
	["qwen3 8b 5080 laptop", { devices: "1xrtx-5080-laptop" }],
	["qwen3 8b 5060 laptop", { devices: "1xrtx-5060-laptop" }],
	["qwen3 8b 5050 laptop", { devices: "1xrtx-5050-laptop" }],
	["qwen3 8b 5090 laptop", { devices: "1xrtx-5090-laptop" }],
	["qwen3 8b rtx 4090 laptop", { devices: "1xrtx-4090-laptop" }],
	["qwen3 8b 4070 super", { devices: "1xrtx-4070-super" }],
	["qwen3 8b 4070 ti super", { devices: "1xrtx-4070-ti-super" }],
	["qwen3 8b 4090 d", { devices: "1xrtx-4090-d" }],
	["qwen3 8b 5090 d v2", { devices: "1xrtx-5090-d-v2" }],
	["qwen3 8b 5090 d", { devices: "1xrtx-5090-d" }],
	["qwen3 8b rx 9070 gre", { devices: "1xradeon-rx-9070-gre" }],
	["qwen3 8b 9070 xt", { devices: "1xradeon-rx-9070-xt" }],
	["qwen3 8b 7900 xtx", { devices: "1xradeon-rx-7900-xtx" }],
	["qwen3 8b 7900xtx", { devices: "1xradeon-rx-7900-xtx" }],
	["qwen3 8b m2 ultra 192gb", { devices: "1xapple-m2-ultra-192gb" }],
	["qwen3 8b 5080 super", { ask: /I don't know a “5080 super”.*RTX 5080/, suggests: "GeForce RTX 5080" }],
	["qwen3 8b 3090 laptop", { ask: /I don't know a “3090 laptop”/ }],
	["qwen3 8b 4060 xt", { ask: /I don't know a “4060 xt”/ }],
	["qwen3 8b 5090 ultra", { ask: /I don't know a “5090 ultra”/ }],
	["qwen3 8b 3080 gre", { ask: /I don't know a “3080 gre”/ }],
	["qwen3 8b 4090 pro", { ask: /I don't know a “4090 pro”/ }],
	["qwen3 8b on my 3090 max context", { devices: "1xrtx-3090" }],
	// Apple: every memory configuration, and a bare chip says which size it assumed
	["qwen3 8b m1 16gb", { devices: "1xapple-m1-16gb" }],
	["qwen3 8b m1 8gb", { devices: "1xapple-m1-8gb" }],
	["qwen3 8b m2 24gb", { devices: "1xapple-m2-24gb" }],
	["qwen3 8b m3 pro 18gb", { devices: "1xapple-m3-pro-18gb" }],
	["qwen3 8b m4 24gb", { devices: "1xapple-m4-24gb" }],
	["qwen3 8b m4 pro 48gb", { devices: "1xapple-m4-pro-48gb" }],
	["qwen3 8b m4 max 36gb", { devices: "1xapple-m4-max-32c-36gb" }],
	["qwen3 8b m4 max 128gb", { devices: "1xapple-m4-max-128gb" }],
	["qwen3 8b m5 32gb", { devices: "1xapple-m5-32gb" }],
	["qwen3 8b m5 max", { devices: "1xapple-m5-max-128gb" }],
	["qwen3 8b m3 ultra 512gb", { devices: "1xapple-m3-ultra-512gb" }],
	["qwen3 8b mac studio m3 ultra 256gb", { devices: "1xapple-m3-ultra-256gb" }],
	["qwen3 8b macbook pro m4 max 64gb", { devices: "1xapple-m4-max-64gb" }],
	["qwen3 8b m3 max", { devices: "1xapple-m3-max-128gb", note: /comes with 36\/48\/64\/96\/128 GB; assumed 128 GB/, exact: false }],
	// unified machines by brand (Strix Halo, GB10), systems, workstation and datacenter cards
	["qwen3 8b framework desktop", { devices: "1xstrix-halo-395-128gb", note: /assumed 128 GB/ }],
	["qwen3 8b framework desktop 64gb", { devices: "1xstrix-halo-395-64gb" }],
	["qwen3 8b gmktec evo-x2", { devices: "1xstrix-halo-395-128gb" }],
	["qwen3 8b asus rog flow z13 64gb", { devices: "1xstrix-halo-395-64gb" }],
	["qwen3 8b hp zbook ultra g1a 128gb", { devices: "1xstrix-halo-395-128gb" }],
	["qwen3 8b ryzen ai max+ 395 128gb", { devices: "1xstrix-halo-395-128gb" }],
	["qwen3 8b strix halo 32gb", { devices: "1xstrix-halo-395-32gb" }],
	["qwen3 8b dgx spark", { devices: "1xdgx-spark" }],
	["qwen3 8b lenovo thinkstation pgx", { devices: "1xdgx-spark" }],
	["qwen3 8b dell pro max gb10", { devices: "1xdgx-spark" }],
	["qwen3 8b asus ascent gx10", { devices: "1xdgx-spark" }],
	["qwen3 8b dgx station", { devices: "1xgb300-dgx-station+1xgrace-dgx-station-gb300", ram: 496 }],
	["qwen3 8b b60 dual", { devices: "2xarc-pro-b60" }],
	["qwen3 8b 2x b60 dual", { devices: "4xarc-pro-b60" }],
	["qwen3 8b arc pro b50", { devices: "1xarc-pro-b50" }],
	["qwen3 8b arc pro b60", { devices: "1xarc-pro-b60" }],
	["qwen3 8b arc pro b70", { devices: "1xarc-pro-b70" }],
	["qwen3 8b 2x b70", { devices: "2xarc-pro-b70" }],
	["qwen3 8b r9700", { devices: "1xradeon-ai-pro-r9700" }],
	["qwen3 8b 4x p40", { devices: "4xtesla-p40" }],
	["qwen3 8b tesla p40", { devices: "1xtesla-p40" }],
	["qwen3 8b mi50", { devices: "1xmi50-32gb", note: /comes with 16\/32 GB/ }],
	["qwen3 8b dgx h100", { devices: "8xh100-sxm", ram: 2048 }],
	// integrated GPUs share the RAM
	["qwen3 8b snapdragon x elite 32gb", { devices: "1xsnapdragon-x-elite-32gb", exact: true }],
	["qwen3 8b snapdragon x elite", { devices: "1xsnapdragon-x-elite-64gb", note: /assumed 64 GB/ }],
	["qwen3 8b 780m 32gb", { devices: "1xradeon-780m-32gb" }],
	["qwen3 8b radeon 780m 16gb", { devices: "1xradeon-780m-16gb" }],
	["qwen3 8b lunar lake 32gb", { devices: "1xarc-140v-lunar-lake-32gb" }],
	["qwen3 8b core ultra 7 258v 16gb", { devices: "1xarc-140v-lunar-lake-16gb" }],
	["qwen3 8b snapdragon x elite 48gb", { ask: /not sold with 48 GB/ }],
	// CPUs: the size after a CPU is its RAM; CPU-only words; RAM alone means no GPU (and says so)
	["qwen3 32b 9950x 64gb", { devices: "1xryzen-9-9950x", ram: 64, exact: true }],
	["qwen3 32b ryzen 9 9950x 96gb ram", { devices: "1xryzen-9-9950x", ram: 96 }],
	["qwen3 32b 7950x 128gb ddr5", { devices: "1xryzen-9-7950x", ram: 128 }],
	["qwen3 32b i9-14900k 96gb ram", { devices: "1xcore-i9-14900k", ram: 96 }],
	["qwen3 32b core ultra 9 285k 64gb ram", { devices: "1xcore-ultra-9-285k", ram: 64 }],
	["llama 3.1 70b epyc 9654 768gb ram", { devices: "1xepyc-9004-genoa", ram: 768 }],
	["llama 3.1 70b epyc turin 1152gb", { devices: "1xepyc-9005-turin", ram: 1152 }],
	["llama 3.1 70b xeon 6980p 1536gb ram", { devices: "1xxeon-6-6900p-granite-rapids", ram: 1536 }],
	["llama 3.1 70b sapphire rapids 512gb ram", { devices: "1xxeon-sapphire-rapids-4th-gen-xeon-scalable", ram: 512 }],
	// a named CPU without its RAM: canirun answers with the RAM it needs, assumed and stated (exact: false)
	["qwen3 32b on my 9950x", { devices: "1xryzen-9-9950x", exact: false }],
	["qwen3 32b core i9 14900k", { devices: "1xcore-i9-14900k", exact: false }],
	["bestfit on my 9950x", { ask: /How much RAM does your Ryzen 9 9950X have/ }],
	["qwen3 32b cpu only 64gb ram", { devices: "1xcpu-ddr5-dual", ram: 64, note: /CPU only with 64 GB of RAM, read at 90 GB\/s/, exact: false }],
	["qwen3 32b cpu only 64gb", { devices: "1xcpu-ddr5-dual", ram: 64 }],
	["qwen3 32b no gpu 32gb ddr5", { devices: "1xcpu-ddr5-dual", ram: 32 }],
	["qwen3 32b no gpu 64gb ddr4", { devices: "1xcpu-ddr4-dual", ram: 64, note: /51 GB\/s/ }],
	["qwen3 32b no gpu, 64gb ram", { devices: "1xcpu-ddr5-dual", ram: 64 }],
	["qwen3 32b 64gb ram", { devices: "1xcpu-ddr5-dual", ram: 64, note: /no GPU: CPU only/ }],
	["qwen3 32b --ram 64gb", { devices: "1xcpu-ddr5-dual", ram: 64 }],
	["qwen3 32b on cpu", { ask: /CPU only: how much RAM/ }],
	["qwen3 32b 3090 +64gb ram", { devices: "1xrtx-3090", ram: 64 }],
	["qwen3 32b 3090 with 64gb ram", { devices: "1xrtx-3090", ram: 64 }],
	["qwen3 32b 2x3090 + 128gb ram", { devices: "2xrtx-3090", ram: 128 }],
	// bare sizes: card sizes are a typical card (stated); other sizes are asked, never a 2 TB/s GPU
	["qwen3 8b 24gb", { devices: "1xgeneric-24gb", note: /read as a 24 GB GPU at 936 GB\/s/, exact: false }],
	["qwen3 8b 16gb vram", { devices: "1xgeneric-16gb", note: /16 GB GPU at 288 GB\/s/ }],
	["qwen3 8b 8gb", { devices: "1xgeneric-8gb" }],
	["qwen3 32b 64gb vram", { devices: "1xgeneric-64gb", note: /64 GB GPU at 768 GB\/s/ }],
	["qwen3 32b 64gb", { ask: /Is 64 GB your GPU memory or your system RAM/ }],
	["qwen3 32b 128gb", { ask: /Is 128 GB your GPU memory or your system RAM/ }],
	["qwen3 32b 80gb", { ask: /Is 80 GB your GPU memory/ }],
	// typos only suggest
	["qwen3 8b rtx 409", { ask: /I don't know the GPU “rtx 409”/, suggests: "GeForce RTX 4090" }],
	["qwen3 8b rtx 4900", { ask: /I don't know the GPU “rtx 4900”/ }],
	["qwen3 8b gtx1090", { ask: /I don't know the GPU “gtx1090”/ }],
	["qwen3 8b radeon 7900", { ask: /I don't know the GPU “radeon 7900”/, suggests: "Radeon RX 7900 XTX" }],
	["qwen3 8b 4090ti", { ask: /I don't know the GPU “4090ti” \(did you mean GeForce RTX 4090\?\)/ }],
	["qwen3 8b 3090super", { ask: /I don't know the GPU “3090super”/, suggests: "GeForce RTX 3090" }],
	["qwen3 8b a6000 ada", { ask: /I don't know a “a6000 ada”/, suggests: "RTX 6000 Ada" }],
	["qwen3 8b h100 pcie", { devices: "1xh100-pcie" }],
	["qwen3 8b 3060ti", { devices: "1xrtx-3060-ti" }],
	["qwen3 8b 3090 36 gb", { ask: /not sold with 36 GB/ }],
	["qwen3 8b 3060 12 gb", { devices: "1xrtx-3060-12gb" }],
	["qwen3 8b m3 max 36 gb", { devices: "1xapple-m3-max-30c-36gb" }],
	["qwen3 8b with a 4090 and 2 3090s", { devices: "1xrtx-4090+2xrtx-3090" }],
	// hostile or odd
	["qwen3 8b 3090 +0gb ram", { ask: /not a memory size/ }],
	["qwen3 8b -1gb", { ask: /not a memory size/ }],
	["qwen3 8b 2×4090", { devices: "2xrtx-4090" }],
	["qwen3 8b 2.5x 3090", { ask: /count must be at least 1 and whole/ }],
	["qwen3 8b 3090 x 0", { ask: /count must be at least 1/ }],
	["qwen3 8b 99999999999999999999x4090", { ask: /more than the 64/ }],
	["qwen3 8b 99999999999999999999gb", { ask: /not a GPU memory size/ }],
	["qwen3 8b cpu only 0gb ram", { ask: /not a memory size/ }],
	["QWEN3 8B RTX 4090", { devices: "1xrtx-4090" }],
	// a bare number after a device: its memory variant, or asked — never ignored (the answer was the 128 GB M4 Max)
	["llama 3.1 70b m4 max 64", { devices: "1xapple-m4-max-64gb" }],
	["llama 3.1 70b m2 ultra 192", { devices: "1xapple-m2-ultra-192gb" }],
	["qwen3 32b m4 pro 48", { devices: "1xapple-m4-pro-48gb" }],
	["qwen3 32b m4 16", { devices: "1xapple-m4-16gb" }],
	["qwen3 8b 4060 ti 16", { devices: "1xrtx-4060-ti-16gb" }],
	["qwen3 32b m4 max 96", { ask: /not sold with 96 GB/ }],
	["qwen3 32b 3090 2", { ask: /Is 2 the number of cards/, suggests: "2x 3090" }],
	["qwen3 32b 3090 16", { ask: /not sold with 16 GB/ }],
	["qwen3 32b 3090 2 4090s", { devices: "1xrtx-3090+2xrtx-4090" }],
	// a number and its unit typed apart
	["llama 3.1 70b 3090 4 bit", { devices: "1xrtx-3090" }],
	["llama 3.1 70b 4 bit 3090", { devices: "1xrtx-3090" }],
	["qwen3 32b 3090 32 k", { devices: "1xrtx-3090" }],
	// plurals of names that end in a letter; a plural after a count keeps an S card ("l40s")
	["gpt oss 120b on 2 dgx sparks", { devices: "2xdgx-spark" }],
	["qwen3 32b 2 l40s", { devices: "2xl40s" }],
	["qwen3 32b 2x l40s", { devices: "2xl40s" }],
	["qwen3 32b 2x a10s", { devices: "2xa10" }],
	// gigabytes as people say them
	["gpt oss 120b 3090 and 64 gigs of ram", { devices: "1xrtx-3090", ram: 64 }],
	["qwen3 8b 24 gig vram", { devices: "1xgeneric-24gb" }],
	// a CPU's tier word before its model, CPU-only words after the RAM
	["qwen3 30b a3b i9 14900k 96gb ddr5", { devices: "1xcore-i9-14900k", ram: 96 }],
	["qwen3 30b a3b i9 14900k", { devices: "1xcore-i9-14900k", exact: false }],
	["qwen3 8b ryzen 9 7950x 64gb ram cpu only", { devices: "1xryzen-9-7950x", ram: 64 }],
	["qwen3 8b 32gb ddr4 no gpu", { devices: "1xcpu-ddr4-dual", ram: 32 }],
	["qwen3 8b 64gb ram cpu only", { devices: "1xcpu-ddr5-dual", ram: 64 }],
	// a Mac's own words before its chip
	["qwen3 32b macbook m3 8gb", { devices: "1xapple-m3-8gb" }],
	["qwen3 32b on my macbook pro m4 max 128gb", { devices: "1xapple-m4-max-128gb" }],
	["qwen3 32b mac mini m4 pro 64gb", { devices: "1xapple-m4-pro-64gb" }],
	// "laptop" anywhere picks the laptop part, or is asked about
	["llama 3.1 8b laptop 4070", { devices: "1xrtx-4070-laptop", note: /read as the GeForce RTX 4070 Laptop/ }],
	["llama 3.1 8b on my laptop with a 3070", { devices: "1xrtx-3070-laptop" }],
	["my laptop has a 4060 and 16gb ram, can it run qwen3 8b", { devices: "1xrtx-4060-laptop", ram: 16 }],
	["llama 3.1 8b 4070 laptop", { devices: "1xrtx-4070-laptop" }],
	["llama 3.1 8b on my laptop m3 pro 18gb", { devices: "1xapple-m3-pro-18gb" }],
	["llama 3.1 8b laptop 3090", { ask: /I don't know a laptop GeForce RTX 3090/ }],
	["laptop with a 4090 and a 3090, qwen3 32b", { ask: /Which of these is in your laptop/ }],
	// two machines to choose between are asked about, never summed into one
	["3090 or 4090 for qwen3 32b", { ask: /Which one: “3090” or “4090”/ }],
	["should i get a 3090 or a 4090 for qwen3 32b", { ask: /Which one/ }],
	["qwen3 32b 3090 vs 4090", { ask: /Which one/ }],
	["qwen3 32b 3090 and 4090", { devices: "1xrtx-3090+1xrtx-4090" }],
	// counts and variants people type
	["qwen3 32b a couple 3090s", { devices: "2xrtx-3090" }],
	["qwen3 32b pair 3090s", { devices: "2xrtx-3090" }],
	["deepseek r1 gb200 nvl72", { ask: /I don't know a “gb200 nvl72”/ }],
	// RAM named before its size, after the card
	["qwen3 32b 4090 ram 32gb", { devices: "1xrtx-4090", ram: 32 }],
	// a CPU named by a three-digit "k" is the CPU, not a context; a context stays a context
	["qwen3 8b 285k 64gb ddr5", { devices: "1xcore-ultra-9-285k", ram: 64 }],
	// a card sold in several memory sizes, named without one: the usual card, with the size assumed said
	["qwen3 8b 4060 ti", { devices: "1xrtx-4060-ti-8gb", note: /4060 ti comes with 8\/16 GB; assumed 8 GB/, exact: false }],
	["qwen3 8b 3080", { devices: "1xrtx-3080-10gb", note: /comes with 10\/12 GB; assumed 10 GB/, exact: false }],
	["qwen3 8b 2x 5060 ti", { devices: "2xrtx-5060-ti-16gb", exact: false }],
	["qwen3 8b 4090", { devices: "1xrtx-4090", exact: true }],
	["qwen3 8b 3090", { devices: "1xrtx-3090", exact: true }],
	// devices the catalog has no numbers for are asked about, never left out of the answer
	["qwen3 8b on my phone", { ask: /no numbers for “phone”/ }],
	["qwen3 8b steam deck", { ask: /no numbers for/ }],
	["can i run qwen3 8b on free colab", { ask: /no numbers for “colab”/ }],
];

describe("hardware words in questions", () => {
	it("covers at least 120 typed phrases", () => {
		expect(PHRASES.length).toBeGreaterThanOrEqual(120);
	});
	it.each(PHRASES)("%s", (text, want) => check(text, want));
});

describe("the hardware flag (typo-tolerant text) only suggests", () => {
	it.each([
		["rtx 4090x", "GeForce RTX 4090"],
		["rtx 30900", "GeForce RTX 3090"],
		["3090tii", "GeForce RTX 3090 Ti"],
		["rtx 4080 supr", "GeForce RTX 4080 Super"],
		["radeon 7900xtxx", "Radeon RX 7900 XTX"],
	])("%s is refused with %s offered", (typed, offered) => {
		const r = parseHardware(cat, typed);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.candidates).toContain(offered);
	});
	it("no fuzzy search on a text longer than any device name", () => {
		const r = resolveDevice(cat, "x".repeat(500));
		expect(r.match).toBeNull();
		expect(r.candidates).toEqual([]);
	});
});

describe("a size after any device never adds a second device", () => {
	// every catalog device as people name it, followed by sizes it may or may not be sold with
	const named = cat.devices.filter((d) => d.kind !== "cpu" && d.aliases.length > 0).map((d) => ({ d, alias: d.aliases[0] ?? d.name }));
	const SIZES = [8, 12, 16, 24, 36, 48, 64, 96, 128];
	it.each(named.map(({ d, alias }) => [alias, d.id] as const))("%s + size", (alias) => {
		for (const gb of SIZES) {
			const r = parseQueryText(`qwen3 8b ${alias} ${gb}gb`, services.resolvers, services.limits);
			if (!r.ok) continue; // refused (asked): allowed
			const devices = r.query.hardware?.devices ?? [];
			// one kind of device, sized as typed, never a generic card beside it
			expect(devices.length, `${alias} ${gb}gb → ${devicesOf(r.query)}`).toBe(1);
			expect(devices[0]?.device.id.startsWith("generic-")).toBe(false);
			expect(Math.round((devices[0]?.device.memoryBytes ?? 0) / GIB), `${alias} ${gb}gb`).toBe(gb);
		}
	});
});

describe("a named CPU with CPU-only words: the words say nothing more, and a bare size is its RAM", () => {
	it.each([
		["ryzen 9 7950x cpu only 64gb", "ryzen-9-7950x", 64],
		["7950x cpu only 64gb ram", "ryzen-9-7950x", 64],
		["ryzen 9 7950x cpu only with 64gb", "ryzen-9-7950x", 64],
		["cpu only with 32gb", null, 32],
		["no gpu, 16gb", null, 16],
	] as const)("%s", (typed, cpuId, gb) => {
		const r = parseHardware(cat, typed);
		expect(r.ok, typed).toBe(true);
		if (!r.ok) return;
		expect(r.hardware.systemMemoryBytes).toBe(gb * GIB);
		expect(r.hardware.devices).toHaveLength(1);
		const d = r.hardware.devices[0]?.device;
		expect(d?.kind).toBe("cpu");
		if (cpuId !== null) expect(d?.id).toBe(cpuId);
	});
	it("a named CPU without its RAM: canirun carries the question to answer with a stated assumption, other commands ask it", () => {
		const r = parseHardware(cat, "ryzen 9 7950x cpu only");
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.hardware.systemMemoryBytes).toBeNull();
			expect(r.ramQuestion).toMatch(/How much RAM does your Ryzen 9 7950X have/);
			expect(r.exact).toBe(false);
		}
		const q = parseQueryText("gpt-oss-20b ryzen 9 7950x cpu only", services.resolvers, services.limits);
		expect(q.ok).toBe(true);
		if (q.ok) expect(q.query.ramQuestion).toMatch(/How much RAM/);
		const b = parseQueryText("bestfit ryzen 9 7950x cpu only", services.resolvers, services.limits);
		expect(b.ok).toBe(false);
		if (!b.ok) expect(b.error.message).toMatch(/How much RAM/);
		// the RAM given as a setting is the CPU's
		const s = parseQueryText("gpt-oss-20b ryzen 9 7950x cpu only ram=64gb", services.resolvers, services.limits);
		expect(s.ok && s.query.ramQuestion === undefined && s.query.hardware?.devices[0]?.device.memoryBytes === 64 * GIB).toBe(true);
	});
	it("a GPU with a bare size is not read as RAM by these words", () => {
		const r = parseHardware(cat, "rtx 4090 only");
		if (r.ok) expect(r.hardware.devices.every((g) => g.device.kind !== "cpu")).toBe(true);
	});
});
