/**
 * Asking the command layer as the CLI does and reading its --json answer, for the command tests that
 * check the JSON contract field by field.
 */
import { expect } from "vitest";
import { answerQuery } from "../../commands/index.js";

export const CLI_CTX = { platform: "cli" } as const;

// biome-ignore lint/suspicious/noExplicitAny: the answer's JSON is read field by field in assertions
export type Json = Record<string, any>;

/** The JSON of a canirun answer to `q` (the test fails, naming `q`, when the answer is of another kind). */
export async function askCanirun(q: string): Promise<Json> {
	const a = await answerQuery(q, CLI_CTX);
	expect(a.kind, q).toBe("canirun");
	return a.json as Json;
}

/** The command lines the answer gives for one runtime ("llama.cpp", "vllm", …). */
export function runCommandsFor(j: Json, runtime: string): string[] {
	return (j.runCommands as { runtime: string; command: string }[]).filter((c) => c.runtime === runtime).map((c) => c.command);
}
