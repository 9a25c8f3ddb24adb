/**
 * "Did you mean" as buttons (issue 16): each candidate name becomes a follow-up that asks the same
 * question again with that name in place of the word that was not understood. The word is the one the
 * error quotes (echoWord keeps its spaces), found in the asker's own text; when it cannot be found
 * there (the echo dropped characters), no button is made rather than a wrong one.
 */
import type { Answer } from "../../src/answer/answer.js";
import { QUERY_LIMITS } from "../../src/query/limits.js";

const QUOTED = /"([^"]+)"/;

export function withCandidateActions(answer: Answer, text: string): Answer {
	if (answer.kind !== "error" || answer.didYouMean.length === 0 || answer.actions.length > 0) return answer;
	const word = QUOTED.exec(answer.verdict?.summary ?? "")?.[1];
	if (word === undefined || word.trim() === "") return answer;
	const at = text.toLowerCase().indexOf(word.toLowerCase());
	if (at < 0) return answer;
	for (const name of answer.didYouMean) {
		const query = `${text.slice(0, at)}${name}${text.slice(at + word.length)}`.replace(/\s+/g, " ").trim();
		if (query.length <= QUERY_LIMITS.maxActionQueryChars && !answer.actions.some((a) => a.query === query))
			answer.actions.push({ label: name.slice(0, 80), query, intent: "candidate" });
	}
	return answer;
}
