import type { ContributorList, ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import { count } from "../src/domain/count";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { chunkLines, compact, data, percent, scopeTitle, signedPercent } from "./format";
import type { Block, Message } from "./message";

export const HEADLINE_HORIZONS = [30, 60, 90] as const;

/** The series of the headline source at each reported horizon (30/60/90), when stored. */
export function headlineSeries(r: ForecastAccuracyResult) {
  return HEADLINE_HORIZONS.map((h) => ({
    horizonDays: h,
    series: r.trend.series.find((s) => s.source === r.headline.source && s.horizonDays === h) ?? null,
  }));
}

/** "MAPE 11% / 14% / 18% · bias +7% / +9% / +12% at 30 / 60 / 90 days (snapshots)". */
export function accuracyHeadline(r: ForecastAccuracyResult): string {
  const rows = headlineSeries(r);
  const mapes = rows.map((x) => percent(x.series?.mape ?? null)).join(" / ");
  const biases = rows.map((x) => signedPercent(x.series?.bias ?? null)).join(" / ");
  const h = r.headline;
  const target =
    h.mape === null
      ? `no ${h.horizonDays}-day MAPE yet${h.reason ? ` (${data(h.reason)})` : ""}`
      : `${h.horizonDays}-day MAPE ${percent(h.mape)} ${h.meetsTarget ? "meets" : "misses"} the ${percent(r.targetMape)} target`;
  const direction = h.biasDirection ? `, ${h.biasDirection.replace("_", "-")}` : "";
  return `${target}${direction}\nMAPE ${mapes} · bias ${biases} at 30 / 60 / 90 days (${data(h.sourceLabel)})`;
}

function contributorLines(title: string, list: ContributorList, c: string): string[] {
  const lines = list.top.map(
    (x) => `• ${data(x.name)}: ${x.contributionCents >= 0 ? "+" : ""}${compact(x.contributionCents, c)}`,
  );
  if (list.otherCount > 0) lines.push(`• ${list.otherCount} others: ${compact(list.otherCents, c)}`);
  return [`*${title}*`, ...(lines.length ? lines : ["none"])];
}

export interface AccuracyDetailView extends AnswerViewFrame {
  result: ForecastAccuracyResult;
  /** false: contributors by team only; no rep or deal named */
  showDetail: boolean;
}

/** The "Accuracy detail" button: MAPE/WAPE/bias per horizon and source, and what made up F − A. */
export function accuracyDetailMessage(v: AccuracyDetailView): Message {
  const r = v.result;
  const c = v.currency;
  // A source with no completed period at any horizon is one line, not three rows of "n/a".
  const empty = new Set(
    r.trend.series
      .map((s) => s.source)
      .filter((source) => r.trend.series.every((s) => s.source !== source || s.periodsAveraged === 0)),
  );
  const measured = r.trend.series.filter((s) => !empty.has(s.source));
  const seriesLines = [
    ...measured.map(
      (s) =>
        `• ${s.horizonDays} d · ${s.source}: MAPE ${percent(s.mape)} · WAPE ${percent(s.wape)} · bias ${signedPercent(s.bias)} (${s.periodsAveraged} periods)${
          s.zeroActualPeriods.length
            ? ` · zero-bookings periods listed apart: ${s.zeroActualPeriods.join(", ")}`
            : ""
        }`,
    ),
    ...[...empty].map((source) => `• ${source}: no completed periods yet`),
  ];
  const va = r.variance;
  const body: Block[] = [{ type: "section", text: { type: "mrkdwn", text: accuracyHeadline(r) } }];
  for (const chunk of chunkLines(["*By horizon and source*", ...seriesLines])) {
    body.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  }
  const varianceLines = [
    `*Variance ${r.period.key}* (${va.source}, ${va.horizonDays} d): forecast ${compact(va.forecastCents, c)} − actual ${compact(va.actualCents, c)} = ${compact(va.varianceCents, c)}`,
    ...va.byCategory.map(
      (x) =>
        `• ${x.category.replace(/_/g, " ")}: ${count(x.deals, "deal")}, ${compact(x.contributionCents, c)}`,
    ),
  ];
  const lines = [...varianceLines, ...contributorLines("By team", va.byTeam, c)];
  if (v.showDetail) {
    lines.push(...contributorLines("By rep", va.byRep, c));
    lines.push(
      "*Largest deals*",
      ...va.byDeal.top
        .slice(0, 8)
        .map(
          (d) =>
            `• ${data(d.name ?? d.dealId)} (${data(d.rep)}) ${d.category.replace(/_/g, " ")}: ${compact(d.contributionCents, c)}`,
        ),
    );
  }
  if (va.note) lines.push(`_${data(va.note)}_`);
  for (const chunk of chunkLines(lines))
    body.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  return answerMessage({
    title: `Forecast accuracy · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `MAPE ${percent(r.headline.mape)}, bias ${signedPercent(r.headline.bias)}`,
    ref: v.ref,
  });
}
