/**
 * Models built from fact rows (catalog/sources/models/fact-models.json): a verbatim row of llmfit's
 * scrape of the Hugging Face config and API (layers, hidden size, heads, KV heads, head_dim, FFN width
 * (its `moe_intermediate_size` column holds the dense FFN width for dense models), vocabulary, context
 * and the exact safetensors parameter count) plus our curation. Only plain dense decoders are built
 * this way, and only when the engine's tensor count equals the published parameter count exactly:
 * that equality also decides whether the embeddings are tied, which the scrape does not record.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Model } from "../src/catalog/schema.js";
import { countParams } from "../src/engine/tensorTable.js";
import { mapConfig } from "../src/hub/config-model.js";
import { bareTagPolicy, dedupe } from "./build-catalog-models.js";

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);
const count = z.number().int().positive();

const LlmfitRowSchema = z.looseObject({
	name: z.string(),
	parameters_raw: count,
	architecture: z.string(),
	context_length: count,
	release_date: z.string().nullable(),
	num_hidden_layers: count,
	num_attention_heads: count,
	num_key_value_heads: count,
	head_dim: count,
	hidden_size: count,
	vocab_size: count,
	moe_intermediate_size: count,
});

const FactRowSchema = z.strictObject({
	llmfit: LlmfitRowSchema,
	source: z.string().min(1),
	id,
	name: z.string().min(1),
	family: z.string().min(1),
	publisher: z.string().min(1),
	aliases: z.array(z.string().min(1)),
	ollamaTags: z.array(z.string().min(1)),
	license: z.string().min(1),
	flagship: z.boolean().optional(),
	relations: z.strictObject({ baseModel: id.optional(), smallerSiblings: z.array(id).optional() }).optional(),
});
type FactRow = z.infer<typeof FactRowSchema>;

/** HF architecture class of the dense families built from fact rows. */
const ARCHITECTURES: Record<string, string> = {
	llama: "LlamaForCausalLM",
	qwen2: "Qwen2ForCausalLM",
	qwen3: "Qwen3ForCausalLM",
	granite: "GraniteForCausalLM",
};

/** The month of the scrape's commit: release dates the scrape lacks are "public by then". */
const SCRAPE_MONTH = "2026-05";

function factRowModel(row: FactRow): Model {
	const r = row.llmfit;
	const architecture = ARCHITECTURES[r.architecture];
	if (architecture === undefined) throw new Error(`${r.name}: ${r.architecture} is not a plain dense family`);
	const build = (tied: boolean): Model => {
		const { facts } = mapConfig({
			architectures: [architecture],
			model_type: r.architecture,
			num_hidden_layers: r.num_hidden_layers,
			hidden_size: r.hidden_size,
			num_attention_heads: r.num_attention_heads,
			num_key_value_heads: r.num_key_value_heads,
			head_dim: r.head_dim,
			intermediate_size: r.moe_intermediate_size,
			vocab_size: r.vocab_size,
			max_position_embeddings: r.context_length,
			tie_word_embeddings: tied,
			torch_dtype: "bfloat16",
		});
		return {
			id: row.id,
			name: row.name,
			family: row.family,
			publisher: row.publisher,
			aliases: dedupe([r.name, ...row.aliases]),
			ollamaTags: bareTagPolicy(row.ollamaTags, row.flagship === true),
			hfRepo: r.name,
			...facts,
			totalParams: r.parameters_raw,
			activeParams: r.parameters_raw,
			visionParams: 0,
			license: row.license,
			releaseDate: r.release_date ?? SCRAPE_MONTH,
			relations: { distilledFrom: [], baseModel: row.relations?.baseModel ?? null, smallerSiblings: row.relations?.smallerSiblings ?? [] },
			...(row.flagship === true ? { flagship: true } : {}),
			source: [
				`${row.source} (row ${r.name}: ${r.num_hidden_layers} layers, hidden ${r.hidden_size}, ${r.num_attention_heads}/${r.num_key_value_heads} heads × ${r.head_dim}, FFN ${r.moe_intermediate_size}, vocab ${r.vocab_size}, context ${r.context_length}, ${r.parameters_raw} parameters; vendored in catalog/sources/models/fact-models.json)`,
				`tie_word_embeddings = ${tied}: the only setting whose tensor count equals the published ${r.parameters_raw} exactly`,
				...(r.release_date === null ? [`releaseDate: month of the scrape (${SCRAPE_MONTH}); the model was public by then`] : []),
			],
			notes: null,
		};
	};
	const matches = [false, true].map(build).filter((m) => countParams(m).total === r.parameters_raw);
	const only = matches[0];
	if (only === undefined || matches.length !== 1) {
		throw new Error(`${r.name}: no single embedding setting reproduces the published ${r.parameters_raw} parameters; the row's facts do not add up`);
	}
	return only;
}

/** Every model of fact-models.json, in file order. */
export function loadFactRowModels(modelsDir: string): Model[] {
	const rows = z.array(FactRowSchema).parse(JSON.parse(readFileSync(join(modelsDir, "fact-models.json"), "utf8")));
	return rows.map(factRowModel);
}
