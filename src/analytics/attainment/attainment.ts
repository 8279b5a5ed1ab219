import type { AttainmentBand, AttainmentResult, AttainmentRow } from "../../domain/analyses/attainment";
import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import { type Rep, type Scope, type ScopeKind, scopeKey } from "../../domain/crm";
import { businessDays, type Period, shiftPeriod } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult, Upstream } from "../definition";
import { type Prepared, repMatches } from "../prepare/prepare";
import { type ClosedRepFigures, closedFiguresByOwner, dealFigures } from "./deal-figures";
import { attainmentRatio, attainmentRepFigures, attainmentSumFigures } from "./figures";
import { type ForecastBases, forecastBases, type Projection, projectionOf } from "./projection";
import { renderAttainmentText } from "./render";

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

/** How a projection reads as a ratio of quota, with the reason when there is none. */
function projected(p: Projection, quotaCents: number) {
  const ratio = p.cents === null ? null : attainmentRatio(p.cents, quotaCents);
  return {
    projectedAttainment: ratio,
    projectedNullReason:
      ratio !== null ? null : p.cents === null ? ("no_forecast" as const) : ("no_quota" as const),
  };
}

/** Everything one attainment computation reads besides the CRM model. */
interface Sources {
  prepared: Prepared;
  bases: ForecastBases;
  shared: Shared;
}

/**
 * Parts of a document that others of the same refresh repeat, made once: a rep's breakdown row and
 * projection in a period are the same in the company's, region's, segment's, team's and the rep's
 * own documents, and a scope's quarter trend the same for its five periods (on the sample, 800 rep
 * rows and 265 trends become 200 and 53). The parts are shared between documents, which are only
 * serialized.
 */
export interface Shared {
  repRows: Map<string, AttainmentRow>;
  /** each rep's projection in a period, which their standing in every scope holding them reads */
  repProjections: Map<string, Projection>;
  trends: Map<readonly Rep[], AttainmentResult["trend"]>;
}

export const newShared = (): Shared => ({ repRows: new Map(), repProjections: new Map(), trends: new Map() });

function row(
  src: Sources,
  period: Period,
  scope: Scope | null,
  name: string,
  reps: readonly Rep[],
): AttainmentRow {
  const f = attainmentSumFigures(attainmentRepFigures(src.prepared, period), reps);
  const attainment = attainmentRatio(f.bookingsCents, f.quotaCents);
  const key = scope === null ? null : scopeKey(scope);
  return {
    scope: key,
    name,
    reps: reps.length,
    bookingsCents: f.bookingsCents,
    quotaCents: f.quotaCents,
    attainment,
    attainmentNullReason: attainment === null ? "no_quota" : null,
    ...projected(projectionOf(src.prepared, src.bases, key, reps, period), f.quotaCents),
    band: attainment === null ? null : attainmentBand(attainment),
  };
}

/** A rep's own row in a period. */
function repRow(src: Sources, period: Period, r: Rep): AttainmentRow {
  const memo = `${period.key}|${r.id}`;
  let x = src.shared.repRows.get(memo);
  if (!x) {
    x = row(src, period, { kind: "rep", value: r.name }, r.name, [r]);
    src.shared.repRows.set(memo, x);
  }
  return x;
}

/** A rep's own projection in a period (their own stored forecast). */
function repProjection(src: Sources, period: Period, r: Rep): Projection {
  const memo = `${period.key}|${r.id}`;
  let x = src.shared.repProjections.get(memo);
  if (!x) {
    x = projectionOf(src.prepared, src.bases, scopeKey({ kind: "rep", value: r.name }), [r], period);
    src.shared.repProjections.set(memo, x);
  }
  return x;
}

/** The scope's rows by each child dimension (CHILDREN), reps without the dimension in one row. */
function breakdownFor(src: Sources, scope: Scope, period: Period, reps: readonly Rep[]) {
  return CHILDREN[scope.kind].map((dimension) => {
    if (dimension === "rep") {
      return {
        dimension,
        rows: [...reps].sort((a, b) => a.name.localeCompare(b.name)).map((r) => repRow(src, period, r)),
      };
    }
    const values = [...new Set(reps.map((r) => r[dimension]).filter((v): v is string => !!v))].sort();
    const rows = values.map((value) => {
      const child: Scope = { kind: dimension, value };
      return row(
        src,
        period,
        child,
        value,
        reps.filter((r) => repMatches(r, child)),
      );
    });
    const without = reps.filter((r) => !r[dimension]);
    if (without.length > 0) rows.push(row(src, period, null, `(no ${dimension})`, without));
    return { dimension, rows };
  });
}

/** Each rep's bookings, quota and projection (their own stored forecast) in the period, with the ratios. */
function repStandings(
  src: Sources,
  period: Period,
  reps: readonly Rep[],
  figures: ReturnType<typeof attainmentRepFigures>,
) {
  return reps.map((r) => {
    const f = figures.get(r.id);
    const bookingsCents = f?.bookingsCents ?? 0;
    const quotaCents = f?.quotaCents ?? 0;
    const projectedCents = repProjection(src, period, r).cents;
    return {
      rep: r,
      bookingsCents,
      quotaCents,
      projectedCents,
      attainment: attainmentRatio(bookingsCents, quotaCents),
      projected: projectedCents === null ? null : attainmentRatio(projectedCents, quotaCents),
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
      projectedGapCents: r.quotaCents - (r.projectedCents as number),
    }));

  return { topPerformers, atRisk };
}

const trendQuarterLists = new Map<string, readonly Period[]>();

/** The current quarter and the three before it, worked out once per quarter, not once per document. */
function trendQuarters(currentQuarter: Period, fiscalStartMonth: number): readonly Period[] {
  const memo = `${fiscalStartMonth}|${currentQuarter.key}`;
  let quarters = trendQuarterLists.get(memo);
  if (!quarters) {
    quarters = [-3, -2, -1, 0].map((delta) => shiftPeriod(currentQuarter, delta, fiscalStartMonth));
    trendQuarterLists.set(memo, quarters);
  }
  return quarters;
}

/** Attainment of the current quarter and the three before it. */
function quarterTrend(prepared: Prepared, reps: readonly Rep[]) {
  const { today } = prepared.ctx;
  return trendQuarters(prepared.periods.currentQuarter, prepared.ctx.fiscalStartMonth).map((q) => {
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

/**
 * Attainment of a scope in a period; `bases` are the refresh's stored forecasts (projection.ts) and
 * `closed` the period's closed deals by owner (deal-figures.ts), for a period that has ended
 * (counted here when not given).
 */
export function attainmentFor(
  prepared: Prepared,
  bases: ForecastBases,
  scope: Scope,
  period: Period,
  closed: ReadonlyMap<number, ClosedRepFigures> | null = null,
  shared: Shared = newShared(),
): AttainmentResult {
  const { today, settings } = prepared.ctx;
  const src: Sources = { prepared, bases, shared };
  const reps = prepared.repsIn(scope);
  let trend = shared.trends.get(reps);
  if (!trend) {
    trend = quarterTrend(prepared, reps);
    shared.trends.set(reps, trend);
  }
  const figures = attainmentRepFigures(prepared, period);
  const total = attainmentSumFigures(figures, reps);
  const attainment = attainmentRatio(total.bookingsCents, total.quotaCents);
  const complete = today > period.end;
  const projection = projectionOf(prepared, bases, scopeKey(scope), reps, period);
  const repRows = repStandings(src, period, reps, figures);
  const { topPerformers, atRisk } = rankReps(repRows, settings.atRiskProjectedAttainment);
  const bandCounts = new Map<AttainmentBand, number>();
  for (const r of repRows) {
    if (r.attainment === null) continue;
    const band = attainmentBand(r.attainment);
    bandCounts.set(band, (bandCounts.get(band) ?? 0) + 1);
  }
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
    pace: paceOf(today, period, total),
    projection: {
      openDeals: total.openDeals,
      openPipelineCents: total.openCents,
      source: projection.source,
      projectedBookingsCents: projection.cents,
      ...projected(projection, total.quotaCents),
    },
    dealFigures: complete
      ? dealFigures(
          closed ?? (closedFiguresByOwner(prepared, [period])[0] as Map<number, ClosedRepFigures>),
          reps,
        )
      : null,
    breakdown: breakdownFor(src, scope, period, reps),
    topPerformers,
    atRiskReps: { threshold: settings.atRiskProjectedAttainment, reps: atRisk },
    distribution: {
      bands: ATTAINMENT_BANDS.map((b) => ({ ...b, reps: bandCounts.get(b.band) ?? 0 })),
      repsWithoutQuota: repRows.filter((r) => r.attainment === null).length,
    },
    trend,
  };
}

/** Bookings against the quota expected by the business days elapsed. */
function paceOf(today: string, period: Period, total: { bookingsCents: number; quotaCents: number }) {
  const businessDaysInPeriod = businessDays(period.start, period.end);
  const businessDaysElapsed =
    today < period.start ? 0 : businessDays(period.start, earlierDate(today, period.end));
  const expectedToDateCents = Math.round((total.quotaCents * businessDaysElapsed) / businessDaysInPeriod);
  return {
    businessDaysElapsed,
    businessDaysInPeriod,
    expectedToDateCents,
    varianceToPaceCents: total.bookingsCents - expectedToDateCents,
    paceRatio: expectedToDateCents > 0 ? total.bookingsCents / expectedToDateCents : null,
    paceNullReason:
      total.quotaCents === 0
        ? ("no_quota" as const)
        : expectedToDateCents > 0
          ? null
          : ("no_business_day_elapsed" as const),
  };
}

function compute(prepared: Prepared, upstream: Upstream = {}) {
  const bases = forecastBases(upstream);
  const p = prepared.periods;
  const periods: [Period, boolean][] = [
    [p.currentMonth, p.reviewMonth === p.currentMonth],
    [p.previousMonth, p.reviewMonth === p.previousMonth],
    [p.currentQuarter, false],
    [p.previousQuarter, false],
    [p.currentYear, false],
  ];
  // closed deals for the periods that have ended: the others show no deal figures
  const ended = periods.map(([period]) => period).filter((period) => prepared.ctx.today > period.end);
  const closedOfEnded = closedFiguresByOwner(prepared, ended);
  const closed = periods.map(([period]) => closedOfEnded[ended.indexOf(period)] ?? null);
  const results: AnalysisResult<AttainmentResult>[] = [];
  const shared = newShared();
  for (const scope of prepared.scopes) {
    periods.forEach(([period, isDefault], i) => {
      results.push({
        scope: scopeKey(scope),
        period: period.key,
        isDefault,
        payload: attainmentFor(prepared, bases, scope, period, closed[i], shared),
      });
    });
  }
  return { results };
}

export const attainment: AnalysisDefinition<AttainmentResult> = {
  ...ANALYSIS_SPECS.attainment,
  needs: ["forecast"],
  compute,
  renderText: renderAttainmentText,
};
