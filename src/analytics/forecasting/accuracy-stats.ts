/**
 * Accuracy arithmetic (metrics.md, "Forecast accuracy"): APE = |F − A| / A, MAPE = mean APE over
 * periods with A > 0 (periods with A = 0 are listed, not averaged), WAPE = Σ|F − A| / ΣA,
 * Bias = Σ(F − A) / ΣA. Ratios are null with a reason whenever their denominator is zero.
 */
import { addDays, daysBetween } from "../../domain/period";

export interface AccuracyPoint {
  period: string;
  forecastCents: number | null;
  actualCents: number;
}

export interface AccuracySummary {
  mape: number | null;
  wape: number | null;
  bias: number | null;
  reason: string | null;
  /** periods with a forecast and A > 0 */
  periodsAveraged: number;
  /** periods with a forecast */
  periodsWithForecast: number;
  /** periods with a forecast and A = 0: listed, not averaged */
  zeroActualPeriods: string[];
}

export function ape(forecastCents: number, actualCents: number): number | null {
  return actualCents > 0 ? Math.abs(forecastCents - actualCents) / actualCents : null;
}

export function summarizeAccuracy(points: readonly AccuracyPoint[]): AccuracySummary {
  let apeSum = 0;
  let averaged = 0;
  let absErr = 0;
  let err = 0;
  let actual = 0;
  let withForecast = 0;
  const zero: string[] = [];
  for (const p of points) {
    if (p.forecastCents === null) continue;
    withForecast++;
    if (p.actualCents > 0) {
      apeSum += Math.abs(p.forecastCents - p.actualCents) / p.actualCents;
      averaged++;
    } else zero.push(p.period);
    absErr += Math.abs(p.forecastCents - p.actualCents);
    err += p.forecastCents - p.actualCents;
    actual += p.actualCents;
  }
  const reason =
    withForecast === 0
      ? "no forecast for any period of the trend"
      : averaged === 0
        ? "every period with a forecast had zero bookings, so percentage errors are undefined"
        : null;
  return {
    mape: averaged > 0 ? apeSum / averaged : null,
    wape: actual > 0 ? absErr / actual : null,
    bias: actual > 0 ? err / actual : null,
    reason,
    periodsAveraged: averaged,
    periodsWithForecast: withForecast,
    zeroActualPeriods: zero,
  };
}

export interface DatedForecast {
  /** the workspace-local date the forecast was made, YYYY-MM-DD */
  madeOn: string;
  /** true when it was made at the very start of that day (a date without a time) */
  startOfDay: boolean;
  /** the instant it was made, epoch ms: the latest eligible one is chosen */
  atMs: number;
  amountCents: number;
  /** who made it (submissions) */
  by: string | null;
  /** the stored text of when it was made; breaks ties between equal instants */
  at: string;
}

/**
 * Days out of a forecast for a period: whole days from the instant it was made to the period's end,
 * the instant after its last day in the workspace zone (local midnight of periodEnd + 1). Made on
 * 2 December (at the start of the day) for December: 30; at 10:00 that day: 29; at 16:00 on
 * 1 December: 30.
 */
export function horizonDaysOf(f: Pick<DatedForecast, "madeOn" | "startOfDay">, periodEnd: string): number {
  return daysBetween(f.madeOn, addDays(periodEnd, 1)) - (f.startOfDay ? 0 : 1);
}

/**
 * The forecast for horizon h: the latest one made at or before the period's end minus h days
 * (that is, with horizonDaysOf ≥ h). Null when none was.
 */
export function selectForHorizon(
  forecasts: readonly DatedForecast[],
  periodEnd: string,
  h: number,
): DatedForecast | null {
  let best: DatedForecast | null = null;
  for (const f of forecasts) {
    if (horizonDaysOf(f, periodEnd) < h) continue;
    if (!best || f.atMs > best.atMs || (f.atMs === best.atMs && f.at > best.at)) best = f;
  }
  return best;
}

/**
 * Our method against the naive forecast at one horizon, over the periods where both have a
 * forecast and A > 0 (so both MAPEs average the same periods): ratio = our MAPE / naive MAPE.
 */
export function skillRatio(
  ours: readonly AccuracyPoint[],
  naive: readonly AccuracyPoint[],
): {
  ourMape: number | null;
  naiveMape: number | null;
  ratio: number | null;
  periodsCompared: number;
  reason: string | null;
} {
  const naiveBy = new Map(naive.map((p) => [p.period, p]));
  let ourSum = 0;
  let naiveSum = 0;
  let n = 0;
  for (const o of ours) {
    const b = naiveBy.get(o.period);
    if (!b || o.forecastCents === null || b.forecastCents === null || o.actualCents <= 0) continue;
    ourSum += Math.abs(o.forecastCents - o.actualCents) / o.actualCents;
    naiveSum += Math.abs(b.forecastCents - o.actualCents) / o.actualCents;
    n++;
  }
  if (n === 0)
    return {
      ourMape: null,
      naiveMape: null,
      ratio: null,
      periodsCompared: 0,
      reason: "no trend period has both forecasts and bookings",
    };
  const ourMape = ourSum / n;
  const naiveMape = naiveSum / n;
  return {
    ourMape,
    naiveMape,
    ratio: naiveMape > 0 ? ourMape / naiveMape : null,
    periodsCompared: n,
    reason: naiveMape > 0 ? null : "the run rate was exact in every period, so the ratio is undefined",
  };
}

export type BiasDirection = "over_forecasting" | "under_forecasting" | "balanced";

export function biasDirection(bias: number | null): BiasDirection | null {
  if (bias === null) return null;
  return bias > 0 ? "over_forecasting" : bias < 0 ? "under_forecasting" : "balanced";
}
