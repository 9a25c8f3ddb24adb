/** The Ollama tag table: typed tags → catalog models and quants, each name's :latest, and the tag printed for a model. */
import { describe, expect, it } from "vitest";
import { getCatalog, ollamaTags, resolveModel } from "../../src/catalog/index.js";
import { readOllamaTable } from "../../src/catalog/ollama.js";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { sizedOllamaTag } from "../../commands/lib/run-hints.js";

const cat = getCatalog();
const table = ollamaTags(cat);
/** what the commands print a model's Ollama tag from (the table, else the model's own tag under names it does not list) */
const tagOf = servicesFromCatalog(cat).ollamaTag;

describe("catalog/ollama.json", () => {
	it("every name cites its library page and its latest is one of its tags (or unknown)", () => {
		for (const e of readOllamaTable().names) {
			expect(e.source).toBe(`https://ollama.com/library/${e.name}`);
			if (e.latest !== null) expect(Object.keys(e.tags)).toContain(e.latest);
			expect(cat.quantById.has(e.quant)).toBe(true);
		}
	});
	it("a model's own Ollama tags never contradict the table: a bare name only on the model its :latest pulls, a sized tag only on the model the table maps it to", () => {
		const ofRepo = (repo: string) =>
			cat.models.find((m) => m.hfRepo?.toLowerCase() === repo.toLowerCase() || m.aliases.some((a) => a.toLowerCase() === repo.toLowerCase()));
		const byName = new Map(readOllamaTable().names.map((e) => [e.name, e]));
		const wrong: string[] = [];
		for (const m of cat.models) {
			for (const tag of m.ollamaTags) {
				const [name = "", size = ""] = tag.split(":");
				const e = byName.get(name);
				if (e === undefined) continue;
				const typed = size === "" || size === "latest" ? e.latest : size;
				const repo = typed === null ? undefined : e.tags[typed];
				// under a name the table lists, a size it has no tag for is unconfirmed (run hints would print it): wrong too
				if (repo === undefined || ofRepo(repo)?.id !== m.id) wrong.push(`${m.id}: ${tag}`);
			}
		}
		expect(wrong).toEqual([]);
	});
	it("qwen3.5, qwen3-vl and gemma4 as Ollama names are not their largest models (their :latest is unconfirmed: they ask)", () => {
		for (const [name, notId] of [
			["qwen3.5", "qwen3.5-397b-a17b"],
			["qwen3-vl", "qwen3-vl-235b-a22b-instruct"],
			["gemma4", "gemma-4-31b"],
		] as const) {
			expect(cat.modelById.get(notId)?.ollamaTags).not.toContain(name);
			expect(resolveModel(cat, name).match?.id).not.toBe(notId);
		}
	});
	it("run hints print the table's tag for a model (forModel), never a size the table does not list", () => {
		const tag = (id: string) => sizedOllamaTag(cat.modelById.get(id) as NonNullable<ReturnType<typeof cat.modelById.get>>, tagOf);
		expect(tag("qwen3.5-9b")).toBe("qwen3.5:9b");
		expect(tag("deepseek-r1-0528")).toBe("deepseek-r1:671b");
		expect(tag("qwen3-30b-a3b")).toBe("qwen3:30b");
		// the library's deepseek-r1:671b is R1-0528, and it lists no 397b qwen3.5 tag
		expect(tag("deepseek-r1")).toBeNull();
		expect(tag("qwen3.5-397b-a17b")).toBeNull();
		for (const m of cat.models) {
			const t = sizedOllamaTag(m, tagOf);
			if (t === null) continue;
			expect(t).toContain(":");
			const listed = table.byRef.get(t.toLowerCase());
			if (listed !== undefined) expect(listed.model?.id).toBe(m.id);
		}
	});
	it("the tags of models the catalog has join to them by Hugging Face repo", () => {
		const joined = table.tags.filter((t) => t.model !== null);
		expect(joined.length).toBeGreaterThan(100);
		for (const t of joined) expect(t.model?.hfRepo?.toLowerCase() ?? t.model?.aliases.map((a) => a.toLowerCase())).toBeDefined();
	});
});

const TAGS: [string, string, string | null][] = [
	// typed, model id, quant id the tag names (null: the name's default)
	["deepseek-r1:latest", "deepseek-r1-0528-qwen3-8b", null],
	["deepseek-r1:8b", "deepseek-r1-0528-qwen3-8b", null],
	["deepseek-r1:671b", "deepseek-r1-0528", null],
	["deepseek-r1:70b", "deepseek-r1-distill-llama-70b", null],
	["deepseek-r1:1.5b", "deepseek-r1-distill-qwen-1.5b", null],
	["deepseek-r1:8b-llama-distill-q4_K_M", "deepseek-r1-distill-llama-8b", "Q4_K_M"],
	["qwen3", "qwen3-8b", null],
	["qwen3:latest", "qwen3-8b", null],
	["qwen3:30b", "qwen3-30b-a3b", null],
	["qwen3:8b-q8_0", "qwen3-8b", "Q8_0"],
	["qwen3:32b-fp16", "qwen3-32b", "F16"],
	["library/qwen3:14b", "qwen3-14b", null],
	["gemma3", "gemma-3-4b-it", null],
	["gemma3:27b-it-qat", "gemma-3-27b-it", "Q4_0"],
	["gemma3:12b-it-q8_0", "gemma-3-12b-it", "Q8_0"],
	["llama3.3", "llama-3.3-70b-instruct", null],
	["llama3.1:8b-instruct-q4_K_M", "llama-3.1-8b-instruct", "Q4_K_M"],
	["llama3.2", "llama-3.2-3b-instruct", null],
	["gpt-oss", "gpt-oss-20b", null],
	["gpt-oss:120b", "gpt-oss-120b", null],
	["mixtral", "mixtral-8x7b", null],
	["phi4", "phi-4", null],
	["mistral-small3.2", "mistral-small-3.2-24b-instruct-2506", null],
	["qwen2.5-coder:32b", "qwen2.5-coder-32b-instruct", null],
	["llama4:maverick", "llama-4-maverick-17b-128e-instruct", null],
];

describe("typed Ollama tags", () => {
	it.each(TAGS)("%s → %s", (typed, id, quant) => {
		const found = table.lookup(typed);
		expect(found?.kind).toBe("tag");
		if (found?.kind !== "tag") return;
		expect(found.tag.model?.id).toBe(id);
		expect(found.quant?.id ?? null).toBe(quant);
		const r = resolveModel(cat, typed);
		expect(r.match?.id).toBe(id);
		expect(r.quantId ?? null).toBe(quant);
	});
	it("gpt-oss tags serve MXFP4, the others Q4_K_M", () => {
		expect(table.byRef.get("gpt-oss:20b")?.quant).toBe("MXFP4");
		expect(table.byRef.get("qwen3:8b")?.quant).toBe("Q4_K_M");
	});
	it.each(["qwen3:70b", "gemma3:9b", "deepseek-r1:8b-bogus"])("an unknown tag (%s) asks, listing the name's tags", (typed) => {
		expect(table.lookup(typed)?.kind).toBe("unknown-tag");
		const r = resolveModel(cat, typed);
		expect(r.match).toBeNull();
		expect(r.suggest?.length ?? 0).toBeGreaterThan(2);
	});
	it("a name whose :latest is not confirmed asks for the size (unless it is a catalog family name, then the family note says so)", () => {
		const r = resolveModel(cat, "qwen3-vl");
		if (r.match === null) expect(r.suggest).toContain("qwen3-vl:8b");
		else expect(r.confidence).toBe("family");
		const g = resolveModel(cat, "gemma4");
		if (g.match !== null) {
			expect(g.confidence).toBe("family");
			expect(g.note).toContain("family");
		}
	});
	it("a tag of a model the catalog lacks names its Hub repo instead of another model", () => {
		const r = resolveModel(cat, "gemma4:31b");
		if (r.match === null) expect(r.hubRepo).toBe("google/gemma-4-31B-it");
		else expect(r.match.hfRepo).toBe("google/gemma-4-31B-it");
	});
	it("bare deepseek-r1 is DeepSeek-R1, and the note says what Ollama's deepseek-r1 pulls", () => {
		const r = resolveModel(cat, "deepseek-r1");
		expect(r.match?.id).toBe("deepseek-r1");
		expect(r.note).toContain("DeepSeek-R1-0528-Qwen3-8B");
	});
	it("forModel gives the size tag to print, never the bare name", () => {
		const model = (id: string) => {
			const m = cat.modelById.get(id);
			if (m === undefined) throw new Error(`no ${id} in the catalog`);
			return m;
		};
		expect(table.forModel(model("qwen3-32b"))?.ref).toBe("qwen3:32b");
		expect(table.forModel(model("deepseek-r1-0528-qwen3-8b"))?.ref).toBe("deepseek-r1:8b");
		expect(table.forModel(model("deepseek-r1"))).toBeNull();
		expect(table.nameOf("Gemma 3")).toBe("gemma3");
	});
	it("a name not in the table is not an Ollama reference", () => {
		expect(table.lookup("blorp:7b")).toBeNull();
		expect(table.lookup("Qwen/Qwen3-32B")).toBeNull();
	});
});
