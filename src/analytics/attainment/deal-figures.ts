/**
 * A closed period's deal figures for a scope: won and lost deals, win rate by count and by value,
 * average won deal size and sales cycle, each from its one definition in ../metrics.
 */
import type { AttainmentResult } from "../../domain/analyses/attainment";
import type { Deal, Rep } from "../../domain/crm";
import type { Period } from "../../domain/period";
import { averageDealSize } from "../metrics/deal-size";
import { salesCycle } from "../metrics/sales-cycle";
import { winRate } from "../metrics/win-rate";
import type { Prepared } from "../prepare/prepare";

/** The deals closed (won or lost) in the period, by owner: one pass, shared by every scope. */
export function closedDealsByOwner(prepared: Prepared, period: Period): Map<number, Deal[]> {
  const byOwner = new Map<number, Deal[]>();
  for (const d of prepared.dataset.deals) {
    if (!d.isClosed || d.closeDate < period.start || d.closeDate > period.end) continue;
    const list = byOwner.get(d.ownerId);
    if (list) list.push(d);
    else byOwner.set(d.ownerId, [d]);
  }
  return byOwner;
}

export function dealFigures(
  byOwner: ReadonlyMap<number, readonly Deal[]>,
  reps: readonly Rep[],
): NonNullable<AttainmentResult["dealFigures"]> {
  const closed = reps.flatMap((r) => byOwner.get(r.id) ?? []);
  const rate = winRate(closed);
  const cycle = salesCycle(closed);
  return {
    wonDeals: rate.won,
    lostDeals: rate.lost,
    winRateByCount: rate.byCount,
    winRateByValue: rate.byValue,
    averageWonDealCents: averageDealSize(closed),
    medianSalesCycleDays: cycle.medianDays,
    meanSalesCycleDays: cycle.meanDays,
  };
}
