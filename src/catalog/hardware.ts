/**
 * The hardware grammar: "2x4090", "4090x2", "4090 * 2", "3090+3060", "8xh100", "h100 80gb",
 * "rtx 3060 12gb", "m3 max 128gb", "mac studio m2 ultra 192gb", "24gb" (generic VRAM), "+64gb ram" /
 * "64gb ram" (system memory), "cpu", and whole systems ("dgx h100", "dgx a100 640gb").
 */
import type { DeviceGroup, HardwareSpec } from "../engine/types.js";
import { compactKey } from "./fold.js";
import { FoldedKeys } from "./folded-keys.js";
import type { Catalog } from "./read.js";
import { BoundedMemo } from "./memo.js";
import { type DeviceIndex, resolveDeviceWith } from "./resolve-device.js";
import type { Device, System } from "./schema.js";

export type HardwareParse =
	| { ok: true; hardware: HardwareSpec; label: string; /** assumptions to show ("M3 Max comes with 48/64/128 GB; assumed 128 GB") */ notes?: string[] }
	| { ok: false; error: string; candidates: string[] };

const GIB = 2 ** 30;
/** More GPUs than this in one phrase is a typo, not a machine (the largest single nodes hold 8–16; 64 leaves room for small clusters). */
export const MAX_DEVICE_COUNT = 64;
/** Generic VRAM sizes we accept ("24gb"): 1 GB to 2 TB. */
export const GENERIC_GB_RANGE = [1, 2048] as const;
/** System RAM sizes we accept: 1 GB to 24 TB (the largest 8-socket servers). */
export const RAM_GB_RANGE = [1, 24576] as const;
/** Longest run of words matchHardwareSpan tries (e.g. "mac studio m3 ultra 512gb + 64gb ram"). */
const MAX_SPAN_TOKENS = 8;

/**
 * Generic "NN gb" VRAM: a synthetic CUDA card with the bandwidth of a typical card of that size. We
 * take the most common (and the slower, so speed is not overstated) consumer/workstation card of each
 * size: 8 GB RTX 4060, 12 GB RTX 3060, 16 GB RTX 4060 Ti 16GB, 24 GB RTX 3090, 32 GB RTX 5090,
 * 48 GB RTX A6000, 80 GB A100 80GB, 96 GB RTX PRO 6000; other sizes use the next size up (or the largest).
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
	const ref = GENERIC_REFERENCE.find(([size]) => size >= gb) ?? GENERIC_REFERENCE[GENERIC_REFERENCE.length - 1];
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
	"nvidia", "geforce", "amd", "ryzen", "radeon", "intel", "apple", "graphics", "gpu", "card", "rtx", "gtx",
	"dual", "two", "triple", "three", "quad", "four", "eight",
	"cpu", "cpuonly", "no", "none", "system", "sysmem", "mem", "ddr", "ddr4", "ddr5",
]);

function nameKeys(ctx: HardwareContext): FoldedKeys<true> {
	if (ctx.nameKeys === undefined) {
		const keys = new Map<string, true>();
		for (const k of [...ctx.devices.exact.keys(), ...ctx.devices.byName.keys(), ...ctx.systems.keys()]) keys.set(k, true);
		ctx.nameKeys = new FoldedKeys(keys);
	}
	return ctx.nameKeys;
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
	if (/^[-+\d]/.test(word)) return true;
	const w = word.toLowerCase().replace(/×/g, "x").replace(/\+$/, "");
	if (STARTER_WORDS.has(w)) return true;
	// Looked up as typed, folded on the fly (issue 8: model words like "qwen2.5-coder-7b-instruct"
	// reach here in most questions; folding them into a new string just to reject them was the cost).
	const names = nameKeys(ctx);
	if (names.hasPrefix(w)) return compactKey(w) !== "";
	// (the key is not empty here: every name starts with "") The plural and count-suffix readings
	// differ from the key only when it ends in "s" or a digit.
	if (!mayEndInPluralOrCount(w)) return false;
	const key = compactKey(w);
	const singular = key.replace(/(\d)s$/, "$1");
	if (singular !== key && names.hasPrefix(singular)) return true;
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
	ctx.strictParses ??= new BoundedMemo();
	return ctx.strictParses.get(text, (t) => parseHardwareWith(ctx, t, true));
}

export function buildSystemIndex(cat: Catalog): Map<string, System> {
	const m = new Map<string, System>();
	for (const s of cat.systems) for (const n of [s.id, s.name, ...s.aliases]) m.set(compactKey(n), s);
	return m;
}

const RAM_PART = /^(?:(?:system\s*)?(?:ram|memory|ddr\d?|sysmem|mem)\s*)?(-?\d+(?:\.\d+)?)\s*(gb|gib|g|tb)\s*(?:of\s*)?(?:system\s*)?(?:ram|ddr\d?|sys(?:tem)?\s*mem(?:ory)?|memory|mem)$/i;
const RAM_PREFIX = /^(?:system\s*)?(?:ram|ddr\d?)\s*(-?\d+(?:\.\d+)?)\s*(gb|gib|g|tb)$/i;
const GENERIC_PART = /^(-?\d+(?:\.\d+)?)\s*(gb|gib|g)(?:\s*(?:vram|gpu|card|of vram))?$/i;
const COUNT_WORDS: Record<string, number> = { dual: 2, two: 2, triple: 3, three: 3, quad: 4, four: 4, eight: 8 };
const CPU_WORDS = /^(cpu|cpu only|cpu-only|no gpu|none)$/i;

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
	cpu?: boolean;
	systemRamBytes?: number | null;
	note?: string;
	error?: string;
	candidates?: string[];
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
		if (!(gb >= GENERIC_GB_RANGE[0] && gb <= GENERIC_GB_RANGE[1])) return { error: `${generic[1]} GB is not a GPU memory size (${GENERIC_GB_RANGE[0]}–${GENERIC_GB_RANGE[1]} GB)` };
		const device = genericDevice(ctx.cat, gb);
		if (device === null) return { error: "no reference card for generic VRAM in the catalog" };
		return { groups: [{ device, count }] };
	}
	const r = resolveDeviceWith(ctx.devices, name, { strict });
	if (r.match === null) return { error: r.note ?? `unknown device “${name}”`, candidates: r.candidates.map((d) => d.name) };
	return { groups: [{ device: r.match, count }], ...(r.note !== null ? { note: r.note } : {}) };
}

/**
 * A device phrase with an optional count: "2x4090", "4090x2", "4090 * 2", "dual 3090", "8 h100s".
 * Each reading is tried; the first whose name resolves wins ("4090x2" is 2 × 4090, "rtx 4090" is one
 * RTX 4090, "7900xtx" one RX 7900 XTX), and a count out of range is reported only for a real device.
 */
function parseDevicePart(ctx: HardwareContext, text: string, strict: boolean): PartResult {
	const whole = text.trim();
	// "l40s" is a card, "3090s" a plural: the name as typed is tried before the singular
	const readings: { count: number; name: string }[] = [{ count: 1, name: whole }, { count: 1, name: whole.replace(/(\d)s$/i, "$1") }];
	const word = /^(dual|two|triple|three|quad|four|eight)\s+(.+)$/i.exec(whole);
	if (word !== null) {
		const count = COUNT_WORDS[(word[1] ?? "").toLowerCase()] ?? 1;
		// "two l40s" are L40S cards, "two 3090s" a plural: as typed first, then the singular
		readings.push({ count, name: word[2] ?? "" }, { count, name: (word[2] ?? "").replace(/(\d)s$/i, "$1") });
	}
	const pre = /^(-?\d+)\s*[x×*]\s*(.+)$/i.exec(whole) ?? /^(-?\d+)\s+(.+)$/.exec(whole);
	if (pre !== null) readings.push({ count: Number(pre[1]), name: (pre[2] ?? "").replace(/(\d)s$/i, "$1") });
	const suf = /^(.+?)(?:\s+[x×*]\s*|(?<=\d)[x×*]|\s*\*\s*)(-?\d+)$/i.exec(whole);
	if (suf !== null) readings.push({ count: Number(suf[2]), name: suf[1] ?? "" });
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
		if (!Number.isInteger(count) || count < 1) return { error: `a GPU count must be at least 1 (got ${count} in “${text.trim()}”)` };
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
	const p = part.trim().replace(/\s+/g, " ");
	if (p === "") return {};
	if (CPU_WORDS.test(p)) return { cpu: true };
	const ram = RAM_PART.exec(p) ?? RAM_PREFIX.exec(p);
	if (ram !== null) {
		const gb = gbOf(ram[1] ?? "", ram[2] ?? "gb");
		if (!(gb >= RAM_GB_RANGE[0] && gb <= RAM_GB_RANGE[1])) return { error: `${ram[1]} ${ram[2]} is not a system memory size (${RAM_GB_RANGE[0]} GB–${RAM_GB_RANGE[1] / 1024} TB)` };
		return { ramBytes: Math.round(gb * GIB) };
	}
	// "cpu 64gb ram", "cpu with 64gb ram"
	const cpuRam = /^cpu(?:\s+only)?(?:\s+with)?\s+(.+)$/i.exec(p);
	if (cpuRam !== null) {
		const rest = parsePart(ctx, cpuRam[1] ?? "", strict);
		return rest.ramBytes !== undefined ? { cpu: true, ramBytes: rest.ramBytes } : { error: rest.error ?? `cannot read “${p}”` };
	}
	// "4090 64gb ram" without a plus
	const trailingRam = /^(.+?)\s+(?:with\s+)?(\d+(?:\.\d+)?\s*(?:gb|gib|g|tb)\s*(?:of\s*)?(?:system\s*)?(?:ram|ddr\d?|sysmem|memory))$/i.exec(p);
	if (trailingRam !== null) {
		const dev = parseDevicePart(ctx, trailingRam[1] ?? "", strict);
		const ramPart = parsePart(ctx, trailingRam[2] ?? "", strict);
		if (dev.error === undefined && ramPart.ramBytes !== undefined) return { ...dev, ramBytes: ramPart.ramBytes };
	}
	return parseDevicePart(ctx, p, strict);
}

function label(devices: readonly DeviceGroup[], ram: number | null, cpu: boolean): string {
	const parts = devices.map((g) => `${g.count > 1 ? `${g.count}× ` : ""}${g.device.name.replace(/^(GeForce|NVIDIA GeForce) /, "")}`);
	if (devices.length === 0) parts.push(cpu ? "CPU only" : "no GPU");
	if (ram !== null) parts.push(`${fmtGb(ram)} RAM`);
	return parts.join(" + ");
}

export function parseHardwareWith(ctx: HardwareContext, text: string, strict = false): HardwareParse {
	// "ryzen ai max+ 395" names one chip: its "+" is not a separator
	const raw = text.trim().toLowerCase().replace(/×/g, "x").replace(/\bmax\+\s*(?=\d)/g, "max ");
	if (raw === "") return { ok: false, error: "no hardware given (try “2x4090”, “m3 max 128gb”, “24gb” or “cpu 64gb ram”)", candidates: [] };
	const parts = raw.split(/\s*(?:\+|,|\band\b|\bplus\b|\bwith\b)\s*/);
	const groups: DeviceGroup[] = [];
	let ram: number | null = null;
	let cpu = false;
	const notes: string[] = [];
	for (const part of parts) {
		const r = parsePart(ctx, part, strict);
		if (r.error !== undefined) return { ok: false, error: r.error, candidates: r.candidates ?? [] };
		if (r.cpu === true) cpu = true;
		if (r.note !== undefined) notes.push(r.note);
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
	if (cpu && groups.length === 0 && ram === null) notes.push("CPU only and no RAM size given: add one (e.g. “cpu 64gb ram”) to check the fit");
	return { ok: true, hardware: { devices: groups, systemMemoryBytes: ram }, label: label(groups, ram, cpu), ...(notes.length > 0 ? { notes } : {}) };
}

/** Words that are never hardware on their own, so a sentence scan does not start a span on them. */
const NOT_HARDWARE = /^(my|can|run|a|an|the|on|with|and|i|have|got|is|it|use|using|for|in|to|of|at|will|does|do|ram|memory|vram)$/i;
/** Model sizes ("32b") and contexts ("32k") are never hardware. */
const MODEL_WORD = /^\d+(\.\d+)?[bkm]$|^a\d+b$|^\d+x\d+b$/i;
/** A run never ends on a joining word ("3090 +", "4090 and"). */
const SEPARATOR_WORD = /^(\+|and|with|plus|x|\*)$/i;

export function matchHardwareSpanWith(ctx: HardwareContext, words: readonly string[], start: number): { length: number; parse: HardwareParse } | null {
	const first = words[start];
	if (first === undefined || NOT_HARDWARE.test(first) || MODEL_WORD.test(first)) {
		// "+64gb ram" may start a span; plain "ram" may not
		if (first === undefined || !/^\+/.test(first)) return null;
	}
	if (!canStartHardware(ctx, first)) return null;
	// A run holding a model word is never tried, so the runs end before the first one.
	let maxLen = Math.min(MAX_SPAN_TOKENS, words.length - start);
	for (let k = 0; k < maxLen; k++) {
		if (MODEL_WORD.test(words[start + k] ?? "")) {
			maxLen = k;
			break;
		}
	}
	if (maxLen === 0) return null;
	// Every shorter run is a prefix of the longest: join once and cut, and clone only the parse that is
	// returned (issue 8: no arrays or copies per tried run; almost every tried run fails).
	const full = words.slice(start, start + maxLen).join(" ");
	// The joined run stands for its words only when no word holds a space itself (a quoted word):
	// then the answer for the whole run is kept, so a repeated run costs one lookup (issue 8).
	let spaced = false;
	for (let k = 0; k < maxLen; k++) if ((words[start + k] ?? "").includes(" ")) spaced = true;
	// biome-ignore lint/suspicious/noAssignInExpressions: the memo is made on first use
	const found = spaced ? longestStrictRun(ctx, words, start, maxLen, full) : (ctx.spans ??= new BoundedMemo()).get(full, () => longestStrictRun(ctx, words, start, maxLen, full));
	return found === null ? null : { length: found.length, parse: cloneParse(found.parse) };
}

/** The longest of the runs words[start, start + len) (len ≤ maxLen, `full` joining all of them) that parses strictly; the memoized parse itself. */
function longestStrictRun(ctx: HardwareContext, words: readonly string[], start: number, maxLen: number, full: string): { length: number; parse: HardwareParse } | null {
	let end = full.length;
	for (let len = maxLen; len >= 1; len--) {
		const lastWord = words[start + len - 1] ?? "";
		const text = end === full.length ? full : full.slice(0, end);
		end -= lastWord.length + 1;
		if (SEPARATOR_WORD.test(lastWord)) continue;
		const parse = strictParse(ctx, text);
		if (parse.ok) return { length: len, parse };
	}
	return null;
}
