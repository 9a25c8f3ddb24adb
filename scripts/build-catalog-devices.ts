/**
 * Devices from catalog/sources/devices/ (gpus.csv, additions.json, cpus.json, brands.json; each fact
 * with its source, see catalog/sources/devices/README.md). Memory convention: a card marketed as "24GB" has
 * ~24 GiB usable (nvidia-smi shows 24564 MiB for an RTX 4090), so memoryBytes = memory_gb × 2^30 for
 * GPUs; Apple/AMD unified memory is sold in GiB as well. Apple chips and Strix Halo are expanded to one
 * entry per memory size sold (the options are in the CSV's notes column), sharing a `group`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Device, System } from "../src/catalog/schema.js";
import { parseDelimited } from "./lib/parse-delimited.js";

const GIB = 2 ** 30;
const SOURCE_DOC = "catalog/sources/SOURCES.md source keys";

export function slug(s: string): string {
	return s
		.toLowerCase()
		.replace(/\+/g, "-plus")
		.replace(/[^a-z0-9.]+/g, "-")
		.replace(/^-+|-+$/g, "");
}

const VENDOR: Record<string, Device["vendor"]> = { NVIDIA: "nvidia", AMD: "amd", Intel: "intel", Apple: "apple", Google: "google" };
const BACKEND: Record<Device["vendor"], Device["backend"]> = {
	nvidia: "cuda",
	amd: "rocm",
	intel: "sycl",
	apple: "metal",
	google: "cpu",
	qualcomm: "vulkan",
	generic: "cuda",
};

/** Short ids people recognise, for the most common rows (otherwise the slug of the name). */
const ID_OVERRIDES: Record<string, string> = {
	"A100 SXM4 80GB": "a100-sxm-80gb",
	"A100 SXM4 40GB": "a100-sxm-40gb",
	"A100 PCIe 80GB": "a100-pcie-80gb",
	"A100 PCIe 40GB": "a100-pcie-40gb",
	"H100 SXM5": "h100-sxm",
	"H100 PCIe": "h100-pcie",
	"DGX Spark (GB10 Grace Blackwell Superchip)": "dgx-spark",
};

/** Extra names people type, beyond the CSV aliases (kept short; the resolver also folds spacing). */
const EXTRA_ALIASES: Record<string, string[]> = {
	"GeForce RTX 4090": ["rtx 4090", "4090 24gb"],
	"GeForce RTX 3090": ["rtx 3090", "3090 24gb"],
	"GeForce RTX 5090": ["rtx 5090", "5090 32gb"],
	"H100 SXM5": ["h100 80gb", "h100 sxm5", "nvidia h100"],
	"A100 SXM4 80GB": ["a100 sxm4 80gb"],
	"A100 SXM4 40GB": ["a100 sxm4 40gb"],
	"H200 SXM": ["h200 141gb"],
	"RTX 6000 Ada": ["rtx 6000 ada generation"],
	"RTX A6000": ["rtx a6000"],
	"DGX Spark (GB10 Grace Blackwell Superchip)": ["nvidia dgx spark"],
};

const APPLE_OPTION = /memory options ([\d/]+)GB/;

function baseDevice(r: Record<string, string>): Omit<Device, "id" | "memoryBytes" | "aliases" | "group"> & { aliases: string[] } {
	const vendor = VENDOR[r.vendor ?? ""];
	if (vendor === undefined) throw new Error(`gpus.csv ${r.name}: unknown vendor ${r.vendor}`);
	const unified = vendor === "apple" || r.unified_memory === "True";
	const ff = r.form_factor ?? "";
	const formFactor: Device["formFactor"] =
		ff === "soc" ? "soc" : ff === "laptop" ? "laptop" : ff === "workstation" ? "workstation" : ff === "datacenter" ? "datacenter" : "desktop";
	// Strix Halo runs llama.cpp on ROCm or Vulkan; ROCm is what AMD documents for gfx1151.
	const backend = BACKEND[vendor];
	const fp16 = r.fp16_tflops !== undefined && r.fp16_tflops !== "" ? Number(r.fp16_tflops) * 1e12 : null;
	return {
		name: r.name ?? "",
		vendor,
		kind: unified ? "unified" : "gpu",
		formFactor,
		backend,
		aliases: (r.aliases ?? "").split(";").filter((a) => a !== ""),
		bandwidthBytesPerSecond: Math.round(Number(r.bandwidth_gbs) * 1e9),
		fp16Flops: fp16,
		unifiedMemory: unified,
		releaseYear: r.release_year !== undefined && r.release_year !== "" ? Number(r.release_year) : null,
		source: [`catalog/sources/devices/gpus.csv row "${r.name}" (sources: ${(r.source ?? "").replace(/;/g, ", ")}; keys in ${SOURCE_DOC})`],
		notes: r.notes !== undefined && r.notes !== "" ? r.notes : null,
	};
}

export interface DeviceBuild {
	devices: Device[];
	skipped: string[];
}

export function buildDevices(csvText: string): DeviceBuild {
	// gpus.csv: a quote may open anywhere in a field; blank lines are skipped
	const rows = parseDelimited(csvText, ",", { quoteOpens: "anywhere", skipSingleFieldRows: true });
	const devices: Device[] = [];
	const skipped: string[] = [];
	for (const r of rows) {
		const name = r.name ?? "";
		if (r.vendor === "Google") {
			skipped.push(`${name}: TPUs have no llama.cpp/Ollama/vLLM-GPU backend we model`);
			continue;
		}
		if (r.bandwidth_gbs === "" || r.bandwidth_gbs === undefined) {
			skipped.push(`${name}: bandwidth not verified in gpus.csv`);
			continue;
		}
		const base = baseDevice(r);
		const extra = EXTRA_ALIASES[name] ?? [];
		const isApple = r.vendor === "Apple";
		const isStrix = name.startsWith("Ryzen AI Max");
		if (isApple || isStrix) {
			const options = isApple
				? APPLE_OPTION.exec(r.notes ?? "")?.[1]
						?.split("/")
						.map(Number)
				: [32, 64, 128];
			if (options === undefined || options.length === 0) {
				skipped.push(`${name}: memory options not verified`);
				continue;
			}
			const group = slug(
				isApple
					? name.replace(/\s*\(.*\)/, "").replace(/^Apple /, "apple ") + (name.includes("30-core") ? " 30c" : name.includes("32-core") ? " 32c" : "")
					: name.includes("395")
						? "strix halo 395"
						: "strix halo 390",
			);
			const shortNames = base.aliases;
			for (const gb of options) {
				const sized = shortNames.map((a) => `${a} ${gb}gb`);
				devices.push({
					...base,
					unifiedRule: isApple ? "apple" : "strix-halo",
					id: `${group}-${gb}gb`,
					name: `${name.replace(/ \(Strix Halo, Radeon 80[56]0S\)/, "")} ${gb}GB`,
					aliases: [...sized, ...(isStrix ? [] : [`${name.replace(/^Apple /, "")} ${gb}gb`])],
					memoryBytes: gb * GIB,
					group,
					notes:
						[base.notes, isStrix ? "sold with 32/64/128GB (notes column); llama.cpp runs on ROCm or Vulkan" : null].filter((n) => n !== null).join(" ") || null,
					// the plain chip name ("m3 max") resolves to the group; the resolver picks the largest size and says so
				});
			}
			continue;
		}
		const gb = Number(r.memory_gb);
		const id =
			ID_OVERRIDES[name] ??
			slug(
				name
					.replace(/^GeForce /, "")
					.replace(/^NVIDIA /, "")
					.replace(/^Radeon /, "radeon ")
					.replace(/^Instinct /, ""),
			);
		// memory variants of one card ("RTX 3060 12GB" / "RTX 3060 8GB") share a group named without the size
		const sized = /^(.*?)\s+\d+GB$/.exec(name);
		devices.push({
			...base,
			...(id === "dgx-spark" ? { unifiedRule: "gb10" as const } : {}),
			id,
			aliases: [...base.aliases, ...extra],
			memoryBytes: gb * GIB,
			group: sized !== null ? slug((sized[1] ?? "").replace(/^GeForce /, "").replace(/^NVIDIA /, "")) : null,
		});
	}
	return { devices, skipped };
}

const DGX_SOURCE =
	"NVIDIA DGX datasheets (DGX A100: 8× A100, 320 GB or 640 GB GPU memory, 1 TB / 2 TB system memory; DGX H100/H200: 8 GPUs, 2 TB system memory; DGX B200: 8 GPUs, 4 TB system memory) — vendor-spec-unverified";
const MAC_SOURCE = "Apple tech specs (chip and unified memory options per model) — memory sizes from gpus.csv notes";

export function buildSystems(devices: readonly Device[]): System[] {
	const have = new Set(devices.map((d) => d.id));
	const systems: System[] = [
		{
			id: "dgx-h100",
			name: "NVIDIA DGX H100",
			aliases: ["dgx h100", "dgx-h100", "hgx h100", "8x h100 server"],
			devices: [{ device: "h100-sxm", count: 8 }],
			systemMemoryBytes: 2048 * GIB,
			source: [DGX_SOURCE],
		},
		{
			id: "dgx-h200",
			name: "NVIDIA DGX H200",
			aliases: ["dgx h200", "hgx h200"],
			devices: [{ device: "h200-sxm", count: 8 }],
			systemMemoryBytes: 2048 * GIB,
			source: [DGX_SOURCE],
		},
		{
			id: "dgx-b200",
			name: "NVIDIA DGX B200",
			aliases: ["dgx b200", "hgx b200"],
			devices: [{ device: "b200", count: 8 }],
			systemMemoryBytes: 4096 * GIB,
			source: [DGX_SOURCE],
		},
		{
			id: "dgx-a100-640gb",
			name: "NVIDIA DGX A100 640GB",
			aliases: ["dgx a100 640gb", "dgx a100", "hgx a100 80gb", "dgx a100 80gb"],
			devices: [{ device: "a100-sxm-80gb", count: 8 }],
			systemMemoryBytes: 2048 * GIB,
			source: [DGX_SOURCE],
		},
		{
			id: "dgx-a100-320gb",
			name: "NVIDIA DGX A100 320GB",
			aliases: ["dgx a100 320gb", "dgx a100 40gb", "hgx a100 40gb"],
			devices: [{ device: "a100-sxm-40gb", count: 8 }],
			systemMemoryBytes: 1024 * GIB,
			source: [DGX_SOURCE],
		},
	];
	const mac = (product: string, productAliases: string[], group: string, sizes: number[]): void => {
		for (const gb of sizes) {
			const device = `${group}-${gb}gb`;
			if (!have.has(device)) continue;
			systems.push({
				id: `${slug(product)}-${group.replace(/^apple-/, "")}-${gb}gb`,
				name: `${product} (${group
					.replace(/^apple-/, "")
					.toUpperCase()
					.replace(/-/g, " ")}, ${gb}GB)`,
				aliases: productAliases.map((a) => `${a} ${group.replace(/^apple-/, "").replace(/-/g, " ")} ${gb}gb`),
				devices: [{ device, count: 1 }],
				systemMemoryBytes: null,
				source: [MAC_SOURCE],
			});
		}
	};
	mac("Mac Studio", ["mac studio"], "apple-m1-max", [32, 64]);
	mac("Mac Studio", ["mac studio"], "apple-m1-ultra", [64, 128]);
	mac("Mac Studio", ["mac studio"], "apple-m2-max", [32, 64, 96]);
	mac("Mac Studio", ["mac studio"], "apple-m2-ultra", [64, 128, 192]);
	mac("Mac Studio", ["mac studio"], "apple-m3-ultra", [96, 256, 512]);
	mac("Mac Studio", ["mac studio"], "apple-m4-max", [48, 64, 128]);
	mac("Mac mini", ["mac mini"], "apple-m4", [16, 24, 32]);
	mac("Mac mini", ["mac mini"], "apple-m4-pro", [24, 48, 64]);
	mac("MacBook Pro", ["macbook pro", "mbp"], "apple-m3-max", [48, 64, 128]);
	mac("MacBook Pro", ["macbook pro", "mbp"], "apple-m4-max", [48, 64, 128]);
	mac("MacBook Pro", ["macbook pro", "mbp"], "apple-m4-pro", [24, 48]);
	mac("MacBook Pro", ["macbook pro", "mbp"], "apple-m1-max", [32, 64]);
	mac("MacBook Air", ["macbook air", "mba"], "apple-m2", [8, 16, 24]);
	mac("MacBook Air", ["macbook air", "mba"], "apple-m3", [8, 16, 24]);
	mac("MacBook Air", ["macbook air", "mba"], "apple-m4", [16, 24, 32]);
	return systems;
}

/** One device of catalog/sources/devices/additions.json (each fact with its own source). */
interface AdditionRow {
	name: string;
	id?: string;
	group?: string;
	vendor: Device["vendor"];
	kind: "gpu" | "unified";
	formFactor: Device["formFactor"];
	aliases: string[];
	memoryGb: number[];
	memoryType: string;
	/** stated by a page */
	bandwidthGbs?: number;
	/** or derived from the bus: busBits / 8 × transferMTs */
	busBits?: number;
	transferMTs?: number;
	releaseYear: number | null;
	sources: { memory: string; bandwidth: string };
	derived: string | null;
	notes: string | null;
}

/** One CPU of catalog/sources/devices/cpus.json. */
interface CpuRow {
	name: string;
	id?: string;
	vendor: Device["vendor"];
	aliases: string[];
	/** 64-bit DDR channels × transferMTs, or a stated bandwidthGbs (with memoryGb when the RAM is fixed) */
	channels?: number;
	memoryType: string;
	transferMTs?: number;
	bandwidthGbs?: number;
	memoryGb?: number;
	releaseYear: number | null;
	sources: Record<string, string>;
}

interface GenericCpuRow {
	id: string;
	name: string;
	memoryType: string;
	channels: number;
	transferMTs: number;
	words: string[];
	sources: Record<string, string>;
}

interface BrandsFile {
	chipBrands: ({ group: string; names: string[]; source: string } | { device: string; names: string[]; source: string })[];
	systems: { id: string; name: string; aliases: string[]; devices: { device: string; count: number }[]; systemMemoryGb: number | null; source: string }[];
}

/** Bytes per transfer of one 64-bit DDR channel. */
const DDR_CHANNEL_BYTES = 8;
/**
 * The placeholder size of a kind-"cpu" row (schema: ramFromUser). Never an answer's RAM: the parser
 * sizes a named CPU with the RAM typed after it and asks for it otherwise.
 */
const CPU_PLACEHOLDER_BYTES_PER_CHANNEL = GIB;

const ADDITION_BACKEND: Record<Device["vendor"], Device["backend"]> = { ...BACKEND, qualcomm: "vulkan" };

function dedupe(names: readonly string[]): string[] {
	return [...new Set(names)];
}

function additionBandwidth(r: AdditionRow): number {
	if (r.bandwidthGbs !== undefined) return Math.round(r.bandwidthGbs * 1e9);
	if (r.busBits !== undefined && r.transferMTs !== undefined) return Math.round((r.busBits / 8) * r.transferMTs * 1e6);
	throw new Error(`additions.json ${r.name}: neither bandwidthGbs nor busBits × transferMTs`);
}

/** The devices of additions.json: one per memory size; several sizes (or a unified chip) share a group. */
export function buildAdditions(rows: readonly AdditionRow[]): Device[] {
	const out: Device[] = [];
	for (const r of rows) {
		const base =
			r.id ??
			slug(
				r.name
					.replace(/^GeForce /, "")
					.replace(/\s*\((.*)\)\s*$/, " $1")
					.replace(/^Radeon (?=RX)/, "radeon "),
			);
		const grouped = r.group !== undefined || r.memoryGb.length > 1 || r.kind === "unified";
		const group = r.group ?? (grouped ? base.replace(/-\d+gb$/, "") : null);
		const largest = Math.max(...r.memoryGb);
		const memory =
			r.busBits !== undefined && r.transferMTs !== undefined ? { memory: { type: r.memoryType, busBits: r.busBits, transferMTs: r.transferMTs } } : {};
		for (const gb of r.memoryGb) {
			const sized = r.memoryGb.length > 1 || r.kind === "unified";
			// unsized names go on the largest size only (names are unique); the resolver reads the group
			const names = sized ? [...r.aliases.map((a) => `${a} ${gb}gb`), ...(gb === largest ? r.aliases : [])] : r.aliases;
			out.push({
				name: sized ? `${r.name} ${gb}GB` : r.name,
				vendor: r.vendor,
				kind: r.kind,
				formFactor: r.formFactor,
				backend: ADDITION_BACKEND[r.vendor],
				aliases: dedupe(names),
				bandwidthBytesPerSecond: additionBandwidth(r),
				fp16Flops: null,
				unifiedMemory: r.kind === "unified",
				releaseYear: r.releaseYear,
				source: [
					`catalog/sources/devices/additions.json "${r.name}": memory: ${r.sources.memory}`,
					`bandwidth: ${r.sources.bandwidth}${r.derived !== null ? ` (${r.derived})` : ""}`,
				],
				notes: r.notes,
				id: sized ? `${group ?? base}-${gb}gb` : base,
				memoryBytes: gb * GIB,
				group,
				...memory,
				...(r.kind === "unified" ? { unifiedRule: r.vendor === "apple" ? ("apple" as const) : ("igpu" as const) } : {}),
			});
		}
	}
	return out;
}

/** CPUs as devices: decode from RAM at channels × 8 B × MT/s (or a stated bandwidth). */
export function buildCpus(rows: readonly CpuRow[], generic: readonly GenericCpuRow[]): Device[] {
	const cpu = (
		id: string,
		name: string,
		vendor: Device["vendor"],
		aliases: string[],
		bandwidth: number,
		memoryBytes: number,
		fromUser: boolean,
		memory: Device["memory"],
		source: string[],
		releaseYear: number | null,
		notes: string,
	): Device => ({
		name,
		vendor,
		kind: "cpu",
		formFactor: "desktop",
		backend: "cpu",
		aliases,
		bandwidthBytesPerSecond: bandwidth,
		fp16Flops: null,
		unifiedMemory: false,
		releaseYear,
		source,
		notes,
		id,
		memoryBytes,
		group: null,
		...(memory !== undefined ? { memory } : {}),
		...(fromUser ? { ramFromUser: true as const } : {}),
	});
	const out: Device[] = [];
	for (const r of rows) {
		const id = r.id ?? slug(r.name.replace(/\s*\((.*)\)\s*$/, " $1"));
		const src = Object.entries(r.sources).map(([k, v]) => `catalog/sources/devices/cpus.json "${r.name}" ${k}: ${v}`);
		if (r.bandwidthGbs !== undefined && r.memoryGb !== undefined) {
			out.push(
				cpu(
					id,
					r.name,
					r.vendor,
					r.aliases,
					Math.round(r.bandwidthGbs * 1e9),
					r.memoryGb * GIB,
					false,
					undefined,
					src,
					r.releaseYear,
					`${r.memoryGb} GB ${r.memoryType} at ${r.bandwidthGbs} GB/s`,
				),
			);
			continue;
		}
		if (r.channels === undefined || r.transferMTs === undefined) throw new Error(`cpus.json ${r.name}: channels and transferMTs are needed`);
		const bw = r.channels * DDR_CHANNEL_BYTES * r.transferMTs * 1e6;
		out.push(
			cpu(
				id,
				r.name,
				r.vendor,
				r.aliases,
				bw,
				r.channels * CPU_PLACEHOLDER_BYTES_PER_CHANNEL,
				true,
				{ type: r.memoryType, channels: r.channels, transferMTs: r.transferMTs },
				src,
				r.releaseYear,
				`${r.channels}-channel ${r.memoryType}-${r.transferMTs}: ${(bw / 1e9).toFixed(1)} GB/s; the RAM size is yours`,
			),
		);
	}
	for (const g of generic) {
		const bw = g.channels * DDR_CHANNEL_BYTES * g.transferMTs * 1e6;
		const src = Object.entries(g.sources).map(([k, v]) => `catalog/sources/devices/cpus.json generic "${g.id}" ${k}: ${v}`);
		out.push(
			cpu(
				g.id,
				g.name,
				"generic",
				[],
				bw,
				g.channels * CPU_PLACEHOLDER_BYTES_PER_CHANNEL,
				true,
				{ type: g.memoryType, channels: g.channels, transferMTs: g.transferMTs },
				src,
				null,
				`a typical desktop CPU: ${g.channels}-channel ${g.memoryType}-${g.transferMTs}, ${(bw / 1e9).toFixed(1)} GB/s`,
			),
		);
	}
	return out;
}

/** Brand names on chips (every size of a group) and whole systems from brands.json. */
function applyBrands(devices: Device[], brands: BrandsFile): System[] {
	for (const b of brands.chipBrands) {
		const members = "group" in b ? devices.filter((d) => d.group === b.group) : devices.filter((d) => d.id === b.device);
		if (members.length === 0) throw new Error(`brands.json: no device for ${"group" in b ? b.group : b.device}`);
		const largest = members.reduce((a, d) => (d.memoryBytes > a.memoryBytes ? d : a));
		for (const d of members) {
			const gb = Math.round(d.memoryBytes / GIB);
			const names = members.length > 1 ? b.names.map((n) => `${n} ${gb}gb`) : [];
			if (d === largest) names.push(...b.names);
			d.aliases = dedupe([...d.aliases, ...names]);
			d.source = [...d.source, `brand names (${b.names.join(", ")}): ${b.source}`];
		}
	}
	return brands.systems.map((s) => ({
		id: s.id,
		name: s.name,
		aliases: s.aliases,
		devices: s.devices,
		systemMemoryBytes: s.systemMemoryGb === null ? null : s.systemMemoryGb * GIB,
		source: [`catalog/sources/devices/brands.json "${s.id}": ${s.source}`],
	}));
}

/**
 * Every device and system from the files in `dir` (catalog/sources/devices): nothing outside it is
 * read. The CSV rows first (their order is the catalog's), then the additions, CPUs and systems.
 */
export function buildDeviceCatalog(dir: string): { devices: Device[]; systems: System[]; skipped: string[] } {
	const read = (file: string): string => readFileSync(join(dir, file), "utf8");
	const { devices, skipped } = buildDevices(read("gpus.csv"));
	const additions = JSON.parse(read("additions.json")) as { devices: AdditionRow[]; unsourced: string[] };
	const cpus = JSON.parse(read("cpus.json")) as { cpus: CpuRow[]; generic: GenericCpuRow[] };
	const brands = JSON.parse(read("brands.json")) as BrandsFile & { unsourced: string[] };
	const added = buildAdditions(additions.devices);
	// a CSV row left out for a missing fact that additions.json supplies is not "left out"
	const suppliedNames = new Set(additions.devices.map((r) => r.name));
	const stillSkipped = skipped.filter((s) => !suppliedNames.has(s.slice(0, s.indexOf(":"))));
	skipped.length = 0;
	skipped.push(...stillSkipped);
	devices.push(...added, ...buildCpus(cpus.cpus, cpus.generic));
	const brandSystems = applyBrands(devices, brands);
	const systems = [...buildSystems(devices), ...brandSystems];
	for (const u of [...additions.unsourced, ...brands.unsourced]) skipped.push(`unsourced: ${u}`);
	return { devices, systems, skipped };
}
