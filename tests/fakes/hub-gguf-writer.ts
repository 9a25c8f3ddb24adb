/**
 * A minimal GGUF v3 writer for tests, from the format spec (ggml-org/ggml docs/gguf.md):
 * "GGUF" magic, version, tensor count (u64), KV count (u64), KV pairs (string key, u32 value type,
 * value), tensor infos (name, n_dims, dims as u64, ggml type, offset into the data section), then
 * padding to `general.alignment` (32) and the tensor data, each tensor aligned too.
 */

/** gguf.md `enum gguf_metadata_value_type` */
export const GGUF_TYPE = {
	UINT8: 0,
	INT8: 1,
	UINT16: 2,
	INT16: 3,
	UINT32: 4,
	INT32: 5,
	FLOAT32: 6,
	BOOL: 7,
	STRING: 8,
	ARRAY: 9,
	UINT64: 10,
	INT64: 11,
	FLOAT64: 12,
} as const;

export type GgufKv =
	| { type: "u32"; value: number }
	| { type: "i32"; value: number }
	| { type: "f32"; value: number }
	| { type: "u64"; value: bigint }
	| { type: "bool"; value: boolean }
	| { type: "string"; value: string }
	| { type: "u32[]"; value: number[] }
	| { type: "i32[]"; value: number[] }
	| { type: "string[]"; value: string[] };

export interface GgufTensorSpec {
	name: string;
	/** ggml type id (ggml.h enum ggml_type): 0 f32, 1 f16, 8 q8_0, 12 q4_K, 14 q6_K … */
	type: number;
	/** ne0 first, as ggml stores it */
	shape: number[];
}

/** ggml.c type_traits (block size, bytes per block) for the types the tests write. */
const BLOCKS: Record<number, [number, number]> = {
	0: [1, 4],
	1: [1, 2],
	8: [32, 34],
	12: [256, 144],
	14: [256, 210],
	30: [1, 2],
};

export function tensorBytes(t: GgufTensorSpec): number {
	const block = BLOCKS[t.type];
	if (!block) throw new Error(`test writer: no block size for ggml type ${t.type}`);
	const [ne0 = 1, ...rest] = t.shape;
	return (ne0 / block[0]) * block[1] * rest.reduce((a, b) => a * b, 1);
}

class Writer {
	private parts: Buffer[] = [];
	length = 0;
	push(buf: Buffer): void {
		this.parts.push(buf);
		this.length += buf.byteLength;
	}
	u32(n: number): void {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(n);
		this.push(b);
	}
	i32(n: number): void {
		const b = Buffer.alloc(4);
		b.writeInt32LE(n);
		this.push(b);
	}
	f32(n: number): void {
		const b = Buffer.alloc(4);
		b.writeFloatLE(n);
		this.push(b);
	}
	u64(n: bigint): void {
		const b = Buffer.alloc(8);
		b.writeBigUInt64LE(n);
		this.push(b);
	}
	str(s: string): void {
		const bytes = Buffer.from(s, "utf8");
		this.u64(BigInt(bytes.byteLength));
		this.push(bytes);
	}
	pad(alignment: number): void {
		const rem = this.length % alignment;
		if (rem !== 0) this.push(Buffer.alloc(alignment - rem));
	}
	buffer(): Buffer {
		return Buffer.concat(this.parts);
	}
}

function writeKv(w: Writer, kv: GgufKv): void {
	switch (kv.type) {
		case "u32":
			w.u32(GGUF_TYPE.UINT32);
			w.u32(kv.value);
			return;
		case "i32":
			w.u32(GGUF_TYPE.INT32);
			w.i32(kv.value);
			return;
		case "f32":
			w.u32(GGUF_TYPE.FLOAT32);
			w.f32(kv.value);
			return;
		case "u64":
			w.u32(GGUF_TYPE.UINT64);
			w.u64(kv.value);
			return;
		case "bool":
			w.u32(GGUF_TYPE.BOOL);
			w.push(Buffer.from([kv.value ? 1 : 0]));
			return;
		case "string":
			w.u32(GGUF_TYPE.STRING);
			w.str(kv.value);
			return;
		case "u32[]":
		case "i32[]":
			w.u32(GGUF_TYPE.ARRAY);
			w.u32(kv.type === "u32[]" ? GGUF_TYPE.UINT32 : GGUF_TYPE.INT32);
			w.u64(BigInt(kv.value.length));
			for (const v of kv.value) kv.type === "u32[]" ? w.u32(v) : w.i32(v);
			return;
		case "string[]":
			w.u32(GGUF_TYPE.ARRAY);
			w.u32(GGUF_TYPE.STRING);
			w.u64(BigInt(kv.value.length));
			for (const v of kv.value) w.str(v);
			return;
	}
}

export const GGUF_ALIGNMENT = 32;

/** Writes a complete GGUF file (tensor data zero-filled) and returns its bytes. */
export function writeGguf(metadata: Record<string, GgufKv>, tensors: GgufTensorSpec[]): Buffer {
	const w = new Writer();
	w.push(Buffer.from("GGUF", "ascii"));
	w.u32(3);
	w.u64(BigInt(tensors.length));
	w.u64(BigInt(Object.keys(metadata).length));
	for (const [key, kv] of Object.entries(metadata)) {
		w.str(key);
		writeKv(w, kv);
	}
	let offset = 0;
	const sizes: number[] = [];
	for (const t of tensors) {
		w.str(t.name);
		w.u32(t.shape.length);
		for (const d of t.shape) w.u64(BigInt(d));
		w.u32(t.type);
		w.u64(BigInt(offset));
		const size = tensorBytes(t);
		sizes.push(size);
		offset += Math.ceil(size / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
	}
	w.pad(GGUF_ALIGNMENT);
	for (const size of sizes) {
		w.push(Buffer.alloc(size));
		w.pad(GGUF_ALIGNMENT);
	}
	return w.buffer();
}

/** A small llama-architecture GGUF with a Q4_K_M-style mix: q4_K bulk, q6_K output and attn_v, f32 norms. */
export function tinyLlamaGguf(
	opts: { layers?: number; hidden?: number; heads?: number; kvHeads?: number; headDim?: number; ff?: number; vocab?: number; fileType?: number } = {},
): {
	bytes: Buffer;
	tensors: GgufTensorSpec[];
} {
	const layers = opts.layers ?? 2;
	const hidden = opts.hidden ?? 256;
	const heads = opts.heads ?? 4;
	const kvHeads = opts.kvHeads ?? 2;
	const headDim = opts.headDim ?? 64;
	const ff = opts.ff ?? 512;
	const vocab = opts.vocab ?? 320;
	const tensors: GgufTensorSpec[] = [
		{ name: "token_embd.weight", type: 12, shape: [hidden, vocab] },
		{ name: "output_norm.weight", type: 0, shape: [hidden] },
		{ name: "output.weight", type: 14, shape: [hidden, vocab] },
	];
	for (let i = 0; i < layers; i++) {
		tensors.push(
			{ name: `blk.${i}.attn_norm.weight`, type: 0, shape: [hidden] },
			{ name: `blk.${i}.attn_q.weight`, type: 12, shape: [hidden, heads * headDim] },
			{ name: `blk.${i}.attn_k.weight`, type: 12, shape: [hidden, kvHeads * headDim] },
			{ name: `blk.${i}.attn_v.weight`, type: 14, shape: [hidden, kvHeads * headDim] },
			{ name: `blk.${i}.attn_output.weight`, type: 12, shape: [heads * headDim, hidden] },
			{ name: `blk.${i}.ffn_norm.weight`, type: 0, shape: [hidden] },
			{ name: `blk.${i}.ffn_gate.weight`, type: 12, shape: [hidden, ff] },
			{ name: `blk.${i}.ffn_up.weight`, type: 12, shape: [hidden, ff] },
			{ name: `blk.${i}.ffn_down.weight`, type: 14, shape: [ff, hidden] },
		);
	}
	const metadata: Record<string, GgufKv> = {
		"general.architecture": { type: "string", value: "llama" },
		"general.name": { type: "string", value: "Tiny Llama Test" },
		"general.file_type": { type: "u32", value: opts.fileType ?? 15 },
		"general.license": { type: "string", value: "apache-2.0" },
		"llama.block_count": { type: "u32", value: layers },
		"llama.context_length": { type: "u32", value: 8192 },
		"llama.embedding_length": { type: "u32", value: hidden },
		"llama.feed_forward_length": { type: "u32", value: ff },
		"llama.attention.head_count": { type: "u32", value: heads },
		"llama.attention.head_count_kv": { type: "u32", value: kvHeads },
		"llama.attention.key_length": { type: "u32", value: headDim },
		"llama.attention.value_length": { type: "u32", value: headDim },
		"llama.rope.freq_base": { type: "f32", value: 500000 },
		"tokenizer.ggml.model": { type: "string", value: "gpt2" },
		"tokenizer.ggml.tokens": { type: "string[]", value: Array.from({ length: vocab }, (_, i) => `t${i}`) },
	};
	return { bytes: writeGguf(metadata, tensors), tensors };
}
