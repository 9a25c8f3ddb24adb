/**
 * SVG → PNG in-process with @resvg/resvg-js (no browser, no system fonts): the font is the DejaVu
 * Sans Mono subset shipped in assets/fonts (Bitstream Vera licence, DejaVu-LICENSE.txt beside it),
 * loaded explicitly with system fonts off, so a CI machine or a distroless container draws the same
 * picture. Rendering takes a few milliseconds (npm run bench: "chart png"); the same chart is drawn
 * once and served from a small cache keyed by its SVG text.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Resvg as ResvgType } from "@resvg/resvg-js";
import type { AnswerChart } from "../answer/answer.js";
import { CHART_FONT_FAMILY, chartSvg } from "./chart-svg.js";

const FONT_NAME = "DejaVuSansMono-chart.ttf";
/** assets/ from src/chart (tsx, vitest) and from dist/src/chart (the build) */
const FONT_CANDIDATES = ["../../assets/fonts/", "../../../assets/fonts/"].map((dir) => fileURLToPath(new URL(`${dir}${FONT_NAME}`, import.meta.url)));

let fontFile: string | null | undefined;

/**
 * resvg's native module, loaded on the first chart: it maps ~8 MB into the process (measured: RSS
 * after import), which a CLI or console that never draws a chart should not carry.
 */
let resvg: typeof ResvgType | undefined;
function Resvg(): typeof ResvgType {
	resvg ??= (createRequire(import.meta.url)("@resvg/resvg-js") as { Resvg: typeof ResvgType }).Resvg;
	return resvg;
}

/** The shipped font's path, or null when it is missing (then no chart is drawn, the table is sent). */
export function chartFontFile(): string | null {
	if (fontFile === undefined) fontFile = FONT_CANDIDATES.find((path) => existsSync(path)) ?? null;
	return fontFile;
}

/** PNGs by SVG text: a repeated question (buttons, popular models) costs a map lookup. */
const CACHE_ENTRIES = 64;
const cache = new Map<string, Buffer>();

export interface ChartImage {
	png: Buffer;
	width: number;
	height: number;
	alt: string;
}

/** The chart as a PNG, or null when it cannot be drawn (no font file, a renderer fault). */
export function chartPng(chart: AnswerChart): ChartImage | null {
	const font = chartFontFile();
	if (font === null || chart.bars.length === 0) return null;
	const svg = chartSvg(chart);
	let png = cache.get(svg);
	try {
		if (png === undefined) {
			const rendered = new (Resvg())(svg, { font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).render();
			png = rendered.asPng();
			if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
			cache.set(svg, png);
		} else {
			// most recently used last
			cache.delete(svg);
			cache.set(svg, png);
		}
	} catch {
		return null;
	}
	return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20), alt: chart.alt };
}

/** Empties the cache (bench: measure a cold render). */
export function clearChartCache(): void {
	cache.clear();
}
