/** Source keys cited in catalog entries (see ../shared/catalog-sources/SOURCES.md). */
export const LLMFIT =
	"AlexsJones/llmfit@a3e0eb27c57fe05298292f4c61699b9aed2824ea:llmfit-core/data/hf_models.json (HF config/API scrape, copy in catalog-sources/raw/llmfit_hf_models.json)";
export const LITGPT = "Lightning-AI/litgpt@26857050fe3ff627cd714fe92f5838f51a3d5efa:litgpt/config.py";
export const LUMINAL = "jafioti/luminal:examples/llama/config.rs (LLaMA 7B/13B/65B hidden, intermediate, heads, layers)";
export const AICONF = "ai-dynamo/aiconfigurator@095f58a51c4ca8e61b66ec108d86f223f8d559ce:aic-core/src/aiconfigurator_core/model_configs";
export const REF_LOGS = "../shared/reference/llamacpp-logs.md (llama.cpp print_info metadata)";
