/**
 * Slash-command definitions and `npm run register`, against the fake Discord's REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCommands } from "../../commands/index.js";
import { runRegister } from "../../src/discord/register.js";
import { toDiscordCommands } from "../../src/discord/slash-commands.js";
import { syncCommands } from "../../src/discord/sync-commands.js";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord.js";

const TOKEN = "register-token-0123456789";
let fake: FakeDiscord;

beforeAll(async () => {
	fake = await startFakeDiscord({ token: TOKEN });
});

afterAll(async () => {
	await fake?.close();
});

describe("slash-command definitions", () => {
	const commands = toDiscordCommands(allCommands);

	it("builds /canirun with exactly the options model, quant, hardware, context, runtime", () => {
		const canirun = commands.find((c) => c.name === "canirun");
		expect(canirun?.options.map((o) => o.name).sort()).toEqual(["context", "hardware", "model", "quant", "runtime"]);
		const byName = Object.fromEntries((canirun?.options ?? []).map((o) => [o.name, o]));
		expect(byName.model).toMatchObject({ type: 3, required: true, autocomplete: true });
		expect(byName.quant).toMatchObject({ type: 3, autocomplete: true });
		expect(byName.hardware).toMatchObject({ type: 3, autocomplete: true });
		expect(byName.context).toMatchObject({ type: 3 });
		expect(byName.context?.autocomplete).toBeUndefined();
		expect(byName.runtime?.choices?.length ?? 0).toBeGreaterThan(0);
		expect(byName.runtime?.autocomplete).toBeUndefined();
	});

	it("builds every command from commands/ with Discord-valid names", () => {
		expect(commands.map((c) => c.name).sort()).toEqual(allCommands.map((c): string => c.name).sort());
		for (const command of commands) expect(command.name).toMatch(/^[a-z0-9_-]{1,32}$/);
	});
});

describe("registering commands", () => {
	const commands = toDiscordCommands(allCommands);

	it("fetches the application id, PUTs the commands globally, and writes nothing the second time", async () => {
		const first = await syncCommands({ token: TOKEN, apiUrl: fake.apiUrl, commands, rest: { retries: 0 } });
		expect(first).toMatchObject({ applicationId: fake.applicationId, scope: "global", action: "updated", count: commands.length });
		const puts = fake.requests.filter((r) => r.method === "PUT");
		expect(puts).toHaveLength(1);
		expect(puts[0]?.path).toBe(`/api/v10/applications/${fake.applicationId}/commands`);
		expect(puts[0]?.body).toEqual(commands);
		expect(puts[0]?.headers.authorization).toBe(`Bot ${TOKEN}`);

		const second = await syncCommands({ token: TOKEN, apiUrl: fake.apiUrl, commands, rest: { retries: 0 } });
		expect(second.action).toBe("unchanged");
		expect(fake.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
	});

	it("registers in one guild when a guild id is given, and re-writes when a description changed", async () => {
		const guildId = "123456789012345678";
		await syncCommands({ token: TOKEN, apiUrl: fake.apiUrl, applicationId: fake.applicationId, guildId, commands, rest: { retries: 0 } });
		expect(fake.commands.get(guildId)).toHaveLength(commands.length);
		const changed = commands.map((c, i) => (i === 0 ? { ...c, description: `${c.description}!` } : c));
		const result = await syncCommands({
			token: TOKEN,
			apiUrl: fake.apiUrl,
			applicationId: fake.applicationId,
			guildId,
			commands: changed,
			rest: { retries: 0 },
		});
		expect(result).toMatchObject({ scope: "guild", guildId, action: "updated" });
		expect(fake.requests.filter((r) => r.method === "PUT" && r.path.endsWith(`/guilds/${guildId}/commands`))).toHaveLength(2);
	});

	it("runs as `npm run register` from the environment, and fails with one line (no token) on a bad token", async () => {
		const ok = await runRegister({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl });
		expect(ok).toBe(0);
		const stderr: string[] = [];
		const write = process.stderr.write.bind(process.stderr);
		process.stderr.write = ((chunk: string) => {
			stderr.push(String(chunk));
			return true;
		}) as typeof process.stderr.write;
		try {
			const failed = await runRegister({ DISCORD_TOKEN: "wrong-token-value", DISCORD_API_URL: fake.apiUrl });
			expect(failed).toBe(1);
		} finally {
			process.stderr.write = write;
		}
		expect(stderr.join("")).toMatch(/^register: failed: /);
		expect(stderr.join("")).not.toContain("wrong-token-value");
	});
});
