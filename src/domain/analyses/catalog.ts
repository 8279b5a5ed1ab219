/**
 * The stored analyses as readers see them: each one's name, title, definition version and the
 * schema its payload is checked against. The analyses (src/analytics) compute these documents; the
 * store and the Slack answers read them, from here, without depending on the computing code.
 */
import type { z } from "zod";
import type { ForecastSnapshot } from "../crm";
import { attainmentResultSchema } from "./attainment";
import { dataQualityResultSchema } from "./data-quality";
import { dealRiskResultSchema } from "./deal-risk";
import { forecastResultSchema } from "./forecast";
import { forecastAccuracyResultSchema } from "./forecast-accuracy";
import { pipelineResultSchema } from "./pipeline";
import { revenueFocusResultSchema } from "./revenue-focus";
import { territoryResultSchema } from "./territory";
import { yearReviewResultSchema } from "./year-review";

export const ANALYSIS_NAMES = [
  "attainment",
  "forecast-accuracy",
  "pipeline",
  "forecast",
  "deal-risk",
  "revenue-focus",
  "territory",
  "data-quality",
  "year-review",
] as const;

export type AnalysisName = (typeof ANALYSIS_NAMES)[number];

/** One stored document: an analysis's result for one scope ("company", "team:West", …) and period. */
export interface AnalysisResult<T> {
  /** scopeKey(): "company", "team:West", "region:EMEA", "segment:Enterprise", "rep:Ana Lima" */
  scope: string;
  /** period key: "2026-11", "2026-Q4", "FY2026"; "current" for analyses that are not per period */
  period: string;
  /** true for the period readers get when they name none (one per scope) */
  isDefault: boolean;
  payload: T;
}

export interface AnalysisOutput<T> {
  results: AnalysisResult<T>[];
  /** the bot's own forecast snapshots taken by this refresh (the forecast analysis only) */
  snapshots?: ForecastSnapshot[];
}

/** What a reader needs to know of an analysis. Bump definitionVersion whenever a figure's definition changes. */
export interface AnalysisSpec<T> {
  name: AnalysisName;
  definitionVersion: number;
  title: string;
  schema: z.ZodType<T>;
}

function spec<N extends AnalysisName, S extends z.ZodType>(
  name: N,
  definitionVersion: number,
  title: string,
  schema: S,
): AnalysisSpec<z.infer<S>> & { name: N } {
  return { name, definitionVersion, title, schema: schema as z.ZodType<z.infer<S>> };
}

/** Every stored analysis, in the order a refresh computes them. */
export const ANALYSIS_SPECS = {
  attainment: spec("attainment", 2, "Quota attainment", attainmentResultSchema),
  "forecast-accuracy": spec("forecast-accuracy", 4, "Forecast accuracy", forecastAccuracyResultSchema),
  pipeline: spec("pipeline", 1, "Pipeline health", pipelineResultSchema),
  forecast: spec("forecast", 4, "Next-period forecast", forecastResultSchema),
  "deal-risk": spec("deal-risk", 1, "Deal risk register", dealRiskResultSchema),
  "revenue-focus": spec("revenue-focus", 1, "Revenue focus", revenueFocusResultSchema),
  territory: spec("territory", 1, "Territory and quota plan", territoryResultSchema),
  "data-quality": spec("data-quality", 1, "Data quality", dataQualityResultSchema),
  "year-review": spec("year-review", 1, "Year-end review", yearReviewResultSchema),
} satisfies { [N in AnalysisName]: AnalysisSpec<unknown> & { name: N } };
