import { z } from "zod";

/** Placeholder: the data-quality result schema. */
export const dataQualityResultSchema = z.object({ status: z.literal("not_implemented") });
export type DataQualityResult = z.infer<typeof dataQualityResultSchema>;
