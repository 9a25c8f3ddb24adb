/**
 * Gateway close codes after which discord.js gives up (WebSocketManager.js UNRECOVERABLE_CLOSE_CODES;
 * gateway close codes in Discord's opcodes-and-status-codes.mdx), with what an operator should do.
 * 4014 is the one people meet: mention answers need the privileged MessageContent intent.
 */
export const FATAL_CLOSE_HINTS: ReadonlyMap<number, string> = new Map([
	[4004, "Discord rejected the token (close code 4004 Authentication failed): check DISCORD_TOKEN."],
	[4010, "Discord rejected the shard (close code 4010 Invalid shard): check SHARDS."],
	[4011, "Discord requires sharding for this bot (close code 4011): set SHARDS=auto."],
	[4013, "Discord rejected the gateway intents (close code 4013 Invalid intents)."],
	[
		4014,
		"Discord refused the MessageContent intent (close code 4014 Disallowed intents). Mention answers need it: enable Message Content Intent in the Developer Portal (your app → Bot → Privileged Gateway Intents), or set DISCORD_MENTIONS=false to answer slash commands only.",
	],
]);

/** The operator hint for a close code, or null when discord.js will reconnect by itself. */
export function fatalCloseHint(code: number): string | null {
	return FATAL_CLOSE_HINTS.get(code) ?? null;
}
