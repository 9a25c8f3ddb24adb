/**
 * Tracks answers in progress so `stop()` can stop taking work, wait for what is running (bounded by
 * a deadline), and only then close the connection (issue 7's graceful shutdown).
 */
export class InFlight {
	private readonly running = new Set<Promise<unknown>>();
	private closed = false;

	get accepting(): boolean {
		return !this.closed;
	}

	get size(): number {
		return this.running.size;
	}

	/** Runs `work`, remembered until it settles; never rejects (handlers log their own failures). */
	track(work: () => Promise<void>): Promise<void> {
		const promise = work().catch(() => undefined);
		this.running.add(promise);
		void promise.finally(() => this.running.delete(promise));
		return promise;
	}

	/** Refuses new work and waits for running work, at most `deadlineMs`; true when all finished. */
	async drain(deadlineMs: number): Promise<boolean> {
		this.closed = true;
		if (this.running.size === 0) return true;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<false>((resolve) => {
			timer = setTimeout(() => resolve(false), Math.max(0, deadlineMs));
		});
		const done = Promise.all([...this.running]).then(() => true as const);
		try {
			return await Promise.race([done, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}
}
