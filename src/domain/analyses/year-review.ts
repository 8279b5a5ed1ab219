import { z } from "zod";
import { centsFigure, ratioFigure } from "./revenue-focus";

export const winLossRowSchema = z.object({
  /** segment (account's, else the owner's) or product name; "Unassigned" when unknown */
  name: z.string(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable(),
  bookingsCents: z.number().int(),
});

export const stageTimeSchema = z.object({
  stage: z.string(),
  /** completed stays in the stage that ended within the year */
  stays: z.number().int(),
  medianDays: z.number().nullable(),
  meanDays: z.number().nullable(),
});

export const lessonCodeSchema = z.enum([
  "largest_bottleneck",
  "weakest_conversion",
  "weakest_segment",
  "strongest_product",
  "forecast_bias",
  "retention",
  "growth",
]);

export const yearReviewResultSchema = z.object({
  asOfDate: z.string(),
  year: z.object({ key: z.string(), start: z.string(), end: z.string() }),
  /** last day counted: the year's end, or today while the year is running */
  through: z.string(),
  yearToDate: z.boolean(),
  summary: z.object({
    bookingsCents: z.number().int(),
    /** full-year quota of the scope's reps */
    quotaCents: z.number().int().nullable(),
    attainment: ratioFigure,
    winRate: ratioFigure,
    dealsWon: z.number().int(),
    dealsLost: z.number().int(),
    averageDealSize: centsFigure,
    /** bookings of the previous year over the same span (start to the same day) */
    previousYearBookingsCents: z.number().int(),
    growth: ratioFigure,
  }),
  /** stage-to-stage conversion of deals closed in the year */
  funnel: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      reached: z.number().int(),
      advanced: z.number().int(),
      rate: z.number().nullable(),
    }),
  ),
  stageTimes: z.array(stageTimeSchema),
  /** up to three stages with the longest median time, slowest first */
  bottlenecks: z.array(stageTimeSchema),
  winLossBySegment: z.array(winLossRowSchema),
  winLossByProduct: z.array(winLossRowSchema),
  retention: z.object({
    from: z.string(),
    to: z.string(),
    baseAccounts: z.number().int(),
    churnedAccounts: z.number().int(),
    grossRevenueRetention: ratioFigure,
    logoRetention: ratioFigure,
    /** "contracts" when contracts are imported, else annual value from bookings */
    source: z.enum(["contracts", "bookings"]),
  }),
  forecasting: z.object({
    horizonDays: z.number().int(),
    months: z.array(
      z.object({
        period: z.string(),
        forecastCents: z.number().int().nullable(),
        submittedAt: z.string().nullable(),
        /** days from submission to the month's end */
        horizonDays: z.number().int().nullable(),
        actualCents: z.number().int(),
        errorCents: z.number().int().nullable(),
        /** |F − A| / A; null when no forecast or A = 0 */
        ape: z.number().nullable(),
      }),
    ),
    mape: ratioFigure,
    bias: ratioFigure,
    mapeTarget: z.number(),
  }),
  lessons: z.array(z.object({ code: lessonCodeSchema, text: z.string(), value: z.number().nullable() })),
});
export type YearReviewResult = z.infer<typeof yearReviewResultSchema>;
