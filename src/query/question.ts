/**
 * Questions from what each platform receives (issue 13 item 1): a chat line or a --batch line (text),
 * and the command line (argv). Both become the same Question: the free words in order, and the query
 * flags of DESIGN §2 (`--ctx 32k`, `--hardware "m3 max 128gb"`) read as named settings. A slash
 * command's options are already named settings: commands/layer.ts builds its Question directly.
 * Nothing here looks anything up: the parser (./parse.ts) resolves a Question against the catalog.
 */
import type { Question, SettingName } from "../answer/question.js";
import { QUERY_LIMITS } from "./limits.js";
import { FLAG_WORDS } from "./runtime-words.js";
import { sanitizeInput } from "./sanitize.js";
import { normalizeWord, splitArgs } from "./tokenize.js";

/**
 * The words with the query flags taken out as settings. A flag without a value and a flag nobody
 * knows stay among the words, for the parser to refuse with its own message ("Option --ctx needs a
 * value", "Unknown option …"); so do the CLI's own flags (--json …), which the parser skips.
 */
function withSettings(words: readonly string[], text: string): Question {
	let free: string[] | null = null;
	let settings: Partial<Record<SettingName, string>> | null = null;
	for (let i = 0; i < words.length; i++) {
		const w = words[i] ?? "";
		if (!w.startsWith("--")) {
			free?.push(w);
			continue;
		}
		const lw = normalizeWord(w);
		const eq = lw.indexOf("=");
		const key = FLAG_WORDS.get(eq >= 0 ? lw.slice(0, eq) : lw);
		const value = key === undefined ? undefined : eq >= 0 ? w.slice(eq + 1) : words[i + 1];
		if (key === undefined || value === undefined || value.trim() === "") {
			free?.push(w);
			continue;
		}
		// most questions have no flag: the words array is copied only from the first one on
		free ??= words.slice(0, i);
		settings ??= {};
		// a repeated flag: the last one wins, as on a command line
		settings[key] = value.trim();
		if (eq < 0) i++;
	}
	return { command: null, words: free ?? words, settings: settings ?? {}, text };
}

/** A chat message or a --batch line. A line past the length bound is not split at all: the parser refuses it by its length. */
export function questionOfText(text: string): Question {
	if (text.length > QUERY_LIMITS.maxChars) return { command: null, words: [], settings: {}, text };
	return withSettings(splitArgs(sanitizeInput(text)), text);
}

/**
 * The command line's words (argv, the CLI's own flags already taken out). An argv that holds spaces
 * is a flag's value when it follows a flag (`--hardware "m3 max 128gb"`) or carries one
 * (`--hardware="m3 max 128gb"`), and a sentence otherwise (`canirun "can my 3090 run qwen3 32b?"`),
 * read word by word with the same splitter as a chat line.
 */
export function questionOfArgv(argv: readonly string[]): Question {
	const whole = (i: number) => {
		const w = argv[i] ?? "";
		return /\s/.test(w) && ((argv[i - 1] ?? "").startsWith("--") || (w.startsWith("--") && w.includes("=")));
	};
	// the line as typed, quoting what is one value: what follow-ups and "did you mean" buttons re-ask,
	// and what the length bound reads (a --batch line of this text is the same question)
	const text = argv
		.map((w, i) => {
			if (!whole(i)) return w;
			const bare = w.replace(/"/g, "");
			const eq = bare.startsWith("--") ? bare.indexOf("=") : -1;
			return eq >= 0 ? `${bare.slice(0, eq + 1)}"${bare.slice(eq + 1)}"` : `"${bare}"`;
		})
		.join(" ");
	if (text.length > QUERY_LIMITS.maxChars) return { command: null, words: [], settings: {}, text };
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const w = argv[i] ?? "";
		if (whole(i)) {
			const value = sanitizeInput(w.replace(/"/g, ""));
			if (value !== "") words.push(value);
		} else words.push(...splitArgs(sanitizeInput(w)));
	}
	return withSettings(words, text);
}
