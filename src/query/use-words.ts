/** Words that say what a model is for ("best model for coding on a 4090"); bestfit filters by them. */
import type { UseCase } from "./types.js";

export const USE_WORDS: ReadonlyMap<string, UseCase> = new Map<string, UseCase>([
	["chat", "chat"],
	["chatting", "chat"],
	["assistant", "chat"],
	["general", "chat"],
	["code", "code"],
	["coding", "code"],
	["programming", "code"],
	["codegen", "code"],
	["reasoning", "reasoning"],
	["thinking", "reasoning"],
	["math", "reasoning"],
	["vision", "vision"],
	["multimodal", "vision"],
	["vlm", "vision"],
	["image", "vision"],
	["images", "vision"],
	["ocr", "vision"],
]);
