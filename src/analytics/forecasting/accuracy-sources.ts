/**
 * The stored forecasts forecast accuracy compares against actuals: the bot's own daily snapshots
 * (method "ensemble") and imported submissions, indexed by scope and period.
 */
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

export function indexSnapshots(snapshots: readonly ForecastSnapshot[]): ForecastIndex {
  const index: ForecastIndex = new Map();
  for (const s of snapshots) {
    if (s.method !== ENSEMBLE_METHOD) continue;
    push(index, sourceKey(s.scope, s.period), {
      madeOn: s.takenOn.slice(0, 10),
      amountCents: s.amountCents,
      by: null,
      at: s.takenOn,
    });
  }
  return index;
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
  for (const s of submissions) {
    const instant = new Date(s.submittedAt);
    const madeOn =
      s.submittedAt.length > 10 && !Number.isNaN(instant.getTime())
        ? localDay(instant, timeZone)
        : s.submittedAt.slice(0, 10);
    push(index, sourceKey(s.scope, s.period), {
      madeOn,
      amountCents: s.amountCents,
      by: s.submittedBy,
      at: s.submittedAt,
    });
  }
  return index;
}
