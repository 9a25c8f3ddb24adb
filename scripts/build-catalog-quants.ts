/**
 * Quantization formats. GGUF block sizes are ggml's (type_size / block_size, the static_asserts in
 * ggml-common.h, mirrored by gguf-parser-go's ggml.go trait table; see ../shared/ENGINE.md §3.4).
 * measuredBitsPerWeight and pplDelta are llama.cpp tools/quantize/README.md (Llama-3.1-8B) and
 * tools/quantize/quantize.cpp QUANT_OPTIONS ("+ppl @ Llama-3-8B").
 */
import type { Quant } from "../src/catalog/schema.js";

const GGML_TRAITS = "ggml-org/llama.cpp:ggml/src/ggml-common.h block structs (via gguf-parser-go ggml.go trait table, ../shared/ENGINE.md §3.4)";
const QUANTIZE_README = "ggml-org/llama.cpp:tools/quantize/README.md (Llama-3.1-8B bits/weight table, ../shared/ENGINE.md §3.4)";
const QUANTIZE_CPP = "ggml-org/llama.cpp:tools/quantize/quantize.cpp QUANT_OPTIONS (+ppl @ Llama-3-8B)";
const LLAMA_QUANT = "ggml-org/llama.cpp:src/llama-quant.cpp (default ggml type of each file type)";
const LLAMA_RUNTIMES: Quant["runtimes"] = ["llama.cpp", "ollama"];

interface GgufSpec {
	id: string;
	name: string;
	aliases: string[];
	ggmlType: string;
	bpw: number;
	measured: number | null;
	ppl: number | null;
	quality: string;
}

const GGUF: GgufSpec[] = [
	{ id: "F32", name: "F32 (GGUF)", aliases: ["fp32", "float32", "f32"], ggmlType: "f32", bpw: 32, measured: null, ppl: null, quality: "Full precision; twice the size of F16 for no quality gain." },
	{ id: "F16", name: "F16 (GGUF)", aliases: ["fp16", "float16", "half", "f16", "16bit", "16-bit"], ggmlType: "f16", bpw: 16, measured: 16.0005, ppl: 0.002, quality: "Unquantized half precision: reference quality (+0.002 ppl @ Mistral-7B)." },
	{ id: "BF16", name: "BF16 (GGUF)", aliases: ["bfloat16", "bf16"], ggmlType: "bf16", bpw: 16, measured: null, ppl: -0.005, quality: "Unquantized bfloat16, the native dtype of most checkpoints: reference quality." },
	{ id: "Q8_0", name: "Q8_0", aliases: ["q8", "8bit", "8-bit", "int8 gguf", "q80"], ggmlType: "q8_0", bpw: 8.5, measured: 8.5008, ppl: 0.003, quality: "Practically lossless (+0.003 ppl)." },
	{ id: "Q6_K", name: "Q6_K", aliases: ["q6", "6bit", "q6k"], ggmlType: "q6_K", bpw: 6.5625, measured: 6.5633, ppl: 0.022, quality: "Near-lossless (+0.022 ppl)." },
	{ id: "Q5_K_M", name: "Q5_K_M", aliases: ["q5km", "q5_k", "q5", "5bit"], ggmlType: "q5_K", bpw: 5.5, measured: 5.7036, ppl: 0.057, quality: "Very low loss (+0.057 ppl); a good choice when it fits." },
	{ id: "Q5_K_S", name: "Q5_K_S", aliases: ["q5ks"], ggmlType: "q5_K", bpw: 5.5, measured: 5.5704, ppl: 0.105, quality: "Low loss (+0.105 ppl)." },
	{ id: "Q5_1", name: "Q5_1", aliases: ["q51"], ggmlType: "q5_1", bpw: 6, measured: null, ppl: 0.1062, quality: "Legacy 5-bit with offset (+0.106 ppl); Q5_K_M is smaller and better." },
	{ id: "Q5_0", name: "Q5_0", aliases: ["q50"], ggmlType: "q5_0", bpw: 5.5, measured: null, ppl: 0.1316, quality: "Legacy 5-bit (+0.132 ppl)." },
	{ id: "Q4_K_M", name: "Q4_K_M", aliases: ["q4km", "q4_k", "q4", "4bit", "4-bit", "int4 gguf"], ggmlType: "q4_K", bpw: 4.5, measured: 4.8944, ppl: 0.175, quality: "The usual default: small loss (+0.175 ppl) for ~30 % of F16's size." },
	{ id: "Q4_K_S", name: "Q4_K_S", aliases: ["q4ks"], ggmlType: "q4_K", bpw: 4.5, measured: 4.6672, ppl: 0.27, quality: "Slightly smaller than Q4_K_M, a bit more loss (+0.27 ppl)." },
	{ id: "Q4_1", name: "Q4_1", aliases: ["q41"], ggmlType: "q4_1", bpw: 5, measured: null, ppl: 0.4511, quality: "Legacy 4-bit with offset (+0.45 ppl)." },
	{ id: "Q4_0", name: "Q4_0", aliases: ["q40"], ggmlType: "q4_0", bpw: 4.5, measured: null, ppl: 0.4685, quality: "Legacy 4-bit (+0.47 ppl); fast on ARM/CPU repacking paths." },
	{ id: "IQ4_XS", name: "IQ4_XS", aliases: ["iq4xs"], ggmlType: "iq4_xs", bpw: 4.25, measured: 4.4597, ppl: null, quality: "Importance-matrix 4-bit: close to Q4_K_M quality, ~9 % smaller." },
	{ id: "IQ4_NL", name: "IQ4_NL", aliases: ["iq4nl"], ggmlType: "iq4_nl", bpw: 4.5, measured: 4.6818, ppl: null, quality: "Non-linear 4-bit with 32-weight blocks; similar to Q4_K_S." },
	{ id: "Q3_K_L", name: "Q3_K_L", aliases: ["q3kl"], ggmlType: "q3_K", bpw: 3.4375, measured: 4.2979, ppl: 0.5562, quality: "Noticeable loss (+0.56 ppl); for when Q4 does not fit." },
	{ id: "Q3_K_M", name: "Q3_K_M", aliases: ["q3km", "q3", "3bit", "q3_k"], ggmlType: "q3_K", bpw: 3.4375, measured: null, ppl: 0.6569, quality: "Noticeable loss (+0.66 ppl)." },
	{ id: "Q3_K_S", name: "Q3_K_S", aliases: ["q3ks"], ggmlType: "q3_K", bpw: 3.4375, measured: 3.6429, ppl: 1.6321, quality: "Large loss (+1.63 ppl); prefer IQ3_S/IQ3_M at this size." },
	{ id: "IQ3_M", name: "IQ3_M", aliases: ["iq3m"], ggmlType: "iq3_s", bpw: 3.4375, measured: 3.7628, ppl: null, quality: "Best 3-bit GGUF (imatrix); clearly below Q4 quality." },
	{ id: "IQ3_S", name: "IQ3_S", aliases: ["iq3s"], ggmlType: "iq3_s", bpw: 3.4375, measured: 3.6606, ppl: null, quality: "3.44-bit imatrix quant; better than Q3_K_S at the same size." },
	{ id: "IQ3_XS", name: "IQ3_XS", aliases: ["iq3xs"], ggmlType: "iq3_s", bpw: 3.4375, measured: 3.4977, ppl: null, quality: "3.3-bit imatrix quant; visible loss." },
	{ id: "IQ3_XXS", name: "IQ3_XXS", aliases: ["iq3xxs"], ggmlType: "iq3_xxs", bpw: 3.0625, measured: 3.2548, ppl: null, quality: "3.06-bit imatrix quant; visible loss, usable for large models." },
	{ id: "Q2_K", name: "Q2_K", aliases: ["q2", "2bit", "q2k"], ggmlType: "q2_K", bpw: 2.625, measured: 3.1593, ppl: 3.5199, quality: "Heavy loss (+3.52 ppl on an 8B); only for very large models." },
	{ id: "Q2_K_S", name: "Q2_K_S", aliases: ["q2ks"], ggmlType: "q2_K", bpw: 2.625, measured: 2.9697, ppl: 3.1836, quality: "Heavy loss (+3.18 ppl on an 8B)." },
	{ id: "IQ2_M", name: "IQ2_M", aliases: ["iq2m"], ggmlType: "iq2_s", bpw: 2.5625, measured: 2.9294, ppl: null, quality: "2.7-bit imatrix quant: heavy loss, usable on 70B+ models." },
	{ id: "IQ2_S", name: "IQ2_S", aliases: ["iq2s"], ggmlType: "iq2_xs", bpw: 2.3125, measured: 2.7403, ppl: null, quality: "2.5-bit imatrix quant: heavy loss." },
	{ id: "IQ2_XS", name: "IQ2_XS", aliases: ["iq2xs"], ggmlType: "iq2_xs", bpw: 2.3125, measured: 2.5882, ppl: null, quality: "2.31-bit imatrix quant: heavy loss." },
	{ id: "IQ2_XXS", name: "IQ2_XXS", aliases: ["iq2xxs"], ggmlType: "iq2_xxs", bpw: 2.0625, measured: 2.3824, ppl: null, quality: "2.06-bit imatrix quant: very heavy loss; for huge MoE models only." },
	{ id: "IQ1_M", name: "IQ1_M", aliases: ["iq1m"], ggmlType: "iq1_m", bpw: 1.75, measured: 2.146, ppl: null, quality: "1.75-bit: severe loss; only giant MoE models stay coherent." },
	{ id: "IQ1_S", name: "IQ1_S", aliases: ["iq1s", "1bit"], ggmlType: "iq1_s", bpw: 1.5625, measured: 2.0042, ppl: null, quality: "1.56-bit: severe loss; only giant MoE models (DeepSeek R1 dynamic quants) stay coherent." },
	{ id: "TQ1_0", name: "TQ1_0", aliases: ["tq10", "ternary"], ggmlType: "tq1_0", bpw: 1.6875, measured: null, ppl: null, quality: "Ternary 1.69-bit for models trained ternary (BitNet b1.58); destroys ordinary models." },
	{ id: "TQ2_0", name: "TQ2_0", aliases: ["tq20"], ggmlType: "tq2_0", bpw: 2.0625, measured: null, ppl: null, quality: "Ternary 2.06-bit for models trained ternary (BitNet b1.58); faster than TQ1_0." },
	{ id: "MXFP4", name: "MXFP4 (MXFP4_MOE)", aliases: ["mxfp4_moe", "mxfp4"], ggmlType: "mxfp4", bpw: 4.25, measured: null, ppl: null, quality: "OCP microscaling FP4 (32 FP4 values + one E8M0 scale); gpt-oss ships its experts this way, so it is lossless for gpt-oss." },
];

function gguf(s: GgufSpec): Quant {
	return {
		id: s.id,
		name: s.name,
		format: "gguf",
		aliases: s.aliases,
		bitsPerWeight: s.bpw,
		ggmlType: s.ggmlType,
		runtimes: LLAMA_RUNTIMES,
		pplDelta: s.ppl,
		measuredBitsPerWeight: s.measured,
		quality: s.quality,
		source: [GGML_TRAITS, ...(s.measured !== null ? [QUANTIZE_README] : []), ...(s.ppl !== null ? [QUANTIZE_CPP] : []), LLAMA_QUANT],
	};
}

/** GPTQ/AWQ: int weights + one fp16 scale and one packed int zero point per group of 128 (AutoGPTQ/AutoAWQ default group_size 128). */
const GROUP128 = (bits: number): number => bits + (16 + bits) / 128;
/** MLX affine quantization: one fp16 scale and one fp16 bias per group of 64 (mlx.core.quantize default group_size 64). */
const MLX = (bits: number): number => bits + 32 / 64;
const MLX_SRC = "ml-explore/mlx: mlx.core.quantize (default group_size 64; fp16 scale and bias per group)";
const GPTQ_SRC = "AutoGPTQ / GPTQModel quantize_config defaults (group_size 128, fp16 scales, packed int zeros)";
const AWQ_SRC = "casper-hansen/AutoAWQ quant_config defaults (w_bit 4, q_group_size 128, zero_point true, fp16 scales)";
const EXL_SRC = "turboderp/exllamav2 (EXL2: any average bits per weight, 2.0–8.0, chosen at conversion); turboderp/exllamav3 (EXL3)";

/**
 * Native INT4 release (Kimi K2 Thinking, K2.5, K2.6): compressed-tensors pack-quantized, routed experts only,
 * int4 symmetric with one bf16 scale per group of 32 (no zero point) = 4 + 16/32 bits; attention, shared
 * experts, dense MLPs, embeddings and head stay bf16 (the config's ignore list). src/engine/weights.ts sizes it.
 */
const NATIVE_INT4_SRC =
	"moonshotai/Kimi-K2.5 config.json quantization_config (vendored: catalog/sources/models/configs/moonshotai--Kimi-K2.5.json): compressed-tensors, format pack-quantized, weights num_bits 4, type int, symmetric, strategy group, group_size 32, targets Linear, ignore lm_head, self_attn, shared_experts and the dense mlp projections";

/**
 * DeepSeek V4's release: routed experts FP4 e2m1 with a ue8m0 scale per 32 (4 + 8/32 bits), the other
 * linear weights FP8 with 128 × 128 block scales (src/engine/nativeRelease.ts sizes it tensor by tensor).
 */
const NATIVE_FP4_SRC =
	"deepseek-ai/DeepSeek-V4-Flash config.json (vendored: catalog/sources/models/configs/deepseek-ai--DeepSeek-V4-Flash.json): expert_dtype fp4, quantization_config fp8 e4m3 with weight_block_size [128, 128] and scale_fmt ue8m0; the reference inference/model.py Expert dtype float4_e2m1fn_x2 with an fp4 block of 32";

export const OTHER_QUANTS: Quant[] = [
	{ id: "FP8", name: "FP8 (E4M3, safetensors)", format: "safetensors", aliases: ["fp8", "float8", "e4m3", "fp8 dynamic", "w8a8 fp8"], bitsPerWeight: 8, ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "Near-lossless on Hopper/Ada/Blackwell; DeepSeek V3/R1 and MiniMax M2 ship natively in FP8 (scales add well under 1 %).", source: ["vLLM docs: FP8 W8A8 (quantization/fp8)", "deepseek-ai/DeepSeek-V3 config.json quantization_config (fp8 e4m3, 128×128 block scales)"] },
	{ id: "BF16-SAFETENSORS", name: "BF16 safetensors (unquantized)", format: "safetensors", aliases: ["safetensors", "hf bf16", "bf16 safetensors", "unquantized"], bitsPerWeight: 16, ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "The original checkpoint: reference quality.", source: ["Hugging Face safetensors format (2 bytes per bf16 weight)"] },
	{ id: "GPTQ-INT4", name: "GPTQ int4 (group 128)", format: "safetensors", aliases: ["gptq", "gptq int4", "gptq-4bit", "gptq 4bit", "int4", "w4a16"], bitsPerWeight: GROUP128(4), ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "4-bit with error-compensating rounding; roughly Q4_K_M quality, fast Marlin kernels in vLLM.", source: [GPTQ_SRC] },
	{ id: "GPTQ-INT8", name: "GPTQ int8 (group 128)", format: "safetensors", aliases: ["gptq int8", "gptq-8bit", "gptq 8bit", "int8", "w8a16"], bitsPerWeight: GROUP128(8), ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "8-bit: practically lossless.", source: [GPTQ_SRC] },
	{ id: "AWQ-INT4", name: "AWQ int4 (group 128)", format: "safetensors", aliases: ["awq", "awq int4", "awq-4bit", "awq 4bit"], bitsPerWeight: GROUP128(4), ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "Activation-aware 4-bit; similar to GPTQ int4. (AWQ is a 4-bit method; for 8-bit use GPTQ int8 or FP8.)", source: [AWQ_SRC] },
	{ id: "NATIVE-INT4", name: "Native INT4 (QAT, compressed-tensors, group 32, routed experts)", format: "safetensors", aliases: ["native int4", "int4 native", "native-int4", "int4 qat", "qat int4", "int4-qat", "compressed-tensors int4", "compressed tensors int4", "int4 g32", "w4a16 g32"], bitsPerWeight: 4 + 16 / 32, ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "The release format of models trained for it (quantization-aware training): their reference quality; only the routed experts are 4-bit, the rest stays BF16.", source: [NATIVE_INT4_SRC, "Kimi K2 Thinking model card: 'a native INT4 quantization model … Quantization-Aware Training (QAT) is employed in post-training stage' (copy at huggingface.co/unsloth/Kimi-K2-Thinking-GGUF)"] },
	{ id: "NATIVE-FP4", name: "Native FP4 experts + FP8 (DeepSeek V4 release)", format: "safetensors", aliases: ["native fp4", "fp4 native", "native-fp4", "fp4 experts", "fp4 fp8", "fp4+fp8"], bitsPerWeight: 4 + 8 / 32, ggmlType: null, runtimes: ["vllm"], pplDelta: null, quality: "The release format of DeepSeek V4 (routed experts FP4, the rest FP8): its reference quality.", source: [NATIVE_FP4_SRC] },
	{ id: "MLX-3BIT", name: "MLX 3-bit", format: "mlx", aliases: ["mlx 3bit", "mlx-3bit", "mlx3"], bitsPerWeight: MLX(3), ggmlType: null, runtimes: ["mlx"], pplDelta: null, quality: "Apple MLX 3-bit affine (group 64): visible loss.", source: [MLX_SRC] },
	{ id: "MLX-4BIT", name: "MLX 4-bit", format: "mlx", aliases: ["mlx 4bit", "mlx-4bit", "mlx4", "mlx"], bitsPerWeight: MLX(4), ggmlType: null, runtimes: ["mlx"], pplDelta: null, quality: "Apple MLX 4-bit affine (group 64): the usual MLX default, close to Q4_K_M.", source: [MLX_SRC] },
	{ id: "MLX-6BIT", name: "MLX 6-bit", format: "mlx", aliases: ["mlx 6bit", "mlx-6bit", "mlx6"], bitsPerWeight: MLX(6), ggmlType: null, runtimes: ["mlx"], pplDelta: null, quality: "Apple MLX 6-bit: near-lossless.", source: [MLX_SRC] },
	{ id: "MLX-8BIT", name: "MLX 8-bit", format: "mlx", aliases: ["mlx 8bit", "mlx-8bit", "mlx8"], bitsPerWeight: MLX(8), ggmlType: null, runtimes: ["mlx"], pplDelta: null, quality: "Apple MLX 8-bit: practically lossless.", source: [MLX_SRC] },
	...[3, 4, 5, 6, 8].map(
		(b): Quant => ({ id: `EXL2-${b.toFixed(1)}`, name: `EXL2 ${b.toFixed(1)} bpw`, format: "exl2", aliases: [`exl2 ${b}bpw`, `exl2 ${b.toFixed(1)}bpw`, ...(b === 4 ? ["exl2"] : [])], bitsPerWeight: b, ggmlType: null, runtimes: ["exllama"], pplDelta: null, quality: `ExLlamaV2 at ${b.toFixed(1)} bits per weight (mixed per-layer precision); any value from 2 to 8 can be asked for.`, source: [EXL_SRC] }),
	),
	...[3, 4, 5, 6, 8].map(
		(b): Quant => ({ id: `EXL3-${b.toFixed(1)}`, name: `EXL3 ${b.toFixed(1)} bpw`, format: "exl3", aliases: [`exl3 ${b}bpw`, `exl3 ${b.toFixed(1)}bpw`, ...(b === 4 ? ["exl3"] : [])], bitsPerWeight: b, ggmlType: null, runtimes: ["exllama"], pplDelta: null, quality: `ExLlamaV3 (QTIP trellis) at ${b.toFixed(1)} bits per weight; any value from 1 to 8 can be asked for.`, source: [EXL_SRC] }),
	),
];

export function buildQuants(): Quant[] {
	return [...GGUF.map(gguf), ...OTHER_QUANTS];
}
