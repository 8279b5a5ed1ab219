import type { AnalysisName, AnalysisOutput, AnalysisResult, AnalysisSpec } from "../domain/analyses/catalog";
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
  /** analyses whose results this one reads (computed first, in the same refresh) */
  needs?: readonly AnalysisName[];
  compute: (input: Prepared, upstream?: Upstream) => AnalysisOutput<T>;
  renderText: (payload: T, meta: { scope: string; period: string; currency: string }) => string;
}

/** The results of the analyses computed earlier in the same refresh, by name. */
export type Upstream = Partial<Record<AnalysisName, readonly AnalysisResult<unknown>[]>>;
