import { z } from "zod";

/**
 * Data quality of the opportunities in one scope (metrics.md, "Data quality"). A record is one
 * opportunity; accuracy = records passing every check / records.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().nonnegative();

export const dataQualityCheckCodeSchema = z.enum([
  "required_fields",
  "amount_positive",
  "close_date_not_past",
  "known_owner",
  "known_stage",
  "probability_consistent",
  "no_duplicate",
  "closed_after_created",
]);

export const dataQualityResultSchema = z.object({
  asOfDate: isoDate,
  records: count,
  passing: count,
  /** passing / records; null with no records */
  accuracy: z.number().min(0).max(1).nullable(),
  accuracyNullReason: z.enum(["no_records"]).nullable(),
  /** accuracy must be above this (0.98) */
  target: z.number(),
  meetsTarget: z.boolean().nullable(),
  checks: z.array(
    z.object({
      code: dataQualityCheckCodeSchema,
      /** what the check requires, in words */
      rule: z.string(),
      failures: count,
    }),
  ),
  failingRecords: z.object({
    total: count,
    /** at most this many records are listed */
    limit: z.number().int().positive(),
    rows: z.array(
      z.object({
        dealId: z.string(),
        name: z.string().nullable(),
        owner: z.string().nullable(),
        failures: z.array(
          z.object({
            code: dataQualityCheckCodeSchema,
            /** the offending value as found (field names for missing fields, the duplicate's original id, …) */
            value: z.union([z.string(), z.number()]).nullable(),
          }),
        ),
      }),
    ),
  }),
});
export type DataQualityResult = z.infer<typeof dataQualityResultSchema>;
export type DataQualityCheckCode = z.infer<typeof dataQualityCheckCodeSchema>;
