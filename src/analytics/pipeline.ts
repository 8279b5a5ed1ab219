import { type PipelineResult, pipelineResultSchema } from "../domain/analyses/pipeline";
import type { AnalysisDefinition } from "./definition";

export const pipeline: AnalysisDefinition<PipelineResult> = {
  name: "pipeline",
  definitionVersion: 1,
  title: "pipeline",
  schema: pipelineResultSchema,
  compute: () => ({ results: [] }),
  renderText: () => "not implemented",
};
