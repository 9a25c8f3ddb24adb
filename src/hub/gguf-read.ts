/**
 * Reads a GGUF file's header straight off the Hub with HTTP range requests (@huggingface/gguf),
 * under our own caps, and checks it before anyone trusts it: every tensor has a known ggml type,
 * rows are whole blocks, and every tensor's data lies inside the file (a truncated download or a
 * crafted header is "malformed", not a crash). Sharded files (`-00001-of-00003.gguf`) are read
 * shard by shard: the first holds the metadata, all of them hold tensors.
 */
import { gguf, parseGgufShardFilename } from "@huggingface/gguf";
import type { MetadataValue } from "@huggingface/gguf";
import type { TensorInfo } from "../engine/types.js";
import { HubError } from "./errors.js";
import { ggmlRowFits, ggmlTensorBytes, ggmlTypeById } from "../engine/ggml.js";

/** More tensors than any real model (DeepSeek-V3 Q4_K_M: ~1,025; Kimi K2: ~1,100 per shard set). */
export const MAX_GGUF_TENSORS = 100_000;
/** More metadata keys than any real file (typically 30–60). */
export const MAX_GGUF_KV = 10_000;
/** Shards of one split GGUF we are willing to read (each costs a 2 MB range read). */
export const MAX_GGUF_SHARDS = 64;
/** The bytes @huggingface/gguf asks for per range request (gguf.ts HTTP_CHUNK_SIZE); our cap per file is below its 50 MB buffer. */
export const MAX_GGUF_HEADER_BYTES = 40 * 1024 * 1024;

const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"

export interface GgufHeader {
	metadata: Record<string, MetadataValue>;
	tensors: TensorInfo[];
	/** exact bytes of tensor data (what llama.cpp loads) */
	tensorBytes: number;
	/** the files' total size (download size), when the server reported it */
	fileBytes: number | null;
	/** the shard files read (one entry when not split) */
	files: string[];
}

/** Checks the fixed 24-byte GGUF preamble (magic, version, tensor and KV counts) of the first chunk. */
function checkPreamble(bytes: Uint8Array, file: string): void {
	if (bytes.byteLength < 24 || GGUF_MAGIC.some((b, i) => bytes[i] !== b)) {
		throw new HubError("malformed", `${file} is not a GGUF file (no GGUF magic at its start).`);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint32(4, true);
	if (version !== 2 && version !== 3) {
		// v1 (2023, 32-bit counts) files are not produced by any current converter
		throw new HubError("malformed", `${file} has GGUF version ${version}; only versions 2 and 3 are read.`);
	}
	const tensorCount = view.getBigUint64(8, true);
	const kvCount = view.getBigUint64(16, true);
	if (tensorCount > BigInt(MAX_GGUF_TENSORS)) {
		throw new HubError("too_large", `${file} declares ${tensorCount} tensors; more than ${MAX_GGUF_TENSORS} is not a real model.`);
	}
	if (kvCount > BigInt(MAX_GGUF_KV)) {
		throw new HubError("too_large", `${file} declares ${kvCount} metadata keys; more than ${MAX_GGUF_KV} is not a real model.`);
	}
}

interface ShardRead {
	metadata: Record<string, MetadataValue>;
	tensors: TensorInfo[];
	tensorBytes: number;
	fileBytes: number | null;
}

async function readOneFile(url: string, file: string, hubFetch: typeof fetch): Promise<ShardRead> {
	let fileBytes: number | null = null;
	let headerBytesRead = 0;
	let first = true;
	// inspect every chunk the parser asks for: preamble check on the first, size cap on all
	const inspectingFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const response = await hubFetch(input, init);
		const total = response.headers.get("content-range")?.match(/\/\s*(\d+)\s*$/)?.[1];
		if (total !== undefined && Number.isSafeInteger(Number(total))) fileBytes = Number(total);
		const bytes = new Uint8Array(await response.arrayBuffer());
		headerBytesRead += bytes.byteLength;
		if (headerBytesRead > MAX_GGUF_HEADER_BYTES) {
			throw new HubError("too_large", `${file} has a header larger than ${MAX_GGUF_HEADER_BYTES >> 20} MiB.`);
		}
		if (first) {
			first = false;
			checkPreamble(bytes, file);
		} else if (bytes.byteLength === 0) {
			// the parser wants more header than the file has
			throw new HubError("malformed", `${file} ends inside its header (truncated file?).`);
		}
		return new Response(bytes, { status: response.status, headers: response.headers });
	}) as typeof fetch;

	let parsed: Awaited<ReturnType<typeof gguf>>;
	try {
		parsed = await gguf(url, { fetch: inspectingFetch });
	} catch (error) {
		if (error instanceof HubError) throw error;
		const reason = error instanceof Error ? error.message.slice(0, 120) : "unreadable header";
		throw new HubError("malformed", `${file} has a malformed GGUF header (${reason}).`, { cause: error });
	}

	const dataStart = Number(parsed.tensorDataOffset);
	const tensors: TensorInfo[] = [];
	let tensorBytes = 0;
	for (const info of parsed.tensorInfos) {
		const type = ggmlTypeById(info.dtype);
		if (type === null) {
			throw new HubError("malformed", `${file}: tensor "${info.name.slice(0, 80)}" has an unknown ggml type ${info.dtype}.`);
		}
		const shape = info.shape.map(Number);
		const [ne0 = 1] = shape;
		// ggml asserts rows are whole blocks (ggml_row_size); exact bytes: ggml_nbytes
		const bytes = ggmlRowFits(type, ne0)
			? ggmlTensorBytes(
					type,
					ne0,
					shape.reduce((acc, d) => acc * d, 1),
				)
			: null;
		if (bytes === null || !Number.isSafeInteger(bytes)) {
			throw new HubError("malformed", `${file}: tensor "${info.name.slice(0, 80)}" has an impossible shape for ${type}.`);
		}
		const end = dataStart + Number(info.offset) + bytes;
		if (fileBytes !== null && end > fileBytes) {
			throw new HubError("malformed", `${file} is truncated: tensor "${info.name.slice(0, 80)}" ends past the end of the file.`);
		}
		tensors.push({ name: info.name, type, shape });
		tensorBytes += bytes;
	}
	return { metadata: parsed.metadata as Record<string, MetadataValue>, tensors, tensorBytes, fileBytes };
}

/** The shard files of a split GGUF, given any one of them (llama.cpp gguf-split naming). */
export function ggufShardFiles(file: string): string[] {
	const shard = parseGgufShardFilename(file);
	if (!shard) return [file];
	const total = Number(shard.total);
	if (!Number.isInteger(total) || total < 1) return [file];
	if (total > MAX_GGUF_SHARDS) {
		throw new HubError("too_large", `${file} is split into ${total} shards; at most ${MAX_GGUF_SHARDS} are read.`);
	}
	return Array.from({ length: total }, (_, i) => `${shard.prefix}-${String(i + 1).padStart(5, "0")}-of-${shard.total}.gguf`);
}

/** Reads the header(s) of `file` (all shards when split); `urlOf` builds each file's resolve URL. */
export async function readGgufHeader(file: string, urlOf: (file: string) => string, hubFetch: typeof fetch): Promise<GgufHeader> {
	const files = ggufShardFiles(file);
	const reads: ShardRead[] = [];
	// sequential: shards are few, and the deadline signal stops the loop early
	for (const shardFile of files) {
		reads.push(await readOneFile(urlOf(shardFile), shardFile, hubFetch));
	}
	const [firstRead] = reads;
	if (!firstRead) throw new HubError("malformed", `${file} has no readable header.`);
	const sizes = reads.map((r) => r.fileBytes);
	return {
		metadata: firstRead.metadata,
		tensors: reads.flatMap((r) => r.tensors),
		tensorBytes: reads.reduce((acc, r) => acc + r.tensorBytes, 0),
		fileBytes: sizes.every((s): s is number => s !== null) ? sizes.reduce((a, b) => a + b, 0) : null,
		files,
	};
}
