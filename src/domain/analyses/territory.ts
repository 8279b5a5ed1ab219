import { z } from "zod";
import { ratioFigure } from "./revenue-focus";

export const quotaSourceSchema = z.enum(["planned_quarter", "previous_quarter", "none"]);
export const coverageGapSchema = z.enum(["under_covered", "over_covered", "balanced"]);
export const scenarioCodeSchema = z.enum(["keep_current", "proportional", "proportional_capped"]);

export const territoryRepSchema = z.object({
  repId: z.number().int(),
  name: z.string(),
  team: z.string(),
  hireDate: z.string().nullable(),
  /** share of a full quota the rep carries in the planned quarter (mean of its three months' ramp) */
  rampFactor: z.number(),
  fullyRamped: z.boolean(),
  trailingBookingsCents: z.number().int(),
  openPipelineCents: z.number().int(),
  /** trailing bookings + open pipeline */
  potentialCents: z.number().int(),
  /** imported quota (planned quarter, or the previous quarter × 1.0 when the team has none); null: none */
  currentQuotaCents: z.number().int().nullable(),
  /** team quota split by potential × ramp */
  proposedQuotaCents: z.number().int().nullable(),
  /** proposed, held within ±20% of the current quota */
  cappedQuotaCents: z.number().int().nullable(),
  /** quota / potential; null when the rep has no potential or no quota */
  currentQuotaToPotential: z.number().nullable(),
  proposedQuotaToPotential: z.number().nullable(),
});

export const territorySchema = z.object({
  /** a territory is a team */
  team: z.string(),
  repCount: z.number().int(),
  /** Σ ramp factors: reps counted by the share of quota they carry */
  rampedHeadcount: z.number(),
  trailingBookingsCents: z.number().int(),
  openPipelineCents: z.number().int(),
  potentialCents: z.number().int(),
  /** potential / ramped headcount; null with no ramped rep */
  potentialPerRepCents: z.number().int().nullable(),
  /** potential per rep vs the company median: > 1.5× under-covered, < 0.5× over-covered; null if unknown */
  coverageGap: coverageGapSchema.nullable(),
  teamQuotaCents: z.number().int().nullable(),
  quotaSource: quotaSourceSchema,
  fairnessCurrent: ratioFigure,
  fairnessProposed: ratioFigure,
});

export const territoryResultSchema = z.object({
  asOfDate: z.string(),
  plannedPeriod: z.object({ key: z.string(), start: z.string(), end: z.string() }),
  previousPeriod: z.string(),
  /** bookings window: the four quarters before the planned quarter, up to today */
  trailingWindow: z.object({ start: z.string(), end: z.string() }),
  rampSchedule: z.array(z.number()),
  /** company-wide median of territory potential per rep, the coverage-gap baseline */
  medianPotentialPerRepCents: z.number().int().nullable(),
  territories: z.array(territorySchema),
  reps: z.array(territoryRepSchema),
  fairness: z.object({
    /** 1 − Gini(quota / potential) over fully ramped reps with potential */
    current: ratioFigure,
    proposed: ratioFigure,
    capped: ratioFigure,
    target: z.number(),
  }),
  scenarios: z.array(
    z.object({
      code: scenarioCodeSchema,
      name: z.string(),
      description: z.string(),
      totalPlanCents: z.number().int(),
      fairness: ratioFigure,
    }),
  ),
  /** (max − min) / keep-current total across the scenarios */
  scenarioVariance: ratioFigure,
  scenarioVarianceTarget: z.number(),
});
export type TerritoryResult = z.infer<typeof territoryResultSchema>;
