/**
 * What the query parser needs from the catalog, and what it produces. The parser is given resolver
 * functions rather than the catalog itself, so it is tested with small fixtures and so the catalog's
 * shape can change without touching the grammar. `commands/` binds these to `src/catalog/`.
 */
import type { CommandName, Confidence, Highlight, Request } from "../answer/question.js";
import type { HardwareParse } from "../catalog/hardware.js";
import type { Model, Quant } from "../catalog/schema.js";

export interface Resolved<T> {
	match: T | null;
	confidence: Confidence;
	/** e.g. "qwen3 is a family; assumed Qwen3-8B" */
	note: string | null;
	/** display names for "did you mean" */
	candidates: string[];
	/** the name is known to be this Hugging Face repo, which the catalog lacks (an Ollama tag of a new model) */
	hubRepo?: string | null;
	/** a quantization the name itself carries ("qwen3:8b-q8_0", "Qwen3-32B-AWQ"): a quant id */
	quantId?: string | null;
}

/** What a hardware text parses to: the catalog's own type (one definition, src/catalog/hardware.ts). */
export type { HardwareParse };

export interface QueryResolvers {
	model(text: string): Resolved<Model>;
	quant(text: string): Resolved<Quant>;
	/**
	 * Exact names only (no typo repair, no scoring). Optional: the parser tries these on every word
	 * and every run of words, and falls back to `model`/`quant` (slower: they repair typos on a
	 * miss) when a binding does not provide them.
	 */
	exactModel?(text: string): Model | null;
	/**
	 * The longest run of words at `start`, at most `max` of them, that `exactModel` names (with its
	 * model and the words joined by spaces); null when none. Optional: without it each run is asked.
	 */
	exactModelRun?(words: readonly string[], start: number, max: number): { length: number; model: Model; text: string } | null;
	exactQuant?(text: string): Quant | null;
	/**
	 * False when `model(text)` certainly carries no `hubRepo` (the text is no Ollama reference).
	 * Optional: without it every word is looked up to find out.
	 */
	mayNameHubRepo?(text: string): boolean;
	/**
	 * Whether `exactQuant` may name a text starting with this word (a word followed by others, as
	 * "int4 qat" starts with "int4"): false means neither the word nor any run it starts is a quant.
	 * Optional: without it every word and pair of words is asked.
	 */
	mayStartQuant?(word: string): boolean;
	hardware(text: string): HardwareParse;
	/** the longest run of words at `start` that is hardware, or null */
	hardwareSpan(words: readonly string[], start: number): { length: number; parse: HardwareParse } | null;
	/**
	 * A word that belongs to a model name (a size, a version, a word of a catalog name, a variant
	 * word, a known family, a typo of one). Optional: without it no left-over word makes the parser ask.
	 */
	modelWord?(word: string): boolean;
	/** A word a catalog name follows with a version number ("llama" 3, "large" 2): a bare number after it is a version. */
	versionedWord?(word: string): boolean;
	/** The name has a word or a version no catalog name has: only such names are looked up on the Hub. */
	newToCatalog?(text: string): boolean;
	/** The text read as an Ollama reference (a bare library name is its :latest); null when it is none. */
	ollamaModel?(text: string): Resolved<Model> | null;
	/** the commands a question can ask for, and the words that ask (commands/list.ts) */
	commands: CommandVocabulary;
}

/** A plain-English phrase that asks for a command anywhere in a question ("how much vram"). */
export interface IntentPhrase {
	words: readonly string[];
	/** the part of the answer the phrase asks about ("how big" → the download size) */
	highlight?: Highlight;
}

/**
 * What the parser knows of one command: the words that ask for it and what a question must name for
 * it to answer. Each command's entry in commands/list.ts carries these (issue 13: a new command is its
 * file and its entry; the parser does not change).
 */
export interface CommandWords {
	name: CommandName;
	/** first words that name it besides its name and /name ("best-fit", "-h") */
	aliases?: readonly string[];
	/** phrases that ask for it anywhere in a question */
	phrases?: readonly IntentPhrase[];
	/** what a question must name for it to answer: a model (or a Hub reference), hardware, or nothing */
	needs: "model" | "hardware" | "nothing";
	/** it reads the hardware words, so a hardware word it cannot read is refused (vram and help do not) */
	readsHardware: boolean;
}

/**
 * The commands the parser chooses among, and the ones it picks when a question names none: `forModel`
 * answers a question that names a model (and perhaps hardware), `forHardware` one that names only
 * hardware, `forDevices` which devices run a model ("can I run it on a Mac?" names no machine).
 */
export interface CommandRoles {
	commands: readonly CommandWords[];
	forModel: CommandName;
	forHardware: CommandName;
	forDevices: CommandName;
	help: CommandName;
}

/** The roles with the lookup tables the parser scans (built once by src/query/intent.ts's commandVocabulary). */
export interface CommandVocabulary extends CommandRoles {
	/** first words that name a command: its name, /name and its aliases */
	named: ReadonlyMap<string, CommandName>;
	/** phrases by first word, ranked (issue 8: a question is scanned once, word by word, not once per phrase) */
	phrasesByFirst: ReadonlyMap<string, readonly RankedPhrase[]>;
}

export interface RankedPhrase {
	phrase: IntentPhrase;
	command: CommandName;
	/** the phrase's rank: a phrase found anywhere beats every phrase ranked after it */
	order: number;
}

export interface ParseLimits {
	maxContextTokens: number;
	maxDeviceCount: number;
	maxParallel: number;
	maxUbatch: number;
}

/** A fully parsed request, resolved against the catalog: the bottom layer's Request (src/answer/question.ts). */
export type ParsedQuery = Request;

export interface QueryError {
	message: string;
	didYouMean: string[];
	/**
	 * When the model name was not understood: the words typed for it. The command layer looks them up
	 * on the Hub and answers with what it found; the JSON `resolution` field reports them.
	 */
	modelText?: string;
	/** the model words have something the catalog has never seen: worth a Hub search */
	newToCatalog?: boolean;
	/** what the parse had matched before it asked (for the JSON `resolution` field) */
	partial?: ParsedQuery;
}

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; error: QueryError };

export type { Confidence, ModelPick, UseCase } from "../answer/question.js";
