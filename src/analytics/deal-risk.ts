import { type DealRiskResult, dealRiskResultSchema } from "../domain/analyses/deal-risk";
import type { AnalysisDefinition } from "./definition";

export const dealRisk: AnalysisDefinition<DealRiskResult> = {
  name: "deal-risk",
  definitionVersion: 1,
  title: "deal-risk",
  schema: dealRiskResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
