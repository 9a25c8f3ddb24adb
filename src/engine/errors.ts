/**
 * The engine's one error: bad input (zero/negative/absurd numbers, impossible combinations). Callers
 * turn it into a friendly message; it never carries user text that could ping a channel.
 */
export class EngineInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "EngineInputError";
	}
}
