import type { AnalysisOutput, AnalysisSpec } from "../domain/analyses/catalog";
import type { Prepared } from "./prepare/prepare";

export {
  ANALYSIS_NAMES,
  type AnalysisName,
  type AnalysisOutput,
  type AnalysisResult,
} from "../domain/analyses/catalog";

/**
 * An analysis: its spec (name, title, definition version, payload schema: src/domain/analyses/
 * catalog.ts), a pure function from the prepared dataset to stored results, and a plain-text
 * rendering for `rituals analyze`.
 */
export interface AnalysisDefinition<T> extends AnalysisSpec<T> {
  compute: (input: Prepared) => AnalysisOutput<T>;
  renderText: (payload: T, meta: { scope: string; period: string; currency: string }) => string;
}
