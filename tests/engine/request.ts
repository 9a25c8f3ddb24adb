/**
 * An engine request with the engine's defaults (ENGINE_DEFAULTS) for the fields a test leaves out: one
 * place for the request's shape, which the engine tests build by the hundred.
 */
import { ggufQuant } from "../../bench/accuracy/evaluate.js";
import type { Model } from "../../src/catalog/schema.js";
import { ENGINE_DEFAULTS } from "../../src/engine/index.js";
import type { EstimateRequest } from "../../src/engine/index.js";

export function engineRequest(model: Model, over: Partial<Omit<EstimateRequest, "model">> & { quantId?: string } = {}): EstimateRequest {
	const { quantId = ENGINE_DEFAULTS.quantId, ...rest } = over;
	return {
		model,
		quant: ggufQuant(quantId),
		contextTokens: ENGINE_DEFAULTS.contextTokens,
		kvCacheType: ENGINE_DEFAULTS.kvCacheType,
		runtime: ENGINE_DEFAULTS.runtime,
		hardware: null,
		ubatch: ENGINE_DEFAULTS.ubatch,
		flashAttention: ENGINE_DEFAULTS.flashAttention,
		parallel: ENGINE_DEFAULTS.parallel,
		...rest,
	};
}
