/**
 * Stage age (metrics.md, "Pipeline health" and "Deal risk"): the days an open deal has been in its
 * current stage, counted from the latest stage history row entering that stage to today, never
 * negative. null when the history does not show the deal entering its stage: unknown, not guessed.
 */
import type { Deal, StageChange } from "../../domain/crm";
import { dayNumber } from "../../domain/day-number";
import { daysBetween } from "../../domain/period";

export function stageAgeDays(
  deal: Pick<Deal, "stage">,
  history: readonly StageChange[] | undefined,
  today: string,
): number | null {
  if (!history) return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i] as StageChange;
    if (h.stage === deal.stage) return Math.max(0, daysBetween(h.enteredAt.slice(0, 10), today));
  }
  return null;
}

/**
 * The same figure for every deal at once, from the day each deal last entered its current stage
 * (Prepared.stageHistoryFacts.currentStageEnteredDay; `noDay` where the history does not show it):
 * by deal position, without walking the history rows again.
 */
export function stageAgesByPosition(
  currentStageEnteredDay: Float64Array,
  noDay: number,
  today: string,
): (position: number) => number | null {
  const todayNumber = dayNumber(today);
  return (i) => {
    const entered = currentStageEnteredDay[i] as number;
    return entered === noDay ? null : Math.max(0, todayNumber - entered);
  };
}
