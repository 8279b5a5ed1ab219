/**
 * Per-rep figures for a period, computed in one pass over the deals, so that every scope's
 * figures are sums over its reps (roll-ups then add up to totals exactly). Attainment and
 * pipeline coverage both read them (Prepared.repPeriodFigures), memoized per period.
 */
import type { Dataset } from "../../domain/crm";
import type { Period } from "../../domain/period";
import type { QuotaOf } from "./quotas";

export interface RepPeriodFigures {
  bookingsCents: number;
  wonDeals: number;
  quotaCents: number;
  openDeals: number;
  openCents: number;
  /** Σ open amount × stage win rate, rounded to the cent per rep */
  weightedCents: number;
}

/** Figures of every rep for a period, by rep id. Each call may return the same map: do not change it. */
export type RepPeriodFiguresOf = (period: Period) => Map<number, RepPeriodFigures>;

/** Open deals count only while the period has not ended (as of `today`). */
export function repPeriodFiguresLookup(
  dataset: Dataset,
  today: string,
  quotaOf: QuotaOf,
  stageRate: (stage: string, probability: number | null) => number,
): RepPeriodFiguresOf {
  const byPeriod = new Map<string, Map<number, RepPeriodFigures>>();
  return (period) => {
    const cached = byPeriod.get(period.key);
    if (cached) return cached;
    const figures = repPeriodFigures(dataset, today, quotaOf, stageRate, period);
    byPeriod.set(period.key, figures);
    return figures;
  };
}

function repPeriodFigures(
  dataset: Dataset,
  today: string,
  quotaOf: QuotaOf,
  stageRate: (stage: string, probability: number | null) => number,
  period: Period,
): Map<number, RepPeriodFigures> {
  const complete = today > period.end;
  const figures = new Map<number, RepPeriodFigures>();
  const weighted = new Map<number, number>();
  for (const rep of dataset.reps) {
    figures.set(rep.id, {
      bookingsCents: 0,
      wonDeals: 0,
      quotaCents: quotaOf(rep.id, period) ?? 0,
      openDeals: 0,
      openCents: 0,
      weightedCents: 0,
    });
  }
  for (const d of dataset.deals) {
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
        (weighted.get(d.ownerId) ?? 0) + d.amountCents * stageRate(d.stage, d.probability),
      );
    }
  }
  for (const [repId, w] of weighted) {
    const f = figures.get(repId);
    if (f) f.weightedCents = Math.round(w);
  }
  return figures;
}
