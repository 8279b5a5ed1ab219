import { type TerritoryResult, territoryResultSchema } from "../domain/analyses/territory";
import type { AnalysisDefinition } from "./definition";

export const territory: AnalysisDefinition<TerritoryResult> = {
  name: "territory",
  definitionVersion: 1,
  title: "territory",
  schema: territoryResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
