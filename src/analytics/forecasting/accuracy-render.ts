/** Plain-text rendering of a forecast-accuracy result for `rituals analyze forecast-accuracy`. */

import type { ForecastAccuracyResult } from "../../domain/analyses/forecast-accuracy";
import { count } from "../../domain/count";
import { formatMoney } from "../../domain/money";
import { percent, signedPercent } from "../metrics/percent";
import { textTable } from "../text-table";

type Money = (c: number | null) => string;

/** The headline: actual bookings, the 30-day MAPE against its target, who leads, and the skill. */
function headlineLines(r: ForecastAccuracyResult, meta: { scope: string }, money: Money): string[] {
  const h = r.headline;
  const out: string[] = [];
  out.push(`Forecast accuracy — ${meta.scope}, ${r.period.key} (${r.period.start} to ${r.period.end})`);
  out.push(`as of ${r.asOf}`);
  out.push(`Actual bookings: ${money(r.actualCents)}`);
  out.push(
    `30-day MAPE: ${percent(h.mape) ?? "n/a"} (target < ${percent(r.targetMape, 0) ?? "n/a"}${
      h.meetsTarget === null ? "" : h.meetsTarget ? ", met" : ", missed"
    }) · bias ${signedPercent(h.bias) ?? "n/a"}${h.biasDirection ? ` (${h.biasDirection.replace("_", "-")})` : ""} · over ${
      h.periodsAveraged
    } period(s), source: ${h.sourceLabel}`,
  );
  if (h.reason) out.push(`  ${h.reason}`);
  out.push(`  leads: ${h.leadReason}`);
  if (h.compared.length)
    out.push(
      `  beside it: ${h.compared
        .map((c) => `${c.source} ${percent(c.mape) ?? "n/a"} over ${c.periodsAveraged} period(s)`)
        .join(" · ")}`,
    );
  out.push(
    `Skill against the run rate (our MAPE / naive MAPE; below 1 earns its keep): ${r.skill
      .map(
        (s) =>
          `${s.horizonDays}d ${s.ratio === null ? `n/a (${s.reason ?? "no ratio"})` : `${s.ratio.toFixed(2)} (${percent(s.ourMape)} / ${percent(s.naiveMape)} over ${s.periodsCompared})`}`,
      )
      .join(" · ")}`,
  );
  return out;
}

/** Each horizon's forecast per source, then the trend's MAPE, WAPE and bias per source and horizon. */
function horizonAndTrendLines(r: ForecastAccuracyResult, money: Money): string[] {
  const out: string[] = [];
  const rows: string[][] = [];
  for (const hz of r.horizons)
    for (const s of hz.sources)
      rows.push([
        `${hz.horizonDays}d ${s.source}`,
        money(s.forecastCents),
        money(s.errorCents),
        s.ape === null ? (s.apeReason ?? "n/a") : (percent(s.ape) ?? "n/a"),
        s.madeOn ?? s.reason ?? "",
      ]);
  out.push(textTable(["Horizon / source", "Forecast", "Error", "APE", "Made on"], rows));
  out.push("");
  out.push(`Trend over ${r.trend.periods.length} ${r.trend.periodKind}(s): ${r.trend.periods.join(", ")}`);
  out.push(
    textTable(
      ["Source", "Horizon", "MAPE", "WAPE", "Bias", "Periods", "A = 0 (listed)"],
      r.trend.series.map((t) => [
        t.source,
        `${t.horizonDays}d`,
        percent(t.mape) ?? "n/a",
        percent(t.wape) ?? "n/a",
        signedPercent(t.bias) ?? "n/a",
        String(t.periodsAveraged),
        t.zeroActualPeriods.join(" ") || "-",
      ]),
    ),
  );
  return out;
}

/** What made up F − A: by category, team, rep and deal. */
function varianceLines(v: ForecastAccuracyResult["variance"], money: Money): string[] {
  const out: string[] = [];
  out.push(
    `Variance at ${v.horizonDays} days (${v.source}): forecast ${money(v.forecastCents)} − actual ${money(
      v.actualCents,
    )} = ${money(v.varianceCents)}`,
  );
  out.push(
    textTable(
      ["Category", "Deals", "Contribution"],
      v.byCategory.map((c) => [c.category.replaceAll("_", " "), String(c.deals), money(c.contributionCents)]),
    ),
  );
  for (const [label, list] of [
    ["Team", v.byTeam],
    ["Rep", v.byRep],
  ] as const) {
    out.push("");
    const rows2 = list.top.map((c) => [
      c.name,
      money(c.forecastCents),
      money(c.actualCents),
      money(c.contributionCents),
    ]);
    if (list.otherCount > 0) rows2.push([`${list.otherCount} other(s)`, "", "", money(list.otherCents)]);
    out.push(textTable([label, "Forecast", "Actual", "Contribution"], rows2));
  }
  out.push("");
  const dealRows = v.byDeal.top.map((d) => [
    `${d.dealId}${d.name ? ` ${d.name}` : ""}`,
    d.category.replaceAll("_", " "),
    d.rep ?? "",
    money(d.contributionCents),
  ]);
  if (v.byDeal.otherCount > 0)
    dealRows.push([`${count(v.byDeal.otherCount, "other deal")}`, "", "", money(v.byDeal.otherCents)]);
  out.push(textTable(["Deal", "Category", "Rep", "Contribution"], dealRows));
  return out;
}

export function renderAccuracyText(
  r: ForecastAccuracyResult,
  meta: { scope: string; period: string; currency: string },
): string {
  const money: Money = (c) => (c === null ? "n/a" : formatMoney(c, meta.currency));
  const out: string[] = [
    ...headlineLines(r, meta, money),
    "",
    ...horizonAndTrendLines(r, money),
    "",
    ...varianceLines(r.variance, money),
  ];
  for (const n of [r.variance.note, ...r.notes]) out.push(`note: ${n}`);
  return out.join("\n");
}
