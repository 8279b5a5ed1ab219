import { type ForecastResult, forecastResultSchema } from "../domain/analyses/forecast";
import type { AnalysisDefinition } from "./definition";

export const forecast: AnalysisDefinition<ForecastResult> = {
  name: "forecast",
  definitionVersion: 1,
  title: "forecast",
  schema: forecastResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
