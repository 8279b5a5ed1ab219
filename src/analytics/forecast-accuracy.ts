import {
  type ForecastAccuracyResult,
  forecastAccuracyResultSchema,
} from "../domain/analyses/forecast-accuracy";
import type { AnalysisDefinition } from "./definition";

export const forecastAccuracy: AnalysisDefinition<ForecastAccuracyResult> = {
  name: "forecast-accuracy",
  definitionVersion: 1,
  title: "forecast-accuracy",
  schema: forecastAccuracyResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
