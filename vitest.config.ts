import { defineConfig } from "vitest/config";

// Tests live under tests/, mirroring src/ and commands/. Fakes of Discord, Slack and the Hub
// listen on 127.0.0.1 only (see ../shared/ADAPTERS.md §7, item 21).
export default defineConfig({
	test: {
		include: ["tests/**/*.test.ts"],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		pool: "forks",
	},
});
