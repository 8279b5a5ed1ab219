import { describe, expect, it } from "vitest";
import { forecastAccuracy } from "../../../src/analytics/forecasting/accuracy";
import { forecast } from "../../../src/analytics/forecasting/forecast";
import {
  ensemble,
  ensemblePoint,
  type MethodEstimate,
  runRate,
  runRateCents,
} from "../../../src/analytics/forecasting/methods";
import { Mulberry32 } from "../../../src/analytics/forecasting/prng";
import type { ForecastResult } from "../../../src/domain/analyses/forecast";
import type { Dataset } from "../../../src/domain/crm";
import { addDays, periodOf, shiftPeriod } from "../../../src/domain/period";
import { closeDateChanges, dataset, deal, prepared, quota, rep, stageChanges } from "../builders";
import { payloadFor, twoRepsWithStageRates } from "../results";

const $ = (dollars: number) => dollars * 100;
const TODAY = "2026-11-15"; // November in progress: 15 of 30 days left

/** Ana (West) and Bo (East); two far-future open deals fix the stage win rates: Discovery 0.2, Proposal 0.5. */
function base(): Dataset {
  return twoRepsWithStageRates("2027-09-01");
}

/** November: won to date $5,000; open $10,000 Proposal and $20,000 Discovery. */
function november(): Dataset {
  const ds = base();
  ds.deals.push(
    deal({
      id: "W1",
      ownerId: 1,
      stage: "Closed Won",
      amountCents: $(5_000),
      createdDate: "2026-10-01",
      closeDate: "2026-11-03",
    }),
    deal({
      id: "O1",
      ownerId: 1,
      stage: "Proposal",
      amountCents: $(10_000),
      createdDate: "2026-10-01",
      closeDate: "2026-11-20",
    }),
    deal({
      id: "O2",
      ownerId: 2,
      stage: "Discovery",
      amountCents: $(20_000),
      createdDate: "2026-10-01",
      closeDate: "2026-11-28",
    }),
  );
  return ds;
}

function won(ownerId: number, amount: number, closeDate: string, createdDate: string) {
  return deal({ ownerId, stage: "Closed Won", amountCents: $(amount), createdDate, closeDate });
}

function compute(ds: Dataset, today = TODAY, settings = {}) {
  return forecast.compute(prepared(ds, today, { settings }));
}

function result(ds: Dataset, scope: string, period: string, today = TODAY): ForecastResult {
  return payloadFor(compute(ds, today).results, scope, period);
}

function assertClean(payload: unknown) {
  const text = JSON.stringify(payload);
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(() => forecast.schema.parse(JSON.parse(text))).not.toThrow();
}

/** A few hundred deals over two years with stage and close-date history, from a seeded generator. */
function randomDataset(seed: number): Dataset {
  const rng = new Mulberry32(seed);
  const ds = dataset({
    reps: [
      rep({ id: 1, name: "Ana", team: "West", region: "Americas", segment: "Enterprise" }),
      rep({ id: 2, name: "Bo", team: "West", region: "Americas", segment: "Mid-Market" }),
      rep({ id: 3, name: "Cy", team: "DACH", region: "EMEA", segment: "Enterprise" }),
    ],
    quotas: [quota(1, "2026-11", $(40_000)), quota(2, "2026-11", $(30_000)), quota(3, "2026-Q4", $(90_000))],
  });
  const stages = ["Discovery", "Proposal", "Negotiation"];
  for (let i = 0; i < 400; i++) {
    const id = `X${i}`;
    const created = addDays("2024-12-01", Math.floor(rng.next() * 700));
    let close = addDays(created, 15 + Math.floor(rng.next() * 90));
    const s = Math.floor(rng.next() * 3);
    ds.stageHistory.push(...stageChanges(id, [[stages[0] as string, created]]));
    if (s > 0) ds.stageHistory.push(...stageChanges(id, [[stages[s] as string, addDays(created, 7)]]));
    ds.closeDateHistory.push(...closeDateChanges(id, [[close, created]]));
    if (rng.next() < 0.3 && addDays(created, 5) < TODAY) {
      close = addDays(close, 35);
      ds.closeDateHistory.push(...closeDateChanges(id, [[close, addDays(created, 5)]]));
    }
    const closed = close < TODAY;
    const isWon = closed && rng.next() < 0.35;
    const stage = closed ? (isWon ? "Closed Won" : "Closed Lost") : (stages[s] as string);
    if (closed) ds.stageHistory.push(...stageChanges(id, [[stage, close]]));
    ds.deals.push(
      deal({
        id,
        ownerId: 1 + (i % 3),
        stage,
        probability: 20 + 25 * s,
        amountCents: $(500 + Math.floor(rng.next() * 20_000)),
        createdDate: created,
        closeDate: close,
        isClosed: closed,
        isWon,
      }),
    );
  }
  return ds;
}

describe("methods", () => {
  it("stage-weighted = won to date + Σ open amount × stage win rate", () => {
    const r = result(november(), "company", "2026-11");
    // 5,000 won + 10,000 × 0.5 + 20,000 × 0.2 = 5,000 + 5,000 + 4,000 = 14,000
    expect(r.methods.stageWeighted).toEqual({
      amountCents: $(14_000),
      weightedOpenCents: $(9_000),
      openDeals: 2,
      openAmountCents: $(30_000),
    });
    expect(r.wonToDateCents).toBe($(5_000));
    expect(r.inProgress).toBe(true);
    expect(result(november(), "rep:Bo", "2026-11").methods.stageWeighted.amountCents).toBe($(4_000));
    // Next month has nothing closing and nothing won yet
    expect(result(november(), "company", "2026-12").methods.stageWeighted.amountCents).toBe(0);
  });

  it("run rate is the mean of the last 3 months without a year of history", () => {
    const ds = november();
    ds.deals.push(
      won(1, 3_000, "2026-08-10", "2026-08-01"),
      won(1, 6_000, "2026-09-10", "2026-08-01"),
      won(2, 9_000, "2026-10-10", "2026-08-01"),
    );
    const r = result(ds, "company", "2026-11").methods.runRate;
    // (3,000 + 6,000 + 9,000) / 3 = 6,000; data starts 2026-08, so no seasonal factor
    expect(r.amountCents).toBe($(6_000));
    expect(r.basePeriods.map((b) => b.period)).toEqual(["2026-08", "2026-09", "2026-10"]);
    expect(r.seasonal.factor).toBeNull();
    expect(r.seasonal.reason).toMatch(/less than a year/);
  });

  it("run rate is scaled by the same period last year over its previous 3 with a year of history", () => {
    const ds = november();
    ds.deals.push(
      won(1, 3_000, "2026-08-10", "2026-08-01"),
      won(1, 6_000, "2026-09-10", "2026-08-01"),
      won(2, 9_000, "2026-10-10", "2026-08-01"),
    );
    for (const m of ["08", "09", "10"]) ds.deals.push(won(2, 2_000, `2025-${m}-15`, "2025-08-01"));
    ds.deals.push(won(2, 4_000, "2025-11-15", "2025-08-01"));
    // the data starts on 2025-08-01: August 2025's bookings are not yet comparable (deals closing
    // then were still being entered), so nothing is scaled
    const early = result(ds, "company", "2026-11").methods.runRate;
    expect(early.seasonal.factor).toBeNull();
    expect(early.seasonal.reason).toMatch(/^2025-08 starts less than 90 days after the first deal/);
    expect(early.amountCents).toBe($(6_000));
    // a deal created in May: the data then reaches a quarter before August
    ds.deals.push(won(2, 1_000, "2025-06-15", "2025-05-01"));
    const nov = result(ds, "company", "2026-11").methods.runRate;
    // factor = Nov 2025 / mean(Aug–Oct 2025) = 4,000 / 2,000 = 2 → 6,000 × 2 = 12,000
    expect(nov.seasonal.factor).toBe(2);
    expect(nov.seasonal.samePeriodLastYear).toBe("2025-11");
    expect(nov.amountCents).toBe($(12_000));
    const dec = result(ds, "company", "2026-12").methods.runRate;
    // Dec 2025 booked nothing: factor 0 / mean(Sep, Oct, Nov 2025) = 0 → 0
    expect(dec.seasonal.previousPeriods.map((p) => p.period)).toEqual(["2025-09", "2025-10", "2025-11"]);
    expect(dec.seasonal.factor).toBe(0);
    expect(dec.amountCents).toBe(0);
  });

  it("gives the backtest's run rate amount alone, as the full run rate's", () => {
    // months 2025-01 … 2026-04 (0 … 15); the target is 2026-04, the last completed 2026-03
    const months = Array.from({ length: 16 }, (_, i) => shiftPeriod(periodOf("2025-01-01", "month"), i));
    const bookings = Float64Array.from(months, (_, i) => (i === 3 ? 400 : i >= 12 ? 100 * (i - 11) : 200));
    const cents = (firstDataDate: string | null) => runRateCents(months, bookings, 15, 14, firstDataDate);
    // the data reaches back 4 months before 2025-01: April 2025 / mean(Jan–Mar 2025) = 400 / 200 = 2
    // on the mean of 2026-01 … 03 (100 + 200 + 300) / 3 = 200 → 400
    expect(cents("2024-09-01")).toBe(400);
    // it starts with 2025-01 itself, not yet comparable: 200 unscaled
    expect(cents("2025-01-01")).toBe(200);
    // it starts in 2026-03: the mean of that month alone, 300
    expect(cents("2026-03-20")).toBe(300);
    // no data: no run rate
    expect(cents(null)).toBeNull();
    for (const d of ["2024-09-01", "2025-01-01", "2026-03-20", null])
      expect(cents(d)).toBe(runRate(months, bookings, 15, 14, d).amountCents);
  });

  it("never forecasts the in-progress period below what is already won", () => {
    const ds = november();
    ds.deals.push(won(1, 300, "2026-10-10", "2026-08-01"));
    const r = result(ds, "company", "2026-11").methods.runRate;
    // mean of Aug, Sep, Oct = (0 + 0 + 300) / 3 = 100 < 5,000 won to date
    expect(r.meanCents).toBe($(100));
    expect(r.amountCents).toBe($(5_000));
    expect(r.flooredAtWonToDate).toBe(true);
  });

  it("weights methods by inverse squared backtested MAPE, equally without history", () => {
    // 1/0.1² : 1/0.2² : 1/0.4² = 100 : 25 : 6.25 → 16/21, 4/21, 1/21; point = (1,600 + 800 + 400) / 21 = 133.33 → 133
    const w = ensemble([
      { method: "stage_weighted", valueCents: 100, backtestMape: 0.1 },
      { method: "run_rate", valueCents: 200, backtestMape: 0.2 },
      { method: "monte_carlo", valueCents: 400, backtestMape: 0.4 },
    ]);
    const ws = w.weights.map((x) => x.weight);
    for (const [i, x] of [16 / 21, 4 / 21, 1 / 21].entries()) expect(ws[i]).toBeCloseTo(x, 12);
    expect(w.pointCents).toBe(133);
    expect(w.weighting).toBe("inverse_backtested_mape");
    const eq = ensemble([
      { method: "stage_weighted", valueCents: 100, backtestMape: 0.1 },
      { method: "run_rate", valueCents: 200, backtestMape: null },
      { method: "monte_carlo", valueCents: 400, backtestMape: 0.4 },
    ]);
    expect(eq.weighting).toBe("equal");
    expect(eq.pointCents).toBe(233); // (100 + 200 + 400) / 3
    expect(eq.reason).toMatch(/run_rate/);
    const missing = ensemble([
      { method: "stage_weighted", valueCents: 100, backtestMape: null },
      { method: "run_rate", valueCents: null, backtestMape: null },
      { method: "monte_carlo", valueCents: 300, backtestMape: null },
    ]);
    expect(missing.weights.map((x) => x.weight)).toEqual([0.5, 0, 0.5]);
    expect(missing.pointCents).toBe(200);
  });

  it("gives the backtest's ensemble point alone, the same as the full ensemble's", () => {
    const cases: MethodEstimate[][] = [
      // 16/21 × 100 + 4/21 × 200 + 1/21 × 400 = 133.33 → 133
      [
        { method: "stage_weighted", valueCents: 100, backtestMape: 0.1 },
        { method: "run_rate", valueCents: 200, backtestMape: 0.2 },
        { method: "monte_carlo", valueCents: 400, backtestMape: 0.4 },
      ],
      // the run rate has no value: 1/0.005² floored to 1/0.01² = 10,000 against 1/0.5² = 4 →
      // (10,000 × 100 + 4 × 300) / 10,004 = 100.08 → 100
      [
        { method: "stage_weighted", valueCents: 100, backtestMape: 0.005 },
        { method: "run_rate", valueCents: null, backtestMape: 0.2 },
        { method: "monte_carlo", valueCents: 300, backtestMape: 0.5 },
      ],
      // nothing has a value: 0
      [
        { method: "stage_weighted", valueCents: null, backtestMape: null },
        { method: "run_rate", valueCents: null, backtestMape: null },
      ],
    ];
    expect(cases.map(ensemblePoint)).toEqual([133, 100, 0]);
    for (const c of cases) expect(ensemblePoint(c)).toBe(ensemble(c).pointCents);
  });
});

describe("Monte Carlo in the forecast", () => {
  it("orders the scenarios P10 ≤ P50 ≤ P90 and bases them on the Monte Carlo", () => {
    const out = compute(randomDataset(3));
    expect(out.results.length).toBeGreaterThan(0);
    for (const { payload } of out.results) {
      const s = payload.scenarios;
      expect(s.conservativeCents).toBeLessThanOrEqual(s.baseCents);
      expect(s.baseCents).toBeLessThanOrEqual(s.upsideCents);
      expect(s.baseCents).toBe(payload.methods.monteCarlo.p50Cents);
      expect(s.conservativeCents).toBeGreaterThanOrEqual(payload.wonToDateCents);
      assertClean(payload);
    }
  });

  it("gives identical results for the same seed and a different stream per scope and period", () => {
    const a = compute(randomDataset(5));
    const b = compute(randomDataset(5));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const seeds = a.results.map((r) => r.payload.methods.monteCarlo.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
    const other = compute(randomDataset(5), TODAY, { monteCarloSeed: 42 });
    const p50 = (o: typeof a) =>
      o.results.find((r) => r.scope === "company" && r.isDefault)?.payload.methods.monteCarlo;
    expect(p50(other)?.seed).not.toBe(p50(a)?.seed);
  });

  it("lowers the win rate of pushed deals and of deals older in their stage than the 90th percentile", () => {
    const ds = base();
    // Ten open Proposal deals entered 10, 20, …, 100 days ago: P90 stage age = 91 → only the 100-day one is old.
    for (let i = 1; i <= 10; i++) {
      const id = `A${i}`;
      ds.deals.push(
        deal({
          id,
          ownerId: 1,
          stage: "Proposal",
          amountCents: $(1_000),
          createdDate: "2026-06-01",
          closeDate: "2026-11-25",
        }),
      );
      ds.stageHistory.push(...stageChanges(id, [["Proposal", addDays(TODAY, -10 * i)]]));
    }
    // One deal pushed from October into November.
    ds.deals.push(
      deal({
        id: "P1",
        ownerId: 2,
        stage: "Proposal",
        amountCents: $(1_000),
        createdDate: "2026-09-01",
        closeDate: "2026-11-20",
      }),
    );
    ds.closeDateHistory.push(
      ...closeDateChanges("P1", [
        ["2026-10-20", "2026-09-01"],
        ["2026-11-20", "2026-10-15"],
      ]),
    );
    const r = result(ds, "company", "2026-11");
    expect(r.methods.monteCarlo.slowedDeals).toBe(2);
    expect(r.assumptions.stageAgeP90Days.find((s) => s.stage === "Proposal")?.days).toBeCloseTo(91, 9);
    expect(r.assumptions.slipFactor).toBe(0.7);
    // Expected wins: 9 × 1,000 × 0.5 + 2 × 1,000 × 0.35 = 5,200 (no bookings history, so no new business)
    expect(Math.abs(r.methods.monteCarlo.meanCents - $(5_200))).toBeLessThan($(60));
    expect(r.methods.monteCarlo.exactDeals).toBe(11);
  });

  it("records the draws, seed and stage win rates it assumed", () => {
    const r = result(november(), "company", "2026-11");
    expect(r.methods.monteCarlo.draws).toBe(10_000);
    expect(r.assumptions.draws).toBe(10_000);
    expect(r.assumptions.seed).toBe(r.methods.monteCarlo.seed);
    expect(r.assumptions.stageWinRates.map((s) => [s.stage, s.rate])).toEqual([
      ["Discovery", 0.2],
      ["Proposal", 0.5],
    ]);
    expect(r.assumptions.labels.join(" ")).toMatch(/×0\.7/);
  });
});

describe("gap to goal", () => {
  it("target is the reps' quotas; pipeline needed = gap / stage-1 win rate", () => {
    const ds = november();
    ds.quotas = [
      quota(1, "2026-11", $(20_000)),
      quota(2, "2026-11", $(10_000)),
      quota(1, "2026-10", $(7_000)),
      quota(1, "2026-12", $(8_000)),
    ];
    const r = result(ds, "company", "2026-11");
    expect(r.goal.targetCents).toBe($(30_000));
    expect(r.goal.gapCents).toBe($(30_000) - r.scenarios.baseCents);
    expect(r.goal.firstStage).toBe("Discovery");
    // gap / 0.2
    expect(r.goal.pipelineNeededCents).toBe(Math.round(Math.max(0, $(30_000) - r.scenarios.baseCents) / 0.2));
    // A quarter without quarterly quotas sums the months: Ana 7,000 + 20,000 + 8,000 + Bo 10,000 = 45,000
    expect(result(ds, "company", "2026-Q4").goal.targetCents).toBe($(45_000));
    expect(result(ds, "rep:Bo", "2026-Q4").goal.targetCents).toBe($(10_000));
    const none = result(november(), "company", "2026-11").goal;
    expect(none.targetCents).toBeNull();
    expect(none.reason).toMatch(/no quota/);
  });

  it("needs no pipeline when the base is above target", () => {
    const ds = november();
    ds.quotas = [quota(1, "2026-11", $(1_000))];
    const g = result(ds, "company", "2026-11").goal;
    expect(g.gapCents).toBeLessThan(0);
    expect(g.pipelineNeededCents).toBe(0);
  });
});

describe("forecast analysis", () => {
  it("stores four periods per scope with the current month as default", () => {
    const out = compute(november());
    const company = out.results.filter((r) => r.scope === "company");
    expect(company.map((r) => [r.period, r.isDefault])).toEqual([
      ["2026-11", true],
      ["2026-12", false],
      ["2026-Q4", false],
      ["2027-Q1", false],
    ]);
    expect(new Set(out.results.map((r) => r.scope))).toEqual(
      new Set(["company", "team:East", "team:West", "rep:Ana", "rep:Bo"]),
    );
  });

  it("snapshots each method and the ensemble for the next three months, taken today", () => {
    const out = compute(november());
    const snaps = out.snapshots ?? [];
    expect(new Set(snaps.map((s) => s.period))).toEqual(new Set(["2026-11", "2026-12", "2027-01"]));
    expect(new Set(snaps.map((s) => s.takenOn))).toEqual(new Set([TODAY]));
    const company = snaps.filter((s) => s.scope === "company" && s.period === "2026-11");
    expect(company.map((s) => s.method).sort()).toEqual([
      "ensemble",
      "monte_carlo",
      "run_rate",
      "stage_weighted",
    ]);
    const payload = out.results.find((r) => r.scope === "company" && r.isDefault)?.payload;
    expect(company.find((s) => s.method === "ensemble")?.amountCents).toBe(payload?.ensemble.pointCents);
    // 5 scopes × 3 months × 4 methods
    expect(snaps).toHaveLength(60);
    for (const s of snaps) expect(Number.isInteger(s.amountCents)).toBe(true);
  });

  it("feeds its snapshots back into forecast accuracy", () => {
    const first = prepared(november(), "2026-11-02");
    const snaps = forecast.compute(first).snapshots ?? [];
    const ds = november();
    ds.snapshots = snaps;
    const acc = forecastAccuracy
      .compute(prepared(ds, "2026-12-05"))
      .results.find((r) => r.scope === "company" && r.isDefault);
    const s30 = acc?.payload.horizons[0]?.sources.find((s) => s.source === "snapshots");
    // taken 11-02, 29 days before November ends (12-01 00:00): shorter than 30, so no 30-day snapshot…
    expect(s30?.forecastCents).toBeNull();
    const ds2 = november();
    ds2.snapshots = forecast.compute(prepared(november(), "2026-10-25")).snapshots ?? [];
    const acc2 = forecastAccuracy
      .compute(prepared(ds2, "2026-12-05"))
      .results.find((r) => r.scope === "company" && r.isDefault);
    // …but one taken 10-25 (37 days out) is
    const s30b = acc2?.payload.horizons[0]?.sources.find((s) => s.source === "snapshots");
    expect(s30b?.madeOn).toBe("2026-10-25");
    expect(s30b?.forecastCents).toBe(
      ds2.snapshots.find((s) => s.scope === "company" && s.period === "2026-11" && s.method === "ensemble")
        ?.amountCents,
    );
  });

  it("gives defined answers for an empty dataset, no closed deals and a single deal", () => {
    const empty = compute(dataset());
    expect(empty.results.map((r) => r.period)).toEqual(["2026-11", "2026-12", "2026-Q4", "2027-Q1"]);
    for (const r of empty.results) {
      assertClean(r.payload);
      expect(r.payload.scenarios).toEqual({ conservativeCents: 0, baseCents: 0, upsideCents: 0 });
      expect(r.payload.methods.runRate.amountCents).toBeNull();
      expect(r.payload.ensemble.weighting).toBe("equal");
      expect(r.payload.goal.firstStageWinRate).toBeNull();
    }
    const openOnly = compute(base());
    for (const r of openOnly.results) assertClean(r.payload);
    const single = dataset({
      reps: [rep({ id: 1, name: "Solo" })],
      deals: [deal({ ownerId: 1, closeDate: "2026-11-30", probability: 40 })],
    });
    const one = compute(single).results.find((r) => r.scope === "company" && r.isDefault)?.payload;
    // One $1,000 deal at 40%: P10 = 0, P90 = $1,000
    expect(one?.scenarios.conservativeCents).toBe(0);
    expect(one?.scenarios.upsideCents).toBe($(1_000));
    assertClean(one);
  });

  it("round-trips every payload of a realistic dataset through JSON and the schema", () => {
    const p = prepared(randomDataset(11), TODAY);
    for (const r of forecast.compute(p).results) assertClean(r.payload);
    for (const r of forecastAccuracy.compute(p).results) {
      const text = JSON.stringify(r.payload);
      expect(text).not.toMatch(/NaN|Infinity/);
      forecastAccuracy.schema.parse(JSON.parse(text));
      const v = r.payload.variance;
      expect(v.byDeal.top.reduce((s, d) => s + d.contributionCents, 0) + v.byDeal.otherCents).toBe(
        v.varianceCents,
      );
    }
  });

  it("renders a readable text table", () => {
    const r = result(november(), "company", "2026-11");
    const text = forecast.renderText(r, { scope: "company", period: "2026-11", currency: "USD" });
    expect(text).toContain("Base (P50)");
    expect(text).toContain("$14,000"); // stage-weighted
    expect(text).toContain("won to date $5,000");
    expect(text).toContain("Discovery");
  });
});

describe("fiscal calendar", () => {
  it("forecasts fiscal quarters when the year starts in February", () => {
    // FY2027 runs Feb 2026 – Jan 2027, so November 2026 is in 2027-Q4 (Nov–Jan)
    const out = forecast.compute(prepared(november(), TODAY, { fiscalStartMonth: 2 })).results;
    const q = out.find((r) => r.scope === "company" && r.period === "2027-Q4")?.payload;
    expect(q?.period).toEqual({ key: "2027-Q4", kind: "quarter", start: "2026-11-01", end: "2027-01-31" });
    expect(q?.wonToDateCents).toBe($(5_000));
    expect(q?.methods.stageWeighted.amountCents).toBe($(14_000));
    expect(out.some((r) => r.period === "2028-Q1")).toBe(true);
  });
});
