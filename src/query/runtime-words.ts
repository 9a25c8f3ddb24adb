/**
 * Runtime names, KV cache types and llama.cpp knobs as query words. All lookups go through Maps
 * built from literals, never through object indexing with user text ("__proto__" is just a word).
 */
import type { SettingName } from "../answer/question.js";
import type { KvCacheType, Runtime } from "../engine/types.js";

/** Every way people name a runtime. LM Studio and llama-server run llama.cpp underneath. */
export const RUNTIME_WORDS: ReadonlyMap<string, Runtime> = new Map<string, Runtime>([
	["llama.cpp", "llama.cpp"],
	["llamacpp", "llama.cpp"],
	["llama-cpp", "llama.cpp"],
	["llama_cpp", "llama.cpp"],
	["llama-server", "llama.cpp"],
	["llama-cli", "llama.cpp"],
	["lmstudio", "llama.cpp"],
	["lm-studio", "llama.cpp"],
	["koboldcpp", "llama.cpp"],
	["ollama", "ollama"],
	["vllm", "vllm"],
	["mlx", "mlx"],
	["mlx-lm", "mlx"],
	["mlx_lm", "mlx"],
]);

/** KV cache types (llama.cpp --cache-type-k/v names; vLLM --kv-cache-dtype fp8). */
export const KV_WORDS: ReadonlyMap<string, KvCacheType> = new Map<string, KvCacheType>([
	["f32", "f32"],
	["fp32", "f32"],
	["f16", "f16"],
	["fp16", "f16"],
	// vLLM's --kv-cache-dtype default: the model's own 16-bit dtype (vllm/config/cache.py CacheDType "auto")
	["auto", "f16"],
	["bf16", "bf16"],
	["q8_0", "q8_0"],
	["q8", "q8_0"],
	["q5_1", "q5_1"],
	["q5_0", "q5_0"],
	["q4_1", "q4_1"],
	["q4_0", "q4_0"],
	["q4", "q4_0"],
	["iq4_nl", "iq4_nl"],
	["fp8", "fp8"],
	["fp8_e4m3", "fp8"],
	["fp8_e5m2", "fp8"],
]);

/** Flash attention switch values (llama.cpp -fa on|off|auto). */
export const FLASH_WORDS: ReadonlyMap<string, "auto" | "on" | "off"> = new Map<string, "auto" | "on" | "off">([
	["on", "on"],
	["1", "on"],
	["true", "on"],
	["yes", "on"],
	["enabled", "on"],
	["off", "off"],
	["0", "off"],
	["false", "off"],
	["no", "off"],
	["disabled", "off"],
	["auto", "auto"],
]);

/** Keys of key=value words and flags: every named setting of a Question but the use (src/answer/question.ts). */
export type KnobKey = Exclude<SettingName, "use">;

export const KEY_WORDS: ReadonlyMap<string, KnobKey> = new Map<string, KnobKey>([
	["ctx", "ctx"],
	["context", "ctx"],
	["c", "ctx"],
	["n_ctx", "ctx"],
	["num_ctx", "ctx"],
	["ctx-size", "ctx"],
	["ctx_size", "ctx"],
	["kv", "kv"],
	["kv-cache", "kv"],
	["kv_cache", "kv"],
	["cache-type", "kv"],
	["ctk", "kv"],
	["ubatch", "ubatch"],
	["ub", "ubatch"],
	["n_ubatch", "ubatch"],
	["ubatch-size", "ubatch"],
	["fa", "fa"],
	["flash-attn", "fa"],
	["flash_attn", "fa"],
	["flash", "fa"],
	["parallel", "parallel"],
	["np", "parallel"],
	["n_parallel", "parallel"],
	["runtime", "runtime"],
	["engine", "runtime"],
	["backend", "runtime"],
	["quant", "quant"],
	["q", "quant"],
	["quantization", "quant"],
	["model", "model"],
	["m", "model"],
	["hardware", "hardware"],
	["hw", "hardware"],
	["gpu", "hardware"],
	["ram", "ram"],
	// vLLM engine arguments as people paste them (EngineArgs names, with _ or -)
	["gpu_memory_utilization", "gpuUtil"],
	["gpu-memory-utilization", "gpuUtil"],
	["max_num_batched_tokens", "maxBatched"],
	["max-num-batched-tokens", "maxBatched"],
	["max_num_seqs", "maxSeqs"],
	["max-num-seqs", "maxSeqs"],
	["max_model_len", "ctx"],
	["max-model-len", "ctx"],
	["kv_cache_dtype", "kv"],
	["kv-cache-dtype", "kv"],
]);

/** Command-line flags (DESIGN §2) and the knob each sets. */
export const FLAG_WORDS: ReadonlyMap<string, KnobKey> = new Map<string, KnobKey>([
	["--model", "model"],
	["--quant", "quant"],
	["--hardware", "hardware"],
	["--ctx", "ctx"],
	["--context", "ctx"],
	["--kv", "kv"],
	["--runtime", "runtime"],
	["--ram", "ram"],
	["--ubatch", "ubatch"],
	["--flash-attn", "fa"],
	["--fa", "fa"],
	["--parallel", "parallel"],
	["--gpu-memory-utilization", "gpuUtil"],
	["--max-num-batched-tokens", "maxBatched"],
	["--max-num-seqs", "maxSeqs"],
	["--max-model-len", "ctx"],
]);
