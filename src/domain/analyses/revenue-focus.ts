import { z } from "zod";

/** Placeholder: the revenue-focus result schema. */
export const revenueFocusResultSchema = z.object({ status: z.literal("not_implemented") });
export type RevenueFocusResult = z.infer<typeof revenueFocusResultSchema>;
