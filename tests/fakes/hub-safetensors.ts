/**
 * Builds safetensors files for the fake Hub: an 8-byte little-endian header length, the JSON
 * header (dtype, shape, data_offsets per tensor), then the data (zeros). Format:
 * huggingface/safetensors README "Format".
 */

export interface SafetensorSpec {
	name: string;
	dtype: "BF16" | "F16" | "F32" | "I32" | "U8";
	shape: number[];
}

const DTYPE_BYTES: Record<SafetensorSpec["dtype"], number> = { BF16: 2, F16: 2, F32: 4, I32: 4, U8: 1 };

export function writeSafetensors(tensors: SafetensorSpec[], metadata?: Record<string, string>): Buffer {
	const header: Record<string, unknown> = {};
	if (metadata) header["__metadata__"] = metadata;
	let offset = 0;
	for (const t of tensors) {
		const bytes = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
		header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
		offset += bytes;
	}
	let json = Buffer.from(JSON.stringify(header), "utf8");
	// the format pads the header with spaces to 8-byte alignment
	const pad = (8 - (json.byteLength % 8)) % 8;
	json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
	const prefix = Buffer.alloc(8);
	prefix.writeBigUInt64LE(BigInt(json.byteLength));
	return Buffer.concat([prefix, json, Buffer.alloc(offset)]);
}

export function elementCount(tensors: SafetensorSpec[]): number {
	return tensors.reduce((acc, t) => acc + t.shape.reduce((a, b) => a * b, 1), 0);
}

/** HF tensor names and shapes ([out, in]) of a Llama-style decoder, as modeling_llama.py creates them. */
export function llamaTensors(c: {
	layers: number;
	hidden: number;
	heads: number;
	kvHeads: number;
	headDim: number;
	ff: number;
	vocab: number;
	tied: boolean;
	qkvBias?: boolean;
	experts?: { count: number; ff: number };
}): SafetensorSpec[] {
	const t: SafetensorSpec[] = [{ name: "model.embed_tokens.weight", dtype: "BF16", shape: [c.vocab, c.hidden] }];
	for (let i = 0; i < c.layers; i++) {
		const p = `model.layers.${i}`;
		t.push(
			{ name: `${p}.input_layernorm.weight`, dtype: "BF16", shape: [c.hidden] },
			{ name: `${p}.post_attention_layernorm.weight`, dtype: "BF16", shape: [c.hidden] },
			{ name: `${p}.self_attn.q_proj.weight`, dtype: "BF16", shape: [c.heads * c.headDim, c.hidden] },
			{ name: `${p}.self_attn.k_proj.weight`, dtype: "BF16", shape: [c.kvHeads * c.headDim, c.hidden] },
			{ name: `${p}.self_attn.v_proj.weight`, dtype: "BF16", shape: [c.kvHeads * c.headDim, c.hidden] },
			{ name: `${p}.self_attn.o_proj.weight`, dtype: "BF16", shape: [c.hidden, c.heads * c.headDim] },
		);
		if (c.qkvBias) {
			t.push(
				{ name: `${p}.self_attn.q_proj.bias`, dtype: "BF16", shape: [c.heads * c.headDim] },
				{ name: `${p}.self_attn.k_proj.bias`, dtype: "BF16", shape: [c.kvHeads * c.headDim] },
				{ name: `${p}.self_attn.v_proj.bias`, dtype: "BF16", shape: [c.kvHeads * c.headDim] },
			);
		}
		if (c.experts) {
			t.push({ name: `${p}.mlp.gate.weight`, dtype: "BF16", shape: [c.experts.count, c.hidden] });
			for (let e = 0; e < c.experts.count; e++) {
				t.push(
					{ name: `${p}.mlp.experts.${e}.gate_proj.weight`, dtype: "BF16", shape: [c.experts.ff, c.hidden] },
					{ name: `${p}.mlp.experts.${e}.up_proj.weight`, dtype: "BF16", shape: [c.experts.ff, c.hidden] },
					{ name: `${p}.mlp.experts.${e}.down_proj.weight`, dtype: "BF16", shape: [c.hidden, c.experts.ff] },
				);
			}
		} else {
			t.push(
				{ name: `${p}.mlp.gate_proj.weight`, dtype: "BF16", shape: [c.ff, c.hidden] },
				{ name: `${p}.mlp.up_proj.weight`, dtype: "BF16", shape: [c.ff, c.hidden] },
				{ name: `${p}.mlp.down_proj.weight`, dtype: "BF16", shape: [c.hidden, c.ff] },
			);
		}
	}
	t.push({ name: "model.norm.weight", dtype: "BF16", shape: [c.hidden] });
	if (!c.tied) t.push({ name: "lm_head.weight", dtype: "BF16", shape: [c.vocab, c.hidden] });
	return t;
}
