import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";

async function run(argv: string[], stdinText = ""): Promise<{ code: number; out: string; err: string }> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = "";
	let err = "";
	stdout.on("data", (c: Buffer) => {
		out += c.toString();
	});
	stderr.on("data", (c: Buffer) => {
		err += c.toString();
	});
	const code = await runCli(argv, { stdin: Readable.from([stdinText]), stdout, stderr, isTty: false, env: {} });
	return { code, out, err };
}

const HOSTILE_LINES = [
	"",
	"a".repeat(5000),
	"qwen3 32b \u0007\u001b[31m 4090 \u0000",
	"__proto__",
	"constructor prototype toString",
	"qwen3 32b 999999x4090",
	"qwen3 32b 4090 ctx=99999999999",
	"qwen3 32b 4090 1000000000k",
	"@everyone qwen3 32b <!channel> 4090",
	"--model",
	"--bogus 1",
	"qwen3 32b parallel=0",
	"qwen3 32b 4090 ubatch=-5",
	'llama 3.1 70b "unterminated',
	"\u202e\u200b deepseek r1",
	"what can i run on __proto__",
	"qwen3 32b 4090 parallel=99999999999999999999",
	`${"x".repeat(40)}${" ".repeat(400)}y`,
	"vram",
	"gpus",
	"bestfit",
	"--hardware 2x4090",
	"\t\t\t",
	"qwen3 32b 64x4090+64x3090",
];

describe("canirun CLI", () => {
	it("prints readable text and exits 0 for an answer", async () => {
		const r = await run(["deepseek-r1", "q4_k_m", "2x4090"]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/DeepSeek-R1/);
		expect(r.out).toMatch(/\[[█░]+\]/);
	});

	it("prints the version-1 JSON object with every field", async () => {
		const r = await run(["deepseek-r1", "q4_k_m", "2x4090", "+64gb", "ram", "--json"]);
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out) as Record<string, unknown>;
		expect(j.version).toBe(1);
		for (const k of ["model", "quant", "contextTokens", "kvCacheType", "runtime", "hardware", "memory", "fit", "speed", "suggestions"])
			expect(j).toHaveProperty(k);
		expect(Object.keys(j.model as object)).toEqual(expect.arrayContaining(["id", "name", "totalParams", "activeParams", "layers", "contextLength"]));
		expect(Object.keys(j.memory as object)).toEqual(
			expect.arrayContaining(["fileBytes", "weightsBytes", "kvCacheBytes", "computeBytes", "overheadBytes", "totalBytes"]),
		);
		const hw = j.hardware as { devices: { id: string; count: number }[]; systemMemoryBytes: number };
		expect(hw.devices).toEqual([
			expect.objectContaining({ id: "rtx-4090", count: 2, memoryBytes: expect.any(Number), bandwidthBytesPerSecond: expect.any(Number), unifiedMemory: false }),
		]);
		expect(hw.systemMemoryBytes).toBe(64 * 2 ** 30);
		expect(j.contextTokens).toBe(4096);
		expect(j.runtime).toBe("llama.cpp");
		expect(j.kvCacheType).toBe("f16");
	});

	it("exits 2 with suggestions on stderr (and an error object with --json) for an unknown model", async () => {
		const r = await run(["zorblax", "9000", "--json"]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/canirun:/);
		const j = JSON.parse(r.out) as { error: { message: string; suggestions: string[] } };
		expect(j.error.message).toMatch(/model/);
		expect(Array.isArray(j.error.suggestions)).toBe(true);
	});

	it("lists the catalog as {id,name,aliases}", async () => {
		for (const what of ["models", "devices", "quants"]) {
			const r = await run(["--list", what, "--json"]);
			expect(r.code).toBe(0);
			const rows = JSON.parse(r.out) as { id: string; name: string; aliases: string[] }[];
			expect(rows.length).toBeGreaterThan(10);
			expect(Object.keys(rows[0] ?? {})).toEqual(["id", "name", "aliases"]);
		}
		expect((await run(["--list", "bogus"])).code).toBe(2);
	});

	it("prints usage for --help and exits 0", async () => {
		const r = await run(["--help"]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/--batch/);
	});

	it("answers a batch from stdin, one JSON object per line, in order", async () => {
		const lines = ["qwen3 32b 3090", "zorblax", "how much vram for llama 3.1 70b", "bestfit 2x3090"];
		const r = await run(["--batch", "-"], `${lines.join("\n")}\n`);
		const out = r.out
			.trimEnd()
			.split("\n")
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(out).toHaveLength(4);
		expect(out[0]?.version).toBe(1);
		expect(out[1]).toHaveProperty("error.message");
		expect((out[2]?.model as { id: string } | undefined)?.id).toBe("llama-3.1-70b-instruct");
		expect(out[3]?.command).toBe("bestfit");
		expect(r.code).toBe(2);
	});

	it("answers a batch file", async () => {
		const dir = mkdtempSync(join(tmpdir(), "canirun-"));
		const file = join(dir, "q.txt");
		writeFileSync(file, "qwen3 8b 4090\r\nvram qwen3 8b\r\n");
		const r = await run(["--batch", file]);
		expect(r.code).toBe(0);
		expect(r.out.trimEnd().split("\n")).toHaveLength(2);
		expect((await run(["--batch", join(dir, "missing.txt")])).code).toBe(2);
	});

	it("survives a hostile batch: every line answered or refused cleanly", async () => {
		const r = await run(["--batch", "-"], `${HOSTILE_LINES.join("\n")}\n`);
		expect([0, 2]).toContain(r.code);
		const out = r.out.trimEnd().split("\n");
		expect(out).toHaveLength(HOSTILE_LINES.length);
		for (const line of out) {
			const j = JSON.parse(line) as Record<string, unknown>;
			expect(j.version === 1 || typeof (j.error as { message?: unknown })?.message === "string").toBe(true);
			expect(line).not.toMatch(/<!channel>|@everyone|at .*\.js:\d+/);
		}
		expect(r.err).not.toMatch(/at .*\.js:\d+/);
	});

	it("reads argv as a Question: flags as settings wherever they stand, a quoted flag value whole, the same answer as the batch line", async () => {
		const one = await run(["qwen3", "--ctx", "32k", "32b", "--hardware", "m3 max 128gb", "--json"]);
		expect(one.code).toBe(0);
		const j = JSON.parse(one.out) as {
			model: { id: string };
			contextTokens: number;
			hardware: { devices: { id: string }[] };
			resolution: { ignored: string[] };
		};
		expect(j.model.id).toBe("qwen3-32b");
		expect(j.contextTokens).toBe(32768);
		expect(j.hardware.devices.map((d) => d.id)).toEqual(["apple-m3-max-128gb"]);
		expect(j.resolution.ignored).toEqual([]);
		const batch = await run(["--batch", "-"], 'qwen3 --ctx 32k 32b --hardware "m3 max 128gb"\n');
		expect(batch.out).toBe(one.out);
	});
});
