/**
 * Engine defaults and input bounds (DESIGN.md §2: "Defaults: quant Q4_K_M, context 4096 tokens, KV f16,
 * runtime llama.cpp (flash attention on where the backend supports it, ubatch 512, one sequence)").
 * The CLI and the query parser validate against the same LIMITS.
 */
export const ENGINE_DEFAULTS = {
	quantId: "Q4_K_M",
	contextTokens: 4096,
	kvCacheType: "f16",
	runtime: "llama.cpp",
	ubatch: 512,
	flashAttention: "auto",
	parallel: 1,
} as const;

export const LIMITS = {
	/** 10M tokens: beyond any model's trained context (Llama 4 Scout's 10M is the largest published) */
	maxContextTokens: 10_485_760,
	minContextTokens: 1,
	/** devices in one request (e.g. 64× H100 across 8 nodes) */
	maxDevices: 64,
	/** parallel sequences */
	maxParallel: 1024,
	/** llama.cpp n_ubatch bounds (llama.cpp accepts 1…n_batch; 65536 is a generous upper bound) */
	minUbatch: 1,
	maxUbatch: 65_536,
	/** system RAM: 64 TiB */
	maxSystemMemoryBytes: 64 * 1024 ** 4,
} as const;
