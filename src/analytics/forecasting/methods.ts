/**
 * The run-rate method, the new-business pool of the Monte Carlo, and the ensemble weights
 * (metrics.md, "Next-period forecast").
 */
import type { ForecastMethod } from "../../domain/analyses/forecast";
import { addDays, type Period } from "../../domain/period";
import { TREND_PERIODS } from "./calendar";

export interface PeriodBookings {
  period: string;
  bookingsCents: number;
}

export interface RunRate {
  amountCents: number | null;
  reason: string | null;
  meanCents: number | null;
  basePeriods: PeriodBookings[];
  seasonal: {
    factor: number | null;
    samePeriodLastYear: string;
    samePeriodLastYearCents: number | null;
    previousPeriods: PeriodBookings[];
    reason: string | null;
  };
}

/** Periods in a year for the kind: 12 months or 4 quarters. */
export function yearStep(kind: Period["kind"]): number {
  return kind === "month" ? 12 : kind === "quarter" ? 4 : 1;
}

function hasData(p: Period | undefined, firstDataDate: string | null): p is Period {
  return p !== undefined && firstDataDate !== null && p.end >= firstDataDate;
}

/**
 * A period whose bookings are comparable for the seasonal factor: it starts a longest horizon after
 * the first deal was created. Before that, deals closing in it were still being entered, its
 * bookings come out low, and the factor (same period last year over its previous 3) came out 3–5×
 * on generated orgs, putting a run rate of 4× the month's bookings into the blend.
 */
function rampedUp(p: Period, firstDataDate: string | null): boolean {
  return firstDataDate !== null && p.start >= addDays(firstDataDate, RAMP_UP_DAYS);
}

/** The longest forecast horizon: a deal closing in a period is usually created within it before. */
const RAMP_UP_DAYS = 90;

/**
 * Run rate for the period at `target`: the mean bookings of the 3 completed periods ending at
 * `lastCompleted` (those the data reaches), scaled by Bookings(same period last year) over the mean of
 * that period's previous 3 when the data reaches back that far and that mean is above zero.
 */
export function runRate(
  periods: readonly Period[],
  bookings: Float64Array,
  target: number,
  lastCompleted: number,
  firstDataDate: string | null,
): RunRate {
  const step = yearStep((periods[target] as Period).kind);
  const lastYear = target - step;
  const lastYearKey = lastYear >= 0 ? (periods[lastYear] as Period).key : "";
  const base: PeriodBookings[] = [];
  for (let i = lastCompleted - 2; i <= lastCompleted; i++) {
    const p = periods[i];
    if (hasData(p, firstDataDate)) base.push({ period: p.key, bookingsCents: bookings[i] ?? 0 });
  }
  const seasonal: RunRate["seasonal"] = {
    factor: null,
    samePeriodLastYear: lastYearKey,
    samePeriodLastYearCents: null,
    previousPeriods: [],
    reason: null,
  };
  if (base.length === 0) {
    seasonal.reason = "no history";
    return {
      amountCents: null,
      reason: "no completed period with data yet",
      meanCents: null,
      basePeriods: [],
      seasonal,
    };
  }
  const mean = baseMean(periods, bookings, lastCompleted, firstDataDate) as number;
  const first = periods[lastYear - 3];
  const comparable = seasonalComparable(periods, lastYear, firstDataDate);
  if (comparable === "short") {
    seasonal.reason = "less than a year of history: run rate not scaled";
  } else if (comparable === "ramping") {
    seasonal.reason = `${(first as Period).key} starts less than ${RAMP_UP_DAYS} days after the first deal was created, so its bookings are not yet comparable: run rate not scaled`;
  } else {
    for (let i = lastYear - 3; i < lastYear; i++)
      seasonal.previousPeriods.push({ period: (periods[i] as Period).key, bookingsCents: bookings[i] ?? 0 });
    seasonal.samePeriodLastYearCents = bookings[lastYear] ?? 0;
    seasonal.factor = seasonalFactor(bookings, lastYear);
    if (seasonal.factor === null)
      seasonal.reason = `no bookings in the 3 periods before ${lastYearKey}: run rate not scaled`;
  }
  return {
    amountCents: runRateCents(periods, bookings, target, lastCompleted, firstDataDate),
    reason: base.length < 3 ? `mean of ${base.length} period(s): the data starts later` : null,
    meanCents: Math.round(mean),
    basePeriods: base,
    seasonal,
  };
}

/**
 * runRate's amount alone, without its explanation: the backtest takes one per scope and cutoff
 * (7,600 on the sample), where the explanation's lists, objects and strings cost ~10 ms a refresh.
 */
export function runRateCents(
  periods: readonly Period[],
  bookings: Float64Array,
  target: number,
  lastCompleted: number,
  firstDataDate: string | null,
): number | null {
  const mean = baseMean(periods, bookings, lastCompleted, firstDataDate);
  if (mean === null) return null;
  const lastYear = target - yearStep((periods[target] as Period).kind);
  const factor =
    seasonalComparable(periods, lastYear, firstDataDate) === "yes"
      ? seasonalFactor(bookings, lastYear)
      : null;
  return Math.round(mean * (factor ?? 1));
}

/** The mean bookings of the 3 periods ending at lastCompleted that the data reaches; null for none. */
function baseMean(
  periods: readonly Period[],
  bookings: Float64Array,
  lastCompleted: number,
  firstDataDate: string | null,
): number | null {
  let sum = 0;
  let n = 0;
  for (let i = lastCompleted - 2; i <= lastCompleted; i++)
    if (hasData(periods[i], firstDataDate)) {
      sum += bookings[i] ?? 0;
      n++;
    }
  return n > 0 ? sum / n : null;
}

/**
 * Whether the 3 periods before last year's can scale the run rate: "short" when the data does not
 * reach the first of them, "ramping" when it starts within RAMP_UP_DAYS of the first deal.
 */
function seasonalComparable(
  periods: readonly Period[],
  lastYear: number,
  firstDataDate: string | null,
): "yes" | "short" | "ramping" {
  const first = periods[lastYear - 3];
  if (lastYear - 3 < 0 || !hasData(first, firstDataDate)) return "short";
  return rampedUp(first, firstDataDate) ? "yes" : "ramping";
}

/** Bookings(same period last year) over the mean of its previous 3; null when that mean is not above 0. */
function seasonalFactor(bookings: Float64Array, lastYear: number): number | null {
  let sum = 0;
  for (let i = lastYear - 3; i < lastYear; i++) sum += bookings[i] ?? 0;
  const prevMean = sum / 3;
  return prevMean > 0 ? (bookings[lastYear] ?? 0) / prevMean : null;
}

/** The Monte Carlo's new-business pool: created-and-won bookings of recent completed periods with data. */
export function newBusinessPool(
  periods: readonly Period[],
  createdWon: Float64Array,
  lastCompleted: number,
  firstDataDate: string | null,
): PeriodBookings[] {
  const n = periods[lastCompleted]?.kind === "quarter" ? TREND_PERIODS.quarter : TREND_PERIODS.month;
  const pool: PeriodBookings[] = [];
  for (let i = Math.max(0, lastCompleted - n + 1); i <= lastCompleted; i++) {
    const p = periods[i];
    if (hasData(p, firstDataDate)) pool.push({ period: p.key, bookingsCents: createdWon[i] ?? 0 });
  }
  return pool;
}

/** A MAPE of zero would take all the weight; this floor keeps the other methods in the blend. */
export const MAPE_FLOOR = 0.01;

export interface MethodEstimate {
  method: ForecastMethod;
  valueCents: number | null;
  backtestMape: number | null;
}

export interface EnsembleWeights {
  pointCents: number;
  weighting: "inverse_backtested_mape" | "equal";
  reason: string | null;
  weights: {
    method: ForecastMethod;
    valueCents: number | null;
    weight: number;
    backtestMape: number | null;
  }[];
}

/**
 * Ensemble point = Σ weight × method value, weights ∝ 1 / backtested MAPE² (floored at 1%), over the
 * methods that produced a value; equal weights when any of those has no backtested MAPE. The square
 * is inverse-variance weighting (the MAPE standing for each method's error spread): a method twice
 * as far off gets a quarter of the weight, so a noisy run rate no longer drags a better method down.
 */
export function ensemble(estimates: readonly MethodEstimate[]): EnsembleWeights {
  const w = new Float64Array(estimates.length);
  const allScored = weightsInto(estimates, w);
  const usable = estimates.filter((e) => e.valueCents !== null);
  const missing = usable.filter((e) => e.backtestMape === null).map((e) => e.method);
  return {
    pointCents: pointOf(estimates, w),
    weighting: allScored ? "inverse_backtested_mape" : "equal",
    reason: allScored
      ? null
      : usable.length === 0
        ? "no method produced a value"
        : `equal weights: no backtested MAPE for ${missing.join(", ")} (no completed period with bookings)`,
    weights: estimates.map((e, i) => ({
      method: e.method,
      valueCents: e.valueCents,
      weight: w[i] as number,
      backtestMape: e.backtestMape,
    })),
  };
}

/**
 * The ensemble's point alone, as `ensemble` gives it, without its explanation: the backtest takes
 * one per scope and cutoff (7,600 on the sample), where the explanation's arrays, objects and
 * strings cost 27 ms of a refresh.
 */
export function ensemblePoint(estimates: readonly MethodEstimate[]): number {
  if (pointWeights.length < estimates.length) pointWeights = new Float64Array(estimates.length);
  weightsInto(estimates, pointWeights);
  return pointOf(estimates, pointWeights);
}

/** ensemblePoint's weights, kept between calls. */
let pointWeights = new Float64Array(3);

/**
 * Each estimate's weight into `out` (0 for a method without a value): 1 / max(MAPE, floor)² or 1,
 * over their sum. True when weighted by MAPE, false when equal.
 */
function weightsInto(estimates: readonly MethodEstimate[], out: Float64Array): boolean {
  let usable = 0;
  let scored = 0;
  for (const e of estimates)
    if (e.valueCents !== null) {
      usable++;
      if (e.backtestMape !== null) scored++;
    }
  const allScored = usable > 0 && scored === usable;
  let total = 0;
  for (let i = 0; i < estimates.length; i++) {
    const e = estimates[i] as MethodEstimate;
    if (e.valueCents === null) continue;
    const raw = allScored ? 1 / Math.max(e.backtestMape as number, MAPE_FLOOR) ** 2 : 1;
    out[i] = raw;
    total += raw;
  }
  for (let i = 0; i < estimates.length; i++)
    out[i] =
      (estimates[i] as MethodEstimate).valueCents !== null && total > 0 ? (out[i] as number) / total : 0;
  return allScored;
}

/** Σ weight × value over the methods with a value, rounded to the cent. */
function pointOf(estimates: readonly MethodEstimate[], weights: Float64Array): number {
  let point = 0;
  for (let i = 0; i < estimates.length; i++) {
    const v = (estimates[i] as MethodEstimate).valueCents;
    if (v !== null) point += (weights[i] as number) * v;
  }
  return Math.round(point);
}
