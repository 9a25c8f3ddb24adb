/**
 * A command is one object in one file, and the list (commands/list.ts) has one line per command: every
 * part of the command layer that names commands reads them from there.
 */
import { describe, expect, it } from "vitest";
import { allCommands, answerCommand, answerQuery } from "../../commands/index.js";
import { COMMAND_SPECS } from "../../commands/layer.js";
import { COMMAND_LIST } from "../../commands/list.js";
import { COMMAND_NAMES } from "../../commands/query-layer.js";
import { COMMAND_NAMES as NAMED_AT_THE_BOTTOM } from "../../src/answer/question.js";
import { COMMAND_WORDS } from "../../src/query/intent.js";

describe("the command list", () => {
	it("names each command once, and each file's object has the name it is listed under", async () => {
		const names = COMMAND_LIST.map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
		for (const c of COMMAND_LIST) expect((await c.load()).name).toBe(c.name);
	});

	it("is what the bots register, the parser's dispatch and the slash layer use, in its order", () => {
		const names = COMMAND_LIST.map((c) => c.name);
		expect(allCommands.map((c) => c.name)).toEqual(names);
		expect(COMMAND_SPECS.map((c) => c.name)).toEqual(names);
		expect([...COMMAND_NAMES]).toEqual(names);
		// the type's list of names (src/answer/question.ts) is the same list, and each name (bare or
		// with a slash) is a word that asks for its command
		expect([...NAMED_AT_THE_BOTTOM]).toEqual(names);
		for (const name of names) {
			expect(COMMAND_WORDS.get(name)).toBe(name);
			expect(COMMAND_WORDS.get(`/${name}`)).toBe(name);
		}
	});

	it("gives each command a help line, and help lists exactly those lines", async () => {
		const help = await answerQuery("help", { platform: "cli" });
		const table = help.tables.find((t) => t.title === "Commands");
		expect(table?.rows).toEqual(COMMAND_SPECS.map((s) => [s.help.usage, s.help.answers]));
		for (const s of COMMAND_SPECS) {
			expect(s.help.usage.startsWith(s.name)).toBe(true);
			expect(s.help.answers.length).toBeGreaterThan(0);
			expect(s.help.brief.length).toBeLessThan(s.help.answers.length + 1);
		}
	});

	it("checks slash options with a schema built from the command's own options", async () => {
		for (const command of allCommands) {
			const ok = Object.fromEntries(command.options.map((o) => [o.name, "x"]));
			expect(command.schema.safeParse(ok).success).toBe(true);
			expect(command.schema.safeParse({ ...ok, notAnOption: "x" }).success).toBe(false);
			if (command.options.length > 0) expect(command.schema.safeParse({ [command.options[0]?.name ?? ""]: "y".repeat(201) }).success).toBe(false);
		}
		const tooLong = await answerCommand("vram", { model: "q".repeat(300) }, { platform: "discord" });
		expect(tooLong.kind).toBe("error");
	});
});
