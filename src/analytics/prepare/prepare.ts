/**
 * Indexes built once per refresh and shared by every analysis, so that cutting figures by
 * scope costs a lookup rather than a scan of every deal.
 */
import type {
  Account,
  CloseDateChange,
  Dataset,
  Deal,
  ForecastSubmission,
  HistoryColumns,
  Rep,
  Scope,
  StageChange,
} from "../../domain/crm";
import { scopeKey } from "../../domain/crm";
import { businessDays, type Period, periodOf, shiftPeriod } from "../../domain/period";
import { type Backtest, computeBacktest } from "../forecasting/backtest";
import { type StageWinRate, stageOrder, stageRateLookup, stageWinRates } from "../metrics/stages";
import { type AccountFacts, buildAccountFacts } from "./accounts";
import { type AnalysisContext, DEFAULT_REVIEW_BUSINESS_DAYS } from "./context";
import { type QuotaOf, quotaLookup } from "./quotas";
import { type RepPeriodFiguresOf, repPeriodFiguresLookup } from "./rep-period-figures";
import { buildStageHistoryFacts, type StageHistoryFacts, stageHistoryFactsOfColumns } from "./stage-history";

export interface Prepared {
  dataset: Dataset;
  ctx: AnalysisContext;
  repsById: Map<number, Rep>;
  accountsById: Map<number, Account>;
  /** a rep's quota for any month, quarter or fiscal year (quotas.ts) */
  quotaOf: QuotaOf;
  /** contracts, won deals, renewal risk and annual value per account (accounts.ts) */
  accountFacts: AccountFacts;
  /** imported forecast submissions by scope, the scope trimmed and lower-cased */
  submissionsByScope: Map<string, ForecastSubmission[]>;
  dealsByOwner: Map<number, Deal[]>;
  /**
   * Each deal's stage and close-date history, oldest first, by the deal's position in
   * dataset.deals (undefined without history): read by position instead of a lookup in a Map of 1M
   * deal ids. Each call may return a fresh array: do not keep or change it.
   */
  stageHistoryOf: (position: number) => StageChange[] | undefined;
  closeDateHistoryOf: (position: number) => CloseDateChange[] | undefined;
  /** the stage history as flat typed arrays (stage-history.ts), read by year-review, revenue-focus and deal-risk */
  stageHistoryFacts: StageHistoryFacts;
  stageOrder: string[];
  stageWinRates: StageWinRate[];
  /** stage win rate for a stage, falling back to the deal's CRM probability for unknown stages */
  stageRate: (stage: string, probability: number | null) => number;
  /** company first, then every region, segment, team and rep that has a rep in it */
  scopes: Scope[];
  /** the reps a scope covers */
  repsIn: (scope: Scope) => Rep[];
  /** the deals owned by the reps a scope covers */
  dealsIn: (scope: Scope) => Deal[];
  periods: StandardPeriods;
  /** every rep's bookings, quota and open pipeline for a period (rep-period-figures.ts) */
  repPeriodFigures: RepPeriodFiguresOf;
  /** the forecast backtest (forecasting/backtest.ts), computed on first read, once per Prepared */
  readonly backtest: Backtest;
}

/** The periods a refresh stores results for, relative to `today`. */
export interface StandardPeriods {
  previousMonth: Period;
  currentMonth: Period;
  nextMonth: Period;
  previousQuarter: Period;
  currentQuarter: Period;
  nextQuarter: Period;
  currentYear: Period;
  previousYear: Period;
  /**
   * The month closed-period figures default to: the month just closed during the review's first
   * business days of a month (AnalysisContext.reviewBusinessDays), else the current month.
   */
  reviewMonth: Period;
}

export function standardPeriods(
  today: string,
  fiscalStartMonth: number,
  reviewBusinessDays = DEFAULT_REVIEW_BUSINESS_DAYS,
): StandardPeriods {
  const month = periodOf(today, "month", fiscalStartMonth);
  const previousMonth = shiftPeriod(month, -1, fiscalStartMonth);
  const inReview = businessDays(month.start, today) <= reviewBusinessDays;
  const quarter = periodOf(today, "quarter", fiscalStartMonth);
  const year = periodOf(today, "year", fiscalStartMonth);
  return {
    previousMonth,
    currentMonth: month,
    nextMonth: shiftPeriod(month, 1, fiscalStartMonth),
    previousQuarter: shiftPeriod(quarter, -1, fiscalStartMonth),
    currentQuarter: quarter,
    nextQuarter: shiftPeriod(quarter, 1, fiscalStartMonth),
    currentYear: year,
    previousYear: shiftPeriod(year, -1, fiscalStartMonth),
    reviewMonth: inReview ? previousMonth : month,
  };
}

/**
 * Groups items by key. Runs of equal keys (history rows come sorted by deal) become one exact-size
 * slice each, without a map lookup per item: at 1M deals a list grown by push would hold room for
 * 17 rows where a deal has 4, and those two maps of per-deal lists are most of prepare's heap.
 */
function groupBy<T, K extends string | number>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  let start = 0;
  // while keys ascend, a run's key is new and needs no lookup first (history comes sorted by deal)
  let previous: K | undefined;
  while (start < items.length) {
    const k = key(items[start] as T);
    let end = start + 1;
    while (end < items.length && key(items[end] as T) === k) end++;
    const ascending = previous === undefined || k > previous;
    previous = ascending ? k : previous;
    const list = ascending ? undefined : m.get(k);
    if (list === undefined) m.set(k, items.slice(start, end));
    else for (let i = start; i < end; i++) list.push(items[i] as T);
    start = end;
  }
  return m;
}

/**
 * History rows per deal by the deal's position in `deals`. The store gives both sorted by deal id,
 * so one merge walk finds each deal's run of rows, kept as a range [from, to) in typed arrays; a
 * call slices the run out when asked. Keeping 1.5M per-deal slices for the whole refresh instead
 * cost ~0.5 s at 1M deals, mostly the garbage collector copying every one of them out of the young
 * generation (a slice made on demand is dropped young, which costs the collector nothing).
 * When either list is out of order (as tests may build them), rows are grouped by id with groupBy
 * and positions looked up in that.
 */
function historyByPosition<T extends { opportunityId: string }>(
  deals: readonly Deal[],
  rows: readonly T[],
): (position: number) => T[] | undefined {
  let sorted = true;
  for (let k = 1; k < deals.length && sorted; k++) sorted = (deals[k - 1] as Deal).id < (deals[k] as Deal).id;
  // run of deal k: rows from[k] .. to[k] - 1; from = to (0) for none
  const from = new Int32Array(deals.length);
  const to = new Int32Array(deals.length);
  let k = 0;
  let start = 0;
  while (start < rows.length && sorted) {
    const id = (rows[start] as T).opportunityId;
    if (start > 0 && !((rows[start - 1] as T).opportunityId < id)) sorted = false;
    let end = start + 1;
    while (end < rows.length && (rows[end] as T).opportunityId === id) end++;
    while (k < deals.length && (deals[k] as Deal).id < id) k++;
    if (k < deals.length && (deals[k] as Deal).id === id) {
      from[k] = start;
      to[k] = end;
    }
    start = end;
  }
  if (sorted)
    return (i) => {
      const a = from[i] as number;
      const b = to[i] as number;
      return a < b ? rows.slice(a, b) : undefined;
    };
  const grouped = groupBy(rows, (h) => h.opportunityId);
  const at = deals.map((d) => grouped.get(d.id));
  return (i) => at[i];
}

/** Deal i's rows are rows[first[i]] … rows[first[i + 1] − 1]; undefined for none. */
function rowRanges<T>(rows: readonly T[], first: Int32Array): (position: number) => T[] | undefined {
  return (i) => {
    const a = first[i] as number;
    const b = first[i + 1] as number;
    return a < b ? rows.slice(a, b) : undefined;
  };
}

export function repMatches(rep: Rep, scope: Scope): boolean {
  switch (scope.kind) {
    case "company":
      return true;
    case "team":
      return rep.team?.toLowerCase() === scope.value.toLowerCase();
    case "region":
      return rep.region?.toLowerCase() === scope.value.toLowerCase();
    case "segment":
      return rep.segment?.toLowerCase() === scope.value.toLowerCase();
    case "rep":
      return rep.name.toLowerCase() === scope.value.toLowerCase();
  }
}

/** Company first, then every region, segment and team a rep is in (each sorted), then every rep by name. */
function scopesOf(reps: readonly Rep[]): Scope[] {
  const scopes: Scope[] = [{ kind: "company", value: "" }];
  for (const kind of ["region", "segment", "team"] as const) {
    const values = new Set<string>();
    for (const r of reps) {
      const v = r[kind];
      if (v) values.add(v);
    }
    for (const value of [...values].sort()) scopes.push({ kind, value });
  }
  for (const r of [...reps].sort((a, b) => a.name.localeCompare(b.name)))
    scopes.push({ kind: "rep", value: r.name });
  return scopes;
}

/** A scope's reps and deals, each found once per scope and then remembered. */
function scopeLookups(
  dataset: Dataset,
  dealsByOwner: Map<number, Deal[]>,
): Pick<Prepared, "repsIn" | "dealsIn"> {
  const repCache = new Map<string, Rep[]>();
  const repsIn = (scope: Scope) => {
    const key = scopeKey(scope).toLowerCase();
    let reps = repCache.get(key);
    if (!reps) {
      reps = dataset.reps.filter((r) => repMatches(r, scope));
      repCache.set(key, reps);
    }
    return reps;
  };
  const dealCache = new Map<string, Deal[]>();
  const dealsIn = (scope: Scope) => {
    if (scope.kind === "company") return dataset.deals;
    const key = scopeKey(scope).toLowerCase();
    let deals = dealCache.get(key);
    if (!deals) {
      deals = repsIn(scope).flatMap((r) => dealsByOwner.get(r.id) ?? []);
      dealCache.set(key, deals);
    }
    return deals;
  };
  return { repsIn, dealsIn };
}

function submissionsByScopeOf(submissions: readonly ForecastSubmission[]): Map<string, ForecastSubmission[]> {
  const byScope = new Map<string, ForecastSubmission[]>();
  for (const s of submissions) {
    const key = s.scope.trim().toLowerCase();
    const list = byScope.get(key);
    if (list) list.push(s);
    else byScope.set(key, [s]);
  }
  return byScope;
}

type HistoryIndexes = Pick<
  Prepared,
  "stageOrder" | "stageHistoryOf" | "closeDateHistoryOf" | "stageHistoryFacts" | "stageWinRates"
>;

/**
 * Deal i's rows from history columns as row objects, made when asked: objects made on demand and
 * dropped soon after die young, which costs the garbage collector nothing, where 4.9M kept for the
 * whole refresh cost it seconds at 1M deals.
 */
function columnRows<T>(
  deals: readonly Deal[],
  columns: HistoryColumns,
  make: (dealId: string, value: string, at: string) => T,
): (position: number) => T[] | undefined {
  const { first, value, values, at, instants } = columns;
  return (i) => {
    const a = first[i] as number;
    const b = first[i + 1] as number;
    if (a >= b) return undefined;
    const id = (deals[i] as Deal).id;
    const rows = new Array<T>(b - a);
    for (let r = a; r < b; r++)
      rows[r - a] = make(id, values[value[r] as number] as string, instants[at[r] as number] as string);
    return rows;
  };
}

/** historyIndexes from the store's history columns: no walk over row objects. */
function historyIndexesOfColumns(
  deals: readonly Deal[],
  columns: NonNullable<Dataset["historyColumns"]>,
  today: string,
): HistoryIndexes {
  const order = stageOrder(deals, columns.stage);
  const facts = stageHistoryFactsOfColumns(deals, columns.stage, order);
  return {
    stageOrder: order,
    stageHistoryOf: columnRows(deals, columns.stage, (opportunityId, stage, enteredAt) => ({
      opportunityId,
      stage,
      enteredAt,
    })),
    closeDateHistoryOf: columnRows(deals, columns.closeDate, (opportunityId, closeDate, changedAt) => ({
      opportunityId,
      closeDate,
      changedAt,
    })),
    stageHistoryFacts: facts,
    // given each deal's furthest stage, the rates do not read the history rows
    stageWinRates: stageWinRates(deals, [], today, order, facts.furthest),
  };
}

/** Stage order, each deal's history by position, the stage history facts and the stage win rates. */
function historyIndexes(dataset: Dataset, today: string): HistoryIndexes {
  if (dataset.historyColumns) return historyIndexesOfColumns(dataset.deals, dataset.historyColumns, today);
  const closeDateHistoryOf = historyByPosition(dataset.deals, dataset.closeDateHistory);
  const order = stageOrder(dataset.deals, dataset.stageHistory);
  // The stage history facts (built here rather than at the first analysis reading them) give the
  // rates each deal's furthest stage, and usually each deal's run of stage history rows, without
  // more walks over 3.9M rows at 1M deals. They read history by position only when the rows are
  // out of order, and then it is grouped first.
  let grouped: ((position: number) => StageChange[] | undefined) | undefined;
  const groupedStageHistory = (i: number) => {
    grouped ??= historyByPosition(dataset.deals, dataset.stageHistory);
    return grouped(i);
  };
  const facts = buildStageHistoryFacts(dataset.deals, dataset.stageHistory, order, groupedStageHistory);
  const stageHistoryOf = facts.sameRowsAsDataset
    ? rowRanges(dataset.stageHistory, facts.first)
    : groupedStageHistory;
  return {
    stageOrder: order,
    stageHistoryOf,
    closeDateHistoryOf,
    stageHistoryFacts: facts,
    stageWinRates: stageWinRates(dataset.deals, dataset.stageHistory, today, order, facts.furthest),
  };
}

export function prepare(dataset: Dataset, ctx: AnalysisContext): Prepared {
  const dealsByOwner = groupBy(dataset.deals, (d) => d.ownerId);
  const history = historyIndexes(dataset, ctx.today);
  const quotaOf = quotaLookup(dataset.quotas, ctx.fiscalStartMonth);
  const stageRate = stageRateLookup(history.stageWinRates);
  let backtest: Backtest | undefined;
  const prepared: Prepared = {
    dataset,
    ctx,
    repsById: new Map(dataset.reps.map((r) => [r.id, r])),
    accountsById: new Map(dataset.accounts.map((a) => [a.id, a])),
    quotaOf,
    accountFacts: buildAccountFacts(dataset, ctx.today),
    submissionsByScope: submissionsByScopeOf(dataset.submissions),
    dealsByOwner,
    ...history,
    stageRate,
    scopes: scopesOf(dataset.reps),
    ...scopeLookups(dataset, dealsByOwner),
    periods: standardPeriods(ctx.today, ctx.fiscalStartMonth, ctx.reviewBusinessDays),
    repPeriodFigures: repPeriodFiguresLookup(dataset, ctx.today, quotaOf, stageRate),
    get backtest() {
      backtest ??= computeBacktest(prepared);
      return backtest;
    },
  };
  return prepared;
}
