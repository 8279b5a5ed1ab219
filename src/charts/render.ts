/**
 * The one way a chart becomes pixels: a Vega-Lite spec is compiled to Vega, drawn to SVG by Vega's
 * headless renderer, framed with the trace line, and rasterised to PNG by resvg with the shipped
 * Inter files only. Nothing depends on the machine (no canvas, no system fonts, no clock), so the
 * same spec gives the same bytes everywhere.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FONT_FAMILY, FONT_FILES, textWidth } from "./fonts";
import { moneyShort, xmlEscape } from "./labels";
import { CHART_HEIGHT, CHART_WIDTH, COLOR, FOOTER_HEIGHT, PADDING, TYPE, VEGA_LITE_CONFIG } from "./theme";

/** A rendered chart: the PNG to upload, the SVG it came from, and the alt text beside it. */
export interface RenderedChart {
  png: Buffer;
  svg: string;
  /** one or two sentences with the chart's key figures, for screen readers and the upload's alt text */
  alt: string;
  width: number;
  height: number;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/**
 * Vega measures text to lay out axes, legends and titles. Without a canvas it guesses 0.8 em per
 * character, which overstates Inter by half and squeezes the plot; its documented hook
 * `textMetrics.width` (not in its typings) takes a measurer, here the shipped font's own advance
 * widths. The same hook serves its truncation, so the width returned is the untruncated one.
 */
function installOnce(): void {
  if (installed) return;
  installed = true;
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } })
    .textMetrics;
  metrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const weight = item.fontWeight;
    const bold = weight === "bold" || (typeof weight === "number" && weight >= 600) || Number(weight) >= 600;
    return line === "" || size <= 0 ? 0 : textWidth(line, size, bold);
  };
  // Money on axes in the same words as everywhere else: "$1.24M", from cents.
  vega.expressionFunction("chartMoney", (cents: number, currency: string) => moneyShort(cents, currency));
}
let installed = false;

export interface ChartSpec {
  /** the Vega-Lite layers and encodings; size, autosize and the theme are added here */
  spec: TopLevelSpec;
  alt: string;
  /** the trace line printed under the plot */
  footer: string;
}

/** Draws a chart at the standard size (1200×675). */
export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  installOnce();
  const plotHeight = CHART_HEIGHT - FOOTER_HEIGHT;
  const full = {
    ...chart.spec,
    width: CHART_WIDTH,
    height: plotHeight,
    autosize: { type: "fit", contains: "padding" },
    config: VEGA_LITE_CONFIG,
  } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: "none" });
  let plotSvg: string;
  try {
    plotSvg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const svg = frame(stableClipIds(plotSvg), chart.footer);
  const png = new Resvg(svg, {
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "original" },
    background: COLOR.background,
  })
    .render()
    .asPng();
  return { png, svg, alt: chart.alt, width: CHART_WIDTH, height: CHART_HEIGHT };
}

/**
 * Vega numbers clip paths from a counter that lives as long as the process, so the second render
 * of a chart would name them differently; renumbered in order of appearance, the SVG depends on
 * the input only.
 */
function stableClipIds(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/(id="|url\(#)clip(\d+)/g, (_, prefix: string, n: string) => {
    let id = ids.get(n);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(n, id);
    }
    return `${prefix}chart-clip${id}`;
  });
}

/** The plot's SVG nested in the full canvas, with the trace line in the strip at the bottom. */
function frame(plotSvg: string, footer: string): string {
  const inner = plotSvg.replace(/^<svg /, `<svg x="0" y="0" `);
  const maxWidth = CHART_WIDTH - 2 * PADDING;
  let text = footer;
  while (text.length > 1 && textWidth(text, TYPE.footer) > maxWidth) text = `${text.slice(0, -2)}…`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${COLOR.background}"/>`,
    inner,
    `<text x="${PADDING}" y="${CHART_HEIGHT - 16}" font-family="${FONT_FAMILY}" font-size="${TYPE.footer}" fill="${COLOR.muted}">${xmlEscape(text)}</text>`,
    "</svg>",
  ].join("");
}
