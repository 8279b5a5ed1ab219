import { z } from "zod";

/** Placeholder: the attainment result schema. */
export const attainmentResultSchema = z.object({ status: z.literal("not_implemented") });
export type AttainmentResult = z.infer<typeof attainmentResultSchema>;
