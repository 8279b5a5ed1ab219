import { z } from "zod";
import { periodRefSchema } from "./attainment";

/**
 * Pipeline health for one scope and period (metrics.md, "Pipeline health"). Money in integer
 * cents; ratios plain numbers; anything that cannot be computed is null with a reason.
 */
const cents = z.number().int();
const ratio = z.number().finite();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().nonnegative();

/** Deals created in one week (Monday start) or month, against the average of the 3 periods before it. */
export const generationRowSchema = z.object({
  start: isoDate,
  end: isoDate,
  /** false for the week or month still under way on the as-of date */
  complete: z.boolean(),
  deals: count,
  amountCents: cents,
  trailingAverageDeals: z.number().nonnegative(),
  trailingAverageAmountCents: cents,
  /** amount / trailing average amount; null when the trailing average is 0 */
  amountVsTrailing: ratio.nullable(),
});

export const pipelineResultSchema = z.object({
  period: periodRefSchema,
  asOfDate: isoDate,
  /** open deals with close date in the period */
  openPipeline: z.object({ deals: count, amountCents: cents }),
  coverage: z.object({
    quotaCents: cents,
    bookingsToDateCents: cents,
    /** max(quota − bookings to date, 0) */
    remainingQuotaCents: cents,
    /** open pipeline / remaining quota; null when the quota is met or there is no quota */
    ratio: ratio.nullable(),
    healthyRatio: ratio,
    /** "quota_met": nothing left to cover (coverage infinite); "no_quota": no quota for the period */
    status: z.enum(["healthy", "below_healthy", "quota_met", "no_quota"]),
  }),
  /** open pipeline per stage, in funnel order; stages outside the funnel order come last */
  stages: z.array(
    z.object({ stage: z.string(), deals: count, amountCents: cents, stageWinRate: ratio.nullable() }),
  ),
  velocity: z.object({
    /** trailing window of closed deals the rates are taken from */
    window: z.object({ start: isoDate, end: isoDate }),
    /** all open deals of the scope */
    openDeals: count,
    winRate: ratio.nullable(),
    averageDealSizeCents: cents.nullable(),
    salesCycleDays: z.number().nonnegative().nullable(),
    /** open deals × win rate × average deal size / sales cycle days, in cents per day */
    centsPerDay: cents.nullable(),
    nullReason: z.enum(["no_closed_deals", "no_won_deals", "zero_cycle_days"]).nullable(),
  }),
  aging: z.object({
    /** deal age = days from created date to the as-of date, over the open pipeline of the period */
    buckets: z.array(
      z.object({
        label: z.string(),
        fromDays: z.number().int(),
        toDays: z.number().int().nullable(),
        deals: count,
        amountCents: cents,
      }),
    ),
    averageAgeDays: z.number().nonnegative().nullable(),
    stageAge: z.object({
      /** false when no deal of the open pipeline has stage history: stage age is then unknown, not guessed */
      available: z.boolean(),
      dealsWithHistory: count,
      dealsWithoutHistory: count,
      averageDays: z.number().nonnegative().nullable(),
      byStage: z.array(z.object({ stage: z.string(), deals: count, averageDays: z.number().nonnegative() })),
      note: z.string().nullable(),
    }),
  }),
  pushed: z.object({
    /** pushes are counted at this grain: a close date moved into a later month (or quarter) */
    grain: z.enum(["month", "quarter"]),
    /** open pipeline deals of the period whose close date moved to a later period at least once */
    deals: count,
    amountCents: cents,
    /** share of open pipeline deals that were pushed; null with no open pipeline */
    shareOfDeals: ratio.nullable(),
    dealsWithHistory: count,
    top: z.array(
      z.object({
        dealId: z.string(),
        name: z.string().nullable(),
        owner: z.string().nullable(),
        stage: z.string(),
        amountCents: cents,
        firstCloseDate: isoDate,
        closeDate: isoDate,
        pushes: z.number().int().positive(),
      }),
    ),
  }),
  generation: z.object({
    weekly: z.array(generationRowSchema),
    monthly: z.array(generationRowSchema),
  }),
});

export type PipelineResult = z.infer<typeof pipelineResultSchema>;
export type GenerationRow = z.infer<typeof generationRowSchema>;
