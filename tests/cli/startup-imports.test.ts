/**
 * Issue 8: a one-shot CLI query must start almost as fast as node itself, so nothing heavy may be
 * reachable from the CLI entry through module loading: zod (~100 ms to import), fuse.js, the chat
 * SDKs, pino, the Hugging Face clients. This walks the import graph of the sources from
 * src/cli/main.ts and from src/cli/bundle-entry.ts (what the shipped bundle is built from): every static import (an `import { type X }` still loads its module), and every
 * dynamic import() except the ones that are lazy on purpose and listed below.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRIES = [join(ROOT, "src/cli/main.ts"), join(ROOT, "src/cli/bundle-entry.ts")];

/** Packages the one-shot path must not load. */
const HEAVY = /^(zod|zod\/.*|fuse\.js|discord\.js|@discordjs\/.*|@slack\/.*|pino|pino-pretty|@huggingface\/.*)$/;

/** Dynamic imports that run only off the one-shot path (file → specifier), with why. */
const LAZY_ON_PURPOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
	// zod validation only when catalog/ no longer matches catalog/stamp.json
	["src/cli/catalog.ts", new Set(["../catalog/validate.js"])],
	// the Hub client only for a Hugging Face model reference
	["commands/lib/services-from-catalog.ts", new Set(["../../src/hub/index.js"])],
]);

const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function edges(file: string): { spec: string; dynamic: boolean }[] {
	const text = readFileSync(file, "utf8");
	const out: { spec: string; dynamic: boolean }[] = [];
	for (const m of text.matchAll(STATIC)) if (m[1] === undefined && m[2] !== undefined) out.push({ spec: m[2], dynamic: false });
	for (const m of text.matchAll(DYNAMIC)) if (m[1] !== undefined) out.push({ spec: m[1], dynamic: true });
	return out;
}

/** Every source file and package reachable from the entry: path (relative to the repo) → the chain that reaches it. */
function reachable(): { files: Map<string, string[]>; packages: Map<string, string[]> } {
	const files = new Map<string, string[]>(ENTRIES.map((e) => [relative(ROOT, e), [relative(ROOT, e)]]));
	const packages = new Map<string, string[]>();
	const queue = [...ENTRIES];
	for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
		const rel = relative(ROOT, file);
		const chain = files.get(rel) ?? [rel];
		for (const { spec, dynamic } of edges(file)) {
			if (dynamic && LAZY_ON_PURPOSE.get(rel)?.has(spec) === true) continue;
			if (!spec.startsWith(".")) {
				if (!spec.startsWith("node:") && !packages.has(spec)) packages.set(spec, [...chain, spec]);
				continue;
			}
			const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
			const targetRel = relative(ROOT, target);
			if (files.has(targetRel)) continue;
			if (!existsSync(target)) throw new Error(`${rel} imports ${spec}, which has no .ts source`);
			files.set(targetRel, [...chain, targetRel]);
			queue.push(target);
		}
	}
	return { files, packages };
}

describe("CLI start-up imports (issue 8)", () => {
	const { files, packages } = reachable();

	it("reaches the command layer, the engine and the catalog (the walk follows the real path)", () => {
		for (const f of [
			"commands/query-layer.ts",
			"commands/canirun.ts",
			"src/engine/estimate.ts",
			"src/catalog/read.ts",
			"src/query/parse.ts",
			"src/catalog/prebuilt.ts",
		])
			expect(files.has(f), f).toBe(true);
	});

	it("loads no zod, fuse.js, chat SDK, logger or Hub client for a one-shot query", () => {
		const heavy = [...packages].filter(([p]) => HEAVY.test(p)).map(([, chain]) => chain.join(" → "));
		expect(heavy).toEqual([]);
	});

	it("does not reach the zod-validating catalog loader, the option schemas or the bots' full command layer", () => {
		for (const f of [
			"src/catalog/load.ts",
			"src/catalog/validate.ts",
			"src/catalog/schema.ts",
			"src/catalog/index.ts",
			"commands/option-schemas.ts",
			"commands/layer.ts",
			"commands/index.ts",
		]) {
			expect(files.get(f)?.join(" → ") ?? null, f).toBeNull();
		}
	});
});
