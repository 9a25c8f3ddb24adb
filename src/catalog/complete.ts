/**
 * Autocomplete for models, quants and hardware. Everything is precomputed at load (folded keys sorted
 * for prefix search), so a keystroke costs a binary search plus a short scan — well under 1 ms.
 */
import type { Completion } from "../answer/question.js";
import { compactKey } from "./fold.js";
import type { Catalog } from "./read.js";
import { modelNames } from "./names.js";
import { deviceNameVariants } from "./resolve-device.js";

/** Discord's limits on a choice's name and value (ADAPTERS.md: 1–100 characters each). */
export const COMPLETION_TEXT_MAX = 100;
export const DEFAULT_COMPLETION_LIMIT = 25;

interface Item {
	name: string;
	value: string;
	/** lower sorts first when several keys match */
	rank: number;
}

interface KeyedList {
	/** sorted folded keys, each pointing to an item */
	keys: { key: string; item: Item }[];
	/** all items in default order (empty query) */
	all: Item[];
}

export interface CompletionIndex {
	model: KeyedList;
	quant: KeyedList;
	device: KeyedList;
}

function clip(s: string): string {
	return s.length <= COMPLETION_TEXT_MAX ? s : `${s.slice(0, COMPLETION_TEXT_MAX - 1)}…`;
}

function keyed(entries: { item: Item; names: string[] }[]): KeyedList {
	const keys: { key: string; item: Item }[] = [];
	for (const e of entries) {
		const seen = new Set<string>();
		for (const n of e.names) {
			const k = compactKey(n);
			if (k === "" || seen.has(k)) continue;
			seen.add(k);
			keys.push({ key: k, item: e.item });
		}
	}
	keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.rank - b.item.rank));
	return { keys, all: entries.map((e) => e.item).sort((a, b) => a.rank - b.rank) };
}

function gib(bytes: number): number {
	return Math.round(bytes / 2 ** 30);
}

export function buildCompletionIndex(cat: Catalog): CompletionIndex {
	const models = keyed(
		cat.models.map((m, i) => ({
			item: {
				name: clip(`${m.name} — ${formatParams(m.totalParams)}${m.activeParams !== m.totalParams ? ` (${formatParams(m.activeParams)} active)` : ""}`),
				value: clip(m.id),
				rank: (m.flagship === true ? 0 : 1000) + i,
			},
			names: modelNames(m),
		})),
	);
	const quants = keyed(
		cat.quants.map((q, i) => ({
			item: { name: clip(`${q.name} — ${q.bitsPerWeight.toFixed(2)} bpw`), value: clip(q.id), rank: i },
			names: [q.id, q.name, ...q.aliases],
		})),
	);
	const devices = keyed(
		cat.devices.map((d, i) => ({
			item: { name: clip(`${d.name.replace(/^GeForce /, "")}${/\d+GB$/.test(d.name) ? "" : ` (${gib(d.memoryBytes)} GB)`}`), value: clip(d.id), rank: i },
			names: [d.id, d.name, ...d.aliases].flatMap(deviceNameVariants),
		})),
	);
	return { model: models, quant: quants, device: devices };
}

function formatParams(n: number): string {
	return n >= 1e12 ? `${(n / 1e12).toFixed(2)}T` : n >= 1e9 ? `${(n / 1e9).toFixed(n >= 1e11 ? 0 : 1)}B` : `${Math.round(n / 1e6)}M`;
}

function lowerBound(keys: readonly { key: string }[], prefix: string): number {
	let lo = 0;
	let hi = keys.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if ((keys[mid]?.key ?? "") < prefix) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function search(list: KeyedList, partial: string, limit: number): Item[] {
	const p = compactKey(partial);
	if (p === "") return list.all.slice(0, limit);
	const out: Item[] = [];
	const seen = new Set<Item>();
	const prefixHits: Item[] = [];
	for (let i = lowerBound(list.keys, p); i < list.keys.length; i++) {
		const k = list.keys[i];
		if (k === undefined || !k.key.startsWith(p)) break;
		if (!seen.has(k.item)) {
			seen.add(k.item);
			prefixHits.push(k.item);
		}
	}
	prefixHits.sort((a, b) => a.rank - b.rank);
	out.push(...prefixHits.slice(0, limit));
	// then names containing the text anywhere ("r1" inside "deepseekr1distill…")
	if (out.length < limit) {
		for (const k of list.keys) {
			if (out.length >= limit) break;
			if (!seen.has(k.item) && k.key.includes(p)) {
				seen.add(k.item);
				out.push(k.item);
			}
		}
	}
	return out;
}

const COUNT = /^\s*(\d{1,2})\s*[x×*]\s*(.*)$/i;

export function completeWith(index: CompletionIndex, kind: "model" | "quant" | "hardware", partial: string, limit = DEFAULT_COMPLETION_LIMIT): Completion[] {
	const n = Math.max(0, Math.min(limit, DEFAULT_COMPLETION_LIMIT));
	if (kind === "model") return search(index.model, partial, n).map(({ name, value }) => ({ name, value }));
	if (kind === "quant") return search(index.quant, partial, n).map(({ name, value }) => ({ name, value }));
	// hardware: "2x40" → "2× RTX 4090"; earlier "+"-separated parts are kept as typed
	const lastPlus = partial.lastIndexOf("+");
	const head = lastPlus >= 0 ? `${partial.slice(0, lastPlus + 1).trim()} ` : "";
	const tail = lastPlus >= 0 ? partial.slice(lastPlus + 1) : partial;
	const m = COUNT.exec(tail);
	const count = m !== null ? Number(m[1]) : 1;
	const rest = m !== null ? (m[2] ?? "") : tail;
	return search(index.device, rest, n).map(({ name, value }) => ({
		name: clip(`${head}${count > 1 ? `${count}× ` : ""}${name}`),
		value: clip(`${head}${count > 1 ? `${count}x ` : ""}${value}`),
	}));
}
