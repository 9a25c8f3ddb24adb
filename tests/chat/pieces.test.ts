/**
 * Issue 16's building blocks on their own: phone tables never wider than 40 characters (fast-check
 * over arbitrary tables), follow-ups that fit the verdict, the compact CLI view and its defaults, the
 * chart as a valid PNG drawn with the shipped font, and the quality words.
 */
import { PassThrough, Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { qualityWord } from "../../commands/lib/quality-word.js";
import { answerQuery } from "../../commands/index.js";
import type { Answer, AnswerChart } from "../../src/answer/answer.js";
import { followUps, glanceOf, labelOf } from "../../src/answer/glance.js";
import { PHONE_TABLE_WIDTH, phoneTableLines, phoneTableRowCount } from "../../src/answer/narrow-table.js";
import { chartFontFile, chartPng, clearChartCache } from "../../src/chart/chart-png.js";
import { chartSvg } from "../../src/chart/chart-svg.js";
import { runCli } from "../../src/cli/run.js";
import { echoWord } from "../../src/query/sanitize.js";
import { pngSize } from "./measure.js";

const ctx = { platform: "discord" } as const;

describe("phone tables", () => {
	it("keep every line within 40 characters, whatever the cells", () => {
		const cell = fc.string({ maxLength: 70 }).map((s) => s.replace(/\s/g, " "));
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 7 }), fc.array(fc.array(cell, { minLength: 7, maxLength: 7 }), { maxLength: 20 }), (n, rows) => {
				const table = { title: "t", columns: Array.from({ length: n }, (_, i) => `column ${i}`), rows: rows.map((r) => r.slice(0, n)) };
				for (const line of phoneTableLines(table)) expect([...line].length).toBeLessThanOrEqual(PHONE_TABLE_WIDTH);
			}),
			{ numRuns: 300 },
		);
	});

	it("shown rows are the first lines of the whole table: widths still come from every row", () => {
		const cell = fc.oneof(
			fc.string({ maxLength: 30 }).map((s) => s.replace(/\s/g, " ")),
			fc.integer({ min: -5000, max: 99999 }).map(String),
		);
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 12 }), fc.nat(14), (n, rows, shown) => {
				const table = { title: "t", columns: Array.from({ length: n }, (_, i) => `c${i}`), rows: rows.map((r) => r.slice(0, n)) };
				const whole = phoneTableLines(table);
				expect(phoneTableLines(table, PHONE_TABLE_WIDTH, Number.POSITIVE_INFINITY, shown)).toEqual(whole.slice(0, 2 + shown));
				expect(phoneTableRowCount(table)).toBe(whole.length - 2);
			}),
			{ numRuns: 300 },
		);
	});

	it("real vram, gpus and bestfit tables use their narrow columns with units in the header", async () => {
		for (const q of ["vram mistral small 24b 64k", "gpus qwen3 30b a3b q8_0", "bestfit m2 max 32gb"]) {
			const a = await answerQuery(q, ctx);
			const lines = phoneTableLines(a.tables[0] as Answer["tables"][number]);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(PHONE_TABLE_WIDTH);
			expect(lines[0]).toMatch(/GiB|tok\/s/);
			expect(lines.slice(2).join("\n")).not.toMatch(/ GiB| tok\/s/);
		}
	});
});

describe("follow-ups by verdict", () => {
	it("never offer a larger quant or longer context on a no or an offload; do on a yes", async () => {
		for (const q of ["llama 3.1 70b q8_0 rtx 4080", "mixtral 8x7b q6_k 3060 +32gb ram", "qwen3 235b a22b q4_k_m 4x4090"]) {
			const a = await answerQuery(q, ctx);
			expect(a.kind).toBe("canirun");
			const labels = followUps(a).map((x) => x.label);
			expect(labels.some((l) => /larger quant|longer context/i.test(l))).toBe(false);
			expect(labels.length).toBeGreaterThan(0);
		}
		const yes = await answerQuery("llama 3.1 8b 4090", ctx);
		expect(yes.verdict?.severity).toBe("success");
		expect(followUps(yes).some((x) => /larger|longer|fits too/i.test(x.label))).toBe(true);
		expect(followUps(yes).some((x) => /^smaller quant/i.test(x.label))).toBe(false);
	});

	it("the glance's numbers are the engine's: the bar is the devices' sum, over by the shortfall", async () => {
		const a = await answerQuery("llama 3.1 70b q8_0 rtx 4080", ctx);
		const fit = (a.json as { fit: { devices: { capacityBytes: number }[]; shortByBytes: number } }).fit;
		const g = glanceOf(a);
		expect(g.memory?.capacityBytes).toBe(fit.devices.reduce((s, d) => s + d.capacityBytes, 0));
		expect(g.memory?.overBytes).toBe(fit.shortByBytes);
		expect(g.speed).toBeNull();
		expect(g.run).toBeNull();
	});

	it("labels a suggestion by its first clause", () => {
		expect(labelOf("Q3_K_M fits: 13.2 GiB, about 20 tok/s.")).toBe("Q3_K_M fits");
		expect(labelOf("Q5_K_M fits too (23.4 GiB, about 32 tok/s), with better quality.")).toBe("Q5_K_M fits too");
	});
});

describe("echoes", () => {
	it("keep spaces and drop what could ping", () => {
		expect(echoWord("gemma 4 27b")).toBe("gemma 4 27b");
		expect(echoWord("  <!channel>\t@everyone  x ")).toBe("channel everyone x");
	});
});

describe("charts", () => {
	const chart: AnswerChart = {
		title: "Test <model> & co",
		unit: "bytes",
		bars: Array.from({ length: 14 }, (_, i) => ({
			label: `Q${i}_K_M_with_a_long_name`,
			value: (i + 1) * 2 ** 30,
			tone: i % 2 === 0 ? "good" : "bad",
			marked: i === 3,
		})),
		limit: { label: "RTX 4090", value: 24 * 2 ** 30 },
		alt: "alt",
	};

	it("ships its font and draws a valid PNG of bounded size, the same bytes from the cache", () => {
		expect(chartFontFile()).toMatch(/assets\/fonts\/DejaVuSansMono-chart\.ttf$/);
		clearChartCache();
		const image = chartPng(chart);
		expect(image).not.toBeNull();
		const size = pngSize(image?.png ?? Buffer.alloc(0));
		expect(size?.width).toBe(image?.width);
		expect(size?.height).toBeGreaterThan(14 * 20);
		expect(image?.png.length).toBeLessThan(200_000);
		expect(chartPng(chart)?.png).toBe(image?.png);
	});

	it("escapes text for XML and draws the limit line", () => {
		const svg = chartSvg(chart);
		expect(svg).toContain("Test &lt;model&gt; &amp; co");
		expect(svg).toContain("stroke-dasharray");
		expect(svg).toContain("24.0 GiB");
	});
});

describe("quality words", () => {
	it("follow the perplexity delta, else the bits", () => {
		expect(qualityWord({ pplDelta: 0.003, bitsPerWeight: 8.5 })).toBe("lossless");
		expect(qualityWord({ pplDelta: 0.175, bitsPerWeight: 4.5 })).toBe("good");
		expect(qualityWord({ pplDelta: 3.5, bitsPerWeight: 2.6 })).toBe("poor");
		expect(qualityWord({ pplDelta: null, bitsPerWeight: 2.06 })).toBe("poor");
		expect(qualityWord({ pplDelta: null, bitsPerWeight: 4.25 })).toBe("good");
	});
});

describe("CLI views", () => {
	async function run(argv: string[], tty: { isTty: boolean; columns?: number }): Promise<string> {
		const stdout = new PassThrough();
		let out = "";
		stdout.on("data", (c: Buffer) => {
			out += c.toString();
		});
		await runCli(argv, { stdin: Readable.from([""]), stdout, stderr: new PassThrough(), env: { NO_COLOR: "1" }, ...tty });
		return out;
	}

	it("is compact on a narrow terminal, full on a wide one or with --full, JSON unchanged", async () => {
		const narrow = await run(["qwen3", "32b", "3090"], { isTty: true, columns: 50 });
		expect(narrow.split("\n").length).toBeLessThan(16);
		expect(narrow).toMatch(/--full +# details/);
		const wide = await run(["qwen3", "32b", "3090"], { isTty: true, columns: 120 });
		expect(wide).toContain("Run it");
		expect(await run(["qwen3", "32b", "3090", "--full"], { isTty: true, columns: 50 })).toBe(wide);
		expect(await run(["qwen3", "32b", "3090"], { isTty: false })).toBe(wide);
		expect(await run(["qwen3", "32b", "3090", "--compact"], { isTty: false })).toContain("--full   # details");
		const json = await run(["qwen3", "32b", "3090", "--json"], { isTty: true, columns: 50 });
		expect(JSON.parse(json).version).toBe(1);
	});
});
