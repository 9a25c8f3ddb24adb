/**
 * @huggingface/hub, imported when the Hub is first asked rather than with the bot. Loading it
 * allocates a 5 MiB buffer at module scope (`blockBuf`, the LZ4 compressor of its xet uploads, in
 * dist/index.js), which stayed resident in every process although no answer from the catalog
 * touches the Hub (seen in a heap snapshot of the bench: issue 13's RSS target).
 */
type HubLibrary = typeof import("@huggingface/hub");

const loaded: { library?: Promise<HubLibrary> } = {};

export function hubLibrary(): Promise<HubLibrary> {
	loaded.library ??= import("@huggingface/hub");
	return loaded.library;
}
