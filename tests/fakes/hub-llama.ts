/**
 * Llama-style models the Hub tests serve from the fake Hub: the config.json of a Llama of a given
 * shape (the keys in the order Hugging Face writes them), and the tiny Llama — its shape (for
 * llamaTensors), its config.json, and the two files a safetensors repo of it holds. One definition,
 * so every test that counts its parameters or KV cache reads the same facts.
 */
import { llamaTensors, type SafetensorSpec, writeSafetensors } from "./hub-safetensors.js";

export interface LlamaShape {
	layers: number;
	hidden: number;
	heads: number;
	kvHeads: number;
	/** left out of config.json when not given (the reader then takes hidden / heads) */
	headDim?: number;
	ff: number;
	vocab: number;
	tied: boolean;
}

/** A LlamaForCausalLM config.json of this shape, bf16, reading `maxPositions` tokens. */
export function llamaConfig(shape: LlamaShape, maxPositions: number): Record<string, unknown> {
	return {
		architectures: ["LlamaForCausalLM"],
		model_type: "llama",
		num_hidden_layers: shape.layers,
		hidden_size: shape.hidden,
		num_attention_heads: shape.heads,
		num_key_value_heads: shape.kvHeads,
		...(shape.headDim === undefined ? {} : { head_dim: shape.headDim }),
		intermediate_size: shape.ff,
		vocab_size: shape.vocab,
		max_position_embeddings: maxPositions,
		torch_dtype: "bfloat16",
		tie_word_embeddings: shape.tied,
	};
}

// head_dim 32 on purpose: hidden_size / num_attention_heads would say 16
export const TINY_LLAMA = { layers: 3, hidden: 64, heads: 4, kvHeads: 2, headDim: 32, ff: 128, vocab: 256, tied: false } as const;

export const TINY_LLAMA_CONFIG = llamaConfig(TINY_LLAMA, 16384);

export const TINY_LLAMA_TENSORS: SafetensorSpec[] = llamaTensors(TINY_LLAMA);

/** config.json and model.safetensors of the tiny Llama, as a fake Hub repo's files. */
export function tinyLlamaFiles(): Record<string, Uint8Array | string> {
	return { "config.json": JSON.stringify(TINY_LLAMA_CONFIG), "model.safetensors": writeSafetensors(TINY_LLAMA_TENSORS) };
}
