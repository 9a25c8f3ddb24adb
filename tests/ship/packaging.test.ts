/**
 * The files a newcomer and an operator rely on, checked against each other: the README's two
 * commands exist as package scripts and are what CI runs; the Dockerfile builds what tsconfig builds,
 * runs what `npm start` runs, as a non-root user with a node health check.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}/${path}`, "utf8");
const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };

/** Split the Dockerfile into stages: `FROM … AS name` up to the next FROM. */
function stages(dockerfile: string): { name: string; from: string; body: string }[] {
	const parts = dockerfile.split(/^FROM\s+/m).slice(1);
	return parts.map((part) => {
		const [first = "", ...rest] = part.split("\n");
		const [from = "", , name = ""] = first.trim().split(/\s+/);
		return { name, from, body: rest.join("\n") };
	});
}

describe("README", () => {
	const readme = read("README.md");
	it("shows the two set-up commands, and they are real scripts", () => {
		expect(readme).toContain("npm ci && npm start");
		expect(readme).toMatch(/^npm test\b/m);
		expect(pkg.scripts.start).toBeDefined();
		expect(pkg.scripts.test).toBeDefined();
	});

	it("documents every configuration variable the code reads", async () => {
		const { EnvSchema } = await import("../../src/config/env.js");
		for (const variable of Object.keys(EnvSchema.shape)) expect(readme).toContain(`| \`${variable}\``);
	});

	it("keeps the markers the release refresh fills in", () => {
		expect(readme).toContain("<!-- example-answer -->");
		expect(readme).toContain("<!-- accuracy-table -->");
	});
});

describe(".ci/run", () => {
	const ci = read(".ci/run");
	it("is executable and runs npm ci, lint, knip, typecheck, build and the README's test command in that order", () => {
		expect(statSync(`${ROOT}/.ci/run`).mode & 0o111).not.toBe(0);
		// positions of the commands as run (at the start of a line), not as mentioned in comments
		const steps = [/^npm ci\b/m, /^npm run lint\b/m, /^npm run knip\b/m, /^npx tsc -p tsconfig\.json --noEmit\b/m, /^npm run build\b/m, /^npm test\b/m].map(
			(re) => ci.search(re),
		);
		for (const at of steps) expect(at).toBeGreaterThan(-1);
		expect([...steps].sort((a, b) => a - b)).toEqual(steps);
		expect(ci).toContain("set -euo pipefail");
		// biome-ignore lint/suspicious/noTemplateCurlyInString: a line of bash in .ci/run, not a JavaScript template
		expect(ci).toContain('echo "${passed} passed, ${failed} failed"');
	});

	it("builds once: npm ci skips the prepare build that users' npm ci still runs", () => {
		const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
		expect(pkg.scripts.prepare).toBe("npm run build");
		expect(ci).toMatch(/^npm ci --ignore-scripts\b/m);
		expect(ci.match(/^npm run build\b/gm)).toHaveLength(1);
		expect(ci).not.toMatch(/^(npm run prepare|npx tsc -p tsconfig\.build\.json)\b/m);
	});

	it("lint and knip are package scripts over the checked-in configs", () => {
		const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
		expect(pkg.scripts.lint).toMatch(/^biome (lint|check) /);
		expect(pkg.scripts.knip).toBe("knip");
		expect(read("biome.jsonc")).toContain('"lineWidth"');
		expect(read("knip.jsonc")).toContain("src/main.ts");
	});
});

describe("Dockerfile", () => {
	const dockerfile = read("Dockerfile");
	const [build, runtime, ...extra] = stages(dockerfile.replace(/\$\{NODE_IMAGE\}/g, "node:20-slim"));

	it("is multi-stage on node 20+ slim", () => {
		expect(extra).toEqual([]);
		expect(build?.name).toBe("build");
		expect(runtime?.name).toBe("runtime");
		expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(2\d|[3-9]\d)-slim$/m);
	});

	it("builds with dev dependencies and copies every directory tsconfig.build.json compiles", () => {
		const tsconfig = JSON.parse(read("tsconfig.build.json")) as { include: string[] };
		expect(build?.body).toMatch(/RUN npm ci --ignore-scripts/);
		expect(build?.body).toMatch(/RUN npm run build/);
		for (const dir of tsconfig.include) expect(build?.body).toContain(`COPY ${dir} ./${dir}`);
	});

	it("runs production dependencies only, the built output and the catalog, as a non-root user", () => {
		const body = runtime?.body ?? "";
		expect(body).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
		expect(body).toContain("COPY --from=build /app/dist ./dist");
		expect(body).toContain("COPY catalog ./catalog");
		expect(body).toContain("COPY bin ./bin");
		expect(body).toMatch(/^USER node$/m);
		expect(body.indexOf("USER node")).toBeLessThan(body.indexOf("CMD"));
	});

	it("checks health with node against /healthz on PORT and starts what npm start starts", () => {
		const body = runtime?.body ?? "";
		expect(body).toMatch(/HEALTHCHECK[\s\S]*CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'\+\(process\.env\.PORT\|\|3000\)\+'\/healthz'\)/);
		const cmd = /^CMD \[(.*)\]$/m.exec(body)?.[1];
		// the image runs exactly what `npm start` runs (same V8 memory flags)
		const start = pkg.scripts.start ?? "";
		expect(cmd).toBe(
			start
				.split(" ")
				.map((part) => `"${part}"`)
				.join(", "),
		);
		expect(start).toMatch(/^node (--[\w-]+(=\d+)? )*dist\/src\/main\.js$/);
		// dist/src/main.js is what tsc makes of src/main.ts (rootDir ".")
		expect(existsSync(`${ROOT}/src/main.ts`)).toBe(true);
	});

	it("keeps secrets, git and local builds out of the build context", () => {
		const ignore = read(".dockerignore").split("\n");
		for (const entry of [".git", "node_modules", "dist", ".env", "tests"]) expect(ignore).toContain(entry);
	});
});
