import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";

const services = servicesFromCatalog(getCatalog());
const parse = (text: string) => parseQueryText(text, services.resolvers, services.limits);

describe("nonsense sizes and settings are refused with the reason, not skipped", () => {
	it.each(["llama 3.1 8b -1gb", "llama 3.1 8b 0gb", "qwen3 32b 3090 +0gb ram", "qwen3 32b -2.5tb"])("refuses %s as a memory size", (text) => {
		const r = parse(text);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error.message).toMatch(/not a memory size/);
	});

	it("still reads positive sizes", () => {
		const r = parse("llama 3.1 8b 24gb");
		expect(r.ok).toBe(true);
	});

	it("explains that a quantized V cache needs flash attention, with or without hardware", async () => {
		for (const text of ["llama 3.1 8b kv=q4_0 fa=off", "llama 3.1 8b kv=q4_0 fa=off 3090"]) {
			const a = await answerQuery(text, { platform: "cli" });
			expect(a.kind).toBe("error");
			expect(a.title + (a.verdict?.summary ?? "") + JSON.stringify(a.facts)).toMatch(/flash attention/);
		}
	});

	it.each(["phi 3.5 moe 16x3.8b 3090", "mixtral 8x7b 2x4090"])("reads %s's NxMb as a model size, not as hardware", (text) => {
		const r = parse(text);
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.query.model?.model.family ?? "").toMatch(/Mixtral|Phi/);
	});
	it("a model size that does not exist (Mixtral 8x2B) is asked about as a model, never read as hardware or dropped", () => {
		const r = parse("Mixtral 8x2B 16gb");
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.didYouMean.join(" ")).toMatch(/Mixtral/);
			expect(r.error.modelText).toMatch(/8x2B/i);
		}
	});
});
