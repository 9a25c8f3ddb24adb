/**
 * A fake Adapter for the ship tests: its state is set by the test, and its work is a set of
 * in-flight promises that stop() waits for (bounded by the deadline it is given), as the real
 * adapters do.
 */
import type { Adapter, AdapterState } from "../../src/server/adapter.js";

export interface FakeAdapter extends Adapter {
	setState(state: AdapterState): void;
	/** begin a request that finishes when the returned function is called (or after `ms` if given) */
	begin(ms?: number): { finish: () => void; done: Promise<"finished" | "refused"> };
	readonly events: string[];
}

export function createFakeAdapter(name: Adapter["name"], initial: AdapterState = "connected"): FakeAdapter {
	let state: AdapterState = initial;
	let accepting = true;
	const inFlight = new Set<Promise<unknown>>();
	const events: string[] = [];
	return {
		name,
		events,
		async start() {
			state = "connected";
			events.push("start");
		},
		async stop(deadlineMs = 10_000) {
			events.push("stop:begin");
			accepting = false;
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				Promise.all(inFlight),
				new Promise((resolve) => {
					timer = setTimeout(resolve, deadlineMs);
				}),
			]);
			clearTimeout(timer);
			state = "stopped";
			events.push(`stop:end:${inFlight.size}-in-flight`);
		},
		state: () => state,
		setState(next) {
			state = next;
		},
		begin(ms) {
			if (!accepting) {
				events.push("refused");
				return { finish: () => {}, done: Promise.resolve("refused" as const) };
			}
			let finish!: () => void;
			const done = new Promise<"finished">((resolve) => {
				finish = () => resolve("finished");
				if (ms !== undefined) setTimeout(finish, ms);
			}).then((v) => {
				events.push("request:finished");
				inFlight.delete(done);
				return v;
			});
			inFlight.add(done);
			events.push("request:begin");
			return { finish, done };
		},
	};
}
