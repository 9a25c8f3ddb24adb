import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";

const GIB = 2 ** 30;

describe("“at full context” means the model's native context", () => {
	it("sizes DeepSeek-R1's MLA cache at its 163,840 tokens (about 10.7 GiB, not hundreds)", async () => {
		const a = await answerQuery("how much vram does deepseek r1 need at full context", { platform: "cli" });
		const json = a.json as { contextTokens: number; memory: { kvCacheBytes: number } };
		expect(json.contextTokens).toBe(163840);
		expect(json.memory.kvCacheBytes / GIB).toBeGreaterThan(10.5);
		expect(json.memory.kvCacheBytes / GIB).toBeLessThan(11);
	});

	it.each([
		["llama 3.1 8b 4090 max context", 131072],
		["qwen3 32b full context length 2x3090", 32768],
	])("%s → %d tokens, no ignored words", async (text, tokens) => {
		const a = await answerQuery(text, { platform: "cli" });
		const json = a.json as { contextTokens: number; ignored?: string[] };
		expect(json.contextTokens).toBe(tokens);
		expect(json.ignored ?? []).toEqual([]);
	});

	it("an explicit context still wins", async () => {
		const a = await answerQuery("llama 3.1 8b 4090 32k", { platform: "cli" });
		expect((a.json as { contextTokens: number }).contextTokens).toBe(32768);
	});
});
