/**
 * Process-level checks of src/main.ts and the shutdown path: real node processes, real signals,
 * real stdout/stderr (TypeScript run through tsx, so no build is needed).
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FORM, postSigned, slashCommandBody } from "../fakes/slack-signing.js";
import { startFakeSlackApi } from "../fakes/slack-web-api.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = "src/main.ts";
const SLOW_APP = "tests/ship/fixtures/slow-app.ts";
const DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0Mw.GAbCdE.process-test-secret";

interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Environment without anything from the developer's shell that would change the mode. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", CI: "true" };
	return { ...env, ...extra };
}

function run(
	script: string,
	env: Record<string, string>,
	opts: {
		stdin?: string;
		onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
		onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
	} = {},
): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: cleanEnv(env), stdio: ["pipe", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d: Buffer) => {
			stdout += d.toString();
			opts.onStdout?.(stdout, child);
		});
		child.stderr.on("data", (d: Buffer) => {
			stderr += d.toString();
			opts.onStderr?.(stderr, child);
		});
		child.on("error", reject);
		child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
		if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
		else child.stdin.end();
	});
}

describe("npm start (src/main.ts) configuration errors", () => {
	it("stops with exit 1 and one line naming the malformed variable", async () => {
		const result = await run(MAIN, { PORT: "abc", DISCORD_TOKEN });
		expect(result.code).toBe(1);
		expect(result.stdout).toBe("");
		expect(result.stderr).toBe('canirun: PORT must be a whole number (got "abc")\n');
	});

	it("names the missing half of the Slack credentials without echoing the token", async () => {
		const result = await run(MAIN, { SLACK_BOT_TOKEN: "xoxb-process-test-secret" });
		expect(result.code).toBe(1);
		expect(result.stderr.trim().split("\n")).toHaveLength(1);
		expect(result.stderr).toMatch(/^canirun: SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set/);
		expect(result.stderr).not.toContain("process-test-secret");
	});

	it("never prints a malformed secret", async () => {
		const result = await run(MAIN, { DISCORD_TOKEN: `${DISCORD_TOKEN} trailing-part` });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^canirun: DISCORD_TOKEN contains whitespace/);
		expect(result.stderr).not.toContain("process-test-secret");
		expect(result.stderr).not.toContain("trailing-part");
	});
});

describe("npm start (src/main.ts) without chat credentials", () => {
	it("opens the console, answers the queries piped on stdin in order, and exits 0 at EOF", async () => {
		const result = await run(MAIN, {}, { stdin: "help\ndeepseek-r1 q4_k_m 2x4090\n" });
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(""); // logs go to stderr at warn: nothing to say on a good run
		const help = result.stdout.indexOf("Query words");
		const answer = result.stdout.indexOf("DeepSeek-R1");
		expect(help).toBeGreaterThan(-1);
		expect(answer).toBeGreaterThan(help);
	});
});

describe("graceful shutdown of a real process", () => {
	it("on SIGTERM finishes the in-flight request, then exits 0", async () => {
		let sent = false;
		let readyAt = 0;
		const result = await run(
			SLOW_APP,
			{ DISCORD_TOKEN, PORT: "0", FAKE_REQUEST_MS: "600", LOG_FORMAT: "json" },
			{
				onStderr: (text, child) => {
					if (!sent && /ready \d+/.test(text)) {
						sent = true;
						readyAt = Date.now();
						child.kill("SIGTERM");
					}
				},
			},
		);
		const tookMs = Date.now() - readyAt;
		expect(result.code).toBe(0);
		expect(result.signal).toBeNull();
		const lines = result.stdout
			.split("\n")
			.filter(Boolean)
			.map((l) => JSON.parse(l) as { msg: string; outcome?: string; exitCode?: number });
		const messages = lines.map((l) => l.msg);
		expect(messages).toEqual(["canirun started", "shutting down: finishing in-flight requests", "fake request done", "stopped"]);
		expect(lines.find((l) => l.msg === "fake request done")?.outcome).toBe("finished");
		expect(lines.at(-1)?.exitCode).toBe(0);
		expect(tookMs).toBeGreaterThanOrEqual(400);
		expect(result.stdout).not.toContain(DISCORD_TOKEN);
	});

	it("does not wait past SHUTDOWN_TIMEOUT_MS for a request that never ends", async () => {
		let sent = false;
		let signalledAt = 0;
		const result = await run(
			SLOW_APP,
			{ DISCORD_TOKEN, PORT: "0", FAKE_REQUEST_MS: "60000", SHUTDOWN_TIMEOUT_MS: "300", LOG_FORMAT: "json" },
			{
				onStderr: (text, child) => {
					if (!sent && /ready \d+/.test(text)) {
						sent = true;
						signalledAt = Date.now();
						child.kill("SIGTERM");
					}
				},
			},
		);
		expect(Date.now() - signalledAt).toBeLessThan(3_000);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toContain("fake request done");
		expect(result.stdout).toContain('"msg":"stopped"');
	});
});

describe("npm start with Slack credentials, as a real process", () => {
	it("answers a signed slash command, serves /healthz on PORT, and exits 0 on SIGTERM", async () => {
		const api = await startFakeSlackApi();
		const secret = "process-test-signing-secret-0123";
		let started = false;
		let checks: Promise<{ health: number; answered: string }> | null = null;
		try {
			const result = await run(
				MAIN,
				{ SLACK_BOT_TOKEN: "xoxb-process-test-secret", SLACK_SIGNING_SECRET: secret, SLACK_API_URL: api.apiUrl, PORT: "0", LOG_FORMAT: "json" },
				{
					onStdout: (text, child) => {
						const line = text.split("\n").find((l) => l.includes('"msg":"canirun started"'));
						if (started || line === undefined) return;
						started = true;
						const { healthPort } = JSON.parse(line) as { healthPort: number };
						const base = `http://127.0.0.1:${healthPort}`;
						checks = (async () => {
							const health = (await fetch(`${base}/healthz`)).status;
							const responseUrl = api.responseUrl("proc");
							await postSigned(`${base}/slack/events`, slashCommandBody({ text: "help", responseUrl }), FORM, secret);
							const answer = await api.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000);
							return { health, answered: JSON.stringify(answer.body) };
						})().finally(() => child.kill("SIGTERM"));
					},
				},
			);
			expect(started).toBe(true);
			const outcome = await (checks as Promise<{ health: number; answered: string }> | null);
			expect(outcome?.health).toBe(200);
			expect(outcome?.answered).toMatch(/canirun/i);
			expect(result.code).toBe(0);
			expect(result.stdout).toContain('"msg":"stopped"');
			expect(result.stdout + result.stderr).not.toContain("process-test-secret");
			expect(result.stdout + result.stderr).not.toContain(secret);
		} finally {
			await api.close();
		}
	});

	it("exits 0 within its budget on SIGTERM while a client is stalled mid-request (issue 18)", async () => {
		const api = await startFakeSlackApi();
		const secret = "process-test-signing-secret-0123";
		let started = false;
		let signalledAt = 0;
		try {
			const result = await run(
				MAIN,
				{
					SLACK_BOT_TOKEN: "xoxb-process-test-secret",
					SLACK_SIGNING_SECRET: secret,
					SLACK_API_URL: api.apiUrl,
					PORT: "0",
					LOG_FORMAT: "json",
					SHUTDOWN_TIMEOUT_MS: "3000",
				},
				{
					onStdout: (text, child) => {
						const line = text.split("\n").find((l) => l.includes('"msg":"canirun started"'));
						if (started || line === undefined) return;
						started = true;
						const { healthPort } = JSON.parse(line) as { healthPort: number };
						// headers and 3 body bytes of a 100-byte body, then nothing; an idle keep-alive socket beside it
						const stalled = connect(healthPort, "127.0.0.1", () => {
							stalled.write(
								`POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM}\r\nContent-Length: 100\r\nX-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\n\r\nabc`,
							);
							const idle = connect(healthPort, "127.0.0.1", () => {
								setTimeout(() => {
									signalledAt = Date.now();
									child.kill("SIGTERM");
								}, 200);
							});
							idle.on("error", () => undefined);
						});
						stalled.on("error", () => undefined);
					},
				},
			);
			expect(started).toBe(true);
			// the adapters' deadline is 3 s; a stalled socket used to cost all of it plus 1.5 s and exit 1
			expect(Date.now() - signalledAt).toBeLessThan(2_500);
			expect(result.code).toBe(0);
			expect(result.stdout).toContain('"msg":"stopped"');
		} finally {
			await api.close();
		}
	}, 30_000);
});
