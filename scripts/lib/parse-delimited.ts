/**
 * One reader for the vendored CSV and TSV source files the catalog scripts build from (devices'
 * gpus.csv, the quality gallery's TSV): rows of fields split by `sep`, a field may be quoted with
 * `"` ("" inside stands for one quote, and a quoted field may hold the separator or a newline), "\r"
 * outside quotes is dropped. The first row names the columns; each later row becomes an object of
 * column → text ("" for a missing field).
 */

export interface ParseDelimitedOptions {
	/**
	 * Where a `"` opens a quoted part: "anywhere" (gpus.csv: `a "b" c` reads as `a b c`) or only at
	 * "field-start" (the gallery TSV: a quote inside a field's text is a plain character).
	 */
	quoteOpens: "anywhere" | "field-start";
	/** Drop rows of a single field (blank lines, a stray trailing line); the header is kept as read. */
	skipSingleFieldRows: boolean;
}

export function parseDelimited(text: string, sep: string, options: ParseDelimitedOptions): Record<string, string>[] {
	const rows: string[][] = [];
	let field = "";
	let row: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && (options.quoteOpens === "anywhere" || field === "")) quoted = true;
		else if (c === sep) {
			row.push(field);
			field = "";
		} else if (c === "\n") {
			row.push(field);
			rows.push(row);
			row = [];
			field = "";
		} else if (c !== "\r") field += c;
	}
	if (field !== "" || row.length > 0) rows.push([...row, field]);
	const [header, ...body] = rows;
	if (header === undefined) return [];
	const kept = options.skipSingleFieldRows ? body.filter((r) => r.length > 1) : body;
	return kept.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}
