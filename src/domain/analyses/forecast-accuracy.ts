import { z } from "zod";

/** Placeholder: the forecast-accuracy result schema. */
export const forecastAccuracyResultSchema = z.object({ status: z.literal("not_implemented") });
export type ForecastAccuracyResult = z.infer<typeof forecastAccuracyResultSchema>;
