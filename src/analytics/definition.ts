import type { z } from "zod";
import type { ForecastSnapshot } from "../domain/crm";
import type { Prepared } from "./prepare/prepare";

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

/**
 * An analysis: a pure function from the prepared dataset to stored results, the zod schema its
 * payload is checked against before storing, and a plain-text rendering for `rituals analyze`.
 * Bump definitionVersion whenever a figure's definition changes.
 */
export interface AnalysisDefinition<T> {
  name: AnalysisName;
  definitionVersion: number;
  title: string;
  schema: z.ZodType<T>;
  compute: (input: Prepared) => AnalysisOutput<T>;
  renderText: (payload: T, meta: { scope: string; period: string; currency: string }) => string;
}
