/**
 * How big a chat answer is, as a person sees it (issue 16): characters of text, rendered lines,
 * the widest line inside a code block (what wraps on a phone), and the pictures sent with it.
 * Used by the Discord and Slack payload tests and by the size figures in the closing note.
 */

export interface Measured {
	chars: number;
	lines: number;
	widestCodeLine: number;
}

/** Lines of text as rendered: code fences are not lines of their own, empty lines count. */
function measureText(texts: readonly string[]): Measured {
	let chars = 0;
	let lines = 0;
	let widest = 0;
	for (const text of texts) {
		if (text === "") continue;
		chars += text.length;
		let inCode = false;
		for (const line of text.split("\n")) {
			const fence = line.includes("```");
			if (fence) {
				const rest = line.replaceAll("```", "");
				const opens = (line.match(/```/g)?.length ?? 0) % 2 === 1;
				if (rest.trim() !== "") {
					lines += 1;
					widest = Math.max(widest, [...rest].length);
				}
				if (opens) inCode = !inCode;
				continue;
			}
			lines += 1;
			if (inCode) widest = Math.max(widest, [...line].length);
		}
	}
	return { chars, lines, widestCodeLine: widest };
}

interface DiscordEmbedLike {
	title?: string;
	description?: string;
	footer?: { text: string };
	fields?: { name: string; value: string }[];
}

export function measureDiscord(embeds: readonly DiscordEmbedLike[]): Measured {
	const texts: string[] = [];
	for (const e of embeds) {
		texts.push(e.title ?? "", e.description ?? "", e.footer?.text ?? "");
		for (const f of e.fields ?? []) texts.push(f.name, f.value);
	}
	return measureText(texts);
}

interface SlackBlockLike {
	type: string;
	text?: { text?: string };
	fields?: { text: string }[];
	elements?: { type: string; text?: unknown }[];
}

/** Text of blocks as shown (sections, fields, context; not button labels). */
export function measureSlack(message: { blocks?: readonly SlackBlockLike[]; attachments?: readonly { blocks?: readonly SlackBlockLike[] }[] }): Measured {
	const texts: string[] = [];
	const blocks = [...(message.blocks ?? []), ...(message.attachments ?? []).flatMap((a) => a.blocks ?? [])];
	for (const b of blocks) {
		if (b.type === "section" || b.type === "header") {
			if (typeof b.text?.text === "string") texts.push(b.text.text);
			for (const f of b.fields ?? []) texts.push(f.text);
		} else if (b.type === "context") {
			for (const el of b.elements ?? []) if (typeof el.text === "string") texts.push(el.text);
		}
	}
	return measureText(texts);
}

/** PNG signature and the IHDR's width and height, or null when `png` is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.subarray(12, 16).toString("latin1") !== "IHDR") return null;
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
