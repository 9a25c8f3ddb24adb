/**
 * The hardware grammar: "2x4090", "4090x2", "4090 * 2", "3090+3060", "8xh100", "h100 80gb",
 * "rtx 3060 12gb", "m3 max 128gb", "mac studio m2 ultra 192gb", "24gb" (generic VRAM), "+64gb ram" /
 * "64gb ram" (system memory), "cpu", and whole systems ("dgx h100", "dgx a100 640gb").
 */
import type { DeviceGroup, HardwareSpec } from "../engine/types.js";
import { compactKey, NEVER_IN_A_NAME } from "./fold.js";
import { FoldedKeys } from "./folded-keys.js";
import type { Catalog } from "./read.js";
import { BoundedMemo, MEMO_MAX_ENTRIES } from "./memo.js";
import { type DeviceIndex, resolveDeviceWith } from "./resolve-device.js";
import type { Device, System } from "./schema.js";

export type HardwareParse =
	| {
			ok: true;
			hardware: HardwareSpec;
			label: string;
			/** assumptions to show ("M3 Max comes with 48/64/128 GB; assumed 128 GB") */
			notes?: string[];
			/** every device was named exactly: no size, bandwidth or CPU was assumed (JSON resolution.hardware.exact) */
			exact: boolean;
			/**
			 * A named CPU with no RAM size: the question to ask where the size decides the answer. canirun
			 * answers anyway (its bandwidth is the CPU's; the size only decides fit, stated as an assumption).
			 */
			ramQuestion?: string;
	  }
	| { ok: false; error: string; candidates: string[] };

const GIB = 2 ** 30;
/** More GPUs than this in one phrase is a typo, not a machine (the largest single nodes hold 8–16; 64 leaves room for small clusters). */
export const MAX_DEVICE_COUNT = 64;
/** Generic VRAM sizes we accept ("24gb"): 1 GB to 2 TB. */
export const GENERIC_GB_RANGE = [1, 2048] as const;
/** System RAM sizes we accept: 1 GB to 24 TB (the largest 8-socket servers). */
/** The catalog's generic CPUs (catalog/sources/devices/cpus.json "generic"): what "no GPU, 64 GB DDR5" runs on. */
export const GENERIC_CPU_DDR5 = "cpu-ddr5-dual";
export const GENERIC_CPU_DDR4 = "cpu-ddr4-dual";
export const RAM_GB_RANGE = [1, 24576] as const;
/** Longest run of words matchHardwareSpan tries (e.g. "mac studio m3 ultra 512gb + 64gb ram"). */
const MAX_SPAN_TOKENS = 8;

/**
 * Generic "NN gb" VRAM: a synthetic CUDA card with the bandwidth of a typical card of that size. We
 * take the most common (and the slower, so speed is not overstated) consumer/workstation card of each
 * size: 8 GB RTX 4060, 12 GB RTX 3060, 16 GB RTX 4060 Ti 16GB, 24 GB RTX 3090, 32 GB RTX 5090,
 * 48 GB RTX A6000, 80 GB A100 80GB, 96 GB RTX PRO 6000; other sizes use the largest reference size
 * below them (a "64gb vram" card is read at RTX A6000 speed, never at a datacenter GPU's 2 TB/s).
 */
const GENERIC_REFERENCE: readonly (readonly [number, string])[] = [
	[4, "gtx-1650"],
	[6, "rtx-2060"],
	[8, "rtx-4060"],
	[11, "gtx-1080-ti"],
	[12, "rtx-3060-12gb"],
	[16, "rtx-4060-ti-16gb"],
	[24, "rtx-3090"],
	[32, "rtx-5090"],
	[48, "rtx-a6000"],
	[80, "a100-sxm-80gb"],
	[96, "rtx-pro-6000-blackwell-workstation-edition"],
	[141, "h200-sxm"],
	[192, "mi300x"],
];

export function genericDevice(cat: Catalog, gb: number): Device | null {
	let ref = GENERIC_REFERENCE[0];
	for (const r of GENERIC_REFERENCE) if (r[0] <= gb) ref = r;
	const refDevice = ref !== undefined ? cat.deviceById.get(ref[1]) : undefined;
	if (refDevice === undefined) return null;
	return {
		id: `generic-${gb}gb`,
		name: `${gb} GB GPU`,
		vendor: "generic",
		kind: "gpu",
		formFactor: "generic",
		backend: "cuda",
		aliases: [],
		memoryBytes: Math.round(gb * GIB),
		bandwidthBytesPerSecond: refDevice.bandwidthBytesPerSecond,
		fp16Flops: refDevice.fp16Flops,
		unifiedMemory: false,
		group: null,
		releaseYear: null,
		source: [`synthetic: ${gb} GB of VRAM with the bandwidth of a ${refDevice.name} (${ref?.[1]}), a typical card of that size`],
		notes: `generic ${gb} GB card; speed assumes a ${refDevice.name}`,
	};
}

export interface HardwareContext {
	cat: Catalog;
	devices: DeviceIndex;
	systems: Map<string, System>;
	/** every folded device/system name: a sentence word that starts none of them starts no hardware */
	nameKeys?: FoldedKeys<true>;
	/** SENTENCE_WORDS that no folded device/system name holds (built with nameKeys) */
	sentenceWords?: ReadonlySet<string>;
	/** `systems`, looked up without folding the text into a new string (built on first use) */
	systemKeys?: FoldedKeys<System>;
	/** strict parses of word runs (the parser tries the same runs in question after question) */
	strictParses?: BoundedMemo<HardwareParse>;
	/**
	 * matchHardwareSpanWith's answer per longest run (words joined by spaces): a repeated question
	 * costs one lookup instead of one per shorter run (null: no run is hardware)
	 */
	spans?: BoundedMemo<{ length: number; parse: HardwareParse } | null>;
}

/** Words that may start a hardware phrase without being the start of a device or system name. */
const STARTER_WORDS: ReadonlySet<string> = new Set([
	"nvidia",
	"geforce",
	"amd",
	"ryzen",
	"radeon",
	"intel",
	"apple",
	"graphics",
	"gpu",
	"card",
	"rtx",
	"gtx",
	"dual",
	"two",
	"twin",
	"triple",
	"three",
	"quad",
	"four",
	"five",
	"six",
	"seven",
	"eight",
	"sixteen",
	"pair",
	"couple",
	"one",
	"single",
	"cpu",
	"cpuonly",
	"no",
	"none",
	"without",
	"system",
	"sysmem",
	"mem",
	"ddr",
	"ddr4",
	"ddr5",
	"core",
	"i3",
	"i5",
	"i7",
	"i9",
]);

function nameKeys(ctx: HardwareContext): FoldedKeys<true> {
	if (ctx.nameKeys === undefined) {
		const keys = new Map<string, true>();
		for (const k of [...ctx.devices.exact.keys(), ...ctx.devices.byName.keys(), ...ctx.systems.keys()]) keys.set(k, true);
		ctx.nameKeys = new FoldedKeys(keys);
		ctx.sentenceWords = new Set(SENTENCE_WORDS.filter((w) => ![...keys.keys()].some((k) => k.includes(w))));
	}
	return ctx.nameKeys;
}

function sentenceWords(ctx: HardwareContext): ReadonlySet<string> {
	nameKeys(ctx);
	return ctx.sentenceWords ?? new Set();
}

/**
 * Words of the sentence around hardware ("can my 3090 run qwen3 32b") that no hardware phrase holds:
 * none is a word of the grammar below, and a name holding one would fold to a key holding it (only
 * those no catalog name holds are used, see nameKeys). So every run of words through one fails the
 * strict parse, and fails as unknown words, never as hardware said wrong (REFUSED_ERROR): those come
 * from a part whose name resolved, or from a part of its own before a joining word ("64gb + run …",
 * which is why a run is cut only when no joining word comes first). matchKnownSpan ends its runs
 * before such a word: the same span is found, and "3090 run <any model>" is one memoized run
 * ("3090"), not one per model named after it.
 */
const SENTENCE_WORDS: readonly string[] = ["run", "can", "my", "the", "will", "does", "do", "have", "got", "using", "use"];

/** A word where parseHardwareWith may split parts ("+", ",", "and", "plus", "with"), or that holds one. */
function mayJoinParts(w: string): boolean {
	return w.includes("+") || w.includes(",") || w.includes("and") || w.includes("plus") || w.includes("with");
}

/** The last character compactKey keeps of a lowercased word is "s" or a digit (it may be a plural or carry a count). */
function mayEndInPluralOrCount(w: string): boolean {
	for (let i = w.length - 1; i >= 0; i--) {
		const c = w.charCodeAt(i);
		if (c === 115 || (c >= 48 && c <= 57)) return true;
		if ((c >= 97 && c <= 122) || c === 46) return false;
	}
	return false;
}

/**
 * Cheap test before any parsing: can a hardware phrase start with this word? Numbers, "+64gb",
 * counts, CPU/RAM words, vendor words, and words that begin a device or system name ("rtx", "m3",
 * "mac", "h100", "3090s" as a plural) can; "qwen3", "q4_k_m", "vllm" cannot. It only rules out
 * spans the grammar would reject anyway (names are matched folded, so a name's first word is a
 * prefix of its folded key).
 */
function canStartHardware(ctx: HardwareContext, word: string): boolean {
	// "-", "+" or a digit first (/^[-+\d]/, without the regex: this runs for most words of a question)
	const c0 = word.charCodeAt(0);
	if (c0 === 45 || c0 === 43 || (c0 >= 48 && c0 <= 57)) return true;
	// "×" read as "x", one trailing "+" dropped; the parser's words come lowercased, so mostly nothing changes
	let w = word.toLowerCase();
	if (w.includes("×")) w = w.replace(/×/g, "x");
	if (w.endsWith("+")) w = w.slice(0, -1);
	if (STARTER_WORDS.has(w)) return true;
	// Looked up as typed, folded on the fly (issue 8: model words like "qwen2.5-coder-7b-instruct"
	// reach here in most questions; folding them into a new string just to reject them was the cost).
	const names = nameKeys(ctx);
	if (names.hasPrefix(w)) return compactKey(w) !== "";
	// (the key is not empty here: every name starts with "") The plural and count-suffix readings
	// differ from the key only when it ends in "s" or a digit.
	if (!mayEndInPluralOrCount(w)) return false;
	const key = compactKey(w);
	// key.replace(/(\d)s$/, "$1") without the regex: a digit and a final "s"
	const last = key.charCodeAt(key.length - 1);
	const beforeLast = key.charCodeAt(key.length - 2);
	if (last === 115 && beforeLast >= 48 && beforeLast <= 57 && names.hasPrefix(key.slice(0, -1))) return true;
	if (last === 115) return false;
	const uncounted = key.replace(/x\d+$/, "");
	return uncounted !== key && names.hasPrefix(uncounted);
}

function cloneParse(p: HardwareParse): HardwareParse {
	if (!p.ok) return { ...p, candidates: [...p.candidates] };
	return {
		...p,
		hardware: { devices: p.hardware.devices.map((g) => ({ ...g })), systemMemoryBytes: p.hardware.systemMemoryBytes },
		...(p.notes !== undefined ? { notes: [...p.notes] } : {}),
	};
}

/** The memoized strict parse itself: callers clone what they hand on (see matchHardwareSpanWith). */
function strictParse(ctx: HardwareContext, text: string): HardwareParse {
	ctx.strictParses ??= new BoundedMemo<HardwareParse>(MEMO_MAX_ENTRIES, (p) => p.ok);
	return ctx.strictParses.get(text, (t) => parseHardwareWith(ctx, t, true));
}

export function buildSystemIndex(cat: Catalog): Map<string, System> {
	const m = new Map<string, System>();
	for (const s of cat.systems) for (const n of [s.id, s.name, ...s.aliases]) m.set(compactKey(n), s);
	return m;
}

const RAM_PART =
	/^(?:(?:system\s*)?(?:ram|memory|ddr\d?|sysmem|mem)\s*)?(-?\d+(?:\.\d+)?)\s*(gb|gib|g|tb)\s*(?:of\s*)?(?:system\s*)?(?:ram|ddr\d?|sys(?:tem)?\s*mem(?:ory)?|memory|mem)$/i;
const RAM_PREFIX = /^(?:system\s*)?(?:ram|ddr\d?)\s*(-?\d+(?:\.\d+)?)\s*(gb|gib|g|tb)$/i;
const GENERIC_PART = /^(-?\d+(?:\.\d+)?)\s*(gb|gib|g)(?:\s*(?:vram|gpu|card|of vram))?$/i;
const COUNT_WORDS: Record<string, number> = {
	dual: 2,
	two: 2,
	twin: 2,
	pair: 2,
	couple: 2,
	triple: 3,
	three: 3,
	quad: 4,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	sixteen: 16,
};
/** "two 3090s", "a pair of 3090s", "couple of 4090s": the count word and the rest */
const COUNT_PHRASE = /^(?:an?\s+)?(dual|two|twin|triple|three|quad|four|five|six|seven|eight|sixteen|pair(?:\s+of)?|couple(?:\s+of)?)\s+(.+)$/i;
/** "a 3090", "one 4090", "single h100": one device (the article is never a device: "a" once became an A10) */
const ONE_WORD = /^(?:a|an|one|single)\s+(.+)$/i;
/**
 * A CPU named by its tier only ("i7", "core i5", "ryzen 7", "intel i9 cpu"): a desktop CPU whose model
 * the user did not say, sized as the generic dual-channel one. With a model number ("ryzen 7 7840u",
 * "core i9-14900k") the tier is dropped and the model is looked up (TIER_BEFORE_MODEL).
 */
const CPU_TIER = String.raw`(?:(?:intel\s+)?(?:core\s+)?i[3579]|(?:amd\s+)?ryzen\s+[3579])(?:\s+cpu)?`;
const CPU_WORDS = new RegExp(
	String.raw`^(cpu|cpus|cpu only|cpu-only|no gpu|no gpus|none|without (?:a )?gpu|no graphics card|no dedicated gpu|${CPU_TIER}(?:\s+only)?)$`,
	"i",
);
/** "cpu 64gb", "cpu only with 64gb ram", "no gpu 32gb ddr5", "i7 cpu only 32gb": CPU words, then the RAM */
const CPU_THEN_RAM = new RegExp(
	String.raw`^(?:cpu(?:\s+only)?|cpu-only|no\s+gpus?|without\s+(?:a\s+)?gpu|${CPU_TIER}(?:\s+(?:cpu-only|only|no\s+gpus?))?)(?:\s+(?:with|and|\+))?\s+(.+)$`,
	"i",
);
/** "ryzen 7 7840u", "core i9-14900k": the tier word before a model number says nothing the model does not ("7" is no count) */
const TIER_BEFORE_MODEL = /\b(ryzen)\s+[3579]\s+(?=\d{4,5}[a-z]*\b)|\bcore\s+(?=i[3579][\s-]+\d{4,5}[a-z]*\b)/gi;
/** "ryzen 9 7950x cpu only [64gb]": a CPU's name, CPU-only words, and maybe its RAM */
const NAME_THEN_CPU_ONLY = /^(.+?)\s+(?:cpu[\s-]only|cpu|only|no\s+gpus?|without\s+(?:a\s+)?gpu)(?:\s+(?:with\s+|and\s+|\+\s*)?(.+))?$/i;
/** A part ending in words that say there is no GPU */
const TRAILING_CPU_ONLY = /^(.+?)\s+(?:cpu[\s-]only|no\s+gpus?|without\s+(?:a\s+)?gpu|no\s+(?:dedicated\s+)?graphics\s+card)$/i;
/** Words that say there is no GPU, anywhere in a part */
const CPU_ONLY_WORDS = /\b(?:cpu[\s-]only|no\s+gpus?|without\s+(?:a\s+)?gpu|no\s+(?:dedicated\s+)?graphics\s+card)\b/i;
/** A bare size: GPU memory or RAM? Sizes of common cards read as a GPU; others are asked about. */
const BARE_SIZE = /^(\d+(?:\.\d+)?)\s*(gb|gib|g)$/i;
/** VRAM sizes consumer and workstation cards are sold with: a bare "24gb" is a 24 GB card. */
const COMMON_VRAM_GB: ReadonlySet<number> = new Set([4, 6, 8, 10, 11, 12, 16, 20, 24, 32, 48]);
/** "9950x 64gb", "epyc 9654 768gb ram": a named CPU and its RAM */
const NAME_THEN_SIZE = /^(.+?)\s+(\d+(?:\.\d+)?)\s*(gb|gib|g|tb)(?:\s+(?:of\s+)?(?:ddr[45]\s+)?(?:ram|ddr[45]|memory|system\s+memory))?$/i;

function gbOf(value: string, unit: string): number {
	return Number(value) * (unit.toLowerCase() === "tb" ? 1024 : 1);
}

function fmtGb(bytes: number): string {
	const gb = bytes / GIB;
	return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
}

interface PartResult {
	groups?: DeviceGroup[];
	ramBytes?: number;
	/** "ddr4"/"ddr5" typed with the RAM: the generic CPU's memory */
	ramType?: "ddr4" | "ddr5";
	cpu?: boolean;
	systemRamBytes?: number | null;
	note?: string;
	/** something was assumed (a family's size, a generic card's speed) */
	inexact?: boolean;
	error?: string;
	candidates?: string[];
}

/** A "count" this large glued to an x is a model number (5600X, 7900X), never a number of cards. */
const MODEL_NUMBER_MIN = 1000;
const UNKNOWN_NUMBER_DEVICE = "I don't know a device numbered";

function ramTypeOf(text: string): "ddr4" | "ddr5" | undefined {
	const m = /\bddr([45])\b/i.exec(text);
	return m === null ? undefined : m[1] === "4" ? "ddr4" : "ddr5";
}

/** Resolve one device/system/generic name with a count already split off. */
function resolveNamed(ctx: HardwareContext, name: string, count: number, strict: boolean): PartResult {
	ctx.systemKeys ??= new FoldedKeys(ctx.systems);
	const system = ctx.systemKeys.get(name);
	if (system !== undefined) {
		const groups = system.devices.map((d) => {
			const device = ctx.cat.deviceById.get(d.device);
			if (device === undefined) throw new Error(`system ${system.id} names unknown device ${d.device}`);
			return { device, count: d.count * count };
		});
		return { groups, systemRamBytes: system.systemMemoryBytes === null ? null : system.systemMemoryBytes * count };
	}
	const generic = GENERIC_PART.exec(name);
	if (generic !== null) {
		const gb = Number(generic[1]);
		if (!(gb >= GENERIC_GB_RANGE[0] && gb <= GENERIC_GB_RANGE[1]))
			return { error: `${generic[1]} GB is not a GPU memory size (${GENERIC_GB_RANGE[0]}–${GENERIC_GB_RANGE[1]} GB)` };
		const device = genericDevice(ctx.cat, gb);
		if (device === null) return { error: "no reference card for generic VRAM in the catalog" };
		const gbps = Math.round(device.bandwidthBytesPerSecond / 1e9);
		return {
			groups: [{ device, count }],
			inexact: true,
			note: `“${name}” read as a ${gb} GB GPU at ${gbps} GB/s (${device.notes?.replace(/^generic \d+(?:\.\d+)? GB card; speed assumes an? /, "the speed of a ") ?? "a typical card"}); name the card for its own speed`,
		};
	}
	const r = resolveDeviceWith(ctx.devices, name, { strict });
	if (r.match === null) return { error: r.note ?? `unknown device “${name}”`, candidates: r.candidates.map((d) => d.name) };
	return { groups: [{ device: r.match, count }], ...(r.note !== null ? { note: r.note, inexact: true } : {}) };
}

/**
 * A device phrase with an optional count: "2x4090", "4090x2", "4090 * 2", "dual 3090", "8 h100s".
 * Each reading is tried; the first whose name resolves wins ("4090x2" is 2 × 4090, "rtx 4090" is one
 * RTX 4090, "7900xtx" one RX 7900 XTX), and a count out of range is reported only for a real device.
 */
function parseDevicePart(ctx: HardwareContext, text: string, strict: boolean): PartResult {
	const whole = (ONE_WORD.exec(text.trim())?.[1] ?? text.trim()).trim();
	// "l40s" is a card, "3090s" a plural: the name as typed is tried before the singular
	const readings: { count: number; name: string }[] = [
		{ count: 1, name: whole },
		{ count: 1, name: whole.replace(/(\d)s$/i, "$1") },
	];
	// "2 dgx sparks", "two mac studios": a plural of a name that ends in a letter (tried after every
	// reading as typed, so "l40s" stays the L40S)
	const letterPlural = /^(.*[a-z]{2})s$/i;
	const word = COUNT_PHRASE.exec(whole);
	if (word !== null) {
		const count = COUNT_WORDS[(word[1] ?? "").toLowerCase().replace(/\s+of$/, "")] ?? 1;
		// "two l40s" are L40S cards, "two 3090s" a plural: as typed first, then the singular
		readings.push({ count, name: word[2] ?? "" }, { count, name: (word[2] ?? "").replace(/(\d)s$/i, "$1") });
	}
	// "8 h100s" counts by a space, but "4090 36gb" is a 4090 and a size, never 4090 × a 36 GB GPU
	// (a number above any count, "4090 rtx 4090", is a card's name, not a count)
	const spaced = /^(-?\d+)\s+(.+)$/.exec(whole);
	const spacedCount = spaced !== null && Number(spaced[1]) <= MAX_DEVICE_COUNT && !BARE_SIZE.test(spaced[2] ?? "") && !GENERIC_PART.test(spaced[2] ?? "");
	// "2.5x 3090" is read as a count so that it is refused, never skipped
	const pre = /^(-?\d+(?:\.\d+)?)\s*[x×*]\s*(.+)$/i.exec(whole) ?? (spacedCount ? spaced : null);
	// "2x l40s" are two L40S, "2x 3090s" two 3090: as typed first, then the singular
	if (pre !== null) readings.push({ count: Number(pre[1]), name: pre[2] ?? "" }, { count: Number(pre[1]), name: (pre[2] ?? "").replace(/(\d)s$/i, "$1") });
	const suf = /^(.+?)(?:\s+[x×*]\s*|(?<=\d)[x×*]|\s*\*\s*)(-?\d+)$/i.exec(whole);
	if (suf !== null) readings.push({ count: Number(suf[2]), name: suf[1] ?? "" });
	for (const r of [...readings]) {
		const plural = letterPlural.exec(r.name);
		if (plural !== null) readings.push({ count: r.count, name: plural[1] ?? "" });
	}
	let firstError: PartResult | null = null;
	for (let k = 0; k < readings.length; k++) {
		const { count, name } = readings[k] ?? { count: 1, name: "" };
		if (name.trim() === "") continue;
		// Here resolveNamed reads only the name: a name an earlier reading already tried failed (most
		// words are not plurals, so "as typed" and "singular" are usually one name; issue 8).
		if (readings.slice(0, k).some((e) => e.name.trim() === name.trim())) continue;
		const r = resolveNamed(ctx, name.trim(), 1, true);
		if (r.error !== undefined) {
			firstError ??= r;
			continue;
		}
		if (!Number.isInteger(count) || count < 1) return { error: `a GPU count must be at least 1 and whole (got ${count} in “${text.trim()}”)` };
		// "5600x 32gb" is a CPU's model number the catalog lacks (Ryzen 5 5600X), not 5,600 cards of 32 GB
		// ("9999x4090" stays a count, refused below)
		if (count >= MODEL_NUMBER_MIN && GENERIC_PART.test(name.trim()))
			return { error: `${UNKNOWN_NUMBER_DEVICE} “${count}x”: if it is your CPU, say “cpu 32gb ram” (with “ddr4” if it is DDR4); a GPU, name it` };
		if (count > MAX_DEVICE_COUNT) return { error: `${count} GPUs in “${text.trim()}” is more than the ${MAX_DEVICE_COUNT} we size for` };
		return resolveNamed(ctx, name.trim(), count, true);
	}
	if (strict) return firstError ?? { error: `unknown device “${text.trim()}”` };
	// typo-tolerant last try, on the reading with the most name left
	let asTyped: PartResult | null = null;
	for (let k = 0; k < readings.length; k++) {
		const { count, name } = readings[k] ?? { count: 1, name: "" };
		if (!Number.isInteger(count) || count < 1 || count > MAX_DEVICE_COUNT) continue;
		// each typo-tolerant try is a fuse.js search (milliseconds): one already made failed the same way
		if (readings.slice(0, k).some((e) => e.count === count && e.name.trim() === name.trim())) continue;
		const r = resolveNamed(ctx, name.trim(), count, false);
		if (r.error === undefined) return r;
		if (k === 0) asTyped = r;
	}
	// readings[0] is the whole part as typed, one device: its answer was just computed
	const fallback = asTyped ?? resolveNamed(ctx, whole, 1, false);
	return fallback.error !== undefined ? fallback : (firstError ?? fallback);
}

function parsePart(ctx: HardwareContext, part: string, strict: boolean): PartResult {
	const p = part
		.trim()
		.replace(/\s+/g, " ")
		.replace(TIER_BEFORE_MODEL, (_m, brand: string | undefined) => (brand !== undefined ? `${brand} ` : ""));
	if (p === "") return {};
	if (CPU_WORDS.test(p)) return { cpu: true };
	// "64gb ram cpu only", "32gb ddr4 no gpu", "7950x 64gb cpu only": the CPU-only words after the rest
	const cpuLast = TRAILING_CPU_ONLY.exec(p);
	if (cpuLast !== null) {
		const rest = (cpuLast[1] ?? "").trim();
		const r = BARE_SIZE.test(rest) ? parsePart(ctx, `${rest} ram`, strict) : parsePart(ctx, rest, strict);
		const cpuOnly = (r.groups ?? []).every((g) => g.device.kind === "cpu");
		if (r.error === undefined && cpuOnly && (r.ramBytes !== undefined || (r.groups ?? []).length > 0)) return { ...r, cpu: true };
	}
	const ram = RAM_PART.exec(p) ?? RAM_PREFIX.exec(p);
	if (ram !== null) {
		const gb = gbOf(ram[1] ?? "", ram[2] ?? "gb");
		if (!(gb >= RAM_GB_RANGE[0] && gb <= RAM_GB_RANGE[1]))
			return { error: `${ram[1]} ${ram[2]} is not a system memory size (${RAM_GB_RANGE[0]} GB–${RAM_GB_RANGE[1] / 1024} TB)` };
		const type = ramTypeOf(p);
		return { ramBytes: Math.round(gb * GIB), ...(type !== undefined ? { ramType: type } : {}) };
	}
	// "cpu 64gb ram", "cpu only with 64gb", "no gpu 32gb ddr5": CPU words, then the RAM (a bare size here is RAM)
	const cpuRam = CPU_THEN_RAM.exec(p);
	if (cpuRam !== null) {
		const rest = (cpuRam[1] ?? "").trim();
		const bare = BARE_SIZE.exec(rest);
		const r = bare !== null ? parsePart(ctx, `${rest} ram`, strict) : parsePart(ctx, rest, strict);
		// "i9 14900k 96gb ddr5": the tier word before a named CPU says nothing more; the CPU and its RAM are kept
		if (r.groups !== undefined && r.groups.length > 0 && r.groups.every((g) => g.device.kind === "cpu") && r.ramBytes !== undefined) return r;
		if (r.ramBytes !== undefined) return { cpu: true, ramBytes: r.ramBytes, ...(r.ramType !== undefined ? { ramType: r.ramType } : {}) };
		// "i9 14900k": a tier before a CPU's own name is that CPU (looked up below), not a tier and its RAM
		if (r.groups === undefined || !r.groups.every((g) => g.device.kind === "cpu")) return { error: r.error ?? `cannot read “${p}”` };
	}
	// "ryzen 9 7950x cpu only", "7950x cpu only 64gb": a named CPU is CPU-only already; the words say
	// nothing more, and what follows them is its RAM (a bare size here is RAM)
	const namedCpuOnly = NAME_THEN_CPU_ONLY.exec(p);
	if (namedCpuOnly !== null) {
		const cpu = resolveDeviceWith(ctx.devices, namedCpuOnly[1] ?? "", { strict: true }).match;
		if (cpu !== null && cpu.kind === "cpu") {
			const rest = (namedCpuOnly[2] ?? "").trim();
			if (rest === "") return { groups: [{ device: cpu, count: 1 }] };
			const r = BARE_SIZE.test(rest) ? parsePart(ctx, `${rest} ram`, strict) : parsePart(ctx, rest, strict);
			if (r.ramBytes === undefined) return { error: r.error ?? `cannot read “${p}”` };
			return { groups: [{ device: cpu, count: 1 }], ramBytes: r.ramBytes, ...(r.ramType !== undefined ? { ramType: r.ramType } : {}) };
		}
	}
	// "9950x 64gb", "epyc 9654 768gb ram": the size after a CPU is its RAM
	const named = NAME_THEN_SIZE.exec(p);
	if (named !== null) {
		const cpu = resolveDeviceWith(ctx.devices, named[1] ?? "", { strict: true }).match;
		if (cpu !== null && cpu.kind === "cpu") {
			const gb = gbOf(named[2] ?? "", named[3] ?? "gb");
			if (!(gb >= RAM_GB_RANGE[0] && gb <= RAM_GB_RANGE[1])) return { error: `${named[2]} ${named[3]} is not a system memory size` };
			return { groups: [{ device: cpu, count: 1 }], ramBytes: Math.round(gb * GIB) };
		}
	}
	// "4090 64gb ram" without a plus
	const trailingRam = /^(.+?)\s+(?:with\s+)?(\d+(?:\.\d+)?\s*(?:gb|gib|g|tb)\s*(?:of\s*)?(?:system\s*)?(?:ram|ddr\d?|sysmem|memory))$/i.exec(p);
	if (trailingRam !== null) {
		const dev = parseDevicePart(ctx, trailingRam[1] ?? "", strict);
		const ramPart = parsePart(ctx, trailingRam[2] ?? "", strict);
		if (dev.error === undefined && ramPart.ramBytes !== undefined) return { ...dev, ramBytes: ramPart.ramBytes };
	}
	// a bare "64gb": GPU memory or RAM? Sizes cards are sold with are a card; anything else is asked
	const bare = BARE_SIZE.exec(p);
	if (bare !== null && Number(bare[1]) >= GENERIC_GB_RANGE[0] && Number(bare[1]) <= GENERIC_GB_RANGE[1] && !COMMON_VRAM_GB.has(Number(bare[1]))) {
		return { error: `Is ${bare[1]} GB your GPU memory or your system RAM? Say “${bare[1]}gb vram” for a GPU or “${bare[1]}gb ram” for CPU and RAM` };
	}
	return parseDevicePart(ctx, p, strict);
}

function label(devices: readonly DeviceGroup[], ram: number | null, cpu: boolean): string {
	const parts = devices.map((g) => `${g.count > 1 ? `${g.count}× ` : ""}${g.device.name.replace(/^(GeForce|NVIDIA GeForce) /, "")}`);
	if (devices.length === 0) parts.push(cpu ? "CPU only" : "no GPU");
	if (ram !== null) parts.push(`${fmtGb(ram)} RAM`);
	return parts.join(" + ");
}

/** The generic CPU device for "no GPU, N GB (DDR4|DDR5)". */
function genericCpu(ctx: HardwareContext, type: "ddr4" | "ddr5"): Device | null {
	return ctx.cat.deviceById.get(type === "ddr4" ? GENERIC_CPU_DDR4 : GENERIC_CPU_DDR5) ?? null;
}

/** A CPU device sized by the RAM the user gave (the catalog row's size is a placeholder: schema ramFromUser). */
function withRam(device: Device, ramBytes: number): Device {
	return { ...device, memoryBytes: ramBytes };
}

export function parseHardwareWith(ctx: HardwareContext, text: string, strict = false): HardwareParse {
	// "ryzen ai max+ 395" names one chip: its "+" is not a separator
	const raw = text
		.trim()
		.toLowerCase()
		.replace(/×/g, "x")
		.replace(/\bmax\+\s*(?=\d)/g, "max ")
		// "64 gigs of ram", "24gig": gigabytes said the way people say them
		.replace(/(\d)\s*gigs?\b/g, "$1gb")
		// "m2 air 8gb", "m4 mac mini 16gb", "m2 macbook air 24gb": the Mac's line between its chip and memory
		.replace(
			/\b(m[1-5](?:\s+(?:pro|max|ultra))?)\s+(?:(?:macbook|mac|imac)\s+)?(?:air|mini|studio)\b|\b(m[1-5](?:\s+(?:pro|max|ultra))?)\s+(?:macbook|imac)\b/g,
			(_m, a?: string, b?: string) => a ?? b ?? "",
		);
	if (raw === "") return { ok: false, error: "no hardware given (try “2x4090”, “m3 max 128gb”, “24gb” or “cpu 64gb ram”)", candidates: [] };
	const parts = raw.split(/\s*(?:\+|,|\band\b|\bplus\b|\bwith\b)\s*/);
	const groups: DeviceGroup[] = [];
	let ram: number | null = null;
	let ramType: "ddr4" | "ddr5" | undefined;
	let cpu = false;
	let exact = true;
	const notes: string[] = [];
	// with no GPU in the question ("cpu only with 64gb", "7950x cpu only, 64gb"), a bare size is the RAM
	const cpuOnly = parts.some((x) => CPU_ONLY_WORDS.test(x));
	for (const part of parts) {
		const r = parsePart(ctx, cpuOnly && BARE_SIZE.test(part.trim()) ? `${part.trim()} ram` : part, strict);
		if (r.error !== undefined) return { ok: false, error: r.error, candidates: r.candidates ?? [] };
		if (r.cpu === true) cpu = true;
		if (r.note !== undefined) notes.push(r.note);
		if (r.inexact === true) exact = false;
		if (r.ramType !== undefined) ramType = r.ramType;
		if (r.ramBytes !== undefined) ram = (ram ?? 0) + r.ramBytes;
		if (r.systemRamBytes !== undefined && r.systemRamBytes !== null && ram === null) ram = r.systemRamBytes;
		for (const g of r.groups ?? []) {
			const last = groups[groups.length - 1];
			if (last !== undefined && last.device.id === g.device.id) last.count += g.count;
			else groups.push({ ...g });
		}
	}
	const total = groups.reduce((n, g) => n + g.count, 0);
	if (total > MAX_DEVICE_COUNT) return { ok: false, error: `${total} GPUs is more than the ${MAX_DEVICE_COUNT} we size for`, candidates: [] };
	if (groups.length === 0 && ram === null && !cpu) return { ok: false, error: `no hardware found in “${text.trim()}”`, candidates: [] };
	// A named CPU runs from the RAM beside it: its size is the user's. Without it the CPU's bandwidth is
	// still known (channels × speed); the size only decides fit, so the parse says what to ask and the
	// command decides (canirun states the RAM it needs and assumes; the others ask)
	const namedCpu = groups.find((g) => g.device.ramFromUser === true);
	if (namedCpu !== undefined) {
		if (ram === null) {
			const ramQuestion = `How much RAM does your ${namedCpu.device.name} have? Add it, e.g. “${text.trim()} 64gb ram”`;
			return {
				ok: true,
				hardware: { devices: groups, systemMemoryBytes: null },
				label: label(groups, null, cpu),
				exact: false,
				ramQuestion,
				...(notes.length > 0 ? { notes } : {}),
			};
		}
		for (const g of groups) if (g.device.ramFromUser === true) g.device = withRam(g.device, ram / g.count);
	}
	// "cpu only", "no gpu": a typical desktop CPU on the RAM given (asked for when there is none)
	if (cpu && groups.length === 0) {
		if (ram === null) return { ok: false, error: "CPU only: how much RAM? Add it, e.g. “cpu 64gb ram” (and “ddr4” if it is DDR4)", candidates: [] };
		const generic = genericCpu(ctx, ramType ?? "ddr5");
		if (generic === null) return { ok: false, error: "no generic CPU in the catalog", candidates: [] };
		groups.push({ device: withRam(generic, ram), count: 1 });
		exact = false;
		notes.push(
			`no GPU: CPU only with ${fmtGb(ram)} of RAM, read at ${Math.round(generic.bandwidthBytesPerSecond / 1e9)} GB/s (${generic.name.replace(/^CPU \((.*)\)$/, "$1")}); name your CPU for its own bandwidth`,
		);
	}
	return { ok: true, hardware: { devices: groups, systemMemoryBytes: ram }, label: label(groups, ram, cpu), exact, ...(notes.length > 0 ? { notes } : {}) };
}

/** Words that are never hardware on their own, so a sentence scan does not start a span on them. */
const NOT_HARDWARE = /^(my|can|run|a|an|the|on|with|and|i|have|got|is|it|use|using|for|in|to|of|at|will|does|do|ram|memory|vram)$/i;
/** Model sizes ("32b") and contexts ("32k") are never hardware. */
const MODEL_WORD = /^\d+(\.\d+)?[bkm]$|^a\d+b$|^\d+x\d+b$/i;
/** A model size or context word that is not also a device name ("780m" is a Radeon 780M, "32b" a size). */
function isModelWord(ctx: HardwareContext, w: string): boolean {
	return MODEL_WORD.test(w) && ctx.devices.exactKeys.get(w) === undefined;
}

/** A run never ends on a joining word ("3090 +", "4090 and"). */
const SEPARATOR_WORD = /^(\+|and|with|plus|x|\*)$/i;

/** Words that only ever start a GPU name: "rtx 4900" is a mistyped card, never words to skip. */
const SERIES_WORD = /^(rtx|gtx|geforce|radeon|rx|quadro|tesla|instinct)$/i;
/** A card number with a variant word glued on: "4090ti", "3090super", "5080s". */
const GLUED_VARIANT = /^(\d{3,4})(ti|super|s|xt|xtx|gre|d|laptop|mobile)$/i;
/** …and the same glued to the number: "rtx4900", "rx7990". */
const SERIES_GLUED = /^(rtx|gtx|rx)-?\d{3,4}[a-z]*$/i;

/**
 * A GPU named with a series word that matches no card ("rtx 4900", "gtx1090"): refused with the near
 * names (typo repair only suggests, issue 14), so the answer asks instead of skipping the words.
 */
function unknownSeriesName(ctx: HardwareContext, words: readonly string[], start: number): { length: number; parse: HardwareParse } | null {
	const first = words[start] ?? "";
	const next = words[start + 1] ?? "";
	let length = 0;
	const glued = GLUED_VARIANT.exec(first);
	if (SERIES_GLUED.test(first)) length = 1;
	// "4090ti", "3090super": a card's number with a variant it is not sold as
	else if (glued !== null && ctx.devices.exactKeys.get(glued[1] ?? "") !== undefined) length = 1;
	else if (SERIES_WORD.test(first) && /\d/.test(next) && !isModelWord(ctx, next)) length = 2;
	if (length === 0) return null;
	const typed = words.slice(start, start + length).join(" ");
	const r = resolveDeviceWith(ctx.devices, typed, { strict: false });
	if (r.match !== null) return null;
	// the card whose number was typed first ("4090ti" → RTX 4090), then the near names
	const base = glued !== null && length === 1 ? ctx.devices.exactKeys.get(glued[1] ?? "") : undefined;
	const candidates = [...new Set([...(base !== undefined ? [base.name] : []), ...r.candidates.map((d) => d.name)])].slice(0, 5);
	return {
		length,
		parse: { ok: false, error: `I don't know the GPU “${typed}”${candidates.length > 0 ? ` (did you mean ${candidates[0]}?)` : ""}`, candidates },
	};
}

export function matchHardwareSpanWith(ctx: HardwareContext, words: readonly string[], start: number): { length: number; parse: HardwareParse } | null {
	const found = matchKnownSpan(ctx, words, start);
	return found ?? unknownSeriesName(ctx, words, start);
}

function matchKnownSpan(ctx: HardwareContext, words: readonly string[], start: number): { length: number; parse: HardwareParse } | null {
	const first = words[start];
	if (first !== undefined && NEVER_IN_A_NAME.test(first)) return null;
	if (first === undefined || NOT_HARDWARE.test(first) || isModelWord(ctx, first)) {
		// "+64gb ram" may start a span, and "ram 32gb" ("4090 ram 32gb"); plain "ram" may not
		const ramThenSize = first !== undefined && /^(ram|memory)$/i.test(first) && SIZE_WORD.test(words[start + 1] ?? "");
		if (first === undefined || (!/^\+/.test(first) && !ramThenSize)) return null;
	}
	if (!canStartHardware(ctx, first) && !/^(ram|memory)$/i.test(first)) return null;
	// A run holding a model word is never tried, so the runs end before the first one; nor one through
	// a sentence word after which no part was joined (SENTENCE_WORDS: it would fail as unknown words).
	let maxLen = Math.min(MAX_SPAN_TOKENS, words.length - start);
	const sentence = sentenceWords(ctx);
	let joined = false;
	for (let k = 0; k < maxLen; k++) {
		const w = words[start + k] ?? "";
		if (isModelWord(ctx, w) || NEVER_IN_A_NAME.test(w) || (!joined && sentence.has(w))) {
			maxLen = k;
			break;
		}
		if (!joined && mayJoinParts(w)) joined = true;
	}
	if (maxLen === 0) return null;
	// Every shorter run is a prefix of the longest: join once and cut, and clone only the parse that is
	// returned (issue 8: no arrays or copies per tried run; almost every tried run fails).
	const full = words.slice(start, start + maxLen).join(" ");
	// The joined run stands for its words only when no word holds a space itself (a quoted word):
	// then the answer for the whole run is kept, so a repeated run costs one lookup (issue 8).
	let spaced = false;
	for (let k = 0; k < maxLen; k++) if ((words[start + k] ?? "").includes(" ")) spaced = true;
	// the memo is made on first use
	if (!spaced) ctx.spans ??= new BoundedMemo<{ length: number; parse: HardwareParse } | null>(MEMO_MAX_ENTRIES, (found) => found !== null);
	const found =
		spaced || ctx.spans === undefined
			? longestStrictRun(ctx, words, start, maxLen, full)
			: ctx.spans.get(full, () => longestStrictRun(ctx, words, start, maxLen, full));
	return found === null ? null : { length: found.length, parse: cloneParse(found.parse) };
}

/**
 * The longest of the runs words[start, start + len) (len ≤ maxLen, `full` joining all of them) that
 * parses strictly; the memoized parse itself. A run refused for its count ("-3x h100", "0x4090") is
 * hardware said wrong, not words to skip: it is returned, failed, so the question is refused.
 * A run followed by a word that would change the device ("5080 super", "3090 laptop", "4090 36gb")
 * is refused too: the device asked about is not the one matched (issue 14).
 */
function longestStrictRun(
	ctx: HardwareContext,
	words: readonly string[],
	start: number,
	maxLen: number,
	full: string,
): { length: number; parse: HardwareParse } | null {
	let end = full.length;
	for (let len = maxLen; len >= 1; len--) {
		const lastWord = words[start + len - 1] ?? "";
		const text = end === full.length ? full : full.slice(0, end);
		end -= lastWord.length + 1;
		if (SEPARATOR_WORD.test(lastWord)) continue;
		const parse = strictParse(ctx, text);
		if (parse.ok) return bareNumberAfterDevice(ctx, words, start, len, text) ?? refuseChangedDevice(ctx, words, start, len, text) ?? { length: len, parse };
		if (REFUSED_ERROR.test(parse.error)) return { length: len, parse };
	}
	return null;
}

/**
 * The parse errors that mean "this is hardware, said wrong or incomplete": an impossible count, a
 * CPU without its RAM, a bare size that may be VRAM or RAM. Such a run is refused (asked about), not
 * skipped as unknown words.
 */
const REFUSED_ERROR = new RegExp(
	`^a GPU count must be|is more than the \\d+ we size for|^${UNKNOWN_NUMBER_DEVICE}|^How much RAM|^CPU only: how much RAM|^Is \\d+(?:\\.\\d+)? GB your GPU memory`,
);
/** Words that name a variant of the device before them: matched without them, the answer would be about another device. */
const VARIANT_WORD =
	/^(laptop|mobile|notebook|max-?q|super|ti|gre|d|xt|xtx|ultra|max|pro|plus|dual|v2|oc|ada|blackwell|ampere|hopper|sxm|sxm4|sxm5|pcie|nvl|nvl\d+|se)$/i;
/** After a variant word, these make it a context ("max context"), not a device word. */
const CONTEXT_AFTER = /^(context|ctx|length|tokens?|len)$/i;
/** A size right after a device: its variant ("rtx 3060 12gb"), never a second device. */
const SIZE_WORD = /^\d+(?:\.\d+)?(?:gb|gib|g)$/i;
/** After a size, these make it system memory ("3090 64gb ram"). */
const RAM_AFTER = /^(ram|ddr\d?|memory|sysmem|system)$/i;

function refuseChangedDevice(
	ctx: HardwareContext,
	words: readonly string[],
	start: number,
	len: number,
	text: string,
): { length: number; parse: HardwareParse } | null {
	let next = words[start + len] ?? "";
	let after = words[start + len + 1] ?? "";
	let used = 1;
	// "36 gb" typed as two words is one size
	if (/^\d+(?:\.\d+)?$/.test(next) && /^(gb|gib|g)$/i.test(after)) {
		next = `${next}${after}`;
		after = words[start + len + 2] ?? "";
		used = 2;
	}
	const last = words[start + len - 1] ?? "";
	const variant = VARIANT_WORD.test(next) && !CONTEXT_AFTER.test(after);
	// a size after RAM words is not this device's variant; after a sized device ("m1 8gb 16gb",
	// "4090 24gb 64gb") it is asked about too (VRAM twice, or RAM without the word?)
	const size = SIZE_WORD.test(next) && !RAM_AFTER.test(after) && !RAM_AFTER.test(last);
	if (!variant && !size) return null;
	const asked = `${text} ${next}`;
	const strict = strictParse(ctx, asked);
	if (strict.ok) return null; // cannot happen (the longer run was tried first); kept for safety
	// candidates: the device matched without the word first (the one they likely have), then near names
	const matched = strictParse(ctx, text);
	const loose = parseHardwareWith(ctx, asked, false);
	const candidates = [
		...new Set([...(matched.ok ? matched.hardware.devices.map((g) => g.device.name) : []), ...(loose.ok ? [loose.label] : loose.candidates)]),
	].slice(0, 5);
	const error = size
		? `${strict.error.replace(/^unknown device/, "I don't know")}${RAM_HINT(next)}`
		: `I don't know a “${asked}”${candidates.length > 0 ? ` (did you mean ${candidates[0]}?)` : ""}`;
	return { length: len + used, parse: { ok: false, error, candidates } };
}

/** A bare number of up to three digits ("64" in "m4 max 64", "2" in "3090 2"). */
const BARE_NUMBER = /^\d{1,3}$/;
/** After a bare number, these make it something else: a quant ("4 bit"), a context ("32 k"), a count of the next device ("2 4090s" is tried), sequences at once ("8 users"). */
const NUMBER_BELONGS_AFTER =
	/^(bits?|bpw|k|tokens?|ctx|context|gb|gib|g|tb|ram|ddr\d?|memory|x|×|\*|users|concurrent|sequences|seqs|requests|streams|slots|parallel)$/i;

/**
 * A bare number right after a device (issue 14: a size or count is binding, never dropped): "m4 max
 * 64", "m2 ultra 192", "4060 ti 16" are that device's memory variant; a number the device is not sold
 * with ("m4 max 96") or a count typed after the card ("3090 2") is asked about, never ignored while
 * the answer is about another size or count. A number that starts the next device ("3090 2 4090s")
 * or belongs to the word after it ("4 bit", "32 k") is left alone.
 */
function bareNumberAfterDevice(
	ctx: HardwareContext,
	words: readonly string[],
	start: number,
	len: number,
	text: string,
): { length: number; parse: HardwareParse } | null {
	const next = words[start + len] ?? "";
	if (!BARE_NUMBER.test(next)) return null;
	const after = words[start + len + 1];
	if (after !== undefined && (NUMBER_BELONGS_AFTER.test(after) || strictParse(ctx, `${next} ${after}`).ok)) return null;
	const sized = strictParse(ctx, `${text} ${next}gb`);
	if (sized.ok) return { length: len + 1, parse: sized };
	const matched = strictParse(ctx, text);
	const names = matched.ok ? matched.hardware.devices.map((g) => g.device.name) : [];
	const n = Number(next);
	// a small number is more likely a count than a memory size: both readings are offered
	const counted = n >= 1 && n <= 16;
	const sizeError = sized.error.includes("not sold with") ? sized.error : null;
	const error = counted
		? `Is ${n} the number of cards? Say “${n}x ${text}”${sizeError !== null ? ` (${sizeError})` : ""}`
		: `${sized.error.replace(/^unknown device/, "I don't know")}${RAM_HINT(`${next}gb`)}`;
	return { length: len + 1, parse: { ok: false, error, candidates: counted ? [`${n}x ${text}`, ...names] : names } };
}

function RAM_HINT(size: string): string {
	return `; if ${size} is your system RAM, say “${size} ram”`;
}
