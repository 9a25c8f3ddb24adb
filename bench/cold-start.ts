/**
 * Cold start probe, spawned by bench/run.ts: loads and validates the catalog, builds the resolver
 * indexes and the command layer, answers one query, then prints how long that took since the
 * process started (performance.now() counts from the process's time origin).
 */
import { performance } from "node:perf_hooks";
import { answerQuery } from "../commands/index.js";

await answerQuery("llama 3.1 8b q4_k_m 4090", { platform: "cli" });
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`);
