import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The platform-neutral layers must never import a chat SDK (../shared/DESIGN.md §1). */
const NEUTRAL_DIRS = ["commands", "src/engine", "src/query", "src/answer", "src/catalog"];
const FORBIDDEN = /from\s+["'](discord\.js|@discordjs\/[^"']+|@slack\/[^"']+)["']|require\(["'](discord\.js|@slack\/)/;

function sourceFiles(dir: string): string[] {
	let out: string[] = [];
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return out;
	}
	for (const entry of entries) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
		else if (path.endsWith(".ts")) out.push(path);
	}
	return out;
}

describe("layer boundaries", () => {
	it("keeps commands/, engine, query, answer and catalog free of discord.js and @slack imports", () => {
		const offenders = NEUTRAL_DIRS.flatMap(sourceFiles).filter((file) => FORBIDDEN.test(readFileSync(file, "utf8")));
		expect(offenders).toEqual([]);
	});

	it("keeps the engine free of I/O modules", () => {
		const io = /from\s+["'](node:)?(fs|net|http|https|child_process|fs\/promises)["']/;
		const offenders = sourceFiles("src/engine").filter((file) => io.test(readFileSync(file, "utf8")));
		expect(offenders).toEqual([]);
	});
});
