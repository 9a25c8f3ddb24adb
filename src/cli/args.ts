/**
 * The CLI's own flags (DESIGN §2): --json, --batch FILE|-, --list models|devices|quants, --help,
 * --version. Everything else (query words and the query flags --model, --ctx …) passes through to
 * the query parser untouched.
 */
export const LIST_KINDS = ["models", "devices", "quants"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Checked by hand, not with zod: loading zod would double a one-shot run's start-up (issue 8). */
function isListKind(v: string): v is ListKind {
	return (LIST_KINDS as readonly string[]).includes(v);
}

export type CliMode =
	| { kind: "usage" }
	| { kind: "version" }
	| { kind: "list"; what: ListKind }
	| { kind: "batch"; source: string }
	| { kind: "query"; words: string[] };

export interface CliArgs {
	mode: CliMode;
	json: boolean;
	color: boolean | null;
	/** --full / --compact; null: compact on a narrow terminal, full otherwise (issue 16) */
	view: "full" | "compact" | null;
}

export type ArgsResult = { ok: true; args: CliArgs } | { ok: false; message: string; suggestions: string[] };

export function parseCliArgs(argv: readonly string[]): ArgsResult {
	let json = false;
	let color: boolean | null = null;
	let view: "full" | "compact" | null = null;
	let list: string | null = null;
	let batch: string | null = null;
	let usage = false;
	let version = false;
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? "";
		const [name, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, null];
		switch (name) {
			case "--json":
				json = true;
				break;
			case "--no-color":
				color = false;
				break;
			case "--color":
				color = true;
				break;
			case "--full":
				view = "full";
				break;
			case "--compact":
				view = "compact";
				break;
			case "--help":
			case "-h":
				usage = true;
				break;
			case "--version":
			case "-v":
				version = true;
				break;
			case "--list": {
				const v = inline ?? argv[++i];
				if (v === undefined) return { ok: false, message: "--list needs models, devices or quants.", suggestions: [...LIST_KINDS] };
				list = v;
				break;
			}
			case "--batch": {
				const v = inline ?? argv[++i];
				if (v === undefined) return { ok: false, message: "--batch needs a file name, or - for standard input.", suggestions: ["--batch -"] };
				batch = v;
				break;
			}
			default:
				words.push(a);
		}
	}
	const base = { json, color, view };
	if (usage) return { ok: true, args: { ...base, mode: { kind: "usage" } } };
	if (version) return { ok: true, args: { ...base, mode: { kind: "version" } } };
	if (list !== null) {
		const what = list.toLowerCase();
		if (!isListKind(what)) return { ok: false, message: `--list takes models, devices or quants, not "${list.slice(0, 40)}".`, suggestions: [...LIST_KINDS] };
		return { ok: true, args: { ...base, mode: { kind: "list", what } } };
	}
	if (batch !== null) return { ok: true, args: { ...base, mode: { kind: "batch", source: batch } } };
	if (words.length === 0) return { ok: true, args: { ...base, mode: { kind: "usage" } } };
	return { ok: true, args: { ...base, mode: { kind: "query", words } } };
}

export const USAGE = `canirun: can my hardware run this model?

Usage:
  canirun <query words…> [--json]        e.g. canirun deepseek-r1 q4_k_m 2x4090 32k
          [--full | --compact]           the whole breakdown, or the verdict at a glance (the
                                         default on a terminal narrower than 80 columns)
  canirun "can my 3090 run qwen3 32b at 32k context?"
  canirun vram llama 3.1 70b             memory per quantization
  canirun gpus deepseek-r1 q4            which GPUs and Macs run it
  canirun bestfit 2x3090                 the strongest models that fit
  canirun help                           query words, assumptions, quantization glossary
  canirun --list models|devices|quants [--json]
  canirun --batch FILE|-                 one query per line in, one JSON object per line out

Query words (any order): a model (fuzzy), a quantization (q4_k_m, q8_0, iq2_xxs, fp16, fp8, awq …),
hardware (3090, 2x4090, 4090+3090, h100, 8xh100, m3 max 128gb, 24gb, +64gb ram), a context (32k,
ctx=32768, 128k ctx), kv=q8_0, a runtime (llama.cpp, ollama, vllm, mlx), ubatch=512, fa=on|off,
parallel=N.
Flags that override words: --model --quant --hardware --ctx --kv --runtime --ram --ubatch
--flash-attn --parallel.
Defaults: quant Q4_K_M (or the best that fits the hardware), context 4096, KV f16, runtime llama.cpp.

Exit codes: 0 answered (even when the answer is "no"), 2 query not understood, 1 internal fault.
`;
