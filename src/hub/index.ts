/**
 * Any model on the Hugging Face Hub (issue 9). The command layer calls `parseHubRef` (or
 * `findHubRef` on free text) when the catalog has no confident match, then `resolveHubModel`,
 * and hands `model` and `tensors` to the engine. Endpoint: HF_ENDPOINT (mirrors, tests), else
 * https://huggingface.co; HF_TOKEN is sent to that endpoint only and never logged.
 */
export { HubError, type HubErrorCode } from "./errors.js";
export { findHubRef, formatHubRef, type HubRef, parseHubRef } from "./ref.js";
export {
	clearHubCache,
	DEFAULT_HUB_ENDPOINT,
	HUB_CACHE_TTL_MS,
	HUB_NEGATIVE_TTL_MS,
	type HubModel,
	type ResolveHubOptions,
	resolveHubModel,
} from "./resolve.js";
