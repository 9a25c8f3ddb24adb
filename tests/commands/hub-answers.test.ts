/**
 * Answers about Hugging Face Hub models, through the command layer and the real Hub client against
 * the fake Hub on 127.0.0.1: footnotes name the repo, the revision, the file and what was assumed;
 * every follow-up query (buttons and "try:" lines) resolves again to the same Hub model; the Hub's
 * time budget starts after the client has loaded and is longer on the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuery, createCommandLayer } from "../../commands/index.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { HUB_TIMEOUT_MS, hubFootnotes, MAX_ASSUMED_SHOWN } from "../../commands/lib/model-step.js";
import type { Services } from "../../commands/lib/services.js";
import type { Answer } from "../../src/answer/answer.js";
import { getCatalog } from "../../src/catalog/index.js";
import { clearHubCache } from "../../src/hub/index.js";
import { tinyLlamaGguf } from "../fakes/hub-gguf-writer.js";
import { pointHubAt } from "../fakes/hub-env.js";
import { type FakeHub, startFakeHub } from "../fakes/hub-server.js";
import { llamaConfig, tinyLlamaFiles } from "../fakes/hub-llama.js";

const SHA = "feedfacefeedfacefeedfacefeedfacefeedface";
const CLI = { platform: "cli" } as const;
const DISCORD = { platform: "discord" } as const;

/** Llama 3.1 70B's shape (config.json only: the parameter count is computed, and the answer says so). */
const BIG_CONFIG = llamaConfig({ layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ff: 28672, vocab: 128256, tied: false }, 131072);

let hub: FakeHub;
let restoreHub: (() => void) | undefined;

beforeAll(async () => {
	hub = await startFakeHub({
		"zeta-labs/zeta-mini-chat": { sha: SHA, files: tinyLlamaFiles() },
		"zeta-labs/zeta-70b-chat": { sha: SHA, files: { "config.json": JSON.stringify(BIG_CONFIG) } },
		"zeta-labs/zeta-mini-GGUF": {
			sha: SHA,
			files: { "zeta-mini-Q4_K_M.gguf": tinyLlamaGguf().bytes, "zeta-mini-Q8_0.gguf": tinyLlamaGguf({ fileType: 7 }).bytes },
		},
		// every request waits: the API entry, then config.json and the header, take about 3 × 1.1 s
		"zeta-labs/zeta-slow-chat": {
			sha: SHA,
			delayMs: 1100,
			files: tinyLlamaFiles(),
		},
	});
	restoreHub = pointHubAt(hub.url);
});

afterAll(async () => {
	restoreHub?.();
	await hub?.close();
});

type Json = Record<string, unknown>;
const modelIdOf = (a: Answer): unknown => ((a.json as Json | null)?.["model"] as Json | undefined)?.["id"];

/** Every query an answer offers: its buttons and its suggestions. */
function followUps(a: Answer): string[] {
	return [...a.actions.map((x) => x.query), ...a.suggestions.map((s) => s.query).filter((q): q is string => q !== null)];
}

describe("Hub answers say where their facts came from", () => {
	it("names the repo, the revision read and how the parameters were counted", async () => {
		const a = await answerQuery("canirun zeta-labs/zeta-mini-chat 4090", CLI);
		expect(a.kind).toBe("canirun");
		const notes = a.footnotes.join("\n");
		expect(notes).toContain("zeta-labs/zeta-mini-chat");
		expect(notes).toContain(`revision ${SHA}`);
		expect(notes).toMatch(/safetensors header/);
		expect(notes).not.toMatch(/, file /);
	});

	it("names the GGUF file when one was read", async () => {
		const a = await answerQuery("vram zeta-labs/zeta-mini-GGUF q8_0", CLI);
		expect(a.kind).toBe("vram");
		const notes = a.footnotes.join("\n");
		expect(notes).toContain(`revision ${SHA}, file zeta-mini-Q8_0.gguf`);
		expect(notes).toMatch(/GGUF tensor table/);
	});

	it("lists what was assumed when the checkpoint did not say", async () => {
		const a = await answerQuery("gpus zeta-labs/zeta-70b-chat", CLI);
		expect(a.kind).toBe("gpus");
		const notes = a.footnotes.join("\n");
		expect(notes).toContain(`zeta-labs/zeta-70b-chat at revision ${SHA}`);
		expect(notes).toMatch(/Assumed \(not in the checkpoint\): .*parameter count computed from config\.json/);
	});

	it("bounds the assumed fields: the first five, then how many more", () => {
		const assumed = Array.from({ length: MAX_ASSUMED_SHOWN + 3 }, (_, i) => `field ${i} assumed`);
		const notes = hubFootnotes({ source: "x", repo: "org/name", revision: "main", file: null, paramsFrom: "hub-api", assumed });
		const line = notes.find((n) => n.startsWith("Assumed")) ?? "";
		expect(line).toContain(`field ${MAX_ASSUMED_SHOWN - 1} assumed`);
		expect(line).not.toContain(`field ${MAX_ASSUMED_SHOWN} assumed`);
		expect(line).toMatch(/and 3 more\.$/);
		expect(hubFootnotes({ source: "x", repo: "org/name", revision: "main", file: null, paramsFrom: "gguf", assumed: [] })).toHaveLength(1);
	});
});

describe("follow-up queries of Hub answers resolve again", () => {
	const cases: [string, string][] = [
		["a model too big for the hardware", "canirun zeta-labs/zeta-70b-chat q8_0 4090"],
		["a model that fits", "canirun zeta-labs/zeta-mini-chat q4_k_m 3090"],
		["a GGUF repo", "canirun zeta-labs/zeta-mini-GGUF 4090"],
		["the VRAM card", "vram zeta-labs/zeta-70b-chat"],
		["which GPUs", "gpus zeta-labs/zeta-70b-chat"],
	];
	for (const [what, query] of cases) {
		it(`for ${what}`, async () => {
			const a = await answerQuery(query, CLI);
			expect(a.kind).not.toBe("error");
			const id = modelIdOf(a);
			const queries = followUps(a);
			expect(queries.length).toBeGreaterThan(0);
			for (const q of queries) {
				// the repo, never the internal id "zeta-labs--…"
				expect(q).toMatch(/zeta-labs\/zeta-/);
				expect(q).not.toContain("zeta-labs--");
				const again = await answerQuery(q, CLI);
				expect(again.kind, `${q}: ${again.verdict?.summary ?? ""}`).not.toBe("error");
				expect(modelIdOf(again), q).toBe(id);
			}
		});
	}

	it("offers the smaller-quant and more-GPUs suggestions for a model that does not fit", async () => {
		const a = await answerQuery("canirun zeta-labs/zeta-70b-chat q8_0 4090", CLI);
		expect(a.verdict?.label).toBe("No");
		expect(a.suggestions.some((s) => s.query?.includes("zeta-labs/zeta-70b-chat") && /rtx-4090/.test(s.query))).toBe(true);
	});
});

describe("the Hub's time budget", () => {
	it("gives a chat platform 2.5 s and the CLI longer", async () => {
		clearHubCache();
		const started = performance.now();
		const chat = await answerQuery("canirun zeta-labs/zeta-slow-chat 4090", DISCORD);
		expect(chat.kind).toBe("error");
		expect(chat.verdict?.summary).toMatch(/did not answer in time|did not answer/);
		expect(performance.now() - started).toBeLessThan(HUB_TIMEOUT_MS + 1_000);
		clearHubCache();
		const cli = await answerQuery("canirun zeta-labs/zeta-slow-chat 4090", CLI);
		expect(cli.kind, cli.verdict?.summary).toBe("canirun");
	}, 20_000);

	it("starts the clock after the Hub client has loaded", async () => {
		clearHubCache();
		const real = servicesFromCatalog(getCatalog());
		// a client that takes longer to load than the whole budget (a cold start on a busy host)
		const slowLoad: Services = {
			...real,
			loadHub: async () => {
				await new Promise((resolve) => setTimeout(resolve, HUB_TIMEOUT_MS + 300));
				await real.loadHub?.();
			},
		};
		const layer = createCommandLayer(() => slowLoad);
		const a = await layer.answerQuery("canirun zeta-labs/zeta-mini-chat 4090", DISCORD);
		expect(a.kind, a.verdict?.summary).toBe("canirun");
	}, 15_000);
});
