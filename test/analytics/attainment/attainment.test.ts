import { describe, expect, it } from "vitest";
import { attainment } from "../../../src/analytics/attainment/attainment";
import type { AttainmentResult } from "../../../src/domain/analyses/attainment";
import { type Period, parsePeriod } from "../../../src/domain/period";
import { dataset, deal, prepared, quota, rep } from "../builders";
import { storedForecasts } from "./stored-forecasts";

// Today is Wednesday 2026-11-18. November 2026 has 21 business days (Nov 2–6, 9–13, 16–20,
// 23–27, 30); 13 of them have elapsed by the 18th inclusive (2–6, 9–13, 16, 17, 18).
const TODAY = "2026-11-18";
const A = rep({ id: 1, name: "Ana", team: "West", region: "Americas", segment: "Enterprise" });
const B = rep({ id: 2, name: "Ben", team: "West", region: "Americas", segment: "Mid-Market" });
const C = rep({ id: 3, name: "Cy", team: "East", region: "EMEA", segment: "Enterprise" });

function sample() {
  return dataset({
    reps: [A, B, C],
    quotas: [
      quota(1, "2026-11", 1_000_000),
      quota(2, "2026-11", 500_000),
      // Cy has only a quarterly quota: November carries a third of it, 300,000.
      quota(3, "2026-Q4", 900_000),
    ],
    deals: [
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 800_000, closeDate: "2026-11-05" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 400_000, closeDate: "2026-11-10" }),
      deal({ ownerId: 1, stage: "Closed Lost", amountCents: 999_999, closeDate: "2026-11-04" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 500_000, closeDate: "2026-10-20" }),
      deal({ ownerId: 2, stage: "Closed Won", amountCents: 200_000, closeDate: "2026-11-03" }),
      // The only open stage, probability 50 → stage win rate 0.5 (fewer than 20 closed deals).
      deal({
        ownerId: 2,
        stage: "Negotiation",
        probability: 50,
        amountCents: 300_000,
        closeDate: "2026-11-25",
      }),
      deal({ ownerId: 3, stage: "Closed Won", amountCents: 240_000, closeDate: "2026-11-12" }),
      deal({
        ownerId: 3,
        stage: "Negotiation",
        probability: 50,
        amountCents: 100_000,
        closeDate: "2026-12-05",
      }),
    ],
  });
}

/** The forecasts' bases attainment projects with. */
const BASES: Record<string, number> = {
  "rep:Ana|2026-11": 1_300_000,
  "rep:Ben|2026-11": 350_000,
  "rep:Cy|2026-11": 240_000,
  "team:West|2026-11": 1_640_000,
  "company|2026-11": 1_900_000,
  "rep:Cy|2026-Q4": 290_000,
  "company|2026-Q4": 2_400_000,
};

function results(ds = sample(), today = TODAY, settings = {}, bases: Record<string, number> = BASES) {
  const out = attainment.compute(prepared(ds, today, { settings }), storedForecasts(bases));
  const get = (scope: string, period: string): AttainmentResult => {
    const r = out.results.find((x) => x.scope === scope && x.period === period);
    if (!r) throw new Error(`no result ${scope} ${period}`);
    return r.payload;
  };
  return { out, get };
}

describe("attainment", () => {
  it("rolls a team up as summed bookings over summed quotas, never the average of ratios", () => {
    const west = results().get("team:West", "2026-11");
    // Ana 1,200,000 / 1,000,000 = 1.2; Ben 200,000 / 500,000 = 0.4 (averaging would give 0.8).
    // West = (1,200,000 + 200,000) / (1,000,000 + 500,000) = 1,400,000 / 1,500,000 = 0.9333…
    expect(west.bookingsCents).toBe(1_400_000);
    expect(west.quotaCents).toBe(1_500_000);
    expect(west.attainment).toBeCloseTo(1_400_000 / 1_500_000, 12);
    expect(west.wonDeals).toBe(3);
    const reps = west.breakdown.find((b) => b.dimension === "rep")?.rows ?? [];
    expect(reps.map((r) => [r.name, r.attainment])).toEqual([
      ["Ana", 1.2],
      ["Ben", 0.4],
    ]);
  });

  it("computes pace from elapsed business days", () => {
    const west = results().get("team:West", "2026-11");
    // expected = 1,500,000 × 13 / 21 = 928,571.43 → 928,571; variance = 1,400,000 − 928,571 = 471,429
    expect(west.pace).toEqual({
      businessDaysElapsed: 13,
      businessDaysInPeriod: 21,
      expectedToDateCents: 928_571,
      varianceToPaceCents: 471_429,
      paceRatio: 1_400_000 / 928_571,
      paceNullReason: null,
    });
  });

  it("projects attainment as the stored forecast's base over quota, for the same scope and period", () => {
    const { "rep:Cy|2026-11": _cy, ...withoutCy } = BASES;
    const r = results(sample(), TODAY, {}, withoutCy);
    const ben = r.get("rep:Ben", "2026-11");
    // Ben: base 350,000 / quota 500,000 = 0.7; his open deal is shown, not added again
    expect(ben.projection).toMatchObject({
      source: "forecast_base",
      projectedBookingsCents: 350_000,
      openDeals: 1,
      openPipelineCents: 300_000,
    });
    expect(ben.projection.projectedAttainment).toBeCloseTo(0.7, 12);
    // the team's projection is the team's own forecast (1,640,000 / 1,500,000), not a sum of rules
    expect(r.get("team:West", "2026-11").projection.projectedAttainment).toBeCloseTo(
      1_640_000 / 1_500_000,
      12,
    );
    const company = r.get("company", "2026-11");
    expect(
      company.breakdown.find((b) => b.dimension === "rep")?.rows.map((x) => x.projectedAttainment),
    ).toEqual([1.3, 0.7, null]);
    // no forecast stored for Cy's November: no projection, and it says why
    const cy = r.get("rep:Cy", "2026-11");
    expect(cy.projection).toMatchObject({ projectedBookingsCents: null, projectedNullReason: "no_forecast" });
    expect(r.get("rep:Cy", "2026-Q4").projection.projectedAttainment).toBeCloseTo(290_000 / 900_000, 12);
  });

  it("projects an ended period as its bookings and a year as ended quarters' bookings plus forecast bases", () => {
    const r = results();
    // October has ended: Ana booked 500,000 (no quota, so no ratio)
    expect(r.get("rep:Ana", "2026-10").projection).toMatchObject({
      source: "closed_bookings",
      projectedBookingsCents: 500_000,
      projectedNullReason: "no_quota",
    });
    // FY2026: Q1–Q3 ended with no bookings; Q4's stored base 2,400,000 over the year's quota 2,400,000
    const year = r.get("company", "FY2026").projection;
    expect(year).toMatchObject({ source: "quarter_forecasts", projectedBookingsCents: 2_400_000 });
    expect(year.projectedAttainment).toBe(1);
    // without Q4's forecast the year has no projection
    expect(results(sample(), TODAY, {}, {}).get("company", "FY2026").projection.projectedNullReason).toBe(
      "no_forecast",
    );
  });

  it("gives an ended period its deal figures from the deals closed in it", () => {
    const ds = sample();
    // October: Ana won 500,000 (created 2026-09-20, 30 days); add a won 100,000 deal (10 days) and a lost one
    ds.deals.push(
      deal({
        ownerId: 2,
        stage: "Closed Won",
        amountCents: 100_000,
        createdDate: "2026-10-01",
        closeDate: "2026-10-11",
      }),
      deal({
        ownerId: 2,
        stage: "Closed Lost",
        amountCents: 400_000,
        createdDate: "2026-09-01",
        closeDate: "2026-10-15",
      }),
    );
    const first = ds.deals.find((d) => d.closeDate === "2026-10-20");
    if (first) first.createdDate = "2026-09-20";
    const oct = results(ds).get("team:West", "2026-10");
    expect(oct.dealFigures).toEqual({
      wonDeals: 2,
      lostDeals: 1,
      winRateByCount: 2 / 3,
      winRateByValue: 600_000 / 1_000_000,
      averageWonDealCents: 300_000,
      medianSalesCycleDays: 20,
      meanSalesCycleDays: 20,
    });
    // a period still running has none
    expect(results(ds).get("team:West", "2026-11").dealFigures).toBeNull();
  });

  it("refuses to compute without the refresh's forecasts", () => {
    expect(() => attainment.compute(prepared(sample(), TODAY))).toThrow(/forecast must be computed first/);
  });

  it("lists top performers (≥ 100%) ranked and at-risk reps (projected < 0.8)", () => {
    const company = results().get("company", "2026-11");
    expect(company.topPerformers).toEqual([
      { rank: 1, rep: "Ana", team: "West", bookingsCents: 1_200_000, quotaCents: 1_000_000, attainment: 1.2 },
    ]);
    // Ben projects 0.7 < 0.8; Cy projects exactly 0.8, which is not below the threshold.
    expect(company.atRiskReps.threshold).toBe(0.8);
    expect(company.atRiskReps.reps.map((r) => [r.rep, r.projectedGapCents])).toEqual([["Ben", 150_000]]);
    // a stricter threshold catches Cy too
    const strict = results(sample(), TODAY, { atRiskProjectedAttainment: 0.85 }).get("company", "2026-11");
    expect(strict.atRiskReps.reps.map((r) => r.rep)).toEqual(["Ben", "Cy"]);
  });

  it("counts reps per band with 50/80/100 lower-inclusive and exactly 120% in 100–120%", () => {
    const company = results().get("company", "2026-11");
    const bands = Object.fromEntries(company.distribution.bands.map((b) => [b.band, b.reps]));
    // Ben 0.4 → <50%; Cy 0.8 → 80–100%; Ana 1.2 → 100–120%
    expect(bands).toEqual({ below_50: 1, "50_80": 0, "80_100": 1, "100_120": 1, above_120: 0 });
    expect(company.distribution.repsWithoutQuota).toBe(0);
  });

  it("splits a quarterly quota into thirds for its months and sums months into quarters and years", () => {
    const p = prepared(sample(), TODAY);
    const q = (rep: number, at: Period) => p.quotaOf(rep, at) ?? 0;
    const period = (k: string) => parsePeriod(k) ?? (null as never);
    expect(q(3, period("2026-10")) + q(3, period("2026-11")) + q(3, period("2026-12"))).toBe(900_000);
    expect(q(3, period("2026-11"))).toBe(300_000);
    expect(q(1, period("2026-Q4"))).toBe(1_000_000); // only November's monthly quota
    expect(q(1, period("FY2026"))).toBe(1_000_000);
    // 100 cents in thirds: 33 + 34 + 33 (rounded cumulative shares), summing to the quarter
    const odd = prepared(dataset({ reps: [A], quotas: [quota(1, "2026-Q4", 100)] }), TODAY);
    const oq = odd.quotaOf;
    expect([oq(1, period("2026-10")), oq(1, period("2026-11")), oq(1, period("2026-12"))]).toEqual([
      33, 34, 33,
    ]);
  });

  it("stores five periods per scope with the current month as default, and a 4-quarter trend", () => {
    const { out, get } = results();
    const company = out.results.filter((r) => r.scope === "company");
    expect(company.map((r) => [r.period, r.isDefault])).toEqual([
      ["2026-11", true],
      ["2026-10", false],
      ["2026-Q4", false],
      ["2026-Q3", false],
      ["FY2026", false],
    ]);
    const trend = get("company", "2026-11").trend;
    expect(trend.map((t) => t.period.key)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    // Q4: bookings 1,200,000 + 500,000 + 200,000 + 240,000 = 2,140,000; quota 1,000,000 + 500,000 + 900,000
    expect(trend[3]).toMatchObject({ complete: false, bookingsCents: 2_140_000, quotaCents: 2_400_000 });
    expect(trend[0]).toMatchObject({
      complete: true,
      bookingsCents: 0,
      attainment: null,
      attainmentNullReason: "no_quota",
    });
  });

  it("treats a finished period as fully elapsed with nothing left to close", () => {
    const oct = results().get("rep:Ana", "2026-10");
    expect(oct.periodComplete).toBe(true);
    expect(oct.pace.businessDaysElapsed).toBe(oct.pace.businessDaysInPeriod);
    // Ana had no October quota: attainment is null with a reason, not Infinity
    expect(oct.bookingsCents).toBe(500_000);
    expect(oct.attainment).toBeNull();
    expect(oct.attainmentNullReason).toBe("no_quota");
    expect(oct.pace.paceNullReason).toBe("no_quota");
  });

  it("company breakdown rows sum to the company totals and every payload parses", () => {
    const { out, get } = results();
    for (const r of out.results) {
      expect(attainment.schema.parse(JSON.parse(JSON.stringify(r.payload)))).toEqual(r.payload);
    }
    for (const period of ["2026-11", "2026-10", "2026-Q4", "2026-Q3", "FY2026"]) {
      const company = get("company", period);
      for (const b of company.breakdown) {
        expect(b.rows.reduce((s, x) => s + x.bookingsCents, 0)).toBe(company.bookingsCents);
        expect(b.rows.reduce((s, x) => s + x.quotaCents, 0)).toBe(company.quotaCents);
      }
    }
  });

  it("gathers reps without a team, region or segment in a row of their own so rows add up", () => {
    const loner = rep({ id: 4, name: "Lou" });
    const ds = sample();
    ds.reps.push(loner);
    ds.quotas.push(quota(4, "2026-11", 100_000));
    ds.deals.push(deal({ ownerId: 4, stage: "Closed Won", amountCents: 50_000, closeDate: "2026-11-02" }));
    const company = results(ds).get("company", "2026-11");
    const teams = company.breakdown.find((b) => b.dimension === "team")?.rows ?? [];
    // East (Cy), West (Ana, Ben), then Lou: 50,000 / 100,000 = 0.5
    expect(teams.map((t) => [t.scope, t.name, t.reps, t.attainment])).toEqual([
      ["team:East", "East", 1, 0.8],
      ["team:West", "West", 2, 1_400_000 / 1_500_000],
      [null, "(no team)", 1, 0.5],
    ]);
    for (const b of company.breakdown)
      expect(b.rows.reduce((s, x) => s + x.bookingsCents, 0)).toBe(company.bookingsCents);
  });

  it("gives defined answers with no quotas, no deals, a rep without deals, and an empty dataset", () => {
    const noQuota = results(dataset({ reps: [A], deals: sample().deals.filter((d) => d.ownerId === 1) })).get(
      "company",
      "2026-11",
    );
    expect(noQuota).toMatchObject({
      attainment: null,
      attainmentNullReason: "no_quota",
      bookingsCents: 1_200_000,
    });
    expect(noQuota.projection.projectedAttainment).toBeNull();
    expect(noQuota.distribution.repsWithoutQuota).toBe(1);
    expect(noQuota.topPerformers).toEqual([]);

    const idle = rep({ id: 9, name: "Idle", team: "West" });
    const withIdle = results(
      dataset({ reps: [idle], quotas: [quota(9, "2026-11", 100_000)] }),
      TODAY,
      {},
      { "rep:Idle|2026-11": 0 },
    ).get("rep:Idle", "2026-11");
    expect(withIdle).toMatchObject({ bookingsCents: 0, attainment: 0, wonDeals: 0 });
    expect(withIdle.atRiskReps.reps.map((r) => r.rep)).toEqual(["Idle"]);

    const empty = results(dataset());
    expect(empty.out.results.map((r) => r.scope)).toEqual([
      "company",
      "company",
      "company",
      "company",
      "company",
    ]);
    expect(empty.get("company", "2026-11")).toMatchObject({
      reps: 0,
      bookingsCents: 0,
      quotaCents: 0,
      attainment: null,
    });
    expect(
      attainment.renderText(empty.get("company", "2026-11"), {
        scope: "company",
        period: "2026-11",
        currency: "USD",
      }),
    ).toContain("n/a (no quota)");
  });
});
