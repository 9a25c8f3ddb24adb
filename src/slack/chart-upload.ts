/**
 * Charts on Slack (issue 16): the PNG is uploaded with the Web API's external upload flow, through the
 * Bolt client's `files.uploadV2` (files.getUploadURLExternal → POST the bytes to the upload URL →
 * files.completeUploadExternal), without sharing it to a channel, and the answer shows it with an
 * image block (`slack_file: { id }`). This needs the `files:write` scope (slack-manifest.yml). An app
 * installed without it answers `missing_scope`: uploads are then switched off for the life of the
 * process (logged once) and answers carry the phone table instead, as they do when any upload fails.
 */
import type { App } from "@slack/bolt";
import type { Logger } from "pino";
import type { Answer } from "../answer/answer.js";
import { chartPng } from "../chart/chart-png.js";
import type { SlackChartImage } from "./render-blocks.js";

type WebClient = App["client"];

/** Slack errors that mean "this app cannot upload at all", not "this upload failed". */
const NO_UPLOADS = new Set(["missing_scope", "not_allowed_token_type", "no_permission", "unknown_method", "not_authed", "invalid_auth"]);

export interface ChartUploader {
	upload(client: WebClient, answer: Answer): Promise<SlackChartImage | null>;
	/** false once Slack said this app may not upload files */
	readonly enabled: boolean;
}

function slackError(error: unknown): string | null {
	const data = (error as { data?: { error?: unknown } } | null)?.data;
	return typeof data?.error === "string" ? data.error : null;
}

/** The uploaded file's id from files.uploadV2's result ({ files: [{ files: [{ id }] }] }). */
function fileIdOf(result: unknown): string | null {
	const completions = (result as { files?: unknown } | null)?.files;
	if (!Array.isArray(completions)) return null;
	for (const completion of completions) {
		const files = (completion as { files?: unknown } | null)?.files;
		if (!Array.isArray(files)) continue;
		for (const file of files) {
			const id = (file as { id?: unknown } | null)?.id;
			if (typeof id === "string" && id.length > 0) return id;
		}
	}
	return null;
}

export function createChartUploader(logger: Logger, enabledAtStart = true): ChartUploader {
	let enabled = enabledAtStart;
	return {
		get enabled() {
			return enabled;
		},
		async upload(client, answer) {
			if (!enabled || answer.chart === undefined) return null;
			const image = chartPng(answer.chart);
			if (image === null) return null;
			try {
				const result = await client.files.uploadV2({ file: image.png, filename: "chart.png", title: answer.chart.title, alt_text: image.alt.slice(0, 1000) });
				const id = fileIdOf(result);
				return id !== null ? { fileId: id, alt: image.alt } : null;
			} catch (error) {
				const code = slackError(error);
				if (code !== null && NO_UPLOADS.has(code)) {
					enabled = false;
					logger.info({ error: code }, "slack chart uploads off (add the files:write scope to show charts); answers carry tables");
				} else {
					logger.warn({ error: code ?? (error instanceof Error ? error.name : "unknown") }, "slack chart upload failed; answering with the table");
				}
				return null;
			}
		},
	};
}
