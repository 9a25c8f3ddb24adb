/**
 * Command definitions meet Discord's limits at the source (application-commands.mdx: names 1–32
 * lowercase characters, descriptions 1–100), so the Discord adapter never has to cut one short.
 */
import { describe, expect, it } from "vitest";
import { allCommands } from "../../commands/index.js";
import { toDiscordCommands } from "../../src/discord/slash-commands.js";

const NAME = /^[a-z0-9_-]{1,32}$/;

describe("command definitions", () => {
	for (const command of allCommands) {
		it(`/${command.name}: names are lowercase ≤ 32, descriptions 1–100 characters`, () => {
			expect(command.name).toMatch(NAME);
			expect(command.description.length).toBeGreaterThanOrEqual(1);
			expect(command.description.length).toBeLessThanOrEqual(100);
			expect(command.description.trim()).toBe(command.description);
			for (const option of command.options) {
				expect(option.name).toMatch(NAME);
				expect(option.description.length, `${command.name} ${option.name}`).toBeGreaterThanOrEqual(1);
				expect(option.description.length, `${command.name} ${option.name}`).toBeLessThanOrEqual(100);
				for (const choice of option.choices ?? []) expect(choice.length).toBeLessThanOrEqual(100);
			}
		});
	}

	it("reach Discord word for word (nothing truncated)", () => {
		const built = toDiscordCommands(allCommands);
		for (const command of allCommands) {
			const sent = built.find((c) => c.name === command.name);
			expect(sent?.description).toBe(command.description);
			for (const option of command.options) expect(sent?.options.find((o) => o.name === option.name)?.description).toBe(option.description);
		}
	});
});
