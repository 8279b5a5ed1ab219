/**
 * Attainment distribution: how many reps fall in each attainment band (<50%, 50–80%, 80–100%,
 * 100–120%, >120%) for one scope and period, bands below quota in oranges and at or above it in
 * blues, so the share of the team at quota is seen at a glance.
 */
import type { TopLevelSpec } from "vega-lite";
import type { AttainmentBand, AttainmentResult } from "../domain/analyses/attainment";
import { ChartInputError } from "./chart-input-error";
import { count, percent, periodLabel, scopeLabel, traceLine, wrapText } from "./labels";
import { type RenderedChart, renderChart } from "./render";
import { CHART_WIDTH, COLOR, PADDING, TYPE } from "./theme";
import { type ChartContext, type Trace, type TracedAnalysis, traceOf } from "./traced";

const CHART = "attainment distribution";

/** The bands in display order, with the colour of each. */
const BANDS: readonly { band: AttainmentBand; label: string; color: string }[] = [
  { band: "below_50", label: "<50%", color: COLOR.vermillion },
  { band: "50_80", label: "50–80%", color: COLOR.orange },
  { band: "80_100", label: "80–100%", color: "#F3C65F" },
  { band: "100_120", label: "100–120%", color: COLOR.sky },
  { band: "above_120", label: ">120%", color: COLOR.blue },
];
const AT_OR_ABOVE_QUOTA: ReadonlySet<AttainmentBand> = new Set(["100_120", "above_120"]);

export interface AttainmentDistributionData {
  scope: string;
  period: string;
  /** false while the period is under way: the counts are bookings so far */
  periodComplete: boolean;
  asOfDate: string;
  /** reps with a quota per band; every band once */
  bands: { band: AttainmentBand; reps: number }[];
  repsWithoutQuota: number;
  /** the scope's attainment (summed bookings / summed quotas); null without quota */
  attainment: number | null;
  trace: Trace;
}

export function attainmentDistributionData(
  stored: TracedAnalysis<AttainmentResult>,
): AttainmentDistributionData {
  const p = stored.payload;
  return {
    scope: stored.scope,
    period: p.period.key,
    periodComplete: p.periodComplete,
    asOfDate: p.asOfDate,
    bands: p.distribution.bands.map((b) => ({ band: b.band, reps: b.reps })),
    repsWithoutQuota: p.distribution.repsWithoutQuota,
    attainment: p.attainment,
    trace: traceOf(stored),
  };
}

function checked(data: AttainmentDistributionData): { label: string; color: string; reps: number }[] {
  return BANDS.map(({ band, label, color }) => {
    const found = data.bands.filter((b) => b.band === band);
    if (found.length !== 1)
      throw new ChartInputError(CHART, `band ${band} appears ${found.length} times, not once`);
    const reps = found[0]?.reps ?? 0;
    if (!Number.isInteger(reps) || reps < 0)
      throw new ChartInputError(CHART, `band ${band} has ${reps} reps; a count must be a whole number ≥ 0`);
    return { label, color, reps };
  });
}

/** Title, subtitle and alt text: the figures a reader needs, in words. */
function describe(data: AttainmentDistributionData, bands: { label: string; reps: number }[]) {
  const withQuota = bands.reduce((s, b) => s + b.reps, 0);
  const atQuota = data.bands.filter((b) => AT_OR_ABOVE_QUOTA.has(b.band)).reduce((s, b) => s + b.reps, 0);
  const period = periodLabel(data.period);
  const scope = scopeLabel(data.scope);
  const soFar = data.periodComplete ? "" : ` so far (to ${data.asOfDate})`;
  const share = withQuota > 0 ? ` (${percent(atQuota / withQuota, 0)})` : "";
  const title = `Attainment, ${period}${soFar}: ${atQuota} of ${count(withQuota, "rep")} at or above quota`;
  const overall = data.attainment === null ? "no quota" : `attainment ${percent(data.attainment)}`;
  const without =
    data.repsWithoutQuota > 0 ? ` · ${count(data.repsWithoutQuota, "rep")} without quota not shown` : "";
  const subtitle = `${scope} · reps per band of bookings ÷ quota · ${overall}${without}`;
  const perBand = bands.map((b) => `${b.reps} ${bandPhrase(b.label)}`).join(", ");
  const alt =
    `Attainment distribution, ${scope}, ${period}${soFar}: ${atQuota} of ${count(withQuota, "rep")}${share} at or above quota; ` +
    `${perBand}. ${scope} ${overall}${data.repsWithoutQuota > 0 ? `; ${count(data.repsWithoutQuota, "rep")} without quota` : ""}.`;
  return { title, subtitle, alt };
}

function bandPhrase(label: string): string {
  if (label.startsWith("<")) return `below ${label.slice(1)}`;
  if (label.startsWith(">")) return `above ${label.slice(1)}`;
  return `at ${label}`;
}

export async function renderAttainmentDistribution(
  data: AttainmentDistributionData,
  context: ChartContext,
): Promise<RenderedChart> {
  const bands = checked(data);
  const { title, subtitle, alt } = describe(data, bands);
  const textWidth = CHART_WIDTH - 2 * PADDING;
  const values = bands.map((b) => ({ band: b.label, reps: b.reps }));
  const spec: TopLevelSpec = {
    title: {
      text: wrapText(title, { fontSize: TYPE.title, bold: true }, textWidth, 2),
      subtitle: wrapText(subtitle, { fontSize: TYPE.subtitle }, textWidth, 2),
    },
    data: { values },
    encoding: {
      x: {
        field: "band",
        type: "ordinal",
        sort: bands.map((b) => b.label),
        axis: { title: "Attainment (bookings ÷ quota)", labelAngle: 0, domain: true, ticks: false },
        scale: { paddingInner: 0.25, paddingOuter: 0.1 },
      },
    },
    layer: [
      {
        mark: { type: "bar", cornerRadiusTopLeft: 4, cornerRadiusTopRight: 4 },
        encoding: {
          y: {
            field: "reps",
            type: "quantitative",
            axis: {
              title: "Reps",
              tickMinStep: 1,
              tickCount: 5,
              format: "d",
              grid: true,
              domain: false,
              ticks: false,
            },
            scale: { domainMin: 0, nice: true },
          },
          color: {
            field: "band",
            type: "ordinal",
            scale: { domain: bands.map((b) => b.label), range: bands.map((b) => b.color) },
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", dy: -18, fontWeight: 700, fontSize: TYPE.dataLabel + 4 },
        encoding: {
          y: { field: "reps", type: "quantitative" },
          text: { field: "reps", type: "quantitative" },
        },
      },
    ],
  };
  return renderChart({ spec, alt, footer: `Source: attainment, ${traceLine(data.trace, context.timeZone)}` });
}
