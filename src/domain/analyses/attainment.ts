import { z } from "zod";

/**
 * Quota attainment for one scope and period (metrics.md, "Bookings and attainment").
 * Money is integer cents; ratios are plain numbers (1.0 = 100%); a ratio that cannot be computed
 * is null with a reason beside it.
 */
const cents = z.number().int();
const ratio = z.number().finite();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const attainmentNullReasonSchema = z.enum(["no_quota"]);
/** why a projection is missing: no quota to divide by, or no stored forecast for the scope and period */
export const projectionNullReasonSchema = z.enum(["no_quota", "no_forecast"]);

export const periodRefSchema = z.object({
  key: z.string(),
  kind: z.enum(["month", "quarter", "year"]),
  start: isoDate,
  end: isoDate,
});

export const attainmentBandSchema = z.enum(["below_50", "50_80", "80_100", "100_120", "above_120"]);

/** One row of a breakdown: a child scope (region, team, segment or rep) of the stored scope. */
export const attainmentRowSchema = z.object({
  /**
   * scopeKey of the row, e.g. "team:West", "rep:Ana Lima"; null for the row gathering the reps that
   * have no value for the dimension (named "(no team)" etc.), so that rows always add up to the total
   */
  scope: z.string().nullable(),
  name: z.string(),
  reps: z.number().int().nonnegative(),
  bookingsCents: cents,
  quotaCents: cents,
  /** summed bookings / summed quotas of the row's reps */
  attainment: ratio.nullable(),
  attainmentNullReason: attainmentNullReasonSchema.nullable(),
  /** the row's stored forecast base / quota (see projection) */
  projectedAttainment: ratio.nullable(),
  projectedNullReason: projectionNullReasonSchema.nullable(),
  /** band of attainment; null when attainment is null */
  band: attainmentBandSchema.nullable(),
});

export const attainmentResultSchema = z.object({
  period: periodRefSchema,
  /** the as-of calendar date the figures run to */
  asOfDate: isoDate,
  /** true when the period has ended by asOfDate */
  periodComplete: z.boolean(),
  reps: z.number().int().nonnegative(),
  bookingsCents: cents,
  wonDeals: z.number().int().nonnegative(),
  quotaCents: cents,
  attainment: ratio.nullable(),
  attainmentNullReason: attainmentNullReasonSchema.nullable(),
  pace: z.object({
    /** Monday–Friday days from the period start through asOfDate (inclusive), capped at the period end */
    businessDaysElapsed: z.number().int().nonnegative(),
    businessDaysInPeriod: z.number().int().positive(),
    /** quota × elapsed business days / business days in the period, rounded to the cent */
    expectedToDateCents: cents,
    /** bookings − expected to date (negative = behind) */
    varianceToPaceCents: cents,
    /** bookings / expected to date; null when nothing was expected yet */
    paceRatio: ratio.nullable(),
    paceNullReason: z.enum(["no_quota", "no_business_day_elapsed"]).nullable(),
  }),
  projection: z.object({
    /** open deals with close date in the period (0 for a completed period) */
    openDeals: z.number().int().nonnegative(),
    openPipelineCents: cents,
    /**
     * forecast_base: the stored forecast's base (P50) for this scope and period; closed_bookings:
     * the period has ended, so its bookings; quarter_forecasts (a year): the bookings of its ended
     * quarters plus the bases of the others; null when no forecast is stored for the period
     */
    source: z.enum(["forecast_base", "closed_bookings", "quarter_forecasts"]).nullable(),
    projectedBookingsCents: cents.nullable(),
    projectedAttainment: ratio.nullable(),
    projectedNullReason: projectionNullReasonSchema.nullable(),
  }),
  /** the deals closed in the period (metrics.md, "Deals"); null while the period is open */
  dealFigures: z
    .object({
      wonDeals: z.number().int().nonnegative(),
      lostDeals: z.number().int().nonnegative(),
      /** won / (won + lost); null when nothing closed */
      winRateByCount: ratio.nullable(),
      /** won amount / closed amount; null when nothing closed */
      winRateByValue: ratio.nullable(),
      /** mean amount of won deals; null with none */
      averageWonDealCents: cents.nullable(),
      /** days from created to close of won deals */
      medianSalesCycleDays: z.number().nonnegative().nullable(),
      meanSalesCycleDays: z.number().nonnegative().nullable(),
    })
    .nullable(),
  /** child scopes: regions, segments, teams and reps for the company; a team's reps; … */
  breakdown: z.array(
    z.object({
      dimension: z.enum(["region", "segment", "team", "rep"]),
      rows: z.array(attainmentRowSchema),
    }),
  ),
  /** reps of the scope with attainment ≥ 1.0, highest first */
  topPerformers: z.array(
    z.object({
      rank: z.number().int().positive(),
      rep: z.string(),
      team: z.string().nullable(),
      bookingsCents: cents,
      quotaCents: cents,
      attainment: ratio,
    }),
  ),
  /** reps whose projected attainment is below the at-risk threshold, lowest first */
  atRiskReps: z.object({
    threshold: ratio,
    reps: z.array(
      z.object({
        rep: z.string(),
        team: z.string().nullable(),
        bookingsCents: cents,
        quotaCents: cents,
        attainment: ratio,
        projectedAttainment: ratio,
        /** quota − projected bookings */
        projectedGapCents: cents,
      }),
    ),
  }),
  /** reps (with a quota) per attainment band; reps without a quota are counted apart */
  distribution: z.object({
    bands: z.array(
      z.object({
        band: attainmentBandSchema,
        label: z.string(),
        /** inclusive lower bound (null = unbounded) */
        fromRatio: ratio.nullable(),
        /** upper bound (null = unbounded); exclusive except for 100_120, which includes 1.2 */
        toRatio: ratio.nullable(),
        reps: z.number().int().nonnegative(),
      }),
    ),
    repsWithoutQuota: z.number().int().nonnegative(),
  }),
  /** the current quarter and the three before it */
  trend: z.array(
    z.object({
      period: periodRefSchema,
      complete: z.boolean(),
      bookingsCents: cents,
      quotaCents: cents,
      attainment: ratio.nullable(),
      attainmentNullReason: attainmentNullReasonSchema.nullable(),
    }),
  ),
});
export type AttainmentResult = z.infer<typeof attainmentResultSchema>;
export type AttainmentRow = z.infer<typeof attainmentRowSchema>;
export type AttainmentBand = z.infer<typeof attainmentBandSchema>;
