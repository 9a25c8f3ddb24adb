/**
 * Devices from ../shared/catalog-sources/gpus.csv. Memory convention: a card marketed as "24GB" has
 * ~24 GiB usable (nvidia-smi shows 24564 MiB for an RTX 4090), so memoryBytes = memory_gb × 2^30 for
 * GPUs; Apple/AMD unified memory is sold in GiB as well. Apple chips and Strix Halo are expanded to one
 * entry per memory size sold (the options are in the CSV's notes column), sharing a `group`.
 */
import type { Device, System } from "../src/catalog/schema.js";

const GIB = 2 ** 30;
const SOURCE_DOC = "../shared/catalog-sources/SOURCES.md source keys";

/** Parse a simple CSV (quoted fields allowed). */
export function parseCsv(text: string): Record<string, string>[] {
	const rows: string[][] = [];
	let field = "";
	let row: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ",") {
			row.push(field);
			field = "";
		} else if (c === "\n") {
			row.push(field);
			rows.push(row);
			row = [];
			field = "";
		} else if (c !== "\r") field += c;
	}
	if (field !== "" || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...body] = rows;
	if (header === undefined) return [];
	return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

export function slug(s: string): string {
	return s
		.toLowerCase()
		.replace(/\+/g, "-plus")
		.replace(/[^a-z0-9.]+/g, "-")
		.replace(/^-+|-+$/g, "");
}

const VENDOR: Record<string, Device["vendor"]> = { NVIDIA: "nvidia", AMD: "amd", Intel: "intel", Apple: "apple", Google: "google" };
const BACKEND: Record<Device["vendor"], Device["backend"]> = { nvidia: "cuda", amd: "rocm", intel: "sycl", apple: "metal", google: "cpu", qualcomm: "vulkan", generic: "cuda" };

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
	const formFactor: Device["formFactor"] = ff === "soc" ? "soc" : ff === "laptop" ? "laptop" : ff === "workstation" ? "workstation" : ff === "datacenter" ? "datacenter" : "desktop";
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
		source: [`../shared/catalog-sources/gpus.csv row "${r.name}" (sources: ${(r.source ?? "").replace(/;/g, ", ")}; keys in ${SOURCE_DOC})`],
		notes: r.notes !== undefined && r.notes !== "" ? r.notes : null,
	};
}

export interface DeviceBuild {
	devices: Device[];
	skipped: string[];
}

export function buildDevices(csvText: string): DeviceBuild {
	const rows = parseCsv(csvText);
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
			const options = isApple ? APPLE_OPTION.exec(r.notes ?? "")?.[1]?.split("/").map(Number) : [32, 64, 128];
			if (options === undefined || options.length === 0) {
				skipped.push(`${name}: memory options not verified`);
				continue;
			}
			const group = slug(isApple ? name.replace(/\s*\(.*\)/, "").replace(/^Apple /, "apple ") + (name.includes("30-core") ? " 30c" : name.includes("32-core") ? " 32c" : "") : name.includes("395") ? "strix halo 395" : "strix halo 390");
			const shortNames = base.aliases;
			for (const gb of options) {
				const sized = shortNames.map((a) => `${a} ${gb}gb`);
				devices.push({
					...base,
					id: `${group}-${gb}gb`,
					name: `${name.replace(/ \(Strix Halo, Radeon 80[56]0S\)/, "")} ${gb}GB`,
					aliases: [...sized, ...(isStrix ? [] : [`${name.replace(/^Apple /, "")} ${gb}gb`])],
					memoryBytes: gb * GIB,
					group,
					notes: [base.notes, isStrix ? "sold with 32/64/128GB (notes column); llama.cpp runs on ROCm or Vulkan" : null].filter((n) => n !== null).join(" ") || null,
					// the plain chip name ("m3 max") resolves to the group; the resolver picks the largest size and says so
				});
			}
			continue;
		}
		const gb = Number(r.memory_gb);
		const id = ID_OVERRIDES[name] ?? slug(name.replace(/^GeForce /, "").replace(/^NVIDIA /, "").replace(/^Radeon /, "radeon ").replace(/^Instinct /, ""));
		// memory variants of one card ("RTX 3060 12GB" / "RTX 3060 8GB") share a group named without the size
		const sized = /^(.*?)\s+\d+GB$/.exec(name);
		devices.push({
			...base,
			id,
			aliases: [...base.aliases, ...extra],
			memoryBytes: gb * GIB,
			group: sized !== null ? slug((sized[1] ?? "").replace(/^GeForce /, "").replace(/^NVIDIA /, "")) : null,
		});
	}
	return { devices, skipped };
}

const DGX_SOURCE = "NVIDIA DGX datasheets (DGX A100: 8× A100, 320 GB or 640 GB GPU memory, 1 TB / 2 TB system memory; DGX H100/H200: 8 GPUs, 2 TB system memory; DGX B200: 8 GPUs, 4 TB system memory) — vendor-spec-unverified";
const MAC_SOURCE = "Apple tech specs (chip and unified memory options per model) — memory sizes from gpus.csv notes";

export function buildSystems(devices: readonly Device[]): System[] {
	const have = new Set(devices.map((d) => d.id));
	const systems: System[] = [
		{ id: "dgx-h100", name: "NVIDIA DGX H100", aliases: ["dgx h100", "dgx-h100", "hgx h100", "8x h100 server"], devices: [{ device: "h100-sxm", count: 8 }], systemMemoryBytes: 2048 * GIB, source: [DGX_SOURCE] },
		{ id: "dgx-h200", name: "NVIDIA DGX H200", aliases: ["dgx h200", "hgx h200"], devices: [{ device: "h200-sxm", count: 8 }], systemMemoryBytes: 2048 * GIB, source: [DGX_SOURCE] },
		{ id: "dgx-b200", name: "NVIDIA DGX B200", aliases: ["dgx b200", "hgx b200"], devices: [{ device: "b200", count: 8 }], systemMemoryBytes: 4096 * GIB, source: [DGX_SOURCE] },
		{ id: "dgx-a100-640gb", name: "NVIDIA DGX A100 640GB", aliases: ["dgx a100 640gb", "dgx a100", "hgx a100 80gb", "dgx a100 80gb"], devices: [{ device: "a100-sxm-80gb", count: 8 }], systemMemoryBytes: 2048 * GIB, source: [DGX_SOURCE] },
		{ id: "dgx-a100-320gb", name: "NVIDIA DGX A100 320GB", aliases: ["dgx a100 320gb", "dgx a100 40gb", "hgx a100 40gb"], devices: [{ device: "a100-sxm-40gb", count: 8 }], systemMemoryBytes: 1024 * GIB, source: [DGX_SOURCE] },
		{ id: "framework-desktop-128gb", name: "Framework Desktop (Ryzen AI Max+ 395, 128GB)", aliases: ["framework desktop", "framework desktop 128gb"], devices: [{ device: "strix-halo-395-128gb", count: 1 }], systemMemoryBytes: null, source: ["gpus.csv Ryzen AI Max+ 395 row (alias framework desktop; 32/64/128GB configs)"] },
	];
	const mac = (product: string, productAliases: string[], group: string, sizes: number[]): void => {
		for (const gb of sizes) {
			const device = `${group}-${gb}gb`;
			if (!have.has(device)) continue;
			systems.push({ id: `${slug(product)}-${group.replace(/^apple-/, "")}-${gb}gb`, name: `${product} (${group.replace(/^apple-/, "").toUpperCase().replace(/-/g, " ")}, ${gb}GB)`, aliases: productAliases.map((a) => `${a} ${group.replace(/^apple-/, "").replace(/-/g, " ")} ${gb}gb`), devices: [{ device, count: 1 }], systemMemoryBytes: null, source: [MAC_SOURCE] });
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
