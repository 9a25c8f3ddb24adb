/** A log destination for tests that keeps every line pino writes, as text and as parsed JSON lines. */
import { Writable } from "node:stream";

export interface LogCapture {
	stream: Writable & { write(s: string): boolean };
	text: () => string;
	lines: () => Record<string, unknown>[];
}

export function captureLog(): LogCapture {
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk: Buffer | string, _enc, done) {
			chunks.push(chunk.toString());
			done();
		},
	});
	return {
		stream,
		text: () => chunks.join(""),
		lines: () =>
			chunks
				.join("")
				.split("\n")
				.filter(Boolean)
				.map((l) => JSON.parse(l) as Record<string, unknown>),
	};
}
