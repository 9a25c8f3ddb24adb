import { describe, expect, it } from "vitest";
import { allCommands, answerCommand, answerQuery, completeOption, createCommandLayer } from "../../commands/index.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { type Catalog, getCatalog } from "../../src/catalog/index.js";
import type { Answer } from "../../src/answer/answer.js";

const CTX = { platform: "cli" } as const;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

function withModel(cat: Catalog, id: string, change: (m: Catalog["models"][number]) => Catalog["models"][number]): Catalog {
	const models = cat.models.map((m) => (m.id === id ? change(m) : m));
	return { ...cat, models, modelById: new Map(models.map((m) => [m.id, m])) };
}

function withDevice(cat: Catalog, id: string, change: (d: Catalog["devices"][number]) => Catalog["devices"][number]): Catalog {
	const devices = cat.devices.map((d) => (d.id === id ? change(d) : d));
	return { ...cat, devices, deviceById: new Map(devices.map((d) => [d.id, d])) };
}

function memory(a: Answer): Json {
	return obj(obj(a.json).memory);
}

describe("command layer API", () => {
	it("exposes canirun, vram, gpus, bestfit and help as data", () => {
		expect(allCommands.map((c) => c.name)).toEqual(["canirun", "vram", "gpus", "bestfit", "help"]);
		for (const c of allCommands) {
			expect(c.name).toMatch(/^[a-z]{1,32}$/);
			expect(c.description.length).toBeLessThanOrEqual(100);
			for (const o of c.options) {
				expect(o.name).toMatch(/^[a-z]{1,32}$/);
				expect(o.description.length).toBeLessThanOrEqual(100);
				expect(o.autocomplete !== null && o.choices !== null).toBe(false);
			}
		}
	});

	it("answers slash-command options by name", async () => {
		const a = await answerCommand("canirun", { model: "qwen3 32b", quant: "q4_k_m", hardware: "2x3090", context: "32k" }, CTX);
		expect(a.kind).toBe("canirun");
		const j = obj(a.json);
		expect(obj(j.model).id).toBe("qwen3-32b");
		expect(j.contextTokens).toBe(32768);
		expect(obj(j.hardware).devices).toEqual([expect.objectContaining({ id: "rtx-3090", count: 2 })]);
	});

	it("runs a BotCommand handler with its options", async () => {
		const vram = allCommands.find((c) => c.name === "vram");
		const a = await vram?.handler({ model: "llama 3.1 8b", context: "8k" }, CTX);
		expect(a?.kind).toBe("vram");
	});

	it("turns a bad slash option into an error answer with suggestions", async () => {
		const a = await answerCommand("canirun", { model: "qwen9 32b", hardware: "3090" }, CTX);
		expect(a.kind).toBe("error");
		expect(a.didYouMean.length).toBeGreaterThan(0);
	});

	it("autocompletes models, quants and hardware within the limit", () => {
		expect(completeOption("model", "qwen3 3", 5).length).toBeGreaterThan(0);
		expect(completeOption("quant", "q4", 25).length).toBeGreaterThan(0);
		expect(completeOption("hardware", "409", 3).length).toBeLessThanOrEqual(3);
	});
});

describe("canirun", () => {
	it("gives verdict, per-device usage, speed and run hints", async () => {
		const a = await answerQuery("canirun llama-3.1-8b-instruct q4_k_m 4090 8k", CTX);
		expect(a.verdict?.label).toBe("Yes");
		expect(a.usage).toHaveLength(1);
		expect(a.usage[0]?.usedBytes).toBeLessThanOrEqual(a.usage[0]?.capacityBytes ?? 0);
		const j = obj(a.json);
		expect(obj(j.fit).verdict).toBe("fits");
		expect(obj(j.speed).decodeTokensPerSecond).toBeGreaterThan(0);
		expect(a.runHints.some((h) => h.command.startsWith("llama-server") && h.command.includes("-c 8192"))).toBe(true);
		expect(a.footnotes.join(" ")).toMatch(/runtime llama\.cpp/);
	});

	it("picks the best quantization that fits when none is named", async () => {
		const a = await answerQuery("can my 3090 run qwen3 32b", CTX);
		const j = obj(a.json);
		expect(j.quantAutoPicked).toBe(true);
		expect(obj(j.fit).verdict).toBe("fits");
	});

	it("says no for DeepSeek R1 on 2x4090 and suggests what to do instead", async () => {
		const a = await answerQuery("deepseek-r1 q4_k_m 2x4090 32k", CTX);
		expect(a.verdict?.label).toBe("No");
		expect(obj(a.json).speed).toBe(null);
		const texts = a.suggestions.map((s) => s.text).join("\n");
		expect(texts).toMatch(/Distill/);
		expect(texts).toMatch(/It would take \d+× GeForce RTX 4090/);
		expect(texts).toMatch(/system RAM/);
	});

	it("offloads with system RAM and says so", async () => {
		const a = await answerQuery("llama 3.1 70b q4_k_m 3090 +64gb ram", CTX);
		expect(obj(obj(a.json).fit).verdict).toBe("offload");
		expect(a.usage.some((u) => u.label === "System RAM")).toBe(true);
		expect(a.runHints.find((h) => h.label === "llama.cpp")?.command).toMatch(/-ngl \d+/);
	});

	it("shows the VRAM card when no hardware is given", async () => {
		const a = await answerQuery("canirun qwen3 32b", CTX);
		expect(a.kind).toBe("vram");
		expect(a.tables[0]?.rows.length).toBeGreaterThan(5);
	});

	it("keeps every follow-up query short and answerable", async () => {
		const answers = await Promise.all(
			["deepseek-r1 q4_k_m 2x4090 32k", "can my 3090 run qwen3 32b", "bestfit 2x3090", "gpus qwen3 32b", "vram llama 3.1 70b"].map((q) => answerQuery(q, CTX)),
		);
		for (const a of answers) {
			expect(a.actions.length).toBeGreaterThan(0);
			for (const act of a.actions) {
				expect(act.query.length).toBeLessThanOrEqual(90);
				const again = await answerQuery(act.query, CTX);
				expect(again.kind, act.query).not.toBe("error");
				expect(again.ignored ?? [], act.query).toEqual([]);
			}
			for (const s of a.suggestions) if (s.query !== null) expect((await answerQuery(s.query, CTX)).kind, s.query).not.toBe("error");
		}
	});
});

describe("numbers come from the catalog and the engine", () => {
	const base = getCatalog();

	it("doubles the KV cache when a model's KV heads double", async () => {
		const layer = createCommandLayer(() => servicesFromCatalog(base));
		const changed = createCommandLayer(() =>
			servicesFromCatalog(withModel(base, "qwen3-32b", (m) => ({ ...m, attention: { ...m.attention, kvHeads: m.attention.kvHeads * 2 } }))),
		);
		const q = "qwen3-32b q4_k_m 4090 32k kv=f16";
		const before = memory(await layer.answerQuery(q, CTX));
		const after = memory(await changed.answerQuery(q, CTX));
		expect(after.kvCacheBytes).toBe((before.kvCacheBytes as number) * 2);
	});

	it("changes the verdict when a device's memory changes", async () => {
		const q = "qwen3-32b q8_0 3090";
		const layer = createCommandLayer(() => servicesFromCatalog(base));
		const bigger = createCommandLayer(() => servicesFromCatalog(withDevice(base, "rtx-3090", (d) => ({ ...d, memoryBytes: 96 * 2 ** 30 }))));
		expect(obj(obj((await layer.answerQuery(q, CTX)).json).fit).verdict).not.toBe("fits");
		expect(obj(obj((await bigger.answerQuery(q, CTX)).json).fit).verdict).toBe("fits");
	});

	it("changes the speed when a device's bandwidth changes", async () => {
		const q = "llama-3.1-8b-instruct q4_k_m 4090";
		const speed = async (cat: Catalog) =>
			obj(obj((await createCommandLayer(() => servicesFromCatalog(cat)).answerQuery(q, CTX)).json).speed).decodeTokensPerSecond as number;
		const slow = await speed(withDevice(base, "rtx-4090", (d) => ({ ...d, bandwidthBytesPerSecond: Math.round(d.bandwidthBytesPerSecond / 2) })));
		expect(slow).toBeLessThan(await speed(base));
	});
});

describe("vram, gpus, bestfit, help", () => {
	it("vram lists quantizations with download and VRAM at two contexts", async () => {
		const a = await answerQuery("how much vram for llama 3.1 70b at 32k", CTX);
		const t = a.tables[0];
		expect(t?.columns).toEqual(["Quant", "Bits/weight", "Download", "VRAM @ 32K", "VRAM @ 128K", "Quality"]);
		const quants = obj(a.json).quants as Json[];
		const bits = quants.map((q) => q.fileBytes as number);
		expect([...bits].sort((x, y) => y - x)).toEqual(bits);
	});

	it("vram highlights the download size", async () => {
		const a = await answerQuery("download size of deepseek r1", CTX);
		expect(a.verdict?.summary).toMatch(/download/);
		expect(memory(a).fileBytes).toBeGreaterThan(300e9);
	});

	it("gpus says no single GPU can run DeepSeek R1 at Q4 and gives the fewest", async () => {
		const a = await answerQuery("which gpus can run deepseek r1", CTX);
		expect(a.verdict?.label).toBe("No single GPU");
		const j = obj(a.json);
		expect(j.noSingleGpu).toBe(true);
		expect((j.fewestGpus as Json[]).length).toBeGreaterThan(0);
	});

	it("gpus grades single GPUs for a small model", async () => {
		const a = await answerQuery("gpus llama 3.1 8b", CTX);
		const rows = obj(a.json).singleGpus as Json[];
		expect(rows.length).toBeGreaterThan(5);
		for (const r of rows) expect(["fast", "usable", "slow", "tight fit"]).toContain(r.grade);
	});

	it("bestfit lists models that fit, strongest first", async () => {
		const a = await answerQuery("what can I run on 2x3090", CTX);
		const models = obj(a.json).models as Json[];
		expect(models.length).toBeGreaterThan(3);
		for (const m of models) expect(m.totalBytes as number).toBeLessThan(2 * 24 * 2 ** 30);
	});

	it("help explains the query words and lists quantizations", async () => {
		const a = await answerQuery("help", CTX);
		expect(a.kind).toBe("help");
		expect(a.tables.some((t) => t.title === "Quantizations" && t.rows.length > 5)).toBe(true);
	});
});
