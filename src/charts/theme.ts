/**
 * The look shared by every chart: canvas size, type sizes and colours. Sized so that a 1200×675
 * image shown about 360 px wide in Slack on a phone still has legible labels (text is drawn large
 * and sparse), with colours from the Okabe–Ito set, which stay distinct under the common forms of
 * colour blindness.
 */
import type { Config } from "vega-lite";
import { FONT_FAMILY } from "./fonts";

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;
/** the strip under the plot that carries the trace line (as of, import, definitions) */
export const FOOTER_HEIGHT = 40;
export const PADDING = 28;

export const TYPE = {
  title: 38,
  subtitle: 25,
  axisLabel: 25,
  axisTitle: 23,
  dataLabel: 25,
  legend: 24,
  footer: 18,
} as const;

/** Okabe–Ito, plus the greys used for text and rules. */
export const COLOR = {
  blue: "#0072B2",
  sky: "#56B4E9",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  purple: "#CC79A7",
  ink: "#1F2328",
  muted: "#57606A",
  faint: "#8C959F",
  grid: "#E4E7EB",
  background: "#FFFFFF",
} as const;

export const VEGA_LITE_CONFIG: Config = {
  font: FONT_FAMILY,
  background: COLOR.background,
  padding: PADDING,
  view: { stroke: null },
  title: {
    anchor: "start",
    frame: "bounds",
    fontSize: TYPE.title,
    fontWeight: 700,
    color: COLOR.ink,
    subtitleFontSize: TYPE.subtitle,
    subtitleColor: COLOR.muted,
    subtitlePadding: 10,
    offset: 28,
    lineHeight: TYPE.title + 8,
    subtitleLineHeight: TYPE.subtitle + 6,
  },
  axis: {
    labelFontSize: TYPE.axisLabel,
    titleFontSize: TYPE.axisTitle,
    titleFontWeight: 400,
    labelColor: COLOR.ink,
    titleColor: COLOR.muted,
    gridColor: COLOR.grid,
    domainColor: COLOR.faint,
    tickColor: COLOR.faint,
    labelPadding: 8,
    titlePadding: 14,
  },
  legend: {
    labelFontSize: TYPE.legend,
    titleFontSize: TYPE.legend,
    labelColor: COLOR.ink,
    symbolSize: 400,
    orient: "top",
    direction: "horizontal",
    columnPadding: 36,
    labelLimit: 600,
  },
  text: { fontSize: TYPE.dataLabel, color: COLOR.ink },
};
