import { type AttainmentResult, attainmentResultSchema } from "../domain/analyses/attainment";
import type { AnalysisDefinition } from "./definition";

export const attainment: AnalysisDefinition<AttainmentResult> = {
  name: "attainment",
  definitionVersion: 1,
  title: "attainment",
  schema: attainmentResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
