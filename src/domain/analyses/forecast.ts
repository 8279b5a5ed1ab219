import { z } from "zod";

/** Placeholder: the forecast result schema. */
export const forecastResultSchema = z.object({ status: z.literal("not_implemented") });
export type ForecastResult = z.infer<typeof forecastResultSchema>;
