/**
 * Accuracy arithmetic (metrics.md, "Forecast accuracy"): APE = |F − A| / A, MAPE = mean APE over
 * periods with A > 0 (periods with A = 0 are listed, not averaged), WAPE = Σ|F − A| / ΣA,
 * Bias = Σ(F − A) / ΣA. Ratios are null with a reason whenever their denominator is zero.
 */
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
  /** the date the forecast was made, YYYY-MM-DD */
  madeOn: string;
  amountCents: number;
  /** who made it (submissions) */
  by: string | null;
  /** tie-break among forecasts made the same day: the later instant wins */
  at: string;
}

/**
 * The stored forecast whose horizon (days from when it was made to the period's end) is closest to
 * and not less than h: the latest forecast made on or before periodEnd − h. Null when none was.
 */
export function selectForHorizon(
  forecasts: readonly DatedForecast[],
  periodEnd: string,
  cutoff: string,
): DatedForecast | null {
  let best: DatedForecast | null = null;
  for (const f of forecasts) {
    if (f.madeOn > cutoff || f.madeOn > periodEnd) continue;
    if (!best || f.madeOn > best.madeOn || (f.madeOn === best.madeOn && f.at > best.at)) best = f;
  }
  return best;
}

export type BiasDirection = "over_forecasting" | "under_forecasting" | "balanced";

export function biasDirection(bias: number | null): BiasDirection | null {
  if (bias === null) return null;
  return bias > 0 ? "over_forecasting" : bias < 0 ? "under_forecasting" : "balanced";
}
