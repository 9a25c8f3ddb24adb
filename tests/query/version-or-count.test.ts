/**
 * Issue 14: a bare number between a model's name and a device is the name's version when the name
 * has no number yet and names take versions after that word ("llama 3 3090" is Llama 3 on one 3090,
 * never "llama" on three), and a count otherwise ("deepseek v3 2 h100", "gpt oss 2 h100"). A version
 * the catalog lacks is asked about, never dropped for a neighbour ("mistral large 3 h100").
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";
import type { ParsedQuery } from "../../src/query/types.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);

function hardwareOf(q: ParsedQuery): string | null {
	if (q.hardware === null) return null;
	return q.hardware.devices.map((g) => `${g.count}x${g.device.id}`).join("+");
}

// [typed, model family the answer is about, hardware]
const VERSIONS: [string, RegExp, string][] = [
	["llama 3 3090", /^Llama 3$/, "1xrtx-3090"],
	["phi 4 4090", /^Phi-4$/, "1xrtx-4090"],
	["gemma 3 4090", /^Gemma 3$/, "1xrtx-4090"],
	["gemma 2 4090", /^Gemma 2$/, "1xrtx-4090"],
	["qwen 3 4090", /^Qwen3$/, "1xrtx-4090"],
	["mistral small 3 4090", /^Mistral Small$/, "1xrtx-4090"],
	["llama 3 3 3090", /^Llama 3$/, "3xrtx-3090"],
];

// [typed, model id, hardware]: the number is a count
const COUNTS: [string, string, string][] = [
	["deepseek v3 2 h100", "deepseek-v3", "2xh100-sxm"],
	["glm 4.5 air 2 3090", "glm-4.5-air", "2xrtx-3090"],
	["qwen3 32b 2 4090", "qwen3-32b", "2xrtx-4090"],
	["deepseek r1 2 4090", "deepseek-r1", "2xrtx-4090"],
	["gpt oss 120b 2 h100", "gpt-oss-120b", "2xh100-sxm"],
	["run llama 3.1 70b on 2 3090", "llama-3.1-70b-instruct", "2xrtx-3090"],
	["my 3 3090s and llama 3.1 8b", "llama-3.1-8b-instruct", "3xrtx-3090"],
];

describe("a bare number after a model name: version or count", () => {
	it.each(VERSIONS)("%s → the version", (typed, family, hardware) => {
		const r = parse(typed);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.query.model?.model.family).toMatch(family);
		expect(hardwareOf(r.query)).toBe(hardware);
	});

	it.each(COUNTS)("%s → a count", (typed, model, hardware) => {
		const r = parse(typed);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.query.model?.model.id).toBe(model);
		expect(hardwareOf(r.query)).toBe(hardware);
	});

	it.each(["mistral large 3 h100", "llama 9 3090"])("%s: a version the catalog lacks is asked about", (typed) => {
		const r = parse(typed);
		// asked with the near names, never answered about the neighbour on 3× or 9× the device
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.error.message).toMatch(/not sure|don't know/);
	});
});
