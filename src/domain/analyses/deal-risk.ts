import { z } from "zod";

/** Stable codes of the risk factors (see src/analytics/deal-risk-factors.ts for points and texts). */
export const riskFactorCodeSchema = z.enum([
  "stalled",
  "pushed_once",
  "pushed_repeatedly",
  "past_close_date",
  "no_recent_activity",
  "missing_next_step",
  "probability_mismatch",
  "concentration",
]);
export type RiskFactorCode = z.infer<typeof riskFactorCodeSchema>;

export const riskFactorSchema = z.object({
  code: riskFactorCodeSchema,
  points: z.number().int().min(0).max(100),
  /** human text, e.g. "pushed twice" */
  reason: z.string(),
  /** human text, e.g. "re-confirm close date with the champion" */
  mitigation: z.string(),
});
export type RiskFactor = z.infer<typeof riskFactorSchema>;

/** A factor that could not be assessed for a deal, and why ("no stage history"). */
export const unassessedFactorSchema = z.object({ code: riskFactorCodeSchema, reason: z.string() });

export const riskDealSchema = z.object({
  dealId: z.string(),
  name: z.string().nullable(),
  accountId: z.number().int().nullable(),
  accountName: z.string().nullable(),
  ownerId: z.number().int(),
  ownerName: z.string().nullable(),
  amountCents: z.number().int(),
  /** YYYY-MM-DD */
  closeDate: z.string(),
  stage: z.string(),
  /** 0–100, sum of factor points capped at 100 */
  score: z.number().int().min(0).max(100),
  factors: z.array(riskFactorSchema),
  notAssessed: z.array(unassessedFactorSchema),
  /** "pushed twice, no activity 19 days"; "" when no factor applies */
  summary: z.string(),
  /** round(amount × score / 100) */
  revenueAtRiskCents: z.number().int(),
  /** score ≥ executive threshold and amount in the top decile of open deals */
  executiveFlag: z.boolean(),
});
export type RiskDeal = z.infer<typeof riskDealSchema>;

export const dealRiskResultSchema = z.object({
  /** YYYY-MM-DD the scores were computed for */
  asOfDate: z.string(),
  period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
  /** open deals of the scope closing in the period */
  openDealCount: z.number().int(),
  openAmountCents: z.number().int(),
  /** Σ revenue at risk over every open deal closing in the period (not only the register) */
  revenueAtRiskCents: z.number().int(),
  /** Σ revenue at risk of the register's deals */
  registerRevenueAtRiskCents: z.number().int(),
  /** top 20 by revenue at risk, highest first */
  register: z.array(riskDealSchema),
  flaggedCount: z.number().int(),
  /** every executive-flagged deal closing in the period, register or not */
  flaggedDealIds: z.array(z.string()),
  /** hours within which a flagged deal must get an action item */
  interventionSlaHours: z.number().int(),
  thresholds: z.object({
    executiveScore: z.number(),
    /** amount at or above which a deal is in the top decile of open deals; null with no open deal */
    executiveAmountCents: z.number().int().nullable(),
    /** mean won deal size over the trailing 12 months (concentration baseline); null with none */
    averageDealSizeCents: z.number().int().nullable(),
    registerSize: z.number().int(),
  }),
  /** the factor table: code → points, so readers can explain a score */
  factorPoints: z.array(z.object({ code: riskFactorCodeSchema, points: z.number().int() })),
});
export type DealRiskResult = z.infer<typeof dealRiskResultSchema>;
