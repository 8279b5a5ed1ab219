import { IANAZone } from "luxon";

/**
 * Wall-clock dates and times in a ritual's zone, and the one place they become instants. A
 * schedule is computed on wall time (as RFC 5545 does with a TZID), then each wall time is mapped
 * to one instant by cron's rules: a time in the spring-forward gap runs at the first valid time
 * after the gap; an ambiguous time (fall back) runs once, at its first occurrence.
 */

/** A calendar date with no zone. */
export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** A wall-clock time on a calendar date, with no zone. */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return daysInMonth(year, 2) === 29;
}

/** Days since 1970-01-01 of a calendar date: arithmetic on dates without any zone. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function withDate(time: LocalDateTime, date: LocalDate): LocalDateTime {
  return { ...time, year: date.year, month: date.month, day: date.day };
}

/** A valid calendar date (rejects 2027-02-30). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** YYYY-MM-DD */
export function formatDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** YYYY-MM-DDTHH:MM, or with :SS when the seconds are not zero. */
export function formatLocal(t: LocalDateTime): string {
  const base = `${formatDate(t)}T${pad(t.hour)}:${pad(t.minute)}`;
  return t.second === 0 ? base : `${base}:${pad(t.second)}`;
}

/** HH:MM */
export function formatClock(t: { hour: number; minute: number }): string {
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function parseDate(text: string): LocalDate | null {
  const m = LOCAL_DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

export function parseLocal(text: string): LocalDateTime | null {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

export function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  return wallMs(a) - wallMs(b);
}

/** The wall time read as if it were UTC: a sortable number for wall times. */
function wallMs(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function zoneOf(zone: string): IANAZone {
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`not an IANA time zone: ${zone}`);
  return z;
}

/** The wall time in `zone` at an instant. */
export function toLocal(instant: Date, zone: string): LocalDateTime {
  const ms = instant.getTime();
  const shifted = new Date(ms + zoneOf(zone).offset(ms) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/**
 * The instant a wall time in `zone` runs at. Of the offsets in force a day either side, those
 * that give back this wall time are valid: two valid means fall-back ambiguity (take the earlier
 * instant), none means the time is in a spring-forward gap (take the instant the gap ends).
 */
export function toInstant(local: LocalDateTime, zone: string): Date {
  const z = zoneOf(zone);
  const wall = wallMs(local);
  const valid = validInstants(z, wall);
  if (valid[0] !== undefined) return new Date(valid[0]);
  const before = z.offset(wall - DAY_MS);
  const after = z.offset(wall + DAY_MS);
  return new Date(
    gapEnd(z, wall - Math.max(before, after) * 60_000, wall - Math.min(before, after) * 60_000),
  );
}

/**
 * Whether a wall time exists once ("normal"), not at all (spring-forward "gap") or twice
 * ("ambiguous", fall back). Calendar applications disagree on the last two, so the export pins
 * such meetings to their instant.
 */
export function wallTimeKind(local: LocalDateTime, zone: string): "normal" | "gap" | "ambiguous" {
  const n = validInstants(zoneOf(zone), wallMs(local)).length;
  return n === 0 ? "gap" : n === 1 ? "normal" : "ambiguous";
}

function validInstants(z: IANAZone, wall: number): number[] {
  const before = z.offset(wall - DAY_MS);
  const after = z.offset(wall + DAY_MS);
  return [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((t) => z.offset(t) * 60_000 === wall - t)
    .sort((a, b) => a - b);
}

/** The first second in (lo, hi] whose offset differs from lo's: where a new offset starts. */
function gapEnd(z: IANAZone, lo: number, hi: number): number {
  const start = z.offset(lo);
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (z.offset(mid * 1000) === start) a = mid;
    else b = mid;
  }
  return b * 1000;
}

/** Short zone name at an instant ("EST", "GMT+1" where the zone has no abbreviation in English). */
export function zoneAbbreviation(instant: Date, zone: string): string {
  return zoneOf(zone).offsetName(instant.getTime(), { format: "short", locale: "en-US" }) ?? zone;
}

/** UTC offset in minutes at an instant. */
export function offsetMinutes(instant: Date, zone: string): number {
  return zoneOf(zone).offset(instant.getTime());
}

/** Instants where the zone's offset changes in [from, to), found day by day, then to the second. */
export function offsetTransitions(zone: string, from: Date, to: Date): Date[] {
  const z = zoneOf(zone);
  const out: Date[] = [];
  let prev = from.getTime();
  let prevOffset = z.offset(prev);
  for (let t = prev + DAY_MS; t < to.getTime() + DAY_MS; t += DAY_MS) {
    const offset = z.offset(t);
    if (offset !== prevOffset) {
      const at = gapEnd(z, prev, t);
      if (at < to.getTime()) out.push(new Date(at));
      prevOffset = offset;
    }
    prev = t;
  }
  return out;
}

export function isDaylightTime(instant: Date, zone: string): boolean {
  const z = zoneOf(zone);
  const ms = instant.getTime();
  const year = new Date(ms).getUTCFullYear();
  // Daylight time is the larger of the year's offsets (either hemisphere).
  const jan = z.offset(Date.UTC(year, 0, 1));
  const jul = z.offset(Date.UTC(year, 6, 1));
  return jan !== jul && z.offset(ms) === Math.max(jan, jul);
}

const WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Thu 3 Dec 2026 10:00 EST": an instant as people in `zone` read it. */
export function formatInZone(instant: Date, zone: string): string {
  const t = toLocal(instant, zone);
  const day = `${WEEKDAY_SHORT[isoWeekday(t) - 1]} ${t.day} ${MONTH_SHORT[t.month - 1]} ${t.year}`;
  return `${day} ${formatClock(t)} ${zoneAbbreviation(instant, zone)}`;
}
