/**
 * The backtest: for each completed month and quarter of the trend window and each horizon h, the
 * forecast the stage-weighted method would have made at t = period end − h, rebuilt from stage and
 * close-date history (metrics.md, "Forecast accuracy"):
 *   F = bookings already won in P by t + Σ (amount × stage win rate of its as-of stage)
 *       over deals open at t (created ≤ t, not closed by t) whose as-of close date is in P.
 * Each deal's share is rounded to the cent before summing, so F is a sum of integer cents and the
 * variance contributors add up to F − A exactly.
 * Without history a deal's current stage and close date stand in (and the result says so), except
 * that a deal closed now is assumed to have been at the first stage, as stage win rates assume.
 * Refinements, documented here: today's stage win rates are applied to past pipelines (history of
 * the rates themselves is not kept); amounts are current amounts (no amount history is kept).
 *
 * One pass over the deals fills per-owner arrays; a scope's figure is the sum over its reps, so
 * every scope costs a few array additions rather than another pass. Memoized per Prepared, since
 * both forecast analyses read it.
 */
import type { Deal } from "../../domain/crm";
import { addDays, type Period } from "../../domain/period";
import type { Prepared } from "../prepare/prepare";
import { closeDateAsOf, endOfDay, firstPushDate, hasHistory, stageAsOf, stageLookups } from "./as-of";
import { buildCalendar, type Calendar, monthOfDate } from "./calendar";

export const HORIZONS = [30, 60, 90] as const;
export type Horizon = (typeof HORIZONS)[number];
/** Win-probability multiplier for deals pushed before, or older in their stage than the 90th percentile. */
export const SLIP_FACTOR = 0.7;
/** Completed periods in the accuracy trend (metrics: the last 6–12 of the same kind). */
export const TREND_PERIODS = { month: 12, quarter: 8 } as const;

export type DealCategory = "won" | "slipped" | "lost" | "pulled_in_or_new" | "won_before_period";

/** One deal's share of F − A for a stored period at the 30-day horizon. */
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

export interface OwnerSeries {
  /** backtest F, index evalIndex × HORIZONS.length + horizonIndex */
  forecast: Float64Array;
  /** the same with the slip factor on deals pushed by t (the Monte Carlo's expected value, backtested) */
  forecastSlipped: Float64Array;
  /** deals in F whose stage or close date came from current values for lack of history */
  usedCurrent: Float64Array;
  /** bookings per calendar month / quarter (Calendar indexes) */
  bookingsMonth: Float64Array;
  bookingsQuarter: Float64Array;
  /** bookings of deals created and won within the same period */
  createdWonMonth: Float64Array;
  createdWonQuarter: Float64Array;
}

export interface Backtest {
  cal: Calendar;
  evals: EvalPeriod[];
  evalIndex: Map<string, number>;
  byOwner: Map<number, OwnerSeries>;
  /** deal rows for the stored accuracy periods (previous month, previous quarter), 30-day horizon */
  dealRows: Map<string, DealVarianceRow[]>;
  /** the earliest created date of any deal; periods ending before it have no data */
  firstDataDate: string | null;
}

const cache = new WeakMap<Prepared, Backtest>();

export function backtestFor(prepared: Prepared): Backtest {
  let bt = cache.get(prepared);
  if (!bt) {
    bt = computeBacktest(prepared);
    cache.set(prepared, bt);
  }
  return bt;
}

function newSeries(cal: Calendar, evals: number): OwnerSeries {
  const n = evals * HORIZONS.length;
  return {
    forecast: new Float64Array(n),
    forecastSlipped: new Float64Array(n),
    usedCurrent: new Float64Array(n),
    bookingsMonth: new Float64Array(cal.months.length),
    bookingsQuarter: new Float64Array(cal.quarters.length),
    createdWonMonth: new Float64Array(cal.months.length),
    createdWonQuarter: new Float64Array(cal.quarters.length),
  };
}

/** Scratch result of one evaluation, reused to keep the per-deal loop allocation-free. */
interface Evaluation {
  inForecast: boolean;
  wonByT: boolean;
  forecast: number;
  forecastSlipped: number;
  usedCurrent: boolean;
  stage: string | null;
  closeDate: string | null;
}

function computeBacktest(prepared: Prepared): Backtest {
  const { ctx, dataset } = prepared;
  const cal = buildCalendar(ctx.today, ctx.fiscalStartMonth);
  const evals: EvalPeriod[] = [];
  const evalOfMonth = new Int32Array(cal.months.length).fill(-1);
  const evalOfQuarter = new Int32Array(cal.quarters.length).fill(-1);
  for (let i = cal.currentMonth - TREND_PERIODS.month; i < cal.currentMonth; i++) {
    evalOfMonth[i] = evals.length;
    evals.push(evalPeriod(cal.months[i] as Period));
  }
  for (let i = cal.currentQuarter - TREND_PERIODS.quarter; i < cal.currentQuarter; i++) {
    evalOfQuarter[i] = evals.length;
    evals.push(evalPeriod(cal.quarters[i] as Period));
  }
  const evalIndex = new Map(evals.map((e, i) => [e.period.key, i]));
  const storedMonth = evalOfMonth[cal.currentMonth - 1] as number;
  const storedQuarter = evalOfQuarter[cal.currentQuarter - 1] as number;
  const dealRows = new Map<string, DealVarianceRow[]>([
    [(evals[storedMonth] as EvalPeriod).period.key, []],
    [(evals[storedQuarter] as EvalPeriod).period.key, []],
  ]);

  const byOwner = new Map<number, OwnerSeries>();
  let firstDataDate: string | null = null;
  const scratch: Evaluation = {
    inForecast: false,
    wonByT: false,
    forecast: 0,
    forecastSlipped: 0,
    usedCurrent: false,
    stage: null,
    closeDate: null,
  };
  const candidateEvals: number[] = [];
  const H = HORIZONS.length;
  const stages = stageLookups(prepared.stageRate);
  // forecast dates: HORIZONS ascend, so t[0] is each period's latest
  let latestT = "";
  for (const ev of evals) if ((ev.t[0] as string) > latestT) latestT = ev.t[0] as string;

  for (let di = 0; di < dataset.deals.length; di++) {
    const deal = dataset.deals[di] as Deal;
    if (firstDataDate === null || deal.createdDate < firstDataDate) firstDataDate = deal.createdDate;
    let series = byOwner.get(deal.ownerId);
    if (!series) {
      series = newSeries(cal, evals.length);
      byOwner.set(deal.ownerId, series);
    }
    const amount = deal.amountCents;
    if (deal.isWon) {
      const mi = monthOfDate(cal, deal.closeDate);
      if (mi >= 0) {
        series.bookingsMonth[mi] = (series.bookingsMonth[mi] as number) + amount;
        const qi = cal.quarterOfMonth[mi] as number;
        if (qi >= 0) series.bookingsQuarter[qi] = (series.bookingsQuarter[qi] as number) + amount;
        const ci = monthOfDate(cal, deal.createdDate);
        if (ci === mi) series.createdWonMonth[mi] = (series.createdWonMonth[mi] as number) + amount;
        if (qi >= 0 && ci >= 0 && cal.quarterOfMonth[ci] === qi)
          series.createdWonQuarter[qi] = (series.createdWonQuarter[qi] as number) + amount;
      }
    }

    // Open or lost deals created after the last forecast date were in no forecast and booked
    // nothing: no history read.
    if (!deal.isWon && deal.createdDate > latestT) continue;
    // The periods this deal could count in: those of its current and past close dates.
    const closeHistory = prepared.closeDateHistoryOf(di);
    candidateEvals.length = 0;
    addCandidates(cal, deal.closeDate, evalOfMonth, evalOfQuarter, candidateEvals);
    if (closeHistory)
      for (const h of closeHistory)
        addCandidates(cal, h.closeDate, evalOfMonth, evalOfQuarter, candidateEvals);
    if (candidateEvals.length === 0) continue;

    // Stage history matters only where the deal was open at a forecast date.
    let earliestT = latestT;
    for (const e of candidateEvals) {
      const t = (evals[e] as EvalPeriod).t[H - 1] as string;
      if (t < earliestT) earliestT = t;
    }
    const closedThroughout = deal.isClosed && deal.closeDate <= earliestT;
    const stageHistory = closedThroughout ? undefined : prepared.stageHistoryOf(di);
    const pushedOn = firstPushDate(closeHistory);
    for (const e of candidateEvals) {
      const ev = evals[e] as EvalPeriod;
      for (let h = 0; h < H; h++) {
        evaluate(
          prepared,
          stages,
          deal,
          ev.period,
          ev.t[h] as string,
          ev.tEnd[h] as string,
          stageHistory,
          closeHistory,
          pushedOn,
          scratch,
        );
        if (scratch.forecast !== 0 || scratch.forecastSlipped !== 0) {
          const k = e * H + h;
          series.forecast[k] = (series.forecast[k] as number) + scratch.forecast;
          series.forecastSlipped[k] = (series.forecastSlipped[k] as number) + scratch.forecastSlipped;
          if (scratch.usedCurrent) series.usedCurrent[k] = (series.usedCurrent[k] as number) + 1;
        }
        if (h === 0 && (e === storedMonth || e === storedQuarter)) {
          const row = varianceRow(deal, ev.period, scratch);
          if (row) dealRows.get(ev.period.key)?.push(row);
        }
      }
    }
  }
  return { cal, evals, evalIndex, byOwner, dealRows, firstDataDate };
}

function evalPeriod(period: Period): EvalPeriod {
  const t = HORIZONS.map((h) => addDays(period.end, -h));
  return { period, t, tEnd: t.map(endOfDay) };
}

function addCandidates(
  cal: Calendar,
  date: string,
  evalOfMonth: Int32Array,
  evalOfQuarter: Int32Array,
  out: number[],
): void {
  const mi = monthOfDate(cal, date);
  if (mi < 0) return;
  const em = evalOfMonth[mi] as number;
  if (em >= 0 && !out.includes(em)) out.push(em);
  const qi = cal.quarterOfMonth[mi] as number;
  const eq = qi >= 0 ? (evalOfQuarter[qi] as number) : -1;
  if (eq >= 0 && !out.includes(eq)) out.push(eq);
}

/** What the deal contributed to the forecast for `period` made at `t`. */
function evaluate(
  prepared: Prepared,
  stages: ReturnType<typeof stageLookups>,
  deal: Deal,
  period: Period,
  t: string,
  tEnd: string,
  stageHistory: Parameters<typeof stageAsOf>[0],
  closeHistory: Parameters<typeof closeDateAsOf>[0],
  pushedOn: string | null,
  out: Evaluation,
): void {
  out.inForecast = false;
  out.wonByT = false;
  out.forecast = 0;
  out.forecastSlipped = 0;
  out.usedCurrent = false;
  out.stage = null;
  out.closeDate = null;
  if (deal.createdDate > t) return;
  if (deal.isClosed && deal.closeDate <= t) {
    // Closed by t: counts only as bookings already won in P.
    if (deal.isWon && deal.closeDate >= period.start && deal.closeDate <= period.end) {
      out.inForecast = true;
      out.wonByT = true;
      out.forecast = deal.amountCents;
      out.forecastSlipped = deal.amountCents;
      out.stage = deal.stage;
      out.closeDate = deal.closeDate;
    }
    return;
  }
  const close = closeDateAsOf(closeHistory, tEnd, deal.closeDate);
  if (close < period.start || close > period.end) return;
  const stage = stageAsOf(stageHistory, tEnd, deal.stage);
  const stageKnown = hasHistory(stageHistory);
  // A deal closed now but open at t, with no stage history: its stage at t is unknown, and its
  // current (closed) stage would make the backtest look perfect. Like stage win rates, assume the
  // first stage of the funnel.
  const stageName = !stageKnown && stages.isClosed(stage) ? (prepared.stageOrder[0] ?? stage) : stage;
  const probability = stageName === deal.stage ? deal.probability : null;
  const rate = stages.probability(stageName, probability);
  const pushed = pushedOn !== null && pushedOn <= t;
  out.inForecast = true;
  out.forecast = Math.round(deal.amountCents * rate);
  out.forecastSlipped = pushed ? Math.round(deal.amountCents * rate * SLIP_FACTOR) : out.forecast;
  out.usedCurrent = !stageKnown || !hasHistory(closeHistory);
  out.stage = stageName;
  out.closeDate = close;
}

function varianceRow(deal: Deal, period: Period, ev: Evaluation): DealVarianceRow | null {
  const wonInP = deal.isWon && deal.closeDate >= period.start && deal.closeDate <= period.end;
  const actual = wonInP ? deal.amountCents : 0;
  if (ev.wonByT) return null; // forecast = actual, contributes nothing
  if (!ev.inForecast && actual === 0) return null;
  let category: DealCategory;
  if (!ev.inForecast) category = "pulled_in_or_new";
  else if (wonInP) category = "won";
  else if (deal.isClosed && deal.closeDate <= period.end)
    category = deal.isWon ? "won_before_period" : "lost";
  else category = "slipped";
  const contribution = ev.forecast - actual;
  if (contribution === 0 && category !== "slipped" && category !== "lost") return null;
  return {
    dealId: deal.id,
    name: deal.name,
    ownerId: deal.ownerId,
    category,
    forecastCents: ev.forecast,
    actualCents: actual,
    contributionCents: contribution,
    asOfStage: ev.stage,
    asOfCloseDate: ev.closeDate,
    closeDate: deal.closeDate,
    isClosed: deal.isClosed,
    usedCurrentValues: ev.usedCurrent,
  };
}

/** Sums one per-owner array over a scope's reps (null = every owner, the company). */
export function sumOwners(
  bt: Backtest,
  ownerIds: readonly number[] | null,
  pick: (s: OwnerSeries) => Float64Array,
  length: number,
): Float64Array {
  const out = new Float64Array(length);
  const add = (s: OwnerSeries | undefined) => {
    if (!s) return;
    const a = pick(s);
    for (let i = 0; i < length; i++) out[i] = (out[i] as number) + (a[i] as number);
  };
  if (ownerIds === null) for (const s of bt.byOwner.values()) add(s);
  else for (const id of ownerIds) add(bt.byOwner.get(id));
  return out;
}
