import { z } from "zod";

/** Placeholder: the deal-risk result schema. */
export const dealRiskResultSchema = z.object({ status: z.literal("not_implemented") });
export type DealRiskResult = z.infer<typeof dealRiskResultSchema>;
