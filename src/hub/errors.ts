/**
 * The one error type of the Hub layer. Every failure of a Hub resolution (HTTP status, timeout,
 * a hostile or truncated file, an architecture we cannot size) becomes a HubError with a code the
 * command layer can branch on and a friendly one-line message it can show as is. Messages never
 * contain the access token and never echo raw server bodies.
 */

export type HubErrorCode = "not_found" | "gated" | "unauthorized" | "timeout" | "unsupported_architecture" | "malformed" | "too_large" | "network";

export class HubError extends Error {
	readonly code: HubErrorCode;

	constructor(code: HubErrorCode, message: string, options?: { cause?: unknown }) {
		super(oneLine(message), options);
		this.name = "HubError";
		this.code = code;
	}
}

/** Friendly messages are one line: collapse newlines and keep them short enough for a chat reply. */
const MAX_MESSAGE_CHARS = 300;

function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS - 1)}…` : flat;
}

/**
 * Maps an HTTP failure to a HubError. The real Hub answers a missing repo with 401 + `X-Error-Code:
 * RepoNotFound` when the caller is anonymous (so private repos cannot be probed), a missing file
 * with 404 + `EntryNotFound`, and a gated repo with 401/403 + `GatedRepo`
 * (huggingface_hub `utils/_http.py` hf_raise_for_status reads the same header).
 */
export function hubErrorFromStatus(
	status: number,
	errorCode: string | null,
	what: { repo: string; file?: string | null; gated?: boolean; hasToken: boolean },
): HubError {
	const target = what.file ? `${what.file} in ${what.repo}` : what.repo;
	if (errorCode === "RepoNotFound" || (status === 404 && !what.file)) {
		return new HubError("not_found", `No model repo "${what.repo}" on the Hugging Face Hub (check the spelling, or it may be private).`);
	}
	if (errorCode === "EntryNotFound" || errorCode === "RevisionNotFound" || status === 404) {
		return new HubError("not_found", `${target} was not found on the Hugging Face Hub.`);
	}
	if (errorCode === "GatedRepo" || ((status === 401 || status === 403) && what.gated)) {
		return new HubError(
			"gated",
			what.hasToken
				? `${what.repo} is gated: accept its license on huggingface.co with the account of HF_TOKEN, then ask again.`
				: `${what.repo} is gated: it needs an accepted license and an HF_TOKEN to read its files.`,
		);
	}
	if (status === 401 || status === 403) {
		return new HubError(
			"unauthorized",
			what.hasToken
				? `The Hub refused access to ${target} with the configured HF_TOKEN.`
				: `The Hub refused access to ${target}: it is private or needs an HF_TOKEN.`,
		);
	}
	if (status === 413) {
		return new HubError("too_large", `${target} is too large to read.`);
	}
	if (status === 416) {
		return new HubError("malformed", `${target} ends before its header does (truncated file?).`);
	}
	if (status === 429) {
		return new HubError("network", "The Hugging Face Hub is rate-limiting us; try again in a minute.");
	}
	return new HubError("network", `The Hugging Face Hub answered HTTP ${status} for ${target}; try again later.`);
}
