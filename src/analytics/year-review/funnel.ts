/**
 * Funnel conversion and time in stage from stage history, shared by year-review and revenue-focus.
 *
 * A deal reached a stage when its history shows it or a later stage, or it sits in it now; a won
 * deal reached every stage (the same rule as stage win rates in deal-stats.ts). Conversion from a
 * stage = deals that reached the next stage / deals that reached it; the last step is to "Closed Won".
 *
 * The counts are additive, so callers can count per rep once and sum the reps of a scope.
 */
import type { Deal, StageChange } from "../../domain/crm";
import { dayNumber } from "../metrics/day-number";

export const WON_STEP = "Closed Won";

export interface FunnelStep {
  from: string;
  to: string;
  reached: number;
  advanced: number;
  /** advanced / reached; null when no deal reached `from` */
  rate: number | null;
}

export interface FunnelCounts {
  /** deals that reached each stage of the order */
  reached: number[];
  won: number;
}

export const emptyFunnel = (stages: number): FunnelCounts => ({
  reached: new Array<number>(stages).fill(0),
  won: 0,
});

/**
 * The furthest stage (index in the order) a deal's history or current stage shows; -1 for none.
 * Callers that walk the history anyway track this themselves and call addReached.
 */
export function furthestStage(
  d: Deal,
  index: ReadonlyMap<string, number>,
  history: readonly StageChange[] | undefined,
): number {
  let last = index.get(d.stage) ?? -1;
  if (history)
    for (const h of history) {
      const i = index.get(h.stage);
      if (i !== undefined && i > last) last = i;
    }
  return last;
}

/** Counts one closed deal whose furthest stage is `furthest` (see furthestStage). */
export function addReached(counts: FunnelCounts, furthest: number, isWon: boolean): void {
  const stages = counts.reached.length;
  if (stages === 0) return;
  let last = furthest;
  if (isWon) {
    last = stages - 1;
    counts.won++;
  }
  // a lost deal with no open stage in its history counts as having reached the first stage
  if (last < 0) last = 0;
  const reached = counts.reached;
  for (let i = 0; i <= last; i++) reached[i] = (reached[i] as number) + 1;
}

export function addToFunnel(
  counts: FunnelCounts,
  d: Deal,
  index: ReadonlyMap<string, number>,
  history: readonly StageChange[] | undefined,
): void {
  if (counts.reached.length === 0) return;
  addReached(counts, furthestStage(d, index, history), d.isWon);
}

export function mergeFunnel(into: FunnelCounts, other: FunnelCounts): void {
  for (let i = 0; i < into.reached.length; i++)
    into.reached[i] = (into.reached[i] as number) + (other.reached[i] ?? 0);
  into.won += other.won;
}

export function funnelSteps(order: readonly string[], counts: FunnelCounts): FunnelStep[] {
  return order.map((from, i) => {
    const to = order[i + 1] ?? WON_STEP;
    const r = counts.reached[i] as number;
    const a = i + 1 < order.length ? (counts.reached[i + 1] as number) : counts.won;
    return { from, to, reached: r, advanced: a, rate: r > 0 ? a / r : null };
  });
}

export function funnelConversion(
  deals: Iterable<Deal>,
  order: readonly string[],
  historyByDeal: ReadonlyMap<string, StageChange[]>,
): FunnelStep[] {
  const index = new Map(order.map((s, i) => [s, i]));
  const counts = emptyFunnel(order.length);
  for (const d of deals) addToFunnel(counts, d, index, historyByDeal.get(d.id));
  return funnelSteps(order, counts);
}

export interface TimeInStage {
  stage: string;
  /** completed stays (the deal entered a later stage) whose exit falls in the window */
  stays: number;
  medianDays: number | null;
  meanDays: number | null;
}

/**
 * Stay lengths as a histogram (index = whole days, value = stays): stays are small integers, so
 * merging scopes adds arrays and the median walks counts instead of sorting millions of values.
 */
export type DayHistogram = number[];

export function addStay(h: DayHistogram, days: number): void {
  for (let i = h.length; i <= days; i++) h.push(0);
  h[days] = (h[days] as number) + 1;
}

export function mergeHistogram(into: DayHistogram, other: readonly number[]): void {
  for (let i = into.length; i < other.length; i++) into.push(0);
  for (let i = 0; i < other.length; i++) into[i] = (into[i] as number) + (other[i] as number);
}

/** Count, median (mean of the two middle values for an even count) and mean of a histogram. */
export function histogramStats(h: readonly number[]): {
  count: number;
  median: number | null;
  mean: number | null;
} {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < h.length; i++) {
    count += h[i] as number;
    sum += i * (h[i] as number);
  }
  if (count === 0) return { count, median: null, mean: null };
  const valueAt = (rank: number) => {
    let seen = 0;
    for (let i = 0; i < h.length; i++) {
      seen += h[i] as number;
      if (seen > rank) return i;
    }
    return h.length - 1;
  };
  const mid = count >> 1;
  const median = count % 2 ? valueAt(mid) : (valueAt(mid - 1) + valueAt(mid)) / 2;
  return { count, median, mean: sum / count };
}

const day = (instant: string) => (instant.length > 10 ? instant.slice(0, 10) : instant);

/** Adds the days of each stay in `history` that ended (next stage entered) in [from, to]. */
export function addStays(
  stays: Map<string, DayHistogram>,
  history: readonly StageChange[] | undefined,
  from: string,
  to: string,
): void {
  if (!history || history.length < 2) return;
  for (let i = 0; i + 1 < history.length; i++) {
    const exit = day((history[i + 1] as StageChange).enteredAt);
    if (exit < from || exit > to) continue;
    const stay = history[i] as StageChange;
    const n = Math.max(0, dayNumber(exit) - dayNumber(stay.enteredAt));
    let h = stays.get(stay.stage);
    if (!h) {
      h = [];
      stays.set(stay.stage, h);
    }
    addStay(h, n);
  }
}

/** Median and mean per stage (stays: a day histogram per stage): the funnel's stages in order, then any other stage seen, by name. */
export function summarizeStays(
  order: readonly string[],
  stays: ReadonlyMap<string, readonly number[]>,
): TimeInStage[] {
  const known = new Set(order);
  const stages = [...order, ...[...stays.keys()].filter((s) => !known.has(s)).sort()];
  return stages.map((stage) => {
    const stats = histogramStats(stays.get(stage) ?? []);
    return { stage, stays: stats.count, medianDays: stats.median, meanDays: stats.mean };
  });
}

/** Days spent in each stage by stays that ended in [from, to], from stage history; stages in funnel order. */
export function timeInStage(
  deals: Iterable<Deal>,
  order: readonly string[],
  historyByDeal: ReadonlyMap<string, StageChange[]>,
  from: string,
  to: string,
): TimeInStage[] {
  const stays = new Map<string, DayHistogram>();
  for (const d of deals) addStays(stays, historyByDeal.get(d.id), from, to);
  return summarizeStays(order, stays);
}
