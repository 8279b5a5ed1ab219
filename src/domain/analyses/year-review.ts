import { z } from "zod";

/** Placeholder: the year-review result schema. */
export const yearReviewResultSchema = z.object({ status: z.literal("not_implemented") });
export type YearReviewResult = z.infer<typeof yearReviewResultSchema>;
