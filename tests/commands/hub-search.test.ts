/**
 * Names the catalog does not know, looked up on the Hub's model search (issue 14 item 5) through the
 * real @huggingface/hub client against the fake Hub: the answer asks back with the repos found
 * ("estimate it?") instead of guessing a catalog model, the follow-up query estimates the repo, the
 * search is bounded in time and finds nothing (never crashes) when the Hub is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuery } from "../../commands/index.js";
import { rankRepos, resetHubSearch, searchHubModels } from "../../src/hub/index.js";
import { pointHubAt } from "../fakes/hub-env.js";
import { llamaConfig } from "../fakes/hub-llama.js";
import { type FakeHub, startFakeHub } from "../fakes/hub-server.js";

const CONFIG = llamaConfig({ layers: 4, hidden: 256, heads: 4, kvHeads: 2, headDim: 64, ff: 512, vocab: 1000, tied: false }, 32768);

let hub: FakeHub;
let restoreHub: (() => void) | undefined;

beforeAll(async () => {
	hub = await startFakeHub({
		"Qwen/Qwen3.8-27B": { files: { "config.json": JSON.stringify(CONFIG) }, api: { downloads: 5000 } },
		"unsloth/Qwen3.8-27B-GGUF": { files: {}, api: { downloads: 90000 } },
		"Qwen/Qwen3.8-4B": { files: { "config.json": JSON.stringify(CONFIG) }, api: { downloads: 7000 } },
		"zeta-labs/Zorblax-9B": { files: { "config.json": JSON.stringify(CONFIG) }, api: { downloads: 10 } },
	});
	restoreHub = pointHubAt(hub.url);
	resetHubSearch();
});

afterAll(async () => {
	restoreHub?.();
	await hub?.close();
});

type Json = Record<string, unknown>;

describe("Hub model search for names the catalog lacks", () => {
	it("offers the original repo first (re-uploads after), matching every typed word", async () => {
		expect(await searchHubModels("qwen3.8 27b", { timeoutMs: 5000 })).toEqual(["Qwen/Qwen3.8-27B", "unsloth/Qwen3.8-27B-GGUF"]);
		expect(hub.requests.some((r) => r.url.startsWith("/api/models?") && r.url.includes("search=qwen3.8-27b"))).toBe(true);
	});
	it("ranks by every word: a different size is not offered", () => {
		const found = [
			{ name: "Qwen/Qwen3.8-4B", downloads: 9 },
			{ name: "Qwen/Qwen3.8-27B-Instruct", downloads: 1 },
		];
		expect(rankRepos("qwen3.8 27b", found)).toEqual(["Qwen/Qwen3.8-27B-Instruct"]);
		expect(rankRepos("qwen 3.8 27b", found)).toEqual(["Qwen/Qwen3.8-27B-Instruct"]);
	});
	it("a question about an unknown model asks back with the Hub repos, never answers about a catalog model", async () => {
		const a = await answerQuery("can my 3090 run qwen3.8 27b", { platform: "cli" });
		expect(a.kind).toBe("error");
		expect(a.verdict?.summary).toMatch(/Qwen\/Qwen3\.8-27B/);
		expect(a.didYouMean[0]).toBe("Qwen/Qwen3.8-27B");
		const follow = a.suggestions.find((s) => s.query !== null);
		expect(follow?.query).toBe("can my 3090 run Qwen/Qwen3.8-27B");
		const res = (a.json as Json)["resolution"] as Json;
		expect(res["asked"]).toBe(true);
		expect((res["model"] as Json)["typed"]).toBe("qwen3.8 27b");
		expect((res["model"] as Json)["matched"]).toBeNull();
		// the follow-up estimates the repo from the Hub
		const b = await answerQuery(follow?.query ?? "", { platform: "cli" });
		expect(b.kind).toBe("canirun");
		const r2 = (b.json as Json)["resolution"] as Json;
		expect(r2["asked"]).toBe(false);
		expect((r2["model"] as Json)["typed"]).toBe("Qwen/Qwen3.8-27B");
	});
	it("nothing on the Hub: the plain ask-back, still with the resolution field", async () => {
		const a = await answerQuery("blorptron 9000 on a 3090", { platform: "cli" });
		expect(a.kind).toBe("error");
		expect(((a.json as Json)["resolution"] as Json)["asked"]).toBe(true);
	});
	it("a typo or a size the catalog lacks is not looked up on the Hub (its answer is in the catalog)", async () => {
		const before = hub.requests.length;
		for (const q of ["can my 3090 run qwen3 70b", "deepsek r1 on a 4090", "qwen3 72b 3090"]) {
			const a = await answerQuery(q, { platform: "cli" });
			expect(a.kind).toBe("error");
			expect(((a.json as Json)["resolution"] as Json)["asked"]).toBe(true);
		}
		expect(hub.requests.slice(before).filter((r) => r.url.startsWith("/api/models?"))).toHaveLength(0);
	});
	it("a slow Hub is cut off at the time budget and a dead one finds nothing, then is not asked again for a while", async () => {
		const slow = await startFakeHub({ "Qwen/Qwen3.9-27B": { files: {} } }, { searchDelayMs: 3000 });
		try {
			const t0 = Date.now();
			expect(await searchHubModels("qwen3.9 27b", { endpoint: slow.url, timeoutMs: 300 })).toEqual([]);
			expect(Date.now() - t0).toBeLessThan(1500);
			// cut off: the next search does not wait the budget again (connections that hang, not fail)
			const before = slow.requests.length;
			const t1 = Date.now();
			expect(await searchHubModels("qwen3.9 28b", { endpoint: slow.url, timeoutMs: 300 })).toEqual([]);
			expect(Date.now() - t1).toBeLessThan(100);
			expect(slow.requests.length).toBe(before);
		} finally {
			await slow.close();
		}
		resetHubSearch();
		expect(await searchHubModels("qwen3.9 27b", { endpoint: "http://127.0.0.1:9", timeoutMs: 1000 })).toEqual([]);
		// offline: the next search does not even try
		const before = hub.requests.length;
		expect(await searchHubModels("qwen3.8 4b", { timeoutMs: 1000 })).toEqual([]);
		expect(hub.requests.length).toBe(before);
		resetHubSearch();
	});
});
