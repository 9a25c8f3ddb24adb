/**
 * Free text → a resolved request. One grammar for slash-command words ("deepseek-r1 q4_k_m 2x4090
 * 32k"), command-line flags ("--ctx 32768") and plain English ("can a 3090 run qwen3 32b at 32k
 * context?"). Words are claimed left to right by the most specific matcher (flag, key=value,
 * context, runtime, KV type, quantization, hardware, exact model name); the words left over name the
 * model (fuzzy, multi-word); anything still unclaimed is reported as ignored, never dropped silently.
 */
import type { CommandName, Question, SettingName } from "../answer/question.js";
import { thousands } from "../answer/format.js";
import { CONTEXT_WORDS, parseContextWord } from "./context.js";
import { commandWordsOf, detectIntent } from "./intent.js";
import { QUERY_LIMITS } from "./limits.js";
import { parseMemorySize } from "./memory-size.js";
import { dynamicQuant } from "./quant-words.js";
import { questionOfText } from "./question.js";
import { FLAG_WORDS, FLASH_WORDS, KEY_WORDS, KV_WORDS, RUNTIME_WORDS } from "./runtime-words.js";
import { echoWord, sanitizeInput } from "./sanitize.js";
import { STOP_WORDS } from "./stopwords.js";
import { normalizeWord, stripPunctuation } from "./tokenize.js";
import type { CommandVocabulary, HardwareParse, ModelPick, ParseLimits, ParseResult, ParsedQuery, QueryError, QueryResolvers, Resolved } from "./types.js";
import type { Model, Quant } from "../catalog/schema.js";
import { NEVER_IN_A_NAME, namesOnlyFamily } from "../catalog/fold.js";
import { USE_WORDS } from "./use-words.js";

/** "-1gb", "0gb", "+0 gb ram": a memory size that is not positive. */
const FULL_CONTEXT_WORDS: ReadonlySet<string> = new Set(["full", "max", "maximum", "native", "whole", "entire", "longest"]);

/** "8x7b", "8x22b", "16x3.8b": a mixture-of-experts size (experts × billions), a model word. */
const MOE_SIZE = /^\d+x\d+(\.\d+)?b$/i;

const NON_POSITIVE_MEMORY = /^\+?(-\d+(\.\d+)?|0+(\.0+)?)(gb|gib|g|tb|tib|mb|mib)$/;

/** Flags the CLI handles itself; inside a query (or a --batch line) they are accepted and skipped. */
const CLI_ONLY_FLAGS: ReadonlySet<string> = new Set(["--json", "--text", "--no-color", "--color"]);

const HUB_REF = /^(?:https?:\/\/)?(?:www\.)?(?:hf\.co|huggingface\.co)\/|^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(?:\/|:|$)/i;

const MAC_WORDS: ReadonlySet<string> = new Set(["mac", "macs", "macbook", "macbooks", "apple", "imac", "macstudio", "mac-studio", "macmini", "mac-mini"]);

/** Words between "macbook"/"mac" and the chip: "macbook pro m4 max", "mac mini m4 pro". */
const MAC_LINE_WORDS: ReadonlySet<string> = new Set(["pro", "air", "mini", "studio"]);

/** Words between two devices (or two models) that make them a choice, not one machine. */
const CHOICE_WORDS: ReadonlySet<string> = new Set(["or", "vs", "versus", "v.s"]);

/**
 * Things people run models on that the catalog has no numbers for: named in a question, they are
 * hardware not understood (asked about), never words to skip while the answer leaves the device out.
 */
const UNKNOWN_HARDWARE_WORDS: ReadonlySet<string> = new Set([
	"phone",
	"iphone",
	"android",
	"smartphone",
	"ipad",
	"tablet",
	"chromebook",
	"colab",
	"kaggle",
	"tpu",
	"raspberry",
	"rpi",
	"deck",
	"ps5",
	"xbox",
]);

/** Words that say the GPU is a laptop part: "on my laptop with a 3070", "laptop 4070". */
const LAPTOP_WORDS: ReadonlySet<string> = new Set(["laptop", "laptops", "notebook"]);

const KV_CONTEXT_WORDS: ReadonlySet<string> = new Set(["kv", "cache", "kv-cache", "kvcache"]);

const CONFIDENCE_RANK: ReadonlyMap<string, number> = new Map([
	["exact", 3],
	["family", 2],
	["fuzzy", 1],
	["none", 0],
]);

interface State {
	words: readonly string[];
	lower: string[];
	claimed: boolean[];
	q: ParsedQuery;
	/** named settings (the Question's, then flags left among the words), created on the first (most questions have none) */
	overrides: Map<SettingName, string> | null;
	hardwareError: { error: string; candidates: string[]; macOnly: boolean } | null;
	limits: ParseLimits;
	/** the commands a question can ask for (the resolvers', commands/list.ts) */
	commands: CommandVocabulary;
	/** the model named by an exact run of words in claimWords, which later words may refine */
	exactSpan: { start: number; length: number; pick: ModelPick } | null;
	/** model answers within this parse: the same run of words is tried several times (created on first use) */
	modelAnswers: Map<string, Resolved<Model> | typeof RESERVED> | null;
	/** the word indices that named the model */
	modelSpan: number[] | null;
	/** the index after the last hardware span claimed ("3090 or 4090": the words between two spans) */
	hardwareEnd?: number;
	/** a quantization the model's name carried ("qwen3:8b-q8_0", "Qwen3-32B-AWQ"), used when no quant word was given */
	namedQuant?: string | null;
}

/** A word without sentence punctuation, case kept: what the model resolver reads ("32B?" → "32B"). */
function cleanWord(s: State, i: number): string {
	return stripPunctuation(s.words[i] ?? "");
}

/**
 * The words cleaned one by one, dropping empty ones. Words split from an already cleaned line come
 * back unchanged, so the given array is kept rather than copied twice (issue 8).
 */
function sanitizeWords(rawWords: readonly string[]): readonly string[] {
	for (let i = 0; i < rawWords.length; i++) {
		const w = rawWords[i] ?? "";
		if (w.length === 0 || sanitizeInput(w) !== w) return rawWords.map((x) => sanitizeInput(x)).filter((x) => x.length > 0);
	}
	return rawWords;
}

/** A request with nothing asked yet: the parser fills it word by word (and tests start from it). */
export function emptyRequest(command: CommandName): ParsedQuery {
	return {
		command,
		highlight: null,
		model: null,
		hubRef: null,
		quant: null,
		hardware: null,
		hardwareLabel: null,
		deviceFilter: null,
		contextTokens: null,
		kvCacheType: null,
		runtime: null,
		ubatch: null,
		flashAttention: null,
		parallel: null,
		use: null,
		ignored: [],
		notes: [],
	};
}

/**
 * A refusal to explain to the user, thrown inside the parse and caught in parseQueryWords (it never
 * escapes). Deliberately not an Error: capturing a stack trace costs more than a whole parse, and
 * about 2 % of questions end in one (issue 8).
 */
class QueryInputError {
	constructor(
		readonly message: string,
		readonly didYouMean: string[] = [],
		/** the words typed for a model that was not understood */
		readonly modelText?: string,
	) {}
}

/** Parse a query given as one line of text (chat message, batch line). Never throws. */
export function parseQueryText(text: string, resolvers: QueryResolvers, limits: ParseLimits): ParseResult {
	return parseQuestion(questionOfText(text), resolvers, limits);
}

/** Parse a query already split into words, flags among them. Never throws. */
export function parseQueryWords(rawWords: readonly string[], resolvers: QueryResolvers, limits: ParseLimits): ParseResult {
	return parseQuestion({ command: null, words: rawWords, settings: {}, text: rawWords.join(" ") }, resolvers, limits);
}

/**
 * Resolve a Question against the catalog: its words read by the grammar above, its named settings
 * (slash options, CLI flags) applied over them, its command (when named outright) chosen. Never throws.
 */
export function parseQuestion(question: Question, resolvers: QueryResolvers, limits: ParseLimits): ParseResult {
	if (question.text.length > QUERY_LIMITS.maxChars) {
		return fail(
			`That query is ${question.text.length} characters long; I read at most ${QUERY_LIMITS.maxChars}. Ask about one model at a time, e.g. "canirun qwen3 32b 3090".`,
		);
	}
	const words = sanitizeWords(question.words);
	let settings: Map<SettingName, string> | null = null;
	let totalChars = 0;
	for (const w of words) totalChars += w.length + 1;
	// (for…in, not Object.entries: no array of pairs for the settings most questions do not have)
	for (const name in question.settings) {
		if (!Object.hasOwn(question.settings, name)) continue;
		const key = name as SettingName;
		const raw = question.settings[key];
		const value = typeof raw === "string" ? sanitizeInput(raw) : "";
		if (value === "") continue;
		settings ??= new Map();
		settings.set(key, value);
		totalChars += key.length + value.length + 4;
	}
	if (totalChars > QUERY_LIMITS.maxChars) {
		return fail(`That query is ${totalChars} characters long; I read at most ${QUERY_LIMITS.maxChars}.`);
	}
	if (words.length > QUERY_LIMITS.maxTokens) {
		return fail(`That query has ${words.length} words; I read at most ${QUERY_LIMITS.maxTokens}. Ask about one model at a time.`);
	}
	const state: State = {
		words,
		lower: words.map(normalizeWord),
		claimed: words.map(() => false),
		q: emptyRequest(resolvers.commands.forModel),
		overrides: null,
		hardwareError: null,
		limits,
		commands: resolvers.commands,
		exactSpan: null,
		modelAnswers: null,
		modelSpan: null,
	};
	try {
		claimFlags(state);
		// the Question's own settings win over flags left among its words (there are none from a platform)
		if (settings !== null) {
			state.overrides ??= new Map();
			for (const [key, value] of settings) state.overrides.set(key, value);
		}
		const intent = detectIntent(state.lower, resolvers.commands);
		for (const i of intent.consumed) state.claimed[i] = true;
		claimWords(state, resolvers, limits);
		applyOverrides(state, resolvers, limits);
		cpuOnlyForRamOnly(state, resolvers);
		laptopVariant(state, resolvers);
		extendExactModel(state, resolvers);
		resolveLeftoverModel(state, resolvers);
		checkModelNeighbours(state, resolvers);
		checkLeftoverWords(state, resolvers);
		applyOllamaRuntime(state, resolvers);
		applyNamedQuant(state, resolvers);
		collectIgnored(state, resolvers);
		state.q.command = chooseCommand(state, question.command ?? intent.command);
		state.q.highlight = intent.highlight;
		checkComplete(state);
		return { ok: true, query: state.q };
	} catch (err) {
		if (err instanceof QueryInputError) {
			const error: QueryError = { message: err.message, didYouMean: err.didYouMean, partial: state.q };
			if (err.modelText !== undefined) {
				error.modelText = err.modelText;
				error.newToCatalog = resolvers.newToCatalog?.(err.modelText) ?? false;
			}
			return { ok: false, error };
		}
		throw err;
	}
}

function fail(message: string, didYouMean: string[] = []): { ok: false; error: QueryError } {
	return { ok: false, error: { message, didYouMean } };
}

/** `--ctx 32768` and `--ctx=32768`: record the value; flags override words (applied later). */
function claimFlags(s: State): void {
	for (let i = 0; i < s.words.length; i++) {
		const lw = s.lower[i] ?? "";
		if (!lw.startsWith("--")) continue;
		const eq = lw.indexOf("=");
		const name = eq >= 0 ? lw.slice(0, eq) : lw;
		if (CLI_ONLY_FLAGS.has(name)) {
			s.claimed[i] = true;
			continue;
		}
		const key = FLAG_WORDS.get(name);
		if (key === undefined) {
			throw new QueryInputError(`Unknown option "${echoWord(name)}". Options: ${[...new Set(FLAG_WORDS.keys())].join(" ")}.`);
		}
		s.claimed[i] = true;
		let value: string | undefined;
		if (eq >= 0) value = (s.words[i] ?? "").slice(eq + 1);
		else {
			value = s.words[i + 1];
			if (value !== undefined) s.claimed[i + 1] = true;
			i++;
		}
		if (value === undefined || value.trim() === "") throw new QueryInputError(`Option ${name} needs a value.`);
		s.overrides ??= new Map();
		s.overrides.set(key, value.trim());
	}
}

function claimWords(s: State, r: QueryResolvers, limits: ParseLimits): void {
	const n = s.words.length;
	for (let i = 0; i < n; i++) {
		if (s.claimed[i]) continue;
		const w = s.lower[i] ?? "";
		if (w.length === 0) {
			s.claimed[i] = true;
			continue;
		}
		const next = s.lower[i + 1];
		const eq = w.indexOf("=");
		// Most words (model and hardware names) start no setting: they skip the ~20 set and number tests
		// below, none of which can claim a word with no "=", no leading digit or "_" and none of SETTING_WORDS
		if (eq > 0 || mayStartSetting(w)) {
			const claimed = claimSetting(s, r, limits, i, w, next, eq);
			if (claimed >= 0) {
				i = claimed;
				continue;
			}
		}
		if (STOP_WORDS.has(w) && !MAC_WORDS.has(w)) continue;
		// Hugging Face reference: the catalog first (an alias may be the repo id), then the Hub.
		if ((s.words[i] ?? "").includes("/") && HUB_REF.test(cleanWord(s, i))) {
			const ref = cleanWord(s, i);
			const res = r.model(ref);
			if (res.match !== null && res.confidence === "exact") {
				s.q.model = { model: res.match, text: ref, confidence: res.confidence, note: res.note };
				s.modelSpan = [i];
				s.namedQuant = res.quantId ?? null;
			} else {
				s.q.hubRef = ref;
			}
			s.claimed[i] = true;
			continue;
		}
		// a two-word quantization name ("native int4", "int4 qat", "awq int4") before either word alone,
		// which would name another one ("int4" alone is GPTQ int4); neither is asked for a word no quant
		// name starts with (most words)
		const quantish = r.mayStartQuant?.(w) ?? true;
		const pairQuant = quantish && next !== undefined && !s.claimed[i + 1] ? exactQuant(r, `${w} ${next}`) : null;
		if (pairQuant !== null) {
			s.q.quant = pairQuant;
			s.claimed[i] = true;
			s.claimed[i + 1] = true;
			i++;
			continue;
		}
		// quantization (one word, exact names only: a typo'd quant is left for the model words)
		const quant = (quantish ? exactQuant(r, w) : null) ?? dynamicMix(s, r, w);
		if (quant !== null) {
			s.q.quant = quant;
			s.claimed[i] = true;
			continue;
		}
		// a negative or zero memory size ("-1gb", "+0gb ram") is nonsense, not an unknown word to skip
		if (NON_POSITIVE_MEMORY.test(w)) throw new QueryInputError(`"${echoWord(w)}" is not a memory size: memory must be more than 0, e.g. 24gb or +64gb ram.`);
		// hardware span vs exact model span: the longer wins; hardware on a tie
		// "8x7b", "8x22b" (and typos like "8x2b") are mixture-of-experts model sizes, never "8× device 2b"
		const hw = MOE_SIZE.test(w) || versionAfterName(s, r, i) ? null : r.hardwareSpan(s.lower, i);
		if (hw?.parse.ok) askVersionOrCount(s, r, i);
		const modelSpan = s.q.model === null ? exactModelSpan(s, r, i) : null;
		if (hw !== null && hw.length > 0 && (modelSpan === null || hw.length >= modelSpan.length)) {
			claimHardware(s, i, hw.length, hw.parse);
			i += hw.length - 1;
			continue;
		}
		if (modelSpan !== null) {
			s.q.model = modelSpan.pick;
			s.exactSpan = { start: i, length: modelSpan.length, pick: modelSpan.pick };
			s.modelSpan = wordIndices(i, modelSpan.length);
			if (modelSpan.pick.note) s.q.notes.push(modelSpan.pick.note);
			for (let k = i; k < i + modelSpan.length; k++) s.claimed[k] = true;
			i += modelSpan.length - 1;
			continue;
		}
		if (MAC_WORDS.has(w)) {
			// "macbook m3 8gb", "macbook pro m4 max": the Mac's own words before its chip say nothing more
			const j = MAC_LINE_WORDS.has(s.lower[i + 1] ?? "") ? i + 2 : i + 1;
			const chip = j < n && !s.claimed[j] ? r.hardwareSpan(s.lower, j) : null;
			if (chip?.parse.ok && chip.parse.hardware.devices.every((g) => g.device.vendor === "apple")) {
				for (let k = i; k < j; k++) s.claimed[k] = true;
				i = j - 1;
				continue;
			}
			// A bare "mac" names no machine; it means "which Macs run it?" (a size said beside it, "128gb
			// mac", is not dropped: its own question stands)
			if (s.hardwareError === null && s.q.hardware === null) s.hardwareError = { error: "Which Mac?", candidates: [], macOnly: true };
			else if (s.hardwareError === null)
				s.hardwareError = { error: "Which Mac? Name its chip and memory, e.g. “m4 max 128gb”.", candidates: [], macOnly: false };
			s.claimed[i] = true;
		}
	}
}

/** A word claimSetting may claim when it has no "=" (parseContextWord reads only words starting with a digit or "_"). */
function mayStartSetting(w: string): boolean {
	return startsLikeANumber(w) || SETTING_WORDS.has(w);
}

/**
 * The settings a word (with the words after it) may name: key=value, flash attention, llama.cpp's
 * short flags, parallel sequences, a number and its unit typed apart, a context, a runtime, a KV
 * cache type, a use. Returns the index of the last word claimed, or -1 when the word names none.
 */
function claimSetting(s: State, r: QueryResolvers, limits: ParseLimits, i: number, w: string, next: string | undefined, eq: number): number {
	// key=value
	if (eq > 0) {
		const key = KEY_WORDS.get(w.slice(0, eq));
		if (key !== undefined) {
			s.claimed[i] = true;
			setKnob(s, key, (s.words[i] ?? "").slice(eq + 1), r, limits, false);
			return i;
		}
	}
	// "fa on", "-fa on", "flash-attn off", "flash attention on": llama.cpp's `-fa on` typed with a space.
	// Not a bare "flash", which is a word of model names ("deepseek v4 flash on 2 h100")
	const faAt = FA_SPACED.has(w) ? i + 1 : w === "flash" && next === "attention" ? i + 2 : -1;
	if (faAt > 0 && !s.claimed[faAt] && FLASH_WORDS.has(s.lower[faAt] ?? "")) {
		for (let k = i; k <= faAt; k++) s.claimed[k] = true;
		setKnob(s, "fa", s.lower[faAt] ?? "", r, limits, false);
		return faAt;
	}
	// "-fa" without a value was a switch in older builds: on, with the next word left alone
	if (w === "-fa") {
		s.claimed[i] = true;
		setKnob(s, "fa", "on", r, limits, false);
		return i;
	}
	// llama.cpp's short flags pasted from a command line ("-c 32768 -ctk q8_0"): the setting they set
	const short = LLAMA_SHORT_FLAGS.get(w);
	if (short !== undefined && next !== undefined && !s.claimed[i + 1]) {
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		setKnob(s, short, s.words[i + 1] ?? "", r, limits, false);
		return i + 1;
	}
	// "8 users", "4 concurrent requests": that many sequences at once (llama.cpp -np, vLLM's batch)
	if (/^\d{1,3}$/.test(w) && next !== undefined && SEQUENCE_WORDS.has(next) && !s.claimed[i + 1]) {
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		setKnob(s, "parallel", w, r, limits, false);
		// "4 concurrent requests", "8 parallel users": the noun after is the same setting
		if (SEQUENCE_WORDS.has(s.lower[i + 2] ?? "")) {
			s.claimed[i + 2] = true;
			return i + 2;
		}
		return i + 1;
	}
	// "4 bit", "8 bits", "32 k": a number and its unit typed apart are one word (issue 14: never a
	// version or a count of the next device, never ignored)
	if (next !== undefined && !s.claimed[i + 1] && SPLIT_NUMBER.test(w)) {
		const joined = SPLIT_UNIT.has(next) ? `${w}${next === "k" ? "k" : "bit"}` : null;
		const asQuant = joined !== null && next !== "k" ? exactQuant(r, joined) : null;
		const asContext = joined !== null && next === "k" ? parseContextWord(joined, true) : null;
		if (asQuant !== null) s.q.quant = asQuant;
		if (asContext !== null) setContext(s, asContext, limits);
		if (asQuant !== null || asContext !== null) {
			s.claimed[i] = true;
			s.claimed[i + 1] = true;
			return i + 1;
		}
	}
	// "full context", "max ctx", "native context length": the model's own context, known after resolution
	if (FULL_CONTEXT_WORDS.has(w) && next !== undefined && CONTEXT_WORDS.has(next)) {
		s.q.contextFull = true;
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		if (s.lower[i + 2] === "length" || s.lower[i + 2] === "window") s.claimed[i + 2] = true;
		return i + 1;
	}
	// "context length 32768", "context window 8k": the noun between is part of the setting
	if (CONTEXT_WORDS.has(w) && next !== undefined && CONTEXT_NOUNS.has(next) && !s.claimed[i + 2] && parseContextWord(s.lower[i + 2] ?? "", true) !== null) {
		setContext(s, parseContextWord(s.lower[i + 2] ?? "", true) ?? 0, limits);
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		s.claimed[i + 2] = true;
		return i + 2;
	}
	if (CONTEXT_WORDS.has(w) && next !== undefined && !s.claimed[i + 1] && parseContextWord(next, true) !== null) {
		setContext(s, parseContextWord(next, true) ?? 0, limits);
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		return i + 1;
	}
	// the rest: a word starting like a number may be a context and nothing else; another word is no
	// context, and may be a runtime, KV or use word
	if (startsLikeANumber(w)) return claimContextNumber(s, r, limits, i, w, next);
	// runtime
	const runtime = RUNTIME_WORDS.get(w);
	if (runtime !== undefined) {
		s.q.runtime = runtime;
		s.claimed[i] = true;
		return i;
	}
	// KV type: "kv q8_0", "q8_0 kv cache"
	// "kv cache q8_0": the three words are one setting
	if ((w === "kv" || w === "kv-cache") && next === "cache" && KV_WORDS.has(s.lower[i + 2] ?? "") && !s.claimed[i + 2]) {
		s.q.kvCacheType = KV_WORDS.get(s.lower[i + 2] ?? "") ?? null;
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		s.claimed[i + 2] = true;
		return i + 2;
	}
	if (KV_CONTEXT_WORDS.has(w) && next !== undefined && KV_WORDS.has(next)) {
		s.q.kvCacheType = KV_WORDS.get(next) ?? null;
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		return i + 1;
	}
	if (KV_WORDS.has(w) && next !== undefined && KV_CONTEXT_WORDS.has(next)) {
		s.q.kvCacheType = KV_WORDS.get(w) ?? null;
		s.claimed[i] = true;
		s.claimed[i + 1] = true;
		if (s.lower[i + 2] === "cache") s.claimed[i + 2] = true;
		return i + 1;
	}
	// use: "for coding"
	const use = USE_WORDS.get(w);
	if (use !== undefined && !useWordInModelName(s, r, i)) {
		s.q.use = use;
		s.claimed[i] = true;
		return i;
	}
	return -1;
}

/** A word parseContextWord may read (a digit or "_" first); no runtime, KV, KV-context or use word starts so. */
function startsLikeANumber(w: string): boolean {
	const c = w.charCodeAt(0);
	return (c >= 48 && c <= 57) || c === 95;
}

/** claimSetting's last test for a word starting like a number: a context ("32k", "8192 tokens"), unless it names a device or a model size. */
function claimContextNumber(s: State, r: QueryResolvers, limits: ParseLimits, i: number, w: string, next: string | undefined): number {
	// "8192 tokens" is a context, but in "3090 context 8192" the number after the word is.
	// ("3090 context length 32768": the number may follow "length", "window" or "size")
	const valueAt = CONTEXT_NOUNS.has(s.lower[i + 2] ?? "") ? i + 3 : i + 2;
	// ("8192 tokens 3090": "tokens" binds to the number before it; only "context"/"ctx" may take the one after)
	const numberFollows =
		next !== undefined && !TOKEN_WORDS.has(next) && s.lower[valueAt] !== undefined && parseContextWord(s.lower[valueAt] ?? "", true) !== null;
	// "3090 tokens per second" is a speed question about the 3090, not a 3,090-token context
	const perSecond = s.lower[i + 2] === "per" || s.lower[i + 2] === "a" || s.lower[i + 2] === "/s";
	const ctx = parseContextWord(w, next !== undefined && CONTEXT_WORDS.has(next) && !numberFollows && !perSecond);
	// "780m" is a Radeon 780M, not 780 M tokens, and "14900k" a Core i9-14900K, not 14,900 K tokens: an
	// "NNNm"/"NNNNNk" word that names a device is hardware
	// ("285k", a Core Ultra 9 285K, is tried too: a three-digit "k" that is no round context size)
	const deviceNotContext =
		ctx !== null &&
		(/^\d{3,}m$|^\d{4,}k$/.test(w) || oddThousands(w)) &&
		!(next !== undefined && CONTEXT_WORDS.has(next)) &&
		r.hardwareSpan(s.lower, i) !== null;
	// "lfm2 700m" is a model size, not 700 M tokens: a free-standing "NNNm" past any context we size is left
	// to the model words (where a size the catalog lacks is refused), not refused as a context
	const sizeNotContext = ctx !== null && ctx > limits.maxContextTokens && /^\d+m$/.test(w) && !(next !== undefined && CONTEXT_WORDS.has(next));
	if (ctx !== null && !deviceNotContext && !sizeNotContext) {
		setContext(s, ctx, limits);
		s.claimed[i] = true;
		if (next !== undefined && CONTEXT_WORDS.has(next) && !numberFollows) s.claimed[i + 1] = true;
		return i;
	}
	return -1;
}

/** "285k": three digits and "k" that are no round context size (a multiple of 8 or 50) may name a CPU. */
function oddThousands(w: string): boolean {
	if (!/^\d{3}k$/.test(w)) return false;
	const n = Number(w.slice(0, 3));
	return n % 8 !== 0 && n % 50 !== 0;
}

/** A number typed apart from its unit: "4 bit", "32 k". */
const SPLIT_NUMBER = /^\d{1,4}$/;
const SPLIT_UNIT: ReadonlySet<string> = new Set(["bit", "bits", "k"]);

/** llama.cpp's short command-line flags and the setting each sets (llama-server --help: -c, -ub, -np, -ctk, -ctv; -fa is FA_SPACED's). */
const LLAMA_SHORT_FLAGS: ReadonlyMap<string, SettingName> = new Map<string, SettingName>([
	["-c", "ctx"],
	["-ub", "ubatch"],
	["-np", "parallel"],
	["-ctk", "kv"],
	["-ctv", "kv"],
]);

/** After a number: sequences served at once ("8 users", "4 concurrent"). */
const SEQUENCE_WORDS: ReadonlySet<string> = new Set(["users", "concurrent", "sequences", "seqs", "requests", "streams", "slots", "parallel"]);

/** Words after a number that make it a token count ("8192 tokens"), never the number after them. */
const TOKEN_WORDS: ReadonlySet<string> = new Set(["tokens", "token", "tok", "toks"]);

/** Nouns between "context" and its number ("context length 32768", "context window 8k"). */
const CONTEXT_NOUNS: ReadonlySet<string> = new Set(["length", "window", "size"]);

/** Flash-attention words that take their value as the next word ("fa on"); "flash" alone is a model word. */
const FA_SPACED: ReadonlySet<string> = new Set(["fa", "-fa", "flash-attn", "flash_attn", "flash-attention", "flash_attention"]);

/**
 * Words that may start a setting without an "=" or a leading digit or "_" (claimSetting's tests): a
 * word in none of these, with neither, is a name (or filler) and claimSetting would claim nothing.
 */
const SETTING_WORDS: ReadonlySet<string> = new Set([
	...FA_SPACED,
	"flash",
	...LLAMA_SHORT_FLAGS.keys(),
	...FULL_CONTEXT_WORDS,
	...CONTEXT_WORDS,
	...RUNTIME_WORDS.keys(),
	"kv",
	"kv-cache",
	...KV_CONTEXT_WORDS,
	...KV_WORDS.keys(),
	...USE_WORDS.keys(),
]);

/** A bare small number: a version ("llama 3") or a count ("3 3090") depending on what precedes it. */
const BARE_SMALL_NUMBER = /^\d{1,2}$/;

/**
 * "llama 3 3090", "phi 4 4090", "mistral large 3 h100": a bare number right after the words of a model
 * name that carry no number yet is the name's version, not a count of the device after it (issue 14:
 * a version binds to its word; reading "3 3090" as three cards answered about "llama" on 3× 3090). A
 * name that already has its number keeps the count reading: "deepseek v3 2 h100", "glm 4.5 air 2
 * 3090", "qwen3 32b 2 4090" are two cards, and so is a number after a word no name versions ("gpt
 * oss 2 h100"). A version the catalog lacks ("mistral large 3") is then asked about, never dropped.
 */
function versionAfterName(s: State, r: QueryResolvers, i: number): boolean {
	if (!BARE_SMALL_NUMBER.test(s.lower[i] ?? "") || r.modelWord === undefined) return false;
	// only after a word names take versions of ("gpt oss 2 h100" is two cards: no name has "oss 2")
	if (i === 0 || r.versionedWord?.(cleanWord(s, i - 1)) !== true) return false;
	let named = false;
	// the words before it: free ones, or the exact name already claimed ("mistral large" + "3")
	for (let k = i - 1; k >= 0 && (!s.claimed[k] || (s.modelSpan?.includes(k) ?? false)); k--) {
		const w = s.lower[k] ?? "";
		if (STOP_WORDS.has(w)) break;
		if (/\d/.test(w) || r.modelWord(cleanWord(s, k)) !== true) return false;
		named = true;
	}
	return named;
}

/**
 * "nemotron nano 3 3090": a bare number after a name with no number yet, where a word earlier in the
 * name takes versions (Nemotron 3 Nano) but the word right before it does not, reads two ways — the
 * name's version typed late, or a count of the device after it. Neither is taken: the question asks
 * (issue 14: prefer asking over guessing). "gpt oss 2 h100" (no word of it takes versions) and
 * "qwen3 32b 2 4090" (the name has its number) stay two cards.
 */
function askVersionOrCount(s: State, r: QueryResolvers, i: number): void {
	if (!BARE_SMALL_NUMBER.test(s.lower[i] ?? "") || r.modelWord === undefined || r.versionedWord === undefined) return;
	const name: number[] = [];
	for (let k = i - 1; k >= 0 && !s.claimed[k]; k--) {
		const w = s.lower[k] ?? "";
		if (STOP_WORDS.has(w)) break;
		if (/\d/.test(w) || r.modelWord(cleanWord(s, k)) !== true) return;
		name.unshift(k);
	}
	if (name.length < 2 || !name.slice(0, -1).some((k) => r.versionedWord?.(cleanWord(s, k)) === true)) return;
	const words = name.map((k) => cleanWord(s, k));
	const n = s.lower[i] ?? "";
	const device = echoWord(s.words[i + 1] ?? "");
	throw new QueryInputError(
		`Is “${n}” part of the model's name (“${[...words, n].map(echoWord).join(" ")}”) or the number of ${device} cards? Say “${[...words.slice(0, 1), n, ...words.slice(1)].map(echoWord).join(" ")}” for the name, or “${n}x ${device}” for ${n} cards.`,
		[],
		[...words, n].join(" "),
	);
}

/** A resolver's note (which quotes the typed words) made safe to echo, word by word, with plain quotes. */
function safeNote(note: string): string {
	// the typed words are the quoted ones; the rest is the resolver's own text and catalog names
	return note
		.replace(
			/“([^”]*)”/g,
			(_m, inner: string) =>
				`"${inner
					.split(/\s+/)
					.map(echoWord)
					.filter((w) => w.length > 0)
					.join(" ")}"`,
		)
		.replace(/[“”]/g, '"');
}

/**
 * The indices start … start + length − 1: a span's words. (A loop, not Array.from with a mapping
 * function: that was the parser's most expensive line, ~0.6 % of the warm bench, for an exact name.)
 */
function wordIndices(start: number, length: number): number[] {
	const out: number[] = [];
	for (let k = 0; k < length; k++) out.push(start + k);
	return out;
}

/** Prepositions that make the next word a use: "for coding", "at math". */
const USE_PREPOSITIONS: ReadonlySet<string> = new Set(["for", "at", "with", "in", "on", "doing"]);

/**
 * "code", "thinking", "math", "chat" are uses ("a model for coding") and also words of model names
 * (Code Llama, Kimi K2 Thinking, Qwen2.5 Math, Yi-1.5-34B-Chat): next to another model word, and not
 * after "for", the word belongs to the name.
 */
function useWordInModelName(s: State, r: QueryResolvers, i: number): boolean {
	const prev = s.lower[i - 1];
	if (prev !== undefined && USE_PREPOSITIONS.has(prev)) return false;
	if (r.modelWord === undefined) return false;
	const modelish = (k: number) => {
		const w = s.lower[k];
		const free = !s.claimed[k] || (s.modelSpan?.includes(k) ?? false);
		return w !== undefined && free && !STOP_WORDS.has(w) && !/^\d+$/.test(w) && r.modelWord?.(w) === true;
	};
	return modelish(i - 1) || modelish(i + 1);
}

function claimHardware(s: State, start: number, length: number, parse: HardwareParse): void {
	// "3090 or 4090", "3090 vs 4090": two machines to choose between, never one machine with both cards
	const prevEnd = s.hardwareEnd ?? -1;
	if (prevEnd >= 0 && s.hardwareError === null) {
		let between = false;
		for (let k = prevEnd; k < start; k++) if (CHOICE_WORDS.has(s.lower[k] ?? "")) between = true;
		if (between) {
			const first = s.q.hardwareText ?? "";
			const second = s.words.slice(start, start + length).join(" ");
			s.hardwareError = {
				error: `Which one: “${echoWord(first)}” or “${echoWord(second)}”? I answer about one machine at a time; ask about each (or “gpus <model>” to compare cards).`,
				candidates: [first, second],
				macOnly: false,
			};
		}
	}
	s.hardwareEnd = start + length;
	for (let k = start; k < start + length; k++) s.claimed[k] = true;
	const typed = s.words.slice(start, start + length).join(" ");
	s.q.hardwareText = s.q.hardwareText === undefined ? typed : `${s.q.hardwareText} ${typed}`;
	if (parse.ok) {
		mergeHardware(s, parse);
		return;
	}
	const spanWords = s.lower.slice(start, start + length);
	s.hardwareError = { error: parse.error, candidates: parse.candidates, macOnly: spanWords.some((w) => MAC_WORDS.has(w)) };
}

/** "2x3090 +64gb ram" may arrive as two spans: devices and RAM add up. */
function mergeHardware(
	s: State,
	parse: { hardware: ParsedQuery["hardware"] & object; label: string; notes?: string[]; exact?: boolean; ramQuestion?: string },
): void {
	// the hardware's assumptions are stated in the answer (issue 15: "state the reading")
	for (const note of parse.notes ?? []) if (!s.q.notes.includes(note)) s.q.notes.push(note);
	if (parse.ramQuestion !== undefined) s.q.ramQuestion = parse.ramQuestion;
	if (parse.exact === false) s.q.hardwareExact = false;
	else s.q.hardwareExact ??= true;
	const prev = s.q.hardware;
	if (prev === null) {
		s.q.hardware = { devices: [...parse.hardware.devices], systemMemoryBytes: parse.hardware.systemMemoryBytes };
		s.q.hardwareLabel = parse.label;
		return;
	}
	// "3090 3090": the same card named twice is two of it
	const devices = prev.devices.map((g) => ({ ...g }));
	for (const g of parse.hardware.devices) {
		const last = devices[devices.length - 1];
		if (last !== undefined && last.device.id === g.device.id) last.count += g.count;
		else devices.push({ ...g });
	}
	s.q.hardware = {
		devices,
		systemMemoryBytes: parse.hardware.systemMemoryBytes ?? prev.systemMemoryBytes,
	};
	s.q.hardwareLabel = `${s.q.hardwareLabel ?? ""} ${parse.label}`.trim();
}

/** An Unsloth dynamic mix ("ud-q4_k_xl"): its base type, with a note saying so (quant-words.ts). */
function dynamicMix(s: State, r: QueryResolvers, word: string): Quant | null {
	const d = dynamicQuant(word, (w) => exactQuant(r, w) !== null);
	if (d === null) return null;
	const q = exactQuant(r, d.base);
	if (q !== null) s.q.notes.push(d.note);
	return q;
}

/** A quantization named exactly; resolvers without `exactQuant` answer through `quant`. */
function exactQuant(r: QueryResolvers, word: string): Quant | null {
	if (r.exactQuant !== undefined) return r.exactQuant(word);
	const res = r.quant(word);
	return res.match !== null && res.confidence === "exact" ? res.match : null;
}

/** The model resolver, asked once per distinct run of words within a parse. */
/** What a run of words past QUERY_LIMITS.maxModelLookups resolves to: nothing, with no candidates. */
const NOT_LOOKED_UP: Resolved<Model> = { match: null, confidence: "none", note: null, candidates: [] };

/** A run of words counted against QUERY_LIMITS.maxModelLookups but not looked up until its answer is read. */
const RESERVED = Symbol("reserved");

function modelOf(s: State, r: QueryResolvers, text: string): Resolved<Model> {
	s.modelAnswers ??= new Map();
	let res = s.modelAnswers.get(text);
	if (res === undefined) {
		// bounded per question (issue 18): past the bound a run of words is not looked up at all, so a
		// line of many odd words costs a bounded number of (typo-repairing) lookups
		res = s.modelAnswers.size < QUERY_LIMITS.maxModelLookups ? r.model(text) : NOT_LOOKED_UP;
		s.modelAnswers.set(text, res);
	} else if (res === RESERVED) {
		res = r.model(text);
		s.modelAnswers.set(text, res);
	}
	return res;
}

/**
 * modelOf's count without its lookup: the run takes its place under the bound now (as modelOf would),
 * and is looked up when (if ever) its answer is read. The answers are the resolver's either way.
 */
function reserveModelLookup(s: State, text: string): void {
	s.modelAnswers ??= new Map();
	if (!s.modelAnswers.has(text)) s.modelAnswers.set(text, s.modelAnswers.size < QUERY_LIMITS.maxModelLookups ? RESERVED : NOT_LOOKED_UP);
}

/** The pick for a run of `length` words (`text`) that the exact lookup named model `m`. */
function exactPick(s: State, r: QueryResolvers, length: number, text: string, m: Model): { length: number; pick: ModelPick } {
	// an Ollama tag may carry a quant ("qwen3:8b-q8_0"): the full resolver says which
	if (text.includes(":")) s.namedQuant = modelOf(s, r, text).quantId ?? null;
	// a family name kept as the flagship's alias ("qwen3.5"): the full answer carries the family note
	if (namesOnlyFamily(text, m)) {
		const full = modelOf(s, r, text);
		if (full.match !== null) return { length, pick: { model: full.match, text, confidence: full.confidence, note: full.note } };
	}
	return { length, pick: { model: m, text, confidence: "exact", note: null } };
}

function exactModelSpan(s: State, r: QueryResolvers, start: number): { length: number; pick: ModelPick } | null {
	let max = Math.min(QUERY_LIMITS.maxModelSpanWords, s.words.length - start);
	// a span cannot run over a claimed word
	for (let k = start; k < start + max; k++) {
		if (s.claimed[k]) {
			max = k - start;
			break;
		}
	}
	if (max === 0) return null;
	// the longest run that is an exact name, from one pass over the words (the catalog's)
	if (r.exactModelRun !== undefined && r.exactModel !== undefined) {
		const found = r.exactModelRun(s.lower, start, max);
		return found === null ? null : exactPick(s, r, found.length, found.text, found.model);
	}
	// Every shorter run is a prefix of the longest one: join once, then cut (issue 8).
	const full = s.lower.slice(start, start + max).join(" ");
	let end = full.length;
	for (let len = max; len >= 1; len--) {
		const text = end === full.length ? full : full.slice(0, end);
		end -= (s.lower[start + len - 1] ?? "").length + 1;
		if (r.exactModel !== undefined) {
			const m = r.exactModel(text);
			if (m !== null) return exactPick(s, r, len, text, m);
			continue;
		}
		const res = modelOf(s, r, text);
		if (res.match !== null && res.confidence === "exact") {
			return { length: len, pick: { model: res.match, text, confidence: "exact", note: res.note } };
		}
	}
	return null;
}

/**
 * An exact name followed by more model words names a longer one: "r1" is DeepSeek-R1 but "r1 distill
 * 32b" the 32B distill, "mistral" is Mistral 7B but "mistral small" Mistral Small. The unclaimed words
 * right after the exact span are added (longest first); a different model that resolves wins, and
 * words that only confirm the same model ("deepseek r1 671b") are claimed rather than ignored.
 */
function extendExactModel(s: State, r: QueryResolvers): void {
	const span = s.exactSpan;
	if (span === null || s.q.model !== span.pick) return;
	const extra: number[] = [];
	for (let i = span.start + span.length; i < s.words.length && extra.length + span.length < QUERY_LIMITS.maxModelSpanWords; i++) {
		if (s.claimed[i] || STOP_WORDS.has(s.lower[i] ?? "")) break;
		extra.push(i);
	}
	for (let n = extra.length; n >= 1; n--) {
		const indices = wordIndices(span.start, span.length);
		for (let k = 0; k < n; k++) indices.push(extra[k] ?? -1);
		const text = indices.map((i) => cleanWord(s, i)).join(" ");
		const res = modelOf(s, r, text);
		if (res.match === null || res.confidence === "none") continue;
		for (const i of indices) s.claimed[i] = true;
		s.modelSpan = indices;
		if (res.match.id === span.pick.model.id) return;
		if (span.pick.note) s.q.notes = s.q.notes.filter((note) => note !== span.pick.note);
		s.q.model = { model: res.match, text, confidence: res.confidence, note: res.note };
		if (res.note) s.q.notes.push(res.note);
		return;
	}
}

function setContext(s: State, tokens: number, limits: ParseLimits): void {
	if (!Number.isFinite(tokens) || tokens < 1) throw new QueryInputError("The context must be a positive number of tokens, e.g. 4k, 32k or ctx=32768.");
	if (tokens > limits.maxContextTokens) {
		throw new QueryInputError(
			`A context of ${thousands(tokens)} tokens is beyond what I estimate (at most ${thousands(limits.maxContextTokens)}). Try e.g. 32k or 128k.`,
		);
	}
	s.q.contextTokens = tokens;
}

function boundedInt(text: string, name: string, min: number, max: number): number {
	const t = text.trim();
	if (!/^\d{1,12}$/.test(t)) throw new QueryInputError(`${name} must be a whole number from ${min} to ${max}, not "${echoWord(t)}".`);
	const v = Number(t);
	if (v < min || v > max) throw new QueryInputError(`${name} must be from ${min} to ${max}, not ${v}.`);
	return v;
}

function setKnob(s: State, key: SettingName, value: string, r: QueryResolvers, limits: ParseLimits, fromFlag: boolean): void {
	const v = value.trim();
	const lv = v.toLowerCase();
	switch (key) {
		case "ctx": {
			const tokens = parseContextWord(lv, true);
			if (tokens === null) throw new QueryInputError(`"${echoWord(v)}" is not a context length. Write e.g. 32k, 128k or 32768.`);
			setContext(s, tokens, limits);
			return;
		}
		case "kv": {
			const kv = KV_WORDS.get(lv);
			if (kv === undefined) throw new QueryInputError(`"${echoWord(v)}" is not a KV cache type.`, ["f16", "q8_0", "q4_0", "bf16", "fp8"]);
			s.q.kvCacheType = kv;
			return;
		}
		case "ubatch":
			s.q.ubatch = boundedInt(v, "ubatch", 1, limits.maxUbatch);
			return;
		case "use": {
			const use = USE_WORDS.get(lv);
			if (use === undefined)
				throw new QueryInputError(`"use" is chat, code, reasoning or vision, not "${echoWord(v)}".`, ["chat", "code", "reasoning", "vision"]);
			s.q.use = use;
			return;
		}
		case "parallel":
			s.q.parallel = boundedInt(v, "parallel", 1, limits.maxParallel);
			return;
		case "gpuUtil": {
			// vLLM accepts a fraction of each GPU's memory in (0, 1]
			const f = /^(0?\.\d{1,6}|1(\.0{1,6})?)$/.test(lv) ? Number(lv) : Number.NaN;
			if (!(f >= 0.05 && f <= 1)) throw new QueryInputError(`gpu_memory_utilization is a fraction from 0.05 to 1, e.g. 0.9, not "${echoWord(v)}".`);
			s.q.gpuMemoryUtilization = f;
			return;
		}
		case "maxBatched":
			s.q.maxNumBatchedTokens = boundedInt(v, "max_num_batched_tokens", 1, limits.maxContextTokens);
			return;
		case "maxSeqs":
			s.q.maxNumSeqs = boundedInt(v, "max_num_seqs", 1, limits.maxParallel);
			return;
		case "fa": {
			const fa = FLASH_WORDS.get(lv);
			if (fa === undefined) throw new QueryInputError(`Flash attention is on, off or auto, not "${echoWord(v)}".`, ["on", "off", "auto"]);
			s.q.flashAttention = fa;
			return;
		}
		case "runtime": {
			const rt = RUNTIME_WORDS.get(lv);
			if (rt === undefined) throw new QueryInputError(`Unknown runtime "${echoWord(v)}".`, ["llama.cpp", "ollama", "vllm", "mlx"]);
			s.q.runtime = rt;
			return;
		}
		case "quant": {
			const mix = dynamicMix(s, r, lv);
			if (mix !== null) {
				s.q.quant = mix;
				return;
			}
			const res = r.quant(v);
			if (res.match === null || res.confidence === "none") throw new QueryInputError(`Unknown quantization "${echoWord(v)}".`, res.candidates.slice(0, 5));
			s.q.quant = res.match;
			if (res.note && res.confidence !== "exact") s.q.notes.push(res.note);
			return;
		}
		case "model": {
			const res = r.model(v);
			if (res.match === null || res.confidence === "none") {
				if (HUB_REF.test(v)) {
					s.q.hubRef = v;
					s.q.model = null;
					return;
				}
				throw new QueryInputError(`I don't know the model "${echoWord(v)}".`, res.candidates.slice(0, 5));
			}
			s.q.model = { model: res.match, text: v, confidence: res.confidence, note: res.note };
			if (res.note && res.confidence !== "exact") s.q.notes.push(res.note);
			return;
		}
		case "hardware": {
			const parse = r.hardware(v);
			if (!parse.ok) throw new QueryInputError(parse.error, parse.candidates.slice(0, 5));
			if (fromFlag) {
				// the flag replaces whatever devices the words named, but keeps RAM given separately
				const ram = s.q.hardware?.systemMemoryBytes ?? null;
				s.q.hardware = { devices: [...parse.hardware.devices], systemMemoryBytes: parse.hardware.systemMemoryBytes ?? ram };
				s.q.hardwareLabel = parse.label;
				// a named CPU without its RAM: asked or assumed later (resolveCpuRam), as for the words
				s.q.ramQuestion = parse.ramQuestion;
				if (parse.exact === false) s.q.hardwareExact = false;
			} else mergeHardware(s, parse);
			return;
		}
		case "ram": {
			const bytes = parseMemorySize(lv);
			if (bytes === null) throw new QueryInputError(`"${echoWord(v)}" is not a memory size. Write e.g. 64gb.`);
			if (bytes > 64 * 2 ** 40) throw new QueryInputError("That is more system RAM than any machine I know has.");
			const devices = s.q.hardware?.devices ?? [];
			s.q.hardware = { devices: [...devices], systemMemoryBytes: bytes };
			if (s.q.hardwareLabel === null) s.q.hardwareLabel = `${Math.round(bytes / 2 ** 30)} GB RAM`;
			return;
		}
	}
}

/**
 * RAM and no device ("qwen3 32b 64gb ram", `--ram 64gb`): the expert reading is a CPU-only machine
 * with that RAM (issue 15), read through the hardware grammar's own "cpu N gb ram" so the CPU and its
 * stated assumption come from one place.
 */
function cpuOnlyForRamOnly(s: State, r: QueryResolvers): void {
	const hw = s.q.hardware;
	if (hw === null || hw.devices.length > 0 || hw.systemMemoryBytes === null) return;
	const ddr4 = s.lower.includes("ddr4");
	const parse = r.hardware(`cpu ${hw.systemMemoryBytes / 2 ** 30}gb ${ddr4 ? "ddr4" : "ram"}`);
	if (!parse.ok) throw new QueryInputError(parse.error, parse.candidates.slice(0, 5));
	s.q.hardware = { devices: [...parse.hardware.devices], systemMemoryBytes: hw.systemMemoryBytes };
	s.q.hardwareLabel = parse.label;
	for (const note of parse.notes ?? []) if (!s.q.notes.includes(note)) s.q.notes.push(note);
	s.q.hardwareExact = false;
}

/**
 * "laptop" anywhere in the question with a desktop card named apart from it ("on my laptop with a
 * 3070", "gaming laptop rtx 4090", "laptop 4070"): the card is its laptop part (issue 14: a variant
 * word selects a variant or is refused, never ignored while the answer is about the desktop card). A
 * card with no laptop part, or several kinds of card, is asked about.
 */
function laptopVariant(s: State, r: QueryResolvers): void {
	const at = s.lower.findIndex((w, i) => !s.claimed[i] && LAPTOP_WORDS.has(w));
	const hw = s.q.hardware;
	if (at < 0 || hw === null) return;
	const desktop = hw.devices.filter((g) => g.device.kind === "gpu" && g.device.formFactor === "desktop");
	// Macs, iGPUs, laptop parts already: the word says nothing more
	if (desktop.length === 0) {
		s.claimed[at] = true;
		return;
	}
	const first = desktop[0];
	if (desktop.length > 1 || first === undefined) {
		throw new QueryInputError(`Which of these is in your laptop? Name it as “<card> laptop”, e.g. “${desktop[0]?.device.aliases[0] ?? "4070"} laptop”.`);
	}
	const parse = r.hardware(`${first.device.id} laptop`);
	const part = parse.ok && parse.hardware.devices.length === 1 ? parse.hardware.devices[0]?.device : undefined;
	if (part === undefined || part.formFactor !== "laptop") {
		throw new QueryInputError(`I don't know a laptop ${first.device.name}. If it is the desktop card (e.g. in an eGPU), ask without “laptop”.`, [
			first.device.name,
		]);
	}
	s.q.hardware = { devices: hw.devices.map((g) => (g === first ? { device: part, count: g.count } : g)), systemMemoryBytes: hw.systemMemoryBytes };
	s.q.hardwareLabel = (s.q.hardwareLabel ?? "").replace(
		first.device.name.replace(/^(GeForce|NVIDIA GeForce) /, ""),
		part.name.replace(/^(GeForce|NVIDIA GeForce) /, ""),
	);
	s.q.notes.push(`“${echoWord(s.words[at] ?? "")}”: read as the ${part.name}`);
	s.claimed[at] = true;
}

/** Hardware before ram, so --ram adds to the --hardware devices. */
const OVERRIDE_ORDER: readonly SettingName[] = [
	"model",
	"quant",
	"hardware",
	"ram",
	"ctx",
	"kv",
	"runtime",
	"ubatch",
	"fa",
	"parallel",
	"use",
	"gpuUtil",
	"maxBatched",
	"maxSeqs",
];

/** Flags override words (DESIGN §2); apply them after the words so they win. */
function applyOverrides(s: State, r: QueryResolvers, limits: ParseLimits): void {
	if (s.overrides === null) return;
	for (const key of OVERRIDE_ORDER) {
		const v = s.overrides.get(key);
		if (v === undefined) continue;
		if (key === "hardware") s.hardwareError = null;
		setKnob(s, key, v, r, limits, true);
	}
}

function rank(c: string): number {
	return CONFIDENCE_RANK.get(c) ?? 0;
}

/** The words nobody claimed name the model: try each run of them, then trim words off the ends. */
function resolveLeftoverModel(s: State, r: QueryResolvers): void {
	if (s.q.model !== null || s.q.hubRef !== null) return;
	const runs: number[][] = [];
	let cur: number[] = [];
	for (let i = 0; i < s.words.length; i++) {
		const free = !s.claimed[i] && !STOP_WORDS.has(s.lower[i] ?? "");
		if (free) cur.push(i);
		else if (cur.length > 0) {
			runs.push(cur);
			cur = [];
		}
	}
	if (cur.length > 0) runs.push(cur);
	if (runs.length === 0) return;

	// an Ollama tag of a model the catalog lacks ("gemma4:31b") names its Hub repo: estimate that
	// (a word that is no Ollama reference names none: its lookup is only counted here, and made if a
	// shorter span than its run's is tried below; most runs resolve whole)
	for (const run of runs) {
		for (const i of run) {
			const word = cleanWord(s, i);
			if (r.mayNameHubRepo?.(word) === false) {
				reserveModelLookup(s, word);
				continue;
			}
			const res = modelOf(s, r, word);
			if (res.match === null && typeof res.hubRepo === "string") {
				s.q.hubRef = res.hubRepo;
				s.q.hubTyped = cleanWord(s, i);
				s.claimed[i] = true;
				s.modelSpan = [i];
				s.namedQuant = res.quantId ?? null;
				if (res.note) s.q.notes.push(res.note);
				return;
			}
		}
	}

	let best: { indices: number[]; pick: ModelPick; run: number[] } | null = null;
	let bestCandidates: string[] = [];
	let bestNote: string | null = null;
	for (const run of runs) {
		const found = bestSubSpan(s, r, run);
		if (found.pick !== null) {
			const better =
				best === null ||
				rank(found.pick.confidence) > rank(best.pick.confidence) ||
				(rank(found.pick.confidence) === rank(best.pick.confidence) && found.indices.length > best.indices.length);
			if (better) best = { indices: found.indices, pick: found.pick, run };
		} else if (bestCandidates.length === 0) {
			bestCandidates = found.candidates;
			bestNote = modelOf(s, r, run.map((i) => cleanWord(s, i)).join(" ")).note;
		}
	}
	if (best === null) {
		const words: string[] = [];
		for (const run of runs) for (const i of run) words.push(s.words[i] ?? "");
		rejectHardwareLike(r, words);
		const text = words.slice(0, QUERY_LIMITS.maxEchoWords).map(echoWord).join(" ");
		// the resolver's reason, when it has one: "Qwen3 has no 70b size …", "Ollama's qwen3 has no 70b tag …"
		if (bestNote?.startsWith("I don't know") === true) {
			// a typo's own question ("I don't know “deepsek r1”; did you mean DeepSeek-R1?") is asked as it is
			throw new QueryInputError(
				safeNote(bestNote.replace(/“[^”]*”/, `“${text}”`)),
				bestCandidates.slice(0, 5),
				words.slice(0, QUERY_LIMITS.maxEchoWords).join(" "),
			);
		}
		const why = bestNote !== null && !bestNote.startsWith("no model matches") && bestNote.length <= 300 ? ` ${safeNote(bestNote)}.` : "";
		throw new QueryInputError(`I don't know a model called "${text}".${why}`, bestCandidates.slice(0, 5), words.slice(0, QUERY_LIMITS.maxEchoWords).join(" "));
	}
	// every word of the name must be accounted for: a model word left out of what matched ("qwen 3.5
	// 27b" matching on "3.5" alone, "nemotron 3 nano 30b" on "30b") means the name was not understood
	const picked = best.indices;
	const dropped = best.run.filter((i) => !picked.includes(i));
	if (dropped.some((i) => r.modelWord?.(cleanWord(s, i)) === true)) askAbout(s, r, best.run, best.pick);
	s.q.model = best.pick;
	s.modelSpan = picked;
	s.namedQuant = modelOf(s, r, best.pick.text).quantId ?? null;
	if (best.pick.note) s.q.notes.push(best.pick.note);
	for (const i of best.indices) s.claimed[i] = true;
}

/**
 * Ask back about a model name of which only a part matched. The whole name's own answer, when it has
 * suggestions, is the better question ("no 70b qwen3 in the catalog (it has 32B, 30.5B …)"); else
 * "I only recognised <part> (<model>)".
 */
function askAbout(s: State, r: QueryResolvers, indices: readonly number[], pick: ModelPick): never {
	const words = indices.map((i) => cleanWord(s, i));
	const text = words.slice(0, QUERY_LIMITS.maxEchoWords).map(echoWord).join(" ");
	const whole = words.length <= QUERY_LIMITS.maxModelSpanWords ? modelOf(s, r, words.join(" ")) : null;
	if (whole !== null && whole.match === null && whole.candidates.length > 0 && whole.note !== null && !whole.note.startsWith("no model matches")) {
		// a typo's own question ("I don't know “deepsek r1”; did you mean DeepSeek-R1?") is asked as it is
		const message = whole.note.startsWith("I don't know")
			? safeNote(whole.note.replace(/“[^”]*”/, `"${text}"`))
			: `I don't know a model called "${text}": ${safeNote(whole.note).slice(0, 300)}.`;
		throw new QueryInputError(message, whole.candidates.slice(0, 5), words.join(" "));
	}
	throw new QueryInputError(
		`I'm not sure which model "${text}" is: I only recognised "${pick.text.split(/\s+/).map(echoWord).join(" ")}" (${pick.model.name}).`,
		[pick.model.name],
		words.slice(0, QUERY_LIMITS.maxEchoWords).join(" "),
	);
}

/**
 * Words right next to the model's name that were not understood but look like part of a model name
 * ("mistral small 4": "4" after Mistral Small; "nemotron llama 3.1 70b": "nemotron" before Llama 3.1
 * 70B) mean the name was not fully understood: ask rather than answer about a different model.
 */
function checkModelNeighbours(s: State, r: QueryResolvers): void {
	const span = s.modelSpan;
	if (span === null || s.q.model === null || r.modelWord === undefined) return;
	const first = Math.min(...span);
	const last = Math.max(...span);
	const near: number[] = [];
	for (let i = last + 1; i < s.words.length && !s.claimed[i] && !STOP_WORDS.has(s.lower[i] ?? ""); i++) near.push(i);
	for (let i = first - 1; i >= 0 && !s.claimed[i] && !STOP_WORDS.has(s.lower[i] ?? ""); i--) near.push(i);
	// hardware-looking words ("2x…", "0x", "4090+…", "24gb") are the hardware parser's to refuse, not model words
	for (const i of near) rejectIfHardwareLike(r, s.words[i] ?? "");
	const hardwareish = (w: string) => HARDWARE_LIKE.test(w) || BARE_COUNT.test(w) || w.includes("+");
	if (near.some((i) => !hardwareish(s.words[i] ?? "") && r.modelWord?.(cleanWord(s, i)) === true)) {
		askAbout(
			s,
			r,
			[...near, ...span].sort((a, b) => a - b),
			s.q.model,
		);
	}
}

/**
 * Words left over after the model and hardware were read that change what the question is about
 * (issue 14: an answer never leaves out something named): a second model ("qwen3 32b or llama 3.3
 * 70b"), a word right after a family name that may pick the member ("llama 4 behemoth": the family's
 * flagship is not the model named), or a device the catalog has no numbers for ("on my phone").
 */
function checkLeftoverWords(s: State, r: QueryResolvers): void {
	const pick = s.q.model;
	for (let i = 0; i < s.words.length; i++) {
		const w = s.lower[i] ?? "";
		if (s.claimed[i] || STOP_WORDS.has(w)) continue;
		if (UNKNOWN_HARDWARE_WORDS.has(w) && s.q.hardware === null && s.overrides?.get("hardware") === undefined) {
			throw new QueryInputError(
				`I have no numbers for “${echoWord(s.words[i] ?? "")}”. Name its GPU and memory (e.g. “t4” for Colab's free GPU, “8gb ram cpu only”), or ask without it for the model's memory needs.`,
			);
		}
		if (pick === null) continue;
		// a second model named exactly
		const other = r.exactModel !== undefined ? exactModelSpan(s, r, i) : null;
		if (other === null || !/[a-z]/.test(w)) continue;
		if (other.pick.model.id !== pick.model.id) {
			throw new QueryInputError(`Which model: ${pick.model.name} or ${other.pick.model.name}? I answer about one model at a time.`, [
				pick.model.name,
				other.pick.model.name,
			]);
		}
		// the same model named again ("qwen3 32b … is qwen3 32b enough"): its words are accounted for
		for (let k = i; k < i + other.length; k++) s.claimed[k] = true;
	}
	// a family's flagship picked while the word after the family name was not understood
	const span = s.modelSpan;
	if (pick === null || pick.confidence !== "family" || span === null) return;
	const after = Math.max(...span) + 1;
	const w = s.lower[after] ?? "";
	if (after < s.words.length && !s.claimed[after] && !STOP_WORDS.has(w) && /^[a-z][a-z-]*$/.test(w)) askAbout(s, r, [...span, after], pick);
}

/**
 * With Ollama as the runtime, a bare library name means what `ollama run` pulls ("deepseek-r1" is the
 * 8B distill there); with any other runtime the name keeps its catalog meaning and a note tells the
 * difference.
 */
function applyOllamaRuntime(s: State, r: QueryResolvers): void {
	const pick = s.q.model;
	if (pick === null || r.ollamaModel === undefined || pick.text.includes(":")) return;
	const o = r.ollamaModel(pick.text);
	if (o === null || o.match === null || o.match.id === pick.model.id) return;
	if (s.q.runtime === "ollama") {
		s.q.notes = s.q.notes.filter((n) => n !== pick.note);
		const note = `with Ollama, “${pick.text}” pulls ${o.match.name}`;
		s.q.model = { model: o.match, text: pick.text, confidence: "family", note };
		s.q.notes.push(note);
	} else if (!s.q.notes.some((n) => n.includes("in Ollama"))) {
		s.q.notes.push(`in Ollama, “${pick.text}” pulls ${o.match.name}; this answer is about ${pick.model.name}`);
	}
}

/** A quantization the model's name carried ("qwen3:8b-q8_0", "Qwen3-32B-AWQ") applies when no quant word was given. */
function applyNamedQuant(s: State, r: QueryResolvers): void {
	if (s.q.quant !== null || s.namedQuant === undefined || s.namedQuant === null) return;
	const res = r.quant(s.namedQuant);
	if (res.match !== null) s.q.quant = res.match;
}

/** The whole run if it resolves; otherwise the longest sub-span that does (so junk words are reported). */
function bestSubSpan(s: State, r: QueryResolvers, run: number[]): { indices: number[]; pick: ModelPick | null; candidates: string[] } {
	let candidates: string[] = [];
	const maxLen = Math.min(run.length, QUERY_LIMITS.maxModelSpanWords);
	for (let len = maxLen; len >= 1; len--) {
		let best: { indices: number[]; pick: ModelPick } | null = null;
		for (let start = 0; start + len <= run.length; start++) {
			const indices = run.slice(start, start + len);
			// a span with a word no name can hold names nothing: not looked up (issue 18's bound on odd lines)
			if (indices.some((i) => NEVER_IN_A_NAME.test(s.words[i] ?? ""))) continue;
			const text = indices.map((i) => cleanWord(s, i)).join(" ");
			const res = modelOf(s, r, text);
			if (candidates.length === 0 && res.candidates.length > 0) candidates = res.candidates;
			if (res.match === null || res.confidence === "none") continue;
			const pick: ModelPick = { model: res.match, text, confidence: res.confidence, note: res.note };
			if (best === null || rank(pick.confidence) > rank(best.pick.confidence)) best = { indices, pick };
		}
		if (best !== null) {
			// A shorter span naming the same model more confidently is preferred: "qwen3 32b blorp" → "qwen3 32b".
			// ("gpt oss 120" keeps its "120": a model word is never dropped for confidence)
			const last = best.indices[best.indices.length - 1] ?? -1;
			const shorter = len > 1 && r.modelWord?.(cleanWord(s, last)) !== true ? bestSubSpan(s, r, best.indices.slice(0, -1)) : null;
			if (shorter?.pick && shorter.pick.model.id === best.pick.model.id && rank(shorter.pick.confidence) > rank(best.pick.confidence)) {
				return { indices: shorter.indices, pick: shorter.pick, candidates };
			}
			return { indices: best.indices, pick: best.pick, candidates };
		}
	}
	return { indices: [], pick: null, candidates };
}

/** "65x4090" or "0x3090" is hardware we refuse, not an unknown word: say why. */
const HARDWARE_LIKE = /^-?\d+\s*x\s*\S+$|^\+?\d+(?:\.\d+)?\s*(?:gb|tb)$/i;
/** A count with no device after it ("-3x", "0x" before "h100"): a count below 1 is refused, not dropped (issue 18). */
const BARE_COUNT = /^([-+]?\d+)\s*[x×]$/i;

function rejectHardwareLike(r: QueryResolvers, words: readonly string[]): void {
	for (const w of words) rejectIfHardwareLike(r, w);
}

function rejectIfHardwareLike(r: QueryResolvers, word: string): void {
	const w = stripPunctuation(word);
	const bare = BARE_COUNT.exec(w);
	if (bare !== null && !(Number(bare[1]) >= 1))
		throw new QueryInputError(`A GPU count must be at least 1 (got ${Number(bare[1])} in "${echoWord(w)}").`, ["1x", "2x"]);
	if (!HARDWARE_LIKE.test(w) || MOE_SIZE.test(w)) return;
	const parse = r.hardware(w);
	if (!parse.ok) throw new QueryInputError(`${parse.error.replace(/[“”]/g, '"').slice(0, 200)}.`, parse.candidates.slice(0, 5));
}

function collectIgnored(s: State, r: QueryResolvers): void {
	// every unclaimed word is checked before any is reported, as one filtered list would be
	for (let i = 0; i < s.words.length; i++) if (!s.claimed[i]) rejectIfHardwareLike(r, s.words[i] ?? "");
	for (let i = 0; i < s.words.length; i++) {
		if (s.claimed[i]) continue;
		const lw = s.lower[i] ?? "";
		if (STOP_WORDS.has(lw) || lw.length === 0) continue;
		const echoed = echoWord(s.words[i] ?? "");
		if (echoed.length > 0) s.q.ignored.push(echoed);
	}
}

/**
 * A named CPU whose RAM came in another span or as `ram=`: the CPU takes that size (the catalog row's is a
 * placeholder, hardware.ts withRam). Still none: canirun answers with the RAM it needs as a stated
 * assumption; any other command asks.
 */
function resolveCpuRam(q: ParsedQuery, commands: CommandVocabulary): void {
	if (q.ramQuestion === undefined || q.hardware === null) return;
	const ram = q.hardware.systemMemoryBytes;
	if (ram !== null) {
		q.hardware = {
			devices: q.hardware.devices.map((g) => (g.device.ramFromUser === true ? { device: { ...g.device, memoryBytes: ram / g.count }, count: g.count } : g)),
			systemMemoryBytes: ram,
		};
		q.ramQuestion = undefined;
		return;
	}
	if (q.command !== commands.forModel) throw new QueryInputError(q.ramQuestion);
}

function chooseCommand(s: State, intent: CommandName | null): CommandName {
	const c = s.commands;
	const hasModel = s.q.model !== null || s.q.hubRef !== null;
	if (s.hardwareError?.macOnly && hasModel && s.q.hardware === null) {
		// "can I run it on a Mac?" names no machine: answer with the Macs that run it.
		s.q.deviceFilter = "apple";
		s.hardwareError = null;
		return intent === c.help ? c.help : c.forDevices;
	}
	if (intent === c.help) return c.help;
	// "which model can I run on a 3090 — qwen3 32b?": a model named makes it a question about that model
	if (intent === c.forHardware) return hasModel ? c.forModel : c.forHardware;
	if (intent !== null) return intent;
	if (hasModel) return c.forModel;
	if (s.q.hardware !== null) return c.forHardware;
	return c.forModel;
}

function checkComplete(s: State): void {
	const q = s.q;
	resolveCpuRam(q, s.commands);
	const command = commandWordsOf(q.command, s.commands);
	if (s.hardwareError !== null && command?.readsHardware !== false) {
		throw new QueryInputError(s.hardwareError.error, s.hardwareError.candidates.slice(0, 5));
	}
	if (q.hardware !== null) {
		const count = q.hardware.devices.reduce((n, g) => n + g.count, 0);
		if (count > s.limits.maxDeviceCount) throw new QueryInputError(`That is ${count} devices; I estimate up to ${s.limits.maxDeviceCount}.`);
	}
	if (command?.needs === "model" && q.model === null && q.hubRef === null) {
		if (q.command === s.commands.forModel && q.hardware === null) {
			throw new QueryInputError('Which model? Ask e.g. "canirun qwen3 32b 3090", "vram llama 3.1 70b" or "bestfit 2x3090". Say "help" for more.');
		}
		throw new QueryInputError(`Which model? Ask e.g. "${q.command} deepseek-r1".`);
	}
	if (command?.needs === "hardware" && q.hardware === null) {
		throw new QueryInputError(`Which hardware? Ask e.g. "${q.command} 2x3090", "${q.command} m3 max 128gb" or "what can I run on a 4090".`);
	}
}
