import { DateTime, IANAZone } from "luxon";

/**
 * Wall-clock questions about an instant in a person's IANA zone: their date, their time of day,
 * whether it is a working day there. Luxon carries the zone rules, so a DST change moves 09:00 with
 * the clocks. (A date in a zone and date arithmetic are src/domain/period's localDate and addDays.)
 */

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The date and the minutes since local midnight of an instant in a zone. */
export function wallClock(instant: Date, zone: string): { date: string; minutes: number } {
  const local = DateTime.fromJSDate(instant, { zone });
  return { date: local.toISODate() as string, minutes: local.hour * 60 + local.minute };
}

/**
 * The instant a wall time happens on a date in a zone. A time the clocks skip (spring forward) is
 * moved on by the gap, so 02:30 on a DST start reads as 03:30.
 */
export function instantAt(date: string, minutes: number, zone: string): Date {
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return DateTime.fromISO(`${date}T${hh}:${mm}`, { zone }).toJSDate();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isWeekend(date: string): boolean {
  return weekdayOf(date) >= 6;
}
