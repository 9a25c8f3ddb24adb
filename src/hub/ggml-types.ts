/**
 * ggml tensor types as a GGUF header stores them (a uint32 per tensor) → the name ggml prints and
 * the block layout that gives a tensor's exact byte size. Source: ggml/src/ggml.c `type_traits`
 * (.type_name, .blck_size, .type_size) and ggml/include/ggml.h `enum ggml_type`
 * (ggml-org/llama.cpp; ids 31–33 and 36–38 were removed repacked types and are not valid in files).
 * The same numbers are in ../shared/ENGINE.md §3.4.
 */

export interface GgmlTypeInfo {
	/** lowercase as ggml prints it: q4_K, q6_K, iq2_xxs, bf16 … */
	name: string;
	/** weights per block */
	blockSize: number;
	/** bytes per block */
	typeSize: number;
}

export const GGML_TYPES: ReadonlyMap<number, GgmlTypeInfo> = new Map<number, GgmlTypeInfo>([
	[0, { name: "f32", blockSize: 1, typeSize: 4 }],
	[1, { name: "f16", blockSize: 1, typeSize: 2 }],
	[2, { name: "q4_0", blockSize: 32, typeSize: 18 }],
	[3, { name: "q4_1", blockSize: 32, typeSize: 20 }],
	[6, { name: "q5_0", blockSize: 32, typeSize: 22 }],
	[7, { name: "q5_1", blockSize: 32, typeSize: 24 }],
	[8, { name: "q8_0", blockSize: 32, typeSize: 34 }],
	[9, { name: "q8_1", blockSize: 32, typeSize: 36 }],
	[10, { name: "q2_K", blockSize: 256, typeSize: 84 }],
	[11, { name: "q3_K", blockSize: 256, typeSize: 110 }],
	[12, { name: "q4_K", blockSize: 256, typeSize: 144 }],
	[13, { name: "q5_K", blockSize: 256, typeSize: 176 }],
	[14, { name: "q6_K", blockSize: 256, typeSize: 210 }],
	[15, { name: "q8_K", blockSize: 256, typeSize: 292 }],
	[16, { name: "iq2_xxs", blockSize: 256, typeSize: 66 }],
	[17, { name: "iq2_xs", blockSize: 256, typeSize: 74 }],
	[18, { name: "iq3_xxs", blockSize: 256, typeSize: 98 }],
	[19, { name: "iq1_s", blockSize: 256, typeSize: 50 }],
	[20, { name: "iq4_nl", blockSize: 32, typeSize: 18 }],
	[21, { name: "iq3_s", blockSize: 256, typeSize: 110 }],
	[22, { name: "iq2_s", blockSize: 256, typeSize: 82 }],
	[23, { name: "iq4_xs", blockSize: 256, typeSize: 136 }],
	[24, { name: "i8", blockSize: 1, typeSize: 1 }],
	[25, { name: "i16", blockSize: 1, typeSize: 2 }],
	[26, { name: "i32", blockSize: 1, typeSize: 4 }],
	[27, { name: "i64", blockSize: 1, typeSize: 8 }],
	[28, { name: "f64", blockSize: 1, typeSize: 8 }],
	[29, { name: "iq1_m", blockSize: 256, typeSize: 56 }],
	[30, { name: "bf16", blockSize: 1, typeSize: 2 }],
	[34, { name: "tq1_0", blockSize: 256, typeSize: 54 }],
	[35, { name: "tq2_0", blockSize: 256, typeSize: 66 }],
	[39, { name: "mxfp4", blockSize: 32, typeSize: 17 }],
	[40, { name: "nvfp4", blockSize: 64, typeSize: 36 }],
	[41, { name: "q1_0", blockSize: 128, typeSize: 18 }],
	[42, { name: "q2_0", blockSize: 64, typeSize: 18 }],
]);

/**
 * `general.file_type` (llama.cpp `enum llama_ftype`, include/llama.h) → the name people use.
 * 4–6 and 33–35 are retired formats; they still name honestly.
 */
export const LLAMA_FILE_TYPES: ReadonlyMap<number, string> = new Map<number, string>([
	[0, "F32"],
	[1, "F16"],
	[2, "Q4_0"],
	[3, "Q4_1"],
	[4, "Q4_1_SOME_F16"],
	[7, "Q8_0"],
	[8, "Q5_0"],
	[9, "Q5_1"],
	[10, "Q2_K"],
	[11, "Q3_K_S"],
	[12, "Q3_K_M"],
	[13, "Q3_K_L"],
	[14, "Q4_K_S"],
	[15, "Q4_K_M"],
	[16, "Q5_K_S"],
	[17, "Q5_K_M"],
	[18, "Q6_K"],
	[19, "IQ2_XXS"],
	[20, "IQ2_XS"],
	[21, "Q2_K_S"],
	[22, "IQ3_XS"],
	[23, "IQ3_XXS"],
	[24, "IQ1_S"],
	[25, "IQ4_NL"],
	[26, "IQ3_S"],
	[27, "IQ3_M"],
	[28, "IQ2_S"],
	[29, "IQ2_M"],
	[30, "IQ4_XS"],
	[31, "IQ1_M"],
	[32, "BF16"],
	[33, "Q4_0_4_4"],
	[34, "Q4_0_4_8"],
	[35, "Q4_0_8_8"],
	[36, "TQ1_0"],
	[37, "TQ2_0"],
	[38, "MXFP4_MOE"],
	[39, "NVFP4"],
	[40, "Q1_0"],
]);

/** Exact bytes of one tensor: ggml_row_size = type_size · ne0 / blck_size · Π other dims (ggml.c ggml_nbytes). */
export function ggmlTensorBytes(info: GgmlTypeInfo, shape: readonly number[]): number | null {
	const [ne0 = 1, ...others] = shape;
	if (ne0 % info.blockSize !== 0) return null; // ggml asserts rows are whole blocks
	return (ne0 / info.blockSize) * info.typeSize * others.reduce((acc, d) => acc * d, 1);
}
