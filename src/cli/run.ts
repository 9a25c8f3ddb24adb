/**
 * The CLI (DESIGN §2): one-shot queries as text or JSON, --batch (one JSON object per line),
 * --list, --help. Exit 0 when answered (even "no"), 2 when the query was not understood, 1 on an
 * internal fault. The command layer is imported lazily so --help costs nothing, and only its
 * zod-free free-text half (commands/query-layer.ts) is loaded: no zod, no chat SDK (issue 8).
 */
import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { Answer } from "../answer/answer.js";
import { cleanAnswer } from "../answer/clean-echo.js";
import type { Catalog } from "../catalog/read.js";
import type { Services } from "../../commands/lib/services.js";
import { parseCliArgs, USAGE, type ListKind } from "./args.js";
import { readCliCatalog } from "./catalog.js";

export const EXIT = { answered: 0, internal: 1, notUnderstood: 2 } as const;

/** A batch reads at most this many lines (a safety bound; a real batch is a few hundred). */
export const MAX_BATCH_LINES = 100_000;

export interface CliIo {
	stdin: Readable;
	stdout: Writable;
	stderr: Writable;
	/** colour on a TTY unless NO_COLOR is set */
	isTty: boolean;
	/** the terminal's width when stdout is a TTY (the compact view is the default below 80) */
	columns?: number;
	env: Readonly<Record<string, string | undefined>>;
}

const CTX = { platform: "cli" } as const;

type QueryLayer = typeof import("../../commands/query-layer.js");

/** The two ways the CLI asks: a Question from argv (one-shot), a line of text (--batch). */
interface CliAnswerer {
	answerQuestion: ReturnType<QueryLayer["createQuestionAnswerer"]>;
	answerQuery: ReturnType<QueryLayer["createQueryAnswerer"]>;
}

let answerer: Promise<CliAnswerer> | null = null;

/**
 * The free-text half of the command layer over the CLI's own catalog read (./catalog.ts): no zod,
 * fuse.js, chat SDK, logger or Hub client is loaded for a one-shot query (issue 8). A catalog that
 * cannot be read becomes the layer's "catalog could not be loaded" answer, as in the bots.
 */
function cliAnswerer(): Promise<CliAnswerer> {
	answerer ??= (async () => {
		// start the module loads first; the loader's file reads overlap the catalog read below
		const layerModule = import("../../commands/query-layer.js");
		const servicesModule = import("../../commands/lib/services-from-catalog.js");
		let catalog: Catalog | null = null;
		let failure: unknown = null;
		try {
			catalog = await readCliCatalog();
		} catch (err) {
			failure = err;
		}
		const [{ createQueryAnswerer, createQuestionAnswerer }, { servicesFromCatalog }] = await Promise.all([layerModule, servicesModule]);
		let services: Services | null = null;
		const getServices = (): Services => {
			if (catalog === null) throw failure;
			services ??= servicesFromCatalog(catalog);
			return services;
		};
		return { answerQuestion: createQuestionAnswerer(getServices), answerQuery: createQueryAnswerer(getServices) };
	})();
	return answerer;
}

function write(stream: Writable, text: string): Promise<void> {
	return new Promise((resolve) => {
		if (stream.write(text)) resolve();
		else stream.once("drain", () => resolve());
	});
}

function errorJson(message: string, suggestions: readonly string[]): string {
	return JSON.stringify({ error: { message, suggestions: [...suggestions] } });
}

/** The JSON written for an answer: the contract object, or an error object. */
export function answerJson(a: Answer): string {
	if (a.kind === "error") {
		const message = a.verdict?.summary ?? "not understood";
		// an ask-back keeps its `resolution` field (what was matched, what was not, asked: true)
		const resolution = a.json?.["resolution"];
		if (resolution !== undefined) return JSON.stringify({ error: { message, suggestions: [...a.didYouMean] }, resolution });
		return errorJson(message, a.didYouMean);
	}
	return JSON.stringify(a.json ?? { version: 1, command: a.kind });
}

function exitFor(a: Answer): number {
	if (a.kind !== "error") return EXIT.answered;
	return a.errorKind === "internal" ? EXIT.internal : EXIT.notUnderstood;
}

/** Below this many columns a terminal gets the compact view unless --full is given (issue 16). */
export const NARROW_TERMINAL_COLUMNS = 80;

async function runQuery(words: string[], json: boolean, io: CliIo, color: boolean, view: "full" | "compact"): Promise<number> {
	const [{ answerQuestion }, { questionOfArgv }] = await Promise.all([cliAnswerer(), import("../query/question.js")]);
	// argv becomes a Question directly (issue 13): query flags are its settings, the rest its words;
	// a flag's value given as one argv ("--hardware 'm3 max 128gb'") stays one value
	// every echo of user text is cleaned, as in the bots (issue 18: "@everyone", "<@…>", U+061C reached the terminal and the JSON)
	const a = cleanAnswer(await answerQuestion(questionOfArgv(words), CTX));
	const code = exitFor(a);
	if (a.kind === "error") {
		const message = a.verdict?.summary ?? "not understood";
		const dym = a.didYouMean.length > 0 ? ` Did you mean: ${a.didYouMean.join(", ")}?` : "";
		const stop = /[.!?]$/.test(message) ? "" : ".";
		await write(io.stderr, `canirun: ${message}${stop}${dym}\n`);
		if (json) await write(io.stdout, `${answerJson(a)}\n`);
		return code;
	}
	// the text renderer is loaded only for text output (issue 8: a --json run does not need it)
	let out: string;
	if (json) out = `${answerJson(a)}\n`;
	else {
		const text = await import("./render-text.js");
		out = view === "compact" ? text.renderCompactText(a, { color, ...(io.columns !== undefined ? { width: io.columns } : {}) }) : text.renderText(a, { color });
	}
	await write(io.stdout, out);
	return code;
}

async function runBatch(source: string, io: CliIo): Promise<number> {
	const { answerQuery } = await cliAnswerer();
	// readline only for --batch (issue 8: a one-shot query does not load it)
	const { createInterface } = await import("node:readline");
	let input: Readable;
	if (source === "-") input = io.stdin;
	else {
		input = createReadStream(source, { encoding: "utf8" });
		const opened = await new Promise<Error | null>((resolve) => {
			input.once("error", (err) => resolve(err));
			input.once("readable", () => resolve(null));
		});
		if (opened !== null) {
			await write(io.stderr, `canirun: cannot read batch file "${source.slice(0, 200)}".\n`);
			return EXIT.notUnderstood;
		}
	}
	const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
	let worst: number = EXIT.answered;
	let count = 0;
	for await (const line of rl) {
		count++;
		if (count > MAX_BATCH_LINES) {
			await write(io.stdout, `${errorJson(`batch limit reached: at most ${MAX_BATCH_LINES} lines are answered`, [])}\n`);
			worst = Math.max(worst, EXIT.notUnderstood);
			break;
		}
		const a = cleanAnswer(await answerQuery(line, CTX));
		const code = exitFor(a);
		// internal (1) outranks nothing; a refusal (2) is the usual "not everything answered"
		if (code === EXIT.notUnderstood) worst = EXIT.notUnderstood;
		else if (code === EXIT.internal && worst === EXIT.answered) worst = EXIT.internal;
		await write(io.stdout, `${answerJson(a)}\n`);
	}
	rl.close();
	return worst;
}

async function runList(what: ListKind, json: boolean, io: CliIo): Promise<number> {
	const cat = await readCliCatalog();
	const items = what === "models" ? cat.models : what === "devices" ? cat.devices : cat.quants;
	const rows = items.map((x) => ({ id: x.id, name: x.name, aliases: [...x.aliases] }));
	if (json) {
		await write(io.stdout, `${JSON.stringify(rows)}\n`);
		return EXIT.answered;
	}
	const idW = Math.max(2, ...rows.map((r) => r.id.length));
	const nameW = Math.max(4, ...rows.map((r) => r.name.length));
	const lines = [`${"id".padEnd(idW)}  ${"name".padEnd(nameW)}  aliases`];
	for (const r of rows) lines.push(`${r.id.padEnd(idW)}  ${r.name.padEnd(nameW)}  ${r.aliases.join(", ")}`.trimEnd());
	await write(io.stdout, `${lines.join("\n")}\n`);
	return EXIT.answered;
}

/** Run the CLI; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	try {
		const parsed = parseCliArgs(argv);
		if (!parsed.ok) {
			await write(io.stderr, `canirun: ${parsed.message}\n`);
			return EXIT.notUnderstood;
		}
		const { mode, json } = parsed.args;
		const color = parsed.args.color ?? (io.isTty && io.env.NO_COLOR === undefined);
		switch (mode.kind) {
			case "usage":
				await write(argv.length === 0 ? io.stderr : io.stdout, USAGE);
				return argv.length === 0 ? EXIT.notUnderstood : EXIT.answered;
			case "version":
				await write(io.stdout, "canirun 0.1.0\n");
				return EXIT.answered;
			case "list":
				return await runList(mode.what, json, io);
			case "batch":
				return await runBatch(mode.source, io);
			case "query":
				return await runQuery(
					mode.words,
					json,
					io,
					color,
					parsed.args.view ?? (io.isTty && (io.columns ?? NARROW_TERMINAL_COLUMNS) < NARROW_TERMINAL_COLUMNS ? "compact" : "full"),
				);
		}
	} catch (err) {
		const why = err instanceof Error ? (err.message.split("\n")[0] ?? "").slice(0, 200) : "unknown error";
		await write(io.stderr, `canirun: internal error: ${why}\n`);
		return EXIT.internal;
	}
}
