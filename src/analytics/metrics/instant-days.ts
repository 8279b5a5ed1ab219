/**
 * The day number of each distinct instant of a history table's columns, computed once per refresh
 * however many readers need it: the stage-history facts (prepare) and the backtest both walk every
 * row by day, and at 1M deals the stage history has ~1.4M distinct instants.
 */
import type { HistoryColumns } from "../../domain/crm";
import { dayNumber } from "./day-number";

const daysOf = new WeakMap<HistoryColumns, Float64Array>();

/** per instant index of `columns`: dayNumber of the instant (NaN for one that is not a date) */
export function instantDays(columns: HistoryColumns): Float64Array {
  let days = daysOf.get(columns);
  if (days === undefined) {
    const { instants } = columns;
    days = new Float64Array(instants.length);
    for (let k = 0; k < instants.length; k++) days[k] = dayNumber(instants[k] as string);
    daysOf.set(columns, days);
  }
  return days;
}
