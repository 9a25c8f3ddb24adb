import { describe, expect, it } from "vitest";
import type { BotCommand } from "../../commands/types.js";
import { autocompleteChoices } from "../../src/discord/autocomplete.js";
import { defaultCommandLayer } from "../../src/discord/command-layer.js";
import { toDiscordCommand } from "../../src/discord/slash-commands.js";

describe("autocompleteChoices", () => {
	it("answers from the real catalog within Discord's limits", () => {
		const started = performance.now();
		const choices = autocompleteChoices(defaultCommandLayer, "canirun", "model", "");
		expect(performance.now() - started).toBeLessThan(500);
		expect(choices.length).toBeGreaterThan(0);
		expect(choices.length).toBeLessThanOrEqual(25);
		for (const c of choices) expect(c.name.length <= 100 && c.value.length <= 100).toBe(true);
	});

	it("cuts long names with an ellipsis, drops over-long values and duplicates, and stops at 25", () => {
		const completions = [
			{ name: "n".repeat(150), value: "ok-1" },
			{ name: "too long value", value: "v".repeat(101) },
			{ name: "dup", value: "ok-1" },
			...Array.from({ length: 40 }, (_, i) => ({ name: `m${i}`, value: `m${i}` })),
		];
		const choices = autocompleteChoices({ ...defaultCommandLayer, completeOption: () => completions }, "canirun", "model", "x");
		expect(choices).toHaveLength(25);
		expect(choices[0]).toEqual({ name: `${"n".repeat(99)}…`, value: "ok-1" });
		expect(choices.some((c) => c.value.length > 100)).toBe(false);
		expect(choices.filter((c) => c.value === "ok-1")).toHaveLength(1);
	});

	it("answers [] for an option without a resolver or an unknown command", () => {
		expect(autocompleteChoices(defaultCommandLayer, "canirun", "context", "3")).toEqual([]);
		expect(autocompleteChoices(defaultCommandLayer, "nope", "model", "a")).toEqual([]);
	});
});

describe("toDiscordCommand", () => {
	const base: BotCommand = { name: "canirun", description: "d", options: [], schema: null as never, handler: null as never };

	it("never sends autocomplete together with choices (Discord rejects it), and refuses an upper-case name", () => {
		const command = toDiscordCommand({ ...base, options: [{ name: "x", description: "x", required: false, autocomplete: "model", choices: ["a"] }] });
		expect(command.options[0]).toEqual({ type: 3, name: "x", description: "x", required: false, autocomplete: true });
		expect(() => toDiscordCommand({ ...base, name: "CanIRun" as never })).toThrow();
	});

	it("puts required options first and shortens a description over 100 characters", () => {
		const command = toDiscordCommand({
			...base,
			description: "d".repeat(120),
			options: [
				{ name: "quant", description: "q", required: false, autocomplete: "quant", choices: null },
				{ name: "model", description: "m", required: true, autocomplete: "model", choices: null },
			],
		});
		expect(command.options.map((o) => o.name)).toEqual(["model", "quant"]);
		expect(command.description).toHaveLength(100);
		expect(command.description.endsWith("…")).toBe(true);
	});
});
