/**
 * Device name tables and exact model-name steps prebuilt at build time (src/catalog/prebuilt.ts) must be exactly the tables a run
 * computes: same keys, same devices, same order; every lookup answers the same; a stored form that
 * does not fit the catalog is refused (null) or, for the typo-repair list, recomputed.
 */
import { describe, expect, it } from "vitest";
import { indexesOf } from "../../src/catalog/indexes.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { modelNames } from "../../src/catalog/names.js";
import { deviceTablesFrom, modelStepsFrom, prebuildIndexes } from "../../src/catalog/prebuilt.js";
import { buildModelIndex, exactNameSteps, resolveModelExactWith } from "../../src/catalog/resolve-model.js";
import { buildDeviceIndex, deviceIndexOf, deviceNameTables, deviceNameVariants, resolveDeviceWith } from "../../src/catalog/resolve-device.js";

const cat = loadCatalog();
/** As the build writes it and a run reads it: through JSON. */
const stored = (): unknown => JSON.parse(JSON.stringify(prebuildIndexes(cat)));

describe("prebuilt device name tables", () => {
	it("are the computed tables: same entries, same device objects, same order", () => {
		const computed = deviceNameTables(cat);
		const prebuilt = deviceTablesFrom(cat, stored());
		expect(prebuilt).not.toBeNull();
		if (prebuilt === null) return;
		expect([...prebuilt.exact]).toEqual([...computed.exact]);
		expect([...prebuilt.exact].every(([k, d]) => computed.exact.get(k) === d)).toBe(true);
		expect([...prebuilt.byName]).toEqual([...computed.byName]);
		expect([...prebuilt.byName].every(([k, ds]) => ds.every((d, i) => computed.byName.get(k)?.[i] === d))).toBe(true);
		expect(prebuilt.keys).toEqual(computed.keys);
		expect(prebuilt.keys.every((k, i) => computed.keys[i]?.device === k.device)).toBe(true);
		expect(computed.exact.size).toBeGreaterThan(500);
	});

	it("resolve every device name, variant, size and typo as the computed index does", () => {
		const tables = deviceTablesFrom(cat, stored());
		expect(tables).not.toBeNull();
		if (tables === null) return;
		const prebuilt = deviceIndexOf(tables);
		const computed = buildDeviceIndex(cat);
		const texts = new Set<string>();
		for (const d of cat.devices) {
			for (const n of [d.id, d.name, ...d.aliases]) {
				for (const v of deviceNameVariants(n)) texts.add(v.trim());
				texts.add(`${n} ${Math.round(d.memoryBytes / 2 ** 30)}gb`);
				texts.add(`${n} 7gb`);
				// a typo: a letter dropped from the middle
				texts.add(n.slice(0, Math.floor(n.length / 2)) + n.slice(Math.floor(n.length / 2) + 1));
			}
		}
		for (const t of ["m3 max", "3060", "4060 ti", "rtx 4900", "h100 80gb", "apple m4", "", "radeon", "gtx 1080ti"]) texts.add(t);
		let checked = 0;
		for (const t of texts) {
			for (const strict of [true, false]) {
				expect(resolveDeviceWith(prebuilt, t, { strict }), t).toEqual(resolveDeviceWith(computed, t, { strict }));
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(4000);
	});

	it("refuse a stored form that does not fit the catalog", () => {
		const good = prebuildIndexes(cat);
		const broken: unknown[] = [
			null,
			{ ...good, version: 2 },
			{ ...good, devices: undefined },
			{ ...good, devices: { ...good.devices, exact: [...good.devices.exact, "odd"] } },
			{ ...good, devices: { ...good.devices, exact: ["4090", cat.devices.length] } },
			{ ...good, devices: { ...good.devices, exact: [7, 0] } },
			{ ...good, devices: { ...good.devices, byName: ["3060", [0, -1]] } },
			{ ...good, devices: { ...good.devices, byName: ["3060", 0] } },
			{ ...good, devices: { ...good.devices, keys: "nope" } },
		];
		for (const b of broken) expect(deviceTablesFrom(cat, b), JSON.stringify(b)?.slice(0, 80)).toBeNull();
	});

	it("recompute the typo-repair list when its stored form does not fit", () => {
		const good = prebuildIndexes(cat);
		const tables = deviceTablesFrom(cat, { ...good, devices: { ...good.devices, keys: ["4090", 1e9] } });
		expect(tables?.keys).toEqual(deviceNameTables(cat).keys);
	});
});

describe("prebuilt exact model-name steps", () => {
	it("are the computed steps: same keys, same model objects, same own tags, same order", () => {
		const computed = exactNameSteps(cat);
		const prebuilt = modelStepsFrom(cat, stored());
		expect(prebuilt).toEqual(computed);
		expect(prebuilt?.every((s, i) => computed[i]?.model === s.model)).toBe(true);
		expect(computed.length).toBeGreaterThan(1000);
		// some own Ollama tags are there to be checked against the tag table
		expect(computed.some((s) => s.ownTag !== null)).toBe(true);
	});

	it("fill the same exact-name map with the real Ollama tag table, and every name resolves the same", () => {
		const steps = modelStepsFrom(cat, stored());
		expect(steps).not.toBeNull();
		if (steps === null) return;
		const ollama = () => indexesOf(cat).ollama;
		const prebuilt = buildModelIndex(cat, ollama, steps);
		const computed = buildModelIndex(cat, ollama);
		expect([...prebuilt.exact]).toEqual([...computed.exact]);
		expect([...prebuilt.exact].every(([k, m]) => computed.exact.get(k) === m)).toBe(true);
		let checked = 0;
		for (const m of cat.models) {
			for (const n of modelNames(m)) {
				for (const t of [n, n.toUpperCase(), n.replace(/-/g, " "), `${n} q4`, n.slice(0, -1)]) {
					expect(resolveModelExactWith(prebuilt, t), t).toBe(resolveModelExactWith(computed, t));
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(4000);
	});

	it("an own tag the tag table lists is still left out (the table is asked when the map is filled)", () => {
		const tagged = exactNameSteps(cat).filter((s) => s.ownTag !== null);
		// a table that has every library name: no own tag goes in
		const everything = { byName: { has: () => true } } as unknown as ReturnType<typeof indexesOf>["ollama"];
		const withTable = buildModelIndex(cat, () => everything, modelStepsFrom(cat, stored()) ?? undefined);
		const withoutTags = buildModelIndex(cat, () => everything);
		expect([...withTable.exact]).toEqual([...withoutTags.exact]);
		expect(tagged.length).toBeGreaterThan(0);
	});

	it("refuse a stored form that does not fit the catalog", () => {
		const good = prebuildIndexes(cat);
		const broken: unknown[] = [
			null,
			{ ...good, version: 2 },
			{ ...good, modelNames: undefined },
			{ ...good, modelNames: [...good.modelNames, "odd"] },
			{ ...good, modelNames: ["qwen3", cat.models.length, null] },
			{ ...good, modelNames: ["qwen3", 0, 7] },
			{ ...good, modelNames: [1, 0, null] },
		];
		for (const b of broken) expect(modelStepsFrom(cat, b), JSON.stringify(b)?.slice(0, 80)).toBeNull();
	});
});
