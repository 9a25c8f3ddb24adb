/**
 * Model names typed the way people type them (issue 14 item 4), each with what must happen:
 *   "<catalog id>"  the name must resolve to exactly that model;
 *   "ask"           the bot must ask back (did you mean …) or look the name up on the Hub — never answer about a model;
 *   "ask:<id>"      ask back, with that model as the first suggestion (typos);
 *   "hf:<repo>"     a model of 2025–2026: the catalog model with that Hugging Face repo when the catalog has
 *                   it, otherwise an ask-back or the Hub estimate of exactly that repo — never another model.
 * A different model than the one named is a failure in every class.
 */
export type Expect = string;

export const CASUAL: [string, Expect][] = [
	["deepseek r1", "deepseek-r1"], ["DeepSeek-R1", "deepseek-r1"], ["r1", "deepseek-r1"], ["deepseek r1 671b", "deepseek-r1"],
	["r1 0528", "deepseek-r1-0528"], ["deepseek r1 0528", "deepseek-r1-0528"], ["deepseek v3", "deepseek-v3"], ["deepseek v3 0324", "deepseek-v3-0324"],
	["deepseek v3.1", "deepseek-v3.1"], ["deepseek v3.2", "deepseek-v3.2"], ["DeepSeek V3.2", "deepseek-v3.2"],
	["r1 distill 32b", "deepseek-r1-distill-qwen-32b"], ["r1 distill qwen 14b", "deepseek-r1-distill-qwen-14b"], ["deepseek r1 distill llama 70b", "deepseek-r1-distill-llama-70b"],
	["deepseek r1 distill llama 8b", "deepseek-r1-distill-llama-8b"], ["r1 distill qwen 1.5b", "deepseek-r1-distill-qwen-1.5b"], ["deepseek r1 distill qwen 7b", "deepseek-r1-distill-qwen-7b"],
	["deepseek r1 0528 qwen3 8b", "deepseek-r1-0528-qwen3-8b"],
	["llama 3.1 8b", "llama-3.1-8b-instruct"], ["llama 3.1 70b", "llama-3.1-70b-instruct"], ["llama 3.1 405b", "llama-3.1-405b-instruct"], ["Llama 3.1 70B Instruct", "llama-3.1-70b-instruct"],
	["llama 3.2 1b", "llama-3.2-1b-instruct"], ["llama 3.2 3b", "llama-3.2-3b-instruct"], ["llama 3.3 70b", "llama-3.3-70b-instruct"], ["llama 3.3", "llama-3.3-70b-instruct"],
	["llama 3 70b", "llama-3-70b"], ["llama 3 8b", "llama-3-8b"], ["llama 2 70b", "llama-2-70b"], ["llama 2 13b", "llama-2-13b"], ["llama 2 7b", "llama-2-7b"],
	["llama 65b", "llama-65b"], ["llama 4 scout", "llama-4-scout-17b-16e-instruct"], ["llama 4 maverick", "llama-4-maverick-17b-128e-instruct"],
	["codellama 34b", "codellama-34b"], ["code llama 13b", "codellama-13b"], ["codellama 7b", "codellama-7b"],
	["qwen3 32b", "qwen3-32b"], ["qwen 3 32b", "qwen3-32b"], ["qwen3 8b", "qwen3-8b"], ["qwen3 14b", "qwen3-14b"], ["qwen3 4b", "qwen3-4b"], ["qwen3 0.6b", "qwen3-0.6b"], ["qwen3 1.7b", "qwen3-1.7b"],
	["qwen3 30b a3b", "qwen3-30b-a3b"], ["qwen3 30b-a3b", "qwen3-30b-a3b"], ["qwen3 235b a22b", "qwen3-235b-a22b"], ["qwen3 235b", "qwen3-235b-a22b"],
	["qwen3 coder 30b", "qwen3-coder-30b-a3b-instruct"], ["qwen3 coder 480b", "qwen3-coder-480b-a35b-instruct"], ["qwen3 next 80b", "qwen3-next-80b-a3b-instruct"],
	["qwen3 30b a3b instruct 2507", "qwen3-30b-a3b-instruct-2507"], ["qwen3 30b a3b thinking 2507", "qwen3-30b-a3b-thinking-2507"], ["qwen3 4b instruct 2507", "qwen3-4b-instruct-2507"],
	["qwen3 embedding 8b", "qwen3-embedding-8b"], ["qwq", "qwq-32b"], ["qwq 32b", "qwq-32b"],
	["qwen 2.5 72b", "qwen2.5-72b-instruct"], ["qwen2.5 7b", "qwen2.5-7b-instruct"], ["qwen2.5 coder 32b", "qwen2.5-coder-32b-instruct"], ["qwen 2.5 coder 7b", "qwen2.5-coder-7b-instruct"],
	["qwen2.5 math 7b", "qwen2.5-math-7b-instruct"],
	["gemma 3 27b", "gemma-3-27b-it"], ["gemma 3 12b", "gemma-3-12b-it"], ["gemma 3 4b", "gemma-3-4b-it"], ["gemma 3 1b", "gemma-3-1b-it"], ["gemma 2 27b", "gemma-2-27b-it"], ["gemma 2 9b", "gemma-2-9b-it"],
	["gpt oss 120b", "gpt-oss-120b"], ["gpt-oss 20b", "gpt-oss-20b"], ["gpt oss 120", "gpt-oss-120b"], ["gpt oss 20", "gpt-oss-20b"], ["GPT-OSS-120B", "gpt-oss-120b"],
	["mistral 7b", "mistral-7b-instruct-v0.3"], ["mistral nemo", "mistral-nemo-2407"], ["mistral large 2411", "mistral-large-instruct-2411"], ["mistral small 3.2", "mistral-small-3.2-24b-instruct-2506"],
	["mistral small 3.1", "mistral-small-3.1-24b-instruct-2503"], ["mixtral 8x7b", "mixtral-8x7b"], ["mixtral 8x22b", "mixtral-8x22b"],
	["phi 4", "phi-4"], ["phi-4", "phi-4"], ["phi 4 mini", "phi-4-mini-instruct"], ["phi 4 reasoning", "phi-4-reasoning"], ["phi 4 reasoning plus", "phi-4-reasoning-plus"],
	["phi 3.5 mini", "phi-3.5-mini-instruct"], ["phi 3.5 moe", "phi-3.5-moe-instruct"], ["phi 3 medium", "phi-3-medium-4k-instruct"],
	["kimi k2", "kimi-k2-instruct"], ["glm 4.5", "glm-4.5"], ["glm 4.5 air", "glm-4.5-air"], ["glm-4.5-air", "glm-4.5-air"], ["minimax m2", "minimax-m2"], ["minimax m2.5", "minimax-m2.5"],
	["falcon 40b", "falcon-40b-instruct"], ["falcon3 10b", "falcon3-10b-instruct"], ["granite 3.3 8b", "granite-3.3-8b-instruct"], ["olmo 2 32b", "olmo-2-0325-32b-instruct"],
	["smollm2 1.7b", "smollm2-1.7b-instruct"], ["smollm3", "smollm3-3b"], ["yi 1.5 34b", "yi-1.5-34b-chat"], ["command r", "command-r-v01"], ["deepseek v2 lite", "deepseek-v2-lite"],
];

export const OLLAMA: [string, Expect][] = [
	["deepseek-r1:latest", "deepseek-r1-0528-qwen3-8b"], ["deepseek-r1:8b", "deepseek-r1-0528-qwen3-8b"], ["deepseek-r1:671b", "deepseek-r1-0528"], ["deepseek-r1:1.5b", "deepseek-r1-distill-qwen-1.5b"],
	["deepseek-r1:7b", "deepseek-r1-distill-qwen-7b"], ["deepseek-r1:14b", "deepseek-r1-distill-qwen-14b"], ["deepseek-r1:32b", "deepseek-r1-distill-qwen-32b"], ["deepseek-r1:70b", "deepseek-r1-distill-llama-70b"],
	["deepseek-r1:32b-qwen-distill-q4_K_M", "ask"], ["deepseek-r1:70b-llama-distill-q8_0", "ask"],
	["qwen3", "qwen3-8b"], ["qwen3:latest", "qwen3-8b"], ["qwen3:32b", "qwen3-32b"], ["qwen3:30b", "qwen3-30b-a3b"], ["qwen3:235b", "qwen3-235b-a22b"], ["qwen3:8b-q8_0", "qwen3-8b"],
	["qwen3:14b-q4_K_M", "qwen3-14b"], ["qwen3:30b-a3b-instruct-2507", "qwen3-30b-a3b-instruct-2507"], ["qwen3:70b", "ask"], ["qwen3:9b", "ask"],
	["gemma3", "gemma-3-4b-it"], ["gemma3:27b", "gemma-3-27b-it"], ["gemma3:12b", "gemma-3-12b-it"], ["gemma3:1b", "gemma-3-1b-it"], ["gemma3:27b-it-qat", "gemma-3-27b-it"], ["gemma3:9b", "ask"],
	["gemma2", "gemma-2-9b-it"], ["gemma2:27b", "gemma-2-27b-it"],
	["llama3.3", "llama-3.3-70b-instruct"], ["llama3.3:70b", "llama-3.3-70b-instruct"], ["llama3.1", "llama-3.1-8b-instruct"], ["llama3.1:70b", "llama-3.1-70b-instruct"],
	["llama3.1:8b-instruct-q4_K_M", "llama-3.1-8b-instruct"], ["llama3.2", "llama-3.2-3b-instruct"], ["llama3.2:1b", "llama-3.2-1b-instruct"], ["llama3", "llama-3-8b"], ["llama3:70b", "llama-3-70b"],
	["llama2:13b", "llama-2-13b"], ["llama4:scout", "llama-4-scout-17b-16e-instruct"], ["llama4:maverick", "llama-4-maverick-17b-128e-instruct"],
	["gpt-oss", "gpt-oss-20b"], ["gpt-oss:20b", "gpt-oss-20b"], ["gpt-oss:120b", "gpt-oss-120b"], ["gpt-oss:latest", "gpt-oss-20b"],
	["mistral", "mistral-7b-instruct-v0.3"], ["mistral:7b", "mistral-7b-instruct-v0.3"], ["mistral-nemo", "mistral-nemo-2407"], ["mistral-small3.2", "mistral-small-3.2-24b-instruct-2506"],
	["mistral-small3.1:24b", "mistral-small-3.1-24b-instruct-2503"], ["mixtral", "mixtral-8x7b"], ["mixtral:8x22b", "mixtral-8x22b"],
	["phi4", "phi-4"], ["phi4:14b", "phi-4"], ["phi4-mini", "phi-4-mini-instruct"], ["phi4-reasoning:plus", "phi-4-reasoning-plus"], ["phi3.5", "phi-3.5-mini-instruct"], ["phi3:medium", "phi-3-medium-4k-instruct"],
	["qwq", "qwq-32b"], ["qwq:32b", "qwq-32b"], ["qwen2.5:72b", "qwen2.5-72b-instruct"], ["qwen2.5-coder:32b", "qwen2.5-coder-32b-instruct"], ["qwen2.5-coder", "qwen2.5-coder-7b-instruct"],
	["qwen3-coder", "qwen3-coder-30b-a3b-instruct"], ["qwen3-coder:480b", "qwen3-coder-480b-a35b-instruct"], ["codellama:34b", "codellama-34b"], ["smollm2:135m", "smollm2-135m-instruct"],
	["granite3.3:2b", "granite-3.3-2b-instruct"], ["falcon3:10b", "falcon3-10b-instruct"], ["deepseek-v3", "deepseek-v3"], ["deepseek-coder-v2", "deepseek-coder-v2-lite-instruct"],
	["qwen3.5:27b", "hf:Qwen/Qwen3.5-27B"], ["qwen3.5:35b-a3b", "hf:Qwen/Qwen3.5-35B-A3B"], ["qwen3.5:9b", "hf:Qwen/Qwen3.5-9B"], ["qwen3.5:122b", "hf:Qwen/Qwen3.5-122B-A10B"], ["qwen3.5", "ask"],
	["gemma4:31b", "hf:google/gemma-4-31B-it"], ["gemma4:26b", "hf:google/gemma-4-26B-A4B-it"], ["gemma4:e4b", "hf:google/gemma-4-E4B-it"], ["gemma4", "ask"],
	["nemotron-3-nano", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"], ["nemotron-3-nano:30b", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"],
];

export const HF_IDS: [string, Expect][] = [
	["deepseek-ai/DeepSeek-R1", "deepseek-r1"], ["deepseek-ai/DeepSeek-R1-0528", "deepseek-r1-0528"], ["deepseek-ai/DeepSeek-V3.1", "deepseek-v3.1"],
	["deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-r1-distill-qwen-32b"], ["deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "deepseek-r1-distill-llama-70b"],
	["meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct"], ["meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"], ["meta-llama/Meta-Llama-3-70B", "llama-3-70b"],
	["meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4-scout-17b-16e-instruct"], ["Qwen/Qwen3-32B", "qwen3-32b"], ["Qwen/Qwen3-30B-A3B", "qwen3-30b-a3b"],
	["Qwen/Qwen3-235B-A22B-Instruct-2507", "qwen3-235b-a22b-instruct-2507"], ["Qwen/Qwen3-Coder-30B-A3B-Instruct", "qwen3-coder-30b-a3b-instruct"], ["Qwen/QwQ-32B", "qwq-32b"],
	["Qwen/Qwen2.5-72B-Instruct", "qwen2.5-72b-instruct"], ["Qwen/Qwen2.5-Coder-32B-Instruct", "qwen2.5-coder-32b-instruct"], ["google/gemma-3-27b-it", "gemma-3-27b-it"],
	["google/gemma-2-9b-it", "gemma-2-9b-it"], ["openai/gpt-oss-120b", "gpt-oss-120b"], ["openai/gpt-oss-20b", "gpt-oss-20b"], ["mistralai/Mistral-Small-3.2-24B-Instruct-2506", "mistral-small-3.2-24b-instruct-2506"],
	["mistralai/Mixtral-8x7B-v0.1", "mixtral-8x7b"], ["microsoft/phi-4", "phi-4"], ["microsoft/Phi-4-mini-instruct", "phi-4-mini-instruct"], ["moonshotai/Kimi-K2-Instruct", "kimi-k2-instruct"],
	["zai-org/GLM-4.5-Air", "glm-4.5-air"], ["MiniMaxAI/MiniMax-M2", "minimax-m2"], ["huggingface.co/Qwen/Qwen3-8B", "qwen3-8b"], ["https://huggingface.co/google/gemma-3-12b-it", "gemma-3-12b-it"],
	["Qwen3-32B", "qwen3-32b"], ["gemma-3-27b-it", "gemma-3-27b-it"], ["Llama-3.1-70B-Instruct", "llama-3.1-70b-instruct"], ["DeepSeek-R1-Distill-Qwen-14B", "deepseek-r1-distill-qwen-14b"],
	["Qwen3-32B-AWQ", "qwen3-32b"], ["Qwen3-8B-FP8", "qwen3-8b"], ["Qwen3-14B-GGUF", "qwen3-14b"], ["gemma-3-27b-it-GGUF", "gemma-3-27b-it"], ["Llama-3.3-70B-Instruct-AWQ", "llama-3.3-70b-instruct"],
	["Qwen/Qwen3-32B-AWQ", "qwen3-32b"], ["Qwen/Qwen3-8B-FP8", "qwen3-8b"], ["mlx-community/Qwen3-8B-4bit", "qwen3-8b"], ["Qwen3-30B-A3B-GGUF", "qwen3-30b-a3b"],
	["gemma-4-31b-it", "hf:google/gemma-4-31B-it"], ["Qwen/Qwen3.5-27B", "hf:Qwen/Qwen3.5-27B"], ["Qwen3.5-35B-A3B", "hf:Qwen/Qwen3.5-35B-A3B"], ["google/gemma-4-26B-A4B-it", "hf:google/gemma-4-26B-A4B-it"],
	["nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"], ["zai-org/GLM-4.7-Flash", "hf:zai-org/GLM-4.7-Flash"],
];

export const TYPOS: [string, Expect][] = [
	["deepsek r1", "ask:deepseek-r1"], ["deepseak r1", "ask:deepseek-r1"], ["quen3 32b", "ask:qwen3-32b"], ["qwne3 32b", "ask"], ["lama 3.1 70b", "ask:llama-3.1-70b-instruct"],
	["llamma 3.3 70b", "ask:llama-3.3-70b-instruct"], ["gemm 3 27b", "ask"], ["gemma3 27", "gemma-3-27b-it"], ["mistrall 7b", "ask"], ["mixtrall 8x7b", "ask:mixtral-8x7b"],
	["deepseek r1 distil 32b", "ask"], ["qwen3 cder 30b", "ask"], ["phi 4 minii", "ask"], ["gpt-os 120b", "ask"], ["kimmi k2", "ask"], ["glm 4.5 aire", "ask"],
	["codelama 34b", "ask"], ["qwen3 32 b", "qwen3-32b"], ["deepseekr1", "deepseek-r1"], ["deep seek r1", "deepseek-r1"], ["qwen3-32", "qwen3-32b"], ["lamma 3", "ask"],
	["qwen3 corder", "ask"], ["gemma 3 27b itt", "ask"], ["mistral smal 3.2", "ask"], ["Deepseek-R1-Distil-Qwen-32B", "ask"], ["qwen 3 3b", "ask"], ["gtp oss 20b", "ask"],
	["smolm2 1.7b", "ask"], ["granit 3.3 8b", "ask"],
];

export const SPACED_VERSIONS: [string, Expect][] = [
	["qwen 3 8b", "qwen3-8b"], ["qwen-3-8b", "qwen3-8b"], ["qwen3-8b", "qwen3-8b"], ["qwen 2.5 7b", "qwen2.5-7b-instruct"], ["qwen2-5 7b", "qwen2.5-7b-instruct"], ["qwen-2.5-72b", "qwen2.5-72b-instruct"],
	["llama 3.1 8b", "llama-3.1-8b-instruct"], ["llama-3-1-8b", "llama-3.1-8b-instruct"], ["llama3.1 8b", "llama-3.1-8b-instruct"], ["llama-3.3-70b", "llama-3.3-70b-instruct"],
	["gemma 3 27b", "gemma-3-27b-it"], ["gemma3 27b", "gemma-3-27b-it"], ["gemma-3-27b", "gemma-3-27b-it"], ["gemma 2 27b", "gemma-2-27b-it"], ["phi 3.5 mini", "phi-3.5-mini-instruct"],
	["phi3-5 mini", "phi-3.5-mini-instruct"], ["glm 4 5 air", "ask"], ["glm-4-5-air", "glm-4.5-air"], ["deepseek v 3.1", "deepseek-v3.1"], ["deepseek-v3-1", "deepseek-v3.1"],
	["qwen 3.5 27b", "hf:Qwen/Qwen3.5-27B"], ["qwen3.5 27b", "hf:Qwen/Qwen3.5-27B"], ["qwen3-5 27b", "hf:Qwen/Qwen3.5-27B"], ["qwen3-5-27b", "hf:Qwen/Qwen3.5-27B"], ["qwen 3.5 9b", "hf:Qwen/Qwen3.5-9B"],
	["gemma 4 31b", "hf:google/gemma-4-31B-it"], ["gemma4 31b", "hf:google/gemma-4-31B-it"], ["gemma-4-31b", "hf:google/gemma-4-31B-it"], ["gemma 4 e4b", "hf:google/gemma-4-E4B-it"],
	["qwen 3.6 27b", "hf:Qwen/Qwen3.6-27B"], ["qwen3.6 35b a3b", "hf:Qwen/Qwen3.6-35B-A3B"],
];

export const NO_SUCH_SIZE: [string, Expect][] = [
	["qwen3 70b", "ask"], ["qwen3 72b", "ask"], ["qwen3 7b", "ask"], ["llama 3.1 13b", "ask"], ["llama 3.3 8b", "ask"], ["llama 3.3 405b", "ask"], ["gemma 3 9b", "ask"], ["gemma 2 12b", "ask"],
	["gpt oss 70b", "ask"], ["gpt-oss 60b", "ask"], ["mixtral 8x2b", "ask"], ["mixtral 4x7b", "ask"], ["phi 4 70b", "ask"], ["deepseek r1 32b", "deepseek-r1-distill-qwen-32b"], ["deepseek r1 14b", "deepseek-r1-distill-qwen-14b"], ["deepseek v3 70b", "ask"],
	["qwen2.5 coder 72b", "ask"], ["qwq 72b", "ask"], ["mistral small 70b", "ask"], ["kimi k2 70b", "ask"], ["glm 4.5 air 32b", "ask"], ["falcon 180b", "ask"], ["llama 4 scout 70b", "ask"],
	["qwen3 coder 14b", "ask"], ["smollm2 7b", "ask"], ["codellama 70b", "ask"], ["granite 3.3 20b", "ask"],
];

export const NO_SUCH_MODEL: [string, Expect][] = [
	["qwen3.8 27b", "ask"], ["qwen 4 32b", "ask"], ["llama 5 70b", "ask"], ["gemma 5 27b", "ask"], ["gpt oss 2 120b", "ask"], ["deepseek r3", "ask"], ["deepseek v5", "ask"],
	["deepseek v4 flash", "hf:deepseek-ai/DeepSeek-V4-Flash"], ["deepseek v4 pro", "hf:deepseek-ai/DeepSeek-V4-Pro"], ["mistral small 4", "hf:mistralai/Mistral-Small-4-119B-2603"],
	["nemotron 3 nano 30b", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"], ["nemotron llama 3.1 70b", "ask"], ["nemotron 3 super", "hf:nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8"], ["blorptron 9000", "ask"], ["zzqx", "ask"],
	["phi 5", "ask"], ["phi 5 mini", "ask"], ["kimi k3", "ask"], ["glm 6", "ask"], ["minimax m4", "ask"], ["olmo 4 32b", "ask"], ["hermes 5 70b", "ask"], ["claude 3.5 sonnet", "ask"],
	["gpt-4o", "ask"], ["gemini 2.5 pro", "ask"], ["grok 3", "ask"], ["llama 3.1 nemotron 70b", "ask"], ["qwen3 vl 235b", "hf:Qwen/Qwen3-VL-235B-A22B-Instruct"], ["qwen3 vl 70b", "ask"], ["deepseek coder 33b", "ask"],
];

export const Y2026: [string, Expect][] = [
	["qwen3.5 397b a17b", "hf:Qwen/Qwen3.5-397B-A17B"], ["qwen3.5 122b a10b", "hf:Qwen/Qwen3.5-122B-A10B"], ["qwen3.5 35b a3b", "hf:Qwen/Qwen3.5-35B-A3B"], ["qwen 3.5 4b", "hf:Qwen/Qwen3.5-4B"],
	["qwen3.5 0.8b", "hf:Qwen/Qwen3.5-0.8B"], ["Qwen3.5-2B", "hf:Qwen/Qwen3.5-2B"], ["qwen3.6 27b", "hf:Qwen/Qwen3.6-27B"], ["qwen 3.6 35b", "hf:Qwen/Qwen3.6-35B-A3B"], ["qwen 3.6 9b", "ask"], ["qwen3.6", "hf:Qwen/Qwen3.6-35B-A3B"], ["qwen3-vl", "ask"], ["qwen3-vl:8b", "hf:Qwen/Qwen3-VL-8B-Instruct"], ["qwen3.6:27b", "hf:Qwen/Qwen3.6-27B"], ["tinyllama", "tinyllama-1.1b-chat"], ["mimo v2 flash", "hf:XiaomiMiMo/MiMo-V2-Flash"],
	["gemma 4 26b a4b", "hf:google/gemma-4-26B-A4B-it"], ["gemma 4 e2b", "hf:google/gemma-4-E2B-it"], ["gemma-4-E4B-it", "hf:google/gemma-4-E4B-it"], ["gemma 4 12b", "ask"],
	["glm 4.7", "hf:zai-org/GLM-4.7"], ["glm 4.7 flash", "hf:zai-org/GLM-4.7-Flash"], ["glm-4.6", "hf:zai-org/GLM-4.6"], ["glm 5", "hf:zai-org/GLM-5"], ["glm 5.1", "hf:zai-org/GLM-5.1"],
	["kimi k2 thinking", "hf:moonshotai/Kimi-K2-Thinking"], ["kimi k2.5", "hf:moonshotai/Kimi-K2.5"], ["kimi k2.6", "hf:moonshotai/Kimi-K2.6"],
	["deepseek v4 flash", "hf:deepseek-ai/DeepSeek-V4-Flash"], ["DeepSeek-V4-Pro", "hf:deepseek-ai/DeepSeek-V4-Pro"],
	["nemotron 3 nano", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"], ["nemotron 3 super 120b", "hf:nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8"], ["nemotron 3 ultra", "hf:nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16"],
	["ministral 3 8b", "hf:mistralai/Ministral-3-8B-Instruct-2512"], ["ministral 3 14b", "hf:mistralai/Ministral-3-14B-Instruct-2512"], ["devstral small 2", "hf:mistralai/Devstral-Small-2-24B-Instruct-2512"],
	["mistral large 3", "hf:mistralai/Mistral-Large-3-675B-Instruct-2512"], ["magistral small", "hf:mistralai/Magistral-Small-2509"], ["minimax m2.7", "hf:MiniMaxAI/MiniMax-M2.7"],
	["seed oss 36b", "hf:ByteDance-Seed/Seed-OSS-36B-Instruct"], ["ernie 4.5 21b a3b", "hf:baidu/ERNIE-4.5-21B-A3B-PT"], ["olmo 3 32b", "hf:allenai/Olmo-3-32B-Think"], ["olmo 3 7b", "hf:allenai/Olmo-3-7B-Instruct"],
	["hermes 4 70b", "hf:NousResearch/Hermes-4-70B"], ["hermes 4 405b", "hf:NousResearch/Hermes-4-405B"], ["qwen3 vl 8b", "hf:Qwen/Qwen3-VL-8B-Instruct"], ["qwen3-vl 30b a3b", "hf:Qwen/Qwen3-VL-30B-A3B-Instruct"],
	["qwen3 coder next", "hf:Qwen/Qwen3-Coder-Next"], ["gpt-oss-safeguard 20b", "ask"],
	["glm-4.7-flash", "hf:zai-org/GLM-4.7-Flash"], ["GLM 4.7 Flash", "hf:zai-org/GLM-4.7-Flash"], ["glm5", "hf:zai-org/GLM-5"], ["glm 5.2", "hf:zai-org/GLM-5.2"], ["glm 4.7 air", "ask"],
	["kimi k2.5", "hf:moonshotai/Kimi-K2.5"], ["Kimi-K2.6", "hf:moonshotai/Kimi-K2.6"], ["kimi k3", "ask"], ["kimi k2.7", "ask"],
	["qwen3 vl 8b", "hf:Qwen/Qwen3-VL-8B-Instruct"], ["qwen3-vl 30b", "hf:Qwen/Qwen3-VL-30B-A3B-Instruct"], ["qwen3 vl 32b thinking", "hf:Qwen/Qwen3-VL-32B-Thinking"], ["qwen3 vl 14b", "ask"],
	["nemotron 3 nano 30b a3b", "hf:nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16"], ["nemotron-3-super:120b", "hf:nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8"], ["nemotron 3 nano 4b", "ask"],
	["gemma 4 26b", "hf:google/gemma-4-26B-A4B-it"], ["gemma 4 31b it", "hf:google/gemma-4-31B-it"], ["gemma 4 2b", "hf:google/gemma-4-E2B-it"], ["gemma4 e4b", "hf:google/gemma-4-E4B-it"], ["gemma 4 27b", "ask"],
	["minimax m2.7", "hf:MiniMaxAI/MiniMax-M2.7"], ["minimax-m2.7", "hf:MiniMaxAI/MiniMax-M2.7"], ["mimo v2 flash", "hf:XiaomiMiMo/MiMo-V2-Flash"], ["mimo v3", "ask"],
	["qwen3.5 397b", "hf:Qwen/Qwen3.5-397B-A17B"], ["qwen 3.5 122b", "hf:Qwen/Qwen3.5-122B-A10B"], ["qwen3.5 flash", "ask"], ["qwen3.5 72b", "ask"], ["qwen3.5-27b-gguf", "hf:Qwen/Qwen3.5-27B"],
	["unsloth/Qwen3.5-27B-GGUF", "hf:Qwen/Qwen3.5-27B"], ["qwen3.6 27b", "hf:Qwen/Qwen3.6-27B"], ["qwen 3.6 122b", "ask"], ["qwen3-coder-next", "hf:Qwen/Qwen3-Coder-Next"],
	["granite 4.1 3b", "hf:ibm-granite/granite-4.1-3b"], ["tinyllama 1.1b", "hf:TinyLlama/TinyLlama-1.1B-Chat-v1.0"], ["nemotron 3 ultra 550b", "hf:nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16"],
	["qwen3guard 4b", "hf:Qwen/Qwen3Guard-Gen-4B"], ["glm 4.7", "hf:zai-org/GLM-4.7"], ["glm 4.6 air", "ask"],
];

/** Models added in the Dec 2026 catalog round, typed casually, as Hub ids and as near misses that must not take them. */
export const ADDED_DEC_2026: [string, Expect][] = [
	["qwen3.5 9b", "qwen3.5-9b"], ["Qwen/Qwen3.5-4B", "qwen3.5-4b"], ["qwen 3.5 2b", "qwen3.5-2b"], ["qwen3.5:0.8b", "qwen3.5-0.8b"], ["qwen3.5 8b", "ask"], ["qwen3.5 3b", "ask"],
	["olmo 3 7b instruct", "olmo-3-7b-instruct"], ["olmo 3 7b think", "olmo-3-7b-think"], ["allenai/Olmo-3-32B-Think", "olmo-3-32b-think"], ["olmo 3.1 32b think", "olmo-3.1-32b-think"], ["olmo 3 13b", "ask"], ["olmo 2 13b", "olmo-2-1124-13b-instruct"],
	["glm 4.6", "glm-4.6"], ["zai-org/GLM-4.6", "glm-4.6"], ["glm 4.6 flash", "ask"], ["minimax m3", "minimax-m3"], ["MiniMaxAI/MiniMax-M3", "minimax-m3"], ["minimax m3.5", "ask"], ["nemotron 3.5 lightning", "nemotron-3.5-lightning-30b-a3b"], ["nemotron 3.5 super", "ask"], ["nemotron 3 nano", "nemotron-3-nano-30b-a3b"], ["deepseek v4 flash", "deepseek-v4-flash"], ["deepseek v4 pro", "deepseek-v4-pro"], ["deepseek-ai/DeepSeek-V4-Flash", "deepseek-v4-flash"], ["deepseek v4 lite", "ask"], ["glm 5.2", "glm-5.2"], ["glm-5.1", "glm-5.1"],
	["qwen3 vl 4b thinking", "qwen3-vl-4b-thinking"], ["Qwen3-VL-2B-Thinking", "qwen3-vl-2b-thinking"], ["qwen3 vl 8b thinking", "qwen3-vl-8b-thinking"], ["qwen3 vl 235b thinking", "qwen3-vl-235b-a22b-thinking"], ["qwen3 vl 4b", "qwen3-vl-4b-instruct"],
	["qwen2 7b", "qwen2-7b-instruct"], ["qwen 2 72b instruct", "qwen2-72b-instruct"], ["Qwen2-1.5B-Instruct", "qwen2-1.5b-instruct"], ["qwen2 0.5b", "qwen2-0.5b-instruct"], ["qwen2 14b", "ask"], ["qwen2.5 7b", "qwen2.5-7b-instruct"],
	["qwen3 4b thinking 2507", "qwen3-4b-thinking-2507"], ["qwen3 4b instruct 2507", "qwen3-4b-instruct-2507"], ["qwen3 embedding 0.6b", "qwen3-embedding-0.6b"], ["qwen3guard gen 8b", "qwen3guard-gen-8b"],
	["qwen3 8b base", "qwen3-8b-base"], ["Qwen/Qwen3-14B-Base", "qwen3-14b-base"], ["qwen3 8b", "qwen3-8b"], ["qwen3 14b", "qwen3-14b"], ["qwen3 32b base", "ask"],
	["deepseek coder 6.7b", "deepseek-coder-6.7b-instruct"], ["hermes 3 8b", "hermes-3-llama-3.1-8b"], ["hermes 3 70b", "ask"], ["hermes 4 70b", "hermes-4-70b"],
	["yi 1.5 9b", "yi-1.5-9b-chat"], ["solar 10.7b", "solar-10.7b-instruct"], ["codeqwen 1.5 7b", "codeqwen1.5-7b-chat"], ["qwen1.5 1.8b chat", "qwen1.5-1.8b-chat"], ["qwen 1.5 0.5b", "qwen1.5-0.5b-chat"],
	["mimo 7b base", "mimo-7b-base"], ["XiaomiMiMo/MiMo-7B-Base", "mimo-7b-base"], ["mimo v2 flash", "mimo-v2-flash"], ["nemotron h 56b", "nemotron-h-56b-base"], ["nemotron-h 8b", "ask"],
	["nemotron safety guard 8b", "llama-3.1-nemotron-safety-guard-8b-v3"], ["llama 3.1 8b", "llama-3.1-8b-instruct"],
];

export const GENERIC_ALONE: [string, Expect][] = [
	["27b", "ask"], ["3.5", "ask"], ["flash", "ask"], ["small", "ask"], ["mini", "ask"], ["instruct", "ask"], ["70b", "ask"], ["8x7b", "ask"], ["a3b", "ask"], ["coder", "ask"],
	["v4", "ask"], ["3.5 27b", "ask"], ["small 4", "ask"], ["mini 3.8b", "ask"], ["instruct 2507", "ask"], ["thinking", "ask"], ["pro max", "ask"], ["air", "ask"], ["nano 30b", "ask"], ["flash 30b", "ask"],
];

export const ALL: [string, Expect, string][] = [
	...CASUAL.map(([t, e]) => [t, e, "casual"] as [string, Expect, string]),
	...OLLAMA.map(([t, e]) => [t, e, "ollama"] as [string, Expect, string]),
	...HF_IDS.map(([t, e]) => [t, e, "hf id"] as [string, Expect, string]),
	...TYPOS.map(([t, e]) => [t, e, "typo"] as [string, Expect, string]),
	...SPACED_VERSIONS.map(([t, e]) => [t, e, "spaced version"] as [string, Expect, string]),
	...NO_SUCH_SIZE.map(([t, e]) => [t, e, "no such size"] as [string, Expect, string]),
	...NO_SUCH_MODEL.map(([t, e]) => [t, e, "no such model"] as [string, Expect, string]),
	...Y2026.map(([t, e]) => [t, e, "2026"] as [string, Expect, string]),
	...GENERIC_ALONE.map(([t, e]) => [t, e, "generic alone"] as [string, Expect, string]),
	...ADDED_DEC_2026.map(([t, e]) => [t, e, "added Dec 2026"] as [string, Expect, string]),
];
