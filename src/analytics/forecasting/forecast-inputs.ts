/**
 * Per-owner inputs to the next-period forecast, gathered in one pass over the deals: bookings won to
 * date, the open deals closing in each forecast period with their win probabilities (the in-period
 * close rate of their stage for their close month, close-rates.ts, lowered by the slip factor for
 * deals pushed before or older in their stage than the stage's 90th percentile), and the
 * stage-weighted sum (each slot's own in-period close rates, as the backtest applies them). A scope's inputs are its reps' inputs put together.
 */
import type { Deal } from "../../domain/crm";
import { daysBetween, type Period } from "../../domain/period";
import { quantile } from "../metrics/quantiles";
import { stageAgesByPosition } from "../metrics/stage-age";
import type { Prepared } from "../prepare/prepare";
import { NO_DAY } from "../prepare/stage-history";
import { firstPushDate } from "./as-of";
import type { Backtest } from "./backtest";
import { type Calendar, horizonIndexFor, monthOfDate, periodDays, SLIP_FACTOR } from "./calendar";
import { type CloseRates, closeRatesAt, monthHorizonIndex, rateOf } from "./close-rates";

export interface ForecastSlot {
  period: Period;
  calIndex: number;
  inProgress: boolean;
  /** share of the period after today (1 for future periods) */
  remainingFraction: number;
  /** index into HORIZONS of the backtest horizon closest to and not less than the days left */
  horizonIndex: number;
  /** stored as a forecast result (the month after next is only snapshotted) */
  stored: boolean;
  isDefault: boolean;
}

export interface OwnerForecastInputs {
  wonToDate: Float64Array;
  weightedOpen: Float64Array;
  openCount: Float64Array;
  openAmount: Float64Array;
  slowed: Float64Array;
  /** open deals by month of the current and next quarter (index = month − first month of the current quarter) */
  bucketAmounts: number[][];
  /** their win probabilities, the slip factor applied */
  bucketProbabilities: number[][];
}

/** The months the forecast periods cover: those of the current and the next quarter. */
export const BUCKET_MONTHS = 6;

export interface ForecastInputs {
  slots: ForecastSlot[];
  /** per slot: the in-period close rates of its kind and horizon as known today */
  slotRates: CloseRates[];
  byOwner: Map<number, OwnerForecastInputs>;
  stageAgeP90: Map<string, number | null>;
  /** calendar month index of bucket 0, the first month of the current quarter */
  firstBucketMonth: number;
}

export function forecastSlots(cal: Calendar, today: string): ForecastSlot[] {
  const slot = (period: Period, calIndex: number, stored: boolean, isDefault: boolean): ForecastSlot => {
    const inProgress = period.start <= today && today <= period.end;
    const daysLeft = Math.max(0, daysBetween(today, period.end));
    return {
      period,
      calIndex,
      inProgress,
      remainingFraction: inProgress ? daysLeft / periodDays(period) : 1,
      horizonIndex: horizonIndexFor(daysLeft),
      stored,
      isDefault,
    };
  };
  const m = cal.currentMonth;
  const q = cal.currentQuarter;
  return [
    slot(cal.months[m] as Period, m, true, true),
    slot(cal.months[m + 1] as Period, m + 1, true, false),
    slot(cal.months[m + 2] as Period, m + 2, false, false),
    slot(cal.quarters[q] as Period, q, true, false),
    slot(cal.quarters[q + 1] as Period, q + 1, true, false),
  ];
}

/** The slot of each month and of each quarter, by calendar index. */
function slotsByCalendarIndex(slots: readonly ForecastSlot[]): {
  monthSlots: Map<number, number>;
  quarterSlots: Map<number, number>;
} {
  const monthSlots = new Map<number, number>();
  const quarterSlots = new Map<number, number>();
  slots.forEach((s, i) => {
    (s.period.kind === "month" ? monthSlots : quarterSlots).set(s.calIndex, i);
  });
  return { monthSlots, quarterSlots };
}

function emptyOwnerInputs(n: number): OwnerForecastInputs {
  return {
    wonToDate: new Float64Array(n),
    weightedOpen: new Float64Array(n),
    openCount: new Float64Array(n),
    openAmount: new Float64Array(n),
    slowed: new Float64Array(n),
    bucketAmounts: Array.from({ length: BUCKET_MONTHS }, () => []),
    bucketProbabilities: Array.from({ length: BUCKET_MONTHS }, () => []),
  };
}

export function gatherForecastInputs(prepared: Prepared, bt: Backtest): ForecastInputs {
  const today = prepared.ctx.today;
  const cal = bt.cal;
  const slots = forecastSlots(cal, today);
  const slotRates = slots.map((s) =>
    closeRatesAt(bt.training, bt.cutoffs, bt.stages, s.period.kind, s.horizonIndex, today),
  );
  // the Monte Carlo's month rates, by the horizon a deal's close month is seen at today
  const monthRates = [0, 1, 2].map((mh) =>
    closeRatesAt(bt.training, bt.cutoffs, bt.stages, "month", mh, today),
  );
  const { monthSlots, quarterSlots } = slotsByCalendarIndex(slots);

  const { ageOf, stageAgeP90 } = stageAges(prepared, today);
  const deals = prepared.dataset.deals;

  const byOwner = new Map<number, OwnerForecastInputs>();
  const n = slots.length;
  const firstBucketMonth = cal.quarterOfMonth.indexOf(cal.currentQuarter);
  const seriesFor = (ownerId: number) => {
    let s = byOwner.get(ownerId);
    if (!s) {
      s = emptyOwnerInputs(n);
      byOwner.set(ownerId, s);
    }
    return s;
  };
  for (let k = 0; k < deals.length; k++) {
    const d = deals[k] as Deal;
    if (d.isClosed && !d.isWon) continue;
    const mi = monthOfDate(cal, d.closeDate);
    if (mi < 0) continue;
    const ms = monthSlots.get(mi);
    const qs = quarterSlots.get(cal.quarterOfMonth[mi] as number);
    if (ms === undefined && qs === undefined) continue;
    const s = seriesFor(d.ownerId);
    if (d.isWon) {
      if (d.closeDate > today) continue; // a future-dated win is not booked yet
      if (ms !== undefined) s.wonToDate[ms] = (s.wonToDate[ms] as number) + d.amountCents;
      if (qs !== undefined) s.wonToDate[qs] = (s.wonToDate[qs] as number) + d.amountCents;
      continue;
    }
    const stage = bt.stages.indexOf(d.stage);
    const age = ageOf(k);
    const p90 = stageAgeP90.get(d.stage) ?? null;
    const slowed =
      firstPushDate(prepared.closeDateHistoryOf(k)) !== null || (age !== null && p90 !== null && age > p90);
    const rates = monthRates[monthHorizonIndex(cal.months[mi] as Period, today)] as CloseRates;
    const monthRate = rateOf(rates, bt.stages, stage, d.probability);
    const probability = slowed ? monthRate * SLIP_FACTOR : monthRate;
    for (let pass = 0; pass < 2; pass++) {
      const i = pass === 0 ? ms : qs;
      if (i === undefined) continue;
      const rate = rateOf(slotRates[i] as CloseRates, bt.stages, stage, d.probability);
      s.weightedOpen[i] = (s.weightedOpen[i] as number) + Math.round(d.amountCents * rate);
      s.openCount[i] = (s.openCount[i] as number) + 1;
      s.openAmount[i] = (s.openAmount[i] as number) + d.amountCents;
      if (slowed) s.slowed[i] = (s.slowed[i] as number) + 1;
    }
    // Every forecast month lies in the current or next quarter, so the deal's month bucket holds it
    // for its month slot and its quarter slot alike.
    const b = mi - firstBucketMonth;
    if (b >= 0 && b < BUCKET_MONTHS) {
      (s.bucketAmounts[b] as number[]).push(d.amountCents);
      (s.bucketProbabilities[b] as number[]).push(probability);
    }
  }
  return { slots, slotRates, byOwner, stageAgeP90, firstBucketMonth };
}

/**
 * Stage age of each open deal by position, and its stage's 90th percentile. The ages come from the
 * shared stage history facts (the day each deal last entered its current stage) rather than from
 * each open deal's history rows made into objects.
 */
function stageAges(prepared: Prepared, today: string) {
  const agesByStage = new Map<string, number[]>();
  const ageOf = stageAgesByPosition(prepared.stageHistoryFacts.currentStageEnteredDay, NO_DAY, today);
  const deals = prepared.dataset.deals;
  for (let k = 0; k < deals.length; k++) {
    const d = deals[k] as Deal;
    if (d.isClosed) continue;
    const age = ageOf(k);
    if (age === null) continue;
    const list = agesByStage.get(d.stage);
    if (list) list.push(age);
    else agesByStage.set(d.stage, [age]);
  }
  const stageAgeP90 = new Map<string, number | null>();
  for (const stage of prepared.stageOrder)
    stageAgeP90.set(stage, quantile(agesByStage.get(stage) ?? [], 0.9));

  return { ageOf, stageAgeP90 };
}
