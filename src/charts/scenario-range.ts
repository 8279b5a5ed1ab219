/**
 * Scenario range: the next period's conservative, base and upside forecasts as bars against the
 * target (the sum of quotas) drawn as a dashed line, with the gap between base and target in the
 * title. What is already won is the same in every scenario, so it is drawn as the bars' lower part.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ForecastResult } from "../domain/analyses/forecast";
import { ChartInputError } from "./chart-input-error";
import { moneyShort, periodLabel, scopeLabel, traceLine, wrapText } from "./labels";
import { type RenderedChart, renderChart } from "./render";
import { CHART_WIDTH, COLOR, PADDING, TYPE } from "./theme";
import { type ChartContext, type Trace, type TracedAnalysis, traceOf } from "./traced";

const CHART = "scenario range";

export interface ScenarioRangeData {
  scope: string;
  period: string;
  conservativeCents: number;
  baseCents: number;
  upsideCents: number;
  /** included in every scenario */
  wonToDateCents: number;
  /** sum of quotas; null when the scope has none */
  targetCents: number | null;
  /** target − base as stored (negative: base above target) */
  gapCents: number | null;
  /** pipeline to create at the first stage's win rate to close the gap */
  pipelineNeededCents: number | null;
  trace: Trace;
}

export function scenarioRangeData(stored: TracedAnalysis<ForecastResult>): ScenarioRangeData {
  const p = stored.payload;
  return {
    scope: stored.scope,
    period: p.period.key,
    conservativeCents: p.scenarios.conservativeCents,
    baseCents: p.scenarios.baseCents,
    upsideCents: p.scenarios.upsideCents,
    wonToDateCents: p.wonToDateCents,
    targetCents: p.goal.targetCents,
    gapCents: p.goal.gapCents,
    pipelineNeededCents: p.goal.pipelineNeededCents,
    trace: traceOf(stored),
  };
}

function check(d: ScenarioRangeData): void {
  const money: [string, number | null][] = [
    ["conservativeCents", d.conservativeCents],
    ["baseCents", d.baseCents],
    ["upsideCents", d.upsideCents],
    ["wonToDateCents", d.wonToDateCents],
    ["targetCents", d.targetCents],
    ["gapCents", d.gapCents],
    ["pipelineNeededCents", d.pipelineNeededCents],
  ];
  for (const [field, v] of money)
    if (v !== null && !Number.isSafeInteger(v))
      throw new ChartInputError(CHART, `${field} is ${v}; money must be whole cents`);
  if (!(d.conservativeCents <= d.baseCents && d.baseCents <= d.upsideCents))
    throw new ChartInputError(CHART, "scenarios must run conservative ≤ base ≤ upside");
  if (d.wonToDateCents < 0 || d.wonToDateCents > d.conservativeCents)
    throw new ChartInputError(CHART, "won to date must lie between 0 and the conservative scenario");
}

/** "$1.09M below target" / "$1.09M above target" / "on target": the stored gap in words. */
function gapWords(d: ScenarioRangeData, currency: string): string {
  if (d.gapCents === null) return "no target";
  if (d.gapCents === 0) return "base on target";
  return d.gapCents > 0
    ? `base ${moneyShort(d.gapCents, currency)} below target`
    : `base ${moneyShort(-d.gapCents, currency)} above target`;
}

function describe(d: ScenarioRangeData, currency: string) {
  const m = (c: number) => moneyShort(c, currency);
  const period = periodLabel(d.period);
  const scope = scopeLabel(d.scope);
  const gap = gapWords(d, currency);
  const title = `${period} forecast: base ${m(d.baseCents)}, range ${m(d.conservativeCents)}–${m(d.upsideCents)}`;
  const target = d.targetCents === null ? "no target (no quota)" : `target ${m(d.targetCents)}, ${gap}`;
  const needed =
    d.gapCents !== null && d.gapCents > 0 && d.pipelineNeededCents !== null
      ? ` · ${m(d.pipelineNeededCents)} new pipeline needed`
      : "";
  const subtitle = `${scope} · ${target}${needed} · ${currency}`;
  const alt =
    `${period} forecast, ${scope}: conservative ${m(d.conservativeCents)}, base ${m(d.baseCents)}, upside ${m(d.upsideCents)}; ` +
    `${target}${needed ? `; ${needed.slice(3)}` : ""}. Each scenario includes ${m(d.wonToDateCents)} already won.`;
  return { title, subtitle, alt };
}

/** The scenario axis the bars and their totals share, in the rows' order. */
function scenarioAxis(scenarios: string[]) {
  return {
    field: "scenario",
    type: "ordinal" as const,
    sort: scenarios,
    axis: {
      title: null,
      labelAngle: 0,
      ticks: false,
      labelFontSize: TYPE.axisLabel + 2,
      labelFontWeight: 700 as const,
    },
    scale: { paddingInner: 0.35, paddingOuter: 0.2 },
  };
}

/** The bookings axis, from zero to `top`, in the workspace currency. */
function bookingsAxis(top: number, currency: string) {
  return {
    type: "quantitative" as const,
    scale: { domain: [0, top], nice: false },
    axis: {
      title: `Bookings (${currency})`,
      labelExpr: `chartMoney(datum.value, ${JSON.stringify(currency)})`,
      tickCount: 5,
      grid: true,
      domain: false,
      ticks: false,
    },
  };
}

// The spec stays one declarative Vega-Lite picture, read top to bottom (data, then each layer);
// split further, the layers would lose the scales they share.
export async function renderScenarioRange(
  d: ScenarioRangeData,
  context: ChartContext,
): Promise<RenderedChart> {
  check(d);
  const { currency } = context;
  const { title, subtitle, alt } = describe(d, currency);
  const rows = [
    { scenario: "Conservative", total: d.conservativeCents, color: COLOR.sky },
    { scenario: "Base", total: d.baseCents, color: COLOR.blue },
    { scenario: "Upside", total: d.upsideCents, color: COLOR.sky },
  ];
  const won = `Already won ${moneyShort(d.wonToDateCents, currency)}`;
  const open = "Forecast still to close";
  const values = rows.flatMap((r) => [
    { scenario: r.scenario, part: won, from: 0, to: d.wonToDateCents, total: r.total },
    { scenario: r.scenario, part: open, from: d.wonToDateCents, to: r.total, total: r.total },
  ]);
  const top = Math.max(d.upsideCents, d.targetCents ?? 0, 1) * 1.12;
  // a total is written inside its bar, white on blue, unless the bar is too short to hold it;
  const labels = rows.map((r) => ({
    scenario: r.scenario,
    total: r.total,
    // inside, the total sits halfway up the bar, where the target line seldom runs
    at: r.total >= top * 0.15 ? (d.wonToDateCents + r.total) / 2 : r.total,
    label: moneyShort(r.total, currency),
    inside: r.total >= top * 0.15,
  }));
  const targetName = d.targetCents === null ? null : `Target ${moneyShort(d.targetCents, currency)}`;
  const domain = targetName === null ? [won, open] : [won, open, targetName];
  const textMax = CHART_WIDTH - 2 * PADDING;
  const x = scenarioAxis(rows.map((r) => r.scenario));
  const y = bookingsAxis(top, currency);
  const totalLabel = (inside: boolean) => ({
    data: { values: labels.filter((l) => l.inside === inside) },
    mark: {
      type: "text" as const,
      baseline: inside ? ("middle" as const) : ("bottom" as const),
      dy: inside ? 0 : -10,
      fontWeight: 700 as const,
      fontSize: TYPE.dataLabel + 4,
      color: inside ? COLOR.background : COLOR.ink,
    },
    encoding: { x, y: { field: "at", type: "quantitative" as const }, text: { field: "label" } },
  });
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>["layer"]> = [
    {
      data: { values },
      mark: { type: "bar" },
      encoding: {
        x,
        y: { ...y, field: "from" },
        y2: { field: "to" },
        color: {
          field: "part",
          type: "nominal",
          scale: { domain, range: [COLOR.faint, COLOR.blue, COLOR.vermillion] },
          legend: { title: null, orient: "top" },
        },
      },
    },
    totalLabel(true),
    totalLabel(false),
  ];
  if (d.targetCents !== null) {
    // the target's value is named in the legend, so no label can collide with a bar's total
    layers.push({
      data: { values: [{ target: d.targetCents }] },
      mark: { type: "rule", strokeDash: [14, 8], strokeWidth: 5 },
      encoding: { y: { field: "target", type: "quantitative" }, color: { datum: targetName } },
    });
  }
  const spec: TopLevelSpec = {
    title: {
      text: wrapText(title, { fontSize: TYPE.title, bold: true }, textMax, 2),
      subtitle: wrapText(subtitle, { fontSize: TYPE.subtitle }, textMax, 2),
    },
    layer: layers,
  };
  return renderChart({ spec, alt, footer: `Source: forecast, ${traceLine(d.trace, context.timeZone)}` });
}
