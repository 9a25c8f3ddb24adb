/**
 * `npm start` (node dist/src/main.js): read the configuration, then run the Discord and/or Slack
 * adapters whose credentials are set, or the interactive console when none are (DESIGN.md §1).
 *
 * Failures before the logger exists (a malformed variable, a taken port) print exactly one line on
 * stderr and exit 1. Secrets never reach that line: config errors are built without them, and any
 * other message goes through the same value scrubber as the logs.
 */
import { ConfigError, loadConfig } from "./config/env.js";
import type { Config } from "./config/env.js";
import { createScrubber } from "./log/scrub.js";
import type { App } from "./server/app.js";
import { startApp } from "./server/app.js";
import { defaultFactories } from "./server/factories.js";

/** Longest start-up error line we print (messages from libraries can be long). */
const MAX_ERROR_CHARS = 300;

function failStartup(message: string): never {
	const line = message.replace(/\s+/g, " ").trim().slice(0, MAX_ERROR_CHARS);
	process.stderr.write(`canirun: ${line}\n`);
	process.exit(1);
}

function explain(err: unknown, config: Config): string {
	const code = (err as { code?: unknown } | null)?.code;
	if (code === "EADDRINUSE") return `PORT ${config.port} is already in use; set PORT to a free port`;
	if (code === "EACCES") return `PORT ${config.port} needs more privileges; use a port above 1024`;
	return err instanceof Error ? err.message : String(err);
}

let config: Config;
try {
	config = loadConfig(process.env);
} catch (err) {
	if (err instanceof ConfigError) failStartup(err.message);
	failStartup(`could not read the configuration: ${err instanceof Error ? err.message : String(err)}`);
}

const scrub = createScrubber(config.secrets);
let app: App | null = null;

// A thrown error nobody caught leaves the process in an unknown state: log it and shut down
// gracefully with exit 1 so the supervisor restarts us. A stray rejected promise is logged only.
process.on("uncaughtException", (err) => {
	if (!app) failStartup(scrub(explain(err, config)));
	app.logger.fatal({ err }, "uncaught exception");
	void app.shutdown.run("uncaught exception", 1);
});
process.on("unhandledRejection", (reason) => {
	if (app) app.logger.error({ err: reason }, "unhandled promise rejection");
	else process.stderr.write(`canirun: ${scrub(explain(reason, config)).slice(0, MAX_ERROR_CHARS)}\n`);
});

try {
	app = await startApp(config, { factories: defaultFactories });
} catch (err) {
	failStartup(scrub(explain(err, config)));
}
