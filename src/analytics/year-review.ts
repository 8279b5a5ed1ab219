import { type YearReviewResult, yearReviewResultSchema } from "../domain/analyses/year-review";
import type { AnalysisDefinition } from "./definition";

export const yearReview: AnalysisDefinition<YearReviewResult> = {
  name: "year-review",
  definitionVersion: 1,
  title: "year-review",
  schema: yearReviewResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
