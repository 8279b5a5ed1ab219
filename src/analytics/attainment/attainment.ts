import type { AttainmentBand, AttainmentResult, AttainmentRow } from "../../domain/analyses/attainment";
import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import { count } from "../../domain/count";
import { type Rep, type Scope, type ScopeKind, scopeKey } from "../../domain/crm";
import { businessDays, type Period, shiftPeriod } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { percent } from "../metrics/percent";
import { type Prepared, repMatches } from "../prepare/prepare";
import { money, renderPairs, renderTable } from "../text-table";
import { attainmentRatio, attainmentRepFigures, attainmentSumFigures } from "./figures";

export const ATTAINMENT_BANDS: readonly {
  band: AttainmentBand;
  label: string;
  fromRatio: number | null;
  toRatio: number | null;
}[] = [
  { band: "below_50", label: "<50%", fromRatio: null, toRatio: 0.5 },
  { band: "50_80", label: "50–80%", fromRatio: 0.5, toRatio: 0.8 },
  { band: "80_100", label: "80–100%", fromRatio: 0.8, toRatio: 1.0 },
  { band: "100_120", label: "100–120%", fromRatio: 1.0, toRatio: 1.2 },
  { band: "above_120", label: ">120%", fromRatio: 1.2, toRatio: null },
];

/** Bands are lower-inclusive; 100–120% includes exactly 120% so that ">120%" means strictly above. */
export function attainmentBand(ratio: number): AttainmentBand {
  if (ratio < 0.5) return "below_50";
  if (ratio < 0.8) return "50_80";
  if (ratio < 1.0) return "80_100";
  if (ratio <= 1.2) return "100_120";
  return "above_120";
}

/** The child dimensions a scope's breakdown shows. */
const CHILDREN: Record<ScopeKind, readonly ("region" | "segment" | "team" | "rep")[]> = {
  company: ["region", "segment", "team", "rep"],
  region: ["team", "rep"],
  segment: ["team", "rep"],
  team: ["rep"],
  rep: [],
};

/** The earlier of two YYYY-MM-DD dates. */
function earlierDate(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

function periodRef(p: Period) {
  return { key: p.key, kind: p.kind, start: p.start, end: p.end };
}

function row(
  prepared: Prepared,
  period: Period,
  scope: Scope | null,
  name: string,
  reps: readonly Rep[],
): AttainmentRow {
  const f = attainmentSumFigures(attainmentRepFigures(prepared, period), reps);
  const attainment = attainmentRatio(f.bookingsCents, f.quotaCents);
  return {
    scope: scope === null ? null : scopeKey(scope),
    name,
    reps: reps.length,
    bookingsCents: f.bookingsCents,
    quotaCents: f.quotaCents,
    attainment,
    attainmentNullReason: attainment === null ? "no_quota" : null,
    projectedAttainment: attainmentRatio(f.bookingsCents + f.weightedCents, f.quotaCents),
    band: attainment === null ? null : attainmentBand(attainment),
  };
}

/** The scope's rows by each child dimension (CHILDREN), reps without the dimension in one row. */
function breakdownFor(prepared: Prepared, scope: Scope, period: Period, reps: readonly Rep[]) {
  return CHILDREN[scope.kind].map((dimension) => {
    if (dimension === "rep") {
      return {
        dimension,
        rows: [...reps]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((r) => row(prepared, period, { kind: "rep", value: r.name }, r.name, [r])),
      };
    }
    const values = [...new Set(reps.map((r) => r[dimension]).filter((v): v is string => !!v))].sort();
    const rows = values.map((value) => {
      const child: Scope = { kind: dimension, value };
      return row(
        prepared,
        period,
        child,
        value,
        reps.filter((r) => repMatches(r, child)),
      );
    });
    const without = reps.filter((r) => !r[dimension]);
    if (without.length > 0) rows.push(row(prepared, period, null, `(no ${dimension})`, without));
    return { dimension, rows };
  });
}

/** Each rep's bookings, quota and projection in the period, with the ratios. */
function repStandings(reps: readonly Rep[], figures: ReturnType<typeof attainmentRepFigures>) {
  return reps.map((r) => {
    const f = figures.get(r.id);
    const bookingsCents = f?.bookingsCents ?? 0;
    const quotaCents = f?.quotaCents ?? 0;
    const projectedCents = bookingsCents + (f?.weightedCents ?? 0);
    return {
      rep: r,
      bookingsCents,
      quotaCents,
      projectedCents,
      attainment: attainmentRatio(bookingsCents, quotaCents),
      projected: attainmentRatio(projectedCents, quotaCents),
    };
  });
}

type RepStanding = ReturnType<typeof repStandings>[number];

/** Reps at or over quota (ranked), and reps projected under the at-risk threshold (worst first). */
function rankReps(repRows: readonly RepStanding[], atRiskBelow: number) {
  const topPerformers = repRows
    .filter((r) => r.attainment !== null && r.attainment >= 1)
    .sort(
      (a, b) =>
        (b.attainment as number) - (a.attainment as number) ||
        b.bookingsCents - a.bookingsCents ||
        a.rep.name.localeCompare(b.rep.name),
    )
    .map((r, i) => ({
      rank: i + 1,
      rep: r.rep.name,
      team: r.rep.team,
      bookingsCents: r.bookingsCents,
      quotaCents: r.quotaCents,
      attainment: r.attainment as number,
    }));

  const atRisk = repRows
    .filter((r) => r.projected !== null && r.projected < atRiskBelow)
    .sort((a, b) => (a.projected as number) - (b.projected as number) || a.rep.name.localeCompare(b.rep.name))
    .map((r) => ({
      rep: r.rep.name,
      team: r.rep.team,
      bookingsCents: r.bookingsCents,
      quotaCents: r.quotaCents,
      attainment: r.attainment as number,
      projectedAttainment: r.projected as number,
      projectedGapCents: r.quotaCents - r.projectedCents,
    }));

  return { topPerformers, atRisk };
}

/** Attainment of the current quarter and the three before it. */
function quarterTrend(prepared: Prepared, reps: readonly Rep[]) {
  const { today } = prepared.ctx;
  const currentQuarter = prepared.periods.currentQuarter;
  return [-3, -2, -1, 0].map((delta) => {
    const q = shiftPeriod(currentQuarter, delta, prepared.ctx.fiscalStartMonth);
    const f = attainmentSumFigures(attainmentRepFigures(prepared, q), reps);
    const a = attainmentRatio(f.bookingsCents, f.quotaCents);
    return {
      period: periodRef(q),
      complete: today > q.end,
      bookingsCents: f.bookingsCents,
      quotaCents: f.quotaCents,
      attainment: a,
      attainmentNullReason: a === null ? ("no_quota" as const) : null,
    };
  });
}

export function attainmentFor(prepared: Prepared, scope: Scope, period: Period): AttainmentResult {
  const { today, settings } = prepared.ctx;
  const reps = prepared.repsIn(scope);
  const figures = attainmentRepFigures(prepared, period);
  const total = attainmentSumFigures(figures, reps);
  const attainment = attainmentRatio(total.bookingsCents, total.quotaCents);
  const complete = today > period.end;

  const businessDaysInPeriod = businessDays(period.start, period.end);
  const businessDaysElapsed =
    today < period.start ? 0 : businessDays(period.start, earlierDate(today, period.end));
  const expectedToDateCents = Math.round((total.quotaCents * businessDaysElapsed) / businessDaysInPeriod);

  // Refinement: once a period has ended nothing is left to close in it, so its projection is its bookings.
  const projectedBookingsCents = total.bookingsCents + total.weightedCents;
  const projectedAttainment = attainmentRatio(projectedBookingsCents, total.quotaCents);

  const breakdown = breakdownFor(prepared, scope, period, reps);

  const repRows = repStandings(reps, figures);
  const { topPerformers, atRisk } = rankReps(repRows, settings.atRiskProjectedAttainment);

  const bandCounts = new Map<AttainmentBand, number>();
  for (const r of repRows) {
    if (r.attainment === null) continue;
    const band = attainmentBand(r.attainment);
    bandCounts.set(band, (bandCounts.get(band) ?? 0) + 1);
  }

  const trend = quarterTrend(prepared, reps);

  return {
    period: periodRef(period),
    asOfDate: today,
    periodComplete: complete,
    reps: reps.length,
    bookingsCents: total.bookingsCents,
    wonDeals: total.wonDeals,
    quotaCents: total.quotaCents,
    attainment,
    attainmentNullReason: attainment === null ? "no_quota" : null,
    pace: {
      businessDaysElapsed,
      businessDaysInPeriod,
      expectedToDateCents,
      varianceToPaceCents: total.bookingsCents - expectedToDateCents,
      paceRatio: expectedToDateCents > 0 ? total.bookingsCents / expectedToDateCents : null,
      paceNullReason:
        total.quotaCents === 0 ? "no_quota" : expectedToDateCents > 0 ? null : "no_business_day_elapsed",
    },
    projection: {
      openDeals: total.openDeals,
      openPipelineCents: total.openCents,
      weightedPipelineCents: total.weightedCents,
      projectedBookingsCents,
      projectedAttainment,
      projectedNullReason: projectedAttainment === null ? "no_quota" : null,
    },
    breakdown,
    topPerformers,
    atRiskReps: { threshold: settings.atRiskProjectedAttainment, reps: atRisk },
    distribution: {
      bands: ATTAINMENT_BANDS.map((b) => ({ ...b, reps: bandCounts.get(b.band) ?? 0 })),
      repsWithoutQuota: repRows.filter((r) => r.attainment === null).length,
    },
    trend,
  };
}

function compute(prepared: Prepared) {
  const p = prepared.periods;
  const periods: [Period, boolean][] = [
    [p.currentMonth, p.reviewMonth === p.currentMonth],
    [p.previousMonth, p.reviewMonth === p.previousMonth],
    [p.currentQuarter, false],
    [p.previousQuarter, false],
    [p.currentYear, false],
  ];
  const results: AnalysisResult<AttainmentResult>[] = [];
  for (const scope of prepared.scopes) {
    for (const [period, isDefault] of periods) {
      results.push({
        scope: scopeKey(scope),
        period: period.key,
        isDefault,
        payload: attainmentFor(prepared, scope, period),
      });
    }
  }
  return { results };
}

function renderText(r: AttainmentResult, meta: { currency: string }): string {
  const m = (c: number | null) => money(c, meta.currency);
  const why = (reason: string | null) => (reason ? `n/a (${reason.replaceAll("_", " ")})` : null);
  const lines = [
    renderPairs([
      [
        "Period",
        `${r.period.key} (${r.period.start} to ${r.period.end})${r.periodComplete ? "" : ", to date"}`,
      ],
      ["Bookings", `${m(r.bookingsCents)} from ${r.wonDeals} won deals`],
      ["Quota", m(r.quotaCents)],
      ["Attainment", percent(r.attainment) ?? why(r.attainmentNullReason)],
      [
        "Pace",
        `expected ${m(r.pace.expectedToDateCents)} after ${r.pace.businessDaysElapsed} of ${r.pace.businessDaysInPeriod} business days; ` +
          `${r.pace.varianceToPaceCents >= 0 ? "ahead by" : "behind by"} ${m(Math.abs(r.pace.varianceToPaceCents))}`,
      ],
      [
        "Projected",
        `${m(r.projection.projectedBookingsCents)} = bookings + ${m(r.projection.weightedPipelineCents)} weighted of ${m(r.projection.openPipelineCents)} open (${count(r.projection.openDeals, "deal")}) → ${percent(r.projection.projectedAttainment) ?? why(r.projection.projectedNullReason)}`,
      ],
      ["Reps", r.reps],
    ]),
  ];
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

export const attainment: AnalysisDefinition<AttainmentResult> = {
  ...ANALYSIS_SPECS.attainment,
  compute,
  renderText,
};
