/**
 * The catalog's validation stamp (issue 8): catalog/stamp.json holds the SHA-256 of the four catalog
 * files as committed, written by `npx tsx scripts/build-catalog-stamp.ts` only after the full
 * validation (zod and the cross-checks) passed and zod's output equalled the JSON as written (no defaults or transforms applied).
 * The one-shot CLI then skips both (and loading zod: ~100 ms) when the files still hash to the
 * stamp, and validates fully when they do not — an edited catalog is always checked.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const STAMP_FILE = "stamp.json";

/** One hash over the files in a fixed order, each preceded by its name and length (no ambiguity at the seams). */
export function catalogHash(files: readonly { name: string; text: string }[]): string {
	const h = createHash("sha256");
	for (const f of files) h.update(`${f.name}\n${Buffer.byteLength(f.text)}\n`).update(f.text);
	return h.digest("hex");
}

/** The hash recorded in dir/stamp.json, or null when there is none or it is unreadable (then: validate fully). */
export function readStamp(dir: string): string | null {
	try {
		const parsed = JSON.parse(readFileSync(join(dir, STAMP_FILE), "utf8")) as unknown;
		// checked by hand, not with zod: loading zod is what this path avoids
		if (typeof parsed === "object" && parsed !== null && "sha256" in parsed && typeof parsed.sha256 === "string" && /^[0-9a-f]{64}$/.test(parsed.sha256))
			return parsed.sha256;
		return null;
	} catch {
		return null;
	}
}
