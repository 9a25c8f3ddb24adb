/**
 * `gpus model [quant] [context]`: which single devices run it (decode speed and a grade), the fewest
 * GPUs of common kinds that do, which unified-memory machines do, and a plain "no single GPU can"
 * when that is the answer.
 */
import type { Answer, AnswerChart } from "../src/answer/answer.js";
import { contractJson } from "../src/answer/contract.js";
import { formatBytes, formatContext, formatGiB, formatRate, formatSpeed, thousands } from "../src/answer/format.js";
import type { Device } from "../src/catalog/schema.js";
import type { FewestFit, Plan, Setup, SingleDeviceFit } from "../src/engine/index.js";
import type { Estimate, HardwareSpec } from "../src/engine/types.js";
import type { ParsedQuery } from "../src/query/types.js";
import { emptyAnswer, errorAnswer } from "./lib/answers.js";
import { type Grade, minHeadroom, modelSummary, speedGrade, TIGHT_HEADROOM_FRACTION, USABLE_TOKENS_PER_SECOND as USABLE_SPEED } from "./lib/describe.js";
import { hubFootnotes, modelQueryWord, resolveModelStep, tensorsFor } from "./lib/model-step.js";
import { weightsLowerBound } from "./lib/prefilter.js";
import { neighbours } from "./lib/quant-ladder.js";
import { buildQuery, pushAction } from "./lib/query-words.js";
import { assumptionLine, buildRequest, defaultQuant, settingsFor } from "./lib/request.js";
import { boundedQuery, changedSettings, knobWords } from "./lib/glance.js";
import type { Services } from "./lib/services.js";
import type { CommandSpec } from "./lib/spec.js";
import type { CommandContext } from "./types.js";

/**
 * The GPUs people actually buy or rent for local and served LLMs, matched by catalog name: the
 * consumer 24-32 GB cards, the 48-96 GB workstation cards and the datacenter parts on every cloud.
 * Only names; every number comes from the catalog entry the pattern finds.
 */
const COMMON_GPU_PATTERNS: readonly RegExp[] = [
	/rtx 3090$/i,
	/rtx 4090$/i,
	/rtx 5090$/i,
	/rtx (pro )?6000/i,
	/a100.*80/i,
	/h100/i,
	/h200/i,
	/b200/i,
	/mi300x/i,
];

/** Rows shown per table: enough to choose from, few enough for a chat message. */
const MAX_ROWS = 12;

/**
 * One device that runs it, with the numbers its table row and JSON entry show (all a row reads of
 * the device's estimate): a gpus answer has ~100 rows, sorted and listed twice.
 */
interface Row {
	device: Device;
	/**
	 * device.id, device.name and device.memoryBytes (the sort key), read from the scan entry: catalog
	 * devices come in many object shapes, so their own fields are slow (megamorphic) loads in the JSON
	 * and table loops over ~100 rows
	 */
	id: string;
	name: string;
	memoryBytes: number;
	/** shortDeviceName(device.name), read from the scan entry */
	shortName: string;
	usedBytes: number;
	decode: number;
	grade: Grade;
}

/**
 * gradeOf() (lib/describe.ts) for a single device that fits: "tight fit" under 5 % free on it, else
 * the speed grade. minHeadroom's min(1, …) cannot change the comparison with 0.05.
 */
function gradeOfFit(f: SingleDeviceFit): Grade {
	if (f.capacityBytes > 0 && 1 - f.usedBytes / f.capacityBytes < TIGHT_HEADROOM_FRACTION) return "tight fit";
	return speedGrade(f.decodeTokensPerSecond);
}

/** Per device list (the catalog's, found once): the common GPUs, and the GPUs and machines scanned. */
interface DeviceLists {
	common: readonly Device[];
	/** every non-CPU device, smallest memory first (the order the tables show) */
	accelerators: readonly Device[];
	/** "one of this device, no RAM" per accelerator: the hardware of every scan row, built once (never mutated) */
	alone: ReadonlyMap<Device, HardwareSpec>;
	/**
	 * accelerator → an earlier one (in scan order) equal to it in every fact but its labels (id, name,
	 * aliases, sources, notes): the same hardware under another product name (RTX 4070 / 4070 Ti,
	 * H200 / GH200 …), so its estimate has the same numbers and the scan estimates it once.
	 */
	twinOf: ReadonlyMap<Device, Device>;
	/**
	 * The scan's per-accelerator facts in scan order, read once: catalog devices come in many object
	 * shapes, so reading memoryBytes/vendor/unifiedMemory in every answer's loop was a slow
	 * (megamorphic) load; the twin is the index of an earlier entry (-1 for none).
	 */
	entries: readonly ScanEntry[];
	/** per common GPU (same order), its index in `entries` */
	commonAt: readonly number[];
	/** accelerator → its index in `entries` (the priced GPUs' rows are found by it) */
	indexOf: ReadonlyMap<Device, number>;
}

interface ScanEntry {
	device: Device;
	id: string;
	name: string;
	memoryBytes: number;
	/** shortDeviceName(device.name): the phone table's and the chart's label */
	shortName: string;
	apple: boolean;
	unified: boolean;
	hardware: HardwareSpec;
	twin: number;
}

/** Every fact of a device but its labels: devices with equal keys estimate alike. */
function factsKey(d: Device): string {
	return JSON.stringify([
		d.vendor,
		d.kind,
		d.formFactor,
		d.backend,
		d.memoryBytes,
		d.bandwidthBytesPerSecond,
		d.fp16Flops,
		d.unifiedMemory,
		d.group,
		d.releaseYear,
	]);
}

const deviceLists = new WeakMap<readonly Device[], DeviceLists>();

function listsFor(devices: readonly Device[]): DeviceLists {
	let lists = deviceLists.get(devices);
	if (lists === undefined) {
		const common: Device[] = [];
		for (const pattern of COMMON_GPU_PATTERNS) {
			const d = devices.find((x) => x.kind === "gpu" && pattern.test(x.name));
			if (d !== undefined && !common.includes(d)) common.push(d);
		}
		const accelerators = devices.filter((d) => d.kind !== "cpu").sort((x, y) => x.memoryBytes - y.memoryBytes);
		const alone = new Map<Device, HardwareSpec>();
		for (const device of [...accelerators, ...common]) if (!alone.has(device)) alone.set(device, { devices: [{ device, count: 1 }], systemMemoryBytes: null });
		const firstWith = new Map<string, Device>();
		const twinOf = new Map<Device, Device>();
		for (const device of accelerators) {
			const key = factsKey(device);
			const first = firstWith.get(key);
			if (first === undefined) firstWith.set(key, device);
			else twinOf.set(device, first);
		}
		const entries: ScanEntry[] = accelerators.map((device) => ({
			device,
			id: device.id,
			name: device.name,
			memoryBytes: device.memoryBytes,
			shortName: shortDeviceName(device.name),
			apple: device.vendor === "apple",
			unified: device.unifiedMemory,
			hardware: alone.get(device) as HardwareSpec,
			twin: -1,
		}));
		const indexOf = new Map<Device, number>();
		for (let i = 0; i < accelerators.length; i++) indexOf.set(accelerators[i] as Device, i);
		for (const e of entries) {
			const twin = twinOf.get(e.device);
			if (twin !== undefined) e.twin = indexOf.get(twin) ?? -1;
		}
		// the common GPUs are GPUs, so each is an accelerator
		const commonAt = common.map((device) => indexOf.get(device) ?? -1);
		lists = { common, accelerators, alone, twinOf, entries, commonAt, indexOf };
		deviceLists.set(devices, lists);
	}
	return lists;
}

export async function answerGpus(q: ParsedQuery, plan: Plan, services: Services, ctx?: CommandContext): Promise<Answer> {
	const step = await resolveModelStep(q, services, ctx);
	if (!step.ok) return errorAnswer(step.message, step.didYouMean);
	const model = step.model;
	const settings = settingsFor(q, services.defaults);
	const quant = q.quant ?? step.quant ?? defaultQuant(services, settings.runtime, model);
	const base = buildRequest(q, services.defaults, model, quant, null, tensorsFor(step, quant));
	const lists = listsFor(services.devices);
	// the question's plan at this setup: every fit below is one of its views (issue 13: fit is decided
	// in the engine, once, not again here)
	const setup = plan.at(base);
	// the model's own memory (no hardware): the answer's headline
	const est0 = setup.estimate;
	const appleOnly = q.deviceFilter === "apple";

	const single: Row[] = [];
	const unified: Row[] = [];
	// couldFit for one device, with the weights' lower bound computed once for the whole scan
	const weightsAtLeast = weightsLowerBound(model, quant);
	// per scan entry, its fit alone (null: no estimate or no full fit; undefined: screened out before
	// any estimate): twins read their first entry's, the fewest-GPUs and cheapest tables read it by index
	const entries = lists.entries;
	const found: (SingleDeviceFit | null | undefined)[] = new Array(entries.length);
	for (let i = 0; i < entries.length; i++) {
		const entry = entries[i] as ScanEntry;
		if (appleOnly && !entry.apple) continue;
		if (!(weightsAtLeast <= entry.memoryBytes)) continue;
		// a twin passed the same checks above; its estimate's numbers are this device's (the rows read
		// numbers only, never the estimate's device labels)
		let fit = entry.twin >= 0 ? found[entry.twin] : undefined;
		if (fit === undefined) {
			try {
				// the plan's single-device view screens the device itself and lays out only what may fit
				fit = setup.alone(entry.hardware);
			} catch {
				fit = null;
			}
		}
		found[i] = fit;
		if (fit === null) continue;
		const row: Row = {
			device: entry.device,
			id: entry.id,
			name: entry.name,
			memoryBytes: entry.memoryBytes,
			shortName: entry.shortName,
			usedBytes: fit.usedBytes,
			decode: fit.decodeTokensPerSecond,
			grade: gradeOfFit(fit),
		};
		(entry.unified ? unified : single).push(row);
	}
	const bySpeed = (x: Row, y: Row) => y.decode - x.decode;
	// Smallest memory first: the cheapest card that runs it is the useful answer; speed breaks ties.
	const byMemory = (x: Row, y: Row) => x.memoryBytes - y.memoryBytes || bySpeed(x, y);
	sortStable(single, byMemory);
	sortStable(unified, byMemory);

	const fewest: { device: Device; count: number; decode: number | null }[] = [];
	// per common GPU, the engine's fewest search when it ran (the cheapest table reads its count)
	const fewestOf: (FewestFit | null | undefined)[] = new Array(lists.common.length);
	if (!appleOnly) {
		for (let k = 0; k < lists.common.length; k++) {
			const device = lists.common[k] as Device;
			// a device that holds it alone (the scan above estimated exactly that request) takes one:
			// no search, and its estimate is the row's
			const alone = found[lists.commonAt[k] as number];
			if (alone !== undefined && alone !== null) {
				fewest.push({ device, count: 1, decode: alone.decodeTokensPerSecond });
				continue;
			}
			// the engine's search starts at the count the weights need and checks layouts, not estimates;
			// it reads the decode rate off the layout that fits
			let search: FewestFit | null = null;
			try {
				search = setup.fewest(device, services.limits.maxDeviceCount);
			} catch {
				search = null;
			}
			fewestOf[k] = search;
			if (search !== null) fewest.push({ device, count: search.count, decode: search.decodeTokensPerSecond });
		}
		fewest.sort((x, y) => x.count - y.count || x.device.memoryBytes - y.device.memoryBytes);
	}

	const buys = appleOnly ? [] : cheapestThatRunWell(services, setup, { lists, found, fewestOf });
	const what = `${model.name} ${quant.id} at ${formatContext(base.contextTokens)} context`;
	const a = emptyAnswer("gpus", appleOnly ? `Which Macs run ${model.name}?` : `Which GPUs run ${model.name}?`);
	if (appleOnly) {
		a.verdict =
			unified.length > 0
				? {
						label: `${unified.length} Apple machines`,
						severity: "success",
						summary: `${what} needs ${formatBytes(est0.memory.totalBytes)}; the smallest Mac that runs it is ${unified[0]?.device.name}.`,
					}
				: {
						label: "No Mac",
						severity: "danger",
						summary: `${what} needs ${formatBytes(est0.memory.totalBytes)}: no Apple machine I know has enough GPU-usable memory.`,
					};
	} else if (single.length === 0) {
		const best = fewest[0];
		a.verdict = {
			label: "No single GPU",
			severity: "warning",
			summary: `No single GPU can run ${what} (it needs ${formatBytes(est0.memory.totalBytes)}).${best ? ` The fewest: ${best.count}× ${best.device.name}.` : ""}`,
		};
	} else {
		const first = single[0];
		a.verdict = {
			label: `${single.length} GPUs`,
			severity: "success",
			summary: `${what} needs ${formatBytes(est0.memory.totalBytes)}; the smallest GPU that runs it is the ${first?.device.name}.`,
		};
	}
	const cheapest = buys[0];
	if (cheapest !== undefined)
		a.verdict.summary += ` Cheapest to buy that runs it well${cheapest.count > 1 ? " (no single priced card does)" : ""}: ${buyName(cheapest)} (${usd(cheapest.totalUsd)} at launch MSRP, about ${formatSpeed(cheapest.decode)}).`;
	a.facts = [
		{ label: "Model", value: `${model.name} (${modelSummary(model)})` },
		{ label: "Memory needed", value: formatBytes(est0.memory.totalBytes) },
		{ label: "Download", value: formatBytes(est0.memory.fileBytes) },
	];
	const columns = ["Device", "Memory", "Used", "Decode", "Grade"];
	if (!appleOnly) {
		a.tables.push({
			title: single.length > MAX_ROWS ? `Single GPUs that run it (${MAX_ROWS} of ${single.length}, smallest first)` : "Single GPUs that run it",
			columns,
			rows: single.slice(0, MAX_ROWS).map(rowCells),
			narrow: narrowOf(single.slice(0, MAX_ROWS)),
		});
		if (buys.length > 0)
			a.tables.push({
				title: `Cheapest that run it well (≥ ${USABLE_SPEED} tok/s, not a tight fit): fewest cards, then launch MSRP`,
				columns: ["GPUs", "Launch MSRP", "Total memory", "Decode"],
				rows: buys.map((b) => [buyName(b), usd(b.totalUsd), formatBytes(b.device.memoryBytes * b.count), formatSpeed(b.decode)]),
				narrow: {
					columns: ["GPUs", "USD", "tok/s"],
					rows: buys.map((b) => [`${b.count > 1 ? `${b.count}× ` : ""}${shortDeviceName(b.device.name)}`, usd(b.totalUsd), formatRate(b.decode)]),
				},
			});
		if (fewest.length > 0) {
			a.tables.push({
				title: "Fewest GPUs of common kinds",
				columns: ["GPUs", "Total memory", "Decode"],
				rows: fewest.map((f) => [
					`${f.count}× ${f.device.name}`,
					formatBytes(f.device.memoryBytes * f.count),
					f.decode !== null ? formatSpeed(f.decode) : "n/a",
				]),
				narrow: {
					columns: ["GPUs", "GiB", "tok/s"],
					rows: fewest.map((f) => [
						`${f.count}× ${shortDeviceName(f.device.name)}`,
						formatGiB(f.device.memoryBytes * f.count),
						f.decode !== null ? formatRate(f.decode) : "n/a",
					]),
				},
			});
		}
	}
	a.tables.push({
		title: unified.length > MAX_ROWS ? `Unified-memory machines that run it (${MAX_ROWS} of ${unified.length})` : "Unified-memory machines that run it",
		columns,
		rows: unified.slice(0, MAX_ROWS).map(rowCells),
		narrow: narrowOf(unified.slice(0, MAX_ROWS)),
	});
	a.chart = speedChart(model.name, what, single, unified);

	const d = services.defaults;
	const modelWord = modelQueryWord(model, step.hub);
	const { smaller } = neighbours(services.quants, settings.runtime, quant, model.nativeDtype);
	if (smaller !== null)
		pushAction(
			a.actions,
			`Smaller quant (${smaller.id})`,
			buildQuery({ command: "gpus", model: modelWord, quant: smaller.id, contextTokens: base.contextTokens }, d),
			"smaller",
		);
	pushAction(a.actions, "Full VRAM table", buildQuery({ command: "vram", model: modelWord, contextTokens: base.contextTokens }, d), "table");
	const top = single[0] ?? unified[0];
	if (top !== undefined)
		pushAction(
			a.actions,
			`On ${top.device.name}`.slice(0, 80),
			buildQuery(
				{
					command: "canirun",
					model: modelWord,
					quant: quant.id,
					hardware: { devices: [{ device: top.device, count: 1 }], systemMemoryBytes: null },
					contextTokens: base.contextTokens,
				},
				d,
			),
			"hardware",
		);
	a.glance = { question: a.title, plan: null, memory: null, speed: null, next: null, run: null, changed: changedSettings(base, d) };
	a.query = boundedQuery(
		buildQuery(
			{
				command: "gpus",
				model: modelWord,
				quant: q.quant !== null ? quant.id : null,
				contextTokens: base.contextTokens,
				kvCacheType: base.kvCacheType,
				runtime: base.runtime,
				extra: [...(appleOnly ? ["mac"] : []), ...knobWords(base, d)],
			},
			d,
		),
	);
	a.footnotes = [
		assumptionLine(base, settings.usedDefaults),
		"Grades: fast ≥ 30 tok/s, usable ≥ 10 tok/s (faster than reading), slow below; tight fit = under 5 % memory left.",
		"Apple machines count only the GPU working set macOS allows (about 2/3 to 3/4 of RAM by default).",
		...est0.assumptions,
		...q.notes,
		...(step.hub !== null ? hubFootnotes(step.hub) : []),
		...(buys.length > 0
			? [
					`Prices are launch MSRPs in US dollars (the maker's announced price, not today's street price), from each card's announcement: ${buys.map((b) => `${b.device.name} ${usd(b.unitUsd)} (${b.source})`).join("; ")}. Only cards with a sourced launch price are compared.`,
				]
			: []),
		`Device facts: ${services.catalogSource}.`,
	];
	if (q.ignored.length > 0) a.footnotes.push(`Ignored: ${q.ignored.join(", ")}`);
	a.ignored = q.ignored;
	const deviceJson = (r: Row) => ({
		id: r.id,
		name: r.name,
		memoryBytes: r.memoryBytes,
		usedBytes: r.usedBytes,
		decodeTokensPerSecond: r.decode,
		grade: r.grade,
	});
	// keys added to the contract object, not spread into a copy (~25 µs in V8, issue 8); same key order
	const json = contractJson({
		model,
		quant,
		contextTokens: base.contextTokens,
		kvCacheType: base.kvCacheType,
		runtime: base.runtime,
		hardware: null,
		estimate: est0,
		suggestions: [],
		measured: [],
	});
	json.command = "gpus";
	json.singleGpus = single.map(deviceJson);
	json.unifiedMachines = unified.map(deviceJson);
	json.fewestGpus = fewest.map((f) => ({ id: f.device.id, name: f.device.name, count: f.count, decodeTokensPerSecond: f.decode }));
	json.noSingleGpu = single.length === 0;
	json.cheapestToBuy = buys.map((b) => ({
		id: b.device.id,
		name: b.device.name,
		count: b.count,
		launchMsrpUsd: b.unitUsd,
		totalLaunchMsrpUsd: b.totalUsd,
		decodeTokensPerSecond: b.decode,
		priceSource: b.source,
	}));
	json.ignored = q.ignored;
	a.json = json;
	return a;
}

/** Options listed in the "cheapest that run it well" table. */
const MAX_BUYS = 5;
/** At most this many cards of one kind are priced as an option (a 4-GPU desktop is the usual ceiling). */
const MAX_BUY_COUNT = 4;

interface Buy {
	device: Device;
	count: number;
	unitUsd: number;
	totalUsd: number;
	decode: number;
	source: string;
}

/** "$1,599": launch prices are whole dollars (catalog/prices.ts keeps only whole prices), so thousands() is toLocaleString("en-US") for them. */
function usd(n: number): string {
	return `$${thousands(n)}`;
}

type LaunchPriceOf = NonNullable<Services["launchPrice"]>;
interface PricedGpu {
	device: Device;
	price: NonNullable<ReturnType<LaunchPriceOf>>;
	/** its index in the scan's entries (-1: not scanned) */
	at: number;
	/** its index in the common GPUs (-1: not one), whose fewest search the answer may have run already */
	common: number;
}

/**
 * The GPUs of the device list that have a launch price, in list order, found once per device list and
 * price table (19 of ~240 devices): every gpus answer looked each device's price up.
 */
const pricedByList = new WeakMap<readonly Device[], { of: LaunchPriceOf; list: readonly PricedGpu[] }>();

function pricedGpus(devices: readonly Device[], launchPrice: LaunchPriceOf): readonly PricedGpu[] {
	const known = pricedByList.get(devices);
	if (known !== undefined && known.of === launchPrice) return known.list;
	const lists = listsFor(devices);
	const list: PricedGpu[] = [];
	for (const device of devices) {
		const price = launchPrice(device.id);
		if (price !== null && device.kind === "gpu") list.push({ device, price, at: lists.indexOf.get(device) ?? -1, common: lists.common.indexOf(device) });
	}
	pricedByList.set(devices, { of: launchPrice, list });
	return list;
}

function buyName(b: Buy): string {
	return `${b.count > 1 ? `${b.count}× ` : ""}${b.device.name}`;
}

/** What the answer's scan found, by scan entry and by common GPU (answerGpus). */
interface ScanFound {
	lists: DeviceLists;
	found: readonly (SingleDeviceFit | null | undefined)[];
	fewestOf: readonly (FewestFit | null | undefined)[];
}

/**
 * "Which GPU should I buy for X": the priced cards (catalog/prices.json, launch MSRPs with sources)
 * that run the request well — fully on the GPUs, a usable speed (≥ 10 tok/s, describe.ts), not a
 * tight fit — one card when one does, else the fewest of that card (up to 4); fewest cards first, then
 * the cheapest total.
 */
function cheapestThatRunWell(services: Services, setup: Setup, scan: ScanFound): Buy[] {
	const launchPrice = services.launchPrice;
	if (launchPrice === undefined) return [];
	const out: Buy[] = [];
	for (const { device, price, at, common } of pricedGpus(services.devices, launchPrice)) {
		// a single-GPU row of the scan (a fit alone, not a unified-memory machine): that row decides
		const fit = at >= 0 ? scan.found[at] : undefined;
		if (fit !== undefined && fit !== null && !(scan.lists.entries[at] as ScanEntry).unified) {
			const grade = gradeOfFit(fit);
			if (grade === "fast" || grade === "usable")
				out.push({ device, count: 1, unitUsd: price.usd, totalUsd: price.usd, decode: fit.decodeTokensPerSecond, source: price.source });
			continue;
		}
		// the fewest of this card up to MAX_BUY_COUNT: the fewest-GPUs table's search when it ran (its first
		// fitting count, searched further, is this one when it is at most MAX_BUY_COUNT), else the engine's
		let search = common >= 0 && services.limits.maxDeviceCount >= MAX_BUY_COUNT ? scan.fewestOf[common] : undefined;
		if (search === undefined) {
			try {
				search = setup.fewest(device, MAX_BUY_COUNT);
			} catch {
				search = null;
			}
		}
		if (search === null || search.count < 2 || search.count > MAX_BUY_COUNT) continue;
		// the search's decode rate is the estimate's on that many cards: a slow one needs no estimate
		if (search.decodeTokensPerSecond !== null && search.decodeTokensPerSecond < USABLE_SPEED) continue;
		const n = search.count;
		let est: Estimate | null = null;
		try {
			est = setup.on({ devices: [{ device, count: n }], systemMemoryBytes: null });
		} catch {
			est = null;
		}
		const decode = est?.speed?.decodeTokensPerSecond ?? 0;
		if (est?.fit?.verdict !== "fits" || decode < USABLE_SPEED || minHeadroom(est) < TIGHT_HEADROOM_FRACTION) continue;
		out.push({ device, count: n, unitUsd: price.usd, totalUsd: price.usd * n, decode, source: price.source });
	}
	// fewest cards first: each extra card is another slot, more PSU watts and a layer split (and its speed
	// loss); then the lowest launch price, then the faster
	out.sort((x, y) => x.count - y.count || x.totalUsd - y.totalUsd || y.decode - x.decode);
	return out.slice(0, MAX_BUYS);
}

/**
 * A stable insertion sort. The rows arrive smallest memory first (the scan order), so only devices
 * of equal memory move: linear work, where Array.prototype.sort's merge passes and comparator calls
 * cost ~100 µs per answer (issue 8). Same order as the stable built-in sort with the same comparator.
 */
function sortStable<T>(rows: T[], compare: (x: T, y: T) => number): void {
	for (let i = 1; i < rows.length; i++) {
		const row = rows[i] as T;
		let j = i;
		while (j > 0 && compare(rows[j - 1] as T, row) > 0) {
			rows[j] = rows[j - 1] as T;
			j--;
		}
		rows[j] = row;
	}
}

/** The phone table (issue 16): device, GiB used, tok/s, grade; units in the header. */
function narrowOf(rows: readonly Row[]): { columns: string[]; rows: string[][] } {
	return {
		columns: ["Device", "GiB", "tok/s", "Grade"],
		rows: rows.map((r) => [r.shortName, formatGiB(r.usedBytes), formatRate(r.decode), r.grade === "tight fit" ? "tight" : r.grade]),
	};
}

/** "NVIDIA GeForce RTX 4090" → "RTX 4090": the vendor and brand words say nothing in a table of GPUs. */
function shortDeviceName(name: string): string {
	return name.replace(/^(NVIDIA|AMD|Intel|Apple)\s+/i, "").replace(/^(GeForce|Radeon|Arc)\s+/i, "");
}

/** Bars per chart: the fastest devices, enough to compare, few enough to read on a phone. */
const CHART_BARS = 12;

/** The chart of a gpus answer: the devices that run it, fastest first, coloured by grade. */
function speedChart(modelName: string, what: string, single: readonly Row[], unified: readonly Row[]): AnswerChart | undefined {
	if (single.length + unified.length === 0) return undefined;
	const fastest = fastestRows(single, unified, CHART_BARS);
	const tone = (g: Grade): AnswerChart["bars"][number]["tone"] => (g === "fast" ? "good" : g === "usable" ? "neutral" : g === "tight fit" ? "warn" : "bad");
	return {
		title: `${modelName} · decode speed by device`,
		unit: "tokensPerSecond",
		bars: fastest.map((r) => ({ label: r.shortName, value: r.decode, tone: tone(r.grade) })),
		limit: null,
		alt: `Fastest devices for ${what}: ${fastest.map((r) => `${r.name} ${formatSpeed(r.decode)}`).join(", ")}.`,
	};
}

/**
 * The `max` fastest rows of `single` then `unified`, fastest first, equal speeds in that order: what a
 * stable sort of both lists by decode, cut to `max`, gives, without copying and sorting ~100 rows to
 * keep 12. Each row is inserted after the kept rows at least as fast, so ties keep their order.
 */
function fastestRows(single: readonly Row[], unified: readonly Row[], max: number): Row[] {
	const top: Row[] = [];
	for (const rows of [single, unified])
		for (const row of rows) {
			if (top.length === max && !(row.decode > (top[max - 1] as Row).decode)) continue;
			let j = top.length === max ? max - 1 : top.length;
			while (j > 0 && (top[j - 1] as Row).decode < row.decode) {
				top[j] = top[j - 1] as Row;
				j--;
			}
			top[j] = row;
		}
	return top;
}

function rowCells(r: Row): string[] {
	return [r.name, formatBytes(r.memoryBytes), formatBytes(r.usedBytes), formatSpeed(r.decode), r.grade];
}

export const gpusSpec: CommandSpec = {
	name: "gpus",
	description: "Which GPUs and Macs run a model, how fast, and the fewest GPUs it takes.",
	help: { usage: "gpus model [quant] [context]", answers: "Which GPUs and Macs run it, the fewest GPUs it takes", brief: "which GPUs run it" },
	options: [
		{ name: "model", description: "Model, e.g. deepseek-r1, qwen3 32b, llama 3.1 70b", required: true, autocomplete: "model", choices: null },
		{ name: "quant", description: "Quantization, e.g. q4_k_m, q8_0 (default q4_k_m)", required: false, autocomplete: "quant", choices: null },
		{ name: "context", description: "Context length, e.g. 8k, 32k (default 4k)", required: false, autocomplete: null, choices: null },
	],
	run: (request, plan, env) => answerGpus(request, plan, env.services, env.ctx),
};
