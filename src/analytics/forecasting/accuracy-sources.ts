/**
 * The stored forecasts forecast accuracy compares against actuals: the bot's own daily snapshots
 * (method "ensemble") and imported submissions, indexed by scope and period.
 */
import { DateTime } from "luxon";
import type { ForecastSnapshot, ForecastSubmission } from "../../domain/crm";
import type { DatedForecast } from "./accuracy-stats";

export const ENSEMBLE_METHOD = "ensemble";

export type ForecastIndex = Map<string, DatedForecast[]>;

export function sourceKey(scope: string, period: string): string {
  return `${scope.toLowerCase()}|${period.toUpperCase()}`;
}

function push(index: ForecastIndex, key: string, f: DatedForecast) {
  const list = index.get(key);
  if (list) list.push(f);
  else index.set(key, [f]);
}

/** A snapshot is taken on a date (or at an instant); a date without a time is the start of that day. */
export function indexSnapshots(snapshots: readonly ForecastSnapshot[], timeZone: string): ForecastIndex {
  const index: ForecastIndex = new Map();
  const when = madeAtOnce(timeZone);
  for (const s of snapshots) {
    if (s.method !== ENSEMBLE_METHOD) continue;
    push(index, sourceKey(s.scope, s.period), {
      ...when(s.takenOn),
      amountCents: s.amountCents,
      by: null,
      at: s.takenOn,
    });
  }
  return index;
}

const midnights = new Map<string, number>();

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Epoch ms of the start of a local date in a zone (DST-aware), cached per zone and date. In UTC a
 * valid YYYY-MM-DD starts at its own ISO midnight, so Luxon (whose first calls cost ~10 ms in a
 * refresh, their only use there) is left for other zones and other texts.
 */
export function localMidnightMs(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    ms = timeZone === "UTC" ? utcMidnightMs(date) : undefined;
    ms ??= DateTime.fromISO(date, { zone: timeZone }).startOf("day").toMillis();
    midnights.set(key, ms);
  }
  return ms;
}

/** Midnight UTC of a valid YYYY-MM-DD; undefined for any other text. */
function utcMidnightMs(date: string): number | undefined {
  if (!PLAIN_DATE.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? undefined : ms;
}

/**
 * When a forecast was made, from a stored date or instant: the workspace-local date, whether it was
 * the start of that day, and the instant. A date without a time is the start of that day.
 */
export function madeAt(
  text: string,
  timeZone: string,
): { madeOn: string; startOfDay: boolean; atMs: number } {
  if (text.length > 10) {
    const instant = new Date(text);
    const ms = instant.getTime();
    if (!Number.isNaN(ms)) {
      const madeOn = localDay(instant, timeZone);
      return { madeOn, startOfDay: ms === localMidnightMs(madeOn, timeZone), atMs: ms };
    }
  }
  const madeOn = text.slice(0, 10);
  return { madeOn, startOfDay: true, atMs: localMidnightMs(madeOn, timeZone) };
}

/**
 * madeAt, worked out once per distinct text: forecasts are made in batches (the sample's 825
 * submissions carry 59 distinct instants), and each instant costs a zone-aware format and a
 * midnight lookup.
 */
function madeAtOnce(timeZone: string): (text: string) => ReturnType<typeof madeAt> {
  const seen = new Map<string, ReturnType<typeof madeAt>>();
  return (text) => {
    let m = seen.get(text);
    if (!m) {
      m = madeAt(text, timeZone);
      seen.set(text, m);
    }
    return m;
  };
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The workspace-local calendar date of an instant. One formatter per time zone: building an
 * Intl.DateTimeFormat per call costs far more than formatting with it.
 */
export function localDay(instant: Date, timeZone: string): string {
  if (timeZone === "UTC") return instant.toISOString().slice(0, 10);
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, f);
  }
  return f.format(instant); // en-CA formats as YYYY-MM-DD
}

/** Submissions are instants; the day they were made is the workspace-local date. */
export function indexSubmissions(
  submissions: readonly ForecastSubmission[],
  timeZone: string,
): ForecastIndex {
  const index: ForecastIndex = new Map();
  const when = madeAtOnce(timeZone);
  for (const s of submissions) {
    push(index, sourceKey(s.scope, s.period), {
      ...when(s.submittedAt),
      amountCents: s.amountCents,
      by: s.submittedBy,
      at: s.submittedAt,
    });
  }
  return index;
}
