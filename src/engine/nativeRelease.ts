/**
 * Checkpoints released in a mixed low-bit format are a quantization of their own: the format exists only
 * for the models shipped that way, and its bytes follow the release's own quantization_config, not a
 * uniform bits-per-weight.
 * - NATIVE-INT4 (nativeDtype "int4"; Kimi K2 Thinking, K2.5, K2.6): compressed-tensors pack-quantized int4,
 *   symmetric, one bf16 scale per 32 weights, on the routed experts only; lm_head, self_attn,
 *   shared_experts and the dense MLP stay bf16 (Kimi-K2.5 config.json quantization_config, vendored).
 * - NATIVE-FP4 (nativeDtype "fp4"; DeepSeek V4): routed experts in FP4 e2m1 with one ue8m0 (8-bit) scale per
 *   32 (config expert_dtype "fp4"; inference/model.py Expert dtype float4_e2m1fn_x2, fp4 block 32), the
 *   other linear weights FP8 e4m3 with a ue8m0 scale per 128 × 128 block (quantization_config fp8,
 *   weight_block_size [128, 128], scale_fmt ue8m0); embeddings, head, the compressors' wkv / wgate ("stored in
 *   bf16 in the checkpoint", model.py Compressor) and the small mixing vectors stay 16-bit.
 */
import type { Model } from "../catalog/schema.js";
import { EngineInputError } from "./errors.js";
import type { ModelTensor } from "./tensors.js";

/** nativeDtype → the catalog quant that is that release. */
const RELEASE_QUANTS: ReadonlyMap<string, string> = new Map([
	["int4", "NATIVE-INT4"],
	["fp4", "NATIVE-FP4"],
]);

/** The quant id of the model's own mixed low-bit release, or null when it has none. */
export function nativeReleaseQuantId(nativeDtype: string | undefined): string | null {
	return nativeDtype === undefined ? null : (RELEASE_QUANTS.get(nativeDtype) ?? null);
}

/** Whether the quant is one of the release-only formats. */
export function isNativeReleaseQuant(quantId: string): boolean {
	for (const id of RELEASE_QUANTS.values()) if (id === quantId) return true;
	return false;
}

const INT4_EXPERT_BITS = 4 + 16 / 32;
const FP4_EXPERT_BITS = 4 + 8 / 32;
const FP8_BLOCK_BITS = 8 + 8 / (128 * 128);

/** Bits per weight of one tensor of `model` in its release quant `quantId`; refuses a model not released that way. */
export function nativeReleaseBits(model: Model, quantId: string, t: ModelTensor): number {
	if (nativeReleaseQuantId(model.nativeDtype) !== quantId) {
		throw new EngineInputError(
			`${model.name} is not released as a ${quantId} checkpoint; ask for its own format${nativeReleaseQuantId(model.nativeDtype) !== null ? ` (${nativeReleaseQuantId(model.nativeDtype)})` : ""}, AWQ-INT4, GPTQ-INT4 or a GGUF such as Q4_K_M.`,
		);
	}
	if (model.nativeDtype === "int4") return t.group === "routedExperts" ? INT4_EXPERT_BITS : 16;
	if (t.group === "routedExperts") return FP4_EXPERT_BITS;
	const linear = t.shape.length >= 2 && t.group !== "norms" && t.group !== "embedding" && t.group !== "output" && !t.name.includes("compressor");
	return linear ? FP8_BLOCK_BITS : 16;
}
