import type { AttainmentResult } from "../../domain/analyses/attainment";
import type { DataQualityResult } from "../../domain/analyses/data-quality";
import type { DealRiskResult } from "../../domain/analyses/deal-risk";
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../../domain/analyses/forecast-accuracy";
import type { PipelineResult } from "../../domain/analyses/pipeline";
import { readLatestAnalysis, type StoredAnalysis } from "../../store/analyses-repository";
import type { Db } from "../../store/db";
import { toLocal } from "../local-time";

/**
 * The stored analyses a monthly review's pre-read is built from (company scope): attainment and
 * forecast accuracy of the month just closed, forecast, pipeline and deal risk of the month the
 * meeting is in, and the current data quality. Which month is "just closed" follows from the
 * meeting's date in the ritual's zone, so a pre-read built early or late states the same month.
 */

export interface ReviewMonths {
  /** the month under review, "2026-10" */
  reviewed: string;
  /** the month the meeting is in, "2026-11": its forecast, pipeline and risks */
  ahead: string;
}

export function reviewMonths(meetingAt: Date, zone: string): ReviewMonths {
  const local = toLocal(meetingAt, zone);
  const key = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
  const before = local.month === 1 ? key(local.year - 1, 12) : key(local.year, local.month - 1);
  return { reviewed: before, ahead: key(local.year, local.month) };
}

export interface MonthlyInputs extends ReviewMonths {
  monthClose: StoredAnalysis<AttainmentResult> | null;
  forecastAccuracy: StoredAnalysis<ForecastAccuracyResult> | null;
  nextPeriodForecast: StoredAnalysis<ForecastResult> | null;
  pipeline: StoredAnalysis<PipelineResult> | null;
  dealRisk: StoredAnalysis<DealRiskResult> | null;
  dataQuality: StoredAnalysis<DataQualityResult> | null;
  /** "attainment for 2026-10", … : what the store did not hold, said in the pre-read */
  missing: string[];
  /** the latest as-of among the analyses read (ISO-8601), null when none was found */
  asOf: string | null;
}

export const COMPANY = "company";

export function readMonthlyInputs(db: Db, meetingAt: Date, zone: string): MonthlyInputs {
  const months = reviewMonths(meetingAt, zone);
  const missing: string[] = [];
  const read = <T>(name: Parameters<typeof readLatestAnalysis>[1], period?: string) => {
    const stored = readLatestAnalysis<T>(db, name, COMPANY, period);
    if (!stored) missing.push(period ? `${name} for ${period}` : name);
    return stored;
  };
  const found = {
    monthClose: read<AttainmentResult>("attainment", months.reviewed),
    forecastAccuracy: read<ForecastAccuracyResult>("forecast-accuracy", months.reviewed),
    nextPeriodForecast: read<ForecastResult>("forecast", months.ahead),
    pipeline: read<PipelineResult>("pipeline", months.ahead),
    dealRisk: read<DealRiskResult>("deal-risk", months.ahead),
    dataQuality: read<DataQualityResult>("data-quality"),
  };
  const asOfs = Object.values(found)
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .map((s) => s.asOf)
    .sort();
  return { ...months, ...found, missing, asOf: asOfs.at(-1) ?? null };
}
