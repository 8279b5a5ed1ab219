import { addDays, localDate } from "../domain/period";
import { invalid } from "./errors";
import { isCalendarDate, weekdayOf } from "./local-time";

/**
 * Deadlines as people type them after `due:`: a date (2026-12-04), today, tomorrow, a weekday
 * (friday, fri: the next one after today, so "friday" on a Friday is a week away), or +Nd / +Nw.
 * Relative words are read on the calendar of the zone given (the person typing).
 */

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const RELATIVE = /^\+(\d{1,3})([dw])$/;
/** How far ahead a relative deadline may reach: a typo such as +300w is refused, not stored. */
const MAX_DAYS_AHEAD = 366;

export const DUE_FORMS = "use YYYY-MM-DD, a weekday, +Nd, today or tomorrow";

function weekdayIndex(word: string): number | null {
  if (word.length < 3) return null;
  const i = WEEKDAYS.findIndex((d) => d.startsWith(word));
  return i < 0 ? null : i + 1;
}

/** The date a `due:` value names, or an error naming the value and the forms that work. */
export function parseDue(value: string, now: Date, zone: string): string {
  const word = value.trim().toLowerCase();
  const today = localDate(now, zone);
  const shown = `due:${value.trim()}`;
  let date: string | null = null;
  if (isCalendarDate(word)) date = word;
  else if (word === "today") date = today;
  else if (word === "tomorrow") date = addDays(today, 1);
  else {
    const rel = RELATIVE.exec(word);
    const weekday = weekdayIndex(word);
    if (rel) {
      const days = Number(rel[1]) * (rel[2] === "w" ? 7 : 1);
      if (days === 0) throw invalid("deadline", `${shown} is today: write due:today`);
      if (days > MAX_DAYS_AHEAD) throw invalid("deadline", `${shown} is more than a year ahead`);
      date = addDays(today, days);
    } else if (weekday !== null) {
      const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
      date = addDays(today, ahead);
    }
  }
  if (date === null) throw invalid("deadline", `${shown} is not a date: ${DUE_FORMS}`);
  checkNotPast(date, today, zone, shown);
  return date;
}

/** A deadline must not be before today in the zone it is read in. */
export function checkNotPast(date: string, today: string, zone: string, shown = date): void {
  if (date < today) throw invalid("deadline", `${shown} is in the past (today is ${today} in ${zone})`);
}

/** The date a deadline `hours` from now falls on in a zone (a deal's 48-hour intervention window). */
export function deadlineAfterHours(now: Date, hours: number, zone: string): string {
  return localDate(new Date(now.getTime() + hours * 3_600_000), zone);
}
