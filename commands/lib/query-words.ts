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

/** "2xrtx-4090+rtx-3090 +64gb ram" from a HardwareSpec. */
export function hardwareWords(hw: HardwareSpec): string {
	const devices = hw.devices.map((g) => (g.count > 1 ? `${g.count}x${g.device.id}` : g.device.id)).join("+");
	const ram = hw.systemMemoryBytes !== null ? `+${Math.round(hw.systemMemoryBytes / GIB)}gb ram` : "";
	return [devices, ram].filter((s) => s.length > 0).join(" ");
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

/** Build a query string; words equal to the defaults are left out to keep it short. */
export function buildQuery(parts: QueryParts, defaults: Defaults): string {
	const words: string[] = [parts.command];
	if (parts.model) words.push(parts.model);
	if (parts.quant) words.push(parts.quant.toLowerCase());
	if (parts.hardware) words.push(hardwareWords(parts.hardware));
	if (parts.contextTokens && parts.contextTokens !== defaults.contextTokens) words.push(contextQueryWord(parts.contextTokens));
	if (parts.kvCacheType && parts.kvCacheType !== defaults.kvCacheType) words.push(`kv=${parts.kvCacheType}`);
	if (parts.runtime && parts.runtime !== defaults.runtime) words.push(parts.runtime);
	if (parts.extra) words.push(...parts.extra);
	return words.join(" ");
}

/** An action, or null when its query would not fit the platform limit. */
export function action(label: string, query: string): AnswerAction | null {
	if (query.length > QUERY_LIMITS.maxActionQueryChars) return null;
	return { label: label.slice(0, 80), query };
}

export function pushAction(list: AnswerAction[], label: string, query: string): void {
	const a = action(label, query);
	if (a !== null && !list.some((x) => x.query === a.query)) list.push(a);
}
