import { describe, expect, it } from "vitest";
import type { AnalysisDefinition } from "../../src/analytics/definition";
import { ANALYSES } from "../../src/analytics/registry";
import {
  COMPUTE_THREAD_MAX_DEALS,
  COMPUTE_THREAD_MIN_DEALS,
  divideAnalyses,
  usesComputeThread,
} from "../../src/refresh/compute-thread";
import { inComputeOrder } from "../../src/refresh/refresh";

const names = (defs: readonly { name: string }[] | undefined) => defs?.map((d) => d.name);

describe("dividing a refresh's analyses between two threads", () => {
  it("sends the forecast and the analyses reading it or its backtest, keeps the rest here", () => {
    const divided = divideAnalyses(inComputeOrder(Object.values(ANALYSES)));
    expect(names(divided?.there)).toEqual(["forecast", "attainment", "forecast-accuracy"]);
    expect(names(divided?.here)).toEqual([
      "pipeline",
      "deal-risk",
      "revenue-focus",
      "territory",
      "data-quality",
      "year-review",
    ]);
  });

  it("sends attainment's forecast with it when only attainment is asked for", () => {
    const divided = divideAnalyses(inComputeOrder([ANALYSES.attainment, ANALYSES.pipeline]));
    expect(names(divided?.there)).toEqual(["forecast", "attainment"]);
    expect(names(divided?.here)).toEqual(["pipeline"]);
  });

  it("keeps everything here when a substitute would have to cross, or one left here needs one sent", () => {
    const substitute: AnalysisDefinition<unknown> = { ...ANALYSES.forecast };
    expect(divideAnalyses([substitute, ANALYSES.pipeline])).toBeNull();
    const needy: AnalysisDefinition<unknown> = { ...ANALYSES.pipeline, needs: ["forecast"] };
    expect(divideAnalyses([ANALYSES.forecast, needy])).toBeNull();
    expect(divideAnalyses([ANALYSES.pipeline, ANALYSES["deal-risk"]])).toBeNull();
  });

  it("uses the thread between its two sizes unless told", () => {
    expect(usesComputeThread(COMPUTE_THREAD_MIN_DEALS - 1)).toBe(false);
    expect(usesComputeThread(COMPUTE_THREAD_MIN_DEALS)).toBe(true);
    expect(usesComputeThread(20_000)).toBe(true);
    expect(usesComputeThread(COMPUTE_THREAD_MAX_DEALS)).toBe(true);
    expect(usesComputeThread(1_000_000)).toBe(false);
    expect(usesComputeThread(10, true)).toBe(true);
    expect(usesComputeThread(20_000, false)).toBe(false);
  });
});
