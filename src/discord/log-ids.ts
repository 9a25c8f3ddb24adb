/**
 * The resolved ids for the request log line (RequestLogFields.ids): model, quant and hardware as the
 * catalog named them, read from the Answer's JSON contract object (DESIGN.md §2). Never raw user text.
 */
import { z } from "zod";
import type { Answer } from "../answer/answer.js";

const answerJsonIds = z.object({
	model: z.object({ id: z.string() }).nullish(),
	quant: z.object({ id: z.string() }).nullish(),
	hardware: z
		.object({ devices: z.array(z.object({ id: z.string(), count: z.number().optional() })) })
		.nullish(),
	runtime: z.string().nullish(),
});

/** Bounded so a log line stays one short line. */
const MAX_ID_CHARS = 64;

export function logIdsOf(answer: Answer): Record<string, string | null> | undefined {
	const parsed = answerJsonIds.safeParse(answer.json ?? {});
	if (!parsed.success) return undefined;
	const { model, quant, hardware, runtime } = parsed.data;
	if (!model && !quant && !hardware) return undefined;
	const devices = hardware?.devices.map((d) => (d.count && d.count > 1 ? `${d.count}x${d.id}` : d.id)).join("+") ?? null;
	const bound = (v: string | null | undefined): string | null => (v ? v.slice(0, MAX_ID_CHARS) : null);
	return { model: bound(model?.id), quant: bound(quant?.id), hardware: bound(devices), runtime: bound(runtime) };
}

/** The request-log outcome of an Answer: an internal fault is "failed", a query we could not use "error". */
export function outcomeOf(answer: Answer): "answered" | "error" | "failed" {
	if (answer.kind !== "error") return "answered";
	// `errorKind` is an optional Answer field (absent means "input"); read it without assuming it exists
	const errorKind: unknown = (answer as { errorKind?: unknown }).errorKind;
	return errorKind === "internal" ? "failed" : "error";
}
