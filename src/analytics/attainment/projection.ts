/**
 * Projected attainment (README, "Metric definitions"): the stored next-period forecast's base (P50)
 * for the same scope and period, over quota. The forecast is computed once per refresh, before
 * attainment, which reads its results (never recomputes them), so every answer that says
 * "projected", "forecast" or "base" shows the same number for the same scope and period.
 * A period that has ended projects its bookings; a fiscal year projects the bookings of its
 * ended quarters plus the bases of the others; a period without a stored forecast projects nothing.
 */
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { Rep } from "../../domain/crm";
import { type Period, periodOf, shiftPeriod } from "../../domain/period";
import type { Upstream } from "../definition";
import type { Prepared } from "../prepare/prepare";
import { attainmentRepFigures, attainmentSumFigures } from "./figures";

export type ProjectionSource = "forecast_base" | "closed_bookings" | "quarter_forecasts";

export interface Projection {
  cents: number | null;
  source: ProjectionSource | null;
}

/** The stored forecasts of a refresh by scope and period key. */
export type ForecastBases = ReadonlyMap<string, number>;

const key = (scope: string, period: string) => `${scope}\u0000${period}`;

/** The forecast bases computed earlier in the refresh; an error if the forecast did not run first. */
export function forecastBases(upstream: Upstream): ForecastBases {
  const results = upstream.forecast;
  if (!results)
    throw new Error("attainment: the forecast must be computed first (it reads the forecast's base)");
  const bases = new Map<string, number>();
  for (const r of results)
    bases.set(key(r.scope, r.period), (r.payload as ForecastResult).scenarios.baseCents);
  return bases;
}

/** The projection of a scope (null: a row of reps without the dimension) in a period. */
export function projectionOf(
  prepared: Prepared,
  bases: ForecastBases,
  scope: string | null,
  reps: readonly Rep[],
  period: Period,
): Projection {
  const { today, fiscalStartMonth } = prepared.ctx;
  const bookingsOf = (p: Period) =>
    attainmentSumFigures(attainmentRepFigures(prepared, p), reps).bookingsCents;
  if (today > period.end) return { cents: bookingsOf(period), source: "closed_bookings" };
  if (scope === null) return { cents: null, source: null };
  if (period.kind !== "year") {
    const base = bases.get(key(scope, period.key));
    return base === undefined ? { cents: null, source: null } : { cents: base, source: "forecast_base" };
  }
  let total = 0;
  for (const q of quartersOf(period, fiscalStartMonth)) {
    const part = today > q.end ? bookingsOf(q) : bases.get(key(scope, q.key));
    if (part === undefined) return { cents: null, source: null };
    total += part;
  }
  return { cents: total, source: "quarter_forecasts" };
}

const quarterLists = new Map<string, readonly Period[]>();

/**
 * The quarters of a fiscal year, worked out once per year and fiscal start: attainment asks for
 * the year's projection of every scope, rep row and breakdown row (~400 times a refresh on the
 * sample), and making the quarters' periods each time was a fifth of its time.
 */
function quartersOf(year: Period, fiscalStartMonth: number): readonly Period[] {
  const memo = `${fiscalStartMonth}|${year.key}`;
  let quarters = quarterLists.get(memo);
  if (!quarters) {
    const list: Period[] = [];
    for (let q = periodOf(year.start, "quarter", fiscalStartMonth); q.start <= year.end; ) {
      list.push(q);
      q = shiftPeriod(q, 1, fiscalStartMonth);
    }
    quarters = list;
    quarterLists.set(memo, quarters);
  }
  return quarters;
}
