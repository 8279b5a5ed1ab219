import { describe, expect, it } from "vitest";
import { accountSegment, revenueFocus } from "../../../src/analytics/revenue-focus/revenue-focus";
import type { RevenueFocusResult } from "../../../src/domain/analyses/revenue-focus";
import type { Dataset } from "../../../src/domain/crm";
import { account, contract, dataset, deal, prepared, quota, rep } from "../builders";
import { computeChecked, payloadFor } from "../results";

const TODAY = "2026-11-25";

function run(ds: Dataset, settings = {}) {
  const results = computeChecked(revenueFocus, prepared(ds, TODAY, { settings }), "revenue at risk");
  for (const r of results) {
    expect(r.period).toBe("current");
    expect(r.isDefault).toBe(true);
  }
  return results;
}

function get(results: ReturnType<typeof run>, scope: string): RevenueFocusResult {
  return payloadFor(results, scope);
}

function company(): Dataset {
  return dataset({
    reps: [rep({ id: 1, name: "Ana", team: "West" }), rep({ id: 2, name: "Bo", team: "East" })],
    accounts: [
      account({ id: 1, name: "Acme" }),
      account({ id: 2, name: "Beta" }),
      account({ id: 3, name: "Gamma" }),
      account({ id: 4, name: "Delta" }),
    ],
    contracts: [
      // ends in 5 days, nothing renews it → at risk (expiring)
      contract({
        id: "K1",
        accountId: 1,
        product: "Core",
        valueCents: 12_000_000,
        startDate: "2025-12-01",
        endDate: "2026-11-30",
      }),
      // expired, renewed by K3 (same account and product, starting later)
      contract({
        id: "K2",
        accountId: 1,
        product: "Add-on",
        valueCents: 3_000_000,
        startDate: "2025-06-01",
        endDate: "2026-05-31",
      }),
      contract({
        id: "K3",
        accountId: 1,
        product: "Add-on",
        valueCents: 3_500_000,
        startDate: "2026-06-01",
        endDate: "2027-05-31",
      }),
      // expired Sep 30, renewed by Beta's won deal of Aug 15 (≥ Sep 30 − 90 = Jul 2) and by K7
      contract({
        id: "K4",
        accountId: 2,
        product: "Core",
        valueCents: 6_000_000,
        startDate: "2025-10-01",
        endDate: "2026-09-30",
      }),
      contract({
        id: "K7",
        accountId: 2,
        product: "Core",
        valueCents: 8_000_000,
        startDate: "2026-10-01",
        endDate: "2027-09-30",
      }),
      // expired 270 days ago, no renewal → at risk (expired)
      contract({
        id: "K5",
        accountId: 3,
        product: "Core",
        valueCents: 4_000_000,
        startDate: "2025-03-01",
        endDate: "2026-02-28",
      }),
      // expired more than a year ago → lost business, outside the risk window
      contract({
        id: "K6",
        accountId: 3,
        product: "Old",
        valueCents: 1_000_000,
        startDate: "2024-01-01",
        endDate: "2024-12-31",
      }),
    ],
    deals: [
      deal({
        id: "WB",
        accountId: 2,
        ownerId: 2,
        stage: "Closed Won",
        amountCents: 6_000_000,
        createdDate: "2026-07-01",
        closeDate: "2026-08-15",
      }),
      deal({
        id: "WD",
        accountId: 4,
        ownerId: 1,
        stage: "Closed Won",
        amountCents: 3_000_000,
        createdDate: "2026-01-05",
        closeDate: "2026-03-10",
      }),
      deal({
        id: "LA",
        accountId: 1,
        ownerId: 1,
        stage: "Closed Lost",
        amountCents: 1_000_000,
        createdDate: "2026-02-01",
        closeDate: "2026-05-01",
      }),
      deal({
        id: "OB1",
        accountId: 2,
        ownerId: 2,
        stage: "Negotiation",
        probability: 90,
        amountCents: 5_000_000,
        createdDate: "2026-10-01",
        closeDate: "2026-12-15",
      }),
      deal({
        id: "OB2",
        accountId: 2,
        ownerId: 2,
        stage: "Discovery",
        probability: 40,
        amountCents: 2_000_000,
        createdDate: "2026-11-01",
        closeDate: "2027-01-20",
      }),
    ],
    quotas: [quota(2, "2026-Q4", 10_000_000)],
  });
}

describe("revenue at risk", () => {
  it("sums expired and expiring contracts without a renewal, with contract and customer counts", () => {
    const r = get(run(company()), "company");
    // K1 $120,000 (expiring in 5 days) + K5 $40,000 (expired 270 days ago) = $160,000; K2, K4 renewed; K6 too old
    expect(r.revenueAtRisk.valueCents).toBe(16_000_000);
    expect(r.revenueAtRisk.contractCount).toBe(2);
    expect(r.revenueAtRisk.customerCount).toBe(2);
    expect(r.revenueAtRisk.contracts.map((c) => [c.contractId, c.status, c.daysToEnd])).toEqual([
      ["K1", "expiring", 5],
      ["K5", "expired", -270],
    ]);
  });

  it("treats a won deal from 90 days before the end as the renewal, and an earlier one not", () => {
    const base = {
      reps: [rep({ id: 1, name: "Ana" })],
      accounts: [account({ id: 9, name: "Xeno" })],
      contracts: [
        contract({
          id: "X1",
          accountId: 9,
          valueCents: 5_000_000,
          startDate: "2026-01-01",
          endDate: "2026-12-31",
        }),
      ],
    };
    // Dec 31 − 90 days = Oct 2: a win on Oct 15 renews, a win on Sep 30 does not
    const renewed = get(
      run(
        dataset({
          ...base,
          deals: [deal({ accountId: 9, ownerId: 1, stage: "Closed Won", closeDate: "2026-10-15" })],
        }),
      ),
      "company",
    );
    expect(renewed.revenueAtRisk.valueCents).toBe(0);
    const notRenewed = get(
      run(
        dataset({
          ...base,
          deals: [deal({ accountId: 9, ownerId: 1, stage: "Closed Won", closeDate: "2026-09-30" })],
        }),
      ),
      "company",
    );
    expect(notRenewed.revenueAtRisk.valueCents).toBe(5_000_000);
    expect(notRenewed.ranking[0]?.status).toBe("at_risk");
  });

  it("limits a team to the accounts its reps have deals with", () => {
    const results = run(company());
    // West (Ana) has deals with Acme and Delta: only K1 is at risk there
    expect(get(results, "team:West").revenueAtRisk.valueCents).toBe(12_000_000);
    expect(get(results, "team:West").accountCount).toBe(2);
    expect(get(results, "team:East").revenueAtRisk.valueCents).toBe(0);
  });
});

describe("account segments and ranking", () => {
  it("uses strictly above $100K for Strategic and $50K–$100K for Growth", () => {
    const s = 100_000_00;
    const g = 50_000_00;
    expect(accountSegment(100_000_01, s, g)).toBe("strategic");
    expect(accountSegment(100_000_00, s, g)).toBe("growth");
    expect(accountSegment(50_000_00, s, g)).toBe("growth");
    expect(accountSegment(49_999_99, s, g)).toBe("developing");
    expect(accountSegment(0, s, g)).toBe("developing");
  });

  it("values accounts by active contracts, else trailing bookings, and ranks them", () => {
    const r = get(run(company()), "company");
    // Acme: K1 $120,000 + K3 $35,000 = $155,000 (strategic); Beta: K7 $80,000 (growth);
    // Gamma: nothing active → not a customer; Delta: no contract, won $30,000 in March (developing)
    expect(
      r.ranking.map((a) => [a.accountName, a.annualValueCents, a.segment, a.valueSource, a.status]),
    ).toEqual([
      ["Acme", 15_500_000, "strategic", "contracts", "at_risk"],
      // Beta: 2 deals created in the last 91 days (Oct 1, Nov 1) vs 1 in the 91 before (Jul 1) → growing
      ["Beta", 8_000_000, "growth", "contracts", "growing"],
      ["Delta", 3_000_000, "developing", "bookings", "stable"],
    ]);
    expect(r.customerCount).toBe(3);
    expect(r.accountCount).toBe(4);
    expect(r.segments).toEqual([
      { segment: "strategic", accounts: 1, annualValueCents: 15_500_000 },
      { segment: "growth", accounts: 1, annualValueCents: 8_000_000 },
      { segment: "developing", accounts: 1, annualValueCents: 3_000_000 },
    ]);
    expect(r.ranking[1]?.openPipelineCents).toBe(7_000_000);
    expect(r.growthPotential.count).toBe(1);
    expect(r.growthPotential.accounts[0]).toMatchObject({
      accountName: "Beta",
      previousCount: 1,
      currentCount: 2,
    });
  });

  it("follows configured thresholds", () => {
    // with Strategic above $150,000 Acme stays strategic ($155,000) and Beta ($80,000) becomes developing below $90,000
    const r = get(
      run(company(), { strategicAccountCents: 15_000_000, growthAccountCents: 9_000_000 }),
      "company",
    );
    expect(r.ranking.map((a) => a.segment)).toEqual(["strategic", "developing", "developing"]);
  });
});

describe("revenue focus KPIs", () => {
  it("computes deal KPIs, retention, CLV, coverage and velocity by hand", () => {
    const r = get(run(company()), "company");
    const k = r.kpis;
    // high value: only OB1 has probability > 80 → 1 deal, $50,000
    expect(r.highValueOpportunities).toMatchObject({ count: 1, amountCents: 5_000_000 });
    expect(r.highValueOpportunities.top[0]?.probabilitySource).toBe("crm");
    // closed in the trailing year: WB, WD won, LA lost → 2/3; average won $45,000
    expect(k.winRate.value).toBeCloseTo(2 / 3, 10);
    expect(k.averageDealSize.value).toBe(4_500_000);
    // cycles: WB Jul 1 → Aug 15 = 45 days, WD Jan 5 → Mar 10 = 64 days → median 54.5
    expect(k.salesCycleMedianDays.value).toBe(54.5);
    // a year ago: Acme $30,000 (K2), Beta $60,000 (K4), Gamma $40,000 (K5) = $130,000 base;
    // now Acme $155,000, Beta $80,000, Gamma $0 → kept 30 + 60 + 0 = $90,000; GRR = 90/130
    expect(k.grossRevenueRetention.value).toBeCloseTo(90 / 130, 10);
    // 1 of 3 base accounts churned → churn 1/3, lifetime 3 years;
    // average annual value (155,000 + 80,000 + 30,000) / 3 = $88,333.33 → 8,833,333 cents × 3 = 26,499,999
    expect(k.annualLogoChurn.value).toBeCloseTo(1 / 3, 10);
    expect(k.customerLifetimeValue.value).toBe(26_499_999);
    // TCV = active contracts K1 + K3 + K7 = 120,000 + 35,000 + 80,000 = $235,000
    expect(k.totalContractValue.value).toBe(23_500_000);
    // Q4 quota $100,000, no Q4 bookings, Q4 pipeline OB1 $50,000 → 0.5x
    expect(k.coverage.value).toBeCloseTo(0.5, 10);
    // velocity = 2 open × 2/3 × 4,500,000 / 54.5 = 110,091.7 cents/day
    expect(k.velocity.value).toBe(110_092);
    // open ages: OB1 Oct 1 → 55 days, OB2 Nov 1 → 24 days → 39.5
    expect(k.averageOpenAgeDays.value).toBe(39.5);
    // funnel Discovery (40%) → Negotiation (90%) → Won over WB, WD (won) and LA (lost, no history → first stage)
    expect(k.stageConversion).toEqual([
      { from: "Discovery", to: "Negotiation", reached: 3, advanced: 2, rate: 2 / 3 },
      { from: "Negotiation", to: "Closed Won", reached: 2, advanced: 2, rate: 1 },
    ]);
  });

  it("says why a KPI is missing instead of inventing one", () => {
    const results = run(company());
    expect(get(results, "rep:Ana").kpis.coverage).toEqual({ value: null, reason: "no quota for 2026-Q4" });
    // no churn → lifetime unbounded → no CLV
    const noChurn = get(
      run(
        dataset({
          reps: [rep({ id: 1, name: "Ana" })],
          accounts: [account({ id: 1, name: "Acme" })],
          contracts: [contract({ id: "K", accountId: 1, startDate: "2025-01-01", endDate: "2027-12-31" })],
        }),
      ),
      "company",
    );
    expect(noChurn.kpis.customerLifetimeValue.value).toBeNull();
    expect(noChurn.kpis.customerLifetimeValue.reason).toContain("no logo churn");
    expect(noChurn.kpis.grossRevenueRetention.value).toBe(1);
  });

  it("gives defined answers with no data at all", () => {
    const results = run(dataset({ reps: [rep({ id: 1, name: "Ana" })] }));
    const r = get(results, "company");
    // a rep with no deals has no accounts and no KPIs, but a complete document
    expect(get(results, "rep:Ana")).toMatchObject({ accountCount: 0, customerCount: 0, ranking: [] });
    expect(r.revenueAtRisk).toMatchObject({ valueCents: 0, contractCount: 0, customerCount: 0 });
    expect(r.ranking).toEqual([]);
    expect(r.kpis.winRate.value).toBeNull();
    expect(r.kpis.velocity.value).toBeNull();
    expect(r.kpis.averageOpenAgeDays).toEqual({ value: null, reason: "no open deals" });
    expect(r.kpis.totalContractValue.value).toBe(0);
    expect(r.kpis.stageConversion).toEqual([]);
  });
});
