/**
 * A deal's stage and close date as they stood on an earlier date, rebuilt from stage and
 * close-date history (metrics.md, "Forecast accuracy": the backtest rebuilds the as-of pipeline).
 */
import type { CloseDateChange } from "../../domain/crm";
import { addDays } from "../../domain/period";
import { closedStageNames, isClosedStageName, isWonStageName } from "../metrics/stages";
import { datePart } from "./calendar";
import type { DayColumns } from "./history-days";

/**
 * The end of day `t` as a sortable bound: an ISO date or datetime d is on or before day t exactly
 * when d < endOfDay(t), the next day's date ("2026-09-20T23:59Z" < "2026-09-21"). Lets the hot
 * loops compare without slicing strings. (It used to be t + "\uffff": that made the bound a
 * two-byte string, and V8 compares one-byte with two-byte strings several times slower, tens of
 * millions of times in the backtest at 1M deals. The two differ only for values continuing a date
 * with U+FFFF.)
 */
export function endOfDay(t: string): string {
  return addDays(t, 1);
}

/**
 * The row in force at the end of day `day` among a deal's rows a … b − 1 of history columns
 * (history-days.ts), by day number: the last on or before it; the first when every one is later
 * (the earliest recorded value is the best evidence of what came before); −1 when it has none
 * (callers then use the current value). A row instant is on or before day t exactly when its
 * day number is not above t's, as it is before endOfDay(t). Given for `a` the row it found for an
 * earlier day, it gives the same answer: the rows walked to for a day are a prefix of those for a
 * later one.
 */
export function rowAsOf(h: DayColumns, a: number, b: number, day: number): number {
  if (a >= b) return -1;
  let found = a;
  for (let r = a + 1; r < b && (h.atDay[h.at[r] as number] as number) <= day; r++) found = r;
  return found;
}

/**
 * The date a deal was first pushed: its close date moved to a later month (metrics.md, "Pushed
 * deal"). Null when it never was, or has no history to tell.
 */
export function firstPushDate(history: readonly CloseDateChange[] | undefined): string | null {
  if (!history) return null;
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1] as CloseDateChange;
    const next = history[i] as CloseDateChange;
    if (laterMonth(next.closeDate, prev.closeDate)) return datePart(next.changedAt);
  }
  return null;
}

/** firstPushDate on close-date history columns: the day number it gives, Infinity when none. */
export function firstPushDay(h: DayColumns, a: number, b: number): number {
  for (let r = a + 1; r < b; r++)
    if (laterMonth(h.values[h.value[r] as number] as string, h.values[h.value[r - 1] as number] as string))
      return h.atDay[h.at[r] as number] as number;
  return Number.POSITIVE_INFINITY;
}

/** True when date a ("YYYY-MM…") is in a later month than b; compares characters, no slicing. */
function laterMonth(a: string, b: string): boolean {
  for (let i = 0; i < 7; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * Win probability for a stage: closed stages are certain (won 1, lost 0); open stages use the
 * stage win rate, with the CRM probability only when the stage is the deal's current one.
 */
export function stageProbability(
  stageRate: (stage: string, probability: number | null) => number,
  stage: string,
  probability: number | null,
): number {
  if (isClosedStageName(stage)) return isWonStageName(stage) ? 1 : 0;
  const r = stageRate(stage, probability);
  return Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
}

/**
 * stageProbability with the answer remembered per stage wherever it does not depend on the CRM
 * probability (closed stages and stages with a win rate), and isClosedStageName per stage: the
 * backtest asks both for every deal at every forecast date, and each is a regular expression.
 */
export function stageLookups(stageRate: (stage: string, probability: number | null) => number) {
  const probabilities = new Map<string, number>();
  const isClosed = closedStageNames();
  const probability = (stage: string, crmProbability: number | null): number => {
    const known = probabilities.get(stage);
    if (known !== undefined) return known;
    const p = stageProbability(stageRate, stage, crmProbability);
    if (isClosed(stage) || stageRate(stage, 0) === stageRate(stage, 100)) probabilities.set(stage, p);
    return p;
  };
  return { isClosed, probability };
}
