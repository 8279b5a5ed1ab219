import { AppError } from "../errors";
import {
  addDays,
  compareLocal,
  dayNumber,
  daysInMonth,
  fromDayNumber,
  isLeapYear,
  isoWeekday,
  type LocalDate,
  type LocalDateTime,
} from "./local-time";

/**
 * The subset of RFC 5545 recurrence rules a ritual needs (FREQ YEARLY, MONTHLY, WEEKLY or DAILY
 * with INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, BYHOUR, BYMINUTE, BYSECOND,
 * WKST), parsed with an error naming the bad part, and expanded on wall time from a DTSTART. Rules
 * outside the subset are refused rather than guessed at.
 */

export type Frequency = "YEARLY" | "MONTHLY" | "WEEKLY" | "DAILY";

export interface WeekdaySpec {
  /** ISO weekday, 1 = Monday */
  weekday: number;
  /** nth in the month or year (negative from the end); absent = every such weekday */
  ordinal?: number;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count?: number;
  /** UTC instant (RFC 5545 requires UTC when DTSTART has a TZID) or a date */
  until?: { instant: Date } | { date: LocalDate };
  byMonth?: number[];
  byMonthDay?: number[];
  byDay?: WeekdaySpec[];
  bySetPos?: number[];
  byHour?: number[];
  byMinute?: number[];
  bySecond?: number[];
  /** ISO weekday the week starts on; default Monday */
  wkst: number;
}

export class ScheduleError extends AppError {
  constructor(message: string) {
    super("schedule_invalid", message);
    this.name = "ScheduleError";
  }
}

export const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const SUPPORTED = [
  "FREQ",
  "INTERVAL",
  "COUNT",
  "UNTIL",
  "BYMONTH",
  "BYMONTHDAY",
  "BYDAY",
  "BYSETPOS",
  "BYHOUR",
  "BYMINUTE",
  "BYSECOND",
  "WKST",
];

function intList(part: string, value: string, min: number, max: number, allowNegative: boolean): number[] {
  const out: number[] = [];
  for (const item of value.split(",")) {
    if (!/^[+-]?\d{1,3}$/.test(item))
      throw new ScheduleError(`RRULE part "${part}": "${item}" is not a number`);
    const n = Number(item);
    const size = Math.abs(n);
    if ((n < 0 && !allowNegative) || size < min || size > max || (n === 0 && min > 0)) {
      const range = allowNegative ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`;
      throw new ScheduleError(`RRULE part "${part}": ${item} is out of range (${range})`);
    }
    out.push(n);
  }
  return [...new Set(out)];
}

function weekdayCode(part: string, code: string): number {
  const i = WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]);
  if (i < 0)
    throw new ScheduleError(`RRULE part "${part}": "${code}" is not a weekday (${WEEKDAY_CODES.join(", ")})`);
  return i + 1;
}

function parseUntil(part: string, value: string): RecurrenceRule["until"] {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (date) return { date: { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) } };
  const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (utc) {
    const [y, mo, d, h, mi, s] = utc.slice(1).map(Number) as [number, number, number, number, number, number];
    return { instant: new Date(Date.UTC(y, mo - 1, d, h, mi, s)) };
  }
  throw new ScheduleError(
    `RRULE part "${part}": UNTIL must be a date (20271231) or a UTC time (20271231T235959Z) when the schedule has a zone`,
  );
}

/** Parses "FREQ=…;…" (with or without the "RRULE:" prefix), checking each part and their combination. */
export function parseRRule(text: string): RecurrenceRule {
  const body = text.trim().replace(/^RRULE:/i, "");
  if (body === "")
    throw new ScheduleError("RRULE is empty: it needs at least FREQ (e.g. RRULE:FREQ=WEEKLY;BYDAY=MO)");
  const parts = new Map<string, string>();
  const typed = new Map<string, string>();
  for (const part of body.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new ScheduleError(`RRULE part "${part}" is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (!SUPPORTED.includes(name)) {
      throw new ScheduleError(`RRULE part "${part}" is not supported (supported: ${SUPPORTED.join(", ")})`);
    }
    if (parts.has(name)) throw new ScheduleError(`RRULE part "${name}" appears twice`);
    if (value === "") throw new ScheduleError(`RRULE part "${part}" has no value`);
    parts.set(name, value);
    typed.set(name, part);
  }
  const freqText = parts.get("FREQ");
  if (!freqText) throw new ScheduleError("RRULE has no FREQ part (YEARLY, MONTHLY, WEEKLY or DAILY)");
  if (!["YEARLY", "MONTHLY", "WEEKLY", "DAILY"].includes(freqText)) {
    throw new ScheduleError(
      `RRULE part "FREQ=${freqText}" is not supported: a ritual repeats YEARLY, MONTHLY, WEEKLY or DAILY`,
    );
  }
  const freq = freqText as Frequency;
  const rule: RecurrenceRule = { freq, interval: 1, wkst: 1 };
  // Numbers are read from the part as typed, so an error quotes it as typed.
  const get = (name: string) => typed.get(name)?.slice(name.length + 1);
  // Messages quote the part as it was typed.
  const part = (name: string) => typed.get(name) as string;
  if (get("INTERVAL"))
    rule.interval = intList(part("INTERVAL"), get("INTERVAL") as string, 1, 999, false)[0] as number;
  if (get("COUNT")) rule.count = intList(part("COUNT"), get("COUNT") as string, 1, 999, false)[0] as number;
  if (parts.get("UNTIL")) rule.until = parseUntil(part("UNTIL"), parts.get("UNTIL") as string);
  if (rule.count !== undefined && rule.until)
    throw new ScheduleError("RRULE has both COUNT and UNTIL: keep one");
  if (get("BYMONTH")) rule.byMonth = intList(part("BYMONTH"), get("BYMONTH") as string, 1, 12, false);
  if (get("BYMONTHDAY"))
    rule.byMonthDay = intList(part("BYMONTHDAY"), get("BYMONTHDAY") as string, 1, 31, true);
  if (get("BYSETPOS")) rule.bySetPos = intList(part("BYSETPOS"), get("BYSETPOS") as string, 1, 366, true);
  if (get("BYHOUR")) rule.byHour = intList(part("BYHOUR"), get("BYHOUR") as string, 0, 23, false);
  if (get("BYMINUTE")) rule.byMinute = intList(part("BYMINUTE"), get("BYMINUTE") as string, 0, 59, false);
  if (get("BYSECOND")) rule.bySecond = intList(part("BYSECOND"), get("BYSECOND") as string, 0, 59, false);
  if (parts.get("WKST")) rule.wkst = weekdayCode(part("WKST"), parts.get("WKST") as string);
  if (parts.get("BYDAY")) rule.byDay = parseByDay(part("BYDAY"), parts.get("BYDAY") as string, freq);
  if (rule.byMonthDay && freq === "WEEKLY") {
    throw new ScheduleError(`RRULE part "${part("BYMONTHDAY")}" cannot be used with FREQ=WEEKLY (RFC 5545)`);
  }
  if (rule.bySetPos && !rule.byMonth && !rule.byMonthDay && !rule.byDay && !rule.byHour && !rule.byMinute) {
    throw new ScheduleError(`RRULE part "${part("BYSETPOS")}" needs another BY… part to pick from`);
  }
  return rule;
}

function parseByDay(part: string, value: string, freq: Frequency): WeekdaySpec[] {
  const seen = new Set<string>();
  const out: WeekdaySpec[] = [];
  for (const item of value.split(",")) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!m)
      throw new ScheduleError(`RRULE part "${part}": "${item}" is not a weekday such as MO, 1TU or -1FR`);
    const weekday = weekdayCode(part, m[2] as string);
    const spec: WeekdaySpec = { weekday };
    if (m[1] !== undefined) {
      const ordinal = Number(m[1]);
      if (freq !== "MONTHLY" && freq !== "YEARLY") {
        throw new ScheduleError(
          `RRULE part "${part}": "${item}" has a position, allowed only with FREQ=MONTHLY or YEARLY`,
        );
      }
      const max = freq === "MONTHLY" ? 5 : 53;
      if (ordinal === 0 || Math.abs(ordinal) > max) {
        throw new ScheduleError(
          `RRULE part "${part}": "${item}" is out of range (1 to ${max} or -${max} to -1)`,
        );
      }
      spec.ordinal = ordinal;
    }
    const id = `${spec.ordinal ?? ""}${weekday}`;
    if (!seen.has(id)) out.push(spec);
    seen.add(id);
  }
  return out;
}

const list = (xs: number[]) => xs.join(",");

/** The canonical RRULE text (no "RRULE:" prefix), parts in a fixed order. */
export function formatRRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${formatUntil(rule.until)}`);
  if (rule.byMonth) parts.push(`BYMONTH=${list(rule.byMonth)}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${list(rule.byMonthDay)}`);
  if (rule.byDay) {
    const days = rule.byDay.map((d) => `${d.ordinal ?? ""}${WEEKDAY_CODES[d.weekday - 1]}`);
    parts.push(`BYDAY=${days.join(",")}`);
  }
  if (rule.bySetPos) parts.push(`BYSETPOS=${list(rule.bySetPos)}`);
  if (rule.byHour) parts.push(`BYHOUR=${list(rule.byHour)}`);
  if (rule.byMinute) parts.push(`BYMINUTE=${list(rule.byMinute)}`);
  if (rule.bySecond) parts.push(`BYSECOND=${list(rule.bySecond)}`);
  if (rule.wkst !== 1) parts.push(`WKST=${WEEKDAY_CODES[rule.wkst - 1]}`);
  return parts.join(";");
}

function formatUntil(until: NonNullable<RecurrenceRule["until"]>): string {
  if ("date" in until) {
    const { year, month, day } = until.date;
    return `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`;
  }
  return until.instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Whether a calendar date passes the rule's BYMONTH / BYMONTHDAY / BYDAY (without positions) filters. */
function matchesDayFilters(rule: RecurrenceRule, date: LocalDate, dayFromMonthDay: boolean): boolean {
  if (rule.byMonth && !rule.byMonth.includes(date.month)) return false;
  if (rule.byMonthDay && !dayFromMonthDay) {
    const dim = daysInMonth(date.year, date.month);
    if (!rule.byMonthDay.some((d) => (d > 0 ? d : dim + 1 + d) === date.day)) return false;
  }
  return true;
}

function monthDays(rule: RecurrenceRule, year: number, month: number): number[] {
  const dim = daysInMonth(year, month);
  const days = (rule.byMonthDay ?? [])
    .map((d) => (d > 0 ? d : dim + 1 + d))
    .filter((d) => d >= 1 && d <= dim);
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Dates in [first, last] that are the rule's BYDAY weekdays (nth ones where an ordinal is given). */
function weekdayDates(specs: WeekdaySpec[], first: LocalDate, last: LocalDate): LocalDate[] {
  const start = dayNumber(first);
  const end = dayNumber(last);
  const picked = new Set<number>();
  for (const spec of specs) {
    const matches: number[] = [];
    const offset = (spec.weekday - isoWeekday(first) + 7) % 7;
    for (let n = start + offset; n <= end; n += 7) matches.push(n);
    if (spec.ordinal === undefined) for (const n of matches) picked.add(n);
    else {
      const n = spec.ordinal > 0 ? matches[spec.ordinal - 1] : matches[matches.length + spec.ordinal];
      if (n !== undefined) picked.add(n);
    }
  }
  return [...picked].sort((a, b) => a - b).map(fromDayNumber);
}

/** The candidate dates of one period (year, month, week or day) before BYSETPOS and the times. */
function periodDates(rule: RecurrenceRule, start: LocalDate, dtstart: LocalDate): LocalDate[] {
  switch (rule.freq) {
    case "DAILY":
      return matchesDayFilters(rule, start, false) && matchesWeekdays(rule, start) ? [start] : [];
    case "WEEKLY": {
      const week = Array.from({ length: 7 }, (_, i) => addDays(start, i));
      const days = rule.byDay
        ? week.filter((d) => matchesWeekdays(rule, d))
        : week.filter((d) => isoWeekday(d) === isoWeekday(dtstart));
      return days.filter((d) => matchesDayFilters(rule, d, false));
    }
    case "MONTHLY":
      if (rule.byMonth && !rule.byMonth.includes(start.month)) return [];
      return monthDates(rule, start.year, start.month, dtstart);
    case "YEARLY":
      return yearDates(rule, start.year, dtstart);
  }
}

function matchesWeekdays(rule: RecurrenceRule, date: LocalDate): boolean {
  return !rule.byDay || rule.byDay.some((s) => s.weekday === isoWeekday(date));
}

function monthDates(rule: RecurrenceRule, year: number, month: number, dtstart: LocalDate): LocalDate[] {
  const first = { year, month, day: 1 };
  const last = { year, month, day: daysInMonth(year, month) };
  if (rule.byMonthDay) {
    const dates = monthDays(rule, year, month).map((day) => ({ year, month, day }));
    return rule.byDay ? dates.filter((d) => matchesWeekdays(rule, d)) : dates;
  }
  if (rule.byDay) return weekdayDates(rule.byDay, first, last);
  return dtstart.day <= last.day ? [{ year, month, day: dtstart.day }] : [];
}

function yearDates(rule: RecurrenceRule, year: number, dtstart: LocalDate): LocalDate[] {
  if (rule.byMonth)
    return rule.byMonth.toSorted((a, b) => a - b).flatMap((m) => monthDates(rule, year, m, dtstart));
  if (rule.byMonthDay) {
    return Array.from({ length: 12 }, (_, i) => i + 1).flatMap((m) => monthDates(rule, year, m, dtstart));
  }
  if (rule.byDay) return weekdayDates(rule.byDay, { year, month: 1, day: 1 }, { year, month: 12, day: 31 });
  if (dtstart.month === 2 && dtstart.day === 29 && !isLeapYear(year)) return [];
  return [{ year, month: dtstart.month, day: dtstart.day }];
}

/** The first day of the period that contains `date`. */
function periodStart(rule: RecurrenceRule, date: LocalDate): LocalDate {
  switch (rule.freq) {
    case "DAILY":
      return date;
    case "WEEKLY":
      return addDays(date, -((isoWeekday(date) - rule.wkst + 7) % 7));
    case "MONTHLY":
      return { year: date.year, month: date.month, day: 1 };
    case "YEARLY":
      return { year: date.year, month: 1, day: 1 };
  }
}

function nextPeriod(rule: RecurrenceRule, start: LocalDate): LocalDate {
  switch (rule.freq) {
    case "DAILY":
      return addDays(start, rule.interval);
    case "WEEKLY":
      return addDays(start, 7 * rule.interval);
    case "MONTHLY": {
      const m = start.month - 1 + rule.interval;
      return { year: start.year + Math.floor(m / 12), month: (m % 12) + 1, day: 1 };
    }
    case "YEARLY":
      return { year: start.year + rule.interval, month: 1, day: 1 };
  }
}

function applySetPos<T>(items: T[], positions: number[] | undefined): T[] {
  if (!positions) return items;
  const picked = new Set<number>();
  for (const p of positions) {
    const i = p > 0 ? p - 1 : items.length + p;
    if (i >= 0 && i < items.length) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => items[i] as T);
}

export interface ExpandOptions {
  /**
   * Dates that are not candidates at all, removed before BYSETPOS counts: how skip dates stop
   * being business days in an "nth business day" rule. Not part of RFC 5545; the calendar export
   * turns the difference into EXDATE and RDATE.
   */
  excludeDates?: ReadonlySet<string>;
  /** stop once this many periods in a row produced nothing (a rule that never matches) */
  maxEmptyPeriods?: number;
}

const dateKey = (d: LocalDate) => dayNumber(d);

/**
 * The rule's wall times from DTSTART on, in order. DTSTART counts as the first occurrence (RFC
 * 5545), so callers keep it in step with the rule (see `alignStart`). An UNTIL instant is checked
 * by the caller, who knows the zone, through `beforeUntil`.
 */
export function* expandRule(
  rule: RecurrenceRule,
  dtstart: LocalDateTime,
  options: ExpandOptions & { beforeUntil?: (t: LocalDateTime) => boolean } = {},
): Generator<LocalDateTime> {
  const excluded = options.excludeDates ?? null;
  const maxEmpty = options.maxEmptyPeriods ?? defaultMaxEmpty(rule);
  const hours = rule.byHour?.toSorted((a, b) => a - b) ?? [dtstart.hour];
  const minutes = rule.byMinute?.toSorted((a, b) => a - b) ?? [dtstart.minute];
  const seconds = rule.bySecond?.toSorted((a, b) => a - b) ?? [dtstart.second];
  let emitted = 0;
  let empty = 0;
  let period = periodStart(rule, dtstart);
  while (empty < maxEmpty && period.year <= 9999) {
    let dates = periodDates(rule, period, dtstart);
    if (excluded) dates = dates.filter((d) => !excluded.has(isoKey(d)));
    const times = dates.flatMap((d) =>
      hours.flatMap((hour) =>
        minutes.flatMap((minute) => seconds.map((second) => ({ ...d, hour, minute, second }))),
      ),
    );
    const chosen = applySetPos(times, rule.bySetPos).filter((t) => compareLocal(t, dtstart) >= 0);
    empty = chosen.length === 0 ? empty + 1 : 0;
    for (const t of chosen) {
      if (rule.until && "date" in rule.until && dateKey(t) > dateKey(rule.until.date)) return;
      if (options.beforeUntil && !options.beforeUntil(t)) return;
      yield t;
      emitted++;
      if (rule.count !== undefined && emitted >= rule.count) return;
    }
    period = nextPeriod(rule, period);
  }
}

/** Enough empty periods to reach a 29 February or a rare weekday-date combination (28 years). */
function defaultMaxEmpty(rule: RecurrenceRule): number {
  const years = 28 * 366;
  const days = { DAILY: 1, WEEKLY: 7, MONTHLY: 28, YEARLY: 366 }[rule.freq] * rule.interval;
  return Math.ceil(years / days);
}

export function isoKey(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/**
 * The first wall time of the rule at or after `from`: the DTSTART a new schedule stores, so that
 * DTSTART is itself an occurrence as RFC 5545 expects. Expanding from `from`'s midnight lets
 * BYSETPOS count the whole period and gives rules that take their day from DTSTART (weekly
 * without BYDAY, monthly without BYMONTHDAY) `from`'s day. Null when the rule never occurs again.
 */
export function alignStart(rule: RecurrenceRule, from: LocalDateTime): LocalDateTime | null {
  if (!rule.byHour)
    throw new ScheduleError("RRULE needs BYHOUR (the meeting's local hour) when no DTSTART is given");
  const open: RecurrenceRule = {
    ...rule,
    count: undefined,
    byMinute: rule.byMinute ?? [0],
    bySecond: rule.bySecond ?? [0],
  };
  for (const t of expandRule(open, { ...from, hour: 0, minute: 0, second: 0 })) {
    if (compareLocal(t, from) >= 0) return t;
  }
  return null;
}
