/**
 * Stage and close-date history as the backtest reads it: straight from the history columns, each
 * distinct instant turned into its day number once. At 1M deals the backtest asks for a deal's
 * value as of some cutoff tens of millions of times; as row objects made per deal and ISO strings
 * compared per cutoff that was most of its 3.5 s. A dataset without columns (one built in memory,
 * as the tests build them) has its rows put into the same columns first, so one scan serves both.
 */
import type { HistoryColumns } from "../../domain/crm";
import { instantDays } from "../metrics/instant-days";

/**
 * Day number given to an instant that is not a date: later than any day, so it is in force at no
 * cutoff and pushes a deal at none (as NaN compared, which an Int32Array cannot hold).
 */
export const NOT_A_DAY = 2_147_483_647;

/** History columns with the day number of each instant. */
export interface DayColumns extends HistoryColumns {
  /**
   * per instant index: its day number, or NOT_A_DAY. 32-bit, not 64: the scan reads it in instant
   * order, which is not row order, and at 1M deals half the bytes keep more of it in cache.
   */
  atDay: Int32Array;
}

export function dayColumns(columns: HistoryColumns): DayColumns {
  // the instants' days as the stage-history facts have them (instant-days.ts), computed once
  const days = instantDays(columns);
  const atDay = new Int32Array(days.length);
  for (let i = 0; i < atDay.length; i++) {
    const day = days[i] as number;
    atDay[i] = Number.isNaN(day) ? NOT_A_DAY : day;
  }
  return { ...columns, atDay };
}

/**
 * History columns of row objects given by deal position (time order within a deal, as
 * Prepared.stageHistoryOf and closeDateHistoryOf give them): deal i owns rows first[i] … first[i + 1] − 1.
 */
export function columnsOfRows<T>(
  deals: number,
  rowsOf: (position: number) => readonly T[] | undefined,
  valueOfRow: (row: T) => string,
  atOfRow: (row: T) => string,
): HistoryColumns {
  const first = new Int32Array(deals + 1);
  const value: number[] = [];
  const at: number[] = [];
  const values: string[] = [];
  const instants: string[] = [];
  const valueIndex = new Map<string, number>();
  const instantIndex = new Map<string, number>();
  const intern = (s: string, index: Map<string, number>, list: string[]) => {
    let k = index.get(s);
    if (k === undefined) {
      k = list.push(s) - 1;
      index.set(s, k);
    }
    return k;
  };
  for (let i = 0; i < deals; i++) {
    first[i] = value.length;
    for (const row of rowsOf(i) ?? []) {
      value.push(intern(valueOfRow(row), valueIndex, values));
      at.push(intern(atOfRow(row), instantIndex, instants));
    }
  }
  first[deals] = value.length;
  return { first, value: Int32Array.from(value), values, at: Int32Array.from(at), instants };
}
