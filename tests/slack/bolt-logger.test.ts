import { Writable } from "node:stream";
import { LogLevel } from "@slack/bolt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { boltLogLine, createBoltLogger } from "../../src/slack/bolt-logger.js";

function memoryLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk, _enc, done) {
			chunks.push(String(chunk));
			done();
		},
	});
	const logger = pino({ level: "debug" }, stream);
	return {
		logger,
		lines: () =>
			chunks
				.join("")
				.trim()
				.split("\n")
				.filter(Boolean)
				.map((l) => JSON.parse(l)),
	};
}

describe("createBoltLogger", () => {
	it("forwards info, warn and error but never debug (the WebClient logs call arguments there)", () => {
		const { logger, lines } = memoryLogger();
		const bolt = createBoltLogger(logger);
		bolt.setLevel(LogLevel.DEBUG);
		bolt.debug("http request body: token=xoxb-1-2-secret");
		bolt.info("started");
		bolt.warn("slow");
		bolt.error(new Error("boom"));
		const out = lines();
		expect(out.map((l) => l.msg)).toEqual(["started", "slow", "Error: boom"]);
		expect(out.map((l) => l.level)).toEqual([30, 40, 50]);
		expect(bolt.getLevel()).toBe(LogLevel.INFO);
	});

	it("masks anything shaped like a Slack token", () => {
		expect(boltLogLine(["failed with xoxb-123-456-abc and", { t: "xapp-1-A1-xyz" }])).toBe('failed with [redacted] and {"t":"[redacted]"}');
	});
});
