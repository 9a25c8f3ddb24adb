/**
 * Plain-English filler dropped before the model name is resolved ("can my 3090 run qwen3 32b?" →
 * "3090", "qwen3 32b"). A word here never counts as "ignored". Words that could be part of a model
 * name (mini, large, plus, pro, coder, instruct …) are deliberately absent.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
	"a", "an", "the", "my", "our", "your", "me", "i", "i'm", "im", "we", "you", "it", "its", "it's", "this", "that", "these", "those",
	"can", "could", "will", "would", "should", "shall", "may", "might", "must", "do", "does", "did", "is", "are", "am", "be", "was", "were",
	"run", "runs", "running", "ran", "fit", "fits", "fitting", "load", "loads", "host", "serve", "use", "using", "used", "handle", "support",
	"on", "with", "in", "at", "of", "for", "to", "from", "by", "into", "onto", "via", "under", "over", "and", "or", "but", "if", "than", "then",
	"how", "much", "many", "what", "what's", "whats", "which", "who", "why", "when", "where", "there", "here",
	"need", "needs", "needed", "require", "requires", "required", "requirement", "requirements", "take", "takes", "get", "have", "has", "got", "own", "buy", "purchase",
	"vram", "memory", "mem", "gpu", "gpus", "card", "cards", "graphics", "device", "devices", "hardware", "machine", "computer", "pc", "box", "rig", "setup", "system",
	"model", "models", "llm", "llms", "size", "sizes", "big", "huge", "download", "file", "disk", "space", "storage", "weights",
	"quant", "quants", "quantization", "quantized", "quantised", "precision", "context", "ctx", "tokens", "token", "length", "window",
	"please", "pls", "thanks", "thank", "hey", "hi", "hello", "ok", "okay", "so", "just", "also", "too", "really", "even", "still", "any", "some", "all",
	"enough", "able", "possible", "good", "well", "fast", "decent", "reasonably", "reasonable", "locally", "local", "at", "about", "around", "like",
	"best", "top", "strongest", "biggest", "largest", "most", "powerful", "capable", "smart", "smartest", "options", "option", "choice", "choices",
	"want", "wanna", "would", "like", "try", "trying", "know", "tell", "show", "give", "list", "find", "check", "estimate", "calculate",
	"speed", "fast", "slow", "expected", "expect", "tok/s", "t/s", "tokens/s", "per", "second",
	"canirun", "/canirun",
	// chat filler around a question ("hey guys", "the new qwen 3.6", "lol"): never part of a model name
	"guys", "folks", "everyone", "anyone", "yall", "y'all", "lol", "lmao", "bro", "dude", "new",
]);
