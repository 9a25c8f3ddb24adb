/**
 * The one table of ggml types (src/engine/ggml.ts) serves the engine (by name) and the Hub's GGUF
 * reader (by the id a header stores): ids are unique and map back to their names, and the block layouts
 * give the bits per weight ggml documents for the common types.
 */
import { describe, expect, it } from "vitest";
import { GGML_TYPES, type GgmlType, ggmlRowFits, ggmlTensorBytes, ggmlTypeById, ggmlTypeFromName } from "../../src/engine/ggml.js";

const names = Object.keys(GGML_TYPES) as GgmlType[];

describe("GGML_TYPES", () => {
	it("has one type per id, and ggmlTypeById maps each id back to its name", () => {
		const ids = names.map((n) => GGML_TYPES[n].id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const n of names) expect(ggmlTypeById(GGML_TYPES[n].id)).toBe(n);
	});

	it("knows no type for the removed repacked ids and for ids past the table", () => {
		for (const id of [4, 5, 31, 32, 33, 36, 37, 38, 43, 1000, -1]) expect(ggmlTypeById(id)).toBeNull();
	});

	it("gives ggml's bits per weight (ggml-common.h block sizes)", () => {
		const bpw = (n: GgmlType) => (GGML_TYPES[n].blockBytes * 8) / GGML_TYPES[n].blockSize;
		expect(bpw("q8_0")).toBe(8.5);
		expect(bpw("q4_K")).toBe(4.5);
		expect(bpw("q6_K")).toBe(6.5625);
		expect(bpw("mxfp4")).toBe(4.25);
		expect(bpw("f16")).toBe(16);
	});

	it("sizes a tensor as whole blocks per row, and only whole-block rows fit", () => {
		expect(ggmlTypeFromName("Q4_K")).toBe("q4_K");
		expect(ggmlTensorBytes("q4_K", 4096, 4096 * 11008)).toBe((4096 / 256) * 144 * 11008);
		expect(ggmlRowFits("q4_K", 4096)).toBe(true);
		expect(ggmlRowFits("q4_K", 4000)).toBe(false);
		expect(ggmlRowFits("q8_0", 4000)).toBe(true);
	});
});
