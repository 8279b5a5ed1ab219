/**
 * Reading the per-rep period figures attainment and pipeline coverage share
 * (prepare/rep-period-figures.ts, a field of Prepared): sums over a scope's reps and ratios to quota.
 */
import type { Rep } from "../../domain/crm";
import type { Period } from "../../domain/period";
import type { Prepared } from "../prepare/prepare";
import type { RepPeriodFigures } from "../prepare/rep-period-figures";

export type { RepPeriodFigures };

/** Figures of every rep for the period. Open deals count only while the period has not ended. */
export function attainmentRepFigures(prepared: Prepared, period: Period): Map<number, RepPeriodFigures> {
  return prepared.repPeriodFigures(period);
}

/** Sum of the figures of the given reps. */
export function attainmentSumFigures(
  figures: Map<number, RepPeriodFigures>,
  reps: readonly Rep[],
): RepPeriodFigures {
  const total: RepPeriodFigures = {
    bookingsCents: 0,
    wonDeals: 0,
    quotaCents: 0,
    openDeals: 0,
    openCents: 0,
    weightedCents: 0,
  };
  for (const r of reps) {
    const f = figures.get(r.id);
    if (!f) continue;
    total.bookingsCents += f.bookingsCents;
    total.wonDeals += f.wonDeals;
    total.quotaCents += f.quotaCents;
    total.openDeals += f.openDeals;
    total.openCents += f.openCents;
    total.weightedCents += f.weightedCents;
  }
  return total;
}

/** A ratio with its divisor checked: null (with reason "no_quota") when the quota is 0. */
export function attainmentRatio(numerator: number, quotaCents: number): number | null {
  return quotaCents > 0 ? numerator / quotaCents : null;
}
