/**
 * ggml tensor types: weights per block and bytes per block.
 *
 * Source: ggml/src/ggml-common.h `static_assert(sizeof(block_*) == …)` (ggml-org/llama.cpp), the same
 * table gguf-parser-go keeps in `ggml.go` and ../shared/ENGINE.md §3.4 reproduces. A row of `ne0`
 * elements takes `ne0 / blockSize × bytesPerBlock` bytes (ggml_row_size); ne0 must be a multiple of the
 * block size, which is why llama-quant.cpp falls back to another type when it is not (see quantMix.ts).
 */

export interface GgmlTypeInfo {
	/** weights per block */
	blockSize: number;
	/** bytes per block */
	blockBytes: number;
}

/** ggml type name (as ggml_type_name prints it) → block layout. */
export const GGML_TYPES = {
	f32: { blockSize: 1, blockBytes: 4 },
	f16: { blockSize: 1, blockBytes: 2 },
	bf16: { blockSize: 1, blockBytes: 2 },
	// Q8_0 = fp16 scale + 32 int8 = 34 bytes / 32 weights = 8.5 bpw (not 8.0)
	q8_0: { blockSize: 32, blockBytes: 34 },
	// Q4_0 = fp16 scale + 16 bytes of nibbles = 18 / 32 = 4.5 bpw (not 4.0)
	q4_0: { blockSize: 32, blockBytes: 18 },
	q4_1: { blockSize: 32, blockBytes: 20 },
	q5_0: { blockSize: 32, blockBytes: 22 },
	q5_1: { blockSize: 32, blockBytes: 24 },
	q2_K: { blockSize: 256, blockBytes: 84 },
	q3_K: { blockSize: 256, blockBytes: 110 },
	q4_K: { blockSize: 256, blockBytes: 144 },
	q5_K: { blockSize: 256, blockBytes: 176 },
	q6_K: { blockSize: 256, blockBytes: 210 },
	q8_K: { blockSize: 256, blockBytes: 292 },
	iq1_s: { blockSize: 256, blockBytes: 50 },
	iq1_m: { blockSize: 256, blockBytes: 56 },
	iq2_xxs: { blockSize: 256, blockBytes: 66 },
	iq2_xs: { blockSize: 256, blockBytes: 74 },
	iq2_s: { blockSize: 256, blockBytes: 82 },
	iq3_xxs: { blockSize: 256, blockBytes: 98 },
	iq3_s: { blockSize: 256, blockBytes: 110 },
	iq4_nl: { blockSize: 32, blockBytes: 18 },
	iq4_xs: { blockSize: 256, blockBytes: 136 },
	tq1_0: { blockSize: 256, blockBytes: 54 },
	tq2_0: { blockSize: 256, blockBytes: 66 },
	// MXFP4: 1 byte shared E8M0 exponent + 16 bytes of fp4 = 17 / 32 = 4.25 bpw (gpt-oss experts)
	mxfp4: { blockSize: 32, blockBytes: 17 },
	// NVFP4 (newer ggml): 64 weights, 4 fp8 scales + 32 bytes = 36 bytes
	nvfp4: { blockSize: 64, blockBytes: 36 },
	i8: { blockSize: 1, blockBytes: 1 },
	i16: { blockSize: 1, blockBytes: 2 },
	i32: { blockSize: 1, blockBytes: 4 },
} as const satisfies Record<string, GgmlTypeInfo>;

export type GgmlType = keyof typeof GGML_TYPES;

export function isGgmlType(name: string): name is GgmlType {
	return Object.hasOwn(GGML_TYPES, name);
}

/** Case-insensitive lookup ("Q4_K" and "q4_K" both resolve), null when unknown. */
export function ggmlTypeFromName(name: string): GgmlType | null {
	if (isGgmlType(name)) return name;
	const lower = name.toLowerCase();
	for (const key of Object.keys(GGML_TYPES)) {
		if (key.toLowerCase() === lower) return key as GgmlType;
	}
	return null;
}

/** Bytes of a tensor of `elements` elements whose rows are `ne0` long (ggml_row_size × rows). */
export function ggmlTensorBytes(type: GgmlType, ne0: number, elements: number): number {
	const t = GGML_TYPES[type];
	const rows = elements / ne0;
	return Math.ceil(ne0 / t.blockSize) * t.blockBytes * rows;
}

/** Whether a row of `ne0` elements can be stored in `type` (ne0 divisible by the block size). */
export function ggmlRowFits(type: GgmlType, ne0: number): boolean {
	return ne0 % GGML_TYPES[type].blockSize === 0;
}
