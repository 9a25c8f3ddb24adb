import { describe, expect, it } from "vitest";
import { findHubRef, parseHubRef } from "../../src/hub/index.js";
import { pointHubAt } from "../fakes/hub-env.js";

describe("parseHubRef", () => {
	it.each([
		["Qwen/Qwen3-4B-Thinking-2507", { repo: "Qwen/Qwen3-4B-Thinking-2507", revision: null, file: null, tag: null }],
		["hf.co/Qwen/Qwen3-4B", { repo: "Qwen/Qwen3-4B", revision: null, file: null, tag: null }],
		["huggingface.co/meta-llama/Llama-3.1-8B", { repo: "meta-llama/Llama-3.1-8B", revision: null, file: null, tag: null }],
		["https://huggingface.co/Qwen/Qwen3-4B", { repo: "Qwen/Qwen3-4B", revision: null, file: null, tag: null }],
		[
			"https://huggingface.co/unsloth/Qwen3-4B-GGUF/blob/main/Qwen3-4B-Q4_K_M.gguf",
			{ repo: "unsloth/Qwen3-4B-GGUF", revision: "main", file: "Qwen3-4B-Q4_K_M.gguf", tag: null },
		],
		[
			"https://huggingface.co/unsloth/DeepSeek-R1-GGUF/resolve/main/Q2_K/DeepSeek-R1-Q2_K-00001-of-00005.gguf?download=true",
			{ repo: "unsloth/DeepSeek-R1-GGUF", revision: "main", file: "Q2_K/DeepSeek-R1-Q2_K-00001-of-00005.gguf", tag: null },
		],
		["https://huggingface.co/Qwen/Qwen3-4B/tree/v1.0", { repo: "Qwen/Qwen3-4B", revision: "v1.0", file: null, tag: null }],
		["hf.co/bartowski/Qwen3-4B-GGUF:Q4_K_M", { repo: "bartowski/Qwen3-4B-GGUF", revision: null, file: null, tag: "Q4_K_M" }],
		["hf.co/bartowski/Qwen3-4B-GGUF:latest", { repo: "bartowski/Qwen3-4B-GGUF", revision: null, file: null, tag: null }],
		["Qwen/Qwen3-4B@abc1234", { repo: "Qwen/Qwen3-4B", revision: "abc1234", file: null, tag: null }],
		["<https://huggingface.co/Qwen/Qwen3-4B>", { repo: "Qwen/Qwen3-4B", revision: null, file: null, tag: null }],
		["org/name/sub/model-q8_0.gguf", { repo: "org/name", revision: null, file: "sub/model-q8_0.gguf", tag: null }],
		["hf://acme/tiny", { repo: "acme/tiny", revision: null, file: null, tag: null }],
	])("reads %s", (text, expected) => {
		expect(parseHubRef(text)).toEqual(expected);
	});

	it.each([
		"qwen3 32b",
		"2x4090",
		"4090+3090",
		"q4_k_m",
		"tok/s",
		"32k",
		"kv=q8_0",
		"https://github.com/ggml-org/llama.cpp",
		"https://huggingface.co/datasets/org/name",
		"https://huggingface.co/spaces/org/name",
		"org/../etc",
		"org/name/readme.md",
		"a--b/name",
		"",
		"@everyone/x",
	])("rejects %s", (text) => {
		expect(parseHubRef(text)).toBeNull();
	});

	it("accepts the HF_ENDPOINT host as a Hub host", () => {
		const restore = pointHubAt("http://127.0.0.1:9999");
		try {
			expect(parseHubRef("http://127.0.0.1:9999/acme/tiny")).toEqual({ repo: "acme/tiny", revision: null, file: null, tag: null });
			expect(parseHubRef("http://127.0.0.1:1234/acme/tiny")).toBeNull();
		} finally {
			restore();
		}
	});
});

describe("findHubRef", () => {
	it("finds the repo among query words and returns the rest", () => {
		const found = findHubRef("can 2x4090 run Qwen/Qwen3-4B q4_k_m 32k");
		expect(found?.ref.repo).toBe("Qwen/Qwen3-4B");
		expect(found?.rest).toBe("can 2x4090 run q4_k_m 32k");
	});
	it("returns null for a catalog-style query", () => {
		expect(findHubRef("deepseek-r1 q4_k_m 2x4090")).toBeNull();
	});
});
