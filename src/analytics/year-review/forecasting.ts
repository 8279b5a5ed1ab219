/**
 * Forecasting effectiveness over a year (metrics.md, "Forecast accuracy", simplified for the
 * year review): per completed month, the imported submission for the scope whose horizon (days
 * from submission to the month's end) is the closest to and not less than 30 days, against the
 * month's bookings. MAPE averages APE over months with bookings > 0; bias = Σ(F − A) / ΣA.
 */

import type { YearReviewResult } from "../../domain/analyses/year-review";
import type { ForecastSubmission } from "../../domain/crm";
import { daysBetween, type Period, parsePeriod } from "../../domain/period";
import type { Prepared } from "../prepare/prepare";

export const FORECAST_HORIZON_DAYS = 30;
export const MAPE_TARGET = 0.08;

export function forecastingOverYear(
  p: Prepared,
  scopeKeyText: string,
  months: readonly Period[],
  bookingsByMonth: Map<string, number>,
): YearReviewResult["forecasting"] {
  const fiscal = p.ctx.fiscalStartMonth;
  const best = new Map<string, { s: ForecastSubmission; horizon: number }>();
  for (const s of p.submissionsByScope.get(scopeKeyText.toLowerCase()) ?? []) {
    const period = parsePeriod(s.period, fiscal);
    if (period?.kind !== "month") continue;
    const horizon = daysBetween(s.submittedAt.slice(0, 10), period.end);
    if (horizon < FORECAST_HORIZON_DAYS) continue;
    const prev = best.get(period.key);
    if (!prev || horizon < prev.horizon || (horizon === prev.horizon && s.submittedAt > prev.s.submittedAt))
      best.set(period.key, { s, horizon });
  }
  const rows: YearReviewResult["forecasting"]["months"] = [];
  let apeSum = 0;
  let apeCount = 0;
  let errSum = 0;
  let actualSum = 0;
  for (const month of months) {
    if (month.end >= p.ctx.today) continue;
    const actual = bookingsByMonth.get(month.key) ?? 0;
    const b = best.get(month.key);
    if (!b) {
      rows.push({
        period: month.key,
        forecastCents: null,
        submittedAt: null,
        horizonDays: null,
        actualCents: actual,
        errorCents: null,
        ape: null,
      });
      continue;
    }
    const error = b.s.amountCents - actual;
    const ape = actual > 0 ? Math.abs(error) / actual : null;
    if (ape !== null) {
      apeSum += ape;
      apeCount++;
    }
    errSum += error;
    actualSum += actual;
    rows.push({
      period: month.key,
      forecastCents: b.s.amountCents,
      submittedAt: b.s.submittedAt,
      horizonDays: b.horizon,
      actualCents: actual,
      errorCents: error,
      ape,
    });
  }
  const none = rows.every((r) => r.forecastCents === null);
  const noForecast = `no forecast submitted ${FORECAST_HORIZON_DAYS}+ days ahead for a completed month`;
  return {
    horizonDays: FORECAST_HORIZON_DAYS,
    months: rows,
    mape:
      apeCount > 0
        ? { value: apeSum / apeCount, reason: null }
        : { value: null, reason: none ? noForecast : "no forecast month had bookings" },
    bias:
      actualSum > 0
        ? { value: errSum / actualSum, reason: null }
        : { value: null, reason: none ? noForecast : "no bookings in the forecast months" },
    mapeTarget: MAPE_TARGET,
  };
}
