import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { emptyAnswer } from "../../commands/lib/answers.js";
import { startConsole } from "../../src/cli/console.js";

describe("console", () => {
	it("answers each piped line in order and closes at EOF", async () => {
		const output = new PassThrough();
		let text = "";
		output.on("data", (c: Buffer) => {
			text += c.toString();
		});
		const closed = new Promise<void>((resolve) => {
			const adapter = startConsole({ input: Readable.from(["qwen3 8b 4090\n", "\n", "vram llama 3.1 8b\n"]), output, onClose: resolve });
			void adapter.start();
			expect(adapter.name).toBe("console");
		});
		await closed;
		const first = text.indexOf("Qwen3-8B");
		const second = text.indexOf("Llama-3.1-8B");
		expect(first).toBeGreaterThanOrEqual(0);
		expect(second).toBeGreaterThan(first);
		expect(text).not.toMatch(/canirun> /);
	});

	it("prints the banner with how to connect Discord and Slack when interactive, and stops on exit", async () => {
		const output = new PassThrough();
		let text = "";
		output.on("data", (c: Buffer) => {
			text += c.toString();
		});
		const input = new PassThrough();
		const adapter = startConsole({
			input,
			output,
			interactive: true,
			color: false,
			answer: async () => emptyAnswer("help", "fake"),
		});
		const done = new Promise<void>((resolve) => {
			void adapter.start().then(() => {
				input.write("help\n");
				input.write("exit\n");
			});
			const timer = setInterval(() => {
				if (adapter.state() === "stopped") {
					clearInterval(timer);
					resolve();
				}
			}, 10);
		});
		await done;
		expect(text).toMatch(/DISCORD_TOKEN/);
		expect(text).toMatch(/SLACK_BOT_TOKEN/);
		expect(text).toMatch(/fake/);
	});
});
