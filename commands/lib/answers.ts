/** Constructors for Answers, so every command fills every field and errors look alike. */
import type { Answer } from "../../src/answer/answer.js";

export function emptyAnswer(kind: Answer["kind"], title: string): Answer {
	return {
		kind,
		title,
		verdict: null,
		facts: [],
		usage: [],
		tables: [],
		suggestions: [],
		runHints: [],
		actions: [],
		footnotes: [],
		didYouMean: [],
		json: null,
	};
}

/**
 * A friendly refusal: what went wrong and what to try. `errorKind` tells the CLI whether it was the
 * query (exit 2) or us (exit 1).
 */
export function errorAnswer(message: string, didYouMean: readonly string[] = [], errorKind: "input" | "internal" = "input"): Answer {
	const a = emptyAnswer("error", errorKind === "input" ? "I could not answer that" : "Something went wrong on my side");
	a.verdict = { label: errorKind === "input" ? "Not understood" : "Internal error", severity: "danger", summary: message };
	a.didYouMean = [...didYouMean].slice(0, 5);
	a.errorKind = errorKind;
	a.suggestions = a.didYouMean.map((name) => ({ text: `Did you mean ${name}?`, query: null }));
	a.footnotes = ['Say "help" for the query words.'];
	a.json = { error: { message, suggestions: a.didYouMean } };
	return a;
}
