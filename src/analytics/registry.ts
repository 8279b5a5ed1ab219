import { attainment } from "./attainment/attainment";
import { dataQuality } from "./data-quality/data-quality";
import { dealRisk } from "./deal-risk/deal-risk";
import type { AnalysisDefinition, AnalysisName } from "./definition";
import { forecastAccuracy } from "./forecasting/accuracy";
import { forecast } from "./forecasting/forecast";
import { pipeline } from "./pipeline/pipeline";
import { revenueFocus } from "./revenue-focus/revenue-focus";
import { territory } from "./territory/territory";
import { yearReview } from "./year-review/year-review";

/**
 * Every analysis a refresh computes, in the order it computes them: the forecast before
 * attainment, which projects with the forecast's base.
 */
// biome-ignore lint/suspicious/noExplicitAny: each entry carries its own payload type
export const ANALYSES: Record<AnalysisName, AnalysisDefinition<any>> = {
  forecast: forecast,
  attainment: attainment,
  "forecast-accuracy": forecastAccuracy,
  pipeline: pipeline,
  "deal-risk": dealRisk,
  "revenue-focus": revenueFocus,
  territory: territory,
  "data-quality": dataQuality,
  "year-review": yearReview,
};
