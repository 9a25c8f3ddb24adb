import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixed } from "../../src/answer/format.js";

const DIGITS = [0, 1, 2] as const;

describe("fixed(x, digits) is x.toFixed(digits)", () => {
	it("for any double", () => {
		fc.assert(
			fc.property(fc.double(), fc.constantFrom(...DIGITS), (x, d) => {
				expect(fixed(x, d)).toBe(x.toFixed(d));
			}),
			{ numRuns: 20_000 },
		);
	});

	it("for the magnitudes answers format (bytes over GiB, speeds, bits)", () => {
		fc.assert(
			fc.property(fc.double({ min: 0, max: 2e6, noNaN: true }), fc.constantFrom(...DIGITS), (x, d) => {
				expect(fixed(x, d)).toBe(x.toFixed(d));
			}),
			{ numRuns: 50_000 },
		);
	});

	it("at and around halves, where the product's rounding could decide", () => {
		const cases: number[] = [1.005, 1.015, 2.675, 0.125, 0.5, 1.5, 2.5, 0.05, 0.045, 8.345, 1e9 / 100 + 0.005, 123456.785];
		for (let k = 0; k < 2000; k++) {
			const half = (k + 0.5) / 100;
			cases.push(half, half + 1e-12, half - 1e-12, (k + 0.5) / 10, k + 0.5, (k + 0.4999) / 10, (k + 0.5001) / 10);
		}
		for (const x of cases) for (const d of DIGITS) expect(fixed(x, d), `${x} ${d}`).toBe(x.toFixed(d));
	});

	it("for negative, non-finite and huge values (toFixed's own output)", () => {
		for (const x of [-0, -1.25, -0.004, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 5e8, 1e9, 9.99999999e8])
			for (const d of DIGITS) expect(fixed(x, d)).toBe(x.toFixed(d));
	});
});
