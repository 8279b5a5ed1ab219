/**
 * Open pipeline by stage: one horizontal bar per stage in funnel order, its amount and deal
 * count written at the bar's end, with the coverage of the remaining quota in the subtitle.
 * Horizontal bars keep long stage names readable at phone size.
 */
import type { TopLevelSpec } from "vega-lite";
import type { PipelineResult } from "../domain/analyses/pipeline";
import { ChartInputError } from "./chart-input-error";
import { textWidth } from "./fonts";
import { count, moneyShort, periodLabel, scopeLabel, traceLine, wrapText } from "./labels";
import { type RenderedChart, renderChart } from "./render";
import { CHART_WIDTH, COLOR, PADDING, TYPE } from "./theme";
import { type ChartContext, type Trace, type TracedAnalysis, traceOf } from "./traced";

const CHART = "pipeline by stage";
/** more stages than this would squeeze bars below a readable height at 675 px */
export const MAX_STAGES = 10;
/** stage names longer than this (px at the axis size) are ellipsised, the full name stays in the alt text */
const STAGE_LABEL_WIDTH = 300;

export interface PipelineByStageData {
  scope: string;
  period: string;
  /** in funnel order */
  stages: { stage: string; deals: number; amountCents: number }[];
  coverage: {
    ratio: number | null;
    healthyRatio: number;
    status: "healthy" | "below_healthy" | "quota_met" | "no_quota";
    remainingQuotaCents: number;
  };
  trace: Trace;
}

export function pipelineByStageData(stored: TracedAnalysis<PipelineResult>): PipelineByStageData {
  const p = stored.payload;
  return {
    scope: stored.scope,
    period: p.period.key,
    stages: p.stages.map((s) => ({ stage: s.stage, deals: s.deals, amountCents: s.amountCents })),
    coverage: {
      ratio: p.coverage.ratio,
      healthyRatio: p.coverage.healthyRatio,
      status: p.coverage.status,
      remainingQuotaCents: p.coverage.remainingQuotaCents,
    },
    trace: traceOf(stored),
  };
}

function check(data: PipelineByStageData): void {
  if (data.stages.length === 0) throw new ChartInputError(CHART, "needs at least one stage");
  if (data.stages.length > MAX_STAGES)
    throw new ChartInputError(CHART, `${data.stages.length} stages given; at most ${MAX_STAGES} fit`);
  const seen = new Set<string>();
  for (const s of data.stages) {
    if (seen.has(s.stage)) throw new ChartInputError(CHART, `stage "${s.stage}" appears twice`);
    seen.add(s.stage);
    if (!Number.isInteger(s.deals) || s.deals < 0)
      throw new ChartInputError(
        CHART,
        `stage "${s.stage}" has ${s.deals} deals; a count must be a whole number ≥ 0`,
      );
    if (!Number.isSafeInteger(s.amountCents) || s.amountCents < 0)
      throw new ChartInputError(
        CHART,
        `stage "${s.stage}" amount is ${s.amountCents}; open amounts are whole cents ≥ 0`,
      );
  }
}

function coverageWords(c: PipelineByStageData["coverage"], currency: string): string {
  switch (c.status) {
    case "quota_met":
      return "quota already met";
    case "no_quota":
      return "no quota for the period";
    default: {
      const ratio = c.ratio === null ? "n/a" : `${c.ratio.toFixed(1)}×`;
      return `coverage ${ratio} (healthy ≥ ${c.healthyRatio}×) of ${moneyShort(c.remainingQuotaCents, currency)} quota left`;
    }
  }
}

function ellipsise(text: string, maxWidth: number): string {
  if (textWidth(text, TYPE.axisLabel) <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && textWidth(`${t}…`, TYPE.axisLabel) > maxWidth) t = t.slice(0, -1);
  return `${t.trimEnd()}…`;
}

function describe(data: PipelineByStageData, currency: string) {
  const deals = data.stages.reduce((s, x) => s + x.deals, 0);
  const amount = data.stages.reduce((s, x) => s + x.amountCents, 0);
  const scope = scopeLabel(data.scope);
  const period = periodLabel(data.period);
  const coverage = coverageWords(data.coverage, currency);
  const title = `Open pipeline closing ${period}: ${moneyShort(amount, currency)} in ${count(deals, "deal")}`;
  const subtitle = `${scope} · by stage, in funnel order · ${coverage} · ${currency}`;
  const stages = data.stages
    .map((s) => `${s.stage} ${moneyShort(s.amountCents, currency)} (${count(s.deals, "deal")})`)
    .join(", ");
  const alt = `Open pipeline closing ${period}, ${scope}: ${moneyShort(amount, currency)} in ${count(deals, "deal")}; ${coverage}. By stage: ${stages}.`;
  return { title, subtitle, alt };
}

export async function renderPipelineByStage(
  data: PipelineByStageData,
  context: ChartContext,
): Promise<RenderedChart> {
  check(data);
  const { currency } = context;
  const { title, subtitle, alt } = describe(data, currency);
  const max = Math.max(...data.stages.map((s) => s.amountCents), 1);
  const values = data.stages.map((s, i) => ({
    // the order index keeps two stages that ellipsise alike apart
    key: `${i}`,
    stage: ellipsise(s.stage, STAGE_LABEL_WIDTH),
    amount: s.amountCents,
    label: `${moneyShort(s.amountCents, currency)} · ${count(s.deals, "deal")}`,
  }));
  const labelOf = Object.fromEntries(values.map((v) => [v.key, v.stage]));
  const textMax = CHART_WIDTH - 2 * PADDING;
  const spec: TopLevelSpec = {
    title: {
      text: wrapText(title, { fontSize: TYPE.title, bold: true }, textMax, 2),
      subtitle: wrapText(subtitle, { fontSize: TYPE.subtitle }, textMax, 2),
    },
    data: { values },
    encoding: {
      y: {
        field: "key",
        type: "ordinal",
        sort: values.map((v) => v.key),
        axis: {
          title: null,
          labelExpr: `${JSON.stringify(labelOf)}[datum.value]`,
          labelLimit: 0,
          ticks: false,
          domain: false,
          labelPadding: 12,
        },
        scale: { paddingInner: 0.28, paddingOuter: 0.12 },
      },
    },
    layer: [
      {
        mark: { type: "bar", color: COLOR.blue, cornerRadiusTopRight: 3, cornerRadiusBottomRight: 3 },
        encoding: {
          x: {
            field: "amount",
            type: "quantitative",
            // room at the right for the longest value label
            scale: { domain: [0, max * 1.38], nice: false },
            axis: {
              title: `Open amount (${currency})`,
              labelExpr: `chartMoney(datum.value, ${JSON.stringify(currency)})`,
              tickCount: 5,
              grid: true,
              domain: false,
              ticks: false,
            },
          },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 10, fontWeight: 700, fontSize: TYPE.dataLabel },
        encoding: { x: { field: "amount", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  };
  return renderChart({ spec, alt, footer: `Source: pipeline, ${traceLine(data.trace, context.timeZone)}` });
}
