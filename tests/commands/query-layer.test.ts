/** The zod-free free-text layer the CLI uses (commands/query-layer.ts) agrees with the bots' full layer. */
import { describe, expect, it } from "vitest";
import { COMMAND_SPECS } from "../../commands/layer.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { createCommandLayer } from "../../commands/layer.js";
import { COMMAND_NAMES, createQueryAnswerer } from "../../commands/query-layer.js";
import { getCatalog } from "../../src/catalog/index.js";

describe("query layer", () => {
	it("knows every command the bots register, in the same order", () => {
		expect(COMMAND_NAMES).toEqual(COMMAND_SPECS.map((s) => s.name));
	});

	it("answers free text exactly as the full command layer does", async () => {
		const services = servicesFromCatalog(getCatalog());
		const full = createCommandLayer(() => services);
		const lean = createQueryAnswerer(() => services);
		for (const q of ["deepseek-r1 q4_k_m 2x4090", "vram llama 3.1 70b", "gpus qwen3 32b", "bestfit 24gb", "help", "zzzqqq 4090", "llama 3.1 8b 409o"]) {
			expect(JSON.stringify(await lean(q, { platform: "cli" })), q).toBe(JSON.stringify(await full.answerQuery(q, { platform: "cli" })));
		}
	});

	it("turns a catalog that cannot be loaded into an internal error answer", async () => {
		const a = await createQueryAnswerer(() => {
			throw new Error("catalog/models.json: invalid JSON");
		})("deepseek-r1 4090", { platform: "cli" });
		expect(a.kind).toBe("error");
		expect(a.errorKind).toBe("internal");
		expect(a.verdict?.summary).toContain("invalid JSON");
	});
});
