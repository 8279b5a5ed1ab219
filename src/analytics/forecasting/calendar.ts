/**
 * A window of consecutive months and quarters around `today`, with constant-time lookup from a
 * date to its month and quarter, so that per-deal passes never parse periods.
 */
import { daysBetween, type Period, type PeriodKind, periodOf, shiftPeriod } from "../../domain/period";

/** Completed months / quarters the history window reaches back (trend + run rate + bootstrap need). */
export const MONTHS_BACK = 36;
export const QUARTERS_BACK = 12;
/**
 * Months / quarters ahead of the current one the window covers (forecast periods). The next
 * quarter can end 5 months after the current month (today in the first month of a quarter); a
 * shorter window dropped the next quarter's later months from its forecast.
 */
export const MONTHS_AHEAD = 5;
export const QUARTERS_AHEAD = 1;

/** Forecast horizons in days: a forecast for horizon h is made h days before the period's end. */
export const HORIZONS = [30, 60, 90] as const;
export type Horizon = (typeof HORIZONS)[number];
/** Completed periods in the accuracy trend (metrics: the last 6–12 of the same kind). */
export const TREND_PERIODS = { month: 12, quarter: 8 } as const;
export function trendLength(kind: PeriodKind): number {
  return kind === "quarter" ? TREND_PERIODS.quarter : TREND_PERIODS.month;
}
/** Win-probability multiplier the Monte Carlo applies to deals pushed before (forecast.ts). */
export const SLIP_FACTOR = 0.7;

/** Index into HORIZONS of the shortest horizon of at least `days` (the longest when none is). */
export function horizonIndexFor(days: number): number {
  const h = HORIZONS.findIndex((x) => x >= days);
  return h < 0 ? HORIZONS.length - 1 : h;
}

export interface Calendar {
  /** months oldest first, current month at index MONTHS_BACK */
  months: Period[];
  /** quarters oldest first, current quarter at index QUARTERS_BACK */
  quarters: Period[];
  currentMonth: number;
  currentQuarter: number;
  /** "YYYY-MM" → month index */
  monthIndex: Map<string, number>;
  /** year × 12 + month − 1 of the first month, for allocation-free date → index arithmetic */
  firstMonthNumber: number;
  /** month index → quarter index, -1 when outside the quarter window */
  quarterOfMonth: Int32Array;
  /** every period in the window, by key */
  byKey: Map<string, { kind: PeriodKind; index: number }>;
}

export function buildCalendar(today: string, fiscalStartMonth: number): Calendar {
  const month = periodOf(today, "month", fiscalStartMonth);
  const quarter = periodOf(today, "quarter", fiscalStartMonth);
  const months: Period[] = [];
  for (let i = -MONTHS_BACK; i <= MONTHS_AHEAD; i++) months.push(shiftPeriod(month, i, fiscalStartMonth));
  const quarters: Period[] = [];
  for (let i = -QUARTERS_BACK; i <= QUARTERS_AHEAD; i++)
    quarters.push(shiftPeriod(quarter, i, fiscalStartMonth));
  const monthIndex = new Map(months.map((m, i) => [m.key, i]));
  const quarterOfMonth = new Int32Array(months.length).fill(-1);
  for (const [i, m] of months.entries())
    quarterOfMonth[i] = quarters.findIndex((q) => m.start >= q.start && m.end <= q.end);
  const byKey = new Map<string, { kind: PeriodKind; index: number }>();
  for (const [index, m] of months.entries()) byKey.set(m.key, { kind: "month", index });
  for (const [index, q] of quarters.entries()) byKey.set(q.key, { kind: "quarter", index });
  return {
    months,
    quarters,
    firstMonthNumber: monthNumber((months[0] as Period).start),
    currentMonth: MONTHS_BACK,
    currentQuarter: QUARTERS_BACK,
    monthIndex,
    quarterOfMonth,
    byKey,
  };
}

const ZERO = 48; // "0"

/** year × 12 + (month − 1) of a "YYYY-MM…" date, read from its characters without slicing. */
function monthNumber(date: string): number {
  const year =
    (date.charCodeAt(0) - ZERO) * 1000 +
    (date.charCodeAt(1) - ZERO) * 100 +
    (date.charCodeAt(2) - ZERO) * 10 +
    (date.charCodeAt(3) - ZERO);
  const month = (date.charCodeAt(5) - ZERO) * 10 + (date.charCodeAt(6) - ZERO);
  return year * 12 + month - 1;
}

/** Month index of a date, or -1 outside the window (or not a date). */
export function monthOfDate(cal: Calendar, date: string): number {
  const i = monthNumber(date) - cal.firstMonthNumber;
  return i >= 0 && i < cal.months.length ? i : -1;
}

/** Quarter index of a date, or -1 outside the window. */
export function quarterOfDate(cal: Calendar, date: string): number {
  const m = monthOfDate(cal, date);
  return m < 0 ? -1 : (cal.quarterOfMonth[m] as number);
}

export function periodsOfKind(cal: Calendar, kind: PeriodKind): Period[] {
  return kind === "month" ? cal.months : cal.quarters;
}

export function periodDays(p: Period): number {
  return daysBetween(p.start, p.end) + 1;
}

/** The date part of an ISO date or datetime. */
export function datePart(isoDateOrTime: string): string {
  return isoDateOrTime.slice(0, 10);
}
