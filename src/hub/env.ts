/**
 * The Hub client's two settings, read from the environment in this one place: HF_ENDPOINT (a mirror,
 * or the tests' fake Hub) and HF_TOKEN (sent to that endpoint only, never logged). src/config/env.ts
 * validates both at start-up (a bad URL stops the bot with a message, the token is a redacted secret);
 * the client reads them here when a lookup runs, so the one-shot CLI needs no config object.
 */
export interface HubEnv {
	endpoint: string | undefined;
	token: string | undefined;
}

export function hubEnv(): HubEnv {
	return { endpoint: process.env["HF_ENDPOINT"], token: process.env["HF_TOKEN"] };
}
