import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Issue 13: the engine keeps no state at module level. What it remembers between calls lives in
 * objects someone owns (src/engine/workspace.ts: a Workspace per question's plan, an EngineCache
 * per catalog), so no answer depends on what an unrelated call left behind and no search can clobber
 * another's scratch. Read from the sources with the TypeScript parser: every top-level declaration.
 */
const ENGINE = "src/engine";

/**
 * Module-level state that is still allowed, as "file:name" → why. None: the model-keyed memos (tensor
 * tables, parameter counts, prepared models and their weights) live in the per-catalog EngineCache
 * too, handed to tensorTable / countParams / weightsFor / prepare by whoever owns one;
 * the callers without one (the Hub client, the catalog checks, the scripts) compute afresh. A new
 * entry needs a reason why no owner can hold it.
 */
const PENDING: Readonly<Record<string, string>> = {};

const MUTABLE_CONSTRUCTORS = /^(Map|Set|WeakMap|WeakSet|Array|Object|(Float|Int|Uint|BigInt|BigUint)(8|16|32|64)(Clamped)?Array|[A-Z]\w*)$/;

interface Finding {
	key: string;
	why: string;
}

function engineFiles(): string[] {
	return readdirSync(ENGINE)
		.filter((f) => f.endsWith(".ts"))
		.map((f) => join(ENGINE, f));
}

/** A declared type that promises no mutation: readonly arrays, Readonly<…>, ReadonlySet/Map. */
function readonlyType(type: ts.TypeNode | undefined): boolean {
	if (type === undefined) return false;
	if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return true;
	if (ts.isTypeReferenceNode(type)) return /^Readonly(Set|Map|Array)?$/.test(type.typeName.getText());
	return false;
}

/** The expression under `as T` / `satisfies T` / parentheses, and whether a wrapper promised readonly. */
function unwrap(e: ts.Expression): { inner: ts.Expression; frozen: boolean } {
	let inner = e;
	let frozen = false;
	while (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isParenthesizedExpression(inner)) {
		if (ts.isAsExpression(inner) && (inner.type.getText() === "const" || readonlyType(inner.type))) frozen = true;
		inner = inner.expression;
	}
	return { inner, frozen };
}

/** Module-level state in one source text: `let`/`var`, and `const`s holding a mutable container. */
function moduleState(base: string, text: string): Finding[] {
	const source = ts.createSourceFile(base, text, ts.ScriptTarget.Latest, true);
	const out: Finding[] = [];
	for (const stmt of source.statements) {
		if (!ts.isVariableStatement(stmt)) continue;
		const isConst = (stmt.declarationList.flags & ts.NodeFlags.Const) !== 0;
		for (const d of stmt.declarationList.declarations) {
			const key = `${base}:${d.name.getText()}`;
			if (!isConst) {
				out.push({ key, why: "module-level let/var" });
				continue;
			}
			if (d.initializer === undefined || readonlyType(d.type)) continue;
			const { inner, frozen } = unwrap(d.initializer);
			if (frozen) continue;
			if (ts.isNewExpression(inner) && MUTABLE_CONSTRUCTORS.test(inner.expression.getText()))
				out.push({ key, why: `module-level new ${inner.expression.getText()}` });
			else if (ts.isArrayLiteralExpression(inner) || (ts.isObjectLiteralExpression(inner) && d.type === undefined))
				out.push({ key, why: "module-level mutable literal" });
		}
	}
	return out;
}

describe("engine module state", () => {
	const findings = engineFiles().flatMap((file) => moduleState(file.slice(ENGINE.length + 1), readFileSync(file, "utf8")));

	it("has no module-level let, var or mutable container outside the pending list", () => {
		const offenders = findings.filter((f) => PENDING[f.key] === undefined).map((f) => `${f.key} (${f.why})`);
		expect(offenders).toEqual([]);
	});

	it("keeps the last-request memo and the layout scratch in Workspace objects", () => {
		const keys = findings.map((f) => f.key);
		for (const gone of [
			"estimate.ts:lastKv",
			"estimate.ts:lastTerms",
			"fit.ts:lastSlots",
			"fit.ts:scratch",
			"fit.ts:availScratch",
			"prepared.ts:last",
			"prepared.ts:cache",
			"quantMix.ts:staticsCache",
			"tensors.ts:tensorCache",
			"tensors.ts:paramCache",
			"weights.ts:cache",
		]) {
			expect(keys).not.toContain(gone);
		}
	});

	it("finds what it forbids (the check is not blind)", () => {
		const probe = [
			"let memo = 0;",
			"const table = new Map<string, number>();",
			"const list = [] as number[];",
			"const scratch = { fits: false };",
			"const sum = new SpeedSum();",
			"export const OK: readonly number[] = [1];",
			"const FROZEN = { a: 1 } as const;",
			'const WORDS: ReadonlySet<string> = new Set(["a"]);',
			"const LIMIT = 8;",
			"function f(): void { let local = 1; local++; }",
		].join("\n");
		expect(moduleState("probe.ts", probe).map((f) => f.key)).toEqual(["probe.ts:memo", "probe.ts:table", "probe.ts:list", "probe.ts:scratch", "probe.ts:sum"]);
	});
});
