import { describe, expect, it } from "vitest";
import { median } from "../../../src/analytics/metrics/quantiles";
import {
  addStay,
  funnelConversion,
  histogramStats,
  mergeHistogram,
  timeInStage,
} from "../../../src/analytics/year-review/funnel";
import { yearReview } from "../../../src/analytics/year-review/year-review";
import type { YearReviewResult } from "../../../src/domain/analyses/year-review";
import type { Dataset } from "../../../src/domain/crm";
import { account, dataset, deal, prepared, quota, rep, stageChanges } from "../builders";
import { computeChecked, payloadFor } from "../results";

const TODAY = "2026-11-25";

function run(ds: Dataset) {
  return computeChecked(yearReview, prepared(ds, TODAY), "Executive summary");
}

function get(results: ReturnType<typeof run>, scope: string, period = "FY2026"): YearReviewResult {
  return payloadFor(results, scope, period);
}

function company(): Dataset {
  return dataset({
    reps: [
      rep({ id: 1, name: "Ana", team: "West", segment: "Mid" }),
      rep({ id: 2, name: "Bo", team: "East", segment: "Ent" }),
    ],
    accounts: [
      account({ id: 1, name: "Acme", segment: "Enterprise" }),
      account({ id: 2, name: "Beta" }),
      account({ id: 3, name: "Gamma" }),
    ],
    deals: [
      deal({ id: "O1", ownerId: 1, stage: "Discovery", probability: 20, closeDate: "2027-01-31" }),
      deal({ id: "O2", ownerId: 2, stage: "Proposal", probability: 60, closeDate: "2027-01-31" }),
      deal({
        id: "W1",
        ownerId: 1,
        accountId: 1,
        product: "Core",
        stage: "Closed Won",
        amountCents: 5_000_000,
        createdDate: "2026-01-01",
        closeDate: "2026-03-15",
      }),
      deal({
        id: "W2",
        ownerId: 2,
        accountId: 2,
        product: "Add-on",
        stage: "Closed Won",
        amountCents: 3_000_000,
        createdDate: "2026-05-01",
        closeDate: "2026-06-10",
      }),
      deal({
        id: "L1",
        ownerId: 2,
        accountId: 2,
        product: "Core",
        stage: "Closed Lost",
        amountCents: 2_000_000,
        closeDate: "2026-07-01",
      }),
      deal({ id: "L2", ownerId: 1, stage: "Closed Lost", amountCents: 1_000_000, closeDate: "2026-08-01" }),
      // previous year: W0 and G0 fall in 2025-01-01 … 2025-11-25 (the same span), W00 after it
      deal({
        id: "W0",
        ownerId: 1,
        accountId: 1,
        stage: "Closed Won",
        amountCents: 4_000_000,
        closeDate: "2025-05-01",
      }),
      deal({
        id: "G0",
        ownerId: 1,
        accountId: 3,
        stage: "Closed Won",
        amountCents: 1_000_000,
        closeDate: "2025-06-01",
      }),
      deal({
        id: "W00",
        ownerId: 2,
        accountId: 2,
        stage: "Closed Won",
        amountCents: 500_000,
        closeDate: "2025-12-10",
      }),
    ],
    stageHistory: [
      ...stageChanges("W1", [
        ["Discovery", "2026-01-01"],
        ["Proposal", "2026-01-21"],
        ["Closed Won", "2026-03-15"],
      ]),
      ...stageChanges("W2", [
        ["Discovery", "2026-05-01"],
        ["Proposal", "2026-05-11"],
        ["Closed Won", "2026-06-10"],
      ]),
      ...stageChanges("L1", [
        ["Discovery", "2026-06-01"],
        ["Closed Lost", "2026-07-01"],
      ]),
    ],
    quotas: ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((q) => quota(1, q, 3_000_000)),
    submissions: [
      // March: horizons 75 (Jan 15), 39 (Feb 20) and 21 (Mar 10) days → the 39-day one, $60,000
      {
        submittedBy: "vp",
        scope: "company",
        period: "2026-03",
        amountCents: 7_000_000,
        submittedAt: "2026-01-15T10:00:00Z",
      },
      {
        submittedBy: "vp",
        scope: "company",
        period: "2026-03",
        amountCents: 6_000_000,
        submittedAt: "2026-02-20T10:00:00Z",
      },
      {
        submittedBy: "vp",
        scope: "company",
        period: "2026-03",
        amountCents: 5_000_000,
        submittedAt: "2026-03-10T10:00:00Z",
      },
      {
        submittedBy: "vp",
        scope: "company",
        period: "2026-04",
        amountCents: 500_000,
        submittedAt: "2026-03-01T10:00:00Z",
      },
      {
        submittedBy: "vp",
        scope: "Company",
        period: "2026-06",
        amountCents: 2_700_000,
        submittedAt: "2026-05-20T10:00:00Z",
      },
    ],
  });
}

describe("year review summary", () => {
  it("sums the year's bookings, attainment, win rate and growth on the same span last year", () => {
    const s = get(run(company()), "company").summary;
    // won W1 $50,000 + W2 $30,000 = $80,000; lost L1, L2 → win rate 2/4; average $40,000
    expect(s.bookingsCents).toBe(8_000_000);
    expect(s.winRate.value).toBe(0.5);
    expect(s.averageDealSize.value).toBe(4_000_000);
    // quota: Ana 4 × $30,000 = $120,000 → 80 / 120
    expect(s.quotaCents).toBe(12_000_000);
    expect(s.attainment.value).toBeCloseTo(80 / 120, 12);
    // last year to Nov 25: W0 $40,000 + G0 $10,000 = $50,000 → (80 − 50) / 50 = 0.6
    expect(s.previousYearBookingsCents).toBe(5_000_000);
    expect(s.growth.value).toBeCloseTo(0.6, 12);
  });

  it("rolls teams up to the company", () => {
    const results = run(company());
    const c = get(results, "company").summary;
    const w = get(results, "team:West").summary;
    const e = get(results, "team:East").summary;
    expect(w.bookingsCents + e.bookingsCents).toBe(c.bookingsCents);
    expect(w.dealsWon + e.dealsWon).toBe(c.dealsWon);
    expect(w.dealsLost + e.dealsLost).toBe(c.dealsLost);
    expect(results.some((r) => r.scope.startsWith("rep:"))).toBe(false);
    expect(results.filter((r) => r.scope === "company").map((r) => [r.period, r.isDefault])).toEqual([
      ["FY2026", true],
      ["FY2025", false],
    ]);
    const last = get(results, "company", "FY2025");
    expect(last.yearToDate).toBe(false);
    expect(last.through).toBe("2025-12-31");
    // FY2025: W0 + G0 + W00 = $55,500
    expect(last.summary.bookingsCents).toBe(5_500_000);
  });
});

describe("funnel and time in stage", () => {
  it("converts stage to stage using history and the stage order", () => {
    const r = get(run(company()), "company");
    // W1, W2 won → reached Discovery and Proposal; L1 reached Discovery; L2 (no history) counts in the first stage
    expect(r.funnel).toEqual([
      { from: "Discovery", to: "Proposal", reached: 4, advanced: 2, rate: 0.5 },
      { from: "Proposal", to: "Closed Won", reached: 2, advanced: 2, rate: 1 },
    ]);
  });

  it("measures time in each stage and ranks the bottlenecks", () => {
    const r = get(run(company()), "company");
    // Discovery: W1 Jan 1 → 21 = 20, W2 May 1 → 11 = 10, L1 Jun 1 → Jul 1 = 30 → median 20, mean 20
    // Proposal: W1 Jan 21 → Mar 15 = 53, W2 May 11 → Jun 10 = 30 → median 41.5
    expect(r.stageTimes).toEqual([
      { stage: "Discovery", stays: 3, medianDays: 20, meanDays: 20 },
      { stage: "Proposal", stays: 2, medianDays: 41.5, meanDays: 41.5 },
    ]);
    expect(r.bottlenecks.map((b) => b.stage)).toEqual(["Proposal", "Discovery"]);
    expect(r.lessons.find((l) => l.code === "largest_bottleneck")?.text).toBe(
      "Deals spend longest in Proposal: median 42 days",
    );
  });

  it("counts only stays that ended inside the window", () => {
    const ds = company();
    const byDeal = new Map<string, typeof ds.stageHistory>();
    for (const h of ds.stageHistory) byDeal.set(h.opportunityId, [...(byDeal.get(h.opportunityId) ?? []), h]);
    // only stays ending in June: W2's Proposal (Jun 10); L1's Discovery ends Jul 1
    const t = timeInStage(ds.deals, ["Discovery", "Proposal"], byDeal, "2026-06-01", "2026-06-30");
    expect(t).toEqual([
      { stage: "Discovery", stays: 0, medianDays: null, meanDays: null },
      { stage: "Proposal", stays: 1, medianDays: 30, meanDays: 30 },
    ]);
    expect(funnelConversion([], ["Discovery"], byDeal)).toEqual([
      { from: "Discovery", to: "Closed Won", reached: 0, advanced: 0, rate: null },
    ]);
  });
});

describe("stay histograms", () => {
  it("give the same median and mean as the raw values, and merge by adding", () => {
    const a: number[] = [];
    const b: number[] = [];
    const raw = [3, 1, 2, 2, 40, 0, 17, 17, 5];
    raw.forEach((n, i) => {
      addStay(i % 2 ? a : b, n);
    });
    mergeHistogram(a, b);
    // sorted [0, 1, 2, 2, 3, 5, 17, 17, 40] → median 3, mean 87 / 9
    expect(histogramStats(a)).toEqual({ count: 9, median: median(raw), mean: 87 / 9 });
    addStay(a, 4);
    // ten values: middle pair 3 and 4 → 3.5
    expect(histogramStats(a).median).toBe(3.5);
    expect(histogramStats([])).toEqual({ count: 0, median: null, mean: null });
  });
});

describe("win/loss, retention and forecasting", () => {
  it("splits win/loss by account segment (else the rep's) and by product", () => {
    const r = get(run(company()), "company");
    // W1 Acme → Enterprise; W2, L1 Beta (no segment) → Bo's "Ent"; L2 no account → Ana's "Mid"
    expect(r.winLossBySegment.map((x) => [x.name, x.won, x.lost, x.winRate, x.bookingsCents])).toEqual([
      ["Enterprise", 1, 0, 1, 5_000_000],
      ["Ent", 1, 1, 0.5, 3_000_000],
      ["Mid", 0, 1, 0, 0],
    ]);
    expect(r.winLossByProduct.map((x) => [x.name, x.won, x.lost])).toEqual([
      ["Core", 1, 1],
      ["Add-on", 1, 0],
      ["Unassigned", 0, 1],
    ]);
    expect(r.lessons.find((l) => l.code === "weakest_segment")?.text).toBe("Lowest win rate: Mid at 0%");
  });

  it("measures gross revenue and logo retention over the year", () => {
    const r = get(run(company()), "company");
    // no contracts → annual value = trailing-365-day bookings. On 2025-12-31: Acme $40,000, Beta $5,000,
    // Gamma $10,000 = $55,000. On 2026-11-25: Acme $50,000, Beta $30,000 + $5,000, Gamma $0 (churned).
    // GRR = (40 + 5 + 0) / 55; logo retention 2 / 3
    expect(r.retention.source).toBe("bookings");
    expect(r.retention.grossRevenueRetention.value).toBeCloseTo(45 / 55, 12);
    expect(r.retention.logoRetention.value).toBeCloseTo(2 / 3, 12);
    expect(r.retention).toMatchObject({ baseAccounts: 3, churnedAccounts: 1 });
  });

  it("scores the 30-day forecasts of each completed month", () => {
    const f = get(run(company()), "company").forecasting;
    // January … October are complete; November ends after today
    expect(f.months.map((m) => m.period)).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
    ]);
    const march = f.months.find((m) => m.period === "2026-03");
    // F $60,000 (39-day horizon) vs A $50,000 → +$10,000, APE 0.2
    expect(march).toMatchObject({
      forecastCents: 6_000_000,
      horizonDays: 39,
      actualCents: 5_000_000,
      errorCents: 1_000_000,
    });
    expect(march?.ape).toBeCloseTo(0.2, 12);
    // April: F $5,000 vs A $0 → listed, no APE
    expect(f.months.find((m) => m.period === "2026-04")?.ape).toBeNull();
    // June: F $27,000 vs A $30,000 → APE 0.1; MAPE (0.2 + 0.1) / 2 = 0.15
    expect(f.mape.value).toBeCloseTo(0.15, 12);
    // bias = (10,000 + 5,000 − 3,000) / (50,000 + 0 + 30,000) = 0.15
    expect(f.bias.value).toBeCloseTo(0.15, 12);
    const team = get(run(company()), "team:West").forecasting;
    expect(team.mape.value).toBeNull();
    expect(team.mape.reason).toContain("no forecast");
  });
});

describe("year review on degenerate data", () => {
  it("gives defined answers with no deals, quotas or contracts", () => {
    const r = get(run(dataset({ reps: [rep({ id: 1, name: "Ana", team: "West" })] })), "company");
    expect(r.summary.bookingsCents).toBe(0);
    expect(r.summary.attainment).toEqual({ value: null, reason: "no quota for FY2026" });
    expect(r.summary.winRate.value).toBeNull();
    expect(r.summary.growth.value).toBeNull();
    expect(r.funnel).toEqual([]);
    expect(r.bottlenecks).toEqual([]);
    expect(r.retention.grossRevenueRetention.value).toBeNull();
    expect(r.lessons).toEqual([]);
    expect(run(dataset()).map((x) => x.scope)).toEqual(["company", "company"]);
  });

  it("handles a single won deal", () => {
    const ds = dataset({
      reps: [rep({ id: 1, name: "Ana" })],
      deals: [deal({ ownerId: 1, stage: "Closed Won", amountCents: 123_400, closeDate: "2026-02-02" })],
    });
    const r = get(run(ds), "company");
    expect(r.summary).toMatchObject({ bookingsCents: 123_400, dealsWon: 1, dealsLost: 0 });
    expect(r.summary.winRate.value).toBe(1);
  });
});
