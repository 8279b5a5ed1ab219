/**
 * Revenue focus deal figures per owner, counted in one pass over the owner's deals and summed per
 * scope (every field is additive). Lists a scope shows only the head of (high-value opportunities)
 * keep only that head per owner: the first n of a union are among the first n of its parts.
 */

import type { Deal } from "../../domain/crm";
import { addDays } from "../../domain/period";
import { topN } from "../deal-risk/deal-risk";
import { dayNumber } from "../metrics/day-number";
import type { Prepared } from "../prepare/prepare";
import {
  addReached,
  addStay,
  type DayHistogram,
  emptyFunnel,
  type FunnelCounts,
  mergeFunnel,
  mergeHistogram,
} from "../year-review/funnel";

export const HIGH_VALUE_PROBABILITY = 80;
export const GROWTH_WINDOW_DAYS = 91;
export const TOP_OPPORTUNITIES = 10;

/** An open deal above the high-value probability, with the probability it was judged by. */
export interface HighValueDeal {
  deal: Deal;
  probability: number;
  source: "crm" | "stage_win_rate";
}

/** Largest amount first, ties by deal id (the order the list is shown in). */
export const byAmount = (x: HighValueDeal, y: HighValueDeal) =>
  y.deal.amountCents - x.deal.amountCents || x.deal.id.localeCompare(y.deal.id);

/** One owner's (or a scope's) deal figures; additive, so a scope sums its reps'. */
export interface FocusAggregate {
  accountIds: Set<number>;
  pipelineByAccount: Map<number, number>;
  createdNow: Map<number, number>;
  createdBefore: Map<number, number>;
  won: number;
  lost: number;
  wonCents: number;
  closedCents: number;
  /** created → close days of won deals in the window, as a day histogram */
  cycleDays: DayHistogram;
  funnel: FunnelCounts;
  openCount: number;
  openAgeSum: number;
  quarterPipeline: number;
  quarterBookings: number;
  highValueCount: number;
  highValueCents: number;
  /** the first TOP_OPPORTUNITIES high-value deals by byAmount */
  highValueTop: HighValueDeal[];
}

function emptyFocus(stages: number): FocusAggregate {
  return {
    accountIds: new Set(),
    pipelineByAccount: new Map(),
    createdNow: new Map(),
    createdBefore: new Map(),
    won: 0,
    lost: 0,
    wonCents: 0,
    closedCents: 0,
    cycleDays: [],
    funnel: emptyFunnel(stages),
    openCount: 0,
    openAgeSum: 0,
    quarterPipeline: 0,
    quarterBookings: 0,
    highValueCount: 0,
    highValueCents: 0,
    highValueTop: [],
  };
}

const bump = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Every owner's figures in one pass over the deals in load order (owners in order of first deal). */
export function aggregateFocusByOwner(p: Prepared): Map<number, FocusAggregate> {
  const { today } = p.ctx;
  const windowStart = addDays(today, -364);
  const growthCurrentStart = addDays(today, -(GROWTH_WINDOW_DAYS - 1));
  const growthPreviousStart = addDays(today, -(2 * GROWTH_WINDOW_DAYS - 1));
  const growthPreviousEnd = addDays(today, -GROWTH_WINDOW_DAYS);
  const quarter = p.periods.currentQuarter;
  const stages = p.stageOrder.length;
  const { furthest } = p.stageHistoryFacts;
  const todayNumber = dayNumber(today);
  const byOwner = new Map<number, FocusAggregate>();
  const highValueByOwner = new Map<number, HighValueDeal[]>();
  const deals = p.dataset.deals;
  let lastOwnerId = Number.NaN;
  let a: FocusAggregate | undefined;
  let highValue: HighValueDeal[] = [];
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    if (d.ownerId !== lastOwnerId || !a) {
      lastOwnerId = d.ownerId;
      a = byOwner.get(d.ownerId);
      if (!a) {
        a = emptyFocus(stages);
        byOwner.set(d.ownerId, a);
        highValueByOwner.set(d.ownerId, []);
      }
      highValue = highValueByOwner.get(d.ownerId) as HighValueDeal[];
    }
    if (d.accountId !== null) {
      a.accountIds.add(d.accountId);
      if (d.createdDate >= growthCurrentStart && d.createdDate <= today) bump(a.createdNow, d.accountId, 1);
      else if (d.createdDate >= growthPreviousStart && d.createdDate <= growthPreviousEnd)
        bump(a.createdBefore, d.accountId, 1);
    }
    if (d.isClosed) {
      if (d.closeDate >= windowStart && d.closeDate <= today) {
        a.closedCents += d.amountCents;
        if (d.isWon) {
          a.won++;
          a.wonCents += d.amountCents;
          addStay(a.cycleDays, Math.max(0, dayNumber(d.closeDate) - dayNumber(d.createdDate)));
        } else a.lost++;
        addReached(a.funnel, furthest[i] as number, d.isWon);
      }
      if (d.isWon && d.closeDate >= quarter.start && d.closeDate <= quarter.end && d.closeDate <= today)
        a.quarterBookings += d.amountCents;
      continue;
    }
    a.openCount++;
    a.openAgeSum += Math.max(0, todayNumber - dayNumber(d.createdDate));
    if (d.closeDate >= quarter.start && d.closeDate <= quarter.end) a.quarterPipeline += d.amountCents;
    if (d.accountId !== null) bump(a.pipelineByAccount, d.accountId, d.amountCents);
    // high-value: CRM probability, or the stage win rate where the export has none
    const crm = d.probability !== null;
    const probability = crm ? (d.probability as number) : p.stageRate(d.stage, null) * 100;
    if (probability > HIGH_VALUE_PROBABILITY) {
      a.highValueCount++;
      a.highValueCents += d.amountCents;
      highValue.push({ deal: d, probability, source: crm ? "crm" : "stage_win_rate" });
    }
  }
  for (const [owner, list] of highValueByOwner)
    (byOwner.get(owner) as FocusAggregate).highValueTop = topN(list, TOP_OPPORTUNITIES, byAmount);
  return byOwner;
}

export function mergeFocus(parts: readonly FocusAggregate[], stages: number): FocusAggregate {
  const a = emptyFocus(stages);
  const highValue: HighValueDeal[] = [];
  for (const x of parts) {
    for (const id of x.accountIds) a.accountIds.add(id);
    for (const [k, v] of x.pipelineByAccount) bump(a.pipelineByAccount, k, v);
    for (const [k, v] of x.createdNow) bump(a.createdNow, k, v);
    for (const [k, v] of x.createdBefore) bump(a.createdBefore, k, v);
    a.won += x.won;
    a.lost += x.lost;
    a.wonCents += x.wonCents;
    a.closedCents += x.closedCents;
    mergeHistogram(a.cycleDays, x.cycleDays);
    mergeFunnel(a.funnel, x.funnel);
    a.openCount += x.openCount;
    a.openAgeSum += x.openAgeSum;
    a.quarterPipeline += x.quarterPipeline;
    a.quarterBookings += x.quarterBookings;
    a.highValueCount += x.highValueCount;
    a.highValueCents += x.highValueCents;
    for (const o of x.highValueTop) highValue.push(o);
  }
  a.highValueTop = topN(highValue, TOP_OPPORTUNITIES, byAmount);
  return a;
}
