import { z } from "zod";

/** A figure that may be unavailable: value null comes with a human reason, else reason is null. */
export function nullableFigure<T extends z.ZodType>(value: T) {
  return z.object({ value: value.nullable(), reason: z.string().nullable() });
}
export const ratioFigure = nullableFigure(z.number());
export const centsFigure = nullableFigure(z.number().int());

export const accountSegmentSchema = z.enum(["strategic", "growth", "developing"]);
export const accountStatusSchema = z.enum(["growing", "stable", "at_risk"]);
export const valueSourceSchema = z.enum(["contracts", "bookings"]);

export const contractAtRiskSchema = z.object({
  contractId: z.string(),
  accountId: z.number().int(),
  accountName: z.string().nullable(),
  product: z.string().nullable(),
  valueCents: z.number().int(),
  endDate: z.string(),
  /** end date − today; negative = already expired */
  daysToEnd: z.number().int(),
  status: z.enum(["expired", "expiring"]),
});

export const opportunitySchema = z.object({
  dealId: z.string(),
  name: z.string().nullable(),
  accountName: z.string().nullable(),
  ownerName: z.string().nullable(),
  amountCents: z.number().int(),
  /** percent 0–100 used for the > 80% test */
  probability: z.number(),
  probabilitySource: z.enum(["crm", "stage_win_rate"]),
  closeDate: z.string(),
  stage: z.string(),
});

export const rankedAccountSchema = z.object({
  rank: z.number().int(),
  accountId: z.number().int(),
  accountName: z.string().nullable(),
  segment: accountSegmentSchema,
  annualValueCents: z.number().int(),
  valueSource: valueSourceSchema,
  openPipelineCents: z.number().int(),
  revenueAtRiskCents: z.number().int(),
  status: accountStatusSchema,
});

export const segmentSummarySchema = z.object({
  segment: accountSegmentSchema,
  accounts: z.number().int(),
  annualValueCents: z.number().int(),
});

export const revenueFocusResultSchema = z.object({
  asOfDate: z.string(),
  /** how annual value is taken: active contract values for accounts with contracts, else T12M bookings */
  annualValueRule: z.string(),
  thresholds: z.object({
    strategicAboveCents: z.number().int(),
    growthFromCents: z.number().int(),
    riskWindowDays: z.number().int(),
    highValueProbabilityAbove: z.number(),
  }),
  /** accounts in the scope (company: all; else those its reps have deals with) */
  accountCount: z.number().int(),
  /** accounts with annual value > 0; segments and ranking cover these */
  customerCount: z.number().int(),
  segments: z.array(segmentSummarySchema),
  revenueAtRisk: z.object({
    valueCents: z.number().int(),
    contractCount: z.number().int(),
    customerCount: z.number().int(),
    /** window of end dates considered: expired in the trailing 365 days or ending within 90 */
    window: z.object({ start: z.string(), end: z.string() }),
    /** the largest 20 */
    contracts: z.array(contractAtRiskSchema),
  }),
  highValueOpportunities: z.object({
    count: z.number().int(),
    amountCents: z.number().int(),
    /** the largest 10 */
    top: z.array(opportunitySchema),
  }),
  growthPotential: z.object({
    count: z.number().int(),
    currentWindow: z.object({ start: z.string(), end: z.string() }),
    previousWindow: z.object({ start: z.string(), end: z.string() }),
    /** the 20 largest rises */
    accounts: z.array(
      z.object({
        accountId: z.number().int(),
        accountName: z.string().nullable(),
        previousCount: z.number().int(),
        currentCount: z.number().int(),
      }),
    ),
  }),
  /** top 20 accounts by annual value */
  ranking: z.array(rankedAccountSchema),
  kpis: z.object({
    /** window of closed deals the deal KPIs use */
    window: z.object({ start: z.string(), end: z.string() }),
    totalContractValue: centsFigure,
    totalContractValueSource: valueSourceSchema,
    averageDealSize: centsFigure,
    winRate: ratioFigure,
    winRateByValue: ratioFigure,
    salesCycleMedianDays: ratioFigure,
    salesCycleMeanDays: ratioFigure,
    /** average annual value per account × 1 / annual logo churn */
    customerLifetimeValue: centsFigure,
    averageAnnualValueCents: centsFigure,
    annualLogoChurn: ratioFigure,
    grossRevenueRetention: ratioFigure,
    /** current quarter open pipeline / remaining quota */
    coverage: ratioFigure,
    coveragePeriod: z.string(),
    /** cents per day */
    velocity: centsFigure,
    stageConversion: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        reached: z.number().int(),
        advanced: z.number().int(),
        rate: z.number().nullable(),
      }),
    ),
    averageOpenAgeDays: ratioFigure,
    openDealCount: z.number().int(),
  }),
});
export type RevenueFocusResult = z.infer<typeof revenueFocusResultSchema>;
