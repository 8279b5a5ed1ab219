/** Plain-text rendering of an attainment result for `rituals analyze attainment`. */
import type { AttainmentResult } from "../../domain/analyses/attainment";
import { count } from "../../domain/count";
import { percent } from "../metrics/percent";
import { money, renderPairs, renderTable } from "../text-table";

const SOURCE: Record<NonNullable<AttainmentResult["projection"]["source"]>, string> = {
  forecast_base: "the forecast's base, P50",
  closed_bookings: "the period has ended: its bookings",
  quarter_forecasts: "bookings of the ended quarters + the other quarters' forecast bases",
};

const why = (reason: string | null) => (reason ? `n/a (${reason.replaceAll("_", " ")})` : null);

function headline(r: AttainmentResult, m: (c: number | null) => string | null): string {
  const p = r.projection;
  const to = r.periodComplete ? "" : ", to date";
  const pace = r.pace;
  const d = r.dealFigures;
  const days = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(0)} days`);
  return renderPairs([
    ["Period", `${r.period.key} (${r.period.start} to ${r.period.end})${to}`],
    ["Bookings", `${m(r.bookingsCents)} from ${count(r.wonDeals, "won deal")}`],
    ["Quota", m(r.quotaCents)],
    ["Attainment", percent(r.attainment) ?? why(r.attainmentNullReason)],
    [
      "Pace",
      `expected ${m(pace.expectedToDateCents)} after ${pace.businessDaysElapsed} of ${pace.businessDaysInPeriod} business days; ` +
        `${pace.varianceToPaceCents >= 0 ? "ahead by" : "behind by"} ${m(Math.abs(pace.varianceToPaceCents))}`,
    ],
    [
      "Projected",
      p.projectedBookingsCents === null
        ? (why(p.projectedNullReason) ?? "n/a")
        : `${m(p.projectedBookingsCents)} (${SOURCE[p.source ?? "forecast_base"]}) → ${percent(p.projectedAttainment) ?? why(p.projectedNullReason)}`,
    ],
    ["Open", `${m(p.openPipelineCents)} (${count(p.openDeals, "deal")}) closing in the period`],
    ...(d === null
      ? []
      : ([
          ["Closed deals", `${d.wonDeals} won, ${d.lostDeals} lost`],
          [
            "Win rate",
            `${percent(d.winRateByCount) ?? "n/a"} by count, ${percent(d.winRateByValue) ?? "n/a"} by value`,
          ],
          ["Avg won deal", m(d.averageWonDealCents) ?? "n/a"],
          ["Sales cycle", `median ${days(d.medianSalesCycleDays)}, mean ${days(d.meanSalesCycleDays)}`],
        ] as [string, string][])),
    ["Reps", r.reps],
  ]);
}

export function renderAttainmentText(r: AttainmentResult, meta: { currency: string }): string {
  const m = (c: number | null) => money(c, meta.currency);
  const lines = [headline(r, m)];
  for (const b of r.breakdown) {
    lines.push(
      "",
      `By ${b.dimension}`,
      renderTable(
        [b.dimension, "reps", "bookings", "quota", "attainment", "projected"],
        b.rows.map((x) => [
          x.name,
          x.reps,
          m(x.bookingsCents),
          m(x.quotaCents),
          percent(x.attainment),
          percent(x.projectedAttainment),
        ]),
        { align: ["left", "right", "right", "right", "right", "right"] },
      ),
    );
  }
  lines.push(
    "",
    "Top performers (attainment ≥ 100%)",
    renderTable(
      ["#", "rep", "team", "bookings", "attainment"],
      r.topPerformers.map((t) => [t.rank, t.rep, t.team, m(t.bookingsCents), percent(t.attainment)]),
      { align: ["right", "left", "left", "right", "right"] },
    ),
    "",
    `At-risk reps (projected < ${percent(r.atRiskReps.threshold, 0)})`,
    renderTable(
      ["rep", "team", "attainment", "projected", "gap"],
      r.atRiskReps.reps.map((t) => [
        t.rep,
        t.team,
        percent(t.attainment),
        percent(t.projectedAttainment),
        m(t.projectedGapCents),
      ]),
      { align: ["left", "left", "right", "right", "right"] },
    ),
    "",
    `Distribution (reps with a quota; ${r.distribution.repsWithoutQuota} without)`,
    renderTable(
      ["band", "reps"],
      r.distribution.bands.map((b) => [b.label, b.reps]),
      { align: ["left", "right"] },
    ),
    "",
    "Trend by quarter",
    renderTable(
      ["quarter", "bookings", "quota", "attainment"],
      r.trend.map((t) => [
        `${t.period.key}${t.complete ? "" : " (to date)"}`,
        m(t.bookingsCents),
        m(t.quotaCents),
        percent(t.attainment),
      ]),
      { align: ["left", "right", "right", "right"] },
    ),
  );
  return lines.join("\n");
}
