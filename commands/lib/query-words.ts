/**
 * Follow-up queries (buttons, "try:" lines) are built from catalog ids, never from user text, so a
 * re-run resolves exactly and cannot carry anything the user typed. Each is bounded to
 * QUERY_LIMITS.maxActionQueryChars (a Discord custom_id holds 100 characters with our prefix).
 */
import type { AnswerAction } from "../../src/answer/answer.js";
import { contextQueryWord } from "../../src/answer/format.js";
import type { HardwareSpec, KvCacheType, Runtime } from "../../src/engine/types.js";
import { QUERY_LIMITS } from "../../src/query/limits.js";
import type { Defaults } from "./services.js";

const GIB = 2 ** 30;

/**
 * "2xrtx-4090+rtx-3090 +64gb ram" from a HardwareSpec. Built by concatenation, not arrays and
 * joins: every answer builds several follow-up queries (issue 8, garbage per answer).
 */
export function hardwareWords(hw: HardwareSpec): string {
	let devices = "";
	for (const g of hw.devices) {
		const word = g.count > 1 ? `${g.count}x${g.device.id}` : g.device.id;
		devices = devices === "" ? word : `${devices}+${word}`;
	}
	if (hw.systemMemoryBytes === null) return devices;
	const ram = `+${Math.round(hw.systemMemoryBytes / GIB)}gb ram`;
	return devices === "" ? ram : `${devices} ${ram}`;
}

export interface QueryParts {
	command: string;
	model?: string | null;
	quant?: string | null;
	hardware?: HardwareSpec | null;
	contextTokens?: number | null;
	kvCacheType?: KvCacheType | null;
	runtime?: Runtime | null;
	extra?: string[];
}

/**
 * Build a query string; words equal to the defaults are left out to keep it short. The words are
 * joined with single spaces as they are added (the same string as an array joined with " ").
 */
export function buildQuery(parts: QueryParts, defaults: Defaults): string {
	let query = parts.command;
	if (parts.model) query += ` ${parts.model}`;
	if (parts.quant) query += ` ${parts.quant.toLowerCase()}`;
	if (parts.hardware) query += ` ${hardwareWords(parts.hardware)}`;
	if (parts.contextTokens && parts.contextTokens !== defaults.contextTokens) query += ` ${contextQueryWord(parts.contextTokens)}`;
	if (parts.kvCacheType && parts.kvCacheType !== defaults.kvCacheType) query += ` kv=${parts.kvCacheType}`;
	if (parts.runtime && parts.runtime !== defaults.runtime) query += ` ${parts.runtime}`;
	if (parts.extra) for (const word of parts.extra) query += ` ${word}`;
	return query;
}

/** An action, or null when its query would not fit the platform limit. */
export function action(label: string, query: string, intent?: AnswerAction["intent"]): AnswerAction | null {
	if (query.length > QUERY_LIMITS.maxActionQueryChars) return null;
	return intent === undefined ? { label: label.slice(0, 80), query } : { label: label.slice(0, 80), query, intent };
}

export function pushAction(list: AnswerAction[], label: string, query: string, intent?: AnswerAction["intent"]): void {
	const a = action(label, query, intent);
	if (a !== null && !list.some((x) => x.query === a.query)) list.push(a);
}
