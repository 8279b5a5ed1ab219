/**
 * The backtest (metrics.md, "Forecast accuracy"): for each completed month and quarter and each
 * horizon h, the bot's own next-period forecast as it would have been made at t = period end − h
 * from the data as it stood then:
 *   - each deal's stage and close date as of t, from stage and close-date history; a deal created
 *     after t does not exist, a deal closed after t is open at t;
 *   - in-period close rates learned only from periods that ended on or before t (close-rates.ts);
 *   - the live ensemble (forecast.ts, methods.ts): stage-weighted, run rate (the 3 periods completed
 *     by t), and the Monte Carlo's expected value (analytic mean rather than draws: won by t +
 *     Σ amount × month close rate, ×SLIP_FACTOR if pushed by t, + mean new business), weighted by
 *     1 / MAPE² on the periods of the same kind and horizon that ended on or before t (equal
 *     weights below MIN_SCORED_PERIODS);
 *   - new business, added to the stage-weighted method and the Monte Carlo alike: the mean, over
 *     past periods of the kind at the same horizon, of the bookings won in the period from deals
 *     not in its pipeline at the cutoff (created after it, or open then with a close date outside
 *     the period). No close rate counts them, and 60 or 90 days out they are half or more of a
 *     month's bookings: left out, every method under-forecast by 20% or more.
 * Refinements, documented: amounts are current amounts (no amount history is kept); without history a
 * deal's current stage and close date stand in (a deal closed now at the first stage) and the
 * contributors say so; the live Monte Carlo also lowers deals older in their stage than the stage's
 * 90th percentile, which the backtest does not rebuild.
 *
 * One pass over the deals fills per-owner arrays; a scope's open pipeline, won-to-date and bookings
 * are the sums over its reps, and its methods and ensemble are then computed per scope (the run
 * rate and the weights are not additive). Computed once per refresh, where Prepared is built.
 */
import type { CloseDateChange, Dataset, Deal, Rep, Scope, StageChange } from "../../domain/crm";
import { scopeKey } from "../../domain/crm";
import { dayNumber } from "../../domain/day-number";
import { addDays, type Period, type PeriodKind } from "../../domain/period";
import { type AccuracyPoint, summarizeAccuracy } from "./accuracy-stats";
import { endOfDay, firstPushDay, rowAsOf } from "./as-of";
import {
  buildCalendar,
  type Calendar,
  HORIZONS,
  monthOfDate,
  periodsOfKind,
  SLIP_FACTOR,
  TREND_PERIODS,
  trendLength,
} from "./calendar";
import {
  addTraining,
  buildCutoffs,
  type CloseRates,
  type CloseRateTraining,
  type Cutoff,
  type Cutoffs,
  closeRatesAt,
  cutoffIndex,
  monthHorizonIndex,
  newTraining,
  type StageIndex,
  stageIndex,
} from "./close-rates";
import { columnsOfRows, type DayColumns, dayColumns } from "./history-days";
import { ensemblePoint, type MethodEstimate, type PeriodBookings, runRateCents } from "./methods";

export { HORIZONS, type Horizon, SLIP_FACTOR, TREND_PERIODS } from "./calendar";

/** A method's backtested MAPE weighs in the ensemble once it covers this many periods with bookings. */
export const MIN_SCORED_PERIODS = 3;

export type DealCategory = "won" | "slipped" | "lost" | "pulled_in_or_new" | "won_before_period";

/** One deal's share of the stage-weighted F − A for a stored period at the 30-day horizon. */
export interface DealVarianceRow {
  dealId: string;
  name: string | null;
  ownerId: number;
  category: DealCategory;
  forecastCents: number;
  actualCents: number;
  contributionCents: number;
  asOfStage: string | null;
  asOfCloseDate: string | null;
  closeDate: string;
  isClosed: boolean;
  usedCurrentValues: boolean;
}

export interface EvalPeriod {
  period: Period;
  /** forecast date t for each horizon, same order as HORIZONS */
  t: string[];
  /** endOfDay(t) for each horizon */
  tEnd: string[];
}

/** What the backtest needs of the prepared dataset (Prepared has it; no import of it here). */
export interface BacktestInput {
  dataset: Dataset;
  ctx: { today: string; fiscalStartMonth: number };
  stageOrder: readonly string[];
  /** read only where dataset.historyColumns is absent: the scan reads the columns (history-days.ts) */
  stageHistoryOf: (position: number) => StageChange[] | undefined;
  closeDateHistoryOf: (position: number) => CloseDateChange[] | undefined;
  scopes: readonly Scope[];
  repsIn: (scope: Scope) => Rep[];
}

/** Month horizons an open deal can be seen at (its month's days left): one per HORIZONS entry. */
const MH = HORIZONS.length;

export interface OwnerSeries {
  /** bookings per calendar month / quarter (Calendar indexes) */
  bookingsMonth: Float64Array;
  bookingsQuarter: Float64Array;
  /** per cutoff: bookings in the period won by t */
  wonToDate: Float64Array;
  /** per cutoff: bookings in the period of deals not in its pipeline at t (the new business) */
  lateWon: Float64Array;
  /** per cutoff × month horizon × stage × pushed (0/1): amount open at t closing in the period */
  open: Float64Array;
}

export interface ScopeBacktest {
  key: string;
  owners: number[] | null;
  bookingsMonth: Float64Array;
  bookingsQuarter: Float64Array;
  /** per cutoff */
  lateWon: Float64Array;
  wonToDate: Float64Array;
  stageWeighted: Float64Array;
  /** NaN where the run rate has no completed period with data */
  runRate: Float64Array;
  monteCarlo: Float64Array;
  /**
   * the ensemble at the trend's periods, index evalIndex × HORIZONS.length + horizonIndex; only
   * there: no other cutoff's is read, and it is the costly figure (its three MAPEs)
   */
  forecast: Float64Array;
  /**
   * per method, per cutoff: its forecast against the period's bookings. Made once per cutoff, as
   * its figures are: each later cutoff's MAPEs read up to 12 of them.
   */
  points: Record<BacktestMethod, AccuracyPoint[]>;
}

export type BacktestMethod = "stage_weighted" | "run_rate" | "monte_carlo";

export interface Backtest {
  cal: Calendar;
  cutoffs: Cutoffs;
  stages: StageIndex;
  training: CloseRateTraining;
  evals: EvalPeriod[];
  evalIndex: Map<string, number>;
  byOwner: Map<number, OwnerSeries>;
  byScope: Map<string, ScopeBacktest>;
  /** deal rows for the stored accuracy periods (previous month, previous quarter), 30-day horizon */
  dealRows: Map<string, DealVarianceRow[]>;
  /** the earliest created date of any deal; periods ending before it have no data */
  firstDataDate: string | null;
  /** per cutoff: the close rates of its kind and horizon as known at t */
  stageRates: CloseRates[];
  /** per cutoff × month horizon: the month close rates as known at t (the Monte Carlo's) */
  monthRates: CloseRates[];
}

function newSeries(cal: Calendar, cutoffs: Cutoffs, width: number): OwnerSeries {
  const n = cutoffs.list.length;
  return {
    bookingsMonth: new Float64Array(cal.months.length),
    bookingsQuarter: new Float64Array(cal.quarters.length),
    wonToDate: new Float64Array(n),
    lateWon: new Float64Array(n),
    open: new Float64Array(n * MH * width * 2),
  };
}

/** Index into OwnerSeries.open. */
function openIndex(
  cutoff: number,
  monthHorizon: number,
  width: number,
  stage: number,
  pushed: number,
): number {
  return ((cutoff * MH + monthHorizon) * width + stage) * 2 + pushed;
}

/** A deal open at a stored period's 30-day cutoff, before its forecast share is known. */
interface PendingRow {
  deal: Deal;
  cutoff: number;
  inForecast: boolean;
  stage: number;
  stageName: string | null;
  closeDate: string | null;
  usedCurrent: boolean;
}

export function computeBacktest(input: BacktestInput): Backtest {
  const { ctx, dataset } = input;
  const cal = buildCalendar(ctx.today, ctx.fiscalStartMonth);
  const cutoffs = buildCutoffs(cal);
  const stages = stageIndex(input.stageOrder, dataset.deals);
  const training = newTraining(cutoffs, stages);
  const evals = trendPeriods(cal);
  const evalIndex = new Map(evals.map((e, i) => [e.period.key, i]));
  const stored = [
    cutoffIndex(cutoffs, "month", cal.currentMonth - 1, 0),
    cutoffIndex(cutoffs, "quarter", cal.currentQuarter - 1, 0),
  ];
  const sc = scanContext(input, { cal, cutoffs, stages, training, stored });
  const byOwner = new Map<number, OwnerSeries>();
  const pending: PendingRow[] = [];
  let firstDataDate: string | null = null;
  for (let di = 0; di < dataset.deals.length; di++) {
    const deal = dataset.deals[di] as Deal;
    if (firstDataDate === null || deal.createdDate < firstDataDate) firstDataDate = deal.createdDate;
    let series = byOwner.get(deal.ownerId);
    if (!series) {
      series = newSeries(cal, cutoffs, training.width);
      byOwner.set(deal.ownerId, series);
    }
    scanDeal(sc, di, series, pending);
  }
  const stageRates = cutoffs.list.map((c) =>
    closeRatesAt(training, cutoffs, stages, c.kind, c.horizonIndex, c.t),
  );
  const monthRates = monthRatesOf(training, cutoffs, stages);
  const bt: Backtest = {
    cal,
    cutoffs,
    stages,
    training,
    evals,
    evalIndex,
    byOwner,
    byScope: new Map(),
    dealRows: dealRowsOf(cutoffs, stored, pending, stageRates),
    firstDataDate,
    stageRates,
    monthRates,
  };
  // what each cutoff knew is the same for every scope: found once, not twice per scope and cutoff
  const known = cutoffs.list.map((c) => cutoffsKnownOn(bt, c.kind, c.horizonIndex, c.t));
  for (const scope of input.scopes) {
    const owners = scope.kind === "company" ? null : input.repsIn(scope).map((r) => r.id);
    const key = scopeKey(scope);
    bt.byScope.set(key, scopeBacktest(bt, key, owners, known));
  }
  return bt;
}

/** The trend's periods: the last 12 completed months, then the last 8 completed quarters. */
function trendPeriods(cal: Calendar): EvalPeriod[] {
  const evals: EvalPeriod[] = [];
  const add = (p: Period) => {
    const t = HORIZONS.map((h) => addDays(p.end, -h));
    evals.push({ period: p, t, tEnd: t.map(endOfDay) });
  };
  for (let i = cal.currentMonth - TREND_PERIODS.month; i < cal.currentMonth; i++)
    add(cal.months[i] as Period);
  for (let i = cal.currentQuarter - TREND_PERIODS.quarter; i < cal.currentQuarter; i++)
    add(cal.quarters[i] as Period);
  return evals;
}

/** Month close rates per cutoff and month horizon, each (horizon, date) computed once. */
function monthRatesOf(training: CloseRateTraining, cutoffs: Cutoffs, stages: StageIndex): CloseRates[] {
  const memo = new Map<string, CloseRates>();
  const out: CloseRates[] = [];
  for (const c of cutoffs.list)
    for (let mh = 0; mh < MH; mh++) {
      const k = `${mh}|${c.t}`;
      let r = memo.get(k);
      if (!r) {
        r = closeRatesAt(training, cutoffs, stages, "month", mh, c.t);
        memo.set(k, r);
      }
      out.push(r);
    }
  return out;
}

interface ScanContext {
  cal: Calendar;
  cutoffs: Cutoffs;
  stages: StageIndex;
  training: CloseRateTraining;
  /** the stored periods' 30-day cutoffs, whose deals become contributor rows */
  stored: number[];
  deals: readonly Deal[];
  stageOrder: readonly string[];
  // Per cutoff as day numbers, made once: the scan compares numbers, not ISO strings per deal.
  /** per cutoff: t, and its period's first and last day */
  tDay: Float64Array;
  startDay: Float64Array;
  endDay: Float64Array;
  /** per cutoff j and calendar month mi, at j × months + mi: monthHorizonIndex(month, t) */
  monthHorizon: Int32Array;
  stageHistory: DayColumns;
  /** per stage-history value: its StageIndex index */
  stageOfValue: Int32Array;
  closeHistory: DayColumns;
  /** per close-date-history value: its day number and its calendar month index (−1 outside) */
  closeDayOfValue: Float64Array;
  closeMonthOfValue: Int32Array;
  /** the candidate periods of the deal being scanned, first `count` entries (one array for all deals) */
  candidates: Int32Array;
  /** per cutoff period: 1 + the position of the last deal that listed it, so each deal lists it once */
  listedBy: Int32Array;
}

type ScanBase = Pick<ScanContext, "cal" | "cutoffs" | "stages" | "training" | "stored">;

/** The scan's lookups, once per backtest; history from the columns, or the rows put into columns. */
function scanContext(input: BacktestInput, base: ScanBase): ScanContext {
  const { cal, cutoffs, stages } = base;
  const deals = input.dataset.deals;
  const columns = input.dataset.historyColumns ?? {
    stage: columnsOfRows(
      deals.length,
      input.stageHistoryOf,
      (h) => h.stage,
      (h) => h.enteredAt,
    ),
    closeDate: columnsOfRows(
      deals.length,
      input.closeDateHistoryOf,
      (h) => h.closeDate,
      (h) => h.changedAt,
    ),
  };
  const list = cutoffs.list;
  const months = cal.months.length;
  const monthHorizon = new Int32Array(list.length * months);
  list.forEach((c, j) => {
    for (let mi = 0; mi < months; mi++)
      monthHorizon[j * months + mi] = monthHorizonIndex(cal.months[mi] as Period, c.t);
  });
  const closeValues = columns.closeDate.values;
  return {
    ...base,
    deals,
    stageOrder: input.stageOrder,
    tDay: Float64Array.from(list, (c) => dayNumber(c.t)),
    startDay: Float64Array.from(list, (c) => dayNumber(c.period.start)),
    endDay: Float64Array.from(list, (c) => dayNumber(c.period.end)),
    monthHorizon,
    stageHistory: dayColumns(columns.stage),
    stageOfValue: Int32Array.from(columns.stage.values, (v) => stages.indexOf(v)),
    closeHistory: dayColumns(columns.closeDate),
    closeDayOfValue: Float64Array.from(closeValues, (v) => dayNumber(v)),
    closeMonthOfValue: Int32Array.from(closeValues, (v) => monthOfDate(cal, v)),
    candidates: new Int32Array(cutoffs.months + cutoffs.quarters),
    listedBy: new Int32Array(cutoffs.months + cutoffs.quarters),
  };
}

/** The deal being scanned: its dates as day numbers, its history rows from … to − 1. */
interface DealDays {
  deal: Deal;
  created: number;
  close: number;
  closeMonth: number;
  stageFrom: number;
  stageTo: number;
  closeFrom: number;
  closeTo: number;
  /** the day it was first pushed, Infinity when never */
  pushed: number;
  /** the row found in force at the latest cutoff day asked so far, and that day */
  stageRow: number;
  stageAsked: number;
  closeRow: number;
  closeAsked: number;
}

/** One deal's bookings, and its state at every cutoff of a period its close dates fall in. */
function scanDeal(sc: ScanContext, di: number, series: OwnerSeries, pending: PendingRow[]): void {
  const deal = sc.deals[di] as Deal;
  const closeMonth = monthOfDate(sc.cal, deal.closeDate);
  if (deal.isWon) addBookings(sc.cal, closeMonth, deal.amountCents, series);
  const ch = sc.closeHistory;
  const closeFrom = ch.first[di] as number;
  const closeTo = ch.first[di + 1] as number;
  let count = addCandidates(sc, di, closeMonth, 0);
  for (let r = closeFrom; r < closeTo; r++)
    count = addCandidates(sc, di, sc.closeMonthOfValue[ch.value[r] as number] as number, count);
  if (count === 0) return;
  const d: DealDays = {
    deal,
    created: dayNumber(deal.createdDate),
    close: dayNumber(deal.closeDate),
    closeMonth,
    stageFrom: sc.stageHistory.first[di] as number,
    stageTo: sc.stageHistory.first[di + 1] as number,
    closeFrom,
    closeTo,
    pushed: firstPushDay(ch, closeFrom, closeTo),
    stageRow: sc.stageHistory.first[di] as number,
    stageAsked: Number.NEGATIVE_INFINITY,
    closeRow: closeFrom,
    closeAsked: Number.NEGATIVE_INFINITY,
  };
  for (let c = 0; c < count; c++) {
    const p = sc.candidates[c] as number;
    // longest horizon first, so t only grows within a period and each walk resumes the last one;
    // a cutoff's sums do not depend on the order (integer cents), and only 30-day cutoffs add rows
    for (let hi = HORIZONS.length - 1; hi >= 0; hi--)
      scanAt(sc, d, p * HORIZONS.length + hi, series, pending);
  }
}

/** The deal at cutoff j: new business, won by t, or open at t closing in the period. */
function scanAt(sc: ScanContext, d: DealDays, j: number, series: OwnerSeries, pending: PendingRow[]): void {
  const { deal } = d;
  const t = sc.tDay[j] as number;
  const start = sc.startDay[j] as number;
  const end = sc.endDay[j] as number;
  const amount = deal.amountCents;
  const wonInP = deal.isWon && d.close >= start && d.close <= end;
  const isStored = j === sc.stored[0] || j === sc.stored[1];
  if (d.created > t) {
    addNewBusiness(sc, d, j, wonInP, isStored, series, pending);
    return;
  }
  if (deal.isClosed && d.close <= t) {
    if (wonInP) series.wonToDate[j] = (series.wonToDate[j] as number) + amount;
    return;
  }
  const ch = sc.closeHistory;
  // the row in force on a later day is never an earlier one: resume from the last day asked
  const cr = rowAsOf(ch, t >= d.closeAsked ? d.closeRow : d.closeFrom, d.closeTo, t);
  if (cr >= 0) {
    d.closeRow = cr;
    d.closeAsked = t;
  }
  const cv = cr < 0 ? -1 : (ch.value[cr] as number);
  const close = cv < 0 ? d.close : (sc.closeDayOfValue[cv] as number);
  // open at t but not expected in the period (slipped in or pulled in later): no close rate
  // counts it, so it is inflow like a deal created after t
  if (close < start || close > end) {
    addNewBusiness(sc, d, j, wonInP, isStored, series, pending);
    return;
  }
  const sh = sc.stageHistory;
  const sr = rowAsOf(sh, t >= d.stageAsked ? d.stageRow : d.stageFrom, d.stageTo, t);
  if (sr >= 0) {
    d.stageRow = sr;
    d.stageAsked = t;
  }
  // A deal closed now but open at t, with no stage history: its stage at t is unknown, and its
  // current (closed) stage would make the backtest look perfect. Assume the first stage.
  const stageName =
    sr >= 0
      ? (sh.values[sh.value[sr] as number] as string)
      : deal.isClosed
        ? (sc.stageOrder[0] ?? deal.stage)
        : deal.stage;
  const s = sr >= 0 ? (sc.stageOfValue[sh.value[sr] as number] as number) : sc.stages.indexOf(stageName);
  const pushed = d.pushed <= t ? 1 : 0;
  const mi = cv < 0 ? d.closeMonth : (sc.closeMonthOfValue[cv] as number);
  const mh = sc.monthHorizon[j * sc.cal.months.length + mi] as number;
  const k = openIndex(j, mh, sc.training.width, s, pushed);
  series.open[k] = (series.open[k] as number) + amount;
  addTraining(sc.training, j, s, amount, wonInP);
  if (isStored) {
    const closeDate = cv < 0 ? deal.closeDate : (ch.values[cv] as string);
    pending.push(row(deal, j, true, s, stageName, closeDate, sr < 0 || cr < 0));
  }
}

/** A deal won in the period that was not in its pipeline at t: the period's new business. */
function addNewBusiness(
  sc: ScanContext,
  d: DealDays,
  j: number,
  wonInP: boolean,
  isStored: boolean,
  series: OwnerSeries,
  pending: PendingRow[],
): void {
  if (!wonInP) return;
  series.lateWon[j] = (series.lateWon[j] as number) + d.deal.amountCents;
  if (isStored) pending.push(row(d.deal, j, false, sc.stages.stages.length, null, null, false));
}

function row(
  deal: Deal,
  cutoff: number,
  inForecast: boolean,
  stage: number,
  stageName: string | null,
  closeDate: string | null,
  usedCurrent: boolean,
): PendingRow {
  return { deal, cutoff, inForecast, stage, stageName, closeDate, usedCurrent };
}

function addBookings(cal: Calendar, mi: number, amountCents: number, series: OwnerSeries): void {
  if (mi < 0) return;
  series.bookingsMonth[mi] = (series.bookingsMonth[mi] as number) + amountCents;
  const qi = cal.quarterOfMonth[mi] as number;
  if (qi >= 0) series.bookingsQuarter[qi] = (series.bookingsQuarter[qi] as number) + amountCents;
}

/**
 * Lists for deal di the completed periods (as cutoff-period indexes) that contain a date of calendar
 * month mi, each once, after the `count` listed so far; gives the new count.
 */
function addCandidates(sc: ScanContext, di: number, mi: number, count: number): number {
  if (mi < 0) return count;
  const { cutoffs } = sc;
  const qi = sc.cal.quarterOfMonth[mi] as number;
  let n = count;
  if (mi < cutoffs.months) n = listOnce(sc, di, mi, n);
  if (qi >= 0 && qi < cutoffs.quarters) n = listOnce(sc, di, cutoffs.months + qi, n);
  return n;
}

function listOnce(sc: ScanContext, di: number, period: number, count: number): number {
  if (sc.listedBy[period] === di + 1) return count;
  sc.listedBy[period] = di + 1;
  sc.candidates[count] = period;
  return count + 1;
}

/** Contributor rows of the stored periods, each open deal weighted by its cutoff's stage rate. */
function dealRowsOf(
  cutoffs: Cutoffs,
  stored: number[],
  pending: readonly PendingRow[],
  stageRates: readonly CloseRates[],
): Map<string, DealVarianceRow[]> {
  const rows = new Map<string, DealVarianceRow[]>(
    stored.map((j) => [(cutoffs.list[j] as Cutoff).period.key, [] as DealVarianceRow[]]),
  );
  for (const p of pending) {
    const c = cutoffs.list[p.cutoff] as Cutoff;
    const rate = p.inForecast ? ((stageRates[p.cutoff] as CloseRates).rate[p.stage] as number) : 0;
    const r = varianceRow(p, c.period, p.inForecast ? Math.round(p.deal.amountCents * rate) : 0);
    if (r) rows.get(c.period.key)?.push(r);
  }
  return rows;
}

function varianceRow(p: PendingRow, period: Period, forecastCents: number): DealVarianceRow | null {
  const { deal } = p;
  const wonInP = deal.isWon && deal.closeDate >= period.start && deal.closeDate <= period.end;
  const actual = wonInP ? deal.amountCents : 0;
  let category: DealCategory;
  if (!p.inForecast) category = "pulled_in_or_new";
  else if (wonInP) category = "won";
  else if (deal.isClosed && deal.closeDate <= period.end)
    category = deal.isWon ? "won_before_period" : "lost";
  else category = "slipped";
  const contribution = forecastCents - actual;
  if (contribution === 0 && category !== "slipped" && category !== "lost") return null;
  return {
    dealId: deal.id,
    name: deal.name,
    ownerId: deal.ownerId,
    category,
    forecastCents,
    actualCents: actual,
    contributionCents: contribution,
    asOfStage: p.stageName,
    asOfCloseDate: p.closeDate,
    closeDate: deal.closeDate,
    isClosed: deal.isClosed,
    usedCurrentValues: p.usedCurrent,
  };
}

/** Sums one per-owner array over a scope's reps (null = every owner, the company). */
export function sumOwners(
  bt: Pick<Backtest, "byOwner">,
  ownerIds: readonly number[] | null,
  pick: (s: OwnerSeries) => Float64Array,
  length: number,
): Float64Array {
  const out = new Float64Array(length);
  if (ownerIds === null) for (const s of bt.byOwner.values()) addArray(out, pick(s));
  else
    for (const id of ownerIds) {
      const s = bt.byOwner.get(id);
      if (s) addArray(out, pick(s));
    }
  return out;
}

/** out[i] += a[i] over out's length: one small loop shared by every array summed, not a closure per call. */
function addArray(out: Float64Array, a: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (a[i] as number);
}

/**
 * A scope's backtest: its reps' arrays summed, then every method at every cutoff, and the ensemble
 * at the trend's (60 of the 144 cutoffs).
 */
function scopeBacktest(
  bt: Backtest,
  key: string,
  owners: number[] | null,
  known: readonly KnownCutoff[][],
): ScopeBacktest {
  const n = bt.cutoffs.list.length;
  const openLength = n * MH * bt.training.width * 2;
  const open = sumOwners(bt, owners, (s) => s.open, openLength);
  const sb: ScopeBacktest = {
    key,
    owners,
    bookingsMonth: sumOwners(bt, owners, (s) => s.bookingsMonth, bt.cal.months.length),
    bookingsQuarter: sumOwners(bt, owners, (s) => s.bookingsQuarter, bt.cal.quarters.length),
    lateWon: sumOwners(bt, owners, (s) => s.lateWon, n),
    wonToDate: sumOwners(bt, owners, (s) => s.wonToDate, n),
    stageWeighted: new Float64Array(n),
    runRate: new Float64Array(n),
    monteCarlo: new Float64Array(n),
    forecast: new Float64Array(bt.evals.length * HORIZONS.length),
    points: { stage_weighted: [], run_rate: [], monte_carlo: [] },
  };
  for (let j = 0; j < n; j++) methodsAt(bt, sb, open, j, known[j] as KnownCutoff[]);
  // filled anew at each cutoff: one set per scope rather than one per cutoff
  const estimates: CutoffEstimates = [
    { method: "stage_weighted", valueCents: 0, backtestMape: null },
    { method: "run_rate", valueCents: null, backtestMape: null },
    { method: "monte_carlo", valueCents: 0, backtestMape: null },
  ];
  bt.evals.forEach((ev, e) => {
    const at = bt.cal.byKey.get(ev.period.key);
    if (!at) return;
    for (let hi = 0; hi < HORIZONS.length; hi++) {
      const j = cutoffIndex(bt.cutoffs, at.kind, at.index, hi);
      sb.forecast[e * HORIZONS.length + hi] = ensembleAt(sb, j, known[j] as KnownCutoff[], estimates);
    }
  });
  return sb;
}

/** The three methods' estimates at a cutoff, in the order of BacktestMethod. */
type CutoffEstimates = [MethodEstimate, MethodEstimate, MethodEstimate];

/**
 * The ensemble at cutoff j, weighted by each method's MAPE on the cutoffs `known` at it (those of
 * earlier periods, whose points are made); `estimates`: filled here.
 */
function ensembleAt(
  sb: ScopeBacktest,
  j: number,
  known: readonly KnownCutoff[],
  estimates: CutoffEstimates,
): number {
  const { points } = sb;
  const [swe, rre, mce] = estimates;
  swe.valueCents = (points.stage_weighted[j] as AccuracyPoint).forecastCents;
  swe.backtestMape = mapeOf(points.stage_weighted, known);
  rre.valueCents = (points.run_rate[j] as AccuracyPoint).forecastCents;
  rre.backtestMape = mapeOf(points.run_rate, known);
  mce.valueCents = (points.monte_carlo[j] as AccuracyPoint).forecastCents;
  mce.backtestMape = mapeOf(points.monte_carlo, known);
  return ensemblePoint(estimates);
}

/** The methods at cutoff j and its accuracy points; `known`: cutoffsKnownOn at its kind, horizon and t. */
function methodsAt(
  bt: Backtest,
  sb: ScopeBacktest,
  open: Float64Array,
  j: number,
  known: readonly KnownCutoff[],
): void {
  const c = bt.cutoffs.list[j] as Cutoff;
  const w = bt.training.width;
  const sw = (bt.stageRates[j] as CloseRates).rate;
  let weighted = 0;
  let drawn = 0;
  for (let mh = 0; mh < MH; mh++) {
    const mc = (bt.monthRates[j * MH + mh] as CloseRates).rate;
    for (let s = 0; s < w; s++)
      for (let p = 0; p < 2; p++) {
        const a = open[openIndex(j, mh, w, s, p)] as number;
        if (a === 0) continue;
        weighted += a * (sw[s] as number);
        drawn += a * (mc[s] as number) * (p ? SLIP_FACTOR : 1);
      }
  }
  const won = sb.wonToDate[j] as number;
  const poolMean = newBusinessMean(sb, known);
  const stageWeighted = Math.round(won + weighted + poolMean);
  const monteCarlo = Math.round(won + drawn + poolMean);
  const periods = periodsOfKind(bt.cal, c.kind);
  const bookings = bookingsOf(sb, c.kind);
  const rr = runRateCents(periods, bookings, c.calIndex, c.lastCompleted, bt.firstDataDate);
  // floored at won to date, as the live run rate
  const runRate = rr === null ? null : Math.max(rr, won);
  sb.stageWeighted[j] = stageWeighted;
  sb.monteCarlo[j] = monteCarlo;
  sb.runRate[j] = runRate ?? Number.NaN;
  const period = c.period.key;
  const actualCents = bookings[c.calIndex] as number;
  sb.points.stage_weighted[j] = { period, forecastCents: stageWeighted, actualCents };
  sb.points.run_rate[j] = { period, forecastCents: runRate, actualCents };
  sb.points.monte_carlo[j] = { period, forecastCents: monteCarlo, actualCents };
}

export type MethodMapes = Record<BacktestMethod, number | null> & {
  periods: string[];
};

export function bookingsOf(sb: ScopeBacktest, kind: PeriodKind): Float64Array {
  return kind === "quarter" ? sb.bookingsQuarter : sb.bookingsMonth;
}

/**
 * Each method's backtested MAPE at a kind and horizon as known on `date`: over the latest
 * TREND_PERIODS completed periods that ended on or before it (and that the data reaches); null for
 * a method with fewer than MIN_SCORED_PERIODS periods with bookings.
 */
export function methodMapes(
  bt: Backtest,
  sb: ScopeBacktest,
  kind: PeriodKind,
  horizonIndex: number,
  date: string,
): MethodMapes {
  const known = cutoffsKnownOn(bt, kind, horizonIndex, date);
  return {
    stage_weighted: mapeOf(sb.points.stage_weighted, known),
    run_rate: mapeOf(sb.points.run_rate, known),
    monte_carlo: mapeOf(sb.points.monte_carlo, known),
    periods: known.map((k) => k.cutoff.period.key).reverse(),
  };
}

/** A method's MAPE over the known cutoffs' points (newest first), null below MIN_SCORED_PERIODS. */
function mapeOf(points: readonly AccuracyPoint[], known: readonly KnownCutoff[]): number | null {
  const s = summarizeAccuracy(known.map((k) => points[k.j] as AccuracyPoint));
  return s.periodsAveraged >= MIN_SCORED_PERIODS ? s.mape : null;
}

/**
 * The Monte Carlo's new-business pool as known on `date`: for each of the latest TREND_PERIODS
 * completed periods of the kind that ended by then (and that the data reaches), the bookings of
 * deals created after that period's cutoff at the same horizon.
 */
export function newBusinessAt(
  bt: Backtest,
  sb: ScopeBacktest,
  kind: PeriodKind,
  horizonIndex: number,
  date: string,
): PeriodBookings[] {
  return newBusinessOver(sb, cutoffsKnownOn(bt, kind, horizonIndex, date));
}

function newBusinessOver(sb: ScopeBacktest, known: readonly KnownCutoff[]): PeriodBookings[] {
  return known
    .map(({ j, cutoff }) => ({ period: cutoff.period.key, bookingsCents: sb.lateWon[j] as number }))
    .reverse();
}

/** The mean of newBusinessOver's pool (0 when empty), summed in its order, without making it. */
function newBusinessMean(sb: ScopeBacktest, known: readonly KnownCutoff[]): number {
  let sum = 0;
  for (let k = known.length - 1; k >= 0; k--) sum += sb.lateWon[(known[k] as KnownCutoff).j] as number;
  return known.length ? sum / known.length : 0;
}

interface KnownCutoff {
  i: number;
  j: number;
  cutoff: Cutoff;
}

/**
 * The latest TREND_PERIODS completed periods of the kind, at the horizon, that ended on or before
 * `date` and that the data reaches, newest first: `i` indexes the kind's bookings, `j` the cutoffs.
 * Both the methods' MAPEs and the new-business pool read what was known on `date` through it.
 */
function cutoffsKnownOn(bt: Backtest, kind: PeriodKind, horizonIndex: number, date: string): KnownCutoff[] {
  const out: KnownCutoff[] = [];
  const n = kind === "quarter" ? bt.cutoffs.quarters : bt.cutoffs.months;
  for (let i = n - 1; i >= 0 && out.length < trendLength(kind); i--) {
    const j = cutoffIndex(bt.cutoffs, kind, i, horizonIndex);
    const cutoff = bt.cutoffs.list[j] as Cutoff;
    if (cutoff.period.end > date) continue;
    if (bt.firstDataDate === null || cutoff.period.end < bt.firstDataDate) break;
    out.push({ i, j, cutoff });
  }
  return out;
}

/** The scope's backtest (computed for every scope of the refresh). */
export function scopeBacktestOf(bt: Backtest, scope: Scope): ScopeBacktest {
  const sb = bt.byScope.get(scopeKey(scope));
  if (!sb) throw new Error(`no backtest for scope ${scopeKey(scope)}`);
  return sb;
}
