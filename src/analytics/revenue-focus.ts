import { type RevenueFocusResult, revenueFocusResultSchema } from "../domain/analyses/revenue-focus";
import type { AnalysisDefinition } from "./definition";

export const revenueFocus: AnalysisDefinition<RevenueFocusResult> = {
  name: "revenue-focus",
  definitionVersion: 1,
  title: "revenue-focus",
  schema: revenueFocusResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
