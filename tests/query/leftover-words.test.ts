/**
 * Issue 14 item 4: words left over after the model and hardware were read never leave something named
 * out of the answer. A second model is asked about ("which one?"), a word right after a family name
 * that may pick its member is asked about ("llama 4 behemoth" is not Llama 4 Scout), chat filler is
 * skipped, and a context stays a context.
 */
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);

describe("words left over after the model and hardware", () => {
	it.each([
		["qwen3 32b or llama 3.3 70b on a 3090", /Which model: Qwen3-32B or Llama-3.3-70B-Instruct/],
		["should i run gemma 3 27b or qwen3 32b on my 4090", /Which model/],
		["qwen3 32b vs deepseek r1 distill 32b 3090", /Which model|not sure which model/],
		["llama 4 behemoth 8x h100", /not sure which model "llama 4 behemoth"/],
		["qwen3 8b 890m", /./],
	])("%s is asked about", (typed, message) => {
		const r = parse(typed);
		expect(r.ok, r.ok ? `answered about ${r.query.model?.model.id}` : "").toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(message);
	});

	it.each([
		["hey guys, can my 3090 run qwen3 32b lol", "qwen3-32b", null],
		["the new qwen 3.6 27b on my 3090 ti?", "qwen3.6-27b", null],
		["qwen3 32b 3090 128k", "qwen3-32b", 131072],
		["qwen3 32b 3090 131k", "qwen3-32b", 134144],
		["qwen3 32b q4_k_m qwen3 32b 3090", "qwen3-32b", null],
		// a chat message over several lines
		["hey guys\ncan my rig run qwen3 32b?\n(2x3090, 64gb ddr4)", "qwen3-32b", null],
		["qwen3 32b\r\n3090\r\n32k", "qwen3-32b", 32768],
	])("%s is answered", (typed, model, context) => {
		const r = parse(typed);
		if (!r.ok) throw new Error(r.error.message);
		expect(r.query.model?.model.id).toBe(model);
		expect(r.query.ignored).toEqual([]);
		if (context !== null) expect(r.query.contextTokens).toBe(context);
	});
});

describe("a quant named in a file or tag name", () => {
	it.each([
		["Qwen3-32B-Q4_K_M.gguf 3090", "qwen3-32b", "Q4_K_M"],
		["qwen3.5-27b-q4_k_m on a 4090", "qwen3.5-27b", "Q4_K_M"],
		["glm-4.7-flash:q4_K_M 3090", "glm-4.7-flash", "Q4_K_M"],
		["Qwen3-32B-IQ2_XXS.gguf 3060", "qwen3-32b", "IQ2_XXS"],
		["Qwen3-32B-Q8_0 3090", "qwen3-32b", "Q8_0"],
		// a word for the quant wins over the file name's
		["Qwen3-32B-Q4_K_M.gguf q8_0 2x3090", "qwen3-32b", "Q8_0"],
	])("%s → %s %s", (typed, model, quant) => {
		const r = parse(typed);
		if (!r.ok) throw new Error(r.error.message);
		expect(r.query.model?.model.id).toBe(model);
		expect(r.query.quant?.id).toBe(quant);
	});
});
