/**
 * A deal's stage and close date as they stood on an earlier date, rebuilt from stage and
 * close-date history (metrics.md, "Forecast accuracy": the backtest rebuilds the as-of pipeline).
 */
import type { CloseDateChange, StageChange } from "../../domain/crm";
import { isClosedStageName } from "../deal-stats";
import { datePart } from "./calendar";

export interface AsOfValue {
  value: string;
  /** false when the deal has no history and its current value stands in for the past one */
  fromHistory: boolean;
}

/**
 * The value in force at the end of day `t`: the last history entry on or before t. When every entry
 * is later than t the earliest recorded value is the best evidence of what came before it; with no
 * history at all the current value stands in, and the caller says so.
 */
function valueAsOf<T>(
  history: readonly T[] | undefined,
  t: string,
  at: (h: T) => string,
  value: (h: T) => string,
  current: string,
): AsOfValue {
  if (!history || history.length === 0) return { value: current, fromHistory: false };
  let found = value(history[0] as T);
  for (const h of history) {
    if (datePart(at(h)) > t) break;
    found = value(h);
  }
  return { value: found, fromHistory: true };
}

export function stageAsOf(
  history: readonly StageChange[] | undefined,
  t: string,
  current: string,
): AsOfValue {
  return valueAsOf(
    history,
    t,
    (h) => h.enteredAt,
    (h) => h.stage,
    current,
  );
}

export function closeDateAsOf(
  history: readonly CloseDateChange[] | undefined,
  t: string,
  current: string,
): AsOfValue {
  return valueAsOf(
    history,
    t,
    (h) => h.changedAt,
    (h) => h.closeDate,
    current,
  );
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
    if (next.closeDate.slice(0, 7) > prev.closeDate.slice(0, 7)) return datePart(next.changedAt);
  }
  return null;
}

/** The date a deal entered its current stage, from history; null without history. */
export function currentStageEnteredOn(
  history: readonly StageChange[] | undefined,
  stage: string,
): string | null {
  if (!history || history.length === 0) return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i] as StageChange;
    if (h.stage === stage) return datePart(h.enteredAt);
  }
  return null;
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
  if (isClosedStageName(stage)) return /won\s*$/i.test(stage.trim()) ? 1 : 0;
  const r = stageRate(stage, probability);
  return Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
}
