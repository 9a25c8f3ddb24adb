/**
 * Issue 17: a CPU-only question that names the CPU but not its RAM ("gpt-oss-20b ryzen 9 7950x cpu only")
 * is answered, not asked back: the CPU's bandwidth is the catalog's, so the speed stands whatever the
 * size; the RAM it needs is stated, and the verdict rests on a stated assumption (the smallest common
 * size that holds the plan) in the text and in the JSON (`assumptions`, `defaultsUsed`, `ramAssumed`,
 * `resolution.hardware.exact`). Commands whose answer the size decides (bestfit) still ask.
 */
import { describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { OS_RAM_RESERVE_BYTES } from "../../src/engine/fit.js";
import { CLI_CTX as CTX, askCanirun as ask } from "./cli-json.js";

const GIB = 2 ** 30;
describe("a named CPU without its RAM size", () => {
	const cases = [
		"qwen3-8b ryzen 9 9950x",
		"gpt-oss-20b mxfp4 core i9 14900k cpu only",
		"llama-3.1-70b-instruct q4_k_m epyc 9004 genoa",
		"phi-4 ryzen 9 7950x cpu only 8k",
	];
	for (const q of cases)
		it(`answers with a speed, the RAM it needs and the RAM it assumed: ${q}`, async () => {
			const j = await ask(`canirun ${q}`);
			expect(j.fit.verdict).toBe("fits");
			expect(j.speed?.decodeTokensPerSecond).toBeGreaterThan(0);
			const { assumedBytes, neededBytes } = j.ramAssumed as { assumedBytes: number; neededBytes: number };
			// the need is the plan's memory plus the OS's share, and the assumption holds it with 5 % to spare
			expect(neededBytes).toBeCloseTo(j.memory.totalBytes + OS_RAM_RESERVE_BYTES, -3);
			expect(assumedBytes * 0.95).toBeGreaterThanOrEqual(neededBytes);
			expect(j.hardware.systemMemoryBytes).toBe(assumedBytes);
			expect((j.assumptions as string[])[0]).toMatch(/^RAM assumed: \d+ GB, not given — this plan needs ≥ \d+ GB/);
			expect(j.defaultsUsed as string[]).toContain(`RAM ${assumedBytes / GIB} GB (assumed: not given)`);
			expect(j.resolution.hardware.exact).toBe(false);
			expect(j.ignored).toEqual([]);
		});

	it("the speed is the CPU's, whatever RAM size the question then gives", async () => {
		const bare = await ask("canirun gpt-oss-20b mxfp4 ryzen 9 7950x cpu only ctx=512");
		for (const gb of [32, 64, 192]) {
			const sized = await ask(`canirun gpt-oss-20b mxfp4 ryzen 9 7950x cpu only ${gb}gb ram ctx=512`);
			expect(sized.ramAssumed).toBeUndefined();
			expect(sized.speed.decodeTokensPerSecond).toBeCloseTo(bare.speed.decodeTokensPerSecond, 6);
		}
		// a different CPU (other channels × speed) decodes at another rate
		const other = await ask("canirun gpt-oss-20b mxfp4 epyc 9004 genoa ctx=512");
		expect(other.speed.decodeTokensPerSecond).not.toBeCloseTo(bare.speed.decodeTokensPerSecond, 1);
	});

	it("the assumed size is the smallest common one: one size down does not fit with room", async () => {
		const j = await ask("canirun qwen3-32b q4_k_m ryzen 9 9950x");
		const gb = j.ramAssumed.assumedBytes / GIB;
		const sizes = [16, 32, 64, 96, 128, 192, 256];
		const below = sizes[sizes.indexOf(gb) - 1] ?? 0;
		expect(below).toBeGreaterThan(0);
		const smaller = await ask(`canirun qwen3-32b q4_k_m ryzen 9 9950x ${below}gb ram`);
		const free = smaller.fit.devices[0] === undefined ? 0 : 1 - smaller.fit.devices[0].usedBytes / smaller.fit.devices[0].capacityBytes;
		expect(smaller.fit.verdict !== "fits" || free < 0.05 + 1e-9 || below * GIB * 0.95 < j.ramAssumed.neededBytes).toBe(true);
	});

	it("the text says what it needs and that the size was assumed", async () => {
		const a = await answerQuery("canirun gpt-oss-20b ryzen 9 7950x cpu only", CTX);
		expect(a.verdict?.summary).toMatch(/^If it has ≥ \d+ GB of RAM \(assumed \d+ GB; not given\)/);
		expect(a.footnotes.join(" ")).toMatch(/No RAM size was given for the Ryzen 9 7950X: the speed comes from its memory bandwidth \(\d+ GB\/s\)/);
	});

	it("a RAM size given as ram= applies to the named CPU", async () => {
		const j = await ask("canirun qwen3-8b ryzen 9 9950x ram=48gb");
		expect(j.ramAssumed).toBeUndefined();
		expect(j.hardware.systemMemoryBytes).toBe(48 * GIB);
	});

	it("bestfit, whose ranking the size decides, still asks", async () => {
		const a = await answerQuery("bestfit ryzen 9 7950x", CTX);
		expect(a.kind).toBe("error");
		expect(a.verdict?.summary).toMatch(/How much RAM does your Ryzen 9 7950X have\?/);
	});

	it("a CPU model number ending in k is the CPU, not a context ('core i9 14900k')", async () => {
		const j = await ask("canirun qwen3-8b core i9 14900k");
		expect(j.hardware.devices[0].id).toBe("core-i9-14900k");
		expect(j.contextTokens).toBe(4096);
	});
});
