/**
 * The catalog's validation stamp (issue 8): catalog/stamp.json holds the SHA-256 of the four catalog
 * files as committed, written by `npx tsx scripts/build-catalog-stamp.ts` only after the full
 * validation (zod and the cross-checks) passed and zod's output equalled the JSON as written (no defaults or transforms applied).
 * The one-shot CLI then skips both (and loading zod: ~100 ms) when the files still hash to the
 * stamp, and validates fully when they do not — an edited catalog is always checked.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const STAMP_FILE = "stamp.json";

/** A catalog file's name and contents (text, or the bytes as read: the hash is over the UTF-8 bytes either way). */
export interface CatalogFileContents {
	name: string;
	text: string | Uint8Array;
}

/** What precedes a file's bytes in the hash (and in the CLI's build-time copy, see read.ts): its name and length, so the seams are unambiguous. */
export function fileFrame(f: CatalogFileContents): string {
	return `${f.name}\n${typeof f.text === "string" ? Buffer.byteLength(f.text) : f.text.length}\n`;
}

/** One hash over the files in a fixed order, each preceded by its name and length (no ambiguity at the seams). */
export function catalogHash(files: readonly CatalogFileContents[]): string {
	// node:crypto is loaded here, on first use, not with this module: loading it costs a one-shot CLI run
	// ~5 ms, and the bundled CLI compares the files with its build-time copy instead (read.ts)
	const { createHash } = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
	const h = createHash("sha256");
	for (const f of files) h.update(fileFrame(f)).update(f.text);
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
