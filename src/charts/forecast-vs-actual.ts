/**
 * Forecast vs actual over up to 12 completed periods: actual bookings as bars, the forecast made
 * a fixed horizon ahead as a line, with the MAPE in the title. A period without a forecast breaks
 * the line and says so; a period without an actual says so instead of drawing a zero.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ForecastAccuracyResult } from "../domain/analyses/forecast-accuracy";
import type { YearReviewResult } from "../domain/analyses/year-review";
import { ChartInputError } from "./chart-input-error";
import {
  moneyShort,
  percent,
  periodLabel,
  periodTickLines,
  scopeLabel,
  signedPercent,
  traceLine,
  wrapText,
} from "./labels";
import { type RenderedChart, renderChart } from "./render";
import { CHART_WIDTH, COLOR, PADDING, TYPE } from "./theme";
import { type ChartContext, type Trace, type TracedAnalysis, traceOf } from "./traced";

const CHART = "forecast vs actual";
export const MAX_PERIODS = 12;
const NOTE_SIZE = TYPE.axisLabel - 4;

export interface ForecastVsActualData {
  /** the stored analysis the figures come from, named in the chart's source line */
  analysis: "forecast accuracy" | "year review";
  scope: string;
  /** whose forecast: "submitted forecasts", "the bot's snapshots", … */
  sourceLabel: string;
  horizonDays: number;
  /** oldest first, at most 12 */
  points: { period: string; forecastCents: number | null; actualCents: number | null }[];
  /** the stored MAPE over these periods; null with the reason */
  mape: number | null;
  mapeReason: string | null;
  targetMape: number;
  bias: number | null;
  biasDirection: "over_forecasting" | "under_forecasting" | "balanced" | null;
  periodsAveraged: number;
  trace: Trace;
}

/** The headline source and horizon of a stored accuracy analysis, its last 12 trend periods. */
export function forecastVsActualData(stored: TracedAnalysis<ForecastAccuracyResult>): ForecastVsActualData {
  const p = stored.payload;
  const h = p.headline;
  const series = p.trend.series.find((s) => s.source === h.source && s.horizonDays === h.horizonDays);
  const points = (series?.points ?? []).slice(-MAX_PERIODS).map((pt) => ({
    period: pt.period,
    forecastCents: pt.forecastCents,
    actualCents: pt.actualCents,
  }));
  return {
    analysis: "forecast accuracy",
    scope: stored.scope,
    sourceLabel: h.sourceLabel,
    horizonDays: h.horizonDays,
    points,
    mape: h.mape,
    mapeReason: h.reason,
    targetMape: p.targetMape,
    bias: h.bias,
    biasDirection: h.biasDirection,
    periodsAveraged: h.periodsAveraged,
    trace: traceOf(stored),
  };
}

/** The year review's months: each month's submitted call at the review's horizon against bookings. */
export function forecastVsActualFromYearReview(
  stored: TracedAnalysis<YearReviewResult>,
): ForecastVsActualData {
  const f = stored.payload.forecasting;
  const months = f.months.slice(-MAX_PERIODS);
  return {
    analysis: "year review",
    scope: stored.scope,
    sourceLabel: "submitted forecasts",
    horizonDays: f.horizonDays,
    points: months.map((m) => ({
      period: m.period,
      forecastCents: m.forecastCents,
      actualCents: m.actualCents,
    })),
    mape: f.mape.value,
    mapeReason: f.mape.reason,
    targetMape: f.mapeTarget,
    bias: f.bias.value,
    // the year review stores the bias without a verdict; its sign says the direction
    biasDirection: null,
    periodsAveraged: months.filter((m) => m.ape !== null).length,
    trace: traceOf(stored),
  };
}

function check(data: ForecastVsActualData): void {
  if (data.points.length === 0) throw new ChartInputError(CHART, "needs at least one period");
  if (data.points.length > MAX_PERIODS)
    throw new ChartInputError(CHART, `${data.points.length} periods given; at most ${MAX_PERIODS} fit`);
  const seen = new Set<string>();
  for (const pt of data.points) {
    if (seen.has(pt.period)) throw new ChartInputError(CHART, `period ${pt.period} appears twice`);
    seen.add(pt.period);
    for (const [field, v] of [
      ["forecastCents", pt.forecastCents],
      ["actualCents", pt.actualCents],
    ] as const)
      if (v !== null && !Number.isSafeInteger(v))
        throw new ChartInputError(CHART, `${pt.period} ${field} is ${v}; money must be whole cents`);
  }
}

const BIAS_WORDS = {
  over_forecasting: "over-forecasting",
  under_forecasting: "under-forecasting",
  balanced: "balanced",
} as const;

function describe(data: ForecastVsActualData, currency: string) {
  const first = data.points[0]?.period ?? "";
  const last = data.points[data.points.length - 1];
  const range =
    data.points.length === 1
      ? periodLabel(first)
      : `${periodLabel(first)}–${periodLabel(last?.period ?? "")}`;
  const scope = scopeLabel(data.scope);
  const mape = data.mape === null ? "MAPE n/a" : `MAPE ${percent(data.mape)}`;
  const title = `Forecast vs actual, ${range}: ${mape}`;
  const bias =
    data.bias === null
      ? ""
      : ` · bias ${signedPercent(data.bias)}${data.biasDirection ? ` (${BIAS_WORDS[data.biasDirection]})` : ""}`;
  const why = data.mape === null && data.mapeReason ? ` · ${data.mapeReason}` : "";
  const subtitle = `${scope} · target MAPE < ${percent(data.targetMape, 0)} · ${data.sourceLabel} made ${data.horizonDays} days ahead vs bookings${bias}${why} · ${currency}`;
  const money = (c: number | null) => (c === null ? "none" : moneyShort(c, currency));
  const noForecast = data.points.filter((p) => p.forecastCents === null).map((p) => periodLabel(p.period));
  const noActual = data.points.filter((p) => p.actualCents === null).map((p) => periodLabel(p.period));
  const accuracy =
    data.mape === null
      ? `MAPE not available${data.mapeReason ? ` (${data.mapeReason})` : ""}`
      : `MAPE ${percent(data.mape)} over ${data.periodsAveraged} periods against a target below ${percent(data.targetMape, 0)}`;
  const alt = [
    `Forecast vs actual, ${range}, ${scope}: ${accuracy}, ${data.sourceLabel} made ${data.horizonDays} days ahead`,
    data.bias === null
      ? "."
      : `; bias ${signedPercent(data.bias)}${data.biasDirection ? `, ${BIAS_WORDS[data.biasDirection]}` : ""}.`,
    last
      ? ` ${periodLabel(last.period)}: forecast ${money(last.forecastCents)}, actual ${money(last.actualCents)}.`
      : "",
    noForecast.length > 0 ? ` No forecast for ${noForecast.join(", ")}.` : "",
    noActual.length > 0 ? ` No actual for ${noActual.join(", ")}.` : "",
  ].join("");
  return { title, subtitle, alt };
}

/** A Vega expression mapping each period key to its tick lines (keys are JSON-quoted, so any text is safe). */
function tickExpression(keys: readonly string[]): string {
  const lines = periodTickLines(keys);
  return keys.reduceRight(
    (rest, key, i) => `datum.value === ${JSON.stringify(key)} ? ${JSON.stringify(lines[i])} : ${rest}`,
    "datum.label",
  );
}

/** One row per period: the bar's actual, the line's forecast, and the note where a figure is missing. */
function chartValues(data: ForecastVsActualData) {
  return data.points.map((p) => ({
    period: p.period,
    actual: p.actualCents,
    forecast: p.forecastCents,
    // where a marker stands in for a missing figure: at the bar's top, or the axis when there is no bar
    noteAt: p.actualCents ?? 0,
    note: p.actualCents === null ? ["no", "actual"] : p.forecastCents === null ? ["no", "forecast"] : null,
  }));
}

/** The period axis all layers share, in the points' order, each tick on its own lines. */
function periodAxis(keys: string[]) {
  return {
    field: "period",
    type: "ordinal" as const,
    sort: keys,
    axis: {
      title: null,
      labelAngle: 0,
      labelExpr: tickExpression(keys),
      labelLineHeight: TYPE.axisLabel + 4,
      ticks: false,
    },
    scale: { paddingInner: 0.3, paddingOuter: 0.15 },
  };
}

// The spec stays one declarative Vega-Lite picture, read top to bottom (title, then each layer);
// split further, the layers would lose the scales they share.
export async function renderForecastVsActual(
  data: ForecastVsActualData,
  context: ChartContext,
): Promise<RenderedChart> {
  check(data);
  const { currency } = context;
  const { title, subtitle, alt } = describe(data, currency);
  const keys = data.points.map((p) => p.period);
  const actualName = "Actual bookings";
  const forecastName = `Forecast, ${data.horizonDays} days ahead`;
  const values = chartValues(data);
  const textWidth = CHART_WIDTH - 2 * PADDING;
  const x = periodAxis(keys);
  const money = `chartMoney(datum.value, ${JSON.stringify(currency)})`;
  const spec: TopLevelSpec = {
    title: {
      text: wrapText(title, { fontSize: TYPE.title, bold: true }, textWidth, 2),
      subtitle: wrapText(subtitle, { fontSize: TYPE.subtitle }, textWidth, 2),
    },
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: "bar", cornerRadiusTopLeft: 3, cornerRadiusTopRight: 3 },
        encoding: {
          y: {
            field: "actual",
            type: "quantitative",
            axis: {
              title: `Bookings (${currency})`,
              labelExpr: money,
              tickCount: 5,
              grid: true,
              domain: false,
              ticks: false,
            },
            scale: { domainMin: 0, nice: true },
          },
          color: {
            datum: actualName,
            scale: { domain: [actualName, forecastName], range: [COLOR.sky, COLOR.vermillion] },
            legend: { title: null, orient: "top", direction: "horizontal" },
          },
        },
      },
      {
        mark: {
          type: "line",
          strokeWidth: 4,
          point: { filled: true, size: 220 },
          invalid: "break-paths-filter-domains",
        },
        encoding: { y: { field: "forecast", type: "quantitative" }, color: { datum: forecastName } },
      },
      {
        transform: [{ filter: "datum.note !== null" }],
        // Vega stacks the lines of a text downwards from its anchor: lift the two-line note by one line
        mark: {
          type: "text",
          baseline: "bottom",
          fontSize: NOTE_SIZE,
          lineHeight: NOTE_SIZE + 2,
          dy: -10 - (NOTE_SIZE + 2),
          color: COLOR.muted,
        },
        encoding: { y: { field: "noteAt", type: "quantitative" }, text: { field: "note" } },
      },
    ],
  };
  return renderChart({
    spec,
    alt,
    footer: `Source: ${data.analysis}, ${traceLine(data.trace, context.timeZone)}`,
  });
}
