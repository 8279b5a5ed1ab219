import { type DataQualityResult, dataQualityResultSchema } from "../domain/analyses/data-quality";
import type { AnalysisDefinition } from "./definition";

export const dataQuality: AnalysisDefinition<DataQualityResult> = {
  name: "data-quality",
  definitionVersion: 1,
  title: "data-quality",
  schema: dataQualityResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
