/**
 * A stored analysis as charts and decks receive it: the payload with the fields that trace it.
 * The store's StoredAnalysis has these fields, so a stored row is passed as it is read.
 */
export interface Trace {
  asOf: string;
  importId: number | null;
  definitionVersion: number;
}

export interface TracedAnalysis<T> extends Trace {
  /** scope key: "company", "team:West", … */
  scope: string;
  period: string;
  payload: T;
}

/** What every chart needs besides its figures: how money and instants are shown. */
export interface ChartContext {
  /** ISO 4217 code, e.g. "USD" */
  currency: string;
  /** IANA zone the as-of is shown in, e.g. "America/New_York" */
  timeZone: string;
}

export function traceOf(stored: Trace): Trace {
  return { asOf: stored.asOf, importId: stored.importId, definitionVersion: stored.definitionVersion };
}
