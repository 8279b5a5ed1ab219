import { localDate } from "../../domain/period";

/** Thresholds the metric definitions call configurable, with their defaults. */
export interface Settings {
  atRiskProjectedAttainment: number;
  healthyCoverage: number;
  executiveScoreThreshold: number;
  /** Executive flag: amount in the top (1 − this) of open deals. 0.9 = top decile. */
  executiveAmountQuantile: number;
  strategicAccountCents: number;
  growthAccountCents: number;
  /** Quota share a new hire carries in months 1, 2, 3 after hire. */
  rampSchedule: [number, number, number];
  monteCarloDraws: number;
  monteCarloSeed: number;
}

export const DEFAULT_SETTINGS: Settings = {
  atRiskProjectedAttainment: 0.8,
  healthyCoverage: 3,
  executiveScoreThreshold: 60,
  executiveAmountQuantile: 0.9,
  strategicAccountCents: 100_000_00,
  growthAccountCents: 50_000_00,
  rampSchedule: [0.25, 0.5, 0.75],
  monteCarloDraws: 10_000,
  monteCarloSeed: 20_240_101,
};

/** What every analysis is computed for. */
export interface AnalysisContext {
  /** the instant, ISO 8601 UTC */
  asOf: string;
  /** the calendar date of asOf in the workspace time zone, YYYY-MM-DD */
  today: string;
  timeZone: string;
  fiscalStartMonth: number;
  currency: string;
  /**
   * The monthly review's days: while today is within the month's first this-many business days,
   * closed-period figures (attainment, /quota) default to the month just closed.
   */
  reviewBusinessDays: number;
  settings: Settings;
}

export const DEFAULT_REVIEW_BUSINESS_DAYS = 3;

export function analysisContext(
  asOf: Date,
  options: {
    timeZone?: string;
    fiscalStartMonth?: number;
    currency?: string;
    reviewBusinessDays?: number;
    settings?: Partial<Settings>;
  } = {},
): AnalysisContext {
  const timeZone = options.timeZone ?? "UTC";
  return {
    asOf: asOf.toISOString(),
    today: localDate(asOf, timeZone),
    timeZone,
    fiscalStartMonth: options.fiscalStartMonth ?? 1,
    currency: options.currency ?? "USD",
    reviewBusinessDays: options.reviewBusinessDays ?? DEFAULT_REVIEW_BUSINESS_DAYS,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  };
}
