/**
 * An AnswerChart as an SVG document (issue 16): horizontal bars, one per quantization or device,
 * each with its label and value, and the asker's memory as a dashed line when known. Pure string
 * building; values are formatted with src/answer/format.ts, so the picture says what the text says.
 * Text uses the monospace font shipped in assets/fonts (chart-png.ts loads it explicitly), so the
 * label column width is simply characters × advance.
 */
import type { AnswerChart } from "../answer/answer.js";
import { formatBytes, formatSpeed } from "../answer/format.js";

export const CHART_FONT_FAMILY = "DejaVu Sans Mono";
/** Width of the picture in pixels: Discord shows embed images up to 400 px wide on a phone, scaled down crisp at 2x. */
export const CHART_WIDTH = 480;
const FONT_SIZE = 12;
/** DejaVu Sans Mono's advance width is 1233/2048 em */
const CHAR_WIDTH = (FONT_SIZE * 1233) / 2048;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 16;
const TOP = 44;
const PAD = 12;
const LABEL_MAX_CHARS = 16;
const VALUE_CHARS = 10;

const TONE_FILL: Record<AnswerChart["bars"][number]["tone"], string> = {
	good: "#3ba55c",
	warn: "#f0b232",
	bad: "#ed4245",
	neutral: "#5865f2",
};

function xml(text: string): string {
	return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cut(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function formatChartValue(chart: Pick<AnswerChart, "unit">, value: number): string {
	return chart.unit === "bytes" ? formatBytes(value) : formatSpeed(value);
}

export function chartHeight(chart: AnswerChart): number {
	return TOP + chart.bars.length * ROW_HEIGHT + (chart.limit !== null ? ROW_HEIGHT : 0) + PAD;
}

export function chartSvg(chart: AnswerChart): string {
	const height = chartHeight(chart);
	const labelChars = Math.min(LABEL_MAX_CHARS, Math.max(4, ...chart.bars.map((b) => b.label.length)));
	const barLeft = PAD + Math.ceil(labelChars * CHAR_WIDTH) + 8;
	const barMax = CHART_WIDTH - barLeft - PAD - Math.ceil(VALUE_CHARS * CHAR_WIDTH) - 6;
	let top = 0;
	for (const b of chart.bars) if (b.value > top) top = b.value;
	if (chart.limit !== null && chart.limit.value > top) top = chart.limit.value;
	const scale = top > 0 ? barMax / top : 0;
	let body = "";
	body += `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`;
	body += `<text x="${PAD}" y="${PAD + FONT_SIZE + 4}" font-size="${FONT_SIZE + 1}" fill="#111111">${xml(cut(chart.title, Math.floor((CHART_WIDTH - 2 * PAD) / CHAR_WIDTH) - 1))}</text>`;
	chart.bars.forEach((bar, i) => {
		const y = TOP + i * ROW_HEIGHT;
		const w = Math.max(1, Math.round(bar.value * scale));
		const text = formatChartValue(chart, bar.value);
		body += `<text x="${PAD}" y="${y + BAR_HEIGHT - 3}" font-size="${FONT_SIZE}" fill="#222222">${xml(cut(bar.label, labelChars))}</text>`;
		body += `<rect x="${barLeft}" y="${y}" width="${w}" height="${BAR_HEIGHT}" rx="2" fill="${TONE_FILL[bar.tone]}"${bar.marked ? ' stroke="#111111" stroke-width="2"' : ""}/>`;
		body += `<text x="${barLeft + w + 6}" y="${y + BAR_HEIGHT - 3}" font-size="${FONT_SIZE}" fill="#222222">${xml(text)}</text>`;
	});
	if (chart.limit !== null) {
		const x = barLeft + Math.round(chart.limit.value * scale);
		const bottom = TOP + chart.bars.length * ROW_HEIGHT;
		body += `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${bottom}" stroke="#111111" stroke-width="2" stroke-dasharray="5,4"/>`;
		const label = `${cut(chart.limit.label, 30)}: ${formatChartValue(chart, chart.limit.value)}`;
		const labelWidth = label.length * CHAR_WIDTH;
		const lx = Math.max(PAD, Math.min(x - labelWidth / 2, CHART_WIDTH - PAD - labelWidth));
		body += `<text x="${lx.toFixed(1)}" y="${bottom + FONT_SIZE + 4}" font-size="${FONT_SIZE}" fill="#111111">${xml(label)}</text>`;
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}" shape-rendering="crispEdges" text-rendering="optimizeSpeed">${body}</svg>`;
}
