/**
 * Models built from vendored Hugging Face config.json files: catalog/sources/models/configs/<Org>--<Model>.json
 * (verbatim copies; configs/PROVENANCE.json says where each came from) plus one curation row each in
 * catalog/sources/models/hub-models.json (id, names, family, license, relations). The architecture is
 * read by the same mapper the Hub estimates use (src/hub/config-model.ts), so a vendored model and a
 * Hub lookup of the same repo agree. Parameter totals are the engine's count of the config's tensors
 * (tensors.ts countParams) unless the row cites a published count; tests/catalog/config-models.test.ts
 * checks them against the published sizes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Model } from "../src/catalog/schema.js";
import { countParams } from "../src/engine/tensorTable.js";
import { HubConfigSchema, mapConfig } from "../src/hub/config-model.js";
import { bareTagPolicy, dedupe } from "./build-catalog-models.js";

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);

/** One curation row of hub-models.json. */
export const ConfigRowSchema = z.strictObject({
	/** file name under configs/ */
	config: z.string().regex(/^[A-Za-z0-9._-]+--[A-Za-z0-9._-]+\.json$/),
	/** where the vendored file came from (repo@commit:path), copied from configs/PROVENANCE.json */
	configSource: z.string().min(1),
	/** when the architecture comes from a derived repo (FP8/NVFP4 copy), why it is the same model */
	configNote: z.string().optional(),
	id,
	name: z.string().min(1),
	family: z.string().min(1),
	publisher: z.string().min(1),
	hfRepo: z.string().min(1),
	aliases: z.array(z.string().min(1)),
	ollamaTags: z.array(z.string().min(1)),
	license: z.string().min(1),
	/** YYYY-MM: the month the config was first vendored by the source repository (the model was out by then) */
	releaseDate: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
	/** the size in the model's name (27B, 397B-A17B): checked against the computed count, never used as a fact */
	nominalParams: z.number().positive(),
	activeNominal: z.number().positive().optional(),
	nominalSource: z.string().optional(),
	/**
	 * the release precision when the vendored config copy does not carry its quantization_config (an
	 * abridged copy, or a derived repo's config): "int4" = compressed-tensors INT4 routed experts (NATIVE-INT4)
	 */
	native: z.strictObject({ dtype: z.enum(["int4"]), source: z.string().min(1) }).optional(),
	/** a published parameter count (safetensors total) that replaces the computed one */
	totalParams: z.strictObject({ value: z.number().int().positive(), source: z.string().min(1) }).optional(),
	flagship: z.boolean().optional(),
	relations: z.strictObject({ distilledFrom: z.array(id).optional(), baseModel: id.optional(), smallerSiblings: z.array(id).optional() }).optional(),
	notes: z.string().optional(),
});
export type ConfigRow = z.infer<typeof ConfigRowSchema>;

const record = z.record(z.string(), z.unknown());

/**
 * Parameters of a Qwen3-VL / Qwen3.5 vision tower from its vision_config (transformers
 * modeling_qwen3_vl.py: Conv3d patch embedding with bias, learned position embedding, `depth` ViT blocks
 * of LayerNorm + qkv/proj with bias + a plain GELU MLP with bias, the patch merger over
 * spatial_merge_size² patches and one post-shuffle-norm merger per deepstack index). Checked exactly
 * against Qwen/Qwen3-VL-2B-Instruct's safetensors count (2,127,532,032; llmfit scrape) in the tests.
 */
export function qwenVisionParams(vision: Record<string, unknown>): number {
	const n = (k: string): number => {
		const v = vision[k];
		if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`vision_config.${k} is not a count`);
		return v;
	};
	const h = n("hidden_size");
	const f = n("intermediate_size");
	const m = n("spatial_merge_size");
	const out = n("out_hidden_size");
	const hm = h * m * m;
	const deepstack = Array.isArray(vision["deepstack_visual_indexes"]) ? vision["deepstack_visual_indexes"].length : 0;
	const patch = n("in_channels") * n("temporal_patch_size") * n("patch_size") ** 2 * h + h;
	const pos = n("num_position_embeddings") * h;
	const block = 4 * h + (3 * h * h + 3 * h) + (h * h + h) + (h * f + f) + (f * h + h);
	const merger = 2 * h + (hm * hm + hm) + (hm * out + out);
	const deepstackMerger = 2 * hm + (hm * hm + hm) + (hm * out + out);
	return patch + pos + n("depth") * block + merger + deepstack * deepstackMerger;
}

/** The vision tower's parameters when the config's vision_config is one we can count, else 0. */
function visionParamsOf(config: Record<string, unknown>): number {
	const vision = record.safeParse(config["vision_config"]);
	if (!vision.success) return 0;
	const type = String(vision.data["model_type"] ?? "");
	return /^qwen3_(vl|5)/.test(type) ? qwenVisionParams(vision.data) : 0;
}

/** Builds the catalog Model of one row from its vendored config. */
export function configRowModel(row: ConfigRow, config: Record<string, unknown>): Model {
	const { facts, assumed } = mapConfig(HubConfigSchema.parse(config));
	const visionParams = visionParamsOf(config);
	const draft: Model = {
		id: row.id,
		name: row.name,
		family: row.family,
		publisher: row.publisher,
		aliases: dedupe([row.hfRepo, ...row.aliases]),
		ollamaTags: bareTagPolicy(row.ollamaTags, row.flagship === true),
		hfRepo: row.hfRepo,
		...facts,
		...(row.native !== undefined ? { nativeDtype: row.native.dtype } : {}),
		totalParams: 1,
		activeParams: 1,
		visionParams,
		license: row.license,
		releaseDate: row.releaseDate,
		relations: {
			distilledFrom: row.relations?.distilledFrom ?? [],
			baseModel: row.relations?.baseModel ?? null,
			smallerSiblings: row.relations?.smallerSiblings ?? [],
		},
		...(row.flagship === true ? { flagship: true } : {}),
		source: [],
		notes: null,
	};
	const counted = countParams(draft);
	const total = row.totalParams?.value ?? counted.total;
	const source = [
		`${row.configSource} (${row.configSource.startsWith("transcription") ? "" : "verbatim config.json; "}${row.configNote !== undefined ? `${row.configNote}; ` : ""}vendored in catalog/sources/models/configs/${row.config})`,
		row.totalParams !== undefined
			? `total parameters: ${row.totalParams.source}`
			: `total and active parameters: counted from the config's tensors by the engine (src/engine/tensors.ts countParams${visionParams > 0 ? "; vision tower from vision_config, scripts/build-catalog-configs.ts qwenVisionParams" : ""})`,
		`releaseDate: month the config was first vendored by ${row.configSource.split("@")[0]} (the model was public by then)`,
		...(row.native !== undefined ? [`release precision ${row.native.dtype}: ${row.native.source}`] : []),
	];
	const notes = [row.notes, assumed.length > 0 ? `Read from config.json with these defaults: ${assumed.join("; ")}.` : undefined].filter(
		(n) => n !== undefined,
	);
	const totalParams = Math.round(total);
	return { ...draft, totalParams, activeParams: draft.moe === null ? totalParams : counted.active, source, notes: notes.length > 0 ? notes.join(" ") : null };
}

/**
 * Parses a config.json as Python's json.dump writes it: transformers may emit bare Infinity / NaN
 * (Nemotron 3's time_step_limit), which JSON.parse refuses; they become null (no sized field uses them).
 */
export function parseConfigJson(text: string): unknown {
	return JSON.parse(text.replace(/([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, "$1null"));
}

/** Every model of hub-models.json, in file order. */
export function loadVendoredConfigModels(modelsDir: string): Model[] {
	const rows = z.array(ConfigRowSchema).parse(JSON.parse(readFileSync(join(modelsDir, "hub-models.json"), "utf8")));
	return rows.map((row) => {
		const config = record.parse(parseConfigJson(readFileSync(join(modelsDir, "configs", row.config), "utf8")));
		try {
			return configRowModel(row, config);
		} catch (e) {
			throw new Error(`hub-models.json ${row.id} (${row.config}): ${e instanceof Error ? e.message : String(e)}`);
		}
	});
}
