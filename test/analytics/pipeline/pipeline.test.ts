import { describe, expect, it } from "vitest";
import { pipelineCloseDates, pipelinePushCount } from "../../../src/analytics/pipeline/history";
import { pipeline } from "../../../src/analytics/pipeline/pipeline";
import type { PipelineResult } from "../../../src/domain/analyses/pipeline";
import { dataset, deal, prepared, quota, rep } from "../builders";

// Today is Wednesday 2026-11-18; the current week starts Monday 2026-11-16.
const TODAY = "2026-11-18";
const A = rep({ id: 1, name: "Ana", team: "West" });
const B = rep({ id: 2, name: "Ben", team: "West" });
const C = rep({ id: 3, name: "Cy", team: "East" });

function sample() {
  return dataset({
    reps: [A, B, C],
    quotas: [quota(1, "2026-11", 1_000_000), quota(2, "2026-11", 200_000)],
    deals: [
      // Ana's open pipeline for November: 300,000 + 600,000 + 900,000 = 1,800,000
      deal({
        id: "d1",
        ownerId: 1,
        stage: "Prospecting",
        probability: 10,
        amountCents: 300_000,
        createdDate: "2026-11-10",
        closeDate: "2026-11-20",
      }),
      deal({
        id: "d2",
        ownerId: 1,
        stage: "Negotiation",
        probability: 80,
        amountCents: 600_000,
        createdDate: "2026-08-01",
        closeDate: "2026-11-25",
      }),
      deal({
        id: "d3",
        ownerId: 1,
        stage: "Negotiation",
        probability: 80,
        amountCents: 900_000,
        createdDate: "2026-10-01",
        closeDate: "2026-11-30",
      }),
      // open, closing in January: counts for velocity, not for November's pipeline
      deal({
        id: "d4",
        ownerId: 1,
        stage: "Prospecting",
        probability: 10,
        amountCents: 50_000,
        createdDate: "2026-11-16",
        closeDate: "2027-01-15",
      }),
      // closed in the trailing 12 months: won 400,000 (35-day cycle), won 200,000 (40 days), lost 100,000
      deal({
        id: "w1",
        ownerId: 1,
        stage: "Closed Won",
        amountCents: 400_000,
        createdDate: "2026-10-01",
        closeDate: "2026-11-05",
      }),
      deal({
        id: "w2",
        ownerId: 1,
        stage: "Closed Won",
        amountCents: 200_000,
        createdDate: "2026-05-01",
        closeDate: "2026-06-10",
      }),
      deal({
        id: "l1",
        ownerId: 1,
        stage: "Closed Lost",
        amountCents: 100_000,
        createdDate: "2026-01-01",
        closeDate: "2026-07-01",
      }),
      // closed before the window (which starts 2025-11-19): ignored by velocity
      deal({
        id: "w0",
        ownerId: 1,
        stage: "Closed Won",
        amountCents: 9_000_000,
        createdDate: "2025-09-01",
        closeDate: "2025-10-01",
      }),
      // Ben beat his 200,000 quota
      deal({
        id: "w3",
        ownerId: 2,
        stage: "Closed Won",
        amountCents: 250_000,
        createdDate: "2026-11-01",
        closeDate: "2026-11-02",
      }),
      // Cy: open pipeline with no stage history and no quota
      deal({
        id: "c1",
        ownerId: 3,
        stage: "Prospecting",
        probability: 10,
        amountCents: 70_000,
        createdDate: "2026-11-01",
        closeDate: "2026-11-27",
      }),
    ],
    stageHistory: [
      { opportunityId: "d2", stage: "Prospecting", enteredAt: "2026-08-01" },
      { opportunityId: "d2", stage: "Negotiation", enteredAt: "2026-10-19T09:30:00Z" },
    ],
    closeDateHistory: [
      // d3: Oct 15 → Oct 31 (same month, no push) → Nov 30 (pushed into a later month once)
      { opportunityId: "d3", closeDate: "2026-10-15", changedAt: "2026-10-01" },
      { opportunityId: "d3", closeDate: "2026-10-31", changedAt: "2026-10-10" },
      { opportunityId: "d3", closeDate: "2026-11-30", changedAt: "2026-10-28" },
    ],
  });
}

function results(ds = sample()) {
  const out = pipeline.compute(prepared(ds, TODAY));
  const get = (scope: string, period: string): PipelineResult => {
    const r = out.results.find((x) => x.scope === scope && x.period === period);
    if (!r) throw new Error(`no result ${scope} ${period}`);
    return r.payload;
  };
  return { out, get };
}

describe("pipeline", () => {
  it("computes coverage against the quota still to book, with quota met and no quota as statuses", () => {
    const r = results();
    // Ana: 1,800,000 / max(1,000,000 − 400,000, 0) = 1,800,000 / 600,000 = 3.0 → healthy (≥ 3.0)
    expect(r.get("rep:Ana", "2026-11").coverage).toEqual({
      quotaCents: 1_000_000,
      bookingsToDateCents: 400_000,
      remainingQuotaCents: 600_000,
      ratio: 3,
      healthyRatio: 3,
      status: "healthy",
    });
    // West: 1,800,000 / (1,200,000 − 650,000) = 1,800,000 / 550,000 = 3.27
    expect(r.get("team:West", "2026-11").coverage.ratio).toBeCloseTo(1_800_000 / 550_000, 12);
    // Ben: 250,000 booked on a 200,000 quota → quota met, not a number
    expect(r.get("rep:Ben", "2026-11").coverage).toMatchObject({
      ratio: null,
      status: "quota_met",
      remainingQuotaCents: 0,
    });
    expect(r.get("rep:Cy", "2026-11").coverage).toMatchObject({ ratio: null, status: "no_quota" });
    // Company: (1,800,000 + 70,000) / (1,200,000 − 650,000) = 3.4; below healthy with a 4.0x bar
    const strict = pipeline.compute(prepared(sample(), TODAY, { settings: { healthyCoverage: 4 } }));
    const company = strict.results.find((x) => x.scope === "company" && x.isDefault)?.payload;
    expect(company?.coverage).toMatchObject({
      ratio: 1_870_000 / 550_000,
      status: "below_healthy",
      healthyRatio: 4,
    });
  });

  it("distributes the open pipeline over stages in funnel order", () => {
    const ana = results().get("rep:Ana", "2026-11");
    expect(ana.openPipeline).toEqual({ deals: 3, amountCents: 1_800_000 });
    expect(ana.stages.map((s) => [s.stage, s.deals, s.amountCents])).toEqual([
      ["Prospecting", 1, 300_000],
      ["Negotiation", 2, 1_500_000],
    ]);
  });

  it("computes velocity over the trailing 12 months", () => {
    const v = results().get("rep:Ana", "2026-11").velocity;
    // 4 open deals × (2 won / 3 closed) × 300,000 average won / 37.5 median cycle days
    // = 4 × 0.6667 × 300,000 / 37.5 = 21,333.3 → 21,333 cents/day
    expect(v).toMatchObject({
      openDeals: 4,
      averageDealSizeCents: 300_000,
      salesCycleDays: 37.5,
      centsPerDay: 21_333,
    });
    expect(v.winRate).toBeCloseTo(2 / 3, 12);
    expect(v.window).toEqual({ start: "2025-11-19", end: TODAY });
    // Cy has no closed deals: velocity is null with the reason
    expect(results().get("rep:Cy", "2026-11").velocity).toMatchObject({
      centsPerDay: null,
      nullReason: "no_closed_deals",
    });
  });

  it("ages deals from their created date and stage age from history, saying when history is missing", () => {
    const r = results();
    const ana = r.get("rep:Ana", "2026-11");
    // ages: d1 8 days, d2 109 days (Aug 1 → Nov 18), d3 48 days; mean (8 + 109 + 48) / 3 = 55
    expect(ana.aging.averageAgeDays).toBe(55);
    expect(ana.aging.buckets.map((b) => b.deals)).toEqual([1, 1, 0, 1, 0]);
    expect(ana.aging.buckets[3]?.amountCents).toBe(600_000);
    // only d2 has history: entered Negotiation 2026-10-19 → 30 days in stage
    expect(ana.aging.stageAge).toMatchObject({
      available: true,
      dealsWithHistory: 1,
      dealsWithoutHistory: 2,
      averageDays: 30,
    });
    expect(ana.aging.stageAge.byStage).toEqual([{ stage: "Negotiation", deals: 1, averageDays: 30 }]);
    expect(ana.aging.stageAge.note).toContain("1 of 3");
    const cy = r.get("rep:Cy", "2026-11");
    expect(cy.aging.stageAge).toMatchObject({ available: false, averageDays: null });
    expect(cy.aging.stageAge.note).toMatch(/no stage history/);
  });

  it("finds deals whose close date moved into a later period at the period's grain", () => {
    const r = results();
    const month = r.get("rep:Ana", "2026-11").pushed;
    expect(month).toMatchObject({ grain: "month", deals: 1, amountCents: 900_000, dealsWithHistory: 1 });
    expect(month.shareOfDeals).toBeCloseTo(1 / 3, 12);
    expect(month.top).toEqual([
      {
        dealId: "d3",
        name: expect.any(String),
        owner: "Ana",
        stage: "Negotiation",
        amountCents: 900_000,
        firstCloseDate: "2026-10-15",
        closeDate: "2026-11-30",
        pushes: 1,
      },
    ]);
    // October and November are both in Q4: no quarter was pushed
    expect(r.get("rep:Ana", "2026-Q4").pushed).toMatchObject({ grain: "quarter", deals: 0 });
    // a move back to an earlier month is a pull-in, not a push; the current close date closes the list
    const dates = pipelineCloseDates(deal({ ownerId: 1, closeDate: "2026-12-10" }), [
      { opportunityId: "x", closeDate: "2026-11-10", changedAt: "2026-10-01" },
      { opportunityId: "x", closeDate: "2026-10-10", changedAt: "2026-10-02" },
    ]);
    expect(dates).toEqual(["2026-11-10", "2026-10-10", "2026-12-10"]);
    expect(pipelinePushCount(dates, "month", 1)).toBe(1);
    // quarters follow the fiscal year: Feb → Mar → Apr crosses a quarter only where one starts in April
    const spring = ["2026-02-10", "2026-03-10", "2026-04-10"];
    expect(pipelinePushCount(spring, "quarter", 1)).toBe(1); // Q1 → Q1 → Q2
    expect(pipelinePushCount(spring, "quarter", 4)).toBe(1); // FY Q4 (Jan–Mar) → FY Q1 (Apr–Jun)
    expect(pipelinePushCount(spring, "quarter", 2)).toBe(0); // Feb–Apr is one quarter
  });

  it("lists the 10 largest pushed deals of a scope across its reps, ties by deal id", () => {
    // 30 deals pushed from October into November: Ana's even ones, Ben's odd ones, three amounts
    const deals = Array.from({ length: 30 }, (_, i) =>
      deal({
        id: `p${String(i).padStart(2, "0")}`,
        ownerId: (i % 2) + 1,
        stage: "Proposal",
        amountCents: [100_000, 300_000, 200_000][i % 3] as number,
        createdDate: "2026-09-01",
        closeDate: "2026-11-25",
      }),
    );
    const closeDateHistory = deals.map((d) => ({
      opportunityId: d.id,
      closeDate: "2026-10-20",
      changedAt: "2026-09-01",
    }));
    const r = results(dataset({ reps: [A, B, C], deals, closeDateHistory }));
    const west = r.get("team:West", "2026-11").pushed;
    expect(west).toMatchObject({ deals: 30, amountCents: 6_000_000, dealsWithHistory: 30 });
    // the ten at 300,000 (i = 1, 4, …, 28), by id
    expect(west.top.map((x) => x.dealId)).toEqual([
      "p01",
      "p04",
      "p07",
      "p10",
      "p13",
      "p16",
      "p19",
      "p22",
      "p25",
      "p28",
    ]);
    // Ana's own: her five at 300,000 (i = 4, 10, …), then her 200,000s by id
    expect(r.get("rep:Ana", "2026-11").pushed.top.map((x) => [x.dealId, x.owner])).toEqual([
      ["p04", "Ana"],
      ["p10", "Ana"],
      ["p16", "Ana"],
      ["p22", "Ana"],
      ["p28", "Ana"],
      ["p02", "Ana"],
      ["p08", "Ana"],
      ["p14", "Ana"],
      ["p20", "Ana"],
      ["p26", "Ana"],
    ]);
  });

  it("compares generation per week and per month with the average of the 3 periods before", () => {
    const g = results().get("rep:Ana", "2026-11").generation;
    expect(g.weekly.map((w) => w.start)).toEqual([
      "2026-09-28",
      "2026-10-05",
      "2026-10-12",
      "2026-10-19",
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
    ]);
    // week of Nov 16: d4 (50,000); the 3 weeks before: 0, 0, 300,000 (d1) → average 100,000 → 0.5
    expect(g.weekly[7]).toMatchObject({
      complete: false,
      deals: 1,
      amountCents: 50_000,
      trailingAverageAmountCents: 100_000,
      amountVsTrailing: 0.5,
    });
    expect(g.weekly[7]?.trailingAverageDeals).toBeCloseTo(1 / 3, 12);
    // week of Sep 28: d3 + w1 created Oct 1 = 1,300,000 with nothing in the 3 weeks before → null ratio
    expect(g.weekly[0]).toMatchObject({
      deals: 2,
      amountCents: 1_300_000,
      trailingAverageAmountCents: 0,
      amountVsTrailing: null,
    });
    // November: d1 + d4 = 350,000; Aug 600,000 (d2), Sep 0, Oct 1,300,000 → average 633,333
    expect(g.monthly.map((m) => m.start)).toEqual([
      "2026-06-01",
      "2026-07-01",
      "2026-08-01",
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
    ]);
    expect(g.monthly[5]).toMatchObject({
      deals: 2,
      amountCents: 350_000,
      trailingAverageAmountCents: 633_333,
    });
    expect(g.monthly[5]?.amountVsTrailing).toBeCloseTo(350_000 / 633_333, 12);
  });

  it("stores four periods per scope, current month by default, each payload valid JSON under its schema", () => {
    const { out } = results();
    expect(out.results.filter((r) => r.scope === "company").map((r) => [r.period, r.isDefault])).toEqual([
      ["2026-11", true],
      ["2026-12", false],
      ["2026-Q4", false],
      ["2027-Q1", false],
    ]);
    for (const r of out.results)
      expect(pipeline.schema.parse(JSON.parse(JSON.stringify(r.payload)))).toEqual(r.payload);
  });

  it("answers on an empty dataset and renders quota met as words", () => {
    const empty = results(dataset()).get("company", "2026-11");
    expect(empty).toMatchObject({
      openPipeline: { deals: 0, amountCents: 0 },
      coverage: { status: "no_quota" },
    });
    expect(empty.aging.averageAgeDays).toBeNull();
    expect(empty.pushed.shareOfDeals).toBeNull();
    const text = pipeline.renderText(results().get("rep:Ben", "2026-11"), {
      scope: "rep:Ben",
      period: "2026-11",
      currency: "USD",
    });
    expect(text).toMatch(/Coverage\s+quota met/);
  });
});
