/**
 * A command is one object in one file, and the list (commands/list.ts) has one line per command: every
 * part of the command layer that names commands reads them from there.
 */
import { describe, expect, it } from "vitest";
import { allCommands, answerCommand, answerQuery } from "../../commands/index.js";
import { COMMAND_SPECS } from "../../commands/layer.js";
import { COMMAND_LIST, COMMAND_VOCABULARY } from "../../commands/list.js";
import { servicesFromCatalog } from "../../commands/lib/services-from-catalog.js";
import { COMMAND_NAMES } from "../../commands/query-layer.js";
import { getCatalog } from "../../src/catalog/index.js";
import { commandNamedBy, commandVocabulary } from "../../src/query/intent.js";
import { parseQueryText } from "../../src/query/parse.js";

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
		// the parser reads the same list: each name (bare or with a slash) is a word that asks for its command
		expect(COMMAND_VOCABULARY.commands).toBe(COMMAND_LIST);
		for (const name of names) {
			expect(commandNamedBy(name, COMMAND_VOCABULARY)).toBe(name);
			expect(commandNamedBy(`/${name}`, COMMAND_VOCABULARY)).toBe(name);
		}
		for (const role of [COMMAND_VOCABULARY.forModel, COMMAND_VOCABULARY.forHardware, COMMAND_VOCABULARY.forDevices, COMMAND_VOCABULARY.help]) {
			expect(names).toContain(role);
		}
	});

	it("lets a new entry bring its own words: the parser asks for it without a change of its own", () => {
		const services = servicesFromCatalog(getCatalog());
		const compare = commandVocabulary({
			...COMMAND_VOCABULARY,
			commands: [
				...COMMAND_VOCABULARY.commands,
				{ name: "compare", needs: "model", readsHardware: true, aliases: ["vs"], phrases: [{ words: ["which", "is", "faster"] }] },
			],
		});
		const resolvers = { ...services.resolvers, commands: compare };
		const parse = (text: string) => parseQueryText(text, resolvers, services.limits);
		const named = parse("compare qwen3 32b 3090");
		expect(named.ok && named.query.command).toBe("compare");
		const plain = parse("qwen3 32b 3090");
		expect(named.ok && named.query.model?.model.id).toBe(plain.ok && plain.query.model?.model.id);
		expect(plain.ok && plain.query.command).toBe("canirun");
		const phrased = parse("which is faster on a 4090, llama 3.1 8b");
		expect(phrased.ok && phrased.query.command).toBe("compare");
		// what it needs is its entry's: without a model it asks for one, in its own name
		const bare = parse("vs 4090");
		expect(bare.ok).toBe(false);
		expect(!bare.ok && bare.error.message).toContain('"compare deepseek-r1"');
		// the list the bots use is unchanged: "compare" is no command there
		expect(parseQueryText("compare qwen3 32b", services.resolvers, services.limits).ok && COMMAND_NAMES.includes("compare")).toBe(false);
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
