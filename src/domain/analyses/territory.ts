import { z } from "zod";

/** Placeholder: the territory result schema. */
export const territoryResultSchema = z.object({ status: z.literal("not_implemented") });
export type TerritoryResult = z.infer<typeof territoryResultSchema>;
