/**
 * The as-of rule: a refresh computes every figure from each deal as it stands in the latest
 * import, so it may not be computed for an instant before the data's latest fact. A deal won
 * after that instant would otherwise be neither won to date nor open, and vanish from every
 * figure. The facts are what the CRM records as having happened: a deal's created date, a closed
 * deal's close date (the day it was won or lost), each stage change and close-date change of its
 * history, and each submitted forecast. Planned dates (an open deal's close date, a contract's
 * end, a quota's period) and the last activity date (a CRM may date a scheduled call ahead) are
 * not facts. A date without a time is the start of that day in the workspace's zone.
 */
import type {
  CloseDateChange,
  Dataset,
  Deal,
  ForecastSubmission,
  HistoryColumns,
  StageChange,
} from "../domain/crm";
import { localDate } from "../domain/period";
import { AppError } from "../errors";

/** The latest thing the data says happened, and when: an ISO date or a UTC instant. */
export interface LatestFact {
  at: string;
  what: string;
}

/** The as-of is before the data's latest fact: nothing is computed or stored. */
export class AsOfBeforeDataError extends AppError {
  constructor(
    message: string,
    readonly fact: LatestFact,
  ) {
    super("refresh_failed", message);
    this.name = "AsOfBeforeDataError";
  }
}

const isDate = (at: string) => at.length === 10;

/**
 * Later of two UTC instants as the import stores them ("…T23:43:00Z" or, from the import's own
 * clock, "…T23:43:00.123Z"): by their first 19 characters, parsed only when those tie.
 */
function laterInstant(a: string, b: string): boolean {
  // the same shape (both with or both without milliseconds): text order is time order
  if (a.length === b.length) return a > b;
  const pa = a.slice(0, 19);
  const pb = b.slice(0, 19);
  if (pa !== pb) return pa > pb;
  return Date.parse(a) > Date.parse(b);
}

/** Where a candidate fact is: its list and its index there, so `what` is written only for the winner. */
type Source = "created" | "closed" | "stage" | "closeDate" | "submission";

interface Candidate {
  at: string;
  source: Source;
  index: number;
}

function describe(dataset: Dataset, c: Candidate | null): LatestFact | null {
  if (c === null) return null;
  const what = (): string => {
    switch (c.source) {
      case "created":
        return `deal ${dataset.deals[c.index]?.id} was created`;
      case "closed": {
        const d = dataset.deals[c.index];
        return `deal ${d?.id} closed ${d?.isWon ? "won" : "lost"}`;
      }
      case "stage": {
        const [id, stage] = historyRow(dataset, "stage", c.index);
        return `deal ${id} entered ${stage}`;
      }
      case "closeDate": {
        const [id, closeDate] = historyRow(dataset, "closeDate", c.index);
        return `deal ${id}'s close date was set to ${closeDate}`;
      }
      case "submission": {
        const f = dataset.submissions[c.index];
        return `${f?.submittedBy} submitted a forecast for ${f?.scope} ${f?.period}`;
      }
    }
  };
  return { at: c.at, what: what() };
}

/** A history row's deal id and value (stage or close date), from the columns when the dataset has them. */
function historyRow(dataset: Dataset, source: "stage" | "closeDate", r: number): [string?, string?] {
  const columns: HistoryColumns | undefined = dataset.historyColumns?.[source];
  if (!columns) {
    if (source === "stage") {
      const h = dataset.stageHistory[r];
      return [h?.opportunityId, h?.stage];
    }
    const h = dataset.closeDateHistory[r];
    return [h?.opportunityId, h?.closeDate];
  }
  // the deal whose range holds row r: the last i with first[i] <= r
  const { first } = columns;
  let lo = 0;
  let hi = dataset.deals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((first[mid] as number) <= r) lo = mid;
    else hi = mid - 1;
  }
  return [dataset.deals[lo]?.id, columns.values[columns.value[r] as number]];
}

/**
 * The first row holding the table's latest date-only value and the first holding its latest timed
 * one: what offering every row in order would keep. The distinct values are compared (1.4M at 1M
 * deals) rather than every row's (5.9M), and the rows then searched by index.
 */
function latestRows(columns: HistoryColumns): number[] {
  const { at, instants } = columns;
  let date = -1;
  let instant = -1;
  for (let i = 0; i < instants.length; i++) {
    const v = instants[i] as string;
    if (v === "") continue;
    if (isDate(v)) {
      if (date < 0 || v > (instants[date] as string)) date = i;
    } else if (instant < 0 || laterInstant(v, instants[instant] as string)) instant = i;
  }
  const rows: number[] = [];
  for (const best of [date, instant]) {
    if (best < 0) continue;
    // the values as late as the latest (a value may be numbered twice, or spelled with milliseconds)
    const latest = instants[best] as string;
    const ties = new Uint8Array(instants.length);
    for (let i = 0; i < instants.length; i++) {
      const v = instants[i] as string;
      ties[i] =
        v !== "" && isDate(v) === isDate(latest) && !(isDate(v) ? latest > v : laterInstant(latest, v))
          ? 1
          : 0;
    }
    for (let r = 0; r < at.length; r++)
      if (ties[at[r] as number] === 1) {
        rows.push(r);
        break;
      }
  }
  return rows;
}

/**
 * The data's latest date-only fact and latest timed fact (each null when there is none). One
 * comparison per fact and no allocation but for a new latest: a million deals and their histories
 * take a few milliseconds.
 */
function latestFacts(dataset: Dataset): { date: LatestFact | null; instant: LatestFact | null } {
  let date: Candidate | null = null;
  let instant: Candidate | null = null;
  const offer = (at: string, source: Source, index: number) => {
    if (at === "") return;
    if (isDate(at)) {
      if (date === null || at > date.at) date = { at, source, index };
    } else if (instant === null || laterInstant(at, instant.at)) instant = { at, source, index };
  };
  const { deals, submissions } = dataset;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    offer(d.createdDate, "created", i);
    if (d.isClosed) offer(d.closeDate, "closed", i);
  }
  const columns = dataset.historyColumns;
  if (columns) {
    // row r of the columns is row r of the lists; reading the lists would build 4.9M objects at 1M deals
    for (const source of ["stage", "closeDate"] as const)
      for (const r of latestRows(columns[source]))
        offer(columns[source].instants[columns[source].at[r] as number] as string, source, r);
  } else {
    const { stageHistory, closeDateHistory } = dataset;
    for (let i = 0; i < stageHistory.length; i++)
      offer((stageHistory[i] as StageChange).enteredAt, "stage", i);
    for (let i = 0; i < closeDateHistory.length; i++) {
      offer((closeDateHistory[i] as CloseDateChange).changedAt, "closeDate", i);
    }
  }
  for (let i = 0; i < submissions.length; i++) {
    offer((submissions[i] as ForecastSubmission).submittedAt, "submission", i);
  }
  return { date: describe(dataset, date), instant: describe(dataset, instant) };
}

/** The data's latest fact, a date counting as the start of its day in `timeZone`; null when none. */
export function latestFact(dataset: Dataset, timeZone: string): LatestFact | null {
  const { date, instant } = latestFacts(dataset);
  return later(date, instant, timeZone);
}

function later(date: LatestFact | null, instant: LatestFact | null, timeZone: string): LatestFact | null {
  if (date === null || instant === null) return date ?? instant;
  // an instant on the date's own day is after the day's start
  return localDate(new Date(instant.at), timeZone) >= date.at ? instant : date;
}

/** Whether `asOf` is at or after the fact (a date: at or after the start of that day in the zone). */
function isAfter(asOf: Date, fact: LatestFact, timeZone: string): boolean {
  return isDate(fact.at) ? localDate(asOf, timeZone) >= fact.at : asOf.getTime() >= Date.parse(fact.at);
}

/** "30 Nov 2026, 23:43 UTC" in the workspace's zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  // en-US names the zones people read ("EST", "PST"); en-GB writes "GMT-5" for them
  const zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(instant)
    .find((p) => p.type === "timeZoneName")?.value;
  return zone ? `${local} ${zone}` : local;
}

function describeFact(fact: LatestFact, timeZone: string): string {
  return isDate(fact.at)
    ? `${fact.what} on ${fact.at}`
    : `${fact.what} at ${formatInstant(new Date(fact.at), timeZone)} (${fact.at})`;
}

/**
 * Refuses an as-of before the data's latest fact. `fromClock` says the as-of is the clock's "now"
 * (the daily refresh, start-up): then the data is ahead of the clock, and the message says so.
 */
export function checkAsOf(dataset: Dataset, asOf: Date, timeZone: string, fromClock: boolean): void {
  const { date, instant } = latestFacts(dataset);
  const broken = [instant, date].filter((f): f is LatestFact => f !== null && !isAfter(asOf, f, timeZone));
  if (broken.length === 0) return;
  const fact = later(date, instant, timeZone) as LatestFact;
  const when = `${formatInstant(asOf, timeZone)} (${asOf.toISOString()})`;
  const latest = describeFact(fact, timeZone);
  const message = fromClock
    ? `the clock says it is ${when}, before the data's latest fact: ${latest}. ` +
      "Either this machine's clock is wrong or the export came from a clock ahead of it: " +
      "check the clock and its time zone; nothing is computed until now is after the data"
    : `the as-of ${when} is before the data's latest fact: ${latest}. ` +
      "Every figure is computed from the deals as they stand in the latest import, so an earlier " +
      "as-of would count later deals as neither won nor open; use an as-of at or after that fact, " +
      "or import an export taken at the as-of";
  throw new AsOfBeforeDataError(message, fact);
}
