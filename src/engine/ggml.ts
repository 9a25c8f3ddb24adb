/**
 * ggml tensor types: weights per block and bytes per block.
 *
 * Source: ggml/src/ggml-common.h `static_assert(sizeof(block_*) == …)` and ggml/src/ggml.c `type_traits`
 * (.type_name, .blck_size, .type_size; ids from ggml/include/ggml.h `enum ggml_type`, ggml-org/llama.cpp),
 * the same table gguf-parser-go keeps in `ggml.go` and ../shared/ENGINE.md §3.4 reproduces. The one
 * table of ggml types: the engine sizes tensors with it and the Hub's GGUF reader (src/hub/gguf-read.ts)
 * names a header's tensor types with it. A row of `ne0`
 * elements takes `ne0 / blockSize × bytesPerBlock` bytes (ggml_row_size); ne0 must be a multiple of the
 * block size, which is why llama-quant.cpp falls back to another type when it is not (see quantMix.ts).
 */

export interface GgmlTypeInfo {
	/** `enum ggml_type` (ggml/include/ggml.h): what a GGUF header stores per tensor (31–33 and 36–38 are removed repacked types, not valid in files) */
	id: number;
	/** weights per block */
	blockSize: number;
	/** bytes per block */
	blockBytes: number;
}

/** ggml type name (as ggml_type_name prints it) → block layout. */
export const GGML_TYPES = {
	f32: { id: 0, blockSize: 1, blockBytes: 4 },
	f16: { id: 1, blockSize: 1, blockBytes: 2 },
	bf16: { id: 30, blockSize: 1, blockBytes: 2 },
	// Q8_0 = fp16 scale + 32 int8 = 34 bytes / 32 weights = 8.5 bpw (not 8.0)
	q8_0: { id: 8, blockSize: 32, blockBytes: 34 },
	// Q4_0 = fp16 scale + 16 bytes of nibbles = 18 / 32 = 4.5 bpw (not 4.0)
	q4_0: { id: 2, blockSize: 32, blockBytes: 18 },
	q4_1: { id: 3, blockSize: 32, blockBytes: 20 },
	q5_0: { id: 6, blockSize: 32, blockBytes: 22 },
	q5_1: { id: 7, blockSize: 32, blockBytes: 24 },
	q2_K: { id: 10, blockSize: 256, blockBytes: 84 },
	q3_K: { id: 11, blockSize: 256, blockBytes: 110 },
	q4_K: { id: 12, blockSize: 256, blockBytes: 144 },
	q5_K: { id: 13, blockSize: 256, blockBytes: 176 },
	q6_K: { id: 14, blockSize: 256, blockBytes: 210 },
	q8_K: { id: 15, blockSize: 256, blockBytes: 292 },
	iq1_s: { id: 19, blockSize: 256, blockBytes: 50 },
	iq1_m: { id: 29, blockSize: 256, blockBytes: 56 },
	iq2_xxs: { id: 16, blockSize: 256, blockBytes: 66 },
	iq2_xs: { id: 17, blockSize: 256, blockBytes: 74 },
	iq2_s: { id: 22, blockSize: 256, blockBytes: 82 },
	iq3_xxs: { id: 18, blockSize: 256, blockBytes: 98 },
	iq3_s: { id: 21, blockSize: 256, blockBytes: 110 },
	iq4_nl: { id: 20, blockSize: 32, blockBytes: 18 },
	iq4_xs: { id: 23, blockSize: 256, blockBytes: 136 },
	tq1_0: { id: 34, blockSize: 256, blockBytes: 54 },
	tq2_0: { id: 35, blockSize: 256, blockBytes: 66 },
	// MXFP4: 1 byte shared E8M0 exponent + 16 bytes of fp4 = 17 / 32 = 4.25 bpw (gpt-oss experts)
	mxfp4: { id: 39, blockSize: 32, blockBytes: 17 },
	// NVFP4 (newer ggml): 64 weights, 4 fp8 scales + 32 bytes = 36 bytes
	nvfp4: { id: 40, blockSize: 64, blockBytes: 36 },
	i8: { id: 24, blockSize: 1, blockBytes: 1 },
	i16: { id: 25, blockSize: 1, blockBytes: 2 },
	i32: { id: 26, blockSize: 1, blockBytes: 4 },
	i64: { id: 27, blockSize: 1, blockBytes: 8 },
	f64: { id: 28, blockSize: 1, blockBytes: 8 },
	// not produced by llama-quantize for weights, but valid in a file header (ggml.c type_traits)
	q8_1: { id: 9, blockSize: 32, blockBytes: 36 },
	q1_0: { id: 41, blockSize: 128, blockBytes: 18 },
	q2_0: { id: 42, blockSize: 64, blockBytes: 18 },
} as const satisfies Record<string, GgmlTypeInfo>;

export type GgmlType = keyof typeof GGML_TYPES;

/** GGML_TYPES by `enum ggml_type` id (what a GGUF header stores). */
const GGML_TYPE_BY_ID: ReadonlyMap<number, GgmlType> = new Map((Object.keys(GGML_TYPES) as GgmlType[]).map((name) => [GGML_TYPES[name].id, name]));

/** The ggml type a GGUF header's id names, null for ids no ggml type has. */
export function ggmlTypeById(id: number): GgmlType | null {
	return GGML_TYPE_BY_ID.get(id) ?? null;
}

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
