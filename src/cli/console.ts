/**
 * The interactive console: `npm start` without chat credentials. Reads lines with node:readline and
 * prints each answer exactly as the bot computes it, in the terminal rendering. Works on a TTY (a
 * prompt, a banner saying how to connect Discord and Slack) and on a pipe (answers every line in
 * order, then closes at EOF). Implements the Adapter contract so src/main.ts starts and stops it
 * like the chat adapters.
 */
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Logger } from "pino";
import type { Answer } from "../answer/answer.js";
import type { Adapter, AdapterState, RateLimiter } from "../server/adapter.js";
import { createAskPipeline } from "../server/ask.js";
import { renderText } from "./render-text.js";

export const CONSOLE_PROMPT = "canirun> ";
/** Lines waiting for an answer before reading pauses, and the level at which it resumes. */
export const CONSOLE_QUEUE_HIGH = 256;
const CONSOLE_QUEUE_LOW = 16;
const EXIT_WORDS: ReadonlySet<string> = new Set(["exit", "quit", ":q", "bye"]);

export const CONNECT_HELP = [
	'canirun console: ask about a model and your hardware, e.g. "can my 3090 run qwen3 32b at 32k?"; "help" for the query words, "exit" to quit.',
	"To run as a chat bot instead, set credentials and restart (npm start):",
	"  Discord: DISCORD_TOKEN (and DISCORD_APPLICATION_ID to register the slash commands with npm run register)",
	"  Slack:   SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode), plus SLACK_APP_TOKEN for Socket Mode",
].join("\n");

export interface ConsoleOptions {
	/** called once when the session ends (EOF, "exit"): the process then shuts down */
	onClose?: () => void;
	logger?: Logger;
	rateLimiter?: RateLimiter;
	input?: Readable;
	output?: Writable;
	/** prompt and banner (default: when input and output are TTYs) */
	interactive?: boolean;
	color?: boolean;
	/** what answers a line (default: answerQuery from commands/index.ts); tests inject their own */
	answer?: (text: string) => Promise<Answer>;
}

async function defaultAnswer(text: string): Promise<Answer> {
	const { answerQuery } = await import("../../commands/index.js");
	return answerQuery(text, { platform: "cli" });
}

export function startConsole(opts: ConsoleOptions = {}): Adapter {
	const input = opts.input ?? process.stdin;
	const output = opts.output ?? process.stdout;
	const isTty = (s: unknown) => typeof s === "object" && s !== null && (s as { isTTY?: boolean }).isTTY === true;
	const interactive = opts.interactive ?? (isTty(input) && isTty(output));
	const color = opts.color ?? (interactive && process.env.NO_COLOR === undefined);
	const answer = opts.answer ?? defaultAnswer;
	// one line at a time: the console never has more than one answer in flight
	const pipeline = createAskPipeline({ ...(opts.logger && { logger: opts.logger }), ...(opts.rateLimiter && { rateLimiter: opts.rateLimiter }) });
	let state: AdapterState = "stopped";
	let rl: Interface | null = null;
	let chain: Promise<void> = Promise.resolve();
	let closed = false;
	/** lines read but not answered yet; reading pauses above CONSOLE_QUEUE_HIGH (backpressure) */
	const queue: string[] = [];
	let pumping = false;

	/** Writes, resolving once the output has room again (a slow reader holds the console up, not memory). */
	const write = (text: string): Promise<void> => {
		if (closed && interactive) return Promise.resolve();
		const out = output as Writable & { destroyed?: boolean; writableNeedDrain?: boolean };
		if (out.destroyed === true) return Promise.resolve();
		if (out.write(text)) return Promise.resolve();
		return new Promise<void>((resolve) => {
			const done = () => {
				out.off("drain", done);
				out.off("close", done);
				out.off("error", done);
				resolve();
			};
			out.on("drain", done);
			out.on("close", done);
			out.on("error", done);
		});
	};

	async function handle(line: string): Promise<void> {
		const text = line.trim();
		if (text === "") return;
		if (EXIT_WORDS.has(text.toLowerCase())) {
			rl?.close();
			return;
		}
		await pipeline.ask({
			platform: "cli",
			command: "console",
			rateKeys: ["console", "console"],
			produce: () => answer(text),
			deliver: async (outcome) => {
				if (outcome.kind === "answer") {
					await write(renderText(outcome.answer, { color }));
					if (interactive) await write("\n");
				} else if (outcome.kind === "rate_limited") {
					await write(`Slow down a little: try again in ${Math.ceil(outcome.retryAfterMs / 1000)} s.\n`);
				} else if (outcome.kind === "failed") {
					await write("Something went wrong on my side; please try another question.\n");
				}
			},
		});
	}

	function finish(): void {
		if (state === "stopped") return;
		state = "stopped";
		opts.onClose?.();
	}

	return {
		name: "console",
		async start(): Promise<void> {
			if (state !== "stopped") return;
			state = "connected";
			closed = false;
			// a closed pipe (`| head`) ends the session instead of crashing it
			output.on("error", () => {
				closed = true;
				rl?.close();
			});
			if (interactive) output.write(`${CONNECT_HELP}\n\n`);
			rl = createInterface({
				input,
				output: interactive ? output : undefined,
				terminal: interactive,
				prompt: CONSOLE_PROMPT,
				crlfDelay: Number.POSITIVE_INFINITY,
			});
			const reader = rl;
			// Lines are queued and answered one at a time, in order. Reading pauses while the queue is
			// long and resumes once it has drained (issue 18: a 500,000-line pipe was read whole into
			// memory, 343 MB); a paused readline still emits the lines of the chunk it holds, so the
			// queue is bounded by CONSOLE_QUEUE_HIGH plus one chunk.
			const pump = async (): Promise<void> => {
				try {
					for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
						if (queue.length <= CONSOLE_QUEUE_LOW && !closed) reader.resume();
						await handle(line);
						if (interactive && !closed) reader.prompt();
					}
				} finally {
					pumping = false;
				}
			};
			reader.on("line", (line) => {
				queue.push(line);
				if (queue.length >= CONSOLE_QUEUE_HIGH) reader.pause();
				if (!pumping) {
					pumping = true;
					chain = chain.then(pump);
				}
			});
			reader.on("close", () => {
				closed = true;
				void chain.then(finish);
			});
			if (interactive) rl.prompt();
		},
		async stop(deadlineMs = 5000): Promise<void> {
			if (state === "stopped") return;
			closed = true;
			rl?.close();
			await Promise.race([chain, new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadlineMs)).unref())]);
			finish();
		},
		state(): AdapterState {
			return state;
		},
	};
}
