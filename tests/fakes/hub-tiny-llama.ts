/**
 * The tiny Llama the Hub tests serve from the fake Hub: its shape (for llamaTensors), its
 * config.json, and the two files a safetensors repo of it holds. One definition, so every test
 * that counts its parameters or KV cache reads the same facts.
 */
import { llamaTensors, type SafetensorSpec, writeSafetensors } from "./hub-safetensors.js";

// head_dim 32 on purpose: hidden_size / num_attention_heads would say 16
export const TINY_LLAMA = { layers: 3, hidden: 64, heads: 4, kvHeads: 2, headDim: 32, ff: 128, vocab: 256, tied: false } as const;

export const TINY_LLAMA_CONFIG = {
	architectures: ["LlamaForCausalLM"],
	model_type: "llama",
	num_hidden_layers: TINY_LLAMA.layers,
	hidden_size: TINY_LLAMA.hidden,
	num_attention_heads: TINY_LLAMA.heads,
	num_key_value_heads: TINY_LLAMA.kvHeads,
	head_dim: TINY_LLAMA.headDim,
	intermediate_size: TINY_LLAMA.ff,
	vocab_size: TINY_LLAMA.vocab,
	max_position_embeddings: 16384,
	torch_dtype: "bfloat16",
	tie_word_embeddings: TINY_LLAMA.tied,
};

export const TINY_LLAMA_TENSORS: SafetensorSpec[] = llamaTensors(TINY_LLAMA);

/** config.json and model.safetensors of the tiny Llama, as a fake Hub repo's files. */
export function tinyLlamaFiles(): Record<string, Uint8Array | string> {
	return { "config.json": JSON.stringify(TINY_LLAMA_CONFIG), "model.safetensors": writeSafetensors(TINY_LLAMA_TENSORS) };
}
