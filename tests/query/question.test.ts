/**
 * Questions (issue 13 item 1): each platform's input becomes one Question — free words and named
 * settings — with no text round trip, and the parser resolves any Question into the same Request.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCommandLayer } from "../../commands/layer.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import type { Question, SettingName } from "../../src/answer/question.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQuestion, parseQueryText, parseQueryWords } from "../../src/query/parse.js";
import { questionOfArgv, questionOfText } from "../../src/query/question.js";
import type { ParseResult } from "../../src/query/types.js";

const cat = getCatalog();
const services = servicesFromCatalog(cat);
const parse = (q: Question) => parseQuestion(q, services.resolvers, services.limits);

/** What a Request says, without object identity (models, quants and devices by id). */
function summary(r: ParseResult): unknown {
	if (!r.ok) return { error: r.error.message, didYouMean: r.error.didYouMean };
	const q = r.query;
	return {
		command: q.command,
		model: q.model?.model.id ?? null,
		modelText: q.model?.text ?? null,
		confidence: q.model?.confidence ?? null,
		hubRef: q.hubRef,
		quant: q.quant?.id ?? null,
		hardware: q.hardware === null ? null : { devices: q.hardware.devices.map((g) => `${g.count}x${g.device.id}`), ram: q.hardware.systemMemoryBytes },
		hardwareLabel: q.hardwareLabel,
		contextTokens: q.contextTokens,
		kv: q.kvCacheType,
		runtime: q.runtime,
		ubatch: q.ubatch,
		fa: q.flashAttention,
		parallel: q.parallel,
		use: q.use,
		ignored: q.ignored,
		notes: q.notes,
	};
}

describe("questionOfArgv", () => {
	it("takes the query flags out as settings and keeps the words in order", () => {
		const q = questionOfArgv(["qwen3", "32b", "--ctx", "32k", "2x3090", "--runtime=vllm", "--kv", "fp8"]);
		expect(q.words).toEqual(["qwen3", "32b", "2x3090"]);
		expect(q.settings).toEqual({ ctx: "32k", runtime: "vllm", kv: "fp8" });
		expect(q.command).toBeNull();
	});

	it("keeps a flag's value with spaces whole and reads any other argv with spaces as a sentence", () => {
		const q = questionOfArgv(["can my 3090 run qwen3 32b?", "--hardware", "m3 max 128gb"]);
		expect(q.words).toEqual(["can", "my", "3090", "run", "qwen3", "32b?"]);
		expect(q.settings).toEqual({ hardware: "m3 max 128gb" });
		expect(q.text).toBe('can my 3090 run qwen3 32b? --hardware "m3 max 128gb"');
	});

	it('keeps a value given with = whole too (--hardware="m3 max 128gb" reaches argv as one word)', () => {
		const q = questionOfArgv(["qwen3", "32b", "--hardware=m3 max 128gb"]);
		expect(q.words).toEqual(["qwen3", "32b"]);
		expect(q.settings).toEqual({ hardware: "m3 max 128gb" });
		expect(q.text).toBe('qwen3 32b --hardware="m3 max 128gb"');
		expect(questionOfText(q.text).settings).toEqual(q.settings);
	});

	it("leaves unknown, valueless and CLI-only flags among the words for the parser to refuse or skip", () => {
		expect(questionOfArgv(["qwen3", "--bogus", "1"]).words).toEqual(["qwen3", "--bogus", "1"]);
		expect(questionOfArgv(["qwen3", "--ctx"]).words).toEqual(["qwen3", "--ctx"]);
		expect(questionOfArgv(["qwen3", "--ctx="]).words).toEqual(["qwen3", "--ctx="]);
		expect(questionOfArgv(["qwen3", "--json"]).words).toEqual(["qwen3", "--json"]);
		const unknown = parse(questionOfArgv(["qwen3", "32b", "--bogus", "1"]));
		expect(unknown.ok || unknown.error.message).toMatch(/^Unknown option "--bogus"/);
		const valueless = parse(questionOfArgv(["qwen3", "32b", "--ctx"]));
		expect(valueless.ok || valueless.error.message).toBe("Option --ctx needs a value.");
	});

	it("lets the last of a repeated flag win, as a command line does", () => {
		expect(questionOfArgv(["qwen3", "--ctx", "8k", "--ctx=32k"]).settings).toEqual({ ctx: "32k" });
	});

	it("cleans each argv as a chat line is cleaned (invisible characters, full-width digits)", () => {
		const q = questionOfArgv(["qwen3\u200b", "３２b", "--hardware", "rtx\u202e 3090"]);
		expect(q.words).toEqual(["qwen3", "32b"]);
		expect(q.settings.hardware).toBe("rtx 3090");
	});

	it("refuses a line past the length bound without splitting it", () => {
		const q = questionOfArgv(["qwen3", "x".repeat(600)]);
		expect(q.words).toEqual([]);
		const r = parse(q);
		expect(r.ok).toBe(false);
		expect(r.ok || r.error.message).toMatch(/characters long/);
	});
});

describe("one Request whatever the platform", () => {
	const models = cat.models.filter((m) => m.aliases.length > 0).map((m) => m.aliases[0] ?? m.id);
	const hardware = ["3090", "2x4090", "m3 max 128gb", "rtx 3060 12gb", "h100", "24gb", "4090+3090"];
	const quants = ["q4_k_m", "Q8_0", "iq2_xxs", "fp16", "awq"];
	const contexts = ["8k", "32k", "32768", "128k"];
	const runtimes = ["llama.cpp", "ollama", "vllm", "mlx"];
	const kvs = ["q8_0", "f16", "q4_0"];

	const arb = fc.record(
		{
			model: fc.constantFrom(...models),
			hardware: fc.constantFrom(...hardware),
			quant: fc.constantFrom(...quants),
			ctx: fc.constantFrom(...contexts),
			runtime: fc.constantFrom(...runtimes),
			kv: fc.constantFrom(...kvs),
			ram: fc.constantFrom("64gb", "128gb"),
		},
		{ requiredKeys: ["model"] },
	);

	it("slash options as settings resolve exactly as the same options written as flags did", () => {
		fc.assert(
			fc.property(arb, fc.constantFrom("canirun", "vram", "gpus") as fc.Arbitrary<"canirun" | "vram" | "gpus">, (options, command) => {
				const settings = options as Partial<Record<SettingName, string>>;
				const words: string[] = [command];
				for (const [k, v] of Object.entries(settings)) words.push(`--${k}`, v);
				const viaSettings = parse({ command, words: [], settings, text: [command, ...Object.values(settings)].join(" ") });
				const viaFlagWords = parseQueryWords(words, services.resolvers, services.limits);
				expect(summary(viaSettings)).toEqual(summary(viaFlagWords));
			}),
			{ numRuns: 150, seed: 13 },
		);
	});

	it("a command line and the same words as one chat or batch line give the same Request", () => {
		fc.assert(
			fc.property(arb, fc.boolean(), (options, flagsFirst) => {
				const flags: string[] = [];
				for (const [k, v] of Object.entries(options)) if (k !== "model") flags.push(`--${k}`, v);
				const argv = flagsFirst ? [...flags, options.model] : [options.model, ...flags];
				const line = argv.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" ");
				expect(summary(parse(questionOfArgv(argv)))).toEqual(summary(parseQueryText(line, services.resolvers, services.limits)));
				expect(questionOfText(line).settings).toEqual(questionOfArgv(argv).settings);
			}),
			{ numRuns: 150, seed: 17 },
		);
	});

	it("a flag between the words of a model name does not split the name (deliberate: flags are not words)", () => {
		const split = parse(questionOfArgv(["qwen3", "--ctx", "32k", "32b"]));
		expect(summary(split)).toMatchObject({ model: "qwen3-32b", contextTokens: 32768, ignored: [] });
		expect(summary(parseQueryText("qwen3 --quant q8_0 32b 3090", services.resolvers, services.limits))).toMatchObject({
			model: "qwen3-32b",
			quant: "Q8_0",
			ignored: [],
		});
	});

	it("a named command wins over the words, and a use given as a setting is read like the word", () => {
		const r = parse({ command: "bestfit", words: [], settings: { hardware: "2x3090", use: "code" }, text: "bestfit 2x3090 code" });
		expect(summary(r)).toMatchObject({ command: "bestfit", use: "code" });
		const bad = parse({ command: "bestfit", words: [], settings: { hardware: "2x3090", use: "poetry" }, text: "bestfit 2x3090 poetry" });
		expect(bad.ok || bad.error.message).toBe('"use" is chat, code, reasoning or vision, not "poetry".');
	});

	it("a slash command's options are its Question's settings: every use choice answers, another use is refused naming all four", async () => {
		const layer = createCommandLayer(() => services);
		for (const use of ["chat", "code", "reasoning", "vision"]) {
			const a = await layer.answerCommand("bestfit", { hardware: "24gb", use }, { platform: "discord" });
			expect(a.kind, use).toBe("bestfit");
		}
		const bad = await layer.answerCommand("bestfit", { hardware: "24gb", use: "poetry" }, { platform: "discord" });
		expect(bad.verdict?.summary).toBe('"use" is chat, code, reasoning or vision, not "poetry".');
		expect(bad.didYouMean).toEqual(["chat", "code", "reasoning", "vision"]);
	});
});
