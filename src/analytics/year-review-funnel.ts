/**
 * Funnel conversion and time in stage from stage history, shared by year-review and revenue-focus.
 *
 * A deal reached a stage when its history shows it or a later stage, or it sits in it now; a won
 * deal reached every stage (the same rule as stage win rates in deal-stats.ts). Conversion from a
 * stage = deals that reached the next stage / deals that reached it; the last step is to "Closed Won".
 */
import type { Deal, StageChange } from "../domain/crm";
import { daysBetween } from "../domain/period";
import { median } from "./deal-stats";

export const WON_STEP = "Closed Won";

export interface FunnelStep {
  from: string;
  to: string;
  reached: number;
  advanced: number;
  /** advanced / reached; null when no deal reached `from` */
  rate: number | null;
}

export function funnelConversion(
  deals: Iterable<Deal>,
  order: readonly string[],
  historyByDeal: Map<string, StageChange[]>,
): FunnelStep[] {
  const index = new Map(order.map((s, i) => [s, i]));
  const reached = new Array<number>(order.length).fill(0);
  let won = 0;
  if (order.length === 0) return [];
  for (const d of deals) {
    let last = index.get(d.stage) ?? -1;
    for (const h of historyByDeal.get(d.id) ?? []) {
      const i = index.get(h.stage);
      if (i !== undefined && i > last) last = i;
    }
    if (d.isWon) {
      last = order.length - 1;
      won++;
    }
    // a lost deal with no open stage in its history counts as having reached the first stage
    if (last < 0) last = 0;
    for (let i = 0; i <= last; i++) reached[i] = (reached[i] as number) + 1;
  }
  return order.map((from, i) => {
    const to = order[i + 1] ?? WON_STEP;
    const r = reached[i] as number;
    const a = i + 1 < order.length ? (reached[i + 1] as number) : won;
    return { from, to, reached: r, advanced: a, rate: r > 0 ? a / r : null };
  });
}

export interface TimeInStage {
  stage: string;
  /** completed stays (the deal entered a later stage) whose exit falls in the window */
  stays: number;
  medianDays: number | null;
  meanDays: number | null;
}

/** Days spent in each stage by stays that ended in [from, to], from stage history; stages in funnel order. */
export function timeInStage(
  deals: Iterable<Deal>,
  order: readonly string[],
  historyByDeal: Map<string, StageChange[]>,
  from: string,
  to: string,
): TimeInStage[] {
  const days = new Map<string, number[]>();
  for (const d of deals) {
    const h = historyByDeal.get(d.id);
    if (!h || h.length < 2) continue;
    for (let i = 0; i + 1 < h.length; i++) {
      const stay = h[i] as StageChange;
      const exit = (h[i + 1] as StageChange).enteredAt.slice(0, 10);
      if (exit < from || exit > to) continue;
      const list = days.get(stay.stage);
      const n = Math.max(0, daysBetween(stay.enteredAt.slice(0, 10), exit));
      if (list) list.push(n);
      else days.set(stay.stage, [n]);
    }
  }
  const stages = [...order, ...[...days.keys()].filter((s) => !order.includes(s)).sort()];
  return stages
    .filter((s) => order.includes(s) || days.has(s))
    .map((stage) => {
      const list = days.get(stage) ?? [];
      return {
        stage,
        stays: list.length,
        medianDays: median(list),
        meanDays: list.length ? list.reduce((a, b) => a + b, 0) / list.length : null,
      };
    });
}
