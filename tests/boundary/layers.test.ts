/**
 * Imports go one way down the layers of ../shared/DESIGN.md §1, and there are no import cycles
 * (issue 13 item 5). Every relative import in src/ and commands/ — type-only imports and lazy
 * `import()` included, since they tie the files together just the same — is checked:
 *
 *   main.ts                      reads config, starts the app
 *   server/app.ts, factories.ts  wiring: builds the adapters
 *   discord/, slack/, cli/       adapters: render Answers, own their platform's I/O (never each other)
 *   server/ (the rest)           what every adapter shares: the ask() pipeline, rate limit, health, shutdown
 *   chart/                       answer charts as PNG (SVG → resvg), drawn for the chat adapters
 *   commands/                    one file per command
 *   hub/                         Hugging Face lookups for models not in the catalog
 *   query/                       free text → structured request
 *   catalog/                     loading, indexes and resolvers of catalog/*.json
 *   engine/                      pure arithmetic
 *   answer/, catalog/schema.ts   the Answer, the Question, the JSON contract and the catalog's data shapes
 *   config/, log/                read by any layer, importing none of the above
 *
 * KNOWN_UPWARD lists the imports that still run up, each with why it is there; a new one fails the
 * test, and a fixed one should be removed from the list (the test says which).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Top to bottom; the first matching prefix names a file's layer. */
const LAYERS: readonly (readonly string[])[] = [
	["src/main.ts"],
	["src/server/app.ts", "src/server/factories.ts"],
	["src/discord/", "src/slack/", "src/cli/"],
	["src/server/"],
	["src/chart/"],
	["commands/"],
	["src/hub/"],
	["src/query/"],
	["src/catalog/"],
	["src/engine/"],
	["src/answer/", "src/catalog/schema.ts"],
	["src/config/", "src/log/"],
];

const ADAPTERS = ["src/discord/", "src/slack/", "src/cli/"];

/**
 * Imports that still run up a layer, as "from -> to", each with why. None: the engine's input and
 * result types live at the bottom (src/answer/estimate.ts) with the JSON contract that carries them,
 * and the measured figures reach the contract as an input rather than by a call into the engine.
 */
const KNOWN_UPWARD: ReadonlySet<string> = new Set<string>([]);

/** Cycles that remain, each as its files sorted and joined by " ↔ " (engine internals, issue 13 item 2). */
const KNOWN_CYCLES: ReadonlySet<string> = new Set([
	"src/engine/speed.ts ↔ src/engine/speedFit.ts",
]);

function sourceFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(join(ROOT, dir))) {
		const path = join(dir, entry);
		if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
		else if (path.endsWith(".ts") && !path.endsWith(".d.ts")) out.push(path);
	}
	return out;
}

const IMPORT = /(?:^|\n)[ \t]*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|\n)[ \t]*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Relative imports of every source file, as repository paths of .ts files. */
function importGraph(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of [...sourceFiles("src"), ...sourceFiles("commands")]) {
		const text = readFileSync(join(ROOT, file), "utf8");
		const targets: string[] = [];
		for (const m of text.matchAll(IMPORT)) {
			const spec = m[1] ?? m[2] ?? m[3] ?? "";
			if (!spec.startsWith(".")) continue;
			targets.push(relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, ".ts"));
		}
		graph.set(file, targets);
	}
	return graph;
}

function layerOf(file: string): number {
	const i = LAYERS.findIndex((prefixes) => prefixes.some((p) => file === p || (p.endsWith("/") && file.startsWith(p))));
	// a file outside every layer is a new folder: it must be placed in LAYERS
	if (i < 0) throw new Error(`${file} is in no layer: add its folder to LAYERS in tests/boundary/layers.test.ts`);
	// catalog/schema.ts is listed in the catalog's prefix too; its own entry (lower) wins
	if (file === "src/catalog/schema.ts") return LAYERS.findIndex((prefixes) => prefixes.includes("src/catalog/schema.ts"));
	return i;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (v: string): void => {
		index.set(v, counter);
		low.set(v, counter);
		counter++;
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!graph.has(w)) continue;
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string | undefined;
			do {
				w = stack.pop();
				if (w === undefined) break;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1) found.push(component.sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return found;
}

describe("layer order (DESIGN.md §1)", () => {
	const graph = importGraph();

	it("every import goes down the layers (or stays in one), except the known ones listed", () => {
		const upward: string[] = [];
		for (const [from, targets] of graph) {
			for (const to of targets) {
				if (!graph.has(to)) continue;
				if (layerOf(to) < layerOf(from)) upward.push(`${from} -> ${to}`);
			}
		}
		const unknown = [...new Set(upward)].filter((edge) => !KNOWN_UPWARD.has(edge));
		expect(unknown, "imports running up the layers").toEqual([]);
		const fixed = [...KNOWN_UPWARD].filter((edge) => !upward.includes(edge));
		expect(fixed, "fixed: remove these from KNOWN_UPWARD").toEqual([]);
	});

	it("adapters never import each other", () => {
		const crossing: string[] = [];
		for (const [from, targets] of graph) {
			const own = ADAPTERS.find((a) => from.startsWith(a));
			if (own === undefined) continue;
			for (const to of targets) if (ADAPTERS.some((a) => a !== own && to.startsWith(a))) crossing.push(`${from} -> ${to}`);
		}
		expect(crossing).toEqual([]);
	});

	it("has no import cycles, except the known ones listed", () => {
		const found = cycles(graph).map((c) => c.join(" ↔ "));
		expect(
			found.filter((c) => !KNOWN_CYCLES.has(c)),
			"import cycles",
		).toEqual([]);
		expect(
			[...KNOWN_CYCLES].filter((c) => !found.includes(c)),
			"fixed: remove these from KNOWN_CYCLES",
		).toEqual([]);
	});

	it("sees the imports it checks (the parser reads type-only, re-export and lazy imports)", () => {
		expect(graph.get("src/discord/shard.ts")).toContain("src/discord/config.ts");
		expect(graph.get("src/server/factories.ts")?.some((t) => t.startsWith("src/discord/"))).toBe(true);
		expect(graph.get("commands/types.ts")).toContain("src/answer/question.ts");
		expect(
			cycles(
				new Map([
					["a", ["b"]],
					["b", ["a"]],
					["c", ["a"]],
				]),
			),
		).toEqual([["a", "b"]]);
	});
});
