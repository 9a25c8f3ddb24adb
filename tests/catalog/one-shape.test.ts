/**
 * catalogFromData rebuilds every model and device as one object literal of the schema's fields
 * (src/catalog/read.ts, oneShapeModel / oneShapeDevice), so field reads in loops over them stay
 * monomorphic. The literal lists the fields by hand: a field added to the schema and not to the
 * literal would be dropped silently from every model or device. These tests catch that, and check
 * that the rebuild changes nothing a reader or the JSON sees.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultCatalogDir, getCatalog } from "../../src/catalog/index.js";
import { DeviceSchema, ModelSchema } from "../../src/catalog/schema.js";

function rawFile(name: string): Record<string, unknown>[] {
	return JSON.parse(readFileSync(join(defaultCatalogDir(), name), "utf8")) as Record<string, unknown>[];
}

describe("catalog objects in one shape", () => {
	const cat = getCatalog();

	it("every model has exactly the schema's fields, in the schema's order", () => {
		const keys = Object.keys(ModelSchema.shape);
		for (const m of cat.models) expect(Object.keys(m), m.id).toEqual(keys);
	});

	it("every device has exactly the schema's fields, in the schema's order", () => {
		const keys = Object.keys(DeviceSchema.shape);
		for (const d of cat.devices) expect(Object.keys(d), d.id).toEqual(keys);
	});

	it("a model or device reads and serializes as its catalog file has it (absent optionals stay absent in JSON)", () => {
		for (const [file, list] of [
			["models.json", cat.models],
			["devices.json", cat.devices],
		] as const) {
			const raw = new Map(rawFile(file).map((o) => [o["id"], o]));
			expect(raw.size, file).toBe(list.length);
			for (const o of list) {
				const source = raw.get(o.id);
				expect(source, `${file} ${o.id}`).toBeDefined();
				// zod may fill defaults, so compare what the file holds, field by field, and that JSON drops only undefined fields
				const json = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
				for (const [k, v] of Object.entries(source ?? {})) expect(json[k], `${o.id}.${k}`).toEqual(v);
				for (const [k, v] of Object.entries(o)) if (v === undefined) expect(k in json, `${o.id}.${k}`).toBe(false);
			}
		}
	});
});
