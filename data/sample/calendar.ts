/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC). The generator works in day
 * numbers because formatting a million dates through Date objects is the slow part of streaming.
 */
const MS_PER_DAY = 86_400_000;
const isoCache = new Map<number, string>();

export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY);
}

export function isoOf(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Moves a weekend day to the nearest weekday: Saturday back to Friday, Sunday on to Monday. */
export function toWeekday(day: number): number {
  const dow = weekday(day);
  return dow === 6 ? day - 1 : dow === 0 ? day + 1 : day;
}

/** "YYYY-MM" of a day number. */
export function monthKeyOf(day: number): string {
  return isoOf(day).slice(0, 7);
}

/** First day of the month `delta` months after the month "YYYY-MM". */
export function monthStart(monthKey: string, delta = 0): number {
  const year = Number(monthKey.slice(0, 4));
  const month = Number(monthKey.slice(5, 7)) - 1 + delta;
  return Math.round(Date.UTC(year, month, 1) / MS_PER_DAY);
}

/** Last day of the month `delta` months after the month "YYYY-MM". */
export function monthEnd(monthKey: string, delta = 0): number {
  return monthStart(monthKey, delta + 1) - 1;
}

/** Last day of the calendar quarter containing the day. */
export function quarterEnd(day: number): number {
  const iso = isoOf(day);
  const month = Number(iso.slice(5, 7));
  const endMonth = Math.ceil(month / 3) * 3;
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), endMonth, 1) / MS_PER_DAY) - 1;
}

/** ISO instant for a day and a minute of that day. */
export function instantOf(day: number, minuteOfDay: number): string {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, "0");
  const mm = String(minuteOfDay % 60).padStart(2, "0");
  return `${isoOf(day)}T${hh}:${mm}:00Z`;
}
