/**
 * Per-rep figures for a period, computed in one pass over the deals, so that every scope's
 * figures are sums over its reps (roll-ups then add up to totals exactly).
 */
import type { Rep } from "../../domain/crm";
import type { Period } from "../../domain/period";
import type { Prepared } from "../prepare/prepare";

export interface RepPeriodFigures {
  bookingsCents: number;
  wonDeals: number;
  quotaCents: number;
  openDeals: number;
  openCents: number;
  /** Σ open amount × stage win rate, rounded to the cent per rep */
  weightedCents: number;
}

const cache = new WeakMap<Prepared, Map<string, Map<number, RepPeriodFigures>>>();

/** Figures of every rep for the period. Open deals count only while the period has not ended. */
export function attainmentRepFigures(prepared: Prepared, period: Period): Map<number, RepPeriodFigures> {
  let byPeriod = cache.get(prepared);
  if (!byPeriod) {
    byPeriod = new Map();
    cache.set(prepared, byPeriod);
  }
  const cached = byPeriod.get(period.key);
  if (cached) return cached;
  const quota = prepared.quotaOf;
  const complete = prepared.ctx.today > period.end;
  const figures = new Map<number, RepPeriodFigures>();
  const weighted = new Map<number, number>();
  for (const rep of prepared.dataset.reps) {
    figures.set(rep.id, {
      bookingsCents: 0,
      wonDeals: 0,
      quotaCents: quota(rep.id, period) ?? 0,
      openDeals: 0,
      openCents: 0,
      weightedCents: 0,
    });
  }
  for (const d of prepared.dataset.deals) {
    if (d.closeDate < period.start || d.closeDate > period.end) continue;
    const f = figures.get(d.ownerId);
    if (!f) continue;
    if (d.isWon) {
      f.bookingsCents += d.amountCents;
      f.wonDeals++;
    } else if (!d.isClosed && !complete) {
      f.openDeals++;
      f.openCents += d.amountCents;
      weighted.set(
        d.ownerId,
        (weighted.get(d.ownerId) ?? 0) + d.amountCents * prepared.stageRate(d.stage, d.probability),
      );
    }
  }
  for (const [repId, w] of weighted) {
    const f = figures.get(repId);
    if (f) f.weightedCents = Math.round(w);
  }
  byPeriod.set(period.key, figures);
  return figures;
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
