/**
 * Issue 14 item 4 on whole questions (tests/query/typed-questions.cases.ts): every question is answered
 * about exactly the model and hardware it names, or asked back — never answered about another model or
 * device, or with a count, size or version changed or dropped. Prints the tally (right / asked / wrong).
 */
import { afterAll, describe, expect, it } from "vitest";
import { servicesFromCatalog } from "../../commands/lib/bind.js";
import { getCatalog } from "../../src/catalog/index.js";
import { parseQueryText } from "../../src/query/parse.js";
import type { ParsedQuery } from "../../src/query/types.js";
import { TYPED_QUESTIONS } from "./typed-questions.cases.js";

const services = servicesFromCatalog(getCatalog());
const GIB = 2 ** 30;

function hardwareOf(q: ParsedQuery): string {
	const hw = q.hardware;
	if (hw === null) return "-";
	let s = hw.devices.map((g) => `${g.count}x${g.device.id}`).join("+");
	if (hw.systemMemoryBytes !== null) s += `+ram${Math.round(hw.systemMemoryBytes / GIB)}`;
	return s === "" ? "-" : s;
}

/** Does what was matched meet the expectation ("?" any, "-" none, "~regex|alt", exact id)? "ask" is never met by an answer. */
function meets(want: string, got: string): boolean {
	if (want === "?") return true;
	if (want.startsWith("~"))
		return want
			.slice(1)
			.split("|")
			.some((alt) => (alt !== "ask" && alt !== "-" ? new RegExp(alt).test(got) : alt === got));
	return want !== "ask" && want === got;
}

function judge(typed: string, model: string, hardware: string): { kind: "right" | "asked" | "wrong"; got: string } {
	const r = parseQueryText(typed, services.resolvers, services.limits);
	if (!r.ok) return { kind: "asked", got: r.error.message };
	const q = r.query;
	// a Hub estimate of the repo typed names no other model: it is a question to the Hub, not an answer
	if (q.model === null && q.hubRef !== null) return { kind: "asked", got: `hub ${q.hubRef}` };
	const m = q.model?.model.id ?? "-";
	const h = hardwareOf(q);
	const got = `${m} on ${h} (ignored: ${q.ignored.join(" ")})`;
	return { kind: meets(model, m) && meets(hardware, h) ? "right" : "wrong", got };
}

const tally = { right: 0, asked: 0, wrong: 0 };

describe("typed questions: the model and hardware named, or a question back", () => {
	it("has at least 600 questions", () => {
		expect(TYPED_QUESTIONS.length).toBeGreaterThanOrEqual(600);
	});
	it.each(TYPED_QUESTIONS)("%s (%s, %s)", (typed, model, hardware, status) => {
		const { kind, got } = judge(typed, model, hardware);
		tally[kind]++;
		expect(kind, got).not.toBe("wrong");
		if (status === "right") expect(kind, got).toBe("right");
	});
	afterAll(() => {
		console.log(`typed questions: ${TYPED_QUESTIONS.length} — right ${tally.right}, asked ${tally.asked}, wrong ${tally.wrong}`);
	});
});
