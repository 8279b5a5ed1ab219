import { z } from "zod";

/**
 * Forecast accuracy for one scope and one completed period (metrics.md, "Forecast accuracy").
 * Money is integer cents, ratios are plain numbers (0.08 = 8%), dates YYYY-MM-DD; every figure that
 * cannot be computed is null with a reason next to it.
 */
const cents = z.number().int();
const ratio = z.number().finite();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * snapshots: the bot's own daily forecasts as stored; submissions: the calls people submitted;
 * backtest: our method, the bot's forecast rebuilt at each cutoff; naive: the run rate (mean
 * bookings of the three full months before the cutoff; × 3 for a quarter), the bar a method must beat.
 */
export const forecastSourceSchema = z.enum(["snapshots", "submissions", "backtest", "naive"]);
export type ForecastSource = z.infer<typeof forecastSourceSchema>;

export const periodRefSchema = z.object({
  key: z.string(),
  kind: z.enum(["month", "quarter", "year"]),
  start: isoDate,
  end: isoDate,
});

/** One source's forecast for the period at one horizon, against the actual. */
export const horizonForecastSchema = z.object({
  source: forecastSourceSchema,
  forecastCents: cents.nullable(),
  /** why there is no forecast (null when there is one) */
  reason: z.string().nullable(),
  /**
   * when the chosen forecast was made (workspace-local date), and its real horizon: whole days
   * from when it was made to the instant after the period's last day (≥ the nominal one)
   */
  madeOn: isoDate.nullable(),
  horizonDays: z.number().int().nullable(),
  /** who submitted it (submissions only) */
  submittedBy: z.string().nullable(),
  /** F − A; positive = over-forecast */
  errorCents: cents.nullable(),
  /** |F − A| / A; null when A = 0 or there is no forecast */
  ape: ratio.nullable(),
  apeReason: z.string().nullable(),
});

export const trendPointSchema = z.object({
  period: z.string(),
  forecastCents: cents.nullable(),
  actualCents: cents,
  errorCents: cents.nullable(),
  ape: ratio.nullable(),
});

/** MAPE / WAPE / bias of one source at one horizon over the trend periods. */
export const accuracyTrendSchema = z.object({
  source: forecastSourceSchema,
  horizonDays: z.number().int(),
  points: z.array(trendPointSchema),
  mape: ratio.nullable(),
  wape: ratio.nullable(),
  bias: ratio.nullable(),
  reason: z.string().nullable(),
  periodsAveraged: z.number().int(),
  periodsWithForecast: z.number().int(),
  /** periods with a forecast and zero bookings: listed, not averaged into MAPE */
  zeroActualPeriods: z.array(z.string()),
});

export const contributorSchema = z.object({
  name: z.string(),
  forecastCents: cents,
  actualCents: cents,
  /** this group's share of F − A */
  contributionCents: cents,
});

/** Ranked contributors: the top ones by absolute contribution plus the rest, summing to F − A. */
export const contributorListSchema = z.object({
  top: z.array(contributorSchema),
  otherCount: z.number().int(),
  otherCents: cents,
  totalCents: cents,
});

export const dealCategorySchema = z.enum(["won", "slipped", "lost", "pulled_in_or_new", "won_before_period"]);

export const dealContributorSchema = z.object({
  dealId: z.string(),
  name: z.string().nullable(),
  rep: z.string().nullable(),
  team: z.string().nullable(),
  category: dealCategorySchema,
  forecastCents: cents,
  actualCents: cents,
  contributionCents: cents,
  /** the stage and close date the deal had when the forecast was made */
  asOfStage: z.string().nullable(),
  asOfCloseDate: isoDate.nullable(),
  closeDate: isoDate,
  isClosed: z.boolean(),
  /** true when the deal had no history and its current values stood in for the past ones */
  usedCurrentValues: z.boolean(),
});

export const varianceSchema = z.object({
  source: forecastSourceSchema,
  horizonDays: z.number().int(),
  forecastCents: cents,
  actualCents: cents,
  /** F − A; every list below sums to this exactly */
  varianceCents: cents,
  byCategory: z.array(
    z.object({ category: dealCategorySchema, deals: z.number().int(), contributionCents: cents }),
  ),
  byTeam: contributorListSchema,
  byRep: contributorListSchema,
  byDeal: z.object({
    top: z.array(dealContributorSchema),
    otherCount: z.number().int(),
    otherCents: cents,
    totalCents: cents,
  }),
  dealsUsingCurrentValues: z.number().int(),
  note: z.string(),
});

/**
 * Skill at one horizon: our method's MAPE over the naive forecast's, over the trend periods where
 * both have a forecast and bookings were made (below 1 = our method earns its keep). Null with a
 * reason when either MAPE is missing or the naive MAPE is zero.
 */
export const skillSchema = z.object({
  horizonDays: z.number().int(),
  periodKind: z.enum(["month", "quarter", "year"]),
  ourMape: ratio.nullable(),
  naiveMape: ratio.nullable(),
  ratio: ratio.nullable(),
  /** trend periods both MAPEs average over */
  periodsCompared: z.number().int(),
  /** ratio < 1; null when there is no ratio */
  beatsNaive: z.boolean().nullable(),
  reason: z.string().nullable(),
});

/** Whether the scope has enough history for a meaningful accuracy figure. */
export const historySchema = z.object({
  /** trend periods with bookings (A > 0) */
  periodsWithBookings: z.number().int(),
  /** deals won in the trend periods */
  wonDeals: z.number().int(),
  sufficient: z.boolean(),
  /** why not, in words (null when sufficient) */
  reason: z.string().nullable(),
});

export const forecastAccuracyResultSchema = z.object({
  scope: z.string(),
  period: periodRefSchema,
  asOf: z.string(),
  /** A = Bookings(P) */
  actualCents: cents,
  targetMape: ratio,
  headline: z.object({
    horizonDays: z.number().int(),
    source: forecastSourceSchema,
    sourceLabel: z.string(),
    mape: ratio.nullable(),
    meetsTarget: z.boolean().nullable(),
    wape: ratio.nullable(),
    bias: ratio.nullable(),
    biasDirection: z.enum(["over_forecasting", "under_forecasting", "balanced"]).nullable(),
    reason: z.string().nullable(),
    periodsAveraged: z.number().int(),
    /** why this source leads (the bot's own forecast, or the one that beats it) */
    leadReason: z.string(),
    /** the other sources' MAPE at the headline horizon, shown beside it (empty when history is too short) */
    compared: z.array(
      z.object({
        source: forecastSourceSchema,
        sourceLabel: z.string(),
        mape: ratio.nullable(),
        periodsAveraged: z.number().int(),
      }),
    ),
    /** too little history → mape, wape and bias are null and reason says so */
    history: historySchema,
  }),
  horizons: z.array(
    z.object({
      horizonDays: z.number().int(),
      sources: z.array(horizonForecastSchema),
    }),
  ),
  trend: z.object({
    periodKind: z.enum(["month", "quarter", "year"]),
    periods: z.array(z.string()),
    series: z.array(accuracyTrendSchema),
  }),
  /** our method against the naive forecast, one entry per horizon (30/60/90) */
  skill: z.array(skillSchema),
  variance: varianceSchema,
  notes: z.array(z.string()),
});
export type ForecastAccuracyResult = z.infer<typeof forecastAccuracyResultSchema>;
export type HorizonForecast = z.infer<typeof horizonForecastSchema>;
export type AccuracyTrend = z.infer<typeof accuracyTrendSchema>;
export type Skill = z.infer<typeof skillSchema>;
export type AccuracyHistory = z.infer<typeof historySchema>;
export type Variance = z.infer<typeof varianceSchema>;
export type ContributorList = z.infer<typeof contributorListSchema>;
export type DealContributor = z.infer<typeof dealContributorSchema>;
