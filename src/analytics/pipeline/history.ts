/** Pushed deals and stage age, from close-date and stage history (metrics.md, "Deals", "Pipeline health"). */
import type { CloseDateChange, Deal } from "../../domain/crm";
import type { PeriodKind } from "../../domain/period";

/**
 * The close dates a deal has had, oldest first: its close-date history, then its current close
 * date when the history does not end with it.
 */
export function pipelineCloseDates(deal: Deal, history: readonly CloseDateChange[] | undefined): string[] {
  const dates = (history ?? []).map((h) => h.closeDate.slice(0, 10));
  if (dates[dates.length - 1] !== deal.closeDate) dates.push(deal.closeDate);
  return dates;
}

/** A number that orders periods of a grain: months since year 0, or fiscal quarters since year 0. */
function periodIndex(date: string, grain: PeriodKind, fiscalStartMonth: number): number {
  const month = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  if (grain === "month") return month;
  const span = grain === "quarter" ? 3 : 12;
  return Math.floor((month - (fiscalStartMonth - 1)) / span);
}

/** How many times the close date moved into a later period of the given grain. */
export function pipelinePushCount(
  dates: readonly string[],
  grain: PeriodKind,
  fiscalStartMonth: number,
): number {
  let pushes = 0;
  for (let i = 1; i < dates.length; i++) {
    const before = periodIndex(dates[i - 1] as string, grain, fiscalStartMonth);
    const after = periodIndex(dates[i] as string, grain, fiscalStartMonth);
    if (after > before) pushes++;
  }
  return pushes;
}
