/**
 * Issue 13 item 3: a command is `run(request, plan, env)`; the pipeline builds the engine's plan once
 * per question and the command reads every number from it. Checked two ways: by counting the plans a
 * layer asks the services for, and by reading the commands' imports (no engine entry but the plan).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import type { Services } from "../../commands/lib/services.js";
import { createCommandLayer } from "../../commands/layer.js";
import type { Request } from "../../src/answer/question.js";
import { getCatalog } from "../../src/catalog/index.js";

/** The engine's entries that compute: a command reaches them only through its plan's views. */
const ENGINE_ENTRIES = new Set([
	"estimate",
	"fewestDevices",
	"deviceScan",
	"singleDeviceScreen",
	"maxContextThatFits",
	"prepare",
	"plan",
	"Workspace",
	"EngineCache",
]);
/** The one file that binds the engine to the services: it makes the per-catalog cache and the plans. */
const BINDING = "commands/lib/services-from-catalog.ts";

function commandFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) out.push(...commandFiles(path));
		else if (path.endsWith(".ts")) out.push(path);
	}
	return out;
}

/** Value imports (not `import type`, not `type X` members) of `text` from src/engine, by name. */
function engineValueImports(text: string): string[] {
	const out: string[] = [];
	for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+["']([^"']+)["']/g)) {
		if (m[1] !== undefined || !(m[3] ?? "").includes("src/engine/")) continue;
		for (const part of (m[2] ?? "").split(",")) {
			const name = part.trim();
			if (name !== "" && !name.startsWith("type ")) out.push(name.split(/\s+as\s+/)[0] ?? name);
		}
	}
	return out;
}

describe("one plan per question", () => {
	it("the layer asks the services for exactly one plan per question, for every command", async () => {
		const real = servicesFromCatalog(getCatalog());
		const asked: Request[] = [];
		const counting: Services = {
			...real,
			plan: (request) => {
				asked.push(request);
				return real.plan(request);
			},
		};
		const layer = createCommandLayer(() => counting);
		const questions = [
			"qwen3 32b 3090",
			"llama 3.1 70b q4_k_m 2x4090 32k",
			"deepseek-r1 4090",
			"can my m3 max 128gb run gpt-oss 120b?",
			"vram gemma 3 27b 128k",
			"gpus qwen3 30b a3b q8_0",
			"bestfit 2x3090 32k",
			"mistral small 3.1 7900 xtx vllm",
			"help",
		];
		for (const q of questions) {
			const before = asked.length;
			const a = await layer.answerQuery(q, { platform: "cli" });
			expect(a.kind, q).not.toBe("error");
			expect(asked.length - before, q).toBe(1);
		}
		// a slash command's options are a Question too: one plan
		const before = asked.length;
		await layer.answerCommand("canirun", { model: "qwen3 8b", hardware: "3060" }, { platform: "discord" });
		expect(asked.length - before).toBe(1);
		expect(asked.at(-1)?.command).toBe("canirun");
	});

	it("a question that is not understood builds no plan", async () => {
		const real = servicesFromCatalog(getCatalog());
		let plans = 0;
		const layer = createCommandLayer(() => ({
			...real,
			plan: (r) => {
				plans++;
				return real.plan(r);
			},
		}));
		const a = await layer.answerQuery("zzzqqq 4090", { platform: "cli" });
		expect(a.kind).toBe("error");
		expect(plans).toBe(0);
	});

	it("no command imports an engine entry: every number comes through the plan", () => {
		const offenders: string[] = [];
		for (const file of commandFiles("commands")) {
			const names = engineValueImports(readFileSync(file, "utf8")).filter((n) => ENGINE_ENTRIES.has(n));
			const allowed = file === BINDING ? new Set(["plan", "EngineCache"]) : new Set<string>();
			for (const n of names) if (!allowed.has(n)) offenders.push(`${file}: ${n}`);
		}
		expect(offenders).toEqual([]);
		// the check reads what it forbids (not blind)
		expect(engineValueImports('import { estimate, type Plan } from "../src/engine/index.js";')).toEqual(["estimate"]);
		expect(engineValueImports('import type { Estimate } from "../src/engine/types.js";')).toEqual([]);
	});

	it("the services carry no engine call besides the plan", () => {
		const services = servicesFromCatalog(getCatalog()) as unknown as Record<string, unknown>;
		for (const gone of ["estimate", "fewestDevices", "singleDeviceScreen"]) expect(services[gone], gone).toBeUndefined();
		expect(typeof services.plan).toBe("function");
	});
});
