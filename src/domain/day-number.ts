/** Day numbers (days since 1970-01-01) of dates and datetimes, for day arithmetic over millions of rows. */

const dayCache = new Map<string, number>();
/** Day number by way of Date, memoised: the path for anything that is not a plain "YYYY-MM-DD…". */
function dayNumberSlow(instant: string): number {
  const date = instant.length > 10 ? instant.slice(0, 10) : instant;
  let n = dayCache.get(date);
  if (n === undefined) {
    n =
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
      86_400_000;
    dayCache.set(date, n);
  }
  return n;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};

/**
 * Day number (days since 1970-01-01) of a date or datetime. Read from the characters with the
 * civil-from-days arithmetic (no substring, no Date, no map lookup), since it runs once per stage
 * history row and millions of rows make allocation dominate; the same value as
 * Date.UTC(y, m − 1, d) / 86 400 000. Anything that is not "YYYY-MM-DD…" with a year from 100 takes
 * the Date path, so odd input gives what it gave before.
 */
export function dayNumber(instant: string): number {
  const y = digit(instant, 0) * 1000 + digit(instant, 1) * 100 + digit(instant, 2) * 10 + digit(instant, 3);
  const m = digit(instant, 5) * 10 + digit(instant, 6);
  const d = digit(instant, 8) * 10 + digit(instant, 9);
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return dayNumberSlow(instant);
  // days from civil (H. Hinnant): years start in March so the leap day is the year's last
  const ya = m <= 2 ? y - 1 : y;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const dateCache: string[] = [];
const DATE_CACHE_FROM = -25_567; // 1900-01-01
const DATE_CACHE_DAYS = 73_049; // to 2099-12-31

/**
 * The "YYYY-MM-DD" of a day number, the inverse of dayNumber for years 1 to 9999. Days of 1900 to
 * 2099 are kept once made: a refresh asks for the same few thousand days millions of times.
 */
export function dateOfDay(day: number): string {
  const slot = day - DATE_CACHE_FROM;
  if (slot >= 0 && slot < DATE_CACHE_DAYS) {
    const cached = dateCache[slot];
    if (cached !== undefined) return cached;
    const made = civilDate(day);
    dateCache[slot] = made;
    return made;
  }
  return civilDate(day);
}

/** civil from days (H. Hinnant), the inverse of the arithmetic in dayNumber */
function civilDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}
