import type { Cents } from "../domain/money";

/**
 * The figures a pre-read's summary may state, and nothing else: built by the caller from stored
 * analyses (never raw deal rows, never anyone's email). Each figure says what kind of value it is,
 * because the kind decides which renderings of it a written summary may use: money may be
 * rounded ("$1.2M" for $1,234,567), a date may be written "Dec 4", a name must be quoted.
 */
export interface MoneyFigure {
  kind: "money";
  cents: Cents;
}

/** A ratio (1.0 = 100%), with the way it is read: 41.7%, 3.2x coverage, a 0.87 fairness score. */
export interface RatioFigure {
  kind: "ratio";
  value: number;
  shownAs: "percent" | "multiple" | "score";
}

export interface CountFigure {
  kind: "count";
  value: number;
  /** what is counted, e.g. "deals", "days" */
  unit: string;
}

export interface DateFigure {
  kind: "date";
  /** YYYY-MM-DD, a calendar date in the workspace zone */
  value: string;
}

export interface PeriodFigure {
  kind: "period";
  /** "2026-11", "2026-Q4", "FY2026" (src/domain/period.ts) */
  key: string;
  /** first and last calendar day, YYYY-MM-DD */
  start: string;
  end: string;
}

/** A name or a phrase from the data: a deal, a team, a risk reason, a scenario. */
export interface TextFigure {
  kind: "text";
  value: string;
}

export type Figure = MoneyFigure | RatioFigure | CountFigure | DateFigure | PeriodFigure | TextFigure;
export type FigureKind = Figure["kind"];

export const money = (cents: Cents): MoneyFigure => ({ kind: "money", cents });
export const percent = (value: number): RatioFigure => ({ kind: "ratio", value, shownAs: "percent" });
export const multiple = (value: number): RatioFigure => ({ kind: "ratio", value, shownAs: "multiple" });
export const score = (value: number): RatioFigure => ({ kind: "ratio", value, shownAs: "score" });
export const count = (value: number, unit: string): CountFigure => ({ kind: "count", value, unit });
export const date = (value: string): DateFigure => ({ kind: "date", value });
export const period = (key: string, start: string, end: string): PeriodFigure => ({
  kind: "period",
  key,
  start,
  end,
});
export const text = (value: string): TextFigure => ({ kind: "text", value });

/** One of the deals the register ranks highest by revenue at risk. */
export interface RiskFigures {
  deal: TextFigure;
  amount: MoneyFigure;
  /** the register's reasons in words, e.g. "pushed twice, no activity 19 days" */
  reason: TextFigure;
}

/** The monthly revenue review (seed 000): the month just closed and the month ahead. */
export interface MonthlyReviewFigures {
  ritual: "monthly-review";
  /** ISO 4217 code the money is in */
  currency: string;
  /** the month just closed */
  period: PeriodFigure;
  /** the calendar date the analyses were computed for */
  asOf: DateFigure;
  close: {
    bookings: MoneyFigure;
    /** the period's quota; null when none was set */
    plan: MoneyFigure | null;
    attainment: RatioFigure | null;
  };
  forecast: {
    /** the month ahead */
    period: PeriodFigure;
    /** P50 of the Monte Carlo, with its P10–P90 range */
    base: MoneyFigure;
    low: MoneyFigure;
    high: MoneyFigure;
    /** target − base; negative when the base is above target; null without a target */
    gapToGoal: MoneyFigure | null;
  };
  accuracy: {
    horizon: CountFigure;
    /** MAPE of the bot's own forecast (its snapshots, or the backtest until they cover enough) */
    ourMape: RatioFigure | null;
    /** MAPE of the forecasts people submitted */
    submittedMape: RatioFigure | null;
    target: RatioFigure;
  };
  coverage: {
    /** open pipeline / remaining quota of the month ahead; null when quota is met or not set */
    ratio: RatioFigure | null;
    status: "healthy" | "below_healthy" | "quota_met" | "no_quota";
    healthy: RatioFigure;
  };
  /** highest revenue at risk first; at most three */
  topRisks: RiskFigures[];
  /** the prior review's action items; null while none are tracked */
  actionItems: { completion: RatioFigure | null; target: RatioFigure } | null;
  dataQuality: { accuracy: RatioFigure | null; target: RatioFigure };
}

/** A weekly check-in of the quarterly planning cycle (seed 001). */
export interface PlanningCheckInFigures {
  ritual: "planning-check-in";
  currency: string;
  asOf: DateFigure;
  /** the quarter being planned */
  plannedPeriod: PeriodFigure;
  /** week of the cycle (1–4 of 4) and what that week must produce */
  week: CountFigure;
  weeksInCycle: CountFigure;
  weekGoal: TextFigure;
  currentQuarter: {
    period: PeriodFigure;
    bookings: MoneyFigure;
    plan: MoneyFigure | null;
    attainment: RatioFigure | null;
  };
  /** total plan of each allocation scenario */
  scenarios: { name: TextFigure; totalPlan: MoneyFigure }[];
  /** (max − min) / base total plan across the scenarios, against its target (10%) */
  scenarioVariance: RatioFigure | null;
  scenarioVarianceTarget: RatioFigure;
  /** 1 − Gini of quota / potential, current and proposed, against the target (0.85) */
  fairness: { current: RatioFigure | null; proposed: RatioFigure | null; target: RatioFigure };
  /** territories whose potential per rep is out of balance */
  coverageGaps: { team: TextFigure; gap: "under_covered" | "over_covered" }[];
}

/** The year-end review (seed 002). */
export interface YearEndFigures {
  ritual: "year-end-review";
  currency: string;
  asOf: DateFigure;
  year: PeriodFigure;
  /** the last day counted: the year's end, or the as-of date while the year runs */
  through: DateFigure;
  bookings: MoneyFigure;
  quota: MoneyFigure | null;
  attainment: RatioFigure | null;
  previousYearBookings: MoneyFigure;
  growth: RatioFigure | null;
  winRate: RatioFigure | null;
  dealsWon: CountFigure;
  averageDealSize: MoneyFigure | null;
  /** MAPE of the year's monthly forecasts at this horizon, against the target (8%) */
  forecastHorizon: CountFigure;
  forecastMape: RatioFigure | null;
  mapeTarget: RatioFigure;
  grossRevenueRetention: RatioFigure | null;
  /** the year review's lessons in its own words; at most three */
  lessons: TextFigure[];
}

export type NarrativeFigures = MonthlyReviewFigures | PlanningCheckInFigures | YearEndFigures;

const FIGURE_KINDS = new Set<string>(["money", "ratio", "count", "date", "period", "text"]);

function isFigure(value: unknown): value is Figure {
  return (
    typeof value === "object" &&
    value !== null &&
    FIGURE_KINDS.has((value as { kind?: unknown }).kind as string)
  );
}

/**
 * Every figure in a set, wherever it sits, plus the length of every list as a count (a summary
 * may say "three deals" of the three risks it was given). Plain strings such as a status are
 * words, not figures.
 */
export function figuresIn(figures: object): Figure[] {
  const out: Figure[] = [];
  const walk = (value: unknown) => {
    if (isFigure(value)) out.push(value);
    else if (Array.isArray(value)) {
      out.push(count(value.length, "items"));
      for (const item of value) walk(item);
    } else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) walk(v);
  };
  walk(figures);
  return out;
}
