import { z } from "zod";

/**
 * Next-period forecast for one scope and period (metrics.md, "Next-period forecast"). Money is
 * integer cents, ratios plain numbers, dates YYYY-MM-DD; a figure that cannot be computed is null
 * with a reason next to it. Labels in `assumptions.labels` are the only preformatted text.
 */
const cents = z.number().int();
const ratio = z.number().finite();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const forecastMethodSchema = z.enum(["stage_weighted", "run_rate", "monte_carlo"]);
export type ForecastMethod = z.infer<typeof forecastMethodSchema>;

export const forecastResultSchema = z.object({
  scope: z.string(),
  period: z.object({
    key: z.string(),
    kind: z.enum(["month", "quarter", "year"]),
    start: isoDate,
    end: isoDate,
  }),
  asOf: z.string(),
  /** true for the period today falls in */
  inProgress: z.boolean(),
  /** days from today to the period's end */
  daysToPeriodEnd: z.number().int(),
  /** Bookings(P) so far: won deals closed in P on or before today */
  wonToDateCents: cents,
  methods: z.object({
    stageWeighted: z.object({
      /** won to date + Σ open amount closing in P × stage win rate */
      amountCents: cents,
      weightedOpenCents: cents,
      openDeals: z.number().int(),
      openAmountCents: cents,
    }),
    runRate: z.object({
      amountCents: cents.nullable(),
      reason: z.string().nullable(),
      /** mean bookings of the last 3 completed periods with data */
      meanCents: cents.nullable(),
      basePeriods: z.array(z.object({ period: z.string(), bookingsCents: cents })),
      seasonal: z.object({
        /** bookings(same period last year) / mean(its previous 3 periods); null without a year of history */
        factor: ratio.nullable(),
        samePeriodLastYear: z.string(),
        samePeriodLastYearCents: cents.nullable(),
        previousPeriods: z.array(z.object({ period: z.string(), bookingsCents: cents })),
        reason: z.string().nullable(),
      }),
      /** the in-progress period never forecasts below what is already booked */
      flooredAtWonToDate: z.boolean(),
    }),
    monteCarlo: z.object({
      p10Cents: cents,
      p50Cents: cents,
      p90Cents: cents,
      meanCents: cents,
      draws: z.number().int(),
      seed: z.number().int(),
      openDeals: z.number().int(),
      /** deals whose win probability was multiplied by the slip factor */
      slowedDeals: z.number().int(),
      /** deals drawn one by one; the rest are drawn together by a normal approximation */
      exactDeals: z.number().int(),
      approximatedDeals: z.number().int(),
      newBusiness: z.object({
        /** share of the period still ahead, scaling each past period's created-and-won bookings */
        remainingFraction: ratio,
        samples: z.array(z.object({ period: z.string(), bookingsCents: cents })),
        meanCents: cents,
        reason: z.string().nullable(),
      }),
    }),
  }),
  scenarios: z.object({
    conservativeCents: cents,
    baseCents: cents,
    upsideCents: cents,
  }),
  ensemble: z.object({
    pointCents: cents,
    weighting: z.enum(["inverse_backtested_mape", "equal"]),
    reason: z.string().nullable(),
    /** the backtest horizon the MAPEs were measured at (closest to this period's) */
    backtestHorizonDays: z.number().int(),
    backtestPeriods: z.array(z.string()),
    weights: z.array(
      z.object({
        method: forecastMethodSchema,
        valueCents: cents.nullable(),
        weight: ratio,
        backtestMape: ratio.nullable(),
      }),
    ),
  }),
  goal: z.object({
    /** sum of the quotas of the scope's reps for P */
    targetCents: cents.nullable(),
    /** target − base (negative = base is above target) */
    gapCents: cents.nullable(),
    /** max(gap, 0) / stage-1 win rate */
    pipelineNeededCents: cents.nullable(),
    firstStage: z.string().nullable(),
    firstStageWinRate: ratio.nullable(),
    reason: z.string().nullable(),
  }),
  assumptions: z.object({
    stageWinRates: z.array(
      z.object({
        stage: z.string(),
        rate: ratio,
        source: z.enum(["observed", "crm_probability"]),
        reached: z.number().int(),
      }),
    ),
    slipFactor: ratio,
    stageAgeP90Days: z.array(z.object({ stage: z.string(), days: z.number().nullable() })),
    draws: z.number().int(),
    seed: z.number().int(),
    labels: z.array(z.string()),
  }),
});
export type ForecastResult = z.infer<typeof forecastResultSchema>;
