/**
 * Periods (month, quarter, fiscal year) over calendar dates written as "YYYY-MM-DD".
 * A fiscal year is named by the calendar year in which it ends; with the default January start
 * FY2026 is calendar 2026. Quarters count from the fiscal year's first month.
 */

import { dateOfDay, dayNumber } from "./day-number";

export type PeriodKind = "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** "2026-03", "2026-Q1", "FY2026" */
  key: string;
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds months to (year, month), month 1-12. */
function addMonths(year: number, month: number, delta: number): [number, number] {
  const index = year * 12 + (month - 1) + delta;
  return [Math.floor(index / 12), (index % 12) + 1];
}

function monthSpan(year: number, month: number, months: number): { start: string; end: string } {
  const [ey, em] = addMonths(year, month, months - 1);
  return { start: isoDate(year, month, 1), end: isoDate(ey, em, daysInMonth(ey, em)) };
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: "month", key: `${year}-${pad2(month)}`, ...monthSpan(year, month, 1) };
}

/** First calendar month of fiscal year `fy`. */
function fiscalYearStart(fy: number, fiscalStartMonth: number): [number, number] {
  return fiscalStartMonth === 1 ? [fy, 1] : [fy - 1, fiscalStartMonth];
}

export function quarterPeriod(fy: number, quarter: number, fiscalStartMonth = 1): Period {
  const [y, m] = addMonths(...fiscalYearStart(fy, fiscalStartMonth), (quarter - 1) * 3);
  return { kind: "quarter", key: `${fy}-Q${quarter}`, ...monthSpan(y, m, 3) };
}

export function yearPeriod(fy: number, fiscalStartMonth = 1): Period {
  const [y, m] = fiscalYearStart(fy, fiscalStartMonth);
  return { kind: "year", key: `FY${fy}`, ...monthSpan(y, m, 12) };
}

/** Parses "2026-03", "2026-Q1" or "FY2026"; null when the text is none of these. */
export function parsePeriod(text: string, fiscalStartMonth = 1): Period | null {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? monthPeriod(Number(m[1]), month) : null;
  }
  m = /^(\d{4})-?Q([1-4])$/.exec(t);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]), fiscalStartMonth);
  m = /^FY ?(\d{4})$/.exec(t);
  if (m) return yearPeriod(Number(m[1]), fiscalStartMonth);
  return null;
}

function ymd(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The period of the given kind that contains the date. */
export function periodOf(date: string, kind: PeriodKind, fiscalStartMonth = 1): Period {
  const [y, m] = ymd(date);
  if (kind === "month") return monthPeriod(y, m);
  const monthsIntoFy = (m - fiscalStartMonth + 12) % 12;
  const fy = fiscalStartMonth === 1 ? y : m >= fiscalStartMonth ? y + 1 : y;
  if (kind === "year") return yearPeriod(fy, fiscalStartMonth);
  return quarterPeriod(fy, Math.floor(monthsIntoFy / 3) + 1, fiscalStartMonth);
}

/** The period `delta` steps after (or before, if negative) the given one. */
export function shiftPeriod(period: Period, delta: number, fiscalStartMonth = 1): Period {
  const [y, m] = ymd(period.start);
  const step = period.kind === "month" ? 1 : period.kind === "quarter" ? 3 : 12;
  const [ny, nm] = addMonths(y, m, delta * step);
  return periodOf(isoDate(ny, nm, 1), period.kind, fiscalStartMonth);
}

export function contains(period: Period, date: string): boolean {
  return date >= period.start && date <= period.end;
}

/**
 * The date `days` after `date` (before, if negative). By day numbers rather than a Date and its ISO
 * string: analyses call it and daysBetween millions of times a refresh at 1M deals.
 */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date) + days;
  if (n >= MIN_PLAIN_DAY && n <= MAX_PLAIN_DAY) return dateOfDay(n);
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0100-01-01 and 9999-12-31: between them dateOfDay writes what Date's ISO string would. */
const MIN_PLAIN_DAY = -683_003;
const MAX_PLAIN_DAY = 2_932_896;

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round(dayNumber(b) - dayNumber(a));
}

/** Monday-to-Friday days in [start, end], both inclusive. */
export function businessDays(start: string, end: string): number {
  const total = daysBetween(start, end) + 1;
  if (total <= 0) return 0;
  const [y, m, d] = ymd(start);
  const startDow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const fullWeeks = Math.floor(total / 7);
  let count = fullWeeks * 5;
  for (let i = 0; i < total % 7; i++) {
    const dow = (startDow + i) % 7;
    if (dow !== 0 && dow !== 6) count++;
  }
  return count;
}

/** The calendar date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "January" … "December". */
export const MONTH_NAMES: readonly string[] = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** How a reader names a period: "December" for a month, else its key ("2026-Q4", "FY2026"). */
export function periodName(period: Pick<Period, "kind" | "key" | "start">): string {
  return period.kind === "month"
    ? (MONTH_NAMES[Number(period.start.slice(5, 7)) - 1] ?? period.key)
    : period.key;
}
