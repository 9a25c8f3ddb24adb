/**
 * A deterministic hostile corpus for the worst-line benchmark (issue 18): what a stress campaign
 * throws at a bot that answers anyone. Each line is one query, as a user (or a script) could type it:
 * - one long word after a device-looking phrase (the word tried as a device name went whole to
 *   fuse.js: up to ~0.8 s per line before the bound in src/catalog/lazy-fuse.ts),
 * - many distinct odd words per line (every word a typo search, nothing memoized across lines),
 * - long runs of digits, "x" counts, units and separators ("99999x4090", "-3x h100", "0x"),
 * - mentions, broadcasts, channel links, bidi and invisible characters, ANSI escapes, emoji,
 * - near-names with every character swapped, repeated words up to the length limit.
 * Every line is freshly random (seeded), so the resolvers' memo tables do not flatter the numbers.
 */
import type { Catalog } from "../src/catalog/index.js";
import { seededRandom } from "./queries.js";

// no "/": an "org/name" word is a Hugging Face lookup, a network wait that holds no one else up (not CPU)
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.:+=";
const NASTY = [
	"@everyone",
	"@here",
	"<@123456789012345678>",
	"<#987654321>",
	"<!channel>",
	"<!here>",
	"\u202e",
	"\u061c",
	"\u200b",
	"\u001b[31m",
	"\ufeff",
	"💥",
	"ｈ１００",
	"×",
];
const DEVICE_LEADS = ["rtx", "4090", "h100", "m3 max", "2x", "nvidia geforce", "rx", "a100", "mac studio", "+64gb ram"];

function pick<T>(rand: () => number, items: readonly T[]): T {
	return items[Math.floor(rand() * items.length)] as T;
}

function word(rand: () => number, length: number): string {
	let out = "";
	for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(rand() * ALPHABET.length)];
	return out;
}

/** A catalog name with every few characters changed: near enough to reach typo repair. */
function mangled(rand: () => number, name: string): string {
	let out = "";
	for (const ch of name) out += rand() < 0.3 ? (ALPHABET[Math.floor(rand() * 26)] as string) : ch;
	return out;
}

export function hostileQueries(cat: Catalog, count: number, seed = 18): string[] {
	const rand = seededRandom(seed);
	const names = cat.models.map((m) => m.name);
	const devices = cat.devices.map((d) => d.name);
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const roll = rand();
		let line: string;
		if (roll < 0.2) {
			// one long word after a device lead, the profile's worst case (up to the 500-character limit)
			line = `${pick(rand, names)} ${pick(rand, DEVICE_LEADS)} ${word(rand, 40 + Math.floor(rand() * 450))}`;
		} else if (roll < 0.4) {
			// as many distinct odd words as the line holds
			const parts: string[] = [];
			while (parts.join(" ").length < 480) parts.push(word(rand, 3 + Math.floor(rand() * 30)));
			line = parts.join(" ");
		} else if (roll < 0.55) {
			// near-names, device and model, several per line
			const parts: string[] = [];
			for (let k = 0; k < 2 + Math.floor(rand() * 8); k++) parts.push(mangled(rand, pick(rand, rand() < 0.5 ? names : devices)));
			line = parts.join(" ");
		} else if (roll < 0.7) {
			// counts and numbers
			const n = pick(rand, ["-3", "0", "99999999", "1e9", "3.5", "-1", "00", "2**40", String(Math.floor(rand() * 1e12))]);
			line = `${pick(rand, names)} ${n}x${pick(rand, devices)} ${pick(rand, ["-1gb", "0gb", "ctx=-5", "999999k", "+-64gb ram", "parallel=0", "ubatch=-1"])}`;
		} else if (roll < 0.85) {
			// echo bait: mentions, bidi, invisible characters around unknown words
			const parts: string[] = [];
			for (let k = 0; k < 3 + Math.floor(rand() * 10); k++)
				parts.push(rand() < 0.5 ? pick(rand, NASTY) : `${pick(rand, NASTY)}${word(rand, 5 + Math.floor(rand() * 20))}`);
			line = `${parts.join(" ")} ${pick(rand, DEVICE_LEADS)} ${pick(rand, NASTY)}${word(rand, 30)}`;
		} else {
			// one device phrase stretched with vendor words and sizes
			const parts = [pick(rand, names)];
			while (parts.join(" ").length < 450)
				parts.push(pick(rand, ["nvidia", "geforce", "rtx", "gpu", "card", "24gb", "vram", "ti", "super", mangled(rand, pick(rand, devices))]));
			line = parts.join(" ");
		}
		out.push(line.slice(0, 500));
	}
	return out;
}

/** Pieces of names glued or repeated: what a script or a careless paste makes of the catalog's words. */
function nameWords(cat: Catalog): string[] {
	return [...new Set(cat.models.flatMap((m) => m.name.toLowerCase().split(/[\s\-_/.:]+/)))].filter((w) => w.length >= 3);
}

/**
 * More kinds of hostile lines than hostileQueries draws (its output stays as it is: the golden set
 * and the benchmark read it), for checks on lines the benchmark's corpus does not hold: the same
 * device repeated to the length limit, lines of numbers, long words alternating letters and digits
 * (every letter-digit boundary is a part), glued catalog words, many two- to four-letter words,
 * invisible characters inside names, and lines far past the length limit. Deterministic per seed.
 */
export function unseenHostileQueries(cat: Catalog, count: number, seed = 81): string[] {
	const rand = seededRandom(seed);
	const names = cat.models.map((m) => m.name);
	const devices = cat.devices.map((d) => d.name);
	const glue = nameWords(cat);
	const fill = (part: () => string, limit: number) => {
		const parts: string[] = [];
		while (parts.join(" ").length < limit) parts.push(part());
		return parts.join(" ");
	};
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const kind = Math.floor(rand() * 8);
		let line: string;
		if (kind === 0) {
			const d = pick(rand, [...DEVICE_LEADS, ...devices.slice(0, 50)]);
			line = fill(() => d, 480);
		} else if (kind === 1) {
			line = fill(
				() => pick(rand, [String(Math.floor(rand() * 100)), `${Math.floor(rand() * 999)}b`, `${(rand() * 10).toFixed(1)}`, "3.5", "x", "2x", "0"]),
				480,
			);
		} else if (kind === 2) {
			let w = "";
			while (w.length < 60 + rand() * 400) w += `${pick(rand, glue).slice(0, 4)}${Math.floor(rand() * 10)}`;
			line = `${pick(rand, names)} ${w}`;
		} else if (kind === 3) {
			line = fill(() => Array.from({ length: 2 + Math.floor(rand() * 5) }, () => pick(rand, glue)).join(""), 480);
		} else if (kind === 4) {
			line = fill(() => word(rand, 2 + Math.floor(rand() * 3)), 480);
		} else if (kind === 5) {
			const name = pick(rand, names);
			const at = Math.floor(rand() * name.length);
			line = `${name.slice(0, at)}${pick(rand, NASTY)}${name.slice(at)} ${pick(rand, DEVICE_LEADS)} ${pick(rand, NASTY)}`;
		} else if (kind === 6) {
			line = fill(() => mangled(rand, pick(rand, glue)), 4000);
		} else {
			line = fill(() => `${mangled(rand, pick(rand, glue))}${pick(rand, ["", "-", "_", ".", ":"])}${Math.floor(rand() * 100)}`, 480);
		}
		out.push(kind === 6 ? line.slice(0, 4000) : line.slice(0, 500));
	}
	return out;
}
