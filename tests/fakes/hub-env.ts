/**
 * Points the Hub client at a fake Hub for a test file: sets HF_ENDPOINT (and HF_TOKEN when given),
 * drops the client's cache, and hands back the function that puts the environment back as it was
 * (unset stays unset) and drops the cache again, so no Hub answer leaks into the next file.
 */
import { clearHubCache } from "../../src/hub/index.js";

export function pointHubAt(endpoint: string, token?: string): () => void {
	const vars: Record<string, string> = { HF_ENDPOINT: endpoint, ...(token === undefined ? {} : { HF_TOKEN: token }) };
	const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
	Object.assign(process.env, vars);
	clearHubCache();
	return () => {
		for (const [k, v] of saved) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
		clearHubCache();
	};
}
