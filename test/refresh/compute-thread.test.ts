import { describe, expect, it } from "vitest";
import type { AnalysisDefinition } from "../../src/analytics/definition";
import { analysisContext } from "../../src/analytics/prepare/context";
import { prepare } from "../../src/analytics/prepare/prepare";
import { ANALYSES } from "../../src/analytics/registry";
import {
  COMPUTE_THREAD_MAX_DEALS,
  COMPUTE_THREAD_MIN_DEALS,
  ComputeThread,
  divideAnalyses,
  usesComputeThread,
} from "../../src/refresh/compute-thread";
import { inComputeOrder } from "../../src/refresh/refresh";
import { withHistoryRows } from "../../src/store/dataset-repository";
import { dataset, deal, rep } from "../analytics/builders";

const names = (defs: readonly { name: string }[] | undefined) => defs?.map((d) => d.name);

describe("dividing a refresh's analyses between two threads", () => {
  it("keeps the forecast and the analyses reading it or its backtest here, sends the rest", () => {
    const divided = divideAnalyses(inComputeOrder(Object.values(ANALYSES)));
    expect(names(divided?.here)).toEqual(["forecast", "attainment", "forecast-accuracy"]);
    expect(names(divided?.there)).toEqual([
      "pipeline",
      "deal-risk",
      "revenue-focus",
      "territory",
      "data-quality",
      "year-review",
    ]);
  });

  it("keeps attainment's forecast with it when only attainment is asked for", () => {
    const divided = divideAnalyses(inComputeOrder([ANALYSES.attainment, ANALYSES.pipeline]));
    expect(names(divided?.here)).toEqual(["forecast", "attainment"]);
    expect(names(divided?.there)).toEqual(["pipeline"]);
  });

  it("keeps everything here when a substitute would have to cross, or one left here needs one sent", () => {
    const substitute: AnalysisDefinition<unknown> = { ...ANALYSES.pipeline };
    expect(divideAnalyses([ANALYSES.forecast, substitute])).toBeNull();
    const needy: AnalysisDefinition<unknown> = { ...ANALYSES.pipeline, needs: ["forecast"] };
    expect(divideAnalyses([ANALYSES.forecast, needy])).toBeNull();
    expect(divideAnalyses([ANALYSES.forecast, ANALYSES.attainment])).toBeNull();
  });

  it("uses the thread between its two sizes unless told", () => {
    expect(usesComputeThread(COMPUTE_THREAD_MIN_DEALS - 1)).toBe(false);
    expect(usesComputeThread(COMPUTE_THREAD_MIN_DEALS)).toBe(true);
    expect(usesComputeThread(20_000)).toBe(true);
    expect(usesComputeThread(COMPUTE_THREAD_MAX_DEALS)).toBe(true);
    expect(usesComputeThread(COMPUTE_THREAD_MAX_DEALS + 1)).toBe(false);
    expect(usesComputeThread(1_000_000)).toBe(false);
    expect(usesComputeThread(10, true)).toBe(true);
    expect(usesComputeThread(20_000, false)).toBe(false);
  });
});

describe("the second compute thread", () => {
  const ctx = analysisContext(new Date("2026-11-18T15:00:00Z"));
  const data = () =>
    dataset({
      reps: [rep({ id: 1, name: "Ana", team: "West" })],
      deals: [deal({ id: "o1", ownerId: 1, stage: "Negotiation", probability: 50, closeDate: "2026-11-25" })],
    });

  it("sends each analysis it is asked for, in order, with what computing it here gives", () => {
    const d = data();
    const columns = withHistoryRows({ ...d, historyColumns: emptyHistory(d.deals.length) });
    const thread = new ComputeThread();
    try {
      thread.start(columns, ctx, [ANALYSES.pipeline, ANALYSES["deal-risk"]]);
      const sent = [...thread.outputs()];
      const prepared = prepare(columns, ctx);
      expect(sent.map((o) => o.def.name)).toEqual(["pipeline", "deal-risk"]);
      const here = [
        ANALYSES.pipeline.compute(prepared).results,
        ANALYSES["deal-risk"].compute(prepared).results,
      ];
      // each result's scope, period and default flag, and its payload as JSON
      expect(sent.map((o) => o.results.map((r) => [r.scope, r.period, r.isDefault]))).toEqual(
        here.map((results) => results.map((r) => [r.scope, r.period, r.isDefault])),
      );
      expect(sent.map((o) => o.jsons)).toEqual(
        here.map((results) => results.map((r) => JSON.stringify(r.payload))),
      );
      expect(sent[0]?.jsons.length).toBeGreaterThan(0);
    } finally {
      thread.close();
    }
  });

  it("fails with the reason the analysis failed for there", () => {
    const d = data();
    // a deal without an id: the deals' order cannot be read, here or there
    const broken = withHistoryRows({
      ...d,
      deals: [null as never],
      historyColumns: emptyHistory(1),
    });
    let here = "";
    try {
      prepare(broken, ctx);
    } catch (error) {
      here = (error as Error).message;
    }
    expect(here).not.toBe("");
    const thread = new ComputeThread();
    try {
      thread.start(broken, ctx, [ANALYSES.pipeline]);
      expect(() => [...thread.outputs()]).toThrow(here);
    } finally {
      thread.close();
    }
  });
});

/** history columns with no rows for `deals` deals */
function emptyHistory(deals: number) {
  const none = () => ({
    first: new Int32Array(deals + 1),
    value: new Int32Array(0),
    values: [],
    at: new Int32Array(0),
    instants: [],
  });
  return { stage: none(), closeDate: none() };
}
